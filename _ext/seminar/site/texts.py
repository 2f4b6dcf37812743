"""How a talk is worded outside its own page: calendar and feed titles, speaker lines, excerpts."""

from __future__ import annotations

from .entries import TalkEntry

_PREFIX = {"scheduled": "", "cancelled": "Cancelled: ", "postponed": "Postponed: "}


def summary(entry: TalkEntry) -> str:
    """The event title: the talk's, marked when cancelled or postponed."""
    return _PREFIX[entry.talk.status] + entry.talk.title


def speakers_line(entry: TalkEntry) -> str:
    """``Tri Dao (Stanford) and Dan Fu``."""
    names = [f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in entry.talk.speakers]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
