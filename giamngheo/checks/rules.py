"""Checks run on every build, after all content is read and before anything is written.

They look at the HTML each reader produced (cached or not), so a problem can never be
forgotten by Pelican's content cache: unsafe HTML, links to files the site does not publish, cover
images, and two pieces of content that would publish at the same address.
"""

import html
import html.parser
import os
import posixpath
import re
import urllib.parse

from giamngheo.core import ContentProblem, all_content, metadata_line, relative_source, source_line, unsafe_html
from giamngheo.images import cover_path

INTRASITE = re.compile(r"""(?:href|src)=(["'])\{(filename|static|attach)\}([^"'#?]*)""")
# A Pelican link as an attribute's whole value: {static}/images/a.jpg, {filename}../a.md#b.
INTRASITE_VALUE = re.compile(r"\{(filename|static|attach)\}(.*)", re.S)
FILE_SUFFIX = re.compile(r"\.(md|jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip)$", re.I)


class _Unsafe(html.parser.HTMLParser):
    """Finds what must never reach a reader's browser from a staff-written page (the rules
    are giamngheo/core/unsafe_html.py, shared with the sanitiser and the page policy)."""

    def __init__(self, allowed_hosts):
        super().__init__()
        self.allowed_hosts = allowed_hosts
        self.found = []  # (needle in the source, message, fix)

    def handle_starttag(self, tag, attrs):
        if tag in unsafe_html.UNSAFE_ELEMENTS:
            self.found.append(
                (
                    f"<{tag}",
                    f"Có thẻ <{tag}> trong bài: không được phép vì có thể gây hại cho người đọc.",
                    f"Xoá thẻ <{tag}> và nội dung của nó.",
                )
            )
        for name, value in attrs:
            if unsafe_html.is_event_handler(name):
                self.found.append(
                    (
                        f"{name}=",
                        f"Có thuộc tính {name} (chạy mã lệnh) trong bài: không được phép.",
                        f'Xoá thuộc tính {name}="…".',
                    )
                )
            elif unsafe_html.unsafe_attribute(name, value):
                start = (value or "")[:11]  # as written, unless written with references
                self.found.append(
                    (
                        start if start in self.get_starttag_text() else self.get_starttag_text(),
                        f"Có liên kết “{unsafe_html.code_scheme(value)}” trong bài: không được phép.",
                        "Thay bằng một địa chỉ web bình thường (https://…) hoặc xoá liên kết.",
                    )
                )
        if tag == "iframe":
            source = dict(attrs).get("src") or ""
            host = urllib.parse.urlsplit(source).hostname or ""
            if host not in self.allowed_hosts:
                hosts = ", ".join(sorted(self.allowed_hosts))
                self.found.append(
                    (
                        "<iframe",
                        f"Khung nhúng (iframe) từ “{host or 'không rõ'}” không được phép.",
                        f"Chỉ nhúng video từ: {hosts}; hoặc thay khung nhúng bằng một liên kết.",
                    )
                )
            elif not unsafe_html.frame_allowed(source, self.allowed_hosts):
                self.found.append(
                    (
                        "<iframe",
                        f"Khung nhúng (iframe) từ “{host}” phải có địa chỉ đầy đủ, bắt đầu bằng https://.",
                        f"Viết địa chỉ của khung nhúng dạng https://{host}/…, như khi sao chép mã nhúng của trang video.",
                    )
                )


def check_unsafe_html(context, content_path, allowed_hosts):
    problems = []
    for item in all_content(context):
        text = getattr(item, "_content", "") or ""
        if not unsafe_html.may_hold_unsafe(text):
            continue
        finder = _Unsafe(set(allowed_hosts))
        finder.feed(text)
        for needle, message, fix in finder.found:
            problems.append(
                ContentProblem(
                    relative_source(item.source_path, content_path),
                    source_line(item.source_path, needle),
                    message,
                    fix,
                    "unsafe HTML",
                )
            )
    return problems


