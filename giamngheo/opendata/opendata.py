"""Pelican plugin: open data (Dữ liệu mở) at /du-lieu/.

A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/) with a Table
Schema for every resource: the published model profiles (every typed field of
showcase.fields, with the slugs and names of their areas, programs and kind), the figures
staff publish (giamngheo.stats) and the totals computed from the profiles. Each table is
written as CSV (UTF-8 with a byte order mark, so that Excel shows Vietnamese) and as JSON.
The page that describes them carries schema.org `Dataset` JSON-LD with its distributions.

Only published content: drafts and future-dated profiles never appear, whatever the
preview settings. Nothing depends on the clock: the date of the data is the newest date
in it, so an unchanged site builds to unchanged files.
"""

import csv
import dataclasses
import datetime
import io
import json
import os
import zoneinfo

from markupsafe import Markup
from pelican.generators import Generator

from giamngheo import core
from giamngheo.core import content_types, published
from giamngheo.showcase import MODEL
from giamngheo.showcase.fields import FIELDS, OPERATIONS
from giamngheo.stats.figures import TABLES
from giamngheo.stats.totals import SUMMED_KEYS

# Every setting this plugin reads, with its default. pelicanconf.py may override any of them.
DEFAULTS = {
    "OPENDATA_URL": "du-lieu/",
    "OPENDATA_SAVE_AS": "du-lieu/index.html",
    "OPENDATA_NAME": "giam-ngheo-bac-lieu",  # the package's machine name
    "OPENDATA_LICENSE": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "OPENDATA_PUBLISHER": None,  # {"name": …, "url": …}; None: the site itself
}
# The package holds the profiles with their terms, and the stats plugin's figures and totals.
AFTER = ("giamngheo.showcase", "giamngheo.taxonomy", "giamngheo.stats")

# Table Schema types of the profile fields, by how showcase.fields reads them.
DISPLAY_TYPES = {"count": "integer", "money": "integer", "income": "integer", "year": "year", "yes_no": "boolean"}
UNITS = {"money": "đồng", "income": "đồng/người/tháng"}


@dataclasses.dataclass
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, year, boolean, date
    title: str
    description: str = ""
    constraints: dict = dataclasses.field(default_factory=dict)

    def schema(self):
        field = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            field["description"] = self.description
        if self.type == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
        if self.constraints:
            field["constraints"] = self.constraints
        return field


@dataclasses.dataclass
class Dataset:
    """One table of the package: its columns and rows (dicts of plain Python values)."""

    name: str  # resource name and file name: mo-hinh -> mo-hinh.csv, mo-hinh.json
    title: str
    description: str
    columns: list
    rows: list
    primary_key: list = dataclasses.field(default_factory=list)


def _joined(terms, attribute):
    return "; ".join(getattr(term, attribute) for term in terms) or None


