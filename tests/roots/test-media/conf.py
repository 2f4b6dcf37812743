"""A test site: the shared configuration of tests/rootconf.py."""

from rootconf import *  # noqa: F403
