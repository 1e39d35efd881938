"""What every plugin of the site shares, and the plugin that sets it up.

- `problems`: content problems staff can fix (file, line, fix), `report`, `ContentError`;
- `content`: the content-type registry (each kind of content one declaration) and the walk
  over all content; `fields`: the fields of a type's editor form; `generator`: the one
  generator of the types the core reads;
- `settings`: defaults registered once into Pelican's settings, the absolute site address;
- `plugins`: the order of plugins, checked when Pelican starts;
- `output`: what a generator writes (`writes = Writes.…` on its class), for the live preview.
- `build`: the state one build's plugins hand from signal to signal (`this_build`);
- `unsafe_html`: what makes HTML unsafe, for the checks, the sanitiser and the page policy;
- `templates_cache`: each template compiled once for all generators and builds.

As a plugin (`giamngheo.core`, first in PLUGINS; every plugin of the package also connects
it) it registers, when Pelican starts, what each plugin declares (`DEFAULTS`,
`CONTENT_TYPES`, `AFTER`), and gives templates the `content_type`, `listed` and `index_url` filters.
"""

from jinja2 import pass_context
from pelican import signals

from .build import start_build, this_build  # noqa: F401
from .content import (  # noqa: F401
    ContentType,
    DeclaredContent,
    SiteFeed,
    all_content,
    content_type,
    content_types,
    declare,
    mark_decorative,
    newest_first,
    published,
    register_content_type,
    shown_item,
)
from .fields import EditorForm, Field  # noqa: F401
from .generator import ContentGenerator, generator_class  # noqa: F401
from .generator import get_generators as _content_generators
from .output import Text, Writes, write_page, writes_of  # noqa: F401
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
from .templates_cache import use_compiled_templates


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
    # Any plugin may declare content types (a site's own module in PLUGINS too).
    for plugin in pelican.plugins:
        for declared in getattr(plugin, "CONTENT_TYPES", ()):
            register_content_type(settings, declared)
    settings.setdefault("CONTENT_TYPES", content_types(settings))
    place_declared_types(settings)
    check_order(settings, ours)


def place_declared_types(settings):
    """What Pelican must know of the types the core reads: their folders are not articles,
    and their list pages are paginated (new values, the user's lists left as they were)."""
    read = [t for t in content_types(settings).values() if t.read_by_core]
    excluded = list(settings["ARTICLE_EXCLUDES"])
    excluded += [folder for t in read for folder in settings[t.paths_setting] if folder not in excluded]
    settings["ARTICLE_EXCLUDES"] = excluded
    paginated = dict(settings["PAGINATED_TEMPLATES"])
    for declared in read:
        if declared.list_template:
            paginated.setdefault(declared.list_template, declared.per_page)
    settings["PAGINATED_TEMPLATES"] = paginated


def add_filter(generator):
    settings = generator.settings
    generator.env.filters["content_type"] = lambda item: content_type(item, settings)
    generator.env.filters["listed"] = listed
    generator.env.filters["index_url"] = index_url


@pass_context
def listed(context, declared, items=None):
    """What a type's lists show of `items` (default: all its published items): its
    `listed` choice (an event's coming ones), else all of them."""
    items = context.get(declared.context_key, []) if items is None else items
    return declared.listed(items) if declared.listed else items


@pass_context
def index_url(context, declared):
    """The address of a type's list page ("" when it has none)."""
    return context.get(declared.index_url_setting, "") if declared.index_url_setting else ""


def plugin(*connections):
    """A plugin's `register()`, made from its declaration: (signal name, receiver) pairs, in
    the order they are connected, each with a comment saying why that signal. A generator
    class given for "get_generators" is that plugin's generator. The core is connected first;
    connecting again (Pelican registers plugins at every run) is connecting once, because the
    receivers are made here, once per plugin."""
    receivers = [
        (name, _returns(receiver) if isinstance(receiver, type) else receiver) for name, receiver in connections
    ]

    def register_plugin():
        register()
        for name, receiver in receivers:
            getattr(signals, name).connect(receiver)

    return register_plugin


def _returns(cls):
    def get_generators(pelican):
        return cls

    return get_generators


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
    signals.generator_init.connect(use_compiled_templates)
    # get_generators: the types the core reads each get a generator, before the plugins'.
    signals.get_generators.connect(_content_generators)
