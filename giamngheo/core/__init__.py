"""What every plugin of the site shares, and the plugin that sets it up.

- `problems`: content problems staff can fix (file, line, fix), `report`, `ContentError`;
- `content`: the content-type registry and the walk over all content;
- `settings`: defaults registered once into Pelican's settings, the absolute site address;
- `plugins`: the order of plugins, checked when Pelican starts.

As a plugin (`giamngheo.core`, first in PLUGINS) it registers the core's defaults and the
`content_type` template filter.
"""

from pelican import signals

from .content import (  # noqa: F401
    ContentType,
    all_content,
    content_type,
    content_types,
    mark_decorative,
    newest_first,
    published,
    register_content_type,
)
from .plugins import PluginOrderError, require_after, require_first  # noqa: F401
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
    require_first(pelican.settings, __name__, "giamngheo.")
    set_site_address(pelican.settings)
    pelican.settings.setdefault("CONTENT_TYPES", content_types(pelican.settings))


def add_filter(generator):
    settings = generator.settings
    generator.env.filters["content_type"] = lambda item: content_type(item, settings)


def register():
    # initialized: settings are read and plugins loaded; the context is not made yet, so
    # the defaults reach the templates too.
    signals.initialized.connect(initialized)
    # generator_init: every generator has its own Jinja environment.
    signals.generator_init.connect(add_filter)