def model_dataset(models, absolute):
    """Every published profile, one row each, every typed field."""
    columns = [
        Column(
            "slug",
            "string",
            "Mã hồ sơ",
            "Phần cuối địa chỉ của hồ sơ; không đổi khi sửa bài.",
            {"required": True, "unique": True},
        ),
        Column("title", "string", "Tên mô hình", constraints={"required": True}),
        Column("url", "string", "Địa chỉ trang hồ sơ", constraints={"required": True}),
        Column("date", "date", "Ngày đăng", constraints={"required": True}),
        Column("modified", "date", "Ngày cập nhật"),
        Column("summary", "string", "Tóm tắt"),
        Column("area_slugs", "string", "Mã địa bàn", "Các mã cách nhau bằng “; ”, như trong /dia-ban/<mã>/."),
        Column("area_names", "string", "Địa bàn", "Các tên cách nhau bằng “; ”."),
        Column(
            "program_slugs", "string", "Mã chương trình", "Các mã cách nhau bằng “; ”, như trong /chuong-trinh/<mã>/."
        ),
        Column("program_names", "string", "Chương trình", "Các tên cách nhau bằng “; ”."),
        Column("kind_slug", "string", "Mã loại hình"),
        Column("kind_name", "string", "Loại hình"),
    ]
    for field in FIELDS:
        unit = UNITS.get(field.display) or field.unit
        constraints = {"enum": list(OPERATIONS)} if field.key == "operation" else {}
        columns.append(
            Column(
                field.key,
                DISPLAY_TYPES.get(field.display, "string"),
                field.label,
                f"Đơn vị: {unit}." if unit else "",
                constraints,
            )
        )
    columns.append(Column("funding_total", "integer", "Tổng kinh phí", "Tổng bốn nguồn vốn có ghi; đơn vị: đồng."))
    rows = []
    for model in sorted(models, key=lambda m: m.slug):
        modified = getattr(model, "modified", None)
        row = {
            "slug": model.slug,
            "title": model.title,
            "url": absolute(model.url),
            "date": model.date.date().isoformat(),
            "modified": modified.date().isoformat() if modified else None,
            "summary": " ".join(Markup(model.metadata.get("summary", "")).striptags().split()) or None,
            "area_slugs": _joined(getattr(model, "areas", []), "slug"),
            "area_names": _joined(getattr(model, "areas", []), "name"),
            "program_slugs": _joined(getattr(model, "programs", []), "slug"),
            "program_names": _joined(getattr(model, "programs", []), "name"),
            "kind_slug": model.kind.slug if getattr(model, "kind", None) else None,
            "kind_name": model.kind.name if getattr(model, "kind", None) else None,
        }
        row.update({field.key: model.facts.values.get(field.key) for field in FIELDS})
        row["funding_total"] = model.facts.funding_total
        rows.append(row)
    return Dataset(
        "mo-hinh",
        "Hồ sơ mô hình giảm nghèo",
        "Mỗi dòng là một hồ sơ mô hình đã đăng trên trang, với mọi trường số liệu của hồ sơ.",
        columns,
        rows,
        ["slug"],
    )


def figure_dataset(table, figures):
    """One table of published figures (poverty rates, households that left poverty, spending)."""
    subject = "Chương trình" if table.subject == "program" else "Địa bàn"
    columns = [
        Column(f"{table.subject}_slug", "string", f"Mã {subject.lower()}", constraints={"required": True}),
        Column(f"{table.subject}_name", "string", subject, constraints={"required": True}),
    ]
    if table.optional_area:
        columns += [Column("area_slug", "string", "Mã địa bàn"), Column("area_name", "string", "Địa bàn")]
    columns.append(Column("date", "date", "Thời điểm của số liệu", "Ngày mà số liệu tính đến.", {"required": True}))
    for value in table.values:
        description = (
            "Tỷ lệ, ví dụ 0.0069 là 0,69%."
            if value.type == "number"
            else ("Đơn vị: đồng." if value.key == "amount" else "")
        )
        columns.append(Column(value.key, value.type, value.label, description))
    columns += [
        Column("source", "string", "Nguồn", constraints={"required": True}),
        Column("date_note", "string", "Lưu ý về thời điểm", "Có khi thời điểm của số liệu chưa chắc chắn."),
        Column("note", "string", "Ghi chú"),
    ]
    rows = []
    for figure in figures:
        row = {f"{table.subject}_slug": figure.subject.slug, f"{table.subject}_name": figure.subject.name}
        if table.optional_area:
            row.update(
                area_slug=figure.area.slug if figure.area else None, area_name=figure.area.name if figure.area else None
            )
        row["date"] = figure.date.isoformat()
        row.update({value.key: figure.values.get(value.key) for value in table.values})
        row.update(source=figure.source, date_note=figure.date_note or None, note=figure.note or None)
        rows.append(row)
    names = {
        "poverty_rates": "ty-le-ho-ngheo",
        "households_left_poverty": "ho-thoat-ngheo",
        "program_spending": "kinh-phi-chuong-trinh",
    }
    return Dataset(
        names[table.name],
        table.title,
        f"Số liệu đã công bố: {table.title.lower()}, mỗi dòng có thời điểm và nguồn.",
        columns,
        rows,
    )


