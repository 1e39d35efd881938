"""The W3C Feed Validation Service's rules that apply to our RSS 2.0 and Atom 1.0 feeds.

The service itself cannot run here (no network, and its code may not be copied), so its
checks are restated from its documented behaviour: every finding it would report as an
error (E) or a warning (W) for feeds like ours, by the message name it uses. Validation is
"by URL": the self link must equal the address the feed is published at.
"""

import calendar
import datetime
import email.utils
import html
import re
import urllib.parse
import xml.etree.ElementTree as ET

import html5lib

ATOM = "{http://www.w3.org/2005/Atom}"
FULL_URI = re.compile(r"^[a-zA-Z][0-9a-zA-Z+\-.]*:(//)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$")
STRICT_822 = re.compile(
    r"^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d\d:\d\d(?::\d\d)? ([+-]\d\d[03]0|UT|GMT|[ECMP][SD]T|Z)$"
)
LOOSE_822 = re.compile(
    r"^(?:\w{3}, *)?\d\d? +\w{3} +\d\d(?:\d\d)? +\d\d:\d\d(?::\d\d)? +(?:[+-]?\d{4}|UT|GMT|[ECMP][SD]T|\w)$"
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
MIME = re.compile(r'^[^\s()<>,;:\\"/\[\]?=]+/[^\s()<>,;:\\"/\[\]?=]+$')
HTTP_URL = re.compile(r"^https?://(?:[a-zA-Z0-9\-]+\.)+[a-zA-Z0-9\-]+(?::\d+)?/|^https?://\d+\.\d+\.\d+\.\d+(?::\d+)?/")
LANGUAGES = {"vi", "en"}  # the codes this site uses; both are ISO 639
RISKY_ELEMENTS = {
    "applet",
    "base",
    "basefont",
    "bdo",
    "body",
    "comment",
    "embed",
    "frame",
    "frameset",
    "head",
    "html",
    "iframe",
    "isindex",
    "link",
    "listing",
    "meta",
    "noframes",
    "object",
    "param",
    "plaintext",
    "script",
    "slot",
    "style",
    "title",
    "xmp",
}
ACCEPTABLE_ATTRIBUTES = {
    "abbr",
    "accept",
    "accept-charset",
    "accesskey",
    "action",
    "align",
    "alt",
    "axis",
    "border",
    "cellpadding",
    "cellspacing",
    "char",
    "charoff",
    "charset",
    "checked",
    "cite",
    "class",
    "clear",
    "cols",
    "colspan",
    "color",
    "compact",
    "coords",
    "datetime",
    "dir",
    "disabled",
    "enctype",
    "for",
    "frame",
    "headers",
    "height",
    "href",
    "hreflang",
    "hspace",
    "id",
    "ismap",
    "label",
    "lang",
    "longdesc",
    "maxlength",
    "media",
    "method",
    "multiple",
    "name",
    "nohref",
    "noshade",
    "nowrap",
    "prompt",
    "readonly",
    "rel",
    "rev",
    "rows",
    "rowspan",
    "rules",
    "scope",
    "selected",
    "shape",
    "size",
    "span",
    "src",
    "start",
    "summary",
    "tabindex",
    "target",
    "title",
    "type",
    "usemap",
    "valign",
    "value",
    "vspace",
    "width",
}
ATOM_RELS = {"alternate", "self", "enclosure", "related", "via"}
MEDIA = "{http://search.yahoo.com/mrss/}"  # Media RSS, which the service validates too
MEDIA_MEDIUMS = {"image", "audio", "video", "document", "executable"}


class Findings(list):
    def add(self, level, name, where):
        self.append((level, name, where))


def _html_findings(fragment, where, findings, check_relative):
    """What the validator says of HTML inside a description, summary or content."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        tree = parser.parseFragment(fragment)
    except html5lib.html5parser.ParseError as error:
        findings.add("W", "NotHtml", f"{where}: {error}")
        return
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in RISKY_ELEMENTS:
            findings.add("W", "SecurityRisk", f"{where}: <{element.tag}>")
        for name in element.attrib:
            if name == "style":
                findings.add("W", "DangerousStyleAttr", where)
            elif name not in ACCEPTABLE_ATTRIBUTES and not name.startswith("data-"):
                findings.add("W", "SecurityRiskAttr", f"{where}: {name}")
    if check_relative:
        anchors = re.findall(r'<a\s+href=(?:"([^"]*)"|\'([^\']*)\'|([\w-]+)[\s>])', fragment, re.I)
        images = re.findall(r'<img\s+[^>]*src=(?:"([^"]*)"|\'([^\']*)\'|([\w-]+)[\s>])', fragment, re.I)
        for groups in anchors + images:
            value = html.unescape("".join(groups)).strip()  # one group matched
            if not re.match(r"\w+:", value):
                findings.add("W", "ContainsRelRef", f"{where}: {value!r}")


def _plain_text_findings(element, raw, where, findings, atom=False):
    text = element.text or ""
    if not text.strip():
        findings.add("W", "NotBlank", where)
        return
    if re.search(r"</\w+>", text) or re.search(r"&(#\d+|#x[0-9a-f]+|\w+);", text, re.I):
        findings.add("W", "ContainsUndeclaredHTML" if atom else "ContainsHTML", where)
    elif not atom and re.search(r"<[a-zA-Z]|</|&#\d", text) and "&#x" not in raw:
        findings.add("W", "CharacterData", where)


def _rfc822_findings(value, where, findings, now):
    if not STRICT_822.match(value):
        level, name = ("W", "ProblematicalRFC822Date") if LOOSE_822.match(value) else ("E", "InvalidRFC2822Date")
        findings.add(level, name, f"{where}: {value}")
        return
    parsed = email.utils.parsedate_tz(value)
    if not parsed:
        findings.add("W", "ImplausibleDate", f"{where}: {value}")
        return
    stamp = email.utils.mktime_tz(parsed)
    if "," in value:
        local = email.utils.parsedate_to_datetime(value)  # in the date's own offset
        if calendar.day_abbr[local.weekday()] != value.split(",")[0]:
            findings.add("E", "IncorrectDOW", f"{where}: {value}")
    if stamp > now.timestamp() + 600 or parsed[0] < 1990:
        findings.add("W", "ImplausibleDate", f"{where}: {value}")


def _rfc3339_findings(value, where, findings, now):
    if not value or not RFC3339.match(value):
        findings.add("E", "InvalidRFC3339Date", f"{where}: {value}")
        return
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        findings.add("E", "InvalidRFC3339Date", f"{where}: {value}")
        return
    latest = (now + datetime.timedelta(days=1)).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if value < "1990-01-01" or value > latest:
        findings.add("W", "ImplausibleDate", f"{where}: {value}")


def _canonical_findings(value, where, findings):
    if not FULL_URI.match(value or ""):
        findings.add("E", "InvalidFullLink", f"{where}: {value!r}")
        return
    parts = urllib.parse.urlsplit(value)
    if parts.scheme in ("http", "https"):
        default = {"http": 80, "https": 443}[parts.scheme]
        if (
            parts.netloc != parts.netloc.lower()
            or parts.port == default
            or not parts.path
            or "/./" in parts.path
            or "/../" in parts.path
        ):
            findings.add("W", "NonCanonicalURI", f"{where}: {value}")
        if re.search(r"%[0-9a-f]{2}", value) and re.search(r"%[0-9a-f]*[a-f]", value):
            findings.add("W", "NonCanonicalURI", f"{where}: {value}")


def _media_findings(item, where, findings):
    """Media RSS: the rules the service applies to media:content and media:thumbnail."""
    for element in item.iter():
        name = element.tag.removeprefix(MEDIA)
        if name not in ("content", "thumbnail") or name == element.tag:
            continue
        if not FULL_URI.match(element.get("url", "")):
            findings.add("E", "InvalidURLAttribute", f"{where}/media:{name} url")
        for attribute in ("width", "height", "fileSize"):
            if element.get(attribute) is not None and not element.get(attribute).isdigit():
                findings.add("E", "InvalidIntegerAttribute", f"{where}/media:{name} {attribute}")
        if element.get("type") is not None and not MIME.match(element.get("type")):
            findings.add("E", "InvalidMIMEType", f"{where}/media:{name}")
        if element.get("medium") is not None and element.get("medium") not in MEDIA_MEDIUMS:
            findings.add("E", "InvalidMediaMedium", f"{where}/media:{name}")


def _document(raw, findings):
    """The feed's root element, or None with the finding the W3C validator gives a document
    that is not well-formed UTF-8 XML (a finding to report, not an exception)."""
    try:
        raw.decode("utf-8")
        return ET.fromstring(raw)
    except UnicodeDecodeError as error:
        findings.add("E", "UnicodeError", f"byte {error.start}")
    except ET.ParseError as error:
        line, column = error.position
        findings.add("E", "SAXError", f"line {line}, column {column}: not well-formed XML")
    return None


def _begin(raw, now):
    """(the time the checks count from, their findings, the feed's root element or None)."""
    findings = Findings()
    return now or datetime.datetime.now(datetime.UTC), findings, _document(raw, findings)


def check_rss(raw, self_url, now=None):
    """Findings for an RSS 2.0 document (bytes) published at `self_url`."""
    now, findings, root = _begin(raw, now)
    if root is None:
        return findings
    text = raw.decode("utf-8")
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        findings.add("E", "InvalidRSSVersion", "rss")
        return findings
    for name in ("title", "link", "description"):
        if channel.find(name) is None:
            findings.add("E", f"Missing{name.capitalize()}", "channel")
    _plain_text_findings(channel.find("title"), text, "channel/title", findings)
    if not FULL_URI.match(channel.findtext("link", "")):
        findings.add("E", "InvalidFullLink", "channel/link")
    selfs = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if not selfs:
        findings.add("W", "MissingAtomSelfLink", "channel")
    elif selfs[0].get("href") != self_url:
        findings.add("W", "SelfDoesntMatchLocation", f"{selfs[0].get('href')} != {self_url}")
    language = channel.findtext("language")
    if language is not None and language.split("-")[0].lower() not in LANGUAGES:
        findings.add("E", "InvalidLanguage", language)
    for name in ("lastBuildDate", "pubDate"):
        if channel.find(name) is not None:
            _rfc822_findings(channel.findtext(name), f"channel/{name}", findings, now)
    guids = set()
    for number, item in enumerate(channel.findall("item")):
        where = f"item {number}"
        if item.find("title") is None and item.find("description") is None:
            findings.add("E", "ItemMustContainTitleOrDescription", where)
        if item.find("title") is not None:
            _plain_text_findings(item.find("title"), text, f"{where}/title", findings)
        if not FULL_URI.match(item.findtext("link", "")):
            findings.add("E", "InvalidFullLink", f"{where}/link")
        guid = item.find("guid")
        if guid is None:
            findings.add("W", "MissingGuid", where)
        else:
            permalink = guid.get("isPermaLink", "true")
            if permalink not in ("true", "false"):
                findings.add("E", "InvalidBooleanAttribute", where)
            if permalink == "true" and (
                not FULL_URI.match(guid.text or "") or (guid.text or "").startswith(("tag:", "urn:"))
            ):
                findings.add("E", "InvalidPermalink", f"{where}: {guid.text}")
            if guid.text in guids:
                findings.add("E", "DuplicateValue", f"{where}: guid {guid.text}")
            guids.add(guid.text)
        if item.find("pubDate") is not None:
            _rfc822_findings(item.findtext("pubDate"), f"{where}/pubDate", findings, now)
        if item.find("description") is not None:
            _html_findings(item.findtext("description") or "", f"{where}/description", findings, check_relative=True)
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            findings.add("W", "DuplicateEnclosure", where)
        for enclosure in enclosures:
            length, kind, url = enclosure.get("length"), enclosure.get("type"), enclosure.get("url", "")
            if length is None or kind is None:
                findings.add("E", "MissingAttribute", f"{where}/enclosure")
            elif not length.isdigit():
                findings.add("E", "InvalidIntegerAttribute", f"{where}/enclosure length {length}")
            if kind is not None and not MIME.match(kind):
                findings.add("E", "InvalidMIMEType", f"{where}/enclosure {kind}")
            if not HTTP_URL.match(url):
                findings.add("E", "InvalidURLAttribute", f"{where}/enclosure {url}")
        if item.find("author") is not None:
            if not re.match(r"^[^@\s]+@[^@\s]+\.\w+ \(.+\)$", item.findtext("author")):
                findings.add("E", "InvalidContact", f"{where}/author")
            if item.find("{http://purl.org/dc/elements/1.1/}creator") is not None:
                findings.add("W", "DuplicateItemSemantics", where)
        for category in item.findall("category"):
            _plain_text_findings(category, text, f"{where}/category", findings)
        if item.find("ttl") is not None:
            findings.add("E", "UndefinedElement", f"{where}/ttl")
        _media_findings(item, where, findings)
    return findings


def check_atom(raw, self_url, now=None):
    """Findings for an Atom 1.0 document (bytes) published at `self_url`."""
    now, findings, root = _begin(raw, now)
    if root is None:
        return findings
    if root.tag != f"{ATOM}feed":
        findings.add("E", "UndefinedElement", root.tag)
        return findings
    lang = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang is not None and lang.split("-")[0].lower() not in LANGUAGES:
        findings.add("E", "InvalidLanguage", lang)
    for name in ("title", "id", "updated"):
        if root.find(f"{ATOM}{name}") is None:
            findings.add("E", "MissingElement", f"feed/{name}")
    _plain_text_findings(root.find(f"{ATOM}title"), "", "feed/title", findings, atom=True)
    _canonical_findings(root.findtext(f"{ATOM}id"), "feed/id", findings)
    _rfc3339_findings(root.findtext(f"{ATOM}updated"), "feed/updated", findings, now)
    selfs = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if not selfs:
        findings.add("W", "MissingSelf", "feed")
    elif selfs[0].get("href") != self_url:
        findings.add("W", "SelfDoesntMatchLocation", f"{selfs[0].get('href')} != {self_url}")
    feed_author = root.find(f"{ATOM}author")
    ids, updated = set(), set()
    entries = root.findall(f"{ATOM}entry")
    if not entries and feed_author is None:
        findings.add("E", "MissingElement", "feed/author")
    for number, entry in enumerate(entries):
        where = f"entry {number}"
        if entry.find(f"{ATOM}author") is None and feed_author is None:
            findings.add("E", "MissingElement", f"{where}/author")
        for author in [a for a in (entry.find(f"{ATOM}author"), feed_author) if a is not None]:
            if not (author.findtext(f"{ATOM}name") or "").strip():
                findings.add("E", "MissingElement", f"{where}/author/name")
        title = entry.find(f"{ATOM}title")
        if title is None:
            findings.add("E", "MissingElement", f"{where}/title")
        else:
            _plain_text_findings(title, "", f"{where}/title", findings, atom=True)
        entry_id = entry.findtext(f"{ATOM}id")
        _canonical_findings(entry_id, f"{where}/id", findings)
        if entry_id in ids:
            findings.add("W", "DuplicateEntries", f"{where}: {entry_id}")
        ids.add(entry_id)
        stamp = entry.findtext(f"{ATOM}updated")
        _rfc3339_findings(stamp, f"{where}/updated", findings, now)
        if stamp in updated:
            findings.add("W", "DuplicateUpdated", f"{where}: {stamp}")
        updated.add(stamp)
        if entry.find(f"{ATOM}published") is not None:
            _rfc3339_findings(entry.findtext(f"{ATOM}published"), f"{where}/published", findings, now)
        links = entry.findall(f"{ATOM}link")
        if (
            not any(link.get("rel", "alternate") == "alternate" for link in links)
            and entry.find(f"{ATOM}content") is None
        ):
            findings.add("E", "MissingContentOrAlternate", where)
        for link in links:
            if link.get("rel", "alternate") not in ATOM_RELS:
                findings.add("W", "UnregisteredAtomLinkRel", f"{where}: {link.get('rel')}")
            if link.get("length") is not None and not link.get("length").isdigit():
                findings.add("E", "InvalidNonNegativeInteger", f"{where}/link length")
        if entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}summary") is None:
            findings.add("W", "MissingTextualContent", where)
        for name in ("summary", "content"):
            element = entry.find(f"{ATOM}{name}")
            if element is not None:
                if not (element.text or "").strip():
                    findings.add("W", "NotBlank", f"{where}/{name}")
                elif element.get("type") == "html":
                    _html_findings(element.text, f"{where}/{name}", findings, check_relative=False)
        for category in entry.findall(f"{ATOM}category"):
            if not (category.get("term") or "").strip():
                findings.add("E" if category.get("term") is None else "W", "MissingAttribute", f"{where}/category")
        _media_findings(entry, where, findings)
    return findings
