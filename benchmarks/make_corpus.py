"""Write a synthetic corpus in the site's own format: N articles, M model profiles and D documents.

    python benchmarks/make_corpus.py --articles 5000 --models 500 --documents 1000 --out benchmarks/corpus

Deterministic (fixed seed), areas/programs/kinds taken from content/data/, dates on both
sides of the 2025 reform, about 350 words per article drawn from 3,000 Vietnamese-looking
syllables with Zipf frequencies (the domain's own words most common), as real text is.
"""

import argparse
import datetime
import pathlib
import random
import shutil
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORDS = [
    "hộ",
    "nghèo",
    "cận",
    "nghèo",
    "thoát",
    "nghèo",
    "sinh",
    "kế",
    "mô",
    "hình",
    "chăn",
    "nuôi",
    "thủy",
    "sản",
    "tôm",
    "lúa",
    "sò",
    "huyết",
    "cá",
    "bống",
    "tượng",
    "rau",
    "màu",
    "dê",
    "heo",
    "gà",
    "vốn",
    "vay",
    "ngân",
    "hàng",
    "chính",
    "sách",
    "tập",
    "huấn",
    "kỹ",
    "thuật",
    "hợp",
    "tác",
    "xã",
    "hội",
    "nông",
    "dân",
    "hội",
    "phụ",
    "nữ",
    "ấp",
    "xã",
    "phường",
    "thu",
    "nhập",
    "việc",
    "làm",
    "nhà",
    "ở",
    "đại",
    "đoàn",
    "kết",
    "bảo",
    "hiểm",
    "y",
    "tế",
    "học",
    "nghề",
    "lao",
    "động",
    "nông",
    "thôn",
    "đỡ",
    "đầu",
    "vận",
    "động",
    "hỗ",
    "trợ",
    "con",
    "giống",
    "phân",
    "bón",
    "nước",
    "sạch",
    "vệ",
    "sinh",
    "giáo",
    "dục",
    "trẻ",
    "em",
    "dinh",
    "dưỡng",
    "thông",
    "tin",
    "truyền",
    "thông",
    "cán",
    "bộ",
    "giảm",
    "nghèo",
    "bền",
    "vững",
    "kết",
    "quả",
]


