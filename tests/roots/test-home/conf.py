"""A test site for the home page's ``{featured-talk}``: the shared configuration, with a public URL."""

from rootconf import *  # noqa: F403

html_baseurl = "https://seminar.example.org/"
seminar_youtube_channel = "https://www.youtube.com/@seminar"
seminar_short_name = "Test Seminar"