LINK = re.compile(r"""\b(?:href|src)=(["'])(.*?)\1""", re.S)
# What every problem with a link tells staff to do instead.
LINK_FIX = (
    "Đặt ảnh hoặc tài liệu vào thư mục content/images/ và viết đường dẫn tính từ content/, "
    "ví dụ images/ten-anh.jpg; liên kết tới bài viết dùng {filename}/tin-tuc/ten-bai.md; "
    "liên kết tới trang web khác viết đầy đủ https://…"
)


def _inside(path):
    """`path` (relative to content/, normalised) names something inside content/."""
    return not (os.path.isabs(path) or path == ".." or path.startswith("../"))


def _published(path, kind, context, content_path, static_paths):
    """Does the site publish the file at `path` (relative to content/), as `kind` links it?
    An item, or a file under STATIC_PATHS: Pelican would copy any other file a {static}
    link names, data/*.yml or a file outside content/ too, so this is the rule."""
    if kind == "filename" and path in context.get("generated_content", {}):
        return True
    in_static = any(path.startswith(folder.rstrip("/") + "/") for folder in static_paths)
    return in_static and os.path.isfile(os.path.join(content_path, path))


def link_problem(target, item, content_path, static_paths, context):
    """What is wrong with one address in an item's HTML, as (message, detail), or None."""
    shown = urllib.parse.unquote(INTRASITE_VALUE.sub(r"\2", target))  # as staff wrote it, mostly
    outside = f"Liên kết tới “{shown}” trỏ ra ngoài thư mục content/: tệp đó không được đăng.", "link outside content"
    local = f"Liên kết tới “{shown}” là một tệp trên máy tính của bạn: người đọc không mở được.", "link to a local file"
    folder = os.path.dirname(os.path.relpath(item.source_path, content_path))
    intrasite = INTRASITE_VALUE.match(target)
    if intrasite:
        kind, value = intrasite.groups()
        path = urllib.parse.unquote(urllib.parse.urlsplit(value).path)
        path = os.path.normpath(path.lstrip("/") if path.startswith("/") else os.path.join(folder, path))
        path = path.replace(os.sep, "/")
        if not _inside(path):
            return outside
        if _published(path, kind, context, content_path, static_paths):
            return None
        if not os.path.isfile(os.path.join(content_path, path)):
            return f"Liên kết tới “{shown}”, nhưng không có tệp nào như vậy.", "broken link"
        published = ", ".join(f"content/{name.rstrip('/')}/" for name in static_paths)
        return (
            f"Liên kết tới “{shown}”: tệp này có trong content/ nhưng không được đăng lên trang "
            f"(chỉ tệp trong {published} và các bài viết được đăng).",
            "link to an unpublished file",
        )
    parts = urllib.parse.urlsplit(target)
    if parts.scheme == "file" or re.fullmatch(r"[a-z]", parts.scheme):  # file:///…, C:\…
        return local
    if parts.scheme or parts.netloc or target.startswith("{") or not parts.path:
        return None
    path = urllib.parse.unquote(parts.path)
    if path.startswith("/"):  # an address on the site, or a file of the author's computer
        if os.path.isfile(path) and not _inside(os.path.relpath(path, content_path)):
            return local
    else:
        # Written as a path from the page's address (../../the/x/), it must stay on the site;
        # written as a path from the file (../../pelicanconf.py), it must stay in content/.
        page = item.url if item.url.endswith("/") else posixpath.dirname(item.url) + "/"
        from_file = os.path.normpath(os.path.join(folder, path))
        if not _inside(posixpath.normpath(page + path)) or (
            not _inside(from_file) and os.path.exists(os.path.join(content_path, from_file))
        ):
            return outside
    if FILE_SUFFIX.search(parts.path):  # the reader turns existing files into {static} links
        return f"Liên kết tới “{shown}”, nhưng không có tệp nào như vậy.", "broken link"
    return None


