"""Bytes a reader downloads for one search on a large site (issue 14: median <= 50 KB,
none over 100 KB).

    python benchmarks/search_weight.py --articles 5000 --models 500 --documents 1000

Builds the synthetic corpus with the sample content mixed in (production settings), serves
it on 127.0.0.1 gzipped as the .htaccess asks Apache to, and in headless chromium, each
query in a fresh browser context (a cold page, an empty cache), opens /tim-kiem/, types
the query and adds up the transfer size (headers and body) of everything that loads from
the first keystroke until the results settle: the search script, index files, results.
"""

import contextlib
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

from make_corpus import corpus_parser, write_corpus  # noqa: E402  (benchmarks/, the script's own folder)

sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_FLAGS, SiteServer, chromium_path  # noqa: E402

from giamngheo.publishing.gate import build_site  # noqa: E402

QUERIES = [
    "ho tro nha o",
    "tom lua",
    "nuoi de",
    "dong hai",
    "von vay ngan hang chinh sach",  # the issue's
    "nuoi ca bong tuong",
    "trong rau mau",
    "dan luc binh",
    "so huyet",  # kinds of model
    "hong dan",
    "vinh loi",
    "phuong gia rai",  # places
    "tôm lúa",
    "giảm nghèo bền vững",
    "ho ngheo",  # with marks; the site's commonest words
    "13 NQ TU",
    "90/QĐ-TTg",
    "hoà bình",  # documents' numbers as typed; the newer tone placement
]
SETTLED = "() => { const s = document.getElementById('trang-thai').textContent; return s && !s.startsWith('Đang'); }"


@contextlib.contextmanager
def corpus_site(articles, models, documents=0):
    """(server, output, browser): the corpus with the sample content, built and served."""
    from playwright.sync_api import sync_playwright

    work = pathlib.Path(tempfile.mkdtemp(prefix="search-bench-"))
    corpus, output = work / "corpus", work / "output"
    write_corpus(corpus, articles, models, samples=True, documents=documents)
    try:
        with SiteServer(output, compress=True) as server, sync_playwright() as playwright:
            started = time.perf_counter()
            build_site(
                str(ROOT / "publishconf.py"),
                output,
                PATH=str(corpus),
                SITEURL=server.url,
                IMAGES_CACHE_PATH=str(work / "image-cache"),
            )
            index = [p for p in (output / "tim-kiem" / "chi-muc").rglob("*") if p.is_file()]
            print(
                f"production build with the search index: {time.perf_counter() - started:.1f} s; index: "
                f"{len(index)} files, {sum(p.stat().st_size for p in index) / 1e6:.1f} MB on disk"
            )
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            yield server, output, browser
            browser.close()
    finally:
        shutil.rmtree(work)


def main():
    parser = corpus_parser(__doc__.splitlines()[0], documents=1000)
    args = parser.parse_args()
    totals = []
    with corpus_site(args.articles, args.models, args.documents) as (server, _, browser):
        print(f"{'query':<30}{'results':>8}{'KB':>8}{'requests':>10}   KB by part (script, index terms, results)")
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{server.url}/tim-kiem/")
            page.wait_for_load_state("networkidle")
            parts = {}

            def count(request, parts=parts):
                sizes = request.sizes()
                path = request.url.split("?")[0]
                kind = (
                    "script"
                    if path.endswith(".js")
                    else "results"
                    if "/d/" in path
                    else "terms"
                    if "/chi-muc/" in path
                    else "other"
                )
                parts.setdefault(kind, []).append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

            context.on("requestfinished", count)
            page.fill("#tu-khoa", query)
            page.wait_for_function(SETTLED)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            found = page.inner_text("#trang-thai")
            results = found.split(" kết quả")[0].rsplit(" ", 1)[-1] if "Tìm thấy" in found else "0"
            total = sum(sum(v) for v in parts.values())
            totals.append(total)
            split = ", ".join(f"{k} {sum(v) / 1024:.1f}" for k, v in sorted(parts.items()))
            print(
                f"{query:<30}{results:>8}{total / 1024:>8.1f}{sum(len(v) for v in parts.values()):>10}   ({split})",
                flush=True,
            )
            context.close()
    print(
        f"\n{len(totals)} queries: median {statistics.median(totals) / 1024:.1f} KB, "
        f"largest {max(totals) / 1024:.1f} KB (budget: median <= 50 KB, none over 100 KB)"
    )


if __name__ == "__main__":
    main()
