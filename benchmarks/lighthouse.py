"""Lighthouse (mobile, default throttling) on every page kind of the sample site, served
under a sub-path by a real HTTP server on 127.0.0.1, with Debian's chromium.

    python benchmarks/lighthouse.py

Prints a table of the four category scores (budget: each at least 98) and the transfer size.
A benchmark, not a test: it never fails on a score.
"""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_FLAGS, SiteServer, chromium_path  # noqa: E402
from test_accessibility import PAGE_KINDS, PREFIX  # noqa: E402

from giamngheo.publishing.gate import build_site  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="lighthouse-"))
    output = work / "output"
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    with SiteServer(output, PREFIX) as server:
        build_site(str(ROOT / "publishconf.py"), output, PATH=str(ROOT / "content"), SITEURL=server.url)
        print(f"{'page kind':<10}" + "".join(f"{c:>16}" for c in CATEGORIES) + f"{'KB sent':>10}")
        for kind, path in PAGE_KINDS.items():
            path = "404.html" if kind == "404" else path  # Lighthouse will not audit a 404 status
            report = work / f"{kind}.json"
            subprocess.run(
                [
                    str(lighthouse),
                    f"{server.url}/{path}",
                    f"--chrome-path={chromium_path(shell=False)}",
                    f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
                    "--output=json",
                    f"--output-path={report}",
                    "--quiet",
                    f"--only-categories={','.join(CATEGORIES)}",
                ],
                check=True,
                timeout=300,
            )
            data = json.loads(report.read_text(encoding="utf-8"))
            scores = [round(data["categories"][c]["score"] * 100) for c in CATEGORIES]
            sent = data["audits"]["total-byte-weight"]["numericValue"] / 1024
            print(f"{kind:<10}" + "".join(f"{s:>16}" for s in scores) + f"{sent:>10.1f}", flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
