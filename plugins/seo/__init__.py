from .seo import absolute_siteurl, register  # noqa: F401
