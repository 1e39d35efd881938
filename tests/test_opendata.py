"""Open data (plugins/opendata/): the Data Package built from the fixture site for production,
with a draft profile added, validated by frictionless and compared with the published pages."""

import csv
import io
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURE_SITE, build

from giamngheo.showcase.fields import FIELDS

SITEURL = "https://example.org/giam-ngheo"
DRAFT = """Title: Mô hình bản nháp chưa đăng
Date: 2025-10-01 08:00
Area: Xã Ninh Quới
Kind: Chăn nuôi
Status: draft
Start_year: 2025
Lead_unit: Hội Nông dân xã
Households_total: 7

Nội dung nháp.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    content = tmp_path_factory.mktemp("opendata-content") / "content"
    shutil.copytree(FIXTURE_SITE, content)
    (content / "mo-hinh" / "ban-nhap.md").write_text(DRAFT, encoding="utf-8")
    output = content.parent / "output"
    records = build(content, output, "publishconf.py", SITEURL=SITEURL, STATISTICS_DATA_PATH="so-lieu")
    assert [r.getMessage() for r in records] == []
    return output


def package(site):
    return json.loads((site / "du-lieu" / "datapackage.json").read_text(encoding="utf-8"))


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path  # the BOM: Excel then reads UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_frictionless_validates_the_built_package(site):
    frictionless = pathlib.Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", "datapackage.json"],
        cwd=site / "du-lieu",
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["valid"], [e for task in report["tasks"] for e in task["errors"]][:5]
    assert result.returncode == 0
    checked = {task["name"] for task in report["tasks"] if task["type"] == "table"}
    assert {"mo-hinh", "mo-hinh-json", "ty-le-ho-ngheo", "ty-le-ho-ngheo-json", "tong-hop-mo-hinh"} <= checked


def test_the_validator_speaks_up_on_a_broken_table(site, tmp_path):
    copy = tmp_path / "du-lieu"
    shutil.copytree(site / "du-lieu", copy)
    text = (copy / "ty-le-ho-ngheo.csv").read_text(encoding="utf-8-sig").replace("0.0069", "khoảng 0,7")
    (copy / "ty-le-ho-ngheo.csv").write_text(text, encoding="utf-8-sig")
    frictionless = pathlib.Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "--json", "datapackage.json"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not json.loads(result.stdout)["valid"]


def published_models(site):
    # Every folder under mo-hinh/ but those of the kinds, the pages and the comparison.
    return {p.parent.name for p in (site / "mo-hinh").glob("*/index.html")} - {"loai", "trang", "so-sanh"}


def test_models_match_the_published_profiles_exactly(site):
    rows = read_csv(site / "du-lieu" / "mo-hinh.csv")
    assert {row["slug"] for row in rows} == published_models(site)
    assert len(rows) == 3  # no draft, no profile dated 2031
    text = (site / "du-lieu" / "mo-hinh.csv").read_text(encoding="utf-8-sig")
    assert "bản nháp" not in text and "2031" not in text
    for row in rows:
        assert row["url"] == f"{SITEURL}/mo-hinh/{row['slug']}/"
    data = json.loads((site / "du-lieu" / "mo-hinh.json").read_text(encoding="utf-8"))
    assert [d["slug"] for d in data] == [r["slug"] for r in rows]


def test_every_typed_field_is_a_column_with_slugs_and_names(site):
    [resource] = [r for r in package(site)["resources"] if r["name"] == "mo-hinh"]
    names = [field["name"] for field in resource["schema"]["fields"]]
    assert {field.key for field in FIELDS} <= set(names)
    assert {"area_slugs", "area_names", "program_slugs", "program_names", "kind_slug", "kind_name"} <= set(names)
    assert next(r for r in read_csv(site / "du-lieu" / "mo-hinh.csv"))["slug"]
    [tom_lua] = [
        d for d in json.loads((site / "du-lieu" / "mo-hinh.json").read_text(encoding="utf-8")) if d["slug"] == "tom-lua"
    ]
    assert tom_lua["area_slugs"] == "xa-ninh-quoi" and tom_lua["area_names"] == "Xã Ninh Quới"
    assert tom_lua["households_total"] == 10 and tom_lua["funding_central"] == 1_500_000_000
    assert tom_lua["revolving"] is False and tom_lua["replicable"] is True
    assert tom_lua["program_slugs"] == "ctmtqg-2026-2035; du-an-3"


def test_csv_and_json_hold_the_same_rows(site):
    for resource in package(site)["resources"]:
        if resource["format"] != "json":
            continue
        rows = read_csv(site / "du-lieu" / resource["path"].replace(".json", ".csv"))
        data = json.loads((site / "du-lieu" / resource["path"]).read_text(encoding="utf-8"))
        as_text = [
            {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in d.items()}
            for d in data
        ]
        assert as_text == rows, resource["name"]


def test_figures_and_totals_are_published(site):
    rates = read_csv(site / "du-lieu" / "ty-le-ho-ngheo.csv")
    assert [(r["area_slug"], r["date"], r["poor"], r["source"]) for r in rates] == [
        ("toan-tinh", "2022-12-31", "0.0319", "Nguồn thử A"),
        ("hong-dan", "2023-12-31", "0.025", "Nguồn thử C"),
        ("toan-tinh", "2024-12-31", "0.0069", "Nguồn thử B"),
    ]
    assert read_csv(site / "du-lieu" / "ho-thoat-ngheo.csv")[1]["households"] == "1234"
    totals = {(r["group"], r["slug"]): r for r in read_csv(site / "du-lieu" / "tong-hop-mo-hinh.csv")}
    assert totals[("dia-ban", "hong-dan")]["models"] == "1"  # Xã Ninh Quới's profile, not the draft
    assert totals[("dia-ban", "hong-dan")]["households_total"] == "10"


def test_license_publisher_and_date(site):
    data = package(site)
    assert data["licenses"][0]["name"] == "CC-BY-4.0"
    assert data["contributors"][0]["role"] == "publisher"
    assert data["created"] == "2026-03-01T08:00:00+07:00"  # the newest published profile, not the clock


def test_the_page_describes_the_datasets_with_dataset_json_ld(site):
    text = (site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    [block] = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]
    assert block["@type"] == "Dataset" and block["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert block["dateModified"] == "2026-03-01T08:00:00+07:00"
    urls = [d["contentUrl"] for d in block["distribution"]]
    assert f"{SITEURL}/du-lieu/datapackage.json" in urls and f"{SITEURL}/du-lieu/mo-hinh.csv" in urls
    for url in urls:
        assert (site / url[len(SITEURL) + 1 :]).is_file(), url
        assert f'href="{url}"' in text or (url.endswith("datapackage.json") and "datapackage.json" in text)
    assert "CC-BY-4.0" in text and "Dữ liệu cập nhật đến" in text


def test_license_comes_from_settings(tmp_path):
    output = tmp_path / "output"
    license_ = {
        "name": "ODC-BY-1.0",
        "title": "Open Data Commons Attribution License",
        "path": "https://opendatacommons.org/licenses/by/1-0/",
    }
    build(FIXTURE_SITE, output, "publishconf.py", SITEURL=SITEURL, OPENDATA_LICENSE=license_)
    assert package(output)["licenses"] == [license_]
