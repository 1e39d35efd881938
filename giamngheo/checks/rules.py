"""Checks run on every build, after all content is read and before anything is written.

They look at the HTML each reader produced (cached or not), so a problem can never be
forgotten by Pelican's content cache: unsafe HTML, links to files that do not exist, cover
images, and two pieces of content that would publish at the same address.
"""

import html.parser
import os
import re
import urllib.parse

from giamngheo.core import ContentProblem, all_content, metadata_line, relative_source, source_line, unsafe_html
from giamngheo.images import cover_path

INTRASITE = re.compile(r"""(?:href|src)=(["'])\{(filename|static|attach)\}([^"'#?]*)""")
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
        finder = _Unsafe(set(allowed_hosts))
        finder.feed(getattr(item, "_content", "") or "")
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


def check_links(context, content_path):
    """Every {filename}/{static} link and every link to a file names a file that exists."""
    problems = []
    known = set(context.get("generated_content", {})) | set(context.get("static_content", {}))
    for item in all_content(context):
        raw = getattr(item, "_content", "") or ""
        folder = os.path.dirname(relative_source(item.source_path, content_path))
        targets = []
        for _, _, target in INTRASITE.findall(raw):
            path = urllib.parse.unquote(target)
            path = (
                path.lstrip("/")
                if path.startswith("/")
                else os.path.normpath(os.path.join(folder, path)).replace(os.sep, "/")
            )
            if path not in known and not os.path.isfile(os.path.join(content_path, path)):
                targets.append(target)
        for url in re.findall(r"""(?:href|src)=["']([^"'#?]+)""", raw):
            parts = urllib.parse.urlsplit(url)
            if not parts.scheme and not parts.netloc and not url.startswith("{") and FILE_SUFFIX.search(parts.path):
                targets.append(url)  # the reader turns existing files into {static} links
        for target in targets:
            problems.append(
                ContentProblem(
                    relative_source(item.source_path, content_path),
                    source_line(item.source_path, target.split("/")[-1]),
                    f"Liên kết tới “{urllib.parse.unquote(target)}”, nhưng không có tệp nào như vậy.",
                    "Kiểm tra tên và thư mục của tệp (ảnh đặt trong content/images/, bài viết trong content/tin-tuc/); "
                    "viết đường dẫn tính từ thư mục content/, ví dụ images/ten-anh.jpg.",
                    "broken link",
                )
            )
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
