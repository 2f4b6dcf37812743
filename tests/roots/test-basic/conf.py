extensions = ["myst_parser", "seminar"]
myst_enable_extensions = ["colon_fence", "dollarmath", "linkify"]
exclude_patterns = ["_build"]
html_theme = "furo"
seminar_timezone = "America/Los_Angeles"
seminar_mailing_list = "https://lists.example.org/join"
