"""Controlled vocabularies (areas, programs, kinds, units) read from content/data/*.yml, and the
matching of what staff write ("Hong Dan", "huyện Hồng Dân") to one entry."""

import dataclasses
import datetime
import difflib
import re

import yaml

from giamngheo.core import ContentProblem, yamldata
from giamngheo.vietnamese.text import fold, nfc

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KNOWN_KEYS = {
    "slug",
    "name",
    "short_name",
    "type",
    "valid_from",
    "valid_until",
    "parent",
    "aliases",
    "predecessors",
    "area",
}

# Unit-type prefixes as staff write them (folded), and the canonical form each stands for.
UNIT_PREFIXES = {
    "thanh pho": "thanh pho",
    "thi xa": "thi xa",
    "phuong": "phuong",
    "huyen": "huyen",
    "tinh": "tinh",
    "thi tran": "thi tran",
    "tp": "thanh pho",
    "tt": "thi tran",
    "tx": "thi xa",
    "xa": "xa",
    "h": "huyen",
    "p": "phuong",
}


@dataclasses.dataclass(frozen=True)
class Entry:
    """One area, program or kind as declared in its data file."""

    slug: str
    name: str
    type: str = ""
    short_name: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    parents: tuple = ()  # slugs; a new commune may lie on the land of two former districts
    aliases: tuple = ()
    predecessors: tuple = ()  # names of the former units it replaced, in use before valid_from
    area: str = ""  # a unit's area (slug in areas.yml)
    line: int | None = None

    @property
    def parent(self):
        """The first parent's slug (breadcrumbs follow it), or None."""
        return self.parents[0] if self.parents else None

    def valid_on(self, day):
        """Whether the unit or program existed on that day."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def named_on(self, day, tier):
        """Whether a name of this tier meant this entry on that day: its own names while it
        exists, its predecessors' names (tier PREDECESSOR) before it began."""
        if tier == PREDECESSOR:
            return not (self.valid_from and day >= self.valid_from)
        return self.valid_on(day)


# How a name leads to an entry: its own name, short name or alias (preferred), or the name of
# a former unit it replaced ("xã Vĩnh Hậu A" -> Xã Vĩnh Hậu).
OWN, PREDECESSOR = 0, 1


class NoMatch(Exception):
    """A value matches no entry; `suggestions` holds the nearest entries."""

    def __init__(self, value, suggestions):
        super().__init__(value)
        self.value = value
        self.suggestions = suggestions


class AmbiguousMatch(Exception):
    """A value matches several entries, and the date does not tell them apart."""

    def __init__(self, value, candidates):
        super().__init__(value)
        self.value = value
        self.candidates = candidates


