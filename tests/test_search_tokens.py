"""Tokenising and folding Vietnamese for search, in Python (the index) and JavaScript (the
query): both must give the same terms, or a query misses what the index holds."""

import unicodedata
import zlib

import pytest

from giamngheo.search.index import BIG_TERM, SCORES, Document, bucket, bucket_count, write_index
from giamngheo.search.tokens import BREAK, fold, syllables, terms

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731

CASES = [
    # (text, its syllables as written, their folded form)
    ("Đông Hải", ["đông", "hải"], ["dong", "hai"]),
    ("ĐỒNG ĐỊNH đđ", ["đồng", "định", "đđ"], ["dong", "dinh", "dd"]),
    (NFD("Nuôi dê sinh sản"), ["nuôi", "dê", "sinh", "sản"], ["nuoi", "de", "sinh", "san"]),
    (NFD("HỖ TRỢ NHÀ Ở"), ["hỗ", "trợ", "nhà", "ở"], ["ho", "tro", "nha", "o"]),
    ("Tôm – lúa, tôm-lúa", ["tôm", "lúa", "tôm", "lúa"], ["tom", "lua", "tom", "lua"]),
    (
        "Nuôi dê, heo (luân chuyển)",
        ["nuôi", "dê", "heo", BREAK, "luân", "chuyển", BREAK],
        ["nuoi", "de", "heo", BREAK, "luan", "chuyen", BREAK],
    ),
    ("Đông Hải: dạy nghề", ["đông", "hải", BREAK, "dạy", "nghề"], ["dong", "hai", BREAK, "day", "nghe"]),
    ("Giá Rai & Phước Long", ["giá", "rai", "phước", "long"], ["gia", "rai", "phuoc", "long"]),
    (
        "tỷ lệ 0,69% năm 2024/2025",
        ["tỷ", "lệ", "0", "69", "năm", "2024", "2025"],
        ["ty", "le", "0", "69", "nam", "2024", "2025"],
    ),
    ("“Vì người nghèo”!", ["vì", "người", "nghèo", BREAK], ["vi", "nguoi", "ngheo", BREAK]),
    ("quỹ_tín dụng", ["quỹ", "tín", "dụng"], ["quy", "tin", "dung"]),
    ("Khmer Ưu Ơn Ăn Âm Ê Ô", ["khmer", "ưu", "ơn", "ăn", "âm", "ê", "ô"], ["khmer", "uu", "on", "an", "am", "e", "o"]),
    # Old and new tone placement are one spelling: hòa/hoà, thúy/thuý, khỏe/khoẻ, Ủy/Uỷ.
    ("Hòa Bình hoà bình", ["hoà", "bình", "hoà", "bình"], ["hoa", "binh", "hoa", "binh"]),
    (NFD("Thúy thuý khỏe Ủy ban"), ["thuý", "thuý", "khoẻ", "uỷ", "ban"], ["thuy", "thuy", "khoe", "uy", "ban"]),
    ("hoàng quý của lúa thuở", ["hoàng", "quý", "của", "lúa", "thuở"], ["hoang", "quy", "cua", "lua", "thuo"]),
    # Document numbers as people type them: one run of syllables whatever the separators.
    ("13-NQ/TU 13/NQ-TU 13 NQ TU", ["13", "nq", "tu"] * 3, ["13", "nq", "tu"] * 3),
    ("1234/QĐ-UBND", ["1234", "qđ", "ubnd"], ["1234", "qd", "ubnd"]),
]


@pytest.mark.parametrize(("text", "written", "folded"), CASES)
def test_syllables_and_folding(text, written, folded):
    assert syllables(text) == written
    assert [fold(word) for word in written] == folded
    assert fold(" ".join(written)) == " ".join(folded)


def test_nfd_and_nfc_fold_alike():
    assert fold(NFD("Đông Hải Hỗ Trợ")) == fold("Đông Hải Hỗ Trợ") == "dong hai ho tro"


