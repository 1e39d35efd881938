"""The site's server rules, declared once and written for two servers: Apache (`.htaccess`,
shared hosting with cPanel) and nginx (a server block for a VPS, `invoke nginx-config`).

`server_rules(settings, output)` gathers what one build decided (the policy with the hashes
of every page, the editor's own policy, the addresses' 301 and 410 from the ledger in the
output) with what every build shares (types, charset, compression, cache lifetimes, the
deploy's records refused, the 404 page), all under the site's path on its host ("" or
"/giam-ngheo", from SITEURL); `apache(rules)` and `nginx(rules, …)` write the same rules in
each server's language. The tests start Debian's Apache and nginx on both
(tests/test_hosting.py).

Why file-name patterns rather than extensions for types: Apache compares each extension of
a name on its own, so `AddType application/rss+xml .rss.xml` never matches `tin-tuc.rss.xml`
(nor `rss.xml`, whose only extension is `.xml`); both servers match a pattern on the name.
"""

import dataclasses
import json
import os
import re
import urllib.parse

from giamngheo.addresses import ledger
from giamngheo.feeds.feeds import JSON_FEED_NAME

from . import csp


@dataclasses.dataclass(frozen=True)
class Type:
    """Files whose name matches `pattern` are served as `media_type` (with charset=utf-8
    when `text`)."""

    pattern: str
    media_type: str
    text: bool = True

    @property
    def content_type(self):
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type


# Types a server would get wrong (application/xml for a feed, text/xml for any XML) or may
# not know. Where two match, the later one wins (nginx reads them in reverse).
TYPES = (
    Type(r"\.xml$", "application/xml"),
    Type(r"(^|\.)rss\.xml$", "application/rss+xml"),
    Type(r"(^|\.)atom\.xml$", "application/atom+xml"),
    Type(f"^{re.escape(JSON_FEED_NAME)}$", "application/feed+json"),
    Type(r"\.opml$", "text/x-opml"),
    Type(r"\.ics$", "text/calendar"),  # events' calendar files
    Type(r"\.webp$", "image/webp", text=False),
    Type(r"\.wasm$", "application/wasm", text=False),
)
# Text the site serves in UTF-8 besides the types above (html is the servers' default).
TEXT_EXTENSIONS = ("html", "xml", "json", "txt", "css", "js", "svg", "csv")
TEXT_TYPES = (
    "text/plain",
    "text/css",
    "text/xml",
    "text/csv",
    "application/xml",
    "application/json",
    "application/javascript",
    "text/javascript",
    "image/svg+xml",
)
# Text compresses five to ten times: pages, styles, scripts, feeds, data, charts.
COMPRESSED = ("text/html", *TEXT_TYPES, *(t.media_type for t in TYPES if t.text), "application/wasm")
# Cache lifetimes in seconds. Pages and feeds change: a few minutes, then the browser asks
# again. Processed images carry a content hash in their name (anh-1a2b3c4d-800.webp,
# giamngheo.images), so they never change under the same name: a year, immutable.
LIFETIME = 600
LIFETIMES = {"text/html": 300, "application/rss+xml": 600, "application/atom+xml": 600}
IMMUTABLE = r"-[0-9a-f]{8}-(\d+|og)\.(jpg|webp)$"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
# The deploy's own records (the manifest and the versions kept for a rollback,
# giamngheo/publishing/history.py) and the server's files are not pages: refused (404).
REFUSED = r"/\.(deploy-|ht)"


@dataclasses.dataclass
class ServerRules:
    """What the server must do for one build of the site."""

    site_path: str  # "" or "/giam-ngheo"
    headers: list  # [(name, value)] on every answer
    path_headers: list  # [(path under the site, [(name, value)])]: these replace the same names there
    moved: dict  # old address -> absolute new address (301)
    gone: list  # old addresses (410 with the notice page the build wrote there)

    @property
    def not_found(self):
        return f"{self.site_path}/404.html"