def _split_prefix(key, prefixes):
    """('huyen', 'hong dan') for 'huyen hong dan'; (None, key) when there is no prefix."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if key.startswith(prefix + " "):
            return prefixes[prefix], key[len(prefix) + 1 :]
    return None, key


class Vocabulary:
    """The entries of one data file, with matching that ignores case, diacritics, Unicode
    form and (for areas) the unit-type prefix."""

    def __init__(self, entries, prefixes=None):
        self.entries = {entry.slug: entry for entry in entries}
        self.prefixes = prefixes or {}
        self._exact = {}  # folded full name, short name or alias -> {slug: tier}
        self._bare = {}  # the same without a unit-type prefix -> {slug: tier}
        for entry in entries:
            names = {fold(n) for n in (entry.name, entry.short_name) if n}
            bare_names = {_split_prefix(name, self.prefixes)[1] for name in names}
            # An alias that is only the bare name again ("Hoà Bình") must not make that
            # bare name exact: the content's date decides between a district and a commune.
            keys = names | {fold(alias) for alias in entry.aliases if fold(alias) not in bare_names}
            for key in filter(None, keys):
                self._add(self._exact, key, entry.slug, OWN)
            # Only the names lose their prefix: an alias such as "tỉnh Bạc Liêu" must not
            # make a bare "Bạc Liêu" mean the whole province.
            for key in filter(None, names):
                self._add(self._bare, _split_prefix(key, self.prefixes)[1], entry.slug, OWN)
            # A former commune's name, with or without its type ("xã Vĩnh Hậu A", "Vĩnh Hậu A").
            for key in filter(None, (fold(name) for name in entry.predecessors)):
                self._add(self._exact, key, entry.slug, PREDECESSOR)
                bare = _split_prefix(key, self.prefixes)[1]
                if not bare.isdigit():  # "Phường 1" must not make a bare "1" a name
                    self._add(self._bare, bare, entry.slug, PREDECESSOR)

    @staticmethod
    def _add(index, key, slug, tier):
        found = index.setdefault(key, {})
        found[slug] = min(tier, found.get(slug, tier))

    def match(self, value, day=None):
        """The one entry `value` names; on `day` when the bare name fits several.

        "Hồng Dân" names both the former district (until 30/06/2025) and the commune
        (from 01/07/2025): the date of the article decides. With a prefix ("xã Hồng Dân")
        the name is never ambiguous.
        """
        key = fold(nfc(value))
        found = self._exact.get(key)
        if not found:
            prefix, bare = _split_prefix(key, self.prefixes)
            if prefix and f"{prefix} {bare}" in self._exact:
                found = self._exact[f"{prefix} {bare}"]
            else:
                found = self._bare.get(bare)
        if not found:
            raise NoMatch(value, self.nearest(key))
        candidates = [(self.entries[slug], tier) for slug, tier in sorted(found.items())]
        if len(candidates) > 1 and day is not None:
            # "xã Phong Thạnh" in 2024 is the former commune (now in Phường Giá Rai); from
            # 1 July 2025 it is the new Xã Phong Thạnh.
            on_day = [(entry, tier) for entry, tier in candidates if entry.named_on(day, tier)]
            candidates = on_day or candidates
        # A unit's own name beats a predecessor's: before the reform a bare "Phước Long" is
        # the district, not the former xã or thị trấn Phước Long.
        best = min(tier for _, tier in candidates)
        candidates = [entry for entry, tier in candidates if tier == best]
        if len(candidates) > 1:
            raise AmbiguousMatch(value, candidates)
        return candidates[0]

    def match_list(self, text, day=None):
        """[(value, entry or NoMatch/AmbiguousMatch)] for a list staff wrote.

        Values are separated by ";" or ","; official names that contain a comma ("Dự án 1:
        Hỗ trợ …, các xã đặc biệt khó khăn …") are kept whole by trying the longest run of
        comma-separated pieces that names an entry first.
        """
        results = []
        for segment in text.split(";"):
            pieces = [piece.strip() for piece in segment.split(",")]
            start = 0
            while start < len(pieces):
                if not pieces[start]:
                    start += 1
                    continue
                for end in range(len(pieces), start, -1):
                    value = ", ".join(pieces[start:end])
                    try:
                        results.append((value, self.match(value, day)))
                    except (NoMatch, AmbiguousMatch) as error:
                        if end == start + 1:
                            results.append((value, error))
                        continue
                    break
                start = end
        return results

    def nearest(self, key, count=3):
        """Entries whose names look most like `key`, for a helpful error message."""
        _, bare = _split_prefix(key, self.prefixes)
        pool = {**self._bare, **self._exact}
        close = difflib.get_close_matches(bare, list(pool), n=count * 3, cutoff=0.5)
        close += difflib.get_close_matches(key, list(pool), n=count * 3, cutoff=0.5)
        found = []
        for candidate in close:
            for slug in sorted(pool[candidate]):
                if self.entries[slug] not in found:
                    found.append(self.entries[slug])
        return found[:count]


def _as_date(value, path, line, field, problems):
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(
            ContentProblem(
                path,
                line,
                f"Ngày “{value}” ở trường {field} không hợp lệ.",
                "Viết ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-06-30.",
                f"invalid date {value!r}",
            )
        )
        return None


def compose_list(path, display_path, missing_ok=False):
    """The YAML nodes of a data file that must be a list (they carry line numbers), and the
    problems that stop it being read. Shared by every data file under content/data/."""
    try:
        with open(path, encoding="utf-8-sig") as source:
            document = yamldata.compose(source)
    except FileNotFoundError:
        if missing_ok:
            return [], []
        problem = ContentProblem(
            display_path,
            None,
            "Không tìm thấy tệp dữ liệu.",
            "Khôi phục tệp này từ kho mã (git).",
            "data file missing",
        )
        return None, [problem]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        problem = ContentProblem(
            display_path,
            mark.line + 1 if mark else None,
            "Tệp dữ liệu viết sai cú pháp YAML.",
            "Mỗi mục bắt đầu bằng “- …: …”, các dòng sau thụt vào hai dấu cách.",
            str(error).replace("\n", " "),
        )
        return None, [problem]
    if document is None:
        return [], []
    if not isinstance(document, yaml.SequenceNode):
        problem = ContentProblem(
            display_path,
            1,
            "Tệp dữ liệu phải là một danh sách các mục.",
            "Mỗi mục bắt đầu bằng “- ”.",
            "top level is not a list",
        )
        return None, [problem]
    return document.value, []


def load_vocabulary(path, display_path, prefixes=None):
    """Read a data file; return (Vocabulary, problems). Problems name the file and line."""
    problems = []
    nodes, problems = compose_list(path, display_path)
    if nodes is None:
        return Vocabulary([], prefixes), problems
    with open(path, encoding="utf-8-sig") as source:
        raw = yamldata.load(source) or []

    entries = []
    for index, item in enumerate(raw):
        line = nodes[index].start_mark.line + 1
        if not isinstance(item, dict) or not item.get("slug") or not item.get("name"):
            problems.append(
                ContentProblem(
                    display_path,
                    line,
                    "Mục này thiếu “slug” hoặc “name”.",
                    "Mỗi mục cần ít nhất hai dòng: “slug:” và “name:”.",
                    "entry without slug/name",
                )
            )
            continue
        unknown = set(item) - KNOWN_KEYS
        if unknown:
            problems.append(
                ContentProblem(
                    display_path,
                    line,
                    f"Mục “{item['slug']}” có trường lạ: {', '.join(sorted(unknown))}.",
                    f"Chỉ dùng các trường: {', '.join(sorted(KNOWN_KEYS))}.",
                    "unknown keys",
                )
            )
        slug = str(item["slug"])
        if not SLUG_PATTERN.match(slug):
            problems.append(
                ContentProblem(
                    display_path,
                    line,
                    f"Slug “{slug}” không hợp lệ.",
                    "Slug chỉ gồm chữ thường không dấu, chữ số và dấu “-”, ví dụ “dong-hai”.",
                    "slug must match [a-z0-9-]",
                )
            )
        aliases = item.get("aliases") or []
        parents = item.get("parent") or []
        parents = [parents] if isinstance(parents, str) else parents
        entries.append(
            Entry(
                slug=slug,
                name=nfc(str(item["name"])),
                type=nfc(str(item.get("type") or "")),
                short_name=nfc(str(item.get("short_name") or "")),
                valid_from=_as_date(item.get("valid_from"), display_path, line, "valid_from", problems),
                valid_until=_as_date(item.get("valid_until"), display_path, line, "valid_until", problems),
                parents=tuple(str(parent) for parent in parents),
                aliases=tuple(nfc(str(alias)) for alias in aliases),
                predecessors=tuple(nfc(str(name)) for name in item.get("predecessors") or []),
                area=str(item.get("area") or ""),
                line=line,
            )
        )

    seen = set()
    for entry in entries:
        if entry.slug in seen:
            problems.append(
                ContentProblem(
                    display_path,
                    entry.line,
                    f"Slug “{entry.slug}” bị trùng.",
                    "Mỗi mục cần một slug riêng.",
                    "duplicate slug",
                )
            )
        seen.add(entry.slug)
    for entry in entries:
        for parent in entry.parents:
            if parent not in seen:
                problems.append(
                    ContentProblem(
                        display_path,
                        entry.line,
                        f"“{entry.name}” có parent “{parent}” không có trong tệp.",
                        "Ghi slug của một mục có trong tệp, ví dụ “hong-dan” (hai huyện cũ: [hoa-binh, vinh-loi]).",
                        "unknown parent",
                    )
                )
    return Vocabulary(entries, prefixes), problems
