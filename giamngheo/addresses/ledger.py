"""Addresses that never die.

Every build writes a ledger of the addresses the site answers (`LEDGER_NAME`, a file of the
site, so it is published, kept on the target and rolled back with the pages it describes).
Publishing hands the ledger that is live on the target, with every page address of the
target's manifest, to the next build (setting `PUBLISHED_ADDRESSES`); that build keeps
each of those addresses answering:

- the same item (same source file, or the same title and date: a renamed or moved file) at a
  new address, or an address staff name in `Redirect_from:` → a 301 to the new address;
- an item that is gone → a "Bài đã gỡ" page at its old address (410 on Apache), linking to
  its area and the search;
- any other page address that is gone (a list page, a page of a pagination) → a 301 to the
  nearest address above it that is live, else the same "đã gỡ" page.

Why the ledger travels with the site rather than as a committed file: a CI runner has no
state but the repository and the target, and a publish may fail, be rolled back or be run
from another branch; what was live is only known for sure on the target.
"""

import dataclasses
import json
import posixpath
import re
import urllib.parse

# Public, like the sitemap: a host that only serves files (GitHub Pages) hands it back over
# HTTP to the next build (PUBLISHED_ADDRESSES_URL in `invoke gate`).
LEDGER_NAME = "addresses.json"
LIVE, MOVED, GONE = "live", "moved", "gone"


def address_of(save_as):
    """The address readers use for a file of the site: "a/b/index.html" → "a/b/"."""
    save_as = save_as.replace("\\", "/").lstrip("/")
    if save_as == "index.html":
        return ""
    return save_as[: -len("index.html")] if save_as.endswith("/index.html") else save_as


def normalise(value, siteurl):
    """An address staff wrote (absolute, with or without the site's prefix or slashes) as the
    site's own form: "tin-tuc/2025/bai/" (None when it is not an address of this site)."""
    value = (value or "").strip()
    if not value:
        return None
    split = urllib.parse.urlsplit(value)
    site = urllib.parse.urlsplit(siteurl or "")
    if (split.scheme or split.netloc) and split.netloc != site.netloc:
        return None
    path = urllib.parse.unquote(split.path)
    prefix = site.path.rstrip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :]
    path = posixpath.normpath("/" + path).lstrip("/") if path.strip("/") else ""
    if path.startswith(".."):
        return None
    if path and not re.search(r"\.[a-z0-9]+$", path):
        path += "/"
    return address_of(path)


@dataclasses.dataclass
class Plan:
    live: dict  # address -> record of what is there now
    moved: dict  # old address -> live address
    gone: dict  # old address -> record of what was there

    def ledger(self):
        records = dict(self.live)
        records.update({old: {"status": MOVED, "to": new} for old, new in self.moved.items()})
        records.update({old: {**record, "status": GONE} for old, record in self.gone.items()})
        return {"addresses": dict(sorted(records.items()))}

    def describe(self, siteurl):
        """Lines for the publish log, Vietnamese with the English in brackets."""
        lines = []
        if self.moved:
            lines.append(f"Chuyển hướng {len(self.moved)} địa chỉ cũ (301 redirect):")
            lines += [f"  {siteurl}/{old} → {siteurl}/{new}" for old, new in sorted(self.moved.items())]
        if self.gone:
            lines.append(f"Gỡ {len(self.gone)} địa chỉ, để lại trang “Bài đã gỡ” (410 gone):")
            lines += [f"  {siteurl}/{old}" for old in sorted(self.gone)]
        return lines


def live_on_target(ledger_bytes, manifest_files=()):
    """{address: record} of what a target holds: its ledger, and every page its manifest
    lists that the ledger does not know (a site published before the ledger existed)."""
    records = json.loads(ledger_bytes.decode("utf-8")).get("addresses", {}) if ledger_bytes else {}
    for path in manifest_files:
        if path.endswith((".html", ".htm")):
            records.setdefault(address_of(path), {"status": LIVE})
    return records


def describe_changes(previous, now, siteurl):
    """Lines for the publish log: the redirects and removals this build adds."""
    moved = {a: r["to"] for a, r in now.items() if r["status"] == MOVED and previous.get(a, {}).get("status") != MOVED}
    gone = {a: r for a, r in now.items() if r["status"] == GONE and previous.get(a, {}).get("status") != GONE}
    return Plan({}, moved, gone).describe(siteurl)


def dropped(previous, now):
    """Addresses that were live (or redirected, or gone) before and that the new build forgets."""
    return sorted(set(previous) - set(now))


def record(item, content_path, area=None):
    source = posixpath.relpath(item.source_path.replace("\\", "/"), content_path.replace("\\", "/"))
    date = getattr(item, "date", None)
    return {
        "status": LIVE,
        "source": source,
        "title": getattr(item, "title", ""),
        "date": date.date().isoformat() if date else None,
        "area": area,
    }


def read_previous(path):
    """The ledger of what is live on the target ({} when there is none)."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as source:
            return json.load(source).get("addresses", {})
    except FileNotFoundError:
        return {}


def make_plan(items, written, previous, redirects_from):
    """What each known address becomes.

    items: {address: record} of every published item; written: every page address this build
    wrote; previous: the ledger live on the target; redirects_from: {old: live address}
    named by staff.
    """
    live = {address: {"status": LIVE} for address in written}
    live.update(items)
    moved, gone = {}, {}
    by_source = {r["source"]: a for a, r in items.items()}
    by_identity = {(r["title"], r["date"]): a for a, r in items.items()}
    for old, new in redirects_from.items():
        if old not in live and new in live:
            moved[old] = new
    for old, before in sorted(previous.items()):
        if old in live or old in moved:
            continue
        status = before.get("status", LIVE)
        if status == MOVED:
            moved[old] = before.get("to", "")
        elif status == GONE:
            gone[old] = before
        elif before.get("source"):
            new = by_source.get(before["source"]) or by_identity.get((before.get("title"), before.get("date")))
            if new:
                moved[old] = new
            else:
                gone[old] = before
        else:
            parent = _nearest_live(old, live)
            if parent is not None:
                moved[old] = parent
            else:
                gone[old] = before
    # Chains (a → b, b → c) end at a live address, or the old address is gone.
    for old in list(moved):
        target, seen = moved[old], {old}
        while target in moved and target not in seen:
            seen.add(target)
            target = moved[target]
        if target in live:
            moved[old] = target
        else:
            del moved[old]
            gone[old] = previous.get(old, {"status": GONE})
    return Plan(live, moved, gone)


def _nearest_live(address, live):
    parts = address.rstrip("/").split("/")[:-1]
    while parts:
        candidate = "/".join(parts) + "/"
        if candidate in live:
            return candidate
        parts.pop()
    return "" if "" in live else None
