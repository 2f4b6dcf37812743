"""Sphinx configuration of the Stanford MLSys Seminar site."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Stanford MLSys Seminar"
author = "Stanford MLSys Seminar"
copyright = "2020-2026, Stanford MLSys Seminar"  # noqa: A001 - Sphinx's name for it

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "sphinx_reredirects",
    "seminar",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".*",
    ".venv",
    "README.md",
    "CONTRIBUTING.md",
    "ARCHITECTURE.md",
    "REFERENCE.md",
    "tests",
    "benchmarks",
    "schemas",
    ".github",
    "**/node_modules",
]

myst_enable_extensions = ["colon_fence", "dollarmath", "linkify", "deflist", "attrs_inline"]
myst_linkify_fuzzy_links = False  # only real URLs (http://, https://, www.) become links
myst_update_mathjax = False  # math is MathML made at build time (seminar.html.math): no MathJax to configure
html_math_renderer = "seminar_mathml"  # the seminar extension's; also its default when a site names none

html_theme = "furo"
html_title = "Stanford MLSys Seminar"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
templates_path = ["_templates"]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/seminar-sections.html",
        "sidebar/scroll-end.html",
    ]
}

# Read the Docs sets the canonical URL of the version being built; locally we use the public site.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://mlsys.stanford.edu/")

seminar_timezone = "America/Los_Angeles"
seminar_duration = 60
seminar_mailing_list = "https://groups.google.com/forum/#!forum/stanford-mlsys-seminars/join"
seminar_youtube_channel = "https://www.youtube.com/channel/UCzz6ructab1U44QPI3HpZEQ"
seminar_organizer = "Stanford MLSys Seminar"
seminar_short_name = "MLSys Seminar"  # ends every calendar event title

# OpenGraph and Twitter cards on every page (the seminar extension gives talk pages their abstract
# as description and adds the tags to generated pages).  Every page shares the site's image,
# _static/og-image.png (1200x630, drawn by scripts/make_og_image.py), so no social cards and no matplotlib.
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_image = "_static/og-image.png"  # relative to the site root: sphinxext-opengraph makes it absolute
ogp_image_alt = "The Stanford MLSys Seminar's logo, a layered network on Stanford red, beside the seminar's name"
ogp_custom_meta_tags = (
    '<meta property="og:image:width" content="1200">',
    '<meta property="og:image:height" content="630">',
    '<meta name="twitter:card" content="summary_large_image">',
)

# sitemap.xml: html_baseurl already holds Read the Docs' language and version path.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html", "search/", "genindex/", "404/"]

# 404.md is served for any missing path: its links must be absolute paths from the site root.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"

# The original site's public URLs, /cs528/ and /about/, answer with a redirect to the page that
# has their content now (the seminar extension makes sphinx-reredirects' `redirects` per builder).
seminar_redirects = {"cs528/": "courses/cs528", "about/": "about"}
redirect_html_template_file = "_templates/redirect.html"
