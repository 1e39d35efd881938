"""Fuzz the reader, the content checks and the sanitiser with many more mangled files than
the suite runs (tests/test_fuzz.py runs a bounded number). Prints how many examples ran,
how many built cleanly, how many were explained, and the time per example.

    .venv/bin/python benchmarks/fuzz.py [examples]
"""

import collections
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))

from fuzz_content import content_files
from hypothesis import HealthCheck, given, settings
from test_fuzz import check_one

counts = collections.Counter()


def main(examples):
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(content_files())
    def run(data):
        counts["examples"] += 1
        check_one(data)

    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(
        f"{counts['examples']} mangled files, no traceback; {elapsed:.1f} s, {elapsed / counts['examples']:.2f} s each"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
