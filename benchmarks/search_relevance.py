"""Does the page a reader wants come first? A fixed list of queries, typed as citizens type
them (mostly without diacritics), over the sample content mixed into the synthetic corpus.

    python benchmarks/search_relevance.py --articles 5000 --models 500

Each query is typed on /tim-kiem/ in headless chromium, as in benchmarks/search_weight.py;
the script prints the first result of each and how many are the expected page.
"""

import argparse

from search_weight import SETTLED, corpus_site

# (query, the address of the page that must come first)
EXPECTED = [
    ("tom lua", "mo-hinh/tom-lua-ninh-quoi/"),
    ("tôm lúa", "mo-hinh/tom-lua-ninh-quoi/"),
    ("nuoi de heo", "mo-hinh/nuoi-de-heo-vinh-hau-a/"),
    ("dong hai day nghe", "tin-tuc/2024/dong-hai-day-nghe-cho-lao-dong-ven-bien/"),
    ("Đông Hải", "tin-tuc/2024/dong-hai-day-nghe-cho-lao-dong-ven-bien/"),
    ("nuoi ca bong tuong", "mo-hinh/nuoi-ca-bong-tuong-phong-thanh-a/"),
    ("to dan luc binh", "mo-hinh/dan-luc-binh-vinh-loc-a/"),
    ("so huyet rung ngap man", "mo-hinh/nuoi-so-huyet-long-dien-tay/"),
    ("chuan ngheo da chieu", "tin-tuc/2026/chuan-ngheo-da-chieu-cach-xac-dinh-ho-ngheo/"),
    ("do dau ho ngheo", "tin-tuc/2025/do-dau-ho-ngheo-moi-co-quan-mot-dia-chi/"),
    ("bo giong", "tin-tuc/2024/hong-dan-trao-40-con-bo-giong/"),
    ("xe ban hang luu dong", "mo-hinh/xe-ban-hang-luu-dong-vinh-trach/"),
    ("dua hau", "mo-hinh/trong-dua-hau-rau-mau-dinh-thanh/"),
    ("ga tha vuon", "mo-hinh/nuoi-ga-tha-vuon-vinh-phu-tay/"),
    ("heo nai", "tin-tuc/2024/chi-thach-thi-sa-ly-thoat-ngheo-tu-hai-con-heo-nai/"),
    ("nha dai doan ket", "tin-tuc/2024/thanh-pho-bac-lieu-ban-giao-27-can-nha-dai-doan-ket/"),
    ("gian ca kho", "tin-tuc/2025/ba-tran-thi-muoi-vuon-len-tu-gian-ca-kho/"),
    ("hoc nghe mien phi", "tin-tuc/2025/phuong-gia-rai-lao-dong-ho-ngheo-hoc-nghe/"),
    ("chuong trinh muc tieu quoc gia 2026", "tin-tuc/2026/chuong-trinh-mtqg-2026-2035-nhung-diem-moi/"),
    ("ty le ho ngheo", "tin-tuc/2025/ty-le-ho-ngheo-cuoi-nam-2024-con-0-69/"),
    ("an toan sinh hoc", "tin-tuc/2026/xa-an-trach-khoi-dong-mo-hinh-nuoi-heo/"),
    ("Thạch Thị Sa Ly", "tin-tuc/2024/chi-thach-thi-sa-ly-thoat-ngheo-tu-hai-con-heo-nai/"),
    ("ban quyen", "chinh-sach-noi-dung/"),
    ("son van phi", "tin-tuc/2026/vo-chong-anh-son-van-phi-thoat-ngheo-nho-dan-luc-binh/"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--models", type=int, default=500)
    args = parser.parse_args()
    right = 0
    with corpus_site(args.articles, args.models) as (server, _, browser):
        page = browser.new_page()
        for query, expected in EXPECTED:
            page.goto(f"{server.url}/tim-kiem/?q={query}")
            page.wait_for_function(SETTLED)
            links = page.locator(".app-search__title a")
            first = links.first.get_attribute("href") if links.count() else ""
            ok = first.endswith("/" + expected)
            right += ok
            print(f"{'ok ' if ok else 'NO '} {query:<36} {first.replace(server.url, '') or '(nothing)'}", flush=True)
    print(f"\n{right} of {len(EXPECTED)} queries put the expected page first")


if __name__ == "__main__":
    main()
