"""What makes HTML unsafe for a reader: the one set of rules, applied three ways.

- The checks (`giamngheo.checks`) refuse staff's HTML that breaks a rule, naming file, line
  and fix, before anything is written.
- The sanitiser (`giamngheo.sanitise`) keeps only what it allows (an allowlist that holds
  nothing these rules refuse) and removes whatever a check did not know, silently.
- The page policy (`giamngheo.policy`) warns when a written page (a template's markup)
  holds an attribute its Content-Security-Policy would block.

Where the three once differed, each now refuses what any of them refused (`vbscript:` and
`data:text` addresses, every attribute whose name starts with "on", an iframe that is not
an http(s) address on an allowed host).
"""

import re
import urllib.parse

# Elements that load or run code, or change where the page's links and forms go. The checks
# refuse them; the sanitiser's allowlist holds none of them.
UNSAFE_ELEMENTS = frozenset({"script", "object", "embed", "applet", "base", "meta", "link", "form"})
# Attributes a browser follows or loads as an address.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "longdesc"})
# Addresses that run code instead of leading somewhere (as written, lower case, without the
# spaces and control characters a browser ignores in them).
CODE_SCHEMES = ("javascript:", "vbscript:", "data:text")
# The only schemes the sanitiser keeps in an address (any other scheme is removed; an
# address without one is relative).
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Frames: only from hosts the site names (EMBED_ALLOWED_HOSTS), only over http(s).
FRAME_SCHEMES = ("https://", "http://")


def is_event_handler(name):
    """Whether an attribute runs code when something happens (onclick, onerror …)."""
    return name.lower().startswith("on")


def code_scheme(value):
    """The scheme by which an address runs code ("javascript:" …), or None."""
    plain = "".join(c for c in value or "" if c > " ").lower()
    return next((scheme for scheme in CODE_SCHEMES if plain.startswith(scheme)), None)


def unsafe_attribute(name, value):
    """Why the attribute `name`=`value` would run code ("on…" or a CODE_SCHEMES entry), or None."""
    if is_event_handler(name):
        return name
    if name.lower() in URL_ATTRIBUTES:
        return code_scheme(value)
    return None


def frame_allowed(source, hosts):
    """Whether an <iframe src="…"> may be shown: an http(s) address on one of `hosts`."""
    source = source or ""
    return source.startswith(FRAME_SCHEMES) and (urllib.parse.urlsplit(source).hostname or "") in hosts


# may_hold_unsafe: where an attribute can start as an HTML parser reads one (after a space,
# a quote or "/"), an attribute named on…; characters a browser drops from an address.
EVENT_HANDLER_START = re.compile(r"[\s'\"/]on")
DROPPED_IN_ADDRESSES = re.compile(r"[\x00-\x20]+")


def may_hold_unsafe(fragment):
    """False only when the HTML `fragment` surely breaks none of these rules, so that a check
    may skip parsing it (most of a site's items: a 5,000-article build spent 0.7 s parsing
    them). True for any element that loads code or a frame, any "on…" attribute, any code
    scheme with spaces and control characters taken out, and any character reference (which
    can hide one); a false alarm only costs the parse."""
    low = fragment.lower()
    if "&" in low or any(f"<{tag}" in low for tag in (*UNSAFE_ELEMENTS, "iframe")):
        return True
    if EVENT_HANDLER_START.search(low):
        return True
    squeezed = DROPPED_IN_ADDRESSES.sub("", low)
    return any(scheme in squeezed for scheme in CODE_SCHEMES)