def check_links(context, content_path):
    """Every link in an item's text leads to something the site publishes: no file that
    does not exist, none outside content/ or on the author's computer, none that content/
    holds but the site does not publish (only STATIC_PATHS and the items themselves are)."""
    problems = []
    static_paths = context["STATIC_PATHS"]
    for item in all_content(context):
        raw = getattr(item, "_content", "") or ""
        source = relative_source(item.source_path, content_path)
        for _, written in LINK.findall(raw):
            target = html.unescape(written).strip()
            found = link_problem(target, item, content_path, static_paths, context)
            if found is None:
                continue
            message, detail = found
            needle = target.split("}", 1)[-1] if target.startswith("{") else target
            line = source_line(item.source_path, needle) or source_line(item.source_path, target.split("/")[-1])
            problems.append(ContentProblem(source, line, message, LINK_FIX, detail))
    return problems


def check_covers(context, content_path, static_paths):
    """Every cover image (`Image:`) exists among the published images and has alt text.

    (The images plugin resolves the cover itself: `item.cover`.)"""
    problems = []
    for item in all_content(context):
        image = item.metadata.get("image")
        if not image:
            continue
        source = relative_source(item.source_path, content_path)
        line = metadata_line(item.source_path, "image")
        path = cover_path(item)
        in_static = any(path.startswith(folder.rstrip("/") + "/") for folder in static_paths)
        if not os.path.isfile(os.path.join(content_path, path)) or not in_static:
            problems.append(
                ContentProblem(
                    source,
                    line,
                    f"Không tìm thấy ảnh “{image}”.",
                    "Đặt ảnh vào thư mục content/images/ và ghi đường dẫn tính từ content/, "
                    "ví dụ “images/tin-tuc/anh.jpg”.",
                    "cover image missing",
                )
            )
        if not str(item.metadata.get("image_alt", "")).strip():
            problems.append(
                ContentProblem(
                    source,
                    line,
                    "Ảnh đại diện chưa có lời mô tả cho người khiếm thị.",
                    "Thêm dòng “Image_alt: …” mô tả điều ảnh cho thấy.",
                    "cover image without alt text",
                )
            )
    return problems


def check_addresses(context, content_path):
    """No two pieces of content publish at the same address."""
    owners, problems = {}, []
    for item in all_content(context):
        if item.status not in ("published", "hidden"):
            continue
        owners.setdefault(item.save_as, []).append(item)
    for address, items in sorted(owners.items()):
        if len(items) > 1:
            names = ", ".join(sorted(relative_source(i.source_path, content_path) for i in items))
            for item in items:
                problems.append(
                    ContentProblem(
                        relative_source(item.source_path, content_path),
                        metadata_line(item.source_path, "title"),
                        f"Bài này sẽ được đăng ở cùng địa chỉ /{address.removesuffix('index.html')} với: {names}.",
                        "Đổi tên một trong các tệp (địa chỉ lấy từ tên tệp), hoặc thêm dòng “Slug: ten-khac”.",
                        "duplicate address",
                    )
                )
    return problems


IMG = re.compile(r"<img\b[^>]*>", re.I)


def check_image_alts(context, content_path):
    """Every image in the text says what it shows, unless it is marked decorative."""
    problems = []
    for item in all_content(context):
        for tag in IMG.findall(getattr(item, "_content", "") or ""):
            alt = re.search(r'\salt="([^"]*)"', tag)
            if alt is None or not alt.group(1).strip():
                src = re.search(r'\ssrc="([^"]*)"', tag)
                name = urllib.parse.unquote(src.group(1)).split("/")[-1] if src else "ảnh"
                problems.append(
                    ContentProblem(
                        relative_source(item.source_path, content_path),
                        source_line(item.source_path, name),
                        f"Ảnh “{name}” chưa có lời mô tả cho người khiếm thị.",
                        "Viết mô tả trong ngoặc vuông: ![Bà con nhận bò giống](…). "
                        "Nếu ảnh chỉ để trang trí, viết ![trang trí](…).",
                        "image without alt text",
                    )
                )
    return problems
