"""The order of the site's plugins, where it matters, checked when Pelican starts.

Pelican runs plugins' generators and signal receivers in the order of PLUGINS. Where one
plugin needs another's work (the taxonomy files the showcase's profiles; feeds need the
taxonomy's terms; the sitemap lists what every other plugin wrote), the later plugin
declares it (`AFTER = ("giamngheo.showcase",)`), the core checks it with `require_after`,
and a wrong order stops the build with a message naming the fix, instead of producing a
site with silently missing pages.
"""


class PluginOrderError(SystemExit):
    """PLUGINS lists a plugin before one whose work it needs (a SystemExit: no traceback)."""


def plugin_names(settings):
    """Module names of the loaded plugins, in order (Pelican keeps names after loading)."""
    return [getattr(plugin, "__name__", plugin) for plugin in settings.get("PLUGINS") or []]


def require_after(settings, plugin, *earlier):
    """Stop unless each of `earlier` that is loaded comes before `plugin` in PLUGINS.

    `plugin` is the name PLUGINS gives it: the package (`__package__` in its modules)."""
    names = plugin_names(settings)
    if plugin not in names:
        return
    position = names.index(plugin)
    late = [name for name in earlier if name in names and names.index(name) > position]
    if late:
        _stop(plugin, late)


def _stop(plugin, late):
    listed = ", ".join(f"“{name}”" for name in late)
    raise PluginOrderError(
        f"pelicanconf.py: trong PLUGINS, “{plugin}” phải đứng sau {listed}. "
        f"Cách sửa: đặt {listed} trước “{plugin}” trong danh sách PLUGINS. "
        f"[plugin order: {plugin} needs {', '.join(late)} loaded before it]"
    )
