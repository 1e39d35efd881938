"""What every plugin of the site shares, and the plugin that sets it up.

- `problems`: content problems staff can fix (file, line, fix), `report`, `ContentError`;
- `content`: the content-type registry and the walk over all content;
- `settings`: defaults registered once into Pelican's settings, the absolute site address;
- `plugins`: the order of plugins, checked when Pelican starts;
- `build`: the state one build's plugins hand from signal to signal (`this_build`);
- `unsafe_html`: what makes HTML unsafe, for the checks, the sanitiser and the page policy.

As a plugin (`giamngheo.core`, first in PLUGINS; every plugin of the package also connects
it) it registers, when Pelican starts, what each plugin declares (`DEFAULTS`,
`CONTENT_TYPES`, `AFTER`), and gives templates the `content_type` filter.
"""

from pelican import signals

from .build import ApacheRules, start_build, this_build  # noqa: F401
from .content import (  # noqa: F401
    ContentType,
    all_content,
    content_type,
    content_types,
    mark_decorative,
    newest_first,
    published,
    register_content_type,
    shown_item,
)
from .plugins import PluginOrderError, check_order, require_after  # noqa: F401
from .problems import (  # noqa: F401
    ContentError,
    ContentProblem,
    LogRecorder,
    metadata_line,
    relative_source,
    report,
    reported,
    source_line,
)
from .settings import (  # noqa: F401
    DEFAULTS,
    absolute_siteurl,
    read_site_settings,
    set_defaults,
    set_site_address,
)


def initialized(pelican):
    """Register what each plugin of the package declares at its top: its settings defaults
    (`DEFAULTS`), its content types (`CONTENT_TYPES`), and the plugins whose work it needs
    before it in PLUGINS (`AFTER`, `LAST`; checked: a wrong order stops Pelican)."""
    settings = pelican.settings
    package = __name__.rpartition(".")[0]  # "giamngheo"
    ours = [plugin for plugin in pelican.plugins if getattr(plugin, "__name__", "").startswith(f"{package}.")]
    set_site_address(settings)
    for plugin in ours:
        set_defaults(settings, getattr(plugin, "DEFAULTS", {}))
        for declared in getattr(plugin, "CONTENT_TYPES", ()):
            register_content_type(settings, declared)
    settings.setdefault("CONTENT_TYPES", content_types(settings))
    check_order(settings, ours)


def add_filter(generator):
    settings = generator.settings
    generator.env.filters["content_type"] = lambda item: content_type(item, settings)


def register():
    """Connect the core; every plugin of the package calls this first (connecting twice
    is connecting once), so the core works whether PLUGINS lists it or not."""
    # initialized: settings are read and plugins loaded; the context is not made yet, so
    # the defaults reach the templates too.
    signals.initialized.connect(initialized)
    # get_generators: sent once at the start of every run, before any generator exists.
    signals.get_generators.connect(start_build)
    # generator_init: every generator has its own Jinja environment.
    signals.generator_init.connect(add_filter)