def server_rules(settings, output):
    """The rules for the build in `output` (its pages, its ledger) with these settings."""
    from .policy import own_policy, policy_base, site_hashes  # the plugin imports this module

    base, absolute = policy_base(settings)
    per_path = settings["CONTENT_SECURITY_POLICY_PATHS"]
    scripts, styles = site_hashes(settings, output, base)

    def policy(prefix):
        hashes = (sorted(scripts[""] | scripts.get(prefix, set())), sorted(styles[""] | styles.get(prefix, set())))
        return csp.policy_text(csp.directives(base, *hashes, per_path.get(prefix)))

    headers = [
        ("Content-Security-Policy", policy("")),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", settings["PERMISSIONS_POLICY"]),
    ]
    if absolute.startswith("https://"):
        headers.append(("Strict-Transport-Security", f"max-age={settings['HSTS_MAX_AGE']}"))
    path_headers = []
    for prefix in settings["CONTENT_SECURITY_POLICY_OWN"]:
        own = own_policy(os.path.join(output, prefix, "index.html"))
        if own:  # the editor's page brings its own policy: the readers' one would stop it
            frames = csp.policy_text({"frame-ancestors": base.get("frame-ancestors", ["'self'"])})
            path_headers.append((prefix, [("Content-Security-Policy", f"{own}; {frames}")]))
    path_headers += [(prefix, [("Content-Security-Policy", policy(prefix))]) for prefix in per_path]
    moved, gone = {}, []
    try:
        with open(os.path.join(output, ledger.LEDGER_NAME), encoding="utf-8") as source:
            records = json.load(source)["addresses"]
    except FileNotFoundError:  # a site built without giamngheo.addresses
        records = {}
    for address, record in sorted(records.items()):
        if record["status"] == ledger.MOVED:
            moved[address] = f"{absolute}/{record['to']}"
        elif record["status"] == ledger.GONE:
            gone.append(address)
    site_path = urllib.parse.urlsplit(absolute).path.rstrip("/")
    return ServerRules(site_path, headers, path_headers, moved, gone)


def _quoted(text):
    """A value in double quotes, for both servers (neither reads a backslash before anything
    but a quote as an escape, so a pattern's backslashes stay as they are)."""
    return '"' + text.replace('"', '\\"') + '"'


def _lifetime(seconds):
    return f"access plus {seconds} seconds"


def _address_pattern(address):
    """An address and, for a folder, its index.html."""
    return re.escape(address) + ("(index\\.html)?" if address.endswith("/") else "")


def apache(rules):
    """The rules as `.htaccess` lines (Apache 2.4 with AllowOverride All)."""
    site = rules.site_path
    lines = [
        "AddDefaultCharset utf-8",
        "AddCharset utf-8 " + " ".join(f".{e}" for e in TEXT_EXTENSIONS),
        "# Types by the file's whole name (Apache compares each extension on its own).",
    ]
    for rule in TYPES:
        lines += [f"<FilesMatch {_quoted(rule.pattern)}>", f"  ForceType {_quoted(rule.content_type)}", "</FilesMatch>"]
    lines += [
        f"ErrorDocument 404 {rules.not_found}",
        "DirectoryIndex index.html",
        "Options -Indexes",
        "<IfModule mod_deflate.c>",
        "  AddOutputFilterByType DEFLATE " + " ".join(COMPRESSED),
        "</IfModule>",
        "<IfModule mod_expires.c>",
        "  ExpiresActive On",
        f"  ExpiresDefault {_quoted(_lifetime(LIFETIME))}",
        *(f"  ExpiresByType {kind} {_quoted(_lifetime(seconds))}" for kind, seconds in LIFETIMES.items()),
        "</IfModule>",
        "<IfModule mod_headers.c>",
        f"  <FilesMatch {_quoted(IMMUTABLE)}>",
        f"    Header set Cache-Control {_quoted(IMMUTABLE_CACHE)}",
        "  </FilesMatch>",
        *(f"  Header always set {name} {_quoted(value)}" for name, value in rules.headers),
    ]
    for prefix, headers in rules.path_headers:
        lines.append(f'  <If "%{{REQUEST_URI}} =~ m#^{site}/{prefix}#">')
        lines += [f"    Header always set {name} {_quoted(value)}" for name, value in headers]
        lines.append("  </If>")
    lines += [
        "</IfModule>",
        f"RedirectMatch 404 {_quoted(REFUSED)}",
    ]
    for old, new in rules.moved.items():
        lines.append(f"RedirectMatch 301 {_quoted(f'^{site}/{_address_pattern(old)}$')} {_quoted(new)}")
    for old in rules.gone:
        if old.endswith("/"):
            lines += [
                f'<If "%{{REQUEST_URI}} =~ m#^{site}/{_address_pattern(old)}$#">',
                f"  ErrorDocument 410 {site}/{old}index.html",
                "</If>",
            ]
        lines.append(f"RedirectMatch 410 {_quoted(f'^{site}/{re.escape(old)}$')}")
    return lines


