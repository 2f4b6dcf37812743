project = "Test Seminar"
extensions = ["myst_parser", "sphinxext.opengraph", "sphinx_sitemap", "seminar"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_baseurl = "https://example.org/en/latest/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary">',)
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "search/", "genindex/"]
seminar_timezone = "America/Los_Angeles"
seminar_organizer = "Test Seminar Organizers"
