"""The search index: small static files a reader's browser fetches a few at a time.

Layout, under the index folder (SEARCH_BUNDLE):

- `t/<bucket>.txt`: the terms whose folded form hashes (CRC-32 of its UTF-8, modulo the
  bucket count) to <bucket>, one line each:
  `<folded term>` then, per spelling found in the content, a tab, the spelling, a space
  and its postings. A term on more than BIG_TERM pages has `*` instead, and its spellings
  and postings in `l/<crc32 in hex>.txt` (same line format), so a common term never makes
  the rare terms that share its bucket expensive.
- A posting is the difference to the previous page number in hexadecimal followed by one
  score letter (SCORES): how often the term occurs, quantised to 23 levels, and whether it
  is in the title. Page numbers follow date order, so a new article only appends.
- `d/<page number // BLOCK>.json`: for BLOCK pages, what a result shows (title, address,
  type, date, area) and the start of the text for its excerpt, fetched only for the
  results on screen.
- `loc.json`: the filters' values and, per page, which values it has; fetched only when
  the reader opens the filters.

Everything is in a fixed order and written without timestamps: the same content gives byte-identical
files, so an incremental deploy sends only what changed.
"""

import collections
import itertools
import json
import operator
import os
import zlib

from .tokens import BREAK, fold, syllables, terms

SCORES = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZABCDEF"  # no hex digit among them
LEVELS = len(SCORES) // 2  # 23 levels of frequency; the upper half marks a title term
# The filters, as named in the address; a content type adds values to the last three
# through its `search_filters` (documents: their kind, issuer and legal force).
FACETS = ("loai", "dia-ban", "chuong-trinh", "nam", "loai-van-ban", "co-quan", "hieu-luc")
BIG_TERM = 300  # pages: a term on more gets a file of its own
EXCERPT_CHARS = 1000  # text kept per page for its excerpt
# Pages per result file. Every file costs the build about as much as writing its bytes (a
# file system call or three); four short records per file keep a result under 1 KB of gzip.
BLOCK = 4
Document = collections.namedtuple("Document", "title text url kind date area filters")


def bucket_count(documents):
    """Buckets for this many pages, a power of two (the page tells the reader's browser this
    number): 2,048 for 5,000 pages, about 4 KB of gzip each on the benchmark corpus."""
    count = 16
    while count < documents // 3 and count < 8192:
        count *= 2
    return count


def bucket(folded, buckets):
    return zlib.crc32(folded.encode("utf-8")) % buckets


def level(frequency):
    """Score index of a term found `frequency` times (saturating: 1 -> 8 of 22, 3 -> 15,
    10 -> 20); a title term adds LEVELS."""
    return round((LEVELS - 1) * frequency / (frequency + 1.7))


_LEVEL = [level(frequency) for frequency in range(1 << 16)]


def postings_of(documents):
    """{spelling: [page number * 64 + score index]}, pages in order."""
    postings = collections.defaultdict(list)
    for number, document in enumerate(documents):
        base = number << 6
        title, words = syllables(document.title), syllables(document.text)
        counts = collections.Counter(title)
        counts.update(map("_".join, itertools.pairwise(title)))
        counts.update(words)
        counts.update(map("_".join, itertools.pairwise(words)))
        if len(title) + len(words) < len(_LEVEL):  # no frequency can pass the table's end
            for term, frequency in counts.items():
                postings[term].append(base + _LEVEL[frequency])
        else:
            for term, frequency in counts.items():
                postings[term].append(base + level(frequency))
        for term in set(terms(title)):
            postings[term][-1] += LEVELS
    for term in [t for t in postings if BREAK in t]:
        del postings[term]
    return postings


_HEX = [f"{number:x}" for number in range(1 << 16)]


def encode(entries):
    """Postings as text: page-number differences in hex, each followed by its score letter
    (maps over C functions: this runs for every posting of every common term)."""
    numbers = [entry >> 6 for entry in entries]
    if numbers[-1] >= len(_HEX):
        _HEX.extend(f"{number:x}" for number in range(len(_HEX), numbers[-1] + 1))
    deltas = map(operator.sub, numbers, [0, *numbers[:-1]])
    scores = map(SCORES.__getitem__, [entry & 63 for entry in entries])
    return "".join(map(operator.add, map(_HEX.__getitem__, deltas), scores))


def term_files(postings, buckets):
    """{relative path: text} of the term files. Lines follow the order of first appearance
    (pages in date order), so they are as deterministic as sorted ones and cost no sort."""
    spellings = list(postings)
    by_folded = collections.defaultdict(list)
    # One translate over all spellings at once: a call per spelling costs more than the fold.
    for folded, spelling in zip(fold("\n".join(spellings)).split("\n"), spellings, strict=True):
        by_folded[folded].append(spelling)
    lines = collections.defaultdict(list)
    files = {}
    for folded, group in by_folded.items():
        crc = zlib.crc32(folded.encode("utf-8"))
        first = postings[group[0]]
        if len(group) == 1 and len(first) == 1:  # most terms: a name, a rare pair of syllables
            lines[crc % buckets].append(f"{folded}\t{group[0]} {first[0] >> 6:x}{SCORES[first[0] & 63]}\n")
            continue
        group.sort()
        line = "".join([f"\t{s} {encode(postings[s])}" for s in group])
        if sum(len(postings[s]) for s in group) > BIG_TERM:
            files[f"l/{crc:08x}.txt"] = f"{folded}{line}\n"
            line = "\t*"
        lines[crc % buckets].append(f"{folded}{line}\n")
    for number in range(buckets):  # every bucket exists, so a miss costs a few bytes, not a 404 page
        files[f"t/{number:x}.txt"] = "".join(lines.get(number, []))
    return files


def document_files(documents):
    """`d/<page number // BLOCK>.json`: per page, what its result shows."""
    records = [
        {"t": d.title, "u": d.url, "k": d.kind, "d": d.date, "a": d.area, "x": d.text[:EXCERPT_CHARS]}
        for d in documents
    ]
    return {
        f"d/{start // BLOCK}.json": json.dumps(
            records[start : start + BLOCK], ensure_ascii=False, separators=(",", ":")
        )
        for start in range(0, len(records), BLOCK)
    }


def filter_file(documents):
    """{"names": {facet: [values]}, "pages": [[value indexes per facet] per page]}."""
    names = {facet: sorted({v for d in documents for v in d.filters.get(facet, ())}) for facet in FACETS}
    index = {facet: {v: i for i, v in enumerate(values)} for facet, values in names.items()}
    pages = [[[index[f][v] for v in sorted(d.filters.get(f, ()))] for f in FACETS] for d in documents]
    return {"loc.json": json.dumps({"names": names, "pages": pages}, ensure_ascii=False, separators=(",", ":"))}


def write_index(documents, folder, buckets):
    """Write every file of the index for `documents` (in page-number order) into `folder`."""
    files = term_files(postings_of(documents), buckets)
    files.update(document_files(documents))
    files.update(filter_file(documents))
    for sub in ("t", "l", "d"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for path, text in files.items():
        with open(os.path.join(folder, path), "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    return len(files)


__all__ = ["BLOCK", "BREAK", "Document", "bucket_count", "write_index"]
