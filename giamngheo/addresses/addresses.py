"""Pelican plugin: addresses that never die (`ledger.py` says how).

Redirects for moved items, "Bài đã gỡ" pages for removed ones, and the ledger of every
address the site answers (`addresses.json`), written once every other plugin has written its
pages; the servers' rules (301, 410) are made from that ledger (giamngheo/policy/hosting.py
writes them into `.htaccess` once every page is written, and `invoke nginx-config` for nginx).

The plan knows every page the build writes, whoever writes it: the pages in the output
written since the build started (through Pelican's writer or not, with any context), and the
static pages Pelican copies after every generator. Once all is written (`finalized`), a
guard stops the build if an address the plan redirects or removes holds any file but the
notice page written here: a server would send readers away from a live file.
"""

import hashlib
import json
import logging
import os
import time

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import all_content, relative_source, report, shown_item, this_build
from giamngheo.core.problems import ContentProblem, metadata_line

from . import ledger

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    # The ledger of addresses live on the target (JSON, written by publish before it builds).
    "PUBLISHED_ADDRESSES": "",
}
# An item's record names its first area (giamngheo.taxonomy); drafts and scheduled items
# shown only in the preview (giamngheo.authoring) are not addresses of the site.
AFTER = ("giamngheo.authoring", "giamngheo.taxonomy")
# The ledger lists every page the build writes: every plugin that writes pages comes first.
LAST = True
PREVIEW_ONLY = "addresses_preview_pages"  # context key: pages of items shown only in the preview
PAGES = (".html", ".htm")
# A file written by this build has a modification time from after its start; the margin
# covers file systems whose clock is coarser than Python's.
CLOCK_MARGIN = 1.0


class NoticePages(dict):
    """{path in the output: SHA-256} of the redirect and "đã gỡ" pages this build wrote."""


class AddressConflict(RuntimeError):
    """An address the plan redirects or removes holds a file of the build (Vietnamese)."""


def remember_page(path, context):
    """Note each page written for an item shown only in the live preview: a page of the
    output that is no address of the site."""
    skipped = context.get(PREVIEW_ONLY)
    if skipped is None or not str(path).endswith(PAGES):
        return
    item = shown_item(context)
    if item is not None and getattr(item, "preview", None):
        skipped.add(os.path.abspath(path))


def file_of(address):
    """The file in the output that answers an address ("a/" → "a/index.html")."""
    return address + "index.html" if address.endswith("/") or not address else address


def written_pages(output, since, skipped=(), static=()):
    """The address of every page in `output` written since `since` (whoever wrote it), but
    the `skipped` paths, and of the `static` files Pelican copies after every generator."""
    found = set()
    for folder, _, names in os.walk(output):
        for name in names:
            path = os.path.abspath(os.path.join(folder, name))
            if name.endswith(PAGES) and path not in skipped and os.path.getmtime(path) >= since - CLOCK_MARGIN:
                found.add(ledger.address_of(os.path.relpath(path, output)))
    found.update(ledger.address_of(save_as) for save_as in static if save_as.endswith(PAGES))
    return found


