"""Settings defaults, registered once into Pelican's settings, and the site's addresses.

The pelican-plugins idiom: each plugin declares `DEFAULTS` (every setting it reads, with a
comment) and, on `initialized`, calls `set_defaults(pelican.settings, DEFAULTS)`. Values in
pelicanconf.py win; every module then reads `settings[KEY]`, and templates see the same
value, because Pelican copies the settings into the context after `initialized`.
"""

import copy

# Settings the core itself reads.
DEFAULTS = {
    "SEO_PREVIEW_SITEURL": "http://127.0.0.1:8000",  # absolute address when SITEURL is not
    # Jinja's compiled templates (core/templates_cache.py): shared by a build's generators and kept
    # between builds; "" is CACHE_PATH/templates.
    "TEMPLATES_CACHE_PATH": "",
}


def set_defaults(settings, defaults):
    """Add each default that pelicanconf.py does not set (a copy: lists are never shared)."""
    for key, value in defaults.items():
        settings.setdefault(key, copy.deepcopy(value))


def set_site_address(settings):
    """SITE_ABSOLUTE_URL: the site's absolute address, for every module and template."""
    set_defaults(settings, DEFAULTS)
    settings.setdefault("SITE_ABSOLUTE_URL", absolute_siteurl(settings))


def absolute_siteurl(settings):
    """SITEURL when it is absolute, else the preview server: for canonical URLs, Open Graph,
    JSON-LD, the sitemap and feeds, which must be absolute."""
    siteurl = settings.get("SITEURL", "")
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    return settings.get("SEO_PREVIEW_SITEURL", DEFAULTS["SEO_PREVIEW_SITEURL"]).rstrip("/")


def read_site_settings(settings_file, **overrides):
    """The site's settings as a build sees them: the file, then every plugin's defaults
    (Pelican loads the plugins, which register them on `initialized`). Writes nothing."""
    from pelican import Pelican
    from pelican.settings import read_settings

    return Pelican(read_settings(settings_file, override=overrides)).settings
