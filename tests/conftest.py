"""Shared fixtures: a settings factory and real Pelican builds of the fixture site."""

import dataclasses
import http.server
import os
import pathlib
import shutil
import socket
import sys
import tempfile
import threading

import pytest
from pelican import Pelican, signals
from pelican.settings import read_settings

from giamngheo.checks.checks import ContentCheckGenerator
from giamngheo.core import read_site_settings
from giamngheo.editor.proxy import free_port  # noqa: F401  (every test server takes one)
from giamngheo.publishing.gate import build_site

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixture_site"
DATA = ROOT / "content" / "data"

# What a developer's shell or a CI runner may set and no test may depend on. The publish
# secrets are removed (a test that needs one sets it itself); HOME and the XDG folders point
# to a fresh temporary folder, so chromium and the tools write nothing in the real home.
# LANG, LC_* and TZ are left as they are: the site must not depend on them, and
# tests/test_hermetic.py runs part of the suite with hostile values to prove it.
# EDITOR_*: the editor's backend (giamngheo/editor); PUBLISHED_*: where Pages read the live addresses.
PUBLISH_VARIABLES = ("SITEURL", "DEPLOY_", "EDITOR_", "PUBLISHED_")


# Where the tests write: in memory when the machine has room and TMPDIR names no other place.
# A run writes and removes about 130,000 files (site builds, copies, checkouts): on this
# 2-core machine's disk that was 91 s of the kernel's time and a suite of 199 s; on /dev/shm
# (a tmpfs), 39 s and 172 s. A container's small /dev/shm (Docker's 64 MB) is left alone.
ROOM_IN_MEMORY = 4 * 2**30


def _temporary_root():
    if os.environ.get("TMPDIR") or not os.path.isdir("/dev/shm"):
        return
    shm = os.statvfs("/dev/shm")
    if shm.f_bavail * shm.f_frsize >= ROOM_IN_MEMORY and os.access("/dev/shm", os.W_OK):
        os.environ["TMPDIR"] = tempfile.tempdir = "/dev/shm"  # the servers and tools started inherit it


_temporary_root()
_MADE = []  # the temporary folders this process made: removed when its session ends


def _temporary(prefix, shared=None):
    """A new temporary folder, removed at the end of this process's session. With `shared`
    (a variable's name): the folder that the process which started the suite made, when
    there is one, so that the workers and the suite tests/test_hermetic.py runs inside this
    one use the same."""
    if shared and os.environ.get(shared):
        return os.environ[shared]
    folder = tempfile.mkdtemp(prefix=prefix)
    _MADE.append(folder)
    if shared:
        os.environ[shared] = folder
    return folder


def pytest_sessionfinish(session):
    for folder in _MADE:
        shutil.rmtree(folder, ignore_errors=True)


def _hermetic_environment():
    for name in list(os.environ):
        if name == PUBLISH_VARIABLES[0] or name.startswith(PUBLISH_VARIABLES[1:]):
            del os.environ[name]
    home = _temporary("tests-home-")
    os.environ["HOME"] = home
    # Hypothesis keeps its examples in .hypothesis/ of the working folder: in the checkout, one
    # worker's fuzzing would change the repository under test_hermetic running in the other.
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = os.path.join(home, ".hypothesis")
    for name, folder in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
    ):
        os.environ[name] = os.path.join(home, folder)


