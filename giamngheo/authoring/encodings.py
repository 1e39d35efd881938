"""Tell which legacy Vietnamese encoding a file that is not UTF-8 was probably saved in."""

import re

# VNI writes a base letter followed by a mark byte; read as Windows-1252 the marks show up
# as these characters right after a vowel ("Vieät Nam", "ngöôøi").
_VNI_PAIR = re.compile(r"[aeiouyAEIOUYöô][âäàáåãæçøùúûüõïôöë]")
# TCVN3 (ABC) puts whole Vietnamese letters in the upper half; read as Windows-1252 they
# are these ("ViÖt Nam", "ng­êi").
_TCVN3 = set("¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖ«ÝØÙÚÜ¬ãßáâä­èåæçé¯óïñòô")

GUESSES = {
    "windows-1258": "Windows-1258 (bảng mã Vietnamese của Windows cũ)",
    "vni": "VNI (VNI-Windows, phông chữ VNI-Times …)",
    "tcvn3": "TCVN3 (ABC, phông chữ .VnTime …)",
    "unknown": "một bảng mã không phải UTF-8",
}


# Windows-1258 writes the five tones as combining bytes right after a vowel byte.
_CP1258_PAIR = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd][\xcc\xec\xd2\xde\xf2]")


def _score_cp1258(data):
    return 3 * len(_CP1258_PAIR.findall(data))


def _latin(data):
    return data.decode("cp1252", errors="replace")


def guess_encoding(data):
    """'windows-1258', 'vni', 'tcvn3' or 'unknown' for bytes that are not UTF-8."""
    latin = _latin(data)
    scores = {
        "vni": 2 * len(_VNI_PAIR.findall(latin)),
        "tcvn3": 2 * sum(1 for c in latin if c in _TCVN3),
        "windows-1258": _score_cp1258(data),
    }
    best = max(scores, key=scores.get)
    return best if scores[best] >= 6 else "unknown"  # a stray "é" proves nothing


def first_bad_line(data):
    """The 1-based line of the first byte sequence that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data[: error.start].count(b"\n") + 1
    return None
