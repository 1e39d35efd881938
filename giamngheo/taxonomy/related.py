"""What an item page links to after its text: related content, similar models, and the
previous and next item of its own stream.

Every item of the build gets `newer`, `older` (None at the ends of its stream, and for
drafts and hidden items), `related` and `similar` (lists, empty when there is nothing):

- `related`: published items of the types that declare `related` sharing an area or a
  program with it;
- `similar`, for a type that declares `similar_by` (profiles: kind, areas): published items
  of its own type sharing those terms;

those sharing the most terms first, then the nearest in date. Candidates are taken from
around the item's date in each of its terms' lists (already newest first), so the work
grows with the number of items, not with its square.
"""

import bisect

from giamngheo.core import all_content, content_types, newest_first, published


def link_items(generators):
    """Set newer/older, related and similar on every item (all_generators_finalized)."""
    context = generators[0].context
    settings = generators[0].settings
    for item in all_content(context):
        item.newer = item.older = None
        item.related, item.similar = [], []
    dates = {}  # (id(term), listing) -> negated timestamps of the term's list, ascending
    streams = [declared for declared in content_types(context).values() if declared.related]
    listings = tuple(declared.context_key for declared in streams)  # the term lists (taxonomy._roll_up)
    for declared in streams:
        stream = newest_first(published(context, declared.name))
        for index, item in enumerate(stream):
            item.newer = stream[index - 1] if index else None
            item.older = stream[index + 1] if index + 1 < len(stream) else None
            terms = list(getattr(item, "areas", [])) + list(getattr(item, "programs", []))
            item.related = nearby(item, terms, listings, settings["RELATED_COUNT"], dates)
            if declared.similar_by:
                terms = [term for attribute in declared.similar_by for term in getattr(item, attribute, [])]
                own = (declared.context_key,)
                item.similar = nearby(item, terms, own, settings["SIMILAR_COUNT"], dates)


def nearby(item, terms, listings, count, dates):
    """Up to `count` published items filed under `terms` (in their `listings`), other than
    `item`: sharing the most terms first, then nearest in date."""
    found = {}  # id -> [item, shared terms]
    moment = -item.date.timestamp()
    for term in terms:
        for listing in listings:
            items = getattr(term, listing)
            key = (id(term), listing)
            if key not in dates:
                dates[key] = [-other.date.timestamp() for other in items]
            position = bisect.bisect_left(dates[key], moment)
            for other in items[max(0, position - count - 1) : position + count + 1]:
                if other is not item:
                    found.setdefault(id(other), [other, 0])[1] += 1
    ranked = sorted(found.values(), key=lambda entry: (-entry[1], abs(entry[0].date - item.date)))
    return [other for other, _ in ranked[:count]]
