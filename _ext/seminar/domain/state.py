"""The extension's state for one build: one typed object, reached through :func:`build_state`.

What the extension keeps *between* builds is in the domain's data (pickled with the environment,
declared in :attr:`SeminarDomain.initial_data <seminar.domain.domain.SeminarDomain.initial_data>`).
What it works out *during* one build and hands from one event to the next lives here, in a
:class:`BuildState` that belongs to the build's environment and goes with it: the site's indexes,
the documents this build read, the rebuild plan, the generated pages and caches.  Nothing is hung
on Sphinx's objects as an undeclared attribute.

Each field says which handler writes it; see ARCHITECTURE.md for the order of the events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import ParallelTasks

from ..model.vocabulary import Vocabulary
from ..site.catalog import GeneratedPage
from ..site.indexes import Site


@dataclass
class RebuildPlan:
    """What this build must write, worked out once at ``env-updated`` by :mod:`seminar.incremental.planner`."""

    unchanged: bool = False
    """Nothing the site shows changed: no page, calendar, feed, export or search entry is rewritten."""
    body_only: bool = False
    """Only page bodies (an abstract, a page's text) changed: no other page shows them."""
    dirty_pages: set[str] = field(default_factory=set)
    """Generated pages whose content changed (or that every page's template change touches)."""
    event_digests: dict[str, str] = field(default_factory=dict)
    """Each talk's calendar-event inputs, by document: the keys of its cached event, feed entry and JSON item."""
    calendars: set[str] | None = None
    """Calendar files whose content changed (``None``: every one)."""
    feeds: set[str] | None = None
    """Atom feeds whose content changed (``None``: every one)."""
    unread: set[str] = field(default_factory=set)
    """Documents written again without being read: what they show of other pages changed, not their titles."""
    set_aside: dict[str, set[str]] = field(default_factory=dict)
    """Their toctree parents, left out of Sphinx's pages to write until the build finishes (``write-started``)."""


@dataclass
class BuildState:
    """Everything one build works out and hands on between events."""

    read: set[str] = field(default_factory=set)
    """Documents this build reads (``env-get-outdated``, then ``env-before-read-docs``)."""
    removed: set[str] = field(default_factory=set)
    """Documents removed since the last build (``env-get-outdated``)."""
    vocabulary: Vocabulary | None = None
    """The topic vocabulary (``tags.yaml``), read at ``builder-inited``; ``None``: free-form tags."""
    site: Site | None = None
    """The site's indexes, made on first use after reading (:attr:`SeminarDomain.site`); dropped at ``env-updated``."""
    plan: RebuildPlan = field(default_factory=RebuildPlan)
    """What to write (``env-updated``)."""
    pages: dict[str, GeneratedPage] | None = None
    """The generated pages of this build, listed once (:attr:`SeminarDomain.generated_pages`)."""
    toctrees: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    """Resolved sidebar navigation shared between pages (:mod:`seminar.html.navigation`)."""
    site_files: ParallelTasks | None = None
    """The forked process writing calendars, feeds and ``talks.json`` under ``-j`` (:mod:`seminar.outputs.sitefiles`)."""

    def forget_site(self) -> None:
        """Drop the site's indexes and what was listed from them (the read phase changed the domain)."""
        self.site = None
        self.pages = None


_STATES: WeakKeyDictionary[BuildEnvironment, BuildState] = WeakKeyDictionary()


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the build that ``env`` belongs to (made on first use; it goes with the environment)."""
    state = _STATES.get(env)
    if state is None:
        state = _STATES[env] = BuildState()
    return state
