"""Pelican plugin: nothing on the site runs code it did not ship (`csp.py` says how).

Hashes the inline code of each page into its own `<meta http-equiv="Content-Security-Policy">`
as Pelican writes it (`PolicyWriter`, through `get_writer`); once every page is written
(`finalized`), does the same for pages written some other way, and writes the headers (and
the rules other plugins add, such as the addresses') at the end of `.htaccess`. Comes after
every other plugin of the package (`LAST`, checked).
"""

import logging
import os
import re

from pelican.writers import Writer

from giamngheo import core
from giamngheo.core import this_build

from . import csp, hosting

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
}
# Every page is covered, whoever writes it: every other plugin of the package comes first.
LAST = True
# Starts the part of `.htaccess` each build writes anew. The text is kept from when this
# plugin was giamngheo.security: a site published before finds and replaces its old part.
MARKER = "# Written by giamngheo.security at build time: do not edit below this line."


class SecuredPages(dict):
    """{page path: (path prefix, script hashes, style hashes)} of the pages PolicyWriter wrote
    in this build, so the last step does not read them again."""


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
    scripts, styles, forbidden = csp.inline_code(page)
    for what in forbidden:
        logger.warning("%s: %s needs 'unsafe-inline', which the policy forbids", relative, what)
    prefix = next((p for p in per_path if relative.startswith(p)), "")
    if 'http-equiv="Content-Security-Policy"' not in page:  # else: its own (the editor's), or an earlier build's
        page = csp.with_meta(page, csp.directives(base, scripts, styles, per_path.get(prefix)))
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
        self.secured = this_build(self.settings).part(SecuredPages)

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


def site_hashes(settings, output, base):
    """({path prefix: script hashes}, {path prefix: style hashes}) of every page in `output`
    ("" = the site), putting its policy into each page that has none yet."""
    all_scripts, all_styles = {"": set()}, {"": set()}
    secured = this_build(settings).part(SecuredPages)  # the pages PolicyWriter wrote
    for folder, _, names in os.walk(output):
        for name in names:
            if name.endswith((".html", ".htm")):
                path = os.path.abspath(os.path.join(folder, name))
                found = secured.get(path)
                prefix, scripts, styles = found if found else secure_page(settings, output, path, base)
                all_scripts.setdefault(prefix, set()).update(scripts)
                all_styles.setdefault(prefix, set()).update(styles)
    return all_scripts, all_styles


def apply_policy(pelican):
    """Hash the inline code of every page written, put the policy in each page, and write
    the server rules (giamngheo/policy/hosting.py: headers, types, compression, cache, the
    addresses' 301 and 410) into `.htaccess`."""
    output = pelican.settings["OUTPUT_PATH"]
    lines = [MARKER, *hosting.apache(hosting.server_rules(pelican.settings, output))]
    path = os.path.join(output, ".htaccess")
    kept = ""
    if os.path.exists(path):  # an administrator's own lines (content/extra/htaccess), without an earlier build's rules
        with open(path, encoding="utf-8") as source:
            kept = source.read().split(MARKER)[0].rstrip("\n")
        kept = kept + "\n\n" if kept else ""
    with open(path, "w", encoding="utf-8") as htaccess:
        htaccess.write(kept + "\n".join(lines) + "\n")


def get_writer(pelican):
    return PolicyWriter


register = core.plugin(
    # get_writer: every page Pelican writes gets its policy as it is written.
    ("get_writer", get_writer),
    # finalized: every generator has written (other plugins write pages without Pelican's
    # writer, and the static files come last); the headers need every page's hashes.
    ("finalized", apply_policy),
)
