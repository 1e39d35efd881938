"""The Pelican plugins of the Giảm nghèo bền vững Bạc Liêu site, one package.

Each sub-package is a plugin named by its dotted path in PLUGINS (pelicanconf.py);
`giamngheo.core` is what they share and comes first; `giamngheo.publishing` (not a plugin)
builds, checks and deploys the site. See giamngheo/README.md for the map
and for how to add a plugin, a content type or a setting.
"""
