"""Bytes a reader downloads for one search on a large site (issue: search budget 100 KB).

    python benchmarks/search_weight.py --articles 5000 --models 500

Builds the synthetic corpus with this site (production settings), serves it on 127.0.0.1,
and in headless chromium, each query in a fresh browser context (an empty cache), types
the query on /tim-kiem/ and adds up the transfer size of everything the search loaded.
"""

import argparse
import pathlib
import shutil
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

from make_corpus import write_corpus  # noqa: E402  (benchmarks/, the script's own folder)

sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_FLAGS, SiteServer, chromium_path  # noqa: E402

from giamngheo.publishing.gate import build_site  # noqa: E402

QUERIES = ["nuoi de", "ho tro nha o", "dong hai", "tôm lúa", "vốn vay ngân hàng chính sách"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--models", type=int, default=500)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = pathlib.Path(tempfile.mkdtemp(prefix="search-weight-"))
    corpus, output = work / "corpus", work / "output"
    write_corpus(corpus, args.articles, args.models)
    with SiteServer(output, compress=True) as server, sync_playwright() as playwright:
        started = time.perf_counter()
        build_site(
            str(ROOT / "publishconf.py"),
            output,
            PATH=str(corpus),
            SITEURL=server.url,
            IMAGES_CACHE_PATH=str(work / "image-cache"),
        )
        print(
            f"build with the search index: {time.perf_counter() - started:.1f} s; "
            f"index: {sum(p.stat().st_size for p in (output / 'pagefind').rglob('*') if p.is_file()) / 1e6:.1f} MB on disk"
        )
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        print(f"{'query':<32}{'results':>9}{'KB transferred':>16}{'requests':>10}")
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{server.url}/tim-kiem/")
            page.wait_for_load_state("networkidle")
            sizes, kinds = [], {}  # every response from here on, page and workers: headers and body

            def count(request, sizes=sizes, kinds=kinds):
                size = request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
                sizes.append(size)
                kind = request.url.rsplit("/", 2)[-2] if "/pagefind/" in request.url else "other"
                kinds[kind] = kinds.get(kind, 0) + size

            context.on("requestfinished", count)
            page.fill("#tu-khoa", query)
            page.wait_for_function(
                "() => { const s = document.getElementById('trang-thai').textContent; return s && !s.startsWith('Đang'); }"
            )
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            found = page.locator(".app-search__result").count()
            parts = ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(kinds.items()))
            print(f"{query:<32}{found:>9}{sum(sizes) / 1024:>16.1f}{len(sizes):>10}   ({parts})", flush=True)
            context.close()
        browser.close()
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
