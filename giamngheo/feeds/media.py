"""Pictures in feeds: the cover image of an item as Media RSS (https://www.rssboard.org/media-rss)
in RSS and Atom, so that portals and readers that show pictures can show ours.

The RSS <enclosure> (and Atom's rel="enclosure" link) says where the file is and how many
bytes it has; Media RSS adds what a reader needs to lay it out without downloading it:
width, height, a small thumbnail and the alternative text.
"""

import dataclasses
import mimetypes
import os

from feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

MEDIA_NS = "http://search.yahoo.com/mrss/"


@dataclasses.dataclass(frozen=True)
class Picture:
    """The published cover of one item: absolute URLs, exact byte length, MIME type, sizes."""

    url: str
    length: int
    type: str
    width: int | None = None
    height: int | None = None
    thumbnail_url: str | None = None
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None
    description: str = ""

    @property
    def enclosure(self):
        return Enclosure(self.url, str(self.length), self.type)


def cover_picture(item, absolute):
    """The Picture of an item's cover (content_check sets `cover`), or None."""
    cover = getattr(item, "cover", None)
    if cover is None:
        return None
    image = getattr(cover, "image", None)  # the images plugin's ProcessedImage, for photos
    # The published file: the processed JPEG for photos, the file itself otherwise.
    path = image.default_path if image else cover.source_path
    alt = " ".join(str(item.metadata.get("image_alt", "")).split())
    picture = Picture(
        url=absolute(cover.url),
        length=os.path.getsize(path),
        type=mimetypes.guess_type(path)[0] or "application/octet-stream",
        description=alt,
    )
    if image is None:
        return picture
    smallest = image.variants[0]
    return dataclasses.replace(
        picture,
        width=image.default["width"],
        height=image.default["height"],
        thumbnail_url=absolute(smallest["jpeg"]),
        thumbnail_width=smallest["width"],
        thumbnail_height=smallest["height"],
    )


def _sized(attributes, width, height):
    if width and height:
        attributes.update(width=str(width), height=str(height))
    return attributes


def add_media_elements(handler, picture):
    """<media:content> with its size and description, and <media:thumbnail>."""
    if picture is None:
        return
    content = _sized(
        {"url": picture.url, "type": picture.type, "medium": "image", "fileSize": str(picture.length)},
        picture.width,
        picture.height,
    )
    handler.startElement("media:content", content)
    if picture.description:
        handler.addQuickElement("media:description", picture.description, {"type": "plain"})
    handler.endElement("media:content")
    if picture.thumbnail_url:
        handler.addQuickElement(
            "media:thumbnail",
            "",
            _sized({"url": picture.thumbnail_url}, picture.thumbnail_width, picture.thumbnail_height),
        )


class _WithPictures:
    """A feed whose items take `picture=`, written as Media RSS elements."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media_elements(handler, item.get("picture"))


class MediaRssFeed(_WithPictures, Rss201rev2Feed):
    """RSS 2.0 with the Media RSS namespace; items take `picture=`."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}


class MediaAtomFeed(_WithPictures, Atom1Feed):
    """Atom 1.0 with the Media RSS namespace; items take `picture=`."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}
