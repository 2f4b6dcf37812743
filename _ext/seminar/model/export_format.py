"""The format of ``talks.json``, and the JSON Schemas of every file format the site reads or writes.

The pydantic classes here are the contract of ``talks.json`` (every talk, speaker, series and topic
of the site as data): :mod:`seminar.outputs.export` fills them, and ``schemas/talks.schema.json``
(and ``talks.schema.json`` beside the file) is generated from them.

``python -m seminar schema`` rewrites ``schemas/`` (:func:`write_schemas`): the front matter's
schemas, the vocabulary's (``tags.yaml``) and this one; a test fails when the committed files and
the model disagree, so editors and CI always check against what the build enforces.  The build
writes ``talks.schema.json`` beside ``talks.json`` with :func:`render` too.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .metadata import SeriesPage, SpeakerPage, Talk, json_schema
from .vocabulary import VocabularyFile


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class TalkSpeaker(_Out):
    """A speaker as given in one talk."""

    id: str = Field(description="Speaker id (their page is speakers/<id>).")
    name: str
    affiliation: str | None = Field(description="Affiliation at the time of this talk.")
    bio: str | None = Field(description="The bio given with this talk, as plain text.")


class TalkOut(_Out):
    """One talk."""

    slug: str = Field(description="The page's file name, unique across the site.")
    uid: str = Field(description="Stable calendar UID (front-matter uid, else a UUID5 of the slug).")
    title: str
    status: Literal["scheduled", "cancelled", "postponed"]
    date: dt.date
    start: dt.datetime | None = Field(description="Start with UTC offset; null for an all-day talk.")
    end: dt.datetime | None = Field(description="End with UTC offset; null for an all-day talk.")
    timezone: str = Field(description="IANA time zone the talk is announced in.")
    duration: int | None = Field(description="Length in minutes; null for an all-day talk.")
    series: str = Field(description="Series id.")
    speakers: list[TalkSpeaker]
    abstract: str = Field(description="The abstract as plain text (paragraphs separated by blank lines).")
    tags: list[str] = Field(description="The tags as written (with a vocabulary: the topic ids it knows).")
    topics: list[str] = Field(description="Ids of the talk's topics (see the top-level topics).")
    recording: str | None
    livestream: str | None
    slides: str | None
    path: str = Field(description="The talk page, relative to the site root.")
    url: str | None = Field(description="The talk page's public URL (null when the site has no base URL).")
    ics: str = Field(description="The talk's iCalendar file, relative to the site root.")


class Affiliation(_Out):
    """One affiliation of a speaker, with the dates of the first and last talk given under it."""

    name: str
    first: dt.date
    last: dt.date


class SpeakerOut(_Out):
    """One speaker, across all their talks."""

    id: str
    name: str
    affiliations: list[Affiliation] = Field(description="Oldest first.")
    talks: list[str] = Field(description="Slugs of their talks, in date order.")
    bio: str | None = Field(description="Their newest bio, as plain text.")
    homepage: str | None
    pronouns: str | None
    path: str
    url: str | None
    ics: str


class CourseOut(_Out):
    """A course a series runs with."""

    name: str
    url: str | None


class BreakOut(_Out):
    """A week without a talk."""

    date: dt.date
    label: str


class SeriesOut(_Out):
    """One series."""

    id: str
    title: str
    term: str | None
    timezone: str
    time: str | None = Field(description='Default start time, "HH:MM".')
    duration: int | None = Field(description="Default length in minutes.")
    schedule: str | None
    courses: list[CourseOut]
    hosts: list[str]
    breaks: list[BreakOut]
    talks: list[str] = Field(description="Slugs of its talks, in date order.")
    path: str
    url: str | None
    ics: str
    atom: str


class TopicOut(_Out):
    """One topic (with a vocabulary, tags.yaml; else a tag as spelled first), with its page, feed and calendar."""

    id: str = Field(description="Its page is tags/<id>.html.")
    label: str
    description: str | None = Field(description="From the vocabulary; null for a free-form tag.")
    talks: list[str] = Field(description="Slugs of its talks, in date order.")
    path: str
    url: str | None
    ics: str | None = Field(description="Its calendar; null for a free-form tag (a site without tags.yaml).")
    atom: str | None = Field(description="Its Atom feed; null for a free-form tag.")


class TalksExport(_Out):
    """``talks.json``: every talk, speaker and series of the site."""

    version: Literal[1] = Field(description="Version of this format.")
    title: str = Field(description="The site's title.")
    url: str | None = Field(description="The site's public URL.")
    talks: list[TalkOut] = Field(description="In date order.")
    speakers: list[SpeakerOut] = Field(description="By id.")
    series: list[SeriesOut] = Field(description="By id.")
    topics: list[TopicOut] = Field(
        description="Every topic (free-form: tag) with a page, as the topics index lists them."
    )


SCHEMAS: dict[str, type[BaseModel]] = {
    "talk.schema.json": Talk,
    "series.schema.json": SeriesPage,
    "speaker.schema.json": SpeakerPage,
    "tags.schema.json": VocabularyFile,  # the topic vocabulary, tags.yaml
    "talks.schema.json": TalksExport,  # the build's talks.json, not front matter
}


def render(model: type[BaseModel]) -> str:
    """The schema of ``model`` as the exact text committed under ``schemas/``."""
    return json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; returns the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, model in SCHEMAS.items():
        path = directory / name
        text = render(model)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
