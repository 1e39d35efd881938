"""Taxonomy terms as Pelican URL wrappers: `Area` reads AREA_URL and AREA_SAVE_AS, and so on."""

from pelican.urlwrappers import URLWrapper


class Term(URLWrapper):
    """An area, program or kind, with the content filed under it (and under its children)."""

    def __init__(self, entry, settings):
        super().__init__(entry.name, settings)
        self.slug = entry.slug
        self.entry = entry
        self.parents = []  # a new commune may lie on the land of two former districts
        self.children = []
        # Published items here and below, newest first, one list per content type that
        # carries this taxonomy, named by its context key (term.articles, term.models …).
        self.listings = ()

    @property
    def short_name(self):
        return self.entry.short_name or self.entry.name

    @property
    def sort_name(self):
        """The name without its unit type, for alphabetical order ("Đông Hải", not "Huyện …")."""
        name, kind = self.entry.name, self.entry.type
        if kind and name.lower().startswith(kind.lower() + " "):
            return name[len(kind) + 1 :]
        return name

    def current_on(self, day):
        """Whether it still exists (or runs) on that day: false for a former district."""
        return self.entry.valid_until is None or self.entry.valid_until >= day

    @property
    def type(self):
        return self.entry.type

    @property
    def valid_from(self):
        return self.entry.valid_from

    @property
    def valid_until(self):
        return self.entry.valid_until

    @property
    def count(self):
        """Items filed here, including under the children."""
        return sum(len(getattr(self, listing)) for listing in self.listings)

    @property
    def items(self):
        """Every item filed here, type by type (articles, then profiles …)."""
        return [item for listing in self.listings for item in getattr(self, listing)]

    @property
    def parent(self):
        """The first parent: the one breadcrumbs go through."""
        return self.parents[0] if self.parents else None

    @property
    def ancestors(self):
        """Every parent, grandparent …, nearest first: content is filed under all of them."""
        found = []
        for parent in self.parents:
            for term in (parent, *parent.ancestors):
                if term not in found:
                    found.append(term)
        return found

    @property
    def lineage(self):
        """Parent, grandparent … through first parents only, nearest first (breadcrumbs)."""
        found, term = [], self.parent
        while term is not None:
            found.append(term)
            term = term.parent
        return found


class Area(Term):
    """A district-level unit before 1 July 2025, a commune or ward after it, or the province."""


class Program(Term):
    """A national target program, one of its projects, a movement or a fund."""


class Kind(Term):
    """A kind of poverty-reduction model: chăn nuôi, thủy sản …"""


class Unit(Term):
    """A body that reports and acts: a department, a mass organisation, the bank, a People's
    Committee. `area` is its area's term (set by the taxonomy once areas are read)."""

    area = None