_hermetic_environment()
# No test reads the units' real portals (publishconf.py reads SOURCES_FETCH): the tests of
# giamngheo.sources serve their feeds on 127.0.0.1 and turn it on themselves.
os.environ["SOURCES_FETCH"] = "false"
# The processed photos, shared by every build of the suite, in every worker (giamngheo.images
# keeps a folder another build made meanwhile).
IMAGES_CACHE = pathlib.Path(_temporary("tests-image-cache-", shared="GIAMNGHEO_TESTS_IMAGES_CACHE"))
FEED_CACHE = pathlib.Path(_temporary("tests-feed-cache-"))  # empty: no developer's copies
# What the quality gate's HTML checker passed (GATE_CACHE_PATH), shared by every worker and by
# the suite that tests/test_hermetic.py runs inside this one: most publishes of the tests
# build the same fixture pages, which need checking once. Refused pages are never kept.
GATE_CACHE = _temporary("tests-gate-cache-", shared="GIAMNGHEO_TESTS_GATE_CACHE")
# Jinja's compiled templates (TEMPLATES_CACHE_PATH), shared the same way: the builds of the
# suite compile the theme once, not once per build.
TEMPLATES_CACHE = _temporary("tests-templates-", shared="GIAMNGHEO_TESTS_TEMPLATES_CACHE")
# The caches every test build uses unless it says otherwise: none in the checkout.
SHARED_CACHES = {
    "IMAGES_CACHE_PATH": str(IMAGES_CACHE),
    "SOURCES_CACHE_PATH": str(FEED_CACHE),
    "TEMPLATES_CACHE_PATH": TEMPLATES_CACHE,
}


def cli_caches(folder):
    """The `pelican -e` settings that keep a command-line build's caches out of the checkout
    (a refused build has written its content cache and photos by then): Pelican's in
    `folder`, the session's shared ones. tests/test_hermetic.py sees any file a test leaves."""
    return [f'CACHE_PATH="{folder}"', *(f'{name}="{value}"' for name, value in SHARED_CACHES.items())]


# The files that take longest, longest first: --dist loadfile hands whole files to the workers
# in the order they are collected (pyproject.toml turns off xdist's own order, by number of
# tests, which started the CI pipelines' 100 s last, and the suite ended 15 s after the
# others). Seconds of one run each, on 2 cores beside the other workers.
LONGEST_FIRST = (
    "test_ci_pipelines.py",  # 100
    "test_accessibility.py",  # 54
    "test_deploy.py",  # 43
    "test_editor.py",  # 43
    "test_rollback.py",  # 37
    "test_security.py",  # 34
    "test_content_cases.py",  # 27
    "test_sources.py",  # 27
    "test_preview.py",  # 26
    "test_hermetic.py",  # 18, on both cores
)


def pytest_collection_modifyitems(config, items):
    order = {name: rank for rank, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: order.get(item.path.name, len(order)))  # stable: the rest as collected


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject.toml): one worker more than the cores. The tests wait on browsers,
    servers and the tools they start, and a third worker on 2 cores keeps the cores busy
    meanwhile: the suite took 186 s instead of 208, for the same CPU time. The variable
    PYTEST_XDIST_AUTO_NUM_WORKERS still chooses another number."""
    if not os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return len(os.sched_getaffinity(0)) + 1
    return None


# The ports of a developer's `make serve`: the preview (8000) and the editor's proxy (8081).
SERVE_PORTS = (8000, 8081)


class _Stranger(http.server.BaseHTTPRequestHandler):
    """Answers every request with 503 and notes it: what another `make serve` would get."""

    def _refuse(self):
        self.server.requests.append(f"{self.command} 127.0.0.1:{self.server.server_address[1]}{self.path}")
        self.send_error(503, "a test talked to a port it did not take")

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _refuse

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def serve_ports_busy():
    """Ports 8000 and 8081 of 127.0.0.1 held for a whole module, as a developer's `make serve`
    holds them: the module's servers must start anyway, and none of it may talk to them. A
    port already held (a real `make serve`) is the same case, only without the record."""
    servers = []
    for port in SERVE_PORTS:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Stranger)
        except OSError:
            continue
        server.requests = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    for port in SERVE_PORTS:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # held, by us or by another
    yield [server.server_address[1] for server in servers]
    for server in servers:
        server.shutdown()
        server.server_close()
    requests = [request for server in servers for request in server.requests]
    assert requests == [], f"talked to the ports of another `make serve`: {requests}"


@pytest.fixture(autouse=True)
def fresh_settings_modules():
    """Pelican registers a settings file in sys.modules under its file name, and publishconf.py
    imports pelicanconf from there: forget both, so no test sees another test's settings."""
    for name in ("pelicanconf", "publishconf"):
        sys.modules.pop(name, None)
    yield


