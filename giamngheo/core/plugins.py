"""The order of the site's plugins, where it matters, checked when Pelican starts.

Pelican runs plugins' generators and signal receivers in the order of PLUGINS. Where one
plugin needs another's work (the taxonomy files the showcase's profiles; feeds need the
taxonomy's terms; the sitemap lists what every other plugin wrote), the later plugin
declares it (`AFTER = ("giamngheo.showcase",)`), the core checks it with `require_after`,
and a wrong order stops the build with a message naming the fix, instead of producing a
site with silently missing pages.

What AFTER names: each plugin whose fields or context keys it reads in the same phase of
the build (the readers' phase, `generate_context`, runs generator by generator; so do the
receivers of `all_generators_finalized`, of `content_written` and of `finalized`, and the
writing, `generate_output`). A plugin that must see every page the others write declares
`LAST = True`: every plugin of the package that is not LAST must come before it.
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


def check_order(settings, plugins):
    """Stop unless each of `plugins` (the package's loaded plugin modules) comes after the
    plugins its AFTER names and, when it is LAST, after every plugin that is not."""
    names = [plugin.__name__ for plugin in plugins]
    last = [plugin.__name__ for plugin in plugins if getattr(plugin, "LAST", False)]
    others = [name for name in names if name not in last and name != __package__]
    for plugin in plugins:
        earlier = list(getattr(plugin, "AFTER", ()))
        if plugin.__name__ in last:
            earlier += [name for name in others if name not in earlier]
        require_after(settings, plugin.__name__, *earlier)


def _stop(plugin, late):
    listed = ", ".join(f"“{name}”" for name in late)
    raise PluginOrderError(
        f"pelicanconf.py: trong PLUGINS, “{plugin}” phải đứng sau {listed}. "
        f"Cách sửa: đặt {listed} trước “{plugin}” trong danh sách PLUGINS. "
        f"[plugin order: {plugin} needs {', '.join(late)} loaded before it]"
    )
