"""Build the synthetic corpus with this site and with plain Pelican, cold and with Pelican's
content cache, and print times, peak memory and the ratio (site / plain Pelican).

    python benchmarks/build_speed.py --articles 5000 --models 500

Plain Pelican: default settings and theme, no plugins, the same corpus (model profiles are
read as articles). Each build runs in its own process so its peak memory is its own. Both
use Pelican's content cache; plain Pelican gzips it (its default), the site does not
(GZIP_CACHE in pelicanconf.py: 1.5 s of a cold build at this size under py-spy).
Budget (issues 2 and 14): the site's cold build, search index included, at most 1.5x plain
Pelican's. The index is written by a second process while Pelican writes the pages, so on
a busy machine (other builds on the second core) the ratio rises.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

from make_corpus import finish, write_corpus  # noqa: E402  (benchmarks/, the script's own folder)

RUNNER = r"""
import json, resource, sys, time
from pelican import Pelican
from pelican.settings import read_settings
settings_file, overrides = sys.argv[1], json.loads(sys.argv[2])
settings = read_settings(settings_file or None, override=overrides)
start = time.perf_counter()
Pelican(settings).run()
elapsed = time.perf_counter() - start
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "peak_mb": own.ru_maxrss / 1024, "cpu": own.ru_utime + own.ru_stime,
                  "child_cpu": children.ru_utime + children.ru_stime}))  # children: the search index's process
"""


def run(settings_file, overrides):
    # Each build starts with nothing of the one before still being written to disk: a site
    # build leaves 300 MB for the kernel to write back, which otherwise lands in the next one.
    os.sync()
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, settings_file, json.dumps(overrides)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# Plain Pelican: default settings and theme, no plugins, the site's time zone and language.
PLAIN_PELICAN = {"TIMEZONE": "Asia/Ho_Chi_Minh", "DEFAULT_LANG": "vi", "PLUGINS": []}


def corpus_from_arguments(description, prefix, more_arguments=None):
    """The benchmarks' command line (--articles, --models, --keep, and what
    `more_arguments(parser)` adds) and a corpus written for it in a new temporary folder:
    (arguments, folder, corpus)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--models", type=int, default=500)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="build each configuration this many times, in rotating order, and keep the fastest "
        "(a shared machine's noise only ever adds time)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the corpus and outputs")
    if more_arguments is not None:
        more_arguments(parser)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    write_corpus(work / "corpus", args.articles, args.models)
    return args, work, work / "corpus"


def main():
    args, work, corpus = corpus_from_arguments(__doc__.splitlines()[0], "giamngheo-bench-")
    configs = {
        "site": (str(ROOT / "pelicanconf.py"), {}),
        "site, no index": (str(ROOT / "pelicanconf.py"), {"SEARCH_INDEX": False}),
        "plain Pelican": ("", PLAIN_PELICAN),
    }
    rows = {}
    names = list(configs)
    for round_ in range(args.rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            settings_file, extra = configs[name]
            slug = f"{name.replace(' ', '-').replace(',', '')}-{round_}"
            common = {
                **extra,
                "PATH": str(corpus),
                "OUTPUT_PATH": str(work / f"out-{slug}"),
                "CACHE_PATH": str(work / f"cache-{slug}"),
                "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": True,
            }
            cold = run(settings_file, common)  # empty cache: reads and renders everything
            warm = run(settings_file, common)  # Pelican's content cache filled by the cold run
            best = rows.get(name, (cold, warm))
            rows[name] = (
                min(best[0], cold, key=lambda r: r["seconds"]),
                min(best[1], warm, key=lambda r: r["seconds"]),
            )
            print(
                f"round {round_ + 1}, {name}: cold {cold['seconds']:.1f} s, cached {warm['seconds']:.1f} s"
                + (f" (index process: {cold['child_cpu']:.1f} s of CPU)" if cold["child_cpu"] else ""),
                flush=True,
            )

    print()
    print(f"Corpus: {args.articles} articles, {args.models} model profiles; fastest of {args.rounds} round(s)")
    print(f"{'build':<16}{'cold s':>9}{'cached s':>10}{'peak MB cold':>14}{'peak MB cached':>16}")
    for name, (cold, warm) in rows.items():
        print(
            f"{name:<16}{cold['seconds']:>9.1f}{warm['seconds']:>10.1f}{cold['peak_mb']:>14.0f}{warm['peak_mb']:>16.0f}"
        )
    site, bare, plain = rows["site"], rows["site, no index"], rows["plain Pelican"]
    print(
        f"ratio site/plain: cold {site[0]['seconds'] / plain[0]['seconds']:.2f}, "
        f"cached {site[1]['seconds'] / plain[1]['seconds']:.2f} (budget: cold <= 1.50)"
    )
    print(
        f"ratio without the search index: cold {bare[0]['seconds'] / plain[0]['seconds']:.2f}, "
        f"cached {bare[1]['seconds'] / plain[1]['seconds']:.2f}"
    )
    # CPU seconds barely move with the machine's load: the build's own plus its index process's,
    # against plain Pelican's, is the ratio the build would have with no second core at all.
    cpu = {name: cold["cpu"] + cold["child_cpu"] for name, (cold, _) in rows.items()}
    print(
        f"CPU seconds, cold: site {cpu['site']:.1f} (index process {site[0]['child_cpu']:.1f}), "
        f"no index {cpu['site, no index']:.1f}, plain Pelican {cpu['plain Pelican']:.1f}; "
        f"ratio site/plain {cpu['site'] / cpu['plain Pelican']:.2f}"
    )
    pages = sum(1 for _ in (work / "out-site-0").rglob("*.html"))
    plain_pages = sum(1 for _ in (work / "out-plain-Pelican-0").rglob("*.html"))
    print(f"HTML files written: site {pages}, plain Pelican {plain_pages}")
    finish(work, args.keep)


if __name__ == "__main__":
    main()