def make_settings(settings_file="pelicanconf.py", **overrides):
    """The site's real settings (development by default), with overrides and every
    plugin's defaults, as a build sees them."""
    return read_site_settings(str(ROOT / settings_file), **overrides)


@dataclasses.dataclass
class ReadSite:
    """A real build stopped after its reading phase: nothing is written."""

    generators: list
    settings: dict
    read_problems: list  # what Pelican and the readers logged while reading

    @property
    def context(self):
        return self.generators[0].context

    def generator(self, cls):
        return next(g for g in self.generators if isinstance(g, cls))

    def item(self, slug):
        """The article, page or profile with that slug."""
        from giamngheo.core import all_content

        return next(i for i in all_content(self.context) if i.slug == slug)


class _ReadingDone(Exception):
    """Stops a real build once every generator has read its content."""


def read_site(content, output, settings_file="pelicanconf.py", **overrides):
    """Pelican's own generators, after every generate_context of a real build of `content`,
    before all_generators_finalized: each hook can then be run on real objects by the test.

    `Pelican.run()` itself runs, with Pelican's public signals only: `generator_init` gives
    each generator as the run makes it, and `static_generator_finalized` (the static
    generator reads last, so that it knows what the others skipped) stops the run there,
    after the plugins' own receivers of that signal (connected earlier, so run earlier)."""
    overrides = {"TAXONOMY_DATA_PATH": str(DATA), **SHARED_CACHES, **overrides}
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_CONTENT": False, **overrides}
    pelican = Pelican(read_settings(str(ROOT / settings_file), override=override))
    generators = []

    def made(generator):
        generators.append(generator)

    def read(sender):
        raise _ReadingDone

    signals.generator_init.connect(made)
    signals.static_generator_finalized.connect(read)
    try:
        pelican.run()
    except _ReadingDone:
        pass
    else:
        raise AssertionError("the build ran past its reading phase")
    finally:
        signals.generator_init.disconnect(made)
        signals.static_generator_finalized.disconnect(read)
    checker = next(g for g in generators if isinstance(g, ContentCheckGenerator))
    return ReadSite(generators, pelican.settings, checker.take_problems())


def build(content, output, settings_file="pelicanconf.py", **overrides):
    """Build with real Pelican; return the warnings and errors it logged."""
    overrides = {"TAXONOMY_DATA_PATH": str(DATA), **SHARED_CACHES, **overrides}
    cache = pathlib.Path(output).parent / f"{pathlib.Path(output).name}-cache"
    return build_site(str(ROOT / settings_file), output, PATH=str(content), CACHE_PATH=str(cache), **overrides)


class SiteBuilds:
    """Real builds shared by the whole session: one per settings profile (the settings file,
    the content folder and the overrides). A test that changes what it is given copies it."""

    def __init__(self, folder):
        self.folder, self.done = folder, {}

    def __call__(self, settings_file="pelicanconf.py", content=FIXTURE_SITE, **overrides):
        """(output folder, what the build logged) of `content` built with that profile."""
        profile = (settings_file, str(content), tuple(sorted((k, repr(v)) for k, v in overrides.items())))
        if profile not in self.done:
            output = self.folder / f"profile-{len(self.done)}" / "output"
            self.done[profile] = output, build(content, output, settings_file, **overrides)
        return self.done[profile]


@pytest.fixture(scope="session")
def site_builds(tmp_path_factory):
    return SiteBuilds(tmp_path_factory.mktemp("sites"))


@pytest.fixture(scope="session")
def fixture_site(site_builds):
    """The fixture site built once with development settings and two items per page."""
    return site_builds(DEFAULT_PAGINATION=2)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (one for the whole session)."""
    from browser import CHROMIUM_FLAGS, chromium_path, need

    path = chromium_path()
    need(path, "chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright (Python)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh tab the size of a cheap Android phone's screen, in which a test may inject its
    own tools (axe-core): the site's Content-Security-Policy rightly refuses scripts the site
    did not ship, and tests/test_security.py checks that policy in tabs of its own."""
    context = browser.new_context(viewport={"width": 412, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()