ONSETS = [
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
RHYMES = [
    "a",
    "ai",
    "an",
    "ang",
    "anh",
    "ao",
    "at",
    "ay",
    "ăn",
    "ăm",
    "âm",
    "ân",
    "âu",
    "ây",
    "e",
    "em",
    "en",
    "eo",
    "ê",
    "ên",
    "êu",
    "i",
    "ia",
    "in",
    "inh",
    "it",
    "o",
    "oa",
    "oi",
    "om",
    "on",
    "ong",
    "ô",
    "ôi",
    "ông",
    "ơ",
    "ơi",
    "ơn",
    "u",
    "ui",
    "un",
    "ung",
    "ư",
    "ưa",
    "ươi",
    "ương",
    "ưu",
    "uy",
    "uyên",
    "yêu",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def vocabulary(rng, size=3000):
    """Vietnamese-looking syllables, most common first (real text follows Zipf's law)."""
    import unicodedata

    found = dict.fromkeys(WORDS)
    while len(found) < size:
        rhyme = rng.choice(RHYMES)
        syllable = unicodedata.normalize("NFC", rng.choice(ONSETS) + rhyme[0] + rng.choice(TONES) + rhyme[1:])
        found.setdefault(syllable)
    return list(found)


def sentence(rng, length=14):
    words = rng.choices(VOCABULARY, weights=ZIPF, k=length)
    return " ".join(words).capitalize() + "."


def body(rng, paragraphs=6):
    parts = []
    for index in range(paragraphs):
        if index in (2, 4):
            parts.append(f"## {sentence(rng, 5)[:-1]}")
        parts.append(" ".join(sentence(rng, rng.randint(10, 18)) for _ in range(4)))
    return "\n\n".join(parts) + "\n"


def pick_area(rng, areas, day):
    pool = [
        a
        for a in areas
        if (a.get("valid_until") or datetime.date.max) >= day and (a.get("valid_from") or datetime.date.min) <= day
    ]
    return rng.choice(pool or areas)["name"]


VOCABULARY = vocabulary(random.Random(7))


def fold_ascii(text):
    """Text without marks (đ as d), as Helvetica's encoding can hold it."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").encode("ascii", "replace").decode()


ZIPF = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]


def minimal_pdf(lines):
    """A one-page PDF with a text layer (Helvetica, so the text is written without marks, as
    a scanner's OCR of a poor copy often is): small, valid, and read by PDFium like any other."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 11 Tf 14 TL 56 780 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_corpus(out, articles, models, samples=False, documents=0):
    """Write a corpus into `out` in a process of its own (the benchmarks time builds only);
    `samples`: with the sample site's content mixed in."""
    command = [sys.executable, __file__, "--articles", str(articles), "--models", str(models), "--out", str(out)]
    command += ["--documents", str(documents)]
    subprocess.run(command + (["--with-samples"] if samples else []), check=True)


def finish(work, keep):
    """Keep a benchmark's working folder (`--keep`) or remove it."""
    if keep:
        print(f"kept in {work}")
    else:
        shutil.rmtree(work)


def corpus_parser(description, documents=0):
    """A benchmark's command line with the corpus's size: --articles, --models, --documents."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--models", type=int, default=500)
    parser.add_argument("--documents", type=int, default=documents, help="documents, each with a one-page PDF")
    return parser


def main():
    parser = corpus_parser(__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "benchmarks" / "corpus")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--with-samples",
        action="store_true",
        help="mix in the sample site's articles, profiles, pages and photos (content/)",
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    data = ROOT / "content" / "data"
    areas = yaml.safe_load((data / "areas.yml").read_text(encoding="utf-8"))
    programs = yaml.safe_load((data / "programs.yml").read_text(encoding="utf-8"))
    kinds = yaml.safe_load((data / "kinds.yml").read_text(encoding="utf-8"))

    shutil.rmtree(args.out, ignore_errors=True)
    (args.out / "tin-tuc").mkdir(parents=True)
    (args.out / "mo-hinh").mkdir()
    (args.out / "pages").mkdir()
    shutil.copytree(data, args.out / "data")
    for page in ("gioi-thieu", "lien-he", "chinh-sach-noi-dung"):
        (args.out / "pages" / f"{page}.md").write_text(
            f"Title: {page}\nSlug: {page}\n\n{body(rng, 2)}", encoding="utf-8"
        )

    start = datetime.datetime(2021, 1, 1, 7, 0)
    span = (datetime.datetime(2026, 11, 1) - start).total_seconds()
    categories = ["Tin tức", "Chính sách", "Gương thoát nghèo"]
    for number in range(args.articles):
        moment = start + datetime.timedelta(seconds=rng.random() * span)
        program = "; ".join(rng.sample([p["name"] for p in programs], rng.randint(0, 2)))
        text = (
            f"Title: Tin giảm nghèo số {number}: {sentence(rng, 6)[:-1]}\n"
            f"Date: {moment:%Y-%m-%d %H:%M}\n"
            f"Category: {rng.choice(categories)}\n"
            f"Tags: {rng.choice(WORDS)}, {rng.choice(WORDS)}\n"
            f"Area: {pick_area(rng, areas, moment.date())}\n"
            + (f"Program: {program}\n" if program else "")
            + f"Summary: {sentence(rng, 20)}\n\n{body(rng)}"
        )
        (args.out / "tin-tuc" / f"tin-{number:05d}.md").write_text(text, encoding="utf-8")
    for number in range(args.models):
        moment = start + datetime.timedelta(seconds=rng.random() * span)
        total = rng.randint(8, 60)
        poor = rng.randint(1, total // 2)
        text = (
            f"Title: Mô hình số {number}: {sentence(rng, 5)[:-1]}\n"
            f"Date: {moment:%Y-%m-%d %H:%M}\n"
            f"Area: {pick_area(rng, areas, moment.date())}\n"
            f"Program: {rng.choice(programs)['name']}\n"
            f"Kind: {rng.choice(kinds)['name']}\n"
            f"Start_year: {moment.year}\n"
            f"Lead_unit: Hội Nông dân xã\n"
            f"Households_total: {total}\n"
            f"Households_poor: {poor}\n"
            f"Households_near_poor: {rng.randint(0, total - poor)}\n"
            f"Funding_central: {rng.randint(50, 900)}.000.000\n"
            f"Income_before: 1.{rng.randint(100, 499)}.000\n"
            f"Income_after: 2.{rng.randint(100, 899)}.000\n"
            f"Revolving: {rng.choice(['có', 'không'])}\n\n{body(rng)}"
        )
        (args.out / "mo-hinh" / f"mo-hinh-{number:04d}.md").write_text(text, encoding="utf-8")
    if args.documents:
        (args.out / "van-ban" / "tep").mkdir(parents=True)
        forms = [("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Hướng dẫn", "HD"), ("Báo cáo", "BC"), ("Công văn", "CV")]
        issuers = ["UBND tỉnh Cà Mau", "Sở Nông nghiệp và Môi trường", "Ban Chỉ đạo các CTMTQG tỉnh"]
    for number in range(args.documents):
        moment = datetime.datetime(2025, 7, 1, 8, 0) + datetime.timedelta(seconds=rng.random() * 4e7)
        form, code = rng.choice(forms)
        pdf_text = [sentence(rng, 12) for _ in range(12)]
        name = f"vb-{number:04d}"
        (args.out / "van-ban" / "tep" / f"{name}.pdf").write_bytes(minimal_pdf([fold_ascii(line) for line in pdf_text]))
        text = (
            f"Title: {sentence(rng, 10)[:-1]}\n"
            f"Number: {number + 1}/{code}-UBND\n"
            f"Form: {form}\n"
            f"Unit: {rng.choice(issuers)}\n"
            f"Date: {moment:%d/%m/%Y}\n"
            f"Area: Toàn tỉnh\n"
            f"Files: tep/{name}.pdf | Toàn văn\n"
            f"Summary: {sentence(rng, 20)}\n"
        )
        (args.out / "van-ban" / f"{name}.md").write_text(text, encoding="utf-8")
    if args.with_samples:  # real text among the synthetic, for benchmarks/search_relevance.py
        sample = ROOT / "content"
        shutil.copytree(sample / "tin-tuc", args.out / "tin-tuc" / "mau")
        shutil.copytree(sample / "images", args.out / "images")
        for path in [*(sample / "mo-hinh").glob("*.md"), *(sample / "pages").glob("*.md")]:
            shutil.copy(path, args.out / path.parent.name / path.name)
        shutil.copytree(sample / "van-ban", args.out / "van-ban", dirs_exist_ok=True)
    print(
        f"{args.articles} articles, {args.models} models and {args.documents} documents written to {args.out}"
        + (" with the sample content" if args.with_samples else "")
    )


if __name__ == "__main__":
    main()
