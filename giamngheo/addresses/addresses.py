"""Pelican plugin: addresses that never die (`ledger.py` says how).

Redirects for moved items, "Bài đã gỡ" pages for removed ones, and the ledger of every
address the site answers (`addresses.json`), written once every other plugin has written its
pages; the Apache rules (301, 410) go at the end of `.htaccess` with the policy's headers
(giamngheo.policy writes that file once every page is written).
"""

import json
import logging
import os
import urllib.parse

from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import ApacheRules, all_content, relative_source, report, shown_item, this_build
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
WRITTEN = "addresses_written_pages"  # context key: the page addresses this build wrote


def remember_page(path, context):
    """Note the address of each HTML page this build writes (never a preview's)."""
    written = context.get(WRITTEN)
    if written is None or not str(path).endswith((".html", ".htm")):
        return
    item = shown_item(context)
    if item is None or not getattr(item, "preview", None):
        written.add(ledger.address_of(os.path.relpath(path, context["OUTPUT_PATH"])))


class AddressGenerator(Generator):
    """Works out what each address the site ever published becomes, and writes the pages."""

    writes = core.Writes.SITE  # every address of the site: the full build writes them

    def generate_context(self):
        self.context[WRITTEN] = set()  # filled by remember_page as pages are written

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
        plan = ledger.make_plan(items, context[WRITTEN], previous, redirects)
        for old, new in plan.moved.items():
            self._write(writer, old, "moved", target=f"{siteurl}/{new}")
        for old, before in plan.gone.items():
            area = before.get("area")
            self._write(writer, old, "gone", removed=before, area_url=f"{siteurl}/{area}" if area is not None else None)
        text = json.dumps(plan.ledger(), ensure_ascii=False, indent=1)
        writer.write_file(ledger.LEDGER_NAME, core.Text(text), context)
        for line in plan.describe(siteurl):
            logger.info(line)
        site_path = urllib.parse.urlsplit(siteurl).path.rstrip("/")
        this_build(settings).part(ApacheRules).extend(ledger.htaccess_lines(plan, site_path, siteurl))

    def _write(self, writer, address, template, **extra):
        relative = address + "index.html" if address.endswith("/") or not address else address
        if os.path.exists(os.path.join(self.output_path, relative)) and template == "moved":
            return  # something live is there (it was written by this build)
        template = self.get_template(template)
        writer.write_file(relative, template, self.context, page_url=address, old_address=address, **extra)


def _redirect_from(item):
    value = item.metadata.get("redirect_from") or ""
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    return [part.strip() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


register = core.plugin(
    # get_generators: the redirects and removed pages need every page written before (LAST).
    ("get_generators", AddressGenerator),
    # content_written: sent for every file the writer renders.
    ("content_written", remember_page),
)
