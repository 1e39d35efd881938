"""Never a traceback for content: mangled files end in a clean read or in Vietnamese messages
that name the file (tests/fuzz_content.py; more examples in benchmarks/fuzz.py)."""

import tempfile
from pathlib import Path

from fuzz_content import NAME, content_files, explained, outcome
from hypothesis import HealthCheck, given, settings

EXAMPLES = 10  # 1 to 2 s each: the whole reader, every check and the sanitiser


def check_one(data):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / NAME).parent.mkdir(parents=True)
        (content / NAME).write_bytes(data)
        problems = outcome(content, Path(folder) / "output")
        assert all(explained(p) for p in problems), [(p.path, p.message, p.fix) for p in problems]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: the suite never flakes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content_files())
def test_mangled_content_never_ends_in_a_traceback(data):
    check_one(data)


def test_the_fuzzer_reaches_the_checks():
    """The property above can fail: a file the checks refuse is explained, not passed."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / NAME).parent.mkdir(parents=True)
        (content / NAME).write_bytes("Title: x\nDate: 2025-13-45\nArea: Sao Hỏa\n\n<script>x</script>\n".encode())
        problems = outcome(content, Path(folder) / "output")
    assert len(problems) >= 2 and all(explained(p) for p in problems)
