"""HTML made fit for feeds (giamngheo/feeds/absolute.py)."""

import pytest

from giamngheo.feeds import portable_html

BASE = "https://example.org/giam-ngheo/tin-tuc/2025/bai/"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="../../../mo-hinh/de/">dê</a>', '<a href="https://example.org/giam-ngheo/mo-hinh/de/">dê</a>'),
        ('<a href="#phan-2">đến</a>', f'<a href="{BASE}#phan-2">đến</a>'),
        ('<a href="mailto:a@example.org">thư</a>', '<a href="mailto:a@example.org">thư</a>'),
        (
            '<img src="anh.jpg" alt="Ảnh" srcset="anh-480.jpg 480w" loading="lazy">',
            f'<img src="{BASE}anh.jpg" alt="Ảnh">',
        ),
        (
            '<picture><source srcset="a.webp" type="image/webp"><img src="a.jpg" alt=""></picture>',
            f'<img src="{BASE}a.jpg" alt="">',
        ),
        (
            '<p onclick="x()" style="color:red" class="c">Chữ &amp; số &#7871;</p>',
            '<p class="c">Chữ &amp; số ế</p>',
        ),
        ("<p>a</p><script>alert('x')</script><p>b</p>", "<p>a</p><p>b</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        (
            '<iframe src="https://www.youtube.com/embed/abc" title="video mô hình"></iframe>',
            '<p><a href="https://www.youtube.com/embed/abc">Xem video mô hình</a></p>',
        ),
        ('<div lang="en"><p>English</p></div>', '<div lang="en"><p>English</p></div>'),
        ("<p>x<br>y</p><!-- ghi chú -->", "<p>x<br>y</p>"),
    ],
)
def test_portable_html(fragment, expected):
    assert portable_html(fragment, BASE) == expected


def test_unknown_elements_are_unwrapped():
    assert portable_html("<p>Thoát nghèo <nhanh>hơn</nhanh>.</p>", BASE) == "<p>Thoát nghèo hơn.</p>"
