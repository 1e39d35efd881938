"""Time an edit in the live preview (`make serve`) on the synthetic corpus: save -> the
article's page served with the change, and -> every page that lists it (home, category,
area and program pages, their feeds) served with it; beside a cold plain-Pelican build of
the same corpus in the same run. Budgets (issue 15): 0.05x and 0.10x of that build.

    python benchmarks/preview_speed.py --articles 5000 --models 500

The preview runs as `make serve` runs it (python -m giamngheo.preview, development settings,
search index on), on 127.0.0.1; the times are measured over HTTP, as a browser sees them.
Saves as staff make them: the first once the preview is idle, then one every few seconds
(`--gaps`, 3 to 7 s by default), each while the full build that follows the previous save's
fast path runs (the table says whether it did); the budget holds for every save.
"""

import json
import pathlib
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent

from build_speed import PLAIN_PELICAN, corpus_from_arguments  # noqa: E402  (benchmarks/, the script's folder)
from build_speed import run as timed_build  # noqa: E402
from make_corpus import finish  # noqa: E402

from giamngheo.editor.proxy import free_port  # noqa: E402


class Preview:
    def __init__(self, corpus, work):
        self.port = free_port()
        command = [sys.executable, "-m", "giamngheo.preview", "--port", str(self.port), "--root", str(work / "preview")]
        command += ["-e", f"PATH={json.dumps(str(corpus))}", "-e", 'TAXONOMY_DATA_PATH="data"']
        self.log = open(work / "preview.log", "w")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def get(self, path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return ""

    def state(self):
        try:
            return json.loads(self.get("__preview__/state") or "{}")
        except ValueError:
            return {}

    def wait(self, condition, timeout=1800, step=0.02, what="the preview"):
        start = time.perf_counter()
        while not condition():
            if self.process.poll() is not None or time.perf_counter() - start > timeout:
                sys.exit(f"{what}: the preview stopped or timed out; see {self.log.name}")
            time.sleep(step)
        return time.perf_counter()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def newest_article(corpus):
    dated = []
    for path in (corpus / "tin-tuc").glob("*.md"):
        match = re.search(r"^Date: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        dated.append((match.group(1), path))
    return max(dated)[1]


def listing_pages(preview, page):
    """The pages that list the article: home, its category, areas and programs, their feeds
    (the links of its header, not the menu's)."""
    html = preview.get(page)
    header = html[html.index("<main") :]
    found = {"", "feeds/tat-ca.rss.xml", "feeds/tin-tuc.rss.xml", "feeds/tat-ca.json"}
    for href in re.findall(r'href="([^"]+)"', header):
        target = urllib.parse.urljoin(f"/{page}", href).lstrip("/")
        if re.fullmatch(r"(dia-ban|chuong-trinh|chuyen-muc)/[^/]+/", target):
            found |= {target, f"{target}rss.xml", f"{target}atom.xml"}
    return sorted(found)


def edit_and_time(preview, source, page, listings, token):
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^Title: (.*)$", rf"Title: \1 {token}", text, count=1, flags=re.MULTILINE)
    start = time.perf_counter()
    source.write_text(text + f"\nĐoạn thêm {token}.\n", encoding="utf-8")
    article = preview.wait(lambda: token in preview.get(page)) - start
    pending = set(listings)

    def all_listed():
        for path in sorted(pending):
            if token in preview.get(path):
                pending.discard(path)
        return not pending

    listed = preview.wait(all_listed, timeout=300, what=f"never shown on {sorted(pending)}") - start
    return article, listed


def more_arguments(parser):
    parser.add_argument("--saves", type=int, default=5, help="how many saves of the same article")
    parser.add_argument(
        "--gaps",
        default="5,3,7,4",
        help="seconds from one save to the next, in turn (a save whose pages show later waits for them)",
    )


def main():
    args, work, corpus = corpus_from_arguments(__doc__.splitlines()[0], "giamngheo-preview-bench-", more_arguments)
    gaps = [float(gap) for gap in args.gaps.split(",")]
    plain = timed_build(
        "",
        {
            **PLAIN_PELICAN,
            "PATH": str(corpus),
            "OUTPUT_PATH": str(work / "out-plain"),
            "CACHE_PATH": str(work / "cache-plain"),
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
        },
    )["seconds"]
    print(f"plain Pelican, cold: {plain:.1f} s", flush=True)

    preview = Preview(corpus, work)
    try:
        start = time.perf_counter()
        preview.wait(lambda: preview.state().get("ready"), step=0.5)
        print(f"preview, first build: {time.perf_counter() - start:.1f} s", flush=True)
        preview.wait(lambda: preview.state().get("idle"), step=0.5)
        source = newest_article(corpus)
        year = re.search(r"^Date: (\d{4})", source.read_text(encoding="utf-8"), re.MULTILINE).group(1)
        page = f"tin-tuc/{year}/{source.stem}/"
        listings = listing_pages(preview, page)
        print(f"edited: {source.name}; listing pages checked: {', '.join(p or '/' for p in listings)}")
        rows = []
        for number in range(1, args.saves + 1):
            started = time.perf_counter()
            state = preview.state()
            when = "idle" if state.get("idle") else ("full build running" if state.get("busy") else "catching up")
            article, listed = edit_and_time(preview, source, page, listings, f"SUA{number}")
            rows.append((number, when, article, listed))
            print(f"save {number} ({when}): article page {article:.2f} s, listing pages {listed:.2f} s", flush=True)
            if number < args.saves:  # the next save, a few seconds after this one
                time.sleep(max(0.0, started + gaps[(number - 1) % len(gaps)] - time.perf_counter()))
        start = time.perf_counter()
        preview.wait(lambda: preview.state().get("idle"), step=0.2)
        catch_up = time.perf_counter() - start
    finally:
        preview.stop()

    print()
    print(f"Corpus: {args.articles} articles, {args.models} model profiles; plain Pelican cold build {plain:.1f} s")
    print(f"Saves {', '.join(f'{gap:g}' for gap in gaps)} s apart, in turn; 'when' is the preview's state at the save.")
    print(f"{'save':<6}{'when':<22}{'article s':>10}{'x plain':>9}{'listings s':>12}{'x plain':>9}")
    for number, when, article, listed in rows:
        print(f"{number:<6}{when:<22}{article:>10.2f}{article / plain:>9.3f}{listed:>12.2f}{listed / plain:>9.3f}")
    worst_article, worst_listed = max(r[2] for r in rows), max(r[3] for r in rows)
    print(
        f"median article {statistics.median(r[2] for r in rows):.2f} s, worst {worst_article:.2f} s "
        f"({worst_article / plain:.3f}x, budget 0.05x = {0.05 * plain:.2f} s); "
        f"worst listings {worst_listed:.2f} s ({worst_listed / plain:.3f}x, budget 0.10x = {0.10 * plain:.2f} s)"
    )
    print(
        f"the full build that follows (neighbours, archives, sitemap, search index) ended "
        f"{catch_up:.1f} s after the last listing page"
    )
    finish(work, args.keep)


if __name__ == "__main__":
    main()