def totals_dataset(groups):
    """Totals computed from the profiles, per area, program and kind."""
    columns = [
        Column(
            "group", "string", "Nhóm", "dia-ban, chuong-trinh hoặc loai-hinh.", {"required": True, "enum": list(groups)}
        ),
        Column("slug", "string", "Mã", constraints={"required": True}),
        Column("name", "string", "Tên", constraints={"required": True}),
        Column("models", "integer", "Số mô hình"),
    ]
    labels = {field.key: field.label for field in FIELDS}
    columns += [Column(key, "integer", labels[key]) for key in SUMMED_KEYS]
    columns.append(Column("funding_total", "integer", "Tổng kinh phí", "Đơn vị: đồng."))
    rows = []
    for group, terms in groups.items():
        for term in terms:
            totals = term.totals
            row = {"group": group, "slug": term.slug, "name": term.name, "models": totals.models}
            row.update({key: totals.get(key) for key in SUMMED_KEYS})
            row["funding_total"] = totals.funding_total
            rows.append(row)
    return Dataset(
        "tong-hop-mo-hinh",
        "Tổng hợp từ hồ sơ mô hình",
        "Cộng các trường số của hồ sơ mô hình theo địa bàn (huyện cũ gồm cả các xã, phường trên địa bàn), "
        "chương trình (gồm cả các dự án thành phần) và loại hình. Hồ sơ không ghi một trường thì không được cộng vào trường đó.",
        columns,
        rows,
        ["group", "slug"],
    )


