"""Seconds to process the sample site's photos (cold cache), per photo, and to rebuild
with the cache filled (as a CI run with the image cache restored).

    python benchmarks/images.py
"""

import logging
import pathlib
import shutil
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

from giamngheo.publishing.gate import build_site  # noqa: E402


def run(output, cache, records):
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("images.images")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    started = time.perf_counter()
    build_site(
        str(ROOT / "publishconf.py"),
        output,
        PATH=str(ROOT / "content"),
        SITEURL="https://example.org",
        IMAGES_CACHE_PATH=str(cache),
        CACHE_CONTENT=False,
    )
    logger.removeHandler(handler)
    return time.perf_counter() - started


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="images-bench-"))
    photos = len([p for p in (ROOT / "content" / "images").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png")])
    cold_records, warm_records = [], []
    cold = run(work / "cold", work / "cache", cold_records)
    warm = run(work / "warm", work / "cache", warm_records)
    print(f"photos: {photos}")
    print(f"cold build (cache empty): {cold:.2f} s; {cold_records[-1].getMessage()}")
    processing = float(cold_records[-1].getMessage().split(", ")[2].split(" giây")[0].replace(",", "."))
    print(f"per photo (processing, all cores): {processing / photos:.3f} s")
    print(f"rebuild (cache filled): {warm:.2f} s; {warm_records[-1].getMessage()}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
