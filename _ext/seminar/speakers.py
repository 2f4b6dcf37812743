"""Speakers, derived from the talks: one per speaker id, with their talks and affiliation history.

Nothing about a speaker is stored on its own: the talks are the source of truth, and an optional
hand-written ``speakers/<id>.md`` adds a homepage, photo or pronouns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .domain import SeminarDomain, SpeakerPageEntry, TalkEntry


@dataclass
class Affiliation:
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

    def affiliations(self) -> list[Affiliation]:
        """Affiliation history, oldest first, as given by each talk."""
        history: list[Affiliation] = []
        for entry in self.talks:
            speaker = next(s for s in entry.talk.speakers if s.speaker_id == self.id)
            if not speaker.affiliation:
                continue
            if history and history[-1].name == speaker.affiliation:
                history[-1].last = entry.talk.date
            else:
                history.append(Affiliation(speaker.affiliation, entry.talk.date, entry.talk.date))
        return history


def collect_speakers(domain: SeminarDomain) -> dict[str, SpeakerInfo]:
    """Every speaker id with its talks in date order; the newest talk's spelling names the page."""
    found: dict[str, SpeakerInfo] = {}
    for entry in domain.sorted_talks():
        for speaker in entry.talk.speakers:
            info = found.setdefault(speaker.speaker_id, SpeakerInfo(speaker.speaker_id, speaker.name))
            if entry not in info.talks:
                info.talks.append(entry)
            info.name = speaker.name
            info.names.add(speaker.name)
    for page in domain.speaker_pages.values():
        if page.id in found:
            found[page.id].page = page
            if page.page.name:
                found[page.id].name = page.page.name
    return dict(sorted(found.items()))
