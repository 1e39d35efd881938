"""What a built site holds, what the target holds, and the order in which to change it."""

import dataclasses
import hashlib
import os

MANIFEST_NAME = ".deploy-manifest.json"  # kept on the target, next to the site

# Phases of a deploy. Assets go first so that no page ever points at an asset that is not
# there yet; feeds and the sitemap go after the pages they announce; deletions go last.
ASSETS, PAGES, FEEDS = "assets", "pages", "feeds"
FEED_SUFFIXES = (".xml", ".json", ".opml", ".txt")


def phase_of(path):
    if path.endswith((".html", ".htm")):
        return PAGES
    if path.endswith(FEED_SUFFIXES):
        return FEEDS
    return ASSETS


def file_hash(path):
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def local_manifest(root):
    """{relative path: sha256} of every file of a built site."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if relative != MANIFEST_NAME:
                files[relative] = file_hash(path)
    return files


@dataclasses.dataclass
class Plan:
    uploads: list  # [(phase, path)] in the order they must happen
    deletes: list  # paths, removed after every upload

    @property
    def empty(self):
        return not self.uploads and not self.deletes

    def describe(self):
        """Lines saying what the deploy does, in Vietnamese with the English in brackets."""
        lines = describe_phases("Tải lên", "+", self.uploads, "Xóa {} tệp không còn dùng (delete):", self.deletes)
        return lines or ["Không có gì thay đổi. (Nothing to do.)"]


def describe_phases(verb, marker, sends, removal, deletes):
    """Lines for files sent phase by phase (`verb` N tệp (phase): / `marker` path), then removed."""
    lines = []
    for phase in (ASSETS, PAGES, FEEDS):
        paths = [path for p, path in sends if p == phase]
        if paths:
            lines.append(f"{verb} {len(paths)} tệp ({phase}):")
            lines += [f"  {marker} {path}" for path in paths]
    if deletes:
        lines.append(removal.format(len(deletes)))
        lines += [f"  - {path}" for path in deletes]
    return lines


def make_plan(local, remote):
    """Upload what is new or changed, phase by phase; delete what is gone."""
    order = {ASSETS: 0, PAGES: 1, FEEDS: 2}
    changed = [path for path, digest in local.items() if remote.get(path) != digest]
    uploads = sorted(((phase_of(path), path) for path in changed), key=lambda item: (order[item[0]], item[1]))
    deletes = sorted(path for path in remote if path not in local)
    return Plan(uploads, deletes)