def nginx(rules, root, listen="80", server_name="_"):
    """The rules as an nginx server block (with the maps it needs, for the http context:
    Debian's sites-available/ is included there), serving the folder `root`."""
    site = rules.site_path
    root = os.path.abspath(root).rstrip("/")

    def headers(extra=(), cache=None):
        chosen = dict(rules.headers)
        chosen.update(extra)
        lines = [f"add_header {name} {_quoted(value)} always;" for name, value in chosen.items()]
        if cache:
            lines.append(f"add_header Cache-Control {_quoted(cache)} always;")
        return lines

    def block(opening, body, indent):
        pad = " " * indent
        return [f"{pad}{opening} {{", *(f"{pad}    {line}" for line in body), f"{pad}}}"]

    def files(extra=(), indent=4):
        """The locations of the site's files, with `extra` headers (a path's own policy)."""
        lines = block(f"location ~ {_quoted(REFUSED)}", ["return 404;"], indent)
        lines += block(f"location ~ {_quoted(IMMUTABLE)}", ["expires off;", *headers(extra, IMMUTABLE_CACHE)], indent)
        for rule in reversed(TYPES):  # nginx takes the first regular expression that matches
            lines += block(
                f"location ~ {_quoted(rule.pattern.replace('^', '/'))}",  # the name starts after a slash
                ["types { }", f"default_type {rule.media_type};", *headers(extra)],  # charset_types adds the charset
                indent,
            )
        return lines

    lifetimes = [f"    default {LIFETIME}s;"]
    lifetimes += [f"    ~^{re.escape(kind)} {seconds}s;" for kind, seconds in LIFETIMES.items()]
    out = [
        "# Written by `invoke nginx-config` from the build's ledger and policy: do not edit.",
        "map $sent_http_content_type $giamngheo_expires {",
        *lifetimes,
        "}",
        "server {",
        f"    listen {listen};",
        f"    server_name {server_name};",
        "    charset utf-8;",
        "    charset_types " + " ".join([*TEXT_TYPES, *(t.media_type for t in TYPES if t.text)]) + ";",
        "    gzip on;",
        "    gzip_vary on;",
        "    gzip_min_length 256;",
        "    gzip_types " + " ".join(t for t in COMPRESSED if t != "text/html") + ";",
        "    index index.html;",
        "    autoindex off;",
        "    expires $giamngheo_expires;",
        f"    error_page 404 {rules.not_found};",
        *(f"    {line}" for line in headers()),
    ]
    for old, new in rules.moved.items():
        targets = [f"{site}/{old}", *([f"{site}/{old}index.html"] if old.endswith("/") else [])]
        out += [f"    location = {_quoted(path)} {{ return 301 {_quoted(new)}; }}" for path in targets]
    for old in rules.gone:
        page = f"{site}/{old}index.html" if old.endswith("/") else None
        body = [*headers(), *([f"error_page 410 {page};"] if page else []), "return 410;"]
        out += block(f"location = {_quoted(f'{site}/{old}')}", body, 4)
    site_root = ["alias " + _quoted(f"{root}/") + ";"] if site else ["root " + _quoted(root) + ";"]
    inner = [*site_root, *headers(), *files(indent=0)]
    for prefix, extra in rules.path_headers:
        inner += block(f"location ^~ {_quoted(f'{site}/{prefix}')}", [*headers(extra), *files(extra, 0)], 0)
    out += block(f"location ^~ {_quoted(f'{site}/')}", inner, 4)
    out.append("}")
    return "\n".join(out) + "\n"


def nginx_config(settings, output, root=None, listen="80", server_name="_"):
    """The nginx server block of the build in `output` (`invoke nginx-config`), serving the
    folder `root` (where the site's files are on the VPS; `output` by default)."""
    return nginx(server_rules(settings, output), root or output, listen, server_name)
