"""Pelican plugin: a site that cannot be turned against its readers and never breaks a link.

- every item's HTML cleaned by the site's sanitiser (nh3, `giamngheo.core.sanitise`) once
  the checks have passed: the checks tell staff what is wrong, this is the second line;
- addresses that never die (`addresses.py`): redirects for moved items, "Bài đã gỡ" pages for
  removed ones, the ledger of addresses kept with the site;
- the Content-Security-Policy and the other security headers (`policy.py`): inline code
  hashed as each page is written, a <meta> per page, headers in `.htaccess`.
"""

import json
import logging
import os
import re
import urllib.parse

from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer

from giamngheo import core
from giamngheo.core import all_content, relative_source, report, shown_item
from giamngheo.core.plugins import plugin_names, require_after
from giamngheo.core.problems import ContentProblem, metadata_line
from giamngheo.core.sanitise import clean_page_html

from . import addresses, policy

logger = logging.getLogger(__name__)

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    # The policy of every page; the hashes of each page's inline scripts and styles are added
    # at build time, frame-src from EMBED_ALLOWED_HOSTS. Never 'unsafe-inline' or 'unsafe-eval'.
    "CONTENT_SECURITY_POLICY": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: the inline icon of base.html
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # header only: a <meta> cannot carry it
    },
    # Sources added on some paths only, {"admin/": {"script-src": ["https://unpkg.com"]}}:
    # an editor's page (Decap CMS) may need more than readers' pages ever get.
    "CONTENT_SECURITY_POLICY_PATHS": {},
    # Folders whose page brings its own policy in a <meta> (the staff editor, giamngheo.editor):
    # `.htaccess` sends that policy there instead of the readers' one, which would stop it.
    "CONTENT_SECURITY_POLICY_OWN": ["admin/"],
    "PERMISSIONS_POLICY": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "HSTS_MAX_AGE": 31536000,  # sent only when the site's address is https
    # The ledger of addresses live on the target (JSON, written by publish before it builds).
    "PUBLISHED_ADDRESSES": "",
}
# The checks must have passed (they report staff's unsafe HTML by file and line) before the
# sanitiser silently cleans what is left. Every other plugin of the package comes before this
# one too (`last_in_plugins`): the policy and the addresses cover every page they write.
AFTER = ("giamngheo.checks",)
WRITTEN = "security_written_pages"
PLANS = {}  # output folder -> the address plan of its build, for `.htaccess` (written last)
SECURED = {}  # output folder -> {page path: (path prefix, script hashes, style hashes)}, by PolicyWriter
MARKER = "# Written by giamngheo.security at build time: do not edit below this line."


def sanitise_content(generators):
    """Clean every item's HTML (text and summary) before any template shows it."""
    context = generators[0].context
    for item in all_content(context):
        sanitise_item(item, context["EMBED_ALLOWED_HOSTS"])


def sanitise_item(item, hosts):
    """Clean one item's text and summary (the live preview calls it for an item it re-reads)."""
    if getattr(item, "_content", None):
        item._content = clean_page_html(item._content, hosts)
    if getattr(item, "_summary", None):
        item._summary = clean_page_html(item._summary, hosts)


def remember_page(path, context):
    """Note the address of each HTML page this build writes (never a preview's)."""
    written = context.get(WRITTEN)
    if written is None or not str(path).endswith((".html", ".htm")):
        return
    item = shown_item(context)
    if item is None or not getattr(item, "preview", None):
        written.add(addresses.address_of(os.path.relpath(path, context["OUTPUT_PATH"])))


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
            address = addresses.address_of(item.save_as)
            areas = getattr(item, "areas", None) or []
            area = addresses.normalise(areas[0].url, siteurl) if areas and getattr(areas[0], "url", None) else None
            items[address] = addresses.record(item, settings["PATH"], area)
            for old in _redirect_from(item):
                target = addresses.normalise(old, siteurl)
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
        previous = addresses.read_previous(settings["PUBLISHED_ADDRESSES"])
        plan = addresses.make_plan(items, context[WRITTEN], previous, redirects)
        PLANS[self.output_path] = plan
        for old, new in plan.moved.items():
            self._write(writer, old, "moved", target=f"{siteurl}/{new}")
        for old, before in plan.gone.items():
            area = before.get("area")
            self._write(writer, old, "gone", removed=before, area_url=f"{siteurl}/{area}" if area is not None else None)
        ledger = json.dumps(plan.ledger(), ensure_ascii=False, indent=1)
        writer.write_file(addresses.LEDGER_NAME, core.Text(ledger), context)
        for line in plan.describe(siteurl):
            logger.info(line)

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


