"""No test depends on, or is changed by, what a CI runner or a developer's shell sets, and no
test writes outside its temporary folder: part of the suite, run again with hostile values."""

import os
import subprocess
import sys

from conftest import ROOT

# The tests that read settings, build with production settings, publish and format dates.
REPRESENTATIVE = [
    "tests/test_publish_errors.py",
    "tests/test_deploy.py::test_publish_needs_a_target_and_an_address",
    "tests/test_deploy.py::test_target_matches_the_build_byte_for_byte",
    "tests/test_sample_site.py",
    "tests/test_vietnamese.py",
    # Chromium, which writes in HOME (and folds Vietnamese text under LANG=C): a test that
    # needs no site of its own.
    "tests/test_search_tokens.py::test_javascript_tokenises_as_python",
]


def repository_state():
    """Every file git sees in the working tree, ignored ones included, but Python's byte code."""
    listing = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in listing.splitlines() if "__pycache__" not in line}


def test_a_hostile_environment_changes_nothing(tmp_path):
    home, never = tmp_path / "home", tmp_path / "never-written"
    home.mkdir()
    hostile = {
        **os.environ,
        "SITEURL": "https://evil.example",
        "DEPLOY_URL": f"file://{never}",
        "DEPLOY_PASSWORD": "x",
        "DEPLOY_SSH_KEY": "/nonexistent",
        "DEPLOY_KNOWN_HOSTS": "/nonexistent",
        "CI": "true",
        "LANG": "C",
        "LC_ALL": "C",
        "TZ": "America/New_York",
        "HOME": str(home),
    }
    before = repository_state()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",  # in this process: the suite around it already has a worker per core
            f"--basetemp={tmp_path / 'base'}",
            *REPRESENTATIVE,
        ],
        cwd=ROOT,
        env=hostile,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
    assert not never.exists()
    assert list(home.iterdir()) == []
    assert "evil.example" not in result.stdout
    assert repository_state() == before
