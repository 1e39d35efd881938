"""Pelican plugin: the staff's editor at /admin/ (Decap CMS 3, in Vietnamese).

Every build writes admin/config.yml, generated from content/data/*.yml (areas, programs,
kinds, categories as choices) and the model profile's typed facts (config.py), the page
admin/index.html, the preview pane's stylesheet and templates (preview.py), and Decap's files copied from the pinned npm package (node_modules/
decap-cms/dist): nothing is loaded from another host, and a Content-Security-Policy lets
the page talk only to the site itself and to the editor's backend.

The backend (EDITOR_BACKEND) is Decap's local proxy (decap-server, started by `make serve`)
in development, and the git host in production (backend.py, from the publish environment).
Without a backend no /admin/ is written; with a backend but without the npm package, the
build warns (and the quality gate refuses to publish). The editor is for
staff only: it adds nothing to citizens' pages, and is in no sitemap, feed or search index.
"""

import glob
import html
import logging
import os
import shutil
import urllib.parse

import yaml
from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import report

from .config import editor_config, load_choices
from .preview import SCRIPT_FILE, STYLE_FILE, preview_script, preview_stylesheet
from .proxy import proxy_backend

logger = logging.getLogger(__name__)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    # Decap's `backend:` mapping; None: no editor in this build. The preview's default is the
    # local proxy of `make serve`; publishconf.py sets the git host from the environment.
    "EDITOR_BACKEND": proxy_backend(),
    "EDITOR_SAVE_AS": "admin",  # the folder of the editor in the output
    "EDITOR_ASSETS_PATH": os.path.join(ROOT, "node_modules", "decap-cms", "dist"),
    "EDITOR_CONTENT_FOLDER": "content",  # the content folder, relative to the repository
    # Decap's editorial workflow (draft, in review, ready, then published): None lets the
    # backend decide (GitHub and GitLab: yes); True for the rehearsal's local proxy in git mode.
    "EDITOR_WORKFLOW": None,
}
# Decap's runtime files: the bundle, its lazily loaded chunks and WebAssembly, its licence.
ASSET_PATTERNS = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")

# No </head> (optional in HTML): the live preview injects its reload script before it, and
# the editor must not reload while staff type (its own CSP would refuse the script anyway).
PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>Biên tập — {sitename}</title>
<body>
<noscript>Trình biên tập cần bật JavaScript trong trình duyệt.</noscript>
<script src="decap-cms.js"></script>
<script src="{preview}"></script>
</body>
</html>
"""


def backend_origins(backend):
    """The origins the editor's page may talk to besides the site: the proxy or the git host's API."""
    if backend.get("name") == "proxy":
        urls = [backend.get("proxy_url", "")]
    else:
        urls = [
            backend.get("api_root")
            or {
                "github": "https://api.github.com",
                "gitlab": "https://gitlab.com",
                "gitea": "https://try.gitea.io",
            }.get(backend.get("name"), ""),
            backend.get("base_url", ""),
        ]
    origins = []
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def content_security_policy(backend):
    others = " ".join(backend_origins(backend))
    # Decap builds its forms' validators at run time ('unsafe-eval'), styles with emotion
    # ('unsafe-inline' styles) and reads photos being uploaded from blob: addresses; scripts
    # and everything else come from the site.
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {others}".strip(),
            f"connect-src 'self' blob: data: {others}".strip(),
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


class NoAliases(yaml.SafeDumper):
    """Decap reads anchors and aliases, but staff reading config.yml should not meet them."""

    def ignore_aliases(self, data):
        return True


class EditorGenerator(Generator):
    """Writes the staff editor (/admin/): its config from data/*.yml, its page, Decap's files."""

    writes = core.Writes.SITE  # from data and settings: no text edit changes it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = None

    def generate_context(self):
        backend = self.settings["EDITOR_BACKEND"]
        if not backend:
            return
        if not os.path.isfile(os.path.join(self.settings["EDITOR_ASSETS_PATH"], "decap-cms.js")):
            # A warning, so that the quality gate stops a publish that would lose the editor.
            logger.warning(
                "Chưa cài trình biên tập (gói npm decap-cms): chạy “npm ci” rồi xây dựng lại; "
                "trang /admin/ không được tạo. (decap-cms is not installed: no /admin/ in this build.)"
            )
            return
        data_path = os.path.join(self.path, self.settings["TAXONOMY_DATA_PATH"])
        choices, problems = load_choices(data_path, self.settings)
        for problem in problems:
            if problem.path.endswith("categories.yml"):  # the other files are the taxonomy plugin's
                report(self.context, problem)
        self.config = editor_config(self.settings, choices)

    def generate_output(self, writer):
        if self.config is None:
            return
        folder = self.settings["EDITOR_SAVE_AS"]
        config = "# Generated by giamngheo.editor from content/data/*.yml at every build: do not edit.\n"
        config += yaml.dump(self.config, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=120)
        page = PAGE.format(
            policy=content_security_policy(self.config["backend"]),
            sitename=html.escape(self.settings.get("SITENAME", "")),
            preview=SCRIPT_FILE,
        )
        # A context of their own, not the site's: the editor is no page of the site (the
        # sitemap and the ledger of addresses leave it out).
        writer.write_file(os.path.join(folder, "config.yml"), core.Text(config), {})
        writer.write_file(os.path.join(folder, "index.html"), core.Text(page), {})
        # The preview pane: the theme's stylesheet and a template per collection (preview.py).
        stylesheet = preview_stylesheet(self.env, self.context)
        writer.write_file(os.path.join(folder, STYLE_FILE), core.Text(stylesheet), {})
        writer.write_file(os.path.join(folder, SCRIPT_FILE), core.Text(preview_script(self.settings)), {})
        copy_assets(self.settings["EDITOR_ASSETS_PATH"], os.path.join(self.output_path, folder))


def copy_assets(source, target):
    """Decap's runtime files into the output: hard links where the file system allows (the
    preview rebuilds on every save), copies otherwise."""
    for pattern in ASSET_PATTERNS:
        for path in glob.glob(os.path.join(source, pattern)):
            destination = os.path.join(target, os.path.basename(path))
            if os.path.exists(destination):
                os.remove(destination)
            try:
                os.link(path, destination)
            except OSError:
                shutil.copy2(path, destination)


register = core.plugin(
    # get_generators: the editor is written by its own generator, after the content is read.
    ("get_generators", EditorGenerator),
)
