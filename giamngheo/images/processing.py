"""Turn one photo into what readers download: several widths in WebP and JPEG, and a
1200x630 crop for link previews. Upright by its EXIF orientation; no metadata kept."""

import hashlib
import json
import os
import shutil
import warnings

from PIL import Image, ImageOps

# Bump when the processing below changes, so that cached results are made again.
PROCESSOR_VERSION = 1
OG_SIZE = (1200, 630)


class ImageProblem(Exception):
    """A photo that cannot be published; args are (message, fix) in Vietnamese."""


def cache_key(data, options):
    """Same bytes, same options, same processor: same results."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps({**options, "version": PROCESSOR_VERSION}, sort_keys=True).encode())
    return digest.hexdigest()


def _open(path, options):
    size = os.path.getsize(path)
    if size > options["max_bytes"]:
        raise ImageProblem(
            f"Ảnh quá nặng ({size / 1_000_000:.0f} MB, tối đa {options['max_bytes'] / 1_000_000:.0f} MB).",
            "Thu nhỏ ảnh trước khi đưa lên (ví dụ chiều rộng 2.000 điểm ảnh là đủ).",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > options["max_pixels"]:
                raise ImageProblem(
                    f"Ảnh quá lớn ({image.width}×{image.height} điểm ảnh).",
                    "Thu nhỏ ảnh xuống dưới 40 triệu điểm ảnh (ví dụ 6.000×4.000) rồi đưa lên lại.",
                )
            image.load()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("Ảnh quá lớn để xử lý.", "Thu nhỏ ảnh rồi đưa lên lại.") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageProblem(
            "Không đọc được tệp ảnh (tệp hỏng hoặc không phải ảnh).",
            "Mở ảnh trên máy tính để kiểm tra, rồi lưu lại dưới dạng JPEG hoặc PNG.",
        ) from error
    return image


def process(path, stem, folder, options):
    """Write the variants of `path` into `folder`; return their description.

    Returns {"width", "height", "variants": [{"width", "jpeg", "webp"}], "og": name}
    where names are file names inside `folder`, each beginning with `stem`.
    """
    image = ImageOps.exif_transpose(_open(path, options))  # phone photos, turned upright
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.split()[-1])
        image = flat
    else:
        image = image.convert("RGB")
    widths = sorted({w for w in options["widths"] if w < image.width} | {min(image.width, max(options["widths"]))})
    os.makedirs(folder, exist_ok=True)
    variants = []
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        jpeg, webp = f"{stem}-{width}.jpg", f"{stem}-{width}.webp"
        # Saved from pixels only: no EXIF, no GPS, no comments, no ICC profile.
        resized.save(
            os.path.join(folder, jpeg), "JPEG", quality=options["jpeg_quality"], optimize=True, progressive=True
        )
        resized.save(os.path.join(folder, webp), "WEBP", quality=options["webp_quality"], method=4)
        variants.append({"width": width, "height": height, "jpeg": jpeg, "webp": webp})
    og = f"{stem}-og.jpg"
    ImageOps.fit(image, OG_SIZE, Image.LANCZOS).save(
        os.path.join(folder, og), "JPEG", quality=options["jpeg_quality"], optimize=True
    )
    return {"width": image.width, "height": image.height, "variants": variants, "og": og}


def settle(temporary, cache_dir):
    """Put a finished cache folder (its meta.json written last) in its place. When the place
    is taken, another build (the preview beside `invoke build`, a test worker) made it from
    the same bytes and options meanwhile and may be reading it: it stays. Only a folder
    left without its meta.json is replaced."""
    try:
        os.rename(temporary, cache_dir)
    except OSError:
        if os.path.isfile(os.path.join(cache_dir, "meta.json")):
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            shutil.rmtree(cache_dir, ignore_errors=True)
            os.replace(temporary, cache_dir)