def _csv_text(dataset):
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    for row in dataset.rows:
        writer.writerow(["" if row.get(c.name) is None else _cell(row.get(c.name)) for c in dataset.columns])
    return output.getvalue()


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class OpenDataGenerator(Generator):
    """Writes the Data Package and its page after giamngheo.stats has done its sums."""

    writes = core.Writes.SITE  # made from data and every profile: the full build writes it

    def absolute(self, url):
        return f"{self.settings['SITE_ABSOLUTE_URL']}/{url}"

    def generate_context(self):
        pass  # everything it publishes is read and summed by the plugins before it

    def _published_models(self):
        now = datetime.datetime.now(datetime.UTC)
        return [m for m in published(self.context, MODEL.name) if m.status == "published" and m.date <= now]

    def datasets(self):
        models = self._published_models()
        figures = self.context.get("statistics_figures", {})
        datasets = [model_dataset(models, self.absolute)]
        # The types that declare their own table (`open_data`: documents' numbers, issuers and
        # files; events' start, place and organiser), with what is published by now.
        now = datetime.datetime.now(datetime.UTC)
        for declared in content_types(self.settings).values():
            if declared.open_data:
                items = [i for i in published(self.context, declared.name) if declared.published_date(i) <= now]
                datasets.append(declared.open_data(items, self.absolute))
                models = models + items  # their dates date the package too
        datasets += [figure_dataset(table, figures.get(table.name, [])) for table in TABLES]
        groups = {
            "dia-ban": self.context.get("areas", []),
            "chuong-trinh": self.context.get("programs", []),
            "loai-hinh": self.context.get("kinds", []),
        }
        if all(hasattr(term, "totals") for terms in groups.values() for term in terms):
            datasets.append(totals_dataset(groups))
        zone = zoneinfo.ZoneInfo(self.settings["TIMEZONE"])
        moments = [m.date for m in models] + [m.modified for m in models if getattr(m, "modified", None)]
        moments += [
            datetime.datetime.combine(f.date, datetime.time(), zone) for table in figures.values() for f in table
        ]
        return datasets, max(moments) if moments else None

    def generate_output(self, writer):
        datasets, updated = self.datasets()
        folder = self.settings["OPENDATA_URL"]
        publisher = self.settings["OPENDATA_PUBLISHER"] or {"name": self.settings["SITENAME"], "url": self.absolute("")}
        license_ = self.settings["OPENDATA_LICENSE"]
        resources = []
        for dataset in datasets:
            schema = {"fields": [column.schema() for column in dataset.columns], "missingValues": [""]}
            if dataset.primary_key:
                schema["primaryKey"] = dataset.primary_key
            for extension, media_type, text in (
                ("csv", "text/csv", _csv_text(dataset)),
                ("json", "application/json", json.dumps(dataset.rows, ensure_ascii=False, indent=1) + "\n"),
            ):
                path = f"{dataset.name}.{extension}"
                encoding = "utf-8-sig" if extension == "csv" else "utf-8"  # the BOM, for Excel
                self._write(f"{folder}{path}", text, encoding)
                if extension == "json" and not dataset.rows:
                    continue  # "[]" has no columns to check; the CSV (a header line) stands for it
                resource = {
                    "name": dataset.name if extension == "csv" else f"{dataset.name}-json",
                    "path": path,
                    "profile": "tabular-data-resource",
                    "title": dataset.title + ("" if extension == "csv" else " (JSON)"),
                    "description": dataset.description,
                    "format": extension,
                    "mediatype": media_type,
                    "encoding": "utf-8",
                    "schema": schema,
                }
                if extension == "csv":  # frictionless counts the bytes of CSV files only
                    resource["bytes"] = len(text.encode(encoding))
                    resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
                resources.append(resource)
        package = {
            "profile": "tabular-data-package",
            "name": self.settings["OPENDATA_NAME"],
            "title": f"{self.settings['SITENAME']}: dữ liệu mở",
            "description": "Hồ sơ mô hình giảm nghèo, số liệu thống kê đã công bố và số liệu tổng hợp từ các hồ sơ, "
            "vùng Bạc Liêu (từ ngày 01/07/2025 thuộc tỉnh Cà Mau).",
            "homepage": self.absolute(folder),
            "language": "vi",
            "created": updated.isoformat() if updated else None,
            "version": updated.strftime("%Y.%m.%d") if updated else "0",
            "licenses": [license_],
            "contributors": [{"title": publisher["name"], "path": publisher.get("url", ""), "role": "publisher"}],
            "keywords": ["giảm nghèo", "hộ nghèo", "mô hình giảm nghèo", "Bạc Liêu", "Cà Mau"],
            "resources": resources,
        }
        package = {key: value for key, value in package.items() if value is not None}
        self._write(f"{folder}datapackage.json", json.dumps(package, ensure_ascii=False, indent=1) + "\n", "utf-8")
        core.write_page(
            self,
            writer,
            "OPENDATA",
            "opendata",
            datasets=datasets,
            package=package,
            updated=updated,
            dataset_ld=self._dataset_ld(package, datasets, publisher, license_, updated),
        )

    def _dataset_ld(self, package, datasets, publisher, license_, updated):
        """schema.org Dataset, so that data portals and search engines find the package."""
        folder = self.settings["OPENDATA_URL"]
        distribution = [
            {
                "@type": "DataDownload",
                "name": "Data Package (Frictionless)",
                "encodingFormat": "application/json",
                "contentUrl": self.absolute(f"{folder}datapackage.json"),
            }
        ]
        for dataset in datasets:
            for extension, media_type in (("csv", "text/csv"), ("json", "application/json")):
                distribution.append(
                    {
                        "@type": "DataDownload",
                        "name": f"{dataset.title} ({extension.upper()})",
                        "encodingFormat": media_type,
                        "contentUrl": self.absolute(f"{folder}{dataset.name}.{extension}"),
                    }
                )
        data = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": package["title"],
            "description": package["description"] + " Gồm: " + "; ".join(d.title.lower() for d in datasets) + ".",
            "url": self.absolute(folder),
            "inLanguage": "vi",
            "isAccessibleForFree": True,
            "license": license_["path"],
            "publisher": {"@type": "Organization", "name": publisher["name"], "url": publisher.get("url", "")},
            "creator": {"@type": "Organization", "name": publisher["name"], "url": publisher.get("url", "")},
            "spatialCoverage": {"@type": "Place", "name": "Vùng Bạc Liêu, tỉnh Cà Mau, Việt Nam"},
            "keywords": package["keywords"],
            "distribution": distribution,
        }
        if updated:
            data["dateModified"] = updated.isoformat()
        # "</" inside a script would end it early; JSON allows "<\/".
        return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")

    def _write(self, relative, text, encoding):
        path = os.path.join(self.output_path, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding=encoding, newline="") as output:
            output.write(text)


register = core.plugin(
    # get_generators: the package needs the profiles, their terms and the statistics
    # plugin's figures and totals, so it runs as a generator listed after those plugins.
    ("get_generators", OpenDataGenerator),
)
