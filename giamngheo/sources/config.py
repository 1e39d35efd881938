"""content/data/sources.yml: the units' own feeds the site reads, each checked with file and line."""

import dataclasses
import urllib.parse

from giamngheo.core import ContentProblem, yamldata
from giamngheo.taxonomy.vocabulary import AmbiguousMatch, NoMatch, compose_list
from giamngheo.vietnamese.text import fold, nfc

KNOWN_KEYS = {"unit", "feed", "name", "words", "max"}
EXAMPLE = "- unit: Sở Nông nghiệp và Môi trường\n  feed: https://snnmt.camau.gov.vn/rss/tin-tuc.rss"


@dataclasses.dataclass(frozen=True)
class Source:
    """One feed of one unit, as sources.yml declares it."""

    unit: str  # the unit's slug in units.yml
    feed: str  # the feed's address (http or https)
    name: str = ""  # how the site names the source ("Cổng TTĐT Sở NN&MT"); the unit's name if empty
    words: tuple = ()  # folded: keep only items whose title or summary holds one
    max_items: int | None = None  # at most this many items (SOURCES_MAX_ITEMS if None)
    line: int | None = None

    def keeps(self, text):
        """Whether an item with this title and summary passes the source's word filter."""
        folded = fold(nfc(text))
        return not self.words or any(word in folded for word in self.words)


def _problem(display_path, line, message, fix, detail):
    return ContentProblem(display_path, line, message, fix, detail)


def load_sources(path, display_path, units):
    """(sources, problems) of a sources.yml; `units` is the units' Vocabulary. A missing file
    is no source at all."""
    nodes, problems = compose_list(path, display_path, missing_ok=True)
    if not nodes:
        return [], problems
    with open(path, encoding="utf-8-sig") as file:
        raw = yamldata.load(file) or []
    sources, seen = [], {}
    for node, item in zip(nodes, raw, strict=True):
        line = node.start_mark.line + 1
        source, found = _read_entry(item, line, display_path, units)
        problems += found
        if source is None:
            continue
        if source.feed in seen:
            problems.append(
                _problem(
                    display_path,
                    line,
                    f"Kênh “{source.feed}” đã có ở dòng {seen[source.feed]}.",
                    "Mỗi kênh chỉ ghi một lần: xóa một trong hai mục.",
                    "duplicate feed",
                )
            )
            continue
        seen[source.feed] = line
        sources.append(source)
    return sources, problems


def _read_entry(item, line, display_path, units):
    """(Source or None, problems) of one entry."""
    if not isinstance(item, dict) or not item.get("unit") or not item.get("feed"):
        fix = "Mỗi mục cần ít nhất hai dòng, ví dụ:\n" + EXAMPLE
        return None, [_problem(display_path, line, "Mục này thiếu “unit” hoặc “feed”.", fix, "entry without unit/feed")]
    problems = []
    unknown = set(item) - KNOWN_KEYS
    if unknown:
        problems.append(
            _problem(
                display_path,
                line,
                f"Mục có trường lạ: {', '.join(sorted(map(str, unknown)))}.",
                f"Chỉ dùng các trường: {', '.join(sorted(KNOWN_KEYS))}.",
                "unknown keys",
            )
        )
    value = str(item["unit"])
    try:
        unit = units.match(value)
    except NoMatch as error:
        names = ", ".join(f"“{entry.name}”" for entry in error.suggestions)
        hint = f"Có phải ý bạn là: {names}? " if names else ""
        problems.append(
            _problem(
                display_path,
                line,
                f"Đơn vị “{value}” không có trong danh sách.",
                f"{hint}Viết một tên có trong content/data/units.yml, hoặc thêm đơn vị vào tệp đó.",
                f"unknown unit {value!r}",
            )
        )
        return None, problems
    except AmbiguousMatch as error:
        names = " hoặc ".join(f"“{entry.name}”" for entry in error.candidates)
        problems.append(
            _problem(
                display_path,
                line,
                f"Tên “{value}” ứng với nhiều đơn vị: {names}.",
                f"Ghi rõ tên đầy đủ, ví dụ {names}.",
                f"ambiguous unit {value!r}",
            )
        )
        return None, problems
    feed = str(item["feed"]).strip()
    parts = urllib.parse.urlsplit(feed)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(
            _problem(
                display_path,
                line,
                f"Địa chỉ kênh “{feed}” không hợp lệ.",
                "Ghi địa chỉ đầy đủ bắt đầu bằng https:// (hoặc http://), ví dụ "
                "“https://snnmt.camau.gov.vn/rss/tin-tuc.rss”.",
                "feed must be an http(s) address",
            )
        )
        return None, problems
    words = item.get("words") or []
    words = [words] if isinstance(words, str) else words
    limit = item.get("max")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        problems.append(
            _problem(
                display_path,
                line,
                f"“max: {limit}” không hợp lệ.",
                "Ghi một số nguyên dương, ví dụ “max: 5”, hoặc bỏ dòng này.",
                "max must be a positive integer",
            )
        )
        limit = None
    source = Source(
        unit=unit.slug,
        feed=feed,
        name=nfc(str(item.get("name") or "")),
        words=tuple(fold(nfc(str(word))) for word in words if str(word).strip()),
        max_items=limit,
        line=line,
    )
    return source, problems
