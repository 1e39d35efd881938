"""What one build's plugins hand from one signal to the next, on an object made per build.

Pelican gives its signals different senders: the Pelican object (`get_generators`,
`get_writer`, `finalized`), the generators, a path and the context (`content_written`).
The one thing all of them reach is the settings dict Pelican hands to every generator and
writer, so the state that travels (the search index's process, the pages the policy has
secured, the notice pages the addresses wrote) lives on a `Build` kept there: a new one when
each run starts (`get_generators` is sent once per run, before any generator exists), so
nothing outlives its build, and nothing is kept in a module (as pelican-plugins' sitemap
keeps its state on its generator). A plugin keeps its own part: a class of its own, made
on first use (`this_build(settings).part(IndexJob)`).
"""

BUILD = "GIAMNGHEO_BUILD"  # the key of the current Build in Pelican's settings


class Build:
    """The state of one build, one part per plugin (keyed by the part's class)."""

    def __init__(self):
        self._parts = {}

    def __reduce__(self):
        # Pelican's content cache pickles items, and items keep the settings: a build's state
        # (a running process among it) is never cached; pickled or copied, it is a new Build.
        return (Build, ())

    def part(self, kind):
        """This build's one `kind()`, made on first use."""
        if kind not in self._parts:
            self._parts[kind] = kind()
        return self._parts[kind]


def start_build(pelican):
    """A new Build for this run (a receiver of `get_generators`: it adds no generator)."""
    pelican.settings[BUILD] = Build()


def this_build(settings):
    """The Build of the run these settings belong to (a new one for settings no run has
    started, such as a test's)."""
    return settings.setdefault(BUILD, Build())