def test_terms_are_syllables_and_neighbouring_pairs_within_a_sentence():
    found = terms(syllables("Hỗ trợ nhà ở. Đông Hải"))
    assert found == ["hỗ", "trợ", "nhà", "ở", "đông", "hải", "hỗ_trợ", "trợ_nhà", "nhà_ở", "đông_hải"]
    assert "ở_đông" not in found  # never across a full stop


def test_javascript_tokenises_as_python(page, tmp_path):
    """The client's own functions, run in Chromium, against the same table."""
    from conftest import ROOT

    page.set_content(
        "<form data-module='app-search' data-base='http://127.0.0.1/' data-buckets=16><input name=q></form>"
        "<p id=bo-loc></p><p id=trang-thai></p><ol id=ket-qua></ol><p id=danh-muc></p>"
        "<button id=nut-loc></button><button id=xem-them></button>"
    )
    page.add_script_tag(path=str(ROOT / "theme" / "static" / "js" / "search.js"))
    for text, written, folded in CASES:
        assert page.evaluate("t => appSearchTokens.syllables(t)", text) == written, text
        assert page.evaluate("w => w.map(appSearchTokens.fold)", written) == folded, text
    assert page.evaluate("() => appSearchTokens.queryTerms(appSearchTokens.syllables('Hỗ trợ nhà ở, dê. Heo'))") == [
        "hỗ_trợ",
        "trợ_nhà",
        "nhà_ở",
        "ở_dê",
        "heo",
    ]


def read(folder, folded, buckets):
    """{spelling: [(page, score index)]} of one folded term, read as the client reads it."""
    lines = (folder / "t" / f"{bucket(folded, buckets):x}.txt").read_text(encoding="utf-8").splitlines()
    line = next((line for line in lines if line.split("\t")[0] == folded), "")
    if line.endswith("\t*"):
        line = (folder / "l" / f"{zlib.crc32(folded.encode('utf-8')):08x}.txt").read_text(encoding="utf-8").strip()
    found = {}
    for part in line.split("\t")[1:]:
        spelling, postings = part.split(" ")
        page, digits, found[spelling] = 0, "", []
        for char in postings:
            if char not in SCORES:
                digits += char
                continue
            page += int(digits, 16)
            digits = ""
            found[spelling].append((page, SCORES.index(char)))
    return found


def document(title, text):
    return Document(title, text, "x/", "Tin bài", "", "", {"loai": ["Tin bài"]})


def test_the_index_holds_spellings_pages_and_title_marks(tmp_path):
    documents = [document("Nuôi dê", "Hộ nuôi dê. Nuôi dê; nuôi dê."), document("Tôm", "Nuôi dế thương phẩm.")]
    write_index(documents, tmp_path, 16)
    found = read(tmp_path, "nuoi_de", 16)
    assert sorted(found) == ["nuôi_dê", "nuôi_dế"]
    ((page, score),) = found["nuôi_dê"]
    assert page == 0 and score >= len(SCORES) // 2  # in the title
    assert found["nuôi_dế"][0][0] == 1 and found["nuôi_dế"][0][1] < len(SCORES) // 2
    assert "ho_nuoi" in (tmp_path / "t" / f"{bucket('ho_nuoi', 16):x}.txt").read_text(encoding="utf-8")
    assert "de_nuoi" not in "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "t").iterdir())


def test_a_common_term_has_a_file_of_its_own_and_the_index_is_byte_stable(tmp_path):
    documents = [document(f"Bài {n}", f"giảm nghèo bền vững số {n}") for n in range(BIG_TERM + 5)]
    one, two = tmp_path / "one", tmp_path / "two"
    buckets = bucket_count(len(documents))
    write_index(documents, one, buckets)
    write_index(list(documents), two, buckets)
    assert [p.name for p in (one / "l").iterdir()]
    pages = read(one, "giam_ngheo", buckets)["giảm_nghèo"]
    assert [p for p, _ in pages] == list(range(len(documents)))
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
