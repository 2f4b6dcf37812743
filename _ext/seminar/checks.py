"""Checks that need every page read: unknown series, duplicate slugs, uids and speaker ids.

They run at ``env-check-consistency``, in the main process after parallel readers merged, so a
duplicate across documents read in different processes is still found; each warning points at
the file and line of the later definition.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import SeminarDomain
from .reader import domain_of
from .warnings_ import Subtype, warn


def _on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = domain_of(env)
    series_ids = sorted(domain.series_by_id())
    slugs: dict[str, str] = {}
    uids: dict[str, str] = {}
    names: dict[str, dict[str, str]] = defaultdict(dict)  # speaker id -> name -> first docname
    for docname in sorted(domain.talks):
        entry = domain.talks[docname]
        talk = entry.talk
        if talk.series not in series_ids:
            known = ", ".join(series_ids) or "none yet"
            warn(
                Subtype.UNKNOWN_SERIES,
                f"unknown series {talk.series!r} (known: {known})",
                (docname, entry.lines.get("series", 1)),
            )
        if entry.slug in slugs:
            warn(
                Subtype.DUPLICATE_SLUG,
                f"talk slug {entry.slug!r} is also used by {slugs[entry.slug]}; rename one file",
                (docname, 1),
            )
        slugs.setdefault(entry.slug, docname)
        if talk.uid:
            if talk.uid in uids:
                warn(
                    Subtype.DUPLICATE_UID,
                    f"uid {talk.uid!r} is also used by {uids[talk.uid]}; a uid must be unique",
                    (docname, entry.lines.get("uid", 1)),
                )
            uids.setdefault(talk.uid, docname)
        for index, speaker in enumerate(talk.speakers):
            if speaker.id is not None:
                continue  # an explicit id merges spellings on purpose
            seen = names[speaker.speaker_id]
            if seen and speaker.name not in seen:
                other, first = next(iter(seen.items()))
                warn(
                    Subtype.DUPLICATE_SPEAKER,
                    f"speaker id {speaker.speaker_id!r} is {speaker.name!r} here but {other!r} in {first}: "
                    "likely the same person (use one spelling) or two people (give one an 'id:')",
                    (docname, entry.lines.get(f"speakers.{index}", 1)),
                )
            seen.setdefault(speaker.name, docname)
    _check_speaker_pages(domain, {s.speaker_id for entry in domain.talks.values() for s in entry.talk.speakers})


def _check_speaker_pages(domain: SeminarDomain, speaker_ids: set[str]) -> None:
    """A hand-written ``speakers/<id>.md`` must name a speaker of some talk, or its details reach nobody."""
    for docname in sorted(domain.speaker_pages):
        speaker_id = docname.rsplit("/", 1)[-1]
        if speaker_id in speaker_ids:
            continue
        close = difflib.get_close_matches(speaker_id, sorted(speaker_ids), n=1, cutoff=0.6)
        hint = f"; did you mean speakers/{close[0]}.md?" if close else ""
        warn(Subtype.UNKNOWN_SPEAKER, f"no talk has a speaker with id {speaker_id!r}{hint}", (docname, 1))


def setup_checks(app: Sphinx) -> None:
    """Run the site-wide checks after reading."""
    app.connect("env-check-consistency", _on_check_consistency)
