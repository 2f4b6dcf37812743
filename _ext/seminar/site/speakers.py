"""Speakers, derived from the talks: one per speaker id, with their talks and affiliation history.

Nothing about a speaker is stored on its own: the talks are the source of truth, and an optional
hand-written ``speakers/<id>.md`` adds a homepage, photo or pronouns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .entries import SpeakerPageEntry, TalkEntry


@dataclass
class AffiliationSpan:
    """One affiliation of a speaker and the dates of the talks they gave under it."""

    name: str
    first: dt.date
    last: dt.date


@dataclass
class SpeakerInfo:
    """A speaker across the whole site."""

    id: str
    name: str
    talks: list[TalkEntry] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    page: SpeakerPageEntry | None = None

    @property
    def docname(self) -> str:
        """The generated page's name."""
        return f"speakers/{self.id}"

    @property
    def sort_key(self) -> tuple[str, str]:
        """A-Z by family name (the last word), then by the whole name."""
        return (self.name.split()[-1].casefold(), self.name.casefold())

    @property
    def initial(self) -> str:
        """The letter the speaker is listed under."""
        first = self.sort_key[0][:1].upper()
        return first if first.isalpha() else "#"

    def affiliations(self) -> list[AffiliationSpan]:
        """Affiliation history, oldest first, as given by each talk."""
        history: list[AffiliationSpan] = []
        for entry in self.talks:
            speaker = next(s for s in entry.talk.speakers if s.speaker_id == self.id)
            if not speaker.affiliation:
                continue
            if history and history[-1].name == speaker.affiliation:
                history[-1].last = entry.talk.date
            else:
                history.append(AffiliationSpan(speaker.affiliation, entry.talk.date, entry.talk.date))
        return history


def latest_affiliation(info: SpeakerInfo) -> str:
    """The affiliation of the speaker's newest talk that gives one ("" when none does)."""
    history = info.affiliations()
    return history[-1].name if history else ""


def collect_speakers(talks: Iterable[TalkEntry], pages: Iterable[SpeakerPageEntry]) -> dict[str, SpeakerInfo]:
    """Every speaker id with their ``talks`` (given in date order); the newest talk's spelling names the page."""
    found: dict[str, SpeakerInfo] = {}
    for entry in talks:
        for speaker in entry.talk.speakers:
            info = found.setdefault(speaker.speaker_id, SpeakerInfo(speaker.speaker_id, speaker.name))
            if entry not in info.talks:
                info.talks.append(entry)
            info.name = speaker.name
            info.names.add(speaker.name)
    for page in pages:
        if page.id in found:
            found[page.id].page = page
            if page.page.name:
                found[page.id].name = page.page.name
    return dict(sorted(found.items()))