def policy_base(settings):
    """The site's policy before any page's hashes, and the site's absolute address."""
    base = {name: list(sources) for name, sources in settings["CONTENT_SECURITY_POLICY"].items()}
    frames = [f"https://{host}" for host in settings.get("EMBED_ALLOWED_HOSTS", [])]
    if frames:
        base["frame-src"] = base.get("frame-src", ["'self'"]) + frames
    absolute = settings.get("SITE_ABSOLUTE_URL") or core.absolute_siteurl(settings)
    if absolute.startswith("https://"):
        base["upgrade-insecure-requests"] = []
    return base, absolute


def secure_text(settings, relative, page, base):
    """(path prefix, script hashes, style hashes, the page with its policy) of one page's
    HTML, `relative` its path in the output."""
    per_path = settings["CONTENT_SECURITY_POLICY_PATHS"]
    scripts, styles, forbidden = policy.inline_code(page)
    for what in forbidden:
        logger.warning("%s: %s needs 'unsafe-inline', which the policy forbids", relative, what)
    prefix = next((p for p in per_path if relative.startswith(p)), "")
    if 'http-equiv="Content-Security-Policy"' not in page:  # else: its own (the editor's), or an earlier build's
        page = policy.with_meta(page, policy.directives(base, scripts, styles, per_path.get(prefix)))
    return prefix, scripts, styles, page


def secure_page(settings, output, path, base=None):
    """Put its own policy (the hashes of its inline code) in one written page; return the
    page's path prefix and those hashes (for pages written without PolicyWriter: the live
    preview's, and files other plugins write themselves)."""
    base = base if base is not None else policy_base(settings)[0]
    relative = os.path.relpath(path, output).replace(os.sep, "/")
    with open(path, encoding="utf-8") as source:
        page = source.read()
    prefix, scripts, styles, secured = secure_text(settings, relative, page, base)
    if secured is not page:
        with open(path, "w", encoding="utf-8") as target:
            target.write(secured)
    return prefix, scripts, styles


