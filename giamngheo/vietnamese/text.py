"""Vietnamese text: Unicode normalisation, diacritic-free matching keys, alphabetical order."""

import re
import unicodedata

# Marks that make a distinct letter of the Vietnamese alphabet (ă â ê ô ơ ư), as opposed to
# the five tone marks, which only order words that are otherwise equal.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# ngang, huyền, hỏi, ngã, sắc, nặng: the order of Vietnamese dictionaries.

_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def nfc(text):
    """Text in Unicode NFC, the form TCVN 6909:2001 asks for."""
    return unicodedata.normalize("NFC", text)


# Two conventions place the tone of a syllable ending in oa, oe or uy: the older on the first
# vowel (hòa, khỏe, thúy), the newer on the second (hoà, khoẻ, thuý). Both are correct and
# both are in use, so matching puts the tone on the second vowel, as the newer one does.
_OLD_TONE_PLACE = re.compile(
    r"([oO](?=.[aAeE])|[uU](?=.[yY]))([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])(?![\w\u0300-\u036f])"
)


def same_tone_place(text):
    """Text (NFC) with the tone of a final oa, oe or uy on its second vowel: "hòa" -> "hoà",
    "Thúy" -> "Thuý"; "hoàng", "quý" and "thuở" are left as they are."""
    return unicodedata.normalize("NFC", _OLD_TONE_PLACE.sub(r"\1\3\2", unicodedata.normalize("NFD", text)))


def strip_diacritics(text):
    """Text without any diacritic, with đ/Đ as d/D ("Đông Hải" -> "Dong Hai")."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text):
    """A matching key: lower case, no diacritics, punctuation as spaces, spaces collapsed."""
    bare = strip_diacritics(text).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _letters(char):
    """(letter rank, tone rank) of one character, or None for a character outside a-z."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in (_BREVE, _CIRCUMFLEX, _HORN):
            base = unicodedata.normalize("NFC", base + mark)
        elif mark in _TONES:
            tone = _TONES[mark]
    if base == "đ" or char in "đĐ":
        base = "đ"
    rank = _LETTER_RANK.get(base)
    return None if rank is None else (rank, tone)


def sort_key(text):
    """Key for Vietnamese alphabetical order (a ă â b c d đ e ê …), tones breaking ties.

    Python's default order is by code point, which puts "Đông Hải" after "Vĩnh Lợi".
    """
    primary, secondary = [], []
    for char in same_tone_place(text):
        letter = _letters(char)
        if letter is None:
            # Digits, spaces and punctuation sort before letters, by code point.
            primary.append((0, ord(char)))
            secondary.append(0)
        else:
            primary.append((1, letter[0]))
            secondary.append(letter[1])
    return (tuple(primary), tuple(secondary), text)
