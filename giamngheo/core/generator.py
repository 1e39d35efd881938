"""The one generator of every content type the core reads (Pelican reads its articles and pages).

For each declared type, `generator_class` makes a subclass of `ContentGenerator` (or of the
type's own `generator`, which adds checks or pages) bound to the type: it reads the type's
folders with Pelican's readers and content cache, files items by status, and writes each
item's page and the type's list page.
"""

import os

from pelican.generators import CachingGenerator

from .content import content_types, newest_first
from .output import Writes
from .problems import ContentProblem, metadata_line, relative_source, report


class ContentGenerator(CachingGenerator):
    """Reads and writes the items of one declared content type (`content_type`)."""

    content_type = None  # set on the subclass made for each type
    writes = Writes.ITEMS  # its items' pages and its list page (the preview's fast path)

    def __init__(self, *args, **kwargs):
        for key in self.content_type.context_keys:
            setattr(self, key, [])
        super().__init__(*args, **kwargs)

    @property
    def items(self):
        """Published items, newest first."""
        return getattr(self, self.content_type.context_key)

    @property
    def written(self):
        """Items that have a page: published and hidden ones (hidden: listed nowhere)."""
        return self.items + getattr(self, self.content_type.context_keys[2])

    def generate_context(self):
        declared = self.content_type
        published, drafts, hidden = [], [], []
        paths = self.settings[declared.paths_setting]
        for path in self.get_files(paths, exclude=self.settings.get(f"{declared.url_prefix}_EXCLUDES", [])):
            item = self.get_cached_data(path, None)
            if item is None:
                try:
                    item = self.readers.read_file(
                        base_path=self.path, path=path, content_class=declared.content_class, context=self.context
                    )
                except Exception as error:  # Pelican's readers raise anything; name the file
                    self.report(
                        path,
                        None,
                        f"Không đọc được tệp {declared.label.lower()}.",
                        "Kiểm tra phần đầu tệp (các dòng “Tên: giá trị”).",
                        repr(error),
                    )
                    self._add_failed_source_path(path)
                    continue
                if not item.is_valid():
                    self._add_failed_source_path(path)
                    continue
                self.cache_data(path, item)
            self.prepare(item)
            if item.status == "published":
                published.append(item)
            elif item.status == "draft":
                drafts.append(item)
            elif item.status == "hidden":
                hidden.append(item)  # written at its address, listed nowhere, as Pelican does
            self.add_source_path(item)
            self.add_static_links(item)
        for key, items in zip(
            declared.context_keys, (newest_first(published), drafts, newest_first(hidden)), strict=True
        ):
            setattr(self, key, items)
        self._update_context(declared.context_keys)
        self.save_cache()
        self.readers.save_cache()

    def prepare(self, item):
        """What a type's own generator does to each item once read (typed facts, checks)."""

    def report(self, path, line, message, fix, detail):
        """A content problem in `path` (relative to PATH, or absolute)."""
        source = os.path.join(self.path, path) if not os.path.isabs(path) else path
        report(self.context, ContentProblem(relative_source(source, self.path), line, message, fix, detail))

    def problem(self, item, key, message, fix, detail):
        """A content problem in the field `key` of `item`, at that field's line (the title's
        when the field is missing)."""
        line = metadata_line(item.source_path, key) or metadata_line(item.source_path, "title")
        self.report(item.source_path, line, message, fix, detail)

    def generate_output(self, writer):
        declared = self.content_type
        for item in self.written:
            writer.write_file(
                item.save_as,
                self.get_template(item.template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=item.url,
                **{declared.name: item},
            )
        if declared.list_template:
            url = self.settings[declared.index_url_setting]
            writer.write_file(
                self.settings[declared.index_url_setting.removesuffix("_URL") + "_SAVE_AS"],
                self.get_template(declared.list_template),
                self.context,
                paginated={declared.context_key: self.items},
                template_name=declared.list_template,
                url=url,
                relative_urls=self.settings["RELATIVE_URLS"],
                page_name=url.strip("/"),
            )

    def refresh_metadata_intersite_links(self):
        for item in self.written:
            item.refresh_metadata_intersite_links()


def generator_class(declared):
    """The generator class that reads and writes `declared`."""
    base = declared.generator or ContentGenerator
    return type(f"{declared.name.capitalize()}Generator", (base,), {"content_type": declared, "writes": base.writes})


def get_generators(pelican):
    """A generator for each type the core reads, in the order the types were declared."""
    return [generator_class(t) for t in content_types(pelican.settings).values() if t.read_by_core]