class PolicyWriter(Writer):
    """Pelican's writer, putting each HTML page's policy into it as the page is written: the
    text is in memory then (reading every page back once all were written cost a 5,000-article
    build seconds). apply_policy covers the pages written some other way."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.base = policy_base(self.settings)[0]
        self.secured = SECURED[os.path.abspath(output_path)] = {}

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
        if not filename.endswith((".html", ".htm")):
            return handle
        return _SecuredPage(self, handle, filename)


class _SecuredPage:
    """The file PolicyWriter gives Pelican for a page: the text is held until the page is
    complete, then written with its policy."""

    def __init__(self, writer, handle, path):
        self.writer, self.handle, self.path, self.parts = writer, handle, path, []

    def write(self, text):
        self.parts.append(text)

    def __enter__(self):
        return self

    def __exit__(self, error, *details):
        try:
            if error is None:
                relative = os.path.relpath(self.path, self.writer.output_path).replace(os.sep, "/")
                *found, page = secure_text(self.writer.settings, relative, "".join(self.parts), self.writer.base)
                self.handle.write(page)
                self.writer.secured[os.path.abspath(self.path)] = tuple(found)
        finally:
            self.handle.close()


OWN_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.I)


def own_policy(path):
    """The policy a page brings in its own <meta>, or None."""
    try:
        with open(path, encoding="utf-8") as source:
            found = OWN_POLICY.search(source.read())
    except FileNotFoundError:
        return None
    return found.group(1) if found else None


def apply_policy(pelican):
    """Hash the inline code of every page written, put the policy in each page and the
    headers (and the address rules) in `.htaccess`."""
    settings = pelican.settings
    output = settings["OUTPUT_PATH"]
    base, absolute = policy_base(settings)
    https = absolute.startswith("https://")
    per_path = settings["CONTENT_SECURITY_POLICY_PATHS"]
    all_scripts, all_styles = {"": set()}, {"": set()}  # per path prefix ("" = the site)
    secured = SECURED.pop(os.path.abspath(output), {})  # the pages PolicyWriter wrote
    for folder, _, names in os.walk(output):
        for name in names:
            if name.endswith((".html", ".htm")):
                path = os.path.abspath(os.path.join(folder, name))
                found = secured.get(path)
                prefix, scripts, styles = found if found else secure_page(settings, output, path, base)
                all_scripts.setdefault(prefix, set()).update(scripts)
                all_styles.setdefault(prefix, set()).update(styles)
    site_path = urllib.parse.urlsplit(absolute).path.rstrip("/")
    lines = [MARKER, "<IfModule mod_headers.c>"]

    def headers(prefix, indent):
        scripts = sorted(all_scripts[""] | all_scripts.get(prefix, set()))
        styles = sorted(all_styles[""] | all_styles.get(prefix, set()))
        text = policy.policy_text(policy.directives(base, scripts, styles, per_path.get(prefix)))
        return [f'{indent}Header always set Content-Security-Policy "{text}"']

    lines += headers("", "  ")
    lines += [
        '  Header always set X-Frame-Options "SAMEORIGIN"',
        f'  Header always set Permissions-Policy "{settings["PERMISSIONS_POLICY"]}"',
    ]
    if https:
        lines.append(f'  Header always set Strict-Transport-Security "max-age={settings["HSTS_MAX_AGE"]}"')
    for prefix in settings["CONTENT_SECURITY_POLICY_OWN"]:
        own = own_policy(os.path.join(output, prefix, "index.html"))
        if own:
            frames = policy.policy_text({"frame-ancestors": base.get("frame-ancestors", ["'self'"])})
            lines.append(f'  <If "%{{REQUEST_URI}} =~ m#^{site_path}/{prefix}#">')
            lines.append(f'    Header always set Content-Security-Policy "{own}; {frames}"')
            lines.append("  </If>")
    for prefix in per_path:
        lines.append(f'  <If "%{{REQUEST_URI}} =~ m#^{site_path}/{prefix}#">')
        lines += headers(prefix, "    ")
        lines.append("  </If>")
    lines.append("</IfModule>")
    plan = PLANS.pop(settings["OUTPUT_PATH"], None)
    if plan is not None:
        lines += addresses.htaccess_lines(plan, site_path, absolute)
    path = os.path.join(output, ".htaccess")
    kept = ""
    if os.path.exists(path):  # the copy of content/extra/htaccess, without an earlier build's rules
        with open(path, encoding="utf-8") as source:
            kept = source.read().split(MARKER)[0].rstrip("\n") + "\n\n"
    with open(path, "w", encoding="utf-8") as htaccess:
        htaccess.write(kept + "\n".join(lines) + "\n")


def get_generators(pelican):
    return AddressGenerator


def get_writer(pelican):
    return PolicyWriter


def last_in_plugins(pelican):
    """Stop unless every other plugin of the package comes before this one in PLUGINS."""
    names = plugin_names(pelican.settings)
    package = __name__.rpartition(".")[0]  # giamngheo.security
    others = [name for name in names if name.startswith("giamngheo.") and name not in (package, "giamngheo.core")]
    require_after(pelican.settings, package, *others)


def register():
    core.register()  # the package's core: defaults, content types, plugin order
    # initialized: PLUGINS is known; a plugin that writes pages after this one stops Pelican.
    signals.initialized.connect(last_in_plugins)
    # all_generators_finalized: every item is read and the checks have passed; nothing is written.
    signals.all_generators_finalized.connect(sanitise_content)
    signals.get_generators.connect(get_generators)
    # get_writer: every page Pelican writes gets its policy as it is written.
    signals.get_writer.connect(get_writer)
    # content_written: sent for every file the writer renders.
    signals.content_written.connect(remember_page)
    # article_writer_finalized … is not enough (other generators write too): the plan is
    # taken once every generator has written (finalized runs after that, with no context).
    signals.finalized.connect(apply_policy)
