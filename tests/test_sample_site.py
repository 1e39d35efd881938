"""The sample content that ships with the site: it builds cleanly, in development and in
production under a sub-path, and it covers what the site is for."""

import datetime
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT, build, cli_caches

from giamngheo.publishing import sitecheck

SITEURL = "https://example.org/giam-ngheo"


@pytest.fixture(scope="module")
def development(tmp_path_factory):
    output = tmp_path_factory.mktemp("sample") / "output"
    return output, build(ROOT / "content", output, TAXONOMY_DATA_PATH="data")


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Plain Pelican's command line, production settings, a site under a sub-path."""
    output = tmp_path_factory.mktemp("sample-prod") / "output"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "publishconf.py",
            "-o",
            str(output),
            "-e",
            f'SITEURL="{SITEURL}"',
            *cli_caches(output.parent / "cache"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    logged = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line or "ERROR" in line]
    return output, logged


@pytest.mark.parametrize("site", ["development", "production"])
def test_sample_builds_without_warnings_and_links_resolve(site, request):
    output, records = request.getfixturevalue(site)
    assert [r.getMessage() if hasattr(r, "getMessage") else r for r in records] == []
    assert sitecheck.broken_links(output, SITEURL if site == "production" else "") == []


def test_production_links_are_absolute_under_the_sub_path(production):
    output, _ = production
    for page in sitecheck.pages(output):
        for link in sitecheck.parse(page).links:
            if link.startswith(("#", "mailto:")):
                continue
            assert link.startswith(SITEURL + "/") or not link.startswith(("/", ".")), (page, link)
    assert not (output / "drafts").exists()


def test_sample_covers_areas_programs_and_both_sides_of_the_reform(development):
    output, _ = development
    articles = list((ROOT / "content" / "tin-tuc").rglob("*.md"))
    models = list((ROOT / "content" / "mo-hinh").glob("*.md"))
    assert len(articles) >= 15 and len(models) >= 8

    def count(folder, slug):
        page = (output / folder / slug / "index.html").read_text(encoding="utf-8")
        found = re.search(r"Tin bài \((\d+)\)", page)
        models_found = re.search(r"Mô hình giảm nghèo \((\d+)\)", page)
        return int(found.group(1)) + (int(models_found.group(1)) if models_found else 0)

    for district in ("bac-lieu", "gia-rai", "dong-hai", "hoa-binh", "hong-dan", "phuoc-long", "vinh-loi"):
        assert count("dia-ban", district) > 0, district
    assert count("dia-ban", "toan-tinh") > 0
    communes = [
        p.parent.name
        for p in (output / "dia-ban").glob("*/index.html")
        if p.parent.name.startswith(("xa-", "phuong-")) and count("dia-ban", p.parent.name) > 0
    ]
    assert len(communes) >= 3
    programs = [
        p.parent.name
        for p in (output / "chuong-trinh").glob("*/index.html")
        if count("chuong-trinh", p.parent.name) > 0
    ]
    assert len(programs) >= 5 and "ctmtqg-2026-2035" in programs

    reform = datetime.date(2025, 7, 1)
    dates = [
        datetime.date.fromisoformat(
            re.search(r"^date:\s*(\d{4}-\d\d-\d\d)", p.read_text(encoding="utf-8"), re.M | re.I).group(1)
        )
        for p in articles
    ]
    assert any(d < reform for d in dates) and any(d >= reform for d in dates)
    assert list((ROOT / "content" / "images").rglob("*.jpg"))


def test_sample_feeds_pass_the_w3c_validator_rules(production):
    import feedparser

    from giamngheo.publishing import feedcheck

    output, _ = production
    paths = sorted(p for p in output.rglob("*.xml") if p.name.endswith(("rss.xml", "atom.xml")))
    assert len(paths) > 60
    for path in paths:
        url = f"{SITEURL}/{path.relative_to(output).as_posix()}"
        check = feedcheck.check_rss if path.name.endswith("rss.xml") else feedcheck.check_atom
        assert check(path.read_bytes(), url) == [], path
        assert feedparser.parse(path.read_bytes()).bozo == 0, path
