"""python -m giamngheo.preview [--settings pelicanconf.py] [--port 8000] [-e KEY=JSON …]

The live preview of `make serve` (tasks.py `livereload`), also started by the tests and the
benchmark on other content with -e PATH='"…"'."""

import argparse
import json

from .server import serve


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--root", default=".preview", help="folder of the preview's pages and cache")
    parser.add_argument("-e", "--extra", action="append", default=[], help="KEY=JSON setting, as pelican -e")
    args = parser.parse_args()
    overrides = {}
    for pair in args.extra:
        key, _, value = pair.partition("=")
        overrides[key] = json.loads(value)
    serve(args.settings, args.host, args.port, args.root, overrides)


if __name__ == "__main__":
    main()
