"""The configuration that the test sites under ``tests/roots/`` share (their ``conf.py`` imports it).

Pytest puts ``tests/`` on ``sys.path``, so a root's ``conf.py`` finds this module wherever Sphinx's
fixtures copy the root.
"""

extensions = ["myst_parser", "seminar"]
myst_enable_extensions = ["colon_fence", "dollarmath", "linkify"]
exclude_patterns = ["_build"]
html_theme = "furo"
seminar_timezone = "America/Los_Angeles"
seminar_mailing_list = "https://lists.example.org/join"
