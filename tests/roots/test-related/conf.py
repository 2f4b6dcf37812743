"""A test site of eight talks on three topics in two series: related talks and the talks index filters."""

from rootconf import *  # noqa: F403
