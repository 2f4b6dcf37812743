from rootconf import *  # noqa: F403

project = "Topic Seminar"
html_baseurl = "https://example.org/topics/"
