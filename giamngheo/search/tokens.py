"""Vietnamese text as search terms: syllables, their folded (diacritic-free) form, bigrams.

Vietnamese writes one syllable per space-separated token and most words are two syllables
("nhà ở", "hỗ trợ"), so the index's terms are single syllables and pairs of neighbouring
syllables within a sentence. A pair only matches where the two syllables stand side by
side: "nhà ở" never matches a page holding "nhà" and "ở" far apart. Each term is kept as
written (lower case, NFC) and folded (no tone or vowel marks, đ as d), so "ho tro" finds
"hỗ trợ" while a query typed with its marks ranks the exact spelling first.

`theme/static/js/search.js` holds the same rules in JavaScript (`syllables`, `fold`);
tests/test_search_tokens.py checks both against one table.
"""

import itertools
import re
import unicodedata

from giamngheo.vietnamese.text import same_tone_place

BREAK = "|"  # stands where a sentence or a bracket ends: no pair is made across it
_BREAKS = re.compile(r"[.!?;:…()\[\]{}|]+")
# Any other character that is neither a letter, a digit, a mark nor a space separates
# syllables without ending the run: "tôm – lúa", "tôm/lúa" and "nuôi dê, heo" keep their pairs.
_SEPARATORS = re.compile(r"[^\w\s\u0300-\u036f|]+|_+")


def _fold_table():
    """str.translate table: each precomposed Latin letter to its bare lower-case letter,
    combining marks (NFD input) to nothing, đ to d."""
    table = dict.fromkeys(range(0x300, 0x370))
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        decomposed = unicodedata.normalize("NFD", chr(code).lower())
        if len(decomposed) > 1 and decomposed[0].isascii() and all(unicodedata.combining(c) for c in decomposed[1:]):
            table[code] = decomposed[0]
    table.update({ord("đ"): "d", ord("Đ"): "d"})
    return table


FOLD = _fold_table()


def fold(text):
    """`text` lower case without diacritics, đ as d ("Đông Hải" -> "dong hai"); NFC or NFD."""
    return text.lower().translate(FOLD)


def syllables(text):
    """The syllables of `text`, lower case and NFC, with BREAK where a sentence ended; the tone
    of a final oa, oe, uy on its second vowel ("hòa" and "hoà" are one spelling)."""
    text = _BREAKS.sub(f" {BREAK} ", same_tone_place(text).lower())
    return _SEPARATORS.sub(" ", text).split()


def terms(words):
    """Every syllable and every pair of neighbouring syllables (joined by "_") of `words`,
    as written, once per occurrence."""
    found = [w for w in words if w != BREAK]
    found += [f"{a}_{b}" for a, b in itertools.pairwise(words) if a != BREAK and b != BREAK]
    return found