def _digest(path):
    with open(path, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()


def conflicts(output, records, notices):
    """The addresses `records` (a ledger) redirects or removes that hold a file which is not
    the notice page written there."""
    found = []
    for address, record in sorted(records.items()):
        if record["status"] == ledger.LIVE:
            continue
        relative = file_of(address)
        path = os.path.join(output, relative)
        if os.path.isfile(path) and notices.get(relative) != _digest(path):
            found.append(address)
    return found


def guard(pelican):
    """Stop the build when an address the plan redirects or removes holds a file of the
    build (`conflicts`): the servers' rules would send readers away from it."""
    output = pelican.settings["OUTPUT_PATH"]
    try:
        with open(os.path.join(output, ledger.LEDGER_NAME), encoding="utf-8") as source:
            records = json.load(source)["addresses"]
    except FileNotFoundError:
        return
    found = conflicts(output, records, this_build(pelican.settings).part(NoticePages))
    if found:
        raise AddressConflict(conflict_message(found))


def conflict_message(addresses):
    return (
        "Kế hoạch địa chỉ chuyển hướng hoặc gỡ những địa chỉ vẫn có tệp trong trang vừa xây dựng: "
        + ", ".join(f"/{a}" for a in addresses)
        + ". Máy chủ sẽ đưa người đọc khỏi các tệp này. Cách sửa: bỏ địa chỉ đó khỏi Redirect_from, hoặc "
        "báo cho người phát triển (plugin nào ghi tệp đó sau khi kế hoạch được lập). "
        "(An address the plan redirects or removes still holds a file of the build.)"
    )


class AddressGenerator(Generator):
    """Works out what each address the site ever published becomes, and writes the pages."""

    writes = core.Writes.SITE  # every address of the site: the full build writes them

    def generate_context(self):
        self.started = time.time()  # before anything is written (generate_output comes after)
        self.context[PREVIEW_ONLY] = set()  # filled by remember_page as pages are written

    def generate_output(self, writer):
        settings, context = self.settings, self.context
        siteurl = context["SITE_ABSOLUTE_URL"]
        items, redirects = {}, {}
        for item in all_content(context):
            if item.status != "published" or getattr(item, "preview", False):
                continue
            address = ledger.address_of(item.save_as)
            areas = getattr(item, "areas", None) or []
            area = ledger.normalise(areas[0].url, siteurl) if areas and getattr(areas[0], "url", None) else None
            items[address] = ledger.record(item, settings["PATH"], area)
            for old in _redirect_from(item):
                target = ledger.normalise(old, siteurl)
                if target is None:
                    report(
                        context,
                        ContentProblem(
                            relative_source(item.source_path, settings["PATH"]),
                            metadata_line(item.source_path, "redirect_from"),
                            f"Địa chỉ cũ “{old}” trong Redirect_from không phải địa chỉ của trang này.",
                            f"Viết địa chỉ cũ dạng /tin-tuc/2025/ten-bai-cu/ hoặc {siteurl}/tin-tuc/2025/ten-bai-cu/.",
                            "Redirect_from is not an address of this site",
                        ),
                    )
                    continue
                redirects[target] = address
        previous = ledger.read_previous(settings["PUBLISHED_ADDRESSES"])
        static = [item.save_as for item in context.get("staticfiles", [])]
        written = written_pages(self.output_path, self.started, context[PREVIEW_ONLY], static)
        plan = ledger.make_plan(items, written, previous, redirects)
        for old, new in plan.moved.items():
            self._write(writer, old, "moved", target=f"{siteurl}/{new}")
        for old, before in plan.gone.items():
            area = before.get("area")
            self._write(writer, old, "gone", removed=before, area_url=f"{siteurl}/{area}" if area is not None else None)
        text = json.dumps(plan.ledger(), ensure_ascii=False, indent=1)
        writer.write_file(ledger.LEDGER_NAME, core.Text(text), context)
        for line in plan.describe(siteurl):
            logger.info(line)

    def _write(self, writer, address, template, **extra):
        relative = file_of(address)
        path = os.path.join(self.output_path, relative)
        if os.path.isfile(path) and os.path.getmtime(path) >= self.started - CLOCK_MARGIN:
            raise AddressConflict(conflict_message([address]))  # a file of this build is there
        template = self.get_template(template)
        writer.write_file(relative, template, self.context, page_url=address, old_address=address, **extra)
        this_build(self.settings).part(NoticePages)[relative] = _digest(path)


def _redirect_from(item):
    value = item.metadata.get("redirect_from") or ""
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


register = core.plugin(
    # get_generators: the redirects and removed pages need every page written before (LAST).
    ("get_generators", AddressGenerator),
    # content_written: sent for every file the writer renders, with the item it shows.
    ("content_written", remember_page),
    # finalized: every file is written, the static ones too; the policy then writes the
    # servers' rules from the ledger.
    ("finalized", guard),
)
