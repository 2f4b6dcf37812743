"""The talk pages the tools write: a talk as a draft, its front matter, its page text and its slug.

``import-jekyll`` turns each entry into a :class:`TalkDraft` and ``new-talk`` turns its flags into
one; both write the page with :func:`render_page` (or :func:`front_matter` and :func:`dump_yaml`),
so every generated page has the same key order and quoting, and both name the file with
:func:`talk_slug` and :func:`unique_slug`.  The drafts are plain data, not the model: the model
(:mod:`seminar.model.metadata`) checks what a page says; these say what to write.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from ..model.slugs import slugify
from .markdown_escape import escape_markdown

__all__ = [
    "SLUG_CHARS",
    "BreakDraft",
    "DoubleQuoted",
    "FlowList",
    "SpeakerName",
    "TalkDraft",
    "TalkKey",
    "break_yaml",
    "dump_yaml",
    "front_matter",
    "render_page",
    "talk_slug",
    "title_key",
    "unique_slug",
]

TalkKey = tuple[str, dt.date, str]
"""What identifies a talk's page across reruns of the importer: (series, date, :func:`title_key`)."""


def title_key(title: str) -> str:
    """A title as compared across reruns: white space collapsed, case folded."""
    return " ".join(title.split()).casefold()


# --------------------------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerName:
    """A speaker as a talk page lists them: a name and the affiliation at the time of the talk."""

    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class TalkDraft:
    """One talk, cleaned, ready to be written as a page."""

    title: str
    speakers: tuple[SpeakerName, ...]
    date: dt.date
    series: str
    time: str | None = None  # only when it differs from the series default
    duration: int | None = None  # likewise
    recording: str | None = None
    livestream: str | None = None
    slides: str | None = None
    tags: tuple[str, ...] = ()
    abstract: tuple[str, ...] = ()  # paragraphs
    bios: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (speaker name, paragraphs)

    @property
    def key(self) -> TalkKey:
        """What identifies the talk's page across reruns: (series, date, title)."""
        return (self.series, self.date, title_key(self.title))

    @property
    def who(self) -> tuple[str, ...]:
        """The speakers' names, in order, compared as :func:`title_key` compares titles.

        Two entries with the same :attr:`key` are two talks when their speakers differ.
        """
        return tuple(title_key(speaker.name) for speaker in self.speakers)


@dataclass(frozen=True)
class BreakDraft:
    """A week without a talk (an entry with no title), for the series page's ``breaks:``."""

    label: str
    date: dt.date | None


# --------------------------------------------------------------------------------------------
# Page text
# --------------------------------------------------------------------------------------------


class DoubleQuoted(str):
    """Written in double quotes: titles (colons, quotes) and "HH:MM" times."""


class FlowList(list[str]):
    """Written inline, ``[a, b]``, as REFERENCE.md writes tags ("Talk front matter")."""


class _Dumper(yaml.SafeDumper):
    """Block YAML with list items indented under their key, as the site's pages are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_quoted(dumper: yaml.SafeDumper, value: DoubleQuoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _represent_flow(dumper: yaml.SafeDumper, value: FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(DoubleQuoted, _represent_quoted)
_Dumper.add_representer(FlowList, _represent_flow)


def dump_yaml(data: object) -> str:
    """YAML that quotes whatever needs quoting, keeps key order and never wraps lines."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10**6)


def front_matter(talk: TalkDraft) -> dict[str, object]:
    """The talk's front matter, keys in the order REFERENCE.md shows them ("Talk front matter")."""
    data: dict[str, object] = {
        "title": DoubleQuoted(talk.title),
        "speakers": [
            {"name": s.name, "affiliation": s.affiliation} if s.affiliation else {"name": s.name} for s in talk.speakers
        ],
        "date": talk.date,
    }
    if talk.time:
        data["time"] = DoubleQuoted(talk.time)
    if talk.duration is not None:
        data["duration"] = talk.duration
    data["series"] = talk.series
    for key in ("recording", "livestream", "slides"):
        value = getattr(talk, key)
        if value:
            data[key] = value
    if talk.tags:
        data["tags"] = FlowList(talk.tags)
    return data


def _directive(name: str, argument: str, body: Iterable[str]) -> str:
    head = f":::{{{name}}}" + (f" {argument}" if argument else "")
    return head + "\n" + "\n\n".join(escape_markdown(p) for p in body) + "\n:::\n"


def render_page(talk: TalkDraft) -> str:
    """The whole talk page: front matter, then the abstract and one bio per speaker."""
    blocks = ["---\n" + dump_yaml(front_matter(talk)) + "---\n"]
    if talk.abstract:
        blocks.append(_directive("abstract", "", talk.abstract))
    for name, bio in talk.bios:
        blocks.append(_directive("bio", name, bio))
    return "\n".join(blocks)


def break_yaml(item: BreakDraft) -> str:
    """The ``breaks:`` item to paste into a series page, indented as it sits under ``series:``."""
    text = dump_yaml([{"date": item.date, "label": item.label}])
    return "".join("    " + line for line in text.splitlines(keepends=True))


# --------------------------------------------------------------------------------------------
# Slugs
# --------------------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    {"a", "an", "the", "of", "for", "and", "to", "in", "on", "with", "via", "at", "by", "from", "is", "are"}
    | {"how", "what", "can", "we", "our"}
)
SLUG_WORDS = 6
SLUG_CHARS = 50
# "Title: subtitle", "Title - subtitle", "Title -- subtitle", "Title — subtitle".
_SUBTITLE = re.compile(r":\s|\s(?:-{1,2}|[–—])\s")


def _slug_words(text: str) -> list[str]:
    """Words of ``text`` as slugs; apostrophes vanish so ``don't`` is one word, ``dont``."""
    return [w for w in (slugify(token) for token in re.sub(r"['’]", "", text).split()) if w]


def talk_slug(title: str) -> str:
    """A short, readable slug for a talk title.

    A short head before a subtitle (``FlashAttention: Fast and ...``) is usually the talk's name,
    so when the part before the first ``: `` or `` - `` has 1-5 words, it alone is used.
    Otherwise: the title's words without stop words, at most 6 of them.  Either way the slug is
    cut to 50 characters on a word boundary.
    """
    words = _slug_words(title)
    head = _SUBTITLE.split(title, maxsplit=1)
    if len(head) > 1 and 1 <= len(_slug_words(head[0])) <= 5:
        words = _slug_words(head[0])
    meaningful = [w for w in words if w not in STOP_WORDS] or words
    slug = "-".join(meaningful[:SLUG_WORDS])
    while len(slug) > SLUG_CHARS and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:SLUG_CHARS].strip("-") or "talk"


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken yet."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
