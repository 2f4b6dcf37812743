"""New talk and series pages from flags or answers: ``python -m seminar new-talk`` and ``new-series``.

A contributor names the talk (title, speakers, date, series, links, tags) and gets
``talks/<YYYY>/<slug>.md`` with a fresh ``uid`` and the ``{abstract}``/``{bio}`` skeleton to fill
in; ``new-series`` writes ``series/<id>.md``, which the build puts in the navigation by itself
(CONTRIBUTING.md, "Add a talk" and "Add a series").  The questions asked when flags are missing
are in :mod:`.prompts`.

Everything is checked before a file is written, with the messages the build would give:

* values go through :func:`seminar.model.metadata.validate` (the model the build uses), and the
  written text is read back with :func:`seminar.model.frontmatter.split` and validated again, so a
  page the scaffolder writes is always one the build accepts;
* a talk's series must have a page in ``series/`` (the known ones are listed otherwise);
* a talk's slug comes from the importer's rules (:func:`.talk_pages.talk_slug`) and is made
  unique across every year, because the build rejects two talk files with the same name;
* a speaker whose id is already used under another spelling is refused (the build would warn
  ``duplicate_speaker``);
* nothing is ever overwritten.

Problems raise :class:`.errors.UsageError` (exit status 2 on the command line).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..model.frontmatter import split
from ..model.metadata import SeriesPage, Talk, one_line_problem, validate
from ..model.slugs import SLUG, slugify
from ..model.sources import page_ids, read_front_matter, shown, talk_pages
from ..model.vocabulary import read_vocabulary, tag_problems
from .errors import UsageError
from .importer import read_series
from .jekyll_data import TRAILING_AFFILIATION, parse_speakers
from .talk_pages import DoubleQuoted, FlowList, SpeakerName, TalkDraft, dump_yaml, front_matter, talk_slug, unique_slug

__all__ = [
    "SLUG_ADVICE",
    "Created",
    "SeriesRequest",
    "TalkRequest",
    "new_series",
    "new_talk",
    "parse_speaker",
    "render_series",
    "render_talk",
    "split_tags",
    "topic_problem",
]

SLUG_ADVICE = "use lower-case letters, digits and single hyphens"
"""What to do about an id or file name that is not a slug (:data:`seminar.model.slugs.SLUG`)."""

# Which command-line flag a key of the front matter comes from, so a problem names what to fix.
_TALK_FLAGS = {
    "title": "--title",
    "speakers": "--speaker",
    "date": "--date",
    "time": "--time",
    "duration": "--duration",
    "series": "--series",
    "recording": "--recording",
    "livestream": "--livestream",
    "slides": "--slides",
    "tags": "--tags",
}
_SERIES_FLAGS = {
    "title": "--title",
    "term": "--term",
    "timezone": "--timezone",
    "time": "--time",
    "duration": "--duration",
    "schedule": "--schedule",
    "hosts": "--host",
}


@dataclass(frozen=True)
class TalkRequest:
    """What a contributor asked for with ``new-talk``; unchecked until :func:`new_talk`."""

    title: str
    speakers: tuple[str, ...]  # each "Name" or "Name (Affiliation)"
    date: str
    series: str
    time: str | None = None
    duration: int | None = None
    recording: str | None = None
    livestream: str | None = None
    slides: str | None = None
    tags: tuple[str, ...] = ()
    slug: str | None = None  # default: from the title


@dataclass(frozen=True)
class SeriesRequest:
    """What a contributor asked for with ``new-series``; unchecked until :func:`new_series`."""

    title: str
    id: str | None = None  # default: the slug of the title
    term: str | None = None
    timezone: str | None = None
    time: str | None = None
    duration: int | None = None
    schedule: str | None = None
    hosts: tuple[str, ...] = ()


@dataclass
class Created:
    """A page written (or, for a dry run, the page that would be), with notes for the contributor."""

    path: Path
    text: str
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Small parsers shared by flags and prompts
# --------------------------------------------------------------------------------------------


def parse_speaker(text: str) -> SpeakerName:
    """One ``Name`` or ``Name (Affiliation)``, with the importer's rules for names and parentheses.

    The affiliation may hold commas (``Tri Dao (Stanford, Adept AI)``) and a name may end in a
    suffix (``Conan O'Brien, Jr.``).  A name the importer would read as several people
    (``A and B``, or ``Name, Affiliation`` without parentheses) is refused: one person per
    ``--speaker``, the affiliation in parentheses.
    """
    problem = one_line_problem(text)
    if problem is not None:
        # Refused, not tidied: what the build would warn about (bad_value) is never written.
        raise UsageError(f"--speaker {text!r} {problem}")
    text = " ".join(text.split())
    # The importer's pattern for a trailing "(affiliation)": one rule for both tools.
    match = TRAILING_AFFILIATION.match(text)
    name, affiliation = (match["name"], match["affiliation"].strip() or None) if match else (text, None)
    try:
        found, _notes = parse_speakers(name)
    except ValueError:
        raise UsageError(f"--speaker {text!r}: give a name, e.g. --speaker 'Tri Dao (Stanford)'") from None
    if len(found) != 1:
        raise UsageError(
            f"--speaker {text!r} reads as {len(found)} people ({', '.join(s.name for s in found)}); "
            "give one --speaker per person and the affiliation in parentheses: 'Name (Affiliation)'"
        )
    return SpeakerName(found[0].name, affiliation or found[0].affiliation)


def topic_problem(root: Path, tags: Sequence[str]) -> str | None:
    """What is wrong with a new talk's tags against the site's vocabulary (``tags.yaml``), if it has one.

    Each tag must be a topic id (a did-you-mean otherwise), and a talk takes at most
    :data:`~seminar.model.vocabulary.TOPICS_PER_TALK`: what the build warns, ``new-talk`` refuses.
    """
    vocabulary, _problems = read_vocabulary(root)  # the file's own problems are check's and the build's to report
    if vocabulary is None:
        return None
    found = tag_problems(list(tags), vocabulary)
    return "; ".join(message for _subtype, message, _index in found) or None


def split_tags(values: Sequence[str]) -> tuple[str, ...]:
    """Tags from repeated ``--tags`` values, each a comma-separated list; blanks and repeats dropped."""
    tags = (tag.strip() for value in values for tag in value.split(","))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _problems(model: type[BaseModel], data: Mapping[str, Any], flags: Mapping[str, str], prefix: int = 0) -> list[str]:
    """The model's messages for ``data``, each naming the flag to fix."""
    _result, issues = validate(model, data)
    lines = []
    for issue in issues:
        key = issue.path[prefix] if len(issue.path) > prefix else ""
        lines.append(f"{flags.get(str(key), str(key))}: {issue.message}")
    return lines


def _write_new(path: Path, text: str, root: Path) -> None:
    """Write ``text`` to a file that must not exist yet ("x" mode: no overwrite, even in a race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{shown(path, root)} already exists; it is never overwritten") from None


# --------------------------------------------------------------------------------------------
# new-talk
# --------------------------------------------------------------------------------------------


def _speaker_spellings(pages: Sequence[Path]) -> dict[str, tuple[str, Path]]:
    """Speaker id -> (name, first page) for speakers without an explicit ``id:``, as the build checks them."""
    seen: dict[str, tuple[str, Path]] = {}
    for page in pages:
        fm = read_front_matter(page)
        if fm is None or fm.error:
            continue
        talk, _issues = validate(Talk, fm.data)
        for speaker in talk.speakers if talk else []:
            if speaker.id is None:
                seen.setdefault(speaker.speaker_id, (speaker.name, page))
    return seen


def _talk_slug(request: TalkRequest, pages: Sequence[Path], root: Path, notes: list[str]) -> str:
    taken = {page.stem: page for page in pages}
    if request.slug is not None:
        if not SLUG.fullmatch(request.slug):
            raise UsageError(f"--slug {request.slug!r}: {SLUG_ADVICE}")
        if request.slug in taken:
            raise UsageError(f"--slug {request.slug!r} is taken by {shown(taken[request.slug], root)}")
        return request.slug
    base = talk_slug(request.title)
    slug = unique_slug(base, set(taken))
    if slug != base:
        notes.append(f"slug {base!r} is taken by {shown(taken[base], root)}; using {slug!r}")
    return slug


def _talk_body(speakers: Sequence[SpeakerName]) -> str:
    # The guidance is in MyST comments outside the directives: a talk whose abstract is not known
    # yet builds cleanly, and nothing of the skeleton reaches the page, feeds or exports.
    blocks = [
        "% The abstract goes between the two ::: lines, in Markdown ($math$ and links work).",
        ":::{abstract}\n:::",
        "% A few sentences about each speaker, between the ::: lines of their {bio}.",
    ]
    blocks.extend(f":::{{bio}} {speaker.name}\n:::" for speaker in speakers)
    return "\n\n".join(blocks) + "\n"


def render_talk(talk: Talk, speakers: Sequence[SpeakerName]) -> str:
    """The page text of a validated talk: the importer's front matter plus ``uid``, and the skeleton."""
    page = TalkDraft(
        title=talk.title,
        speakers=tuple(speakers),
        date=talk.date,
        series=talk.series,
        time=talk.time,
        duration=talk.duration,
        recording=talk.recording,
        livestream=talk.livestream,
        slides=talk.slides,
        tags=tuple(talk.tags),
    )
    data = front_matter(page)
    data["uid"] = talk.uid
    return "---\n" + dump_yaml(data) + "---\n\n" + _talk_body(speakers)


def _read_back(text: str, model: type[BaseModel], expected: BaseModel) -> None:
    """The written text must parse as the build parses it, to the same model: a bug otherwise."""
    fm, _body = split(text)
    if fm is None or fm.error:
        raise RuntimeError(f"scaffolded front matter does not parse: {fm.error if fm else 'none'}\n{text}")
    again, issues = validate(model, fm.data)
    if issues or again != expected:
        raise RuntimeError(f"scaffolded front matter does not round-trip: {issues}\n{text}")


def new_talk(root: Path, request: TalkRequest, *, uid: str | None = None, dry_run: bool = False) -> Created:
    """Check ``request`` and write ``talks/<YYYY>/<slug>.md`` below ``root``; UsageError on any problem."""
    if not request.speakers:
        raise UsageError("--speaker: a talk needs at least one speaker, e.g. --speaker 'Tri Dao (Stanford)'")
    speakers = [parse_speaker(text) for text in request.speakers]
    data: dict[str, Any] = {
        "title": request.title,
        "speakers": [{"name": s.name, "affiliation": s.affiliation} if s.affiliation else s.name for s in speakers],
        "date": request.date.strip(),
        "series": request.series,
        "uid": uid or str(uuid.uuid4()),
    }
    optional = {
        "time": request.time,
        "duration": request.duration,
        "recording": request.recording,
        "livestream": request.livestream,
        "slides": request.slides,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    if request.tags:
        data["tags"] = list(request.tags)
    problems = _problems(Talk, data, _TALK_FLAGS)
    topics = topic_problem(root, request.tags)
    if topics is not None:
        problems.append(f"--tag: {topics}")
    if request.series not in page_ids(root / "series"):
        # "unknown series, known ones: ..." says more than the model's message about the id's form.
        problems = [p for p in problems if not p.startswith("--series:")]
        try:
            read_series(root / "series", request.series)
        except UsageError as err:
            problems.append(f"--series: {err}")
    if problems:
        raise UsageError("\n".join(problems))
    talk, _issues = validate(Talk, data)
    assert talk is not None  # no issues means a model
    series = read_series(root / "series", talk.series)

    notes: list[str] = []
    pages = talk_pages(root)
    spellings = _speaker_spellings(pages)
    for speaker in talk.speakers:
        known = spellings.get(speaker.speaker_id)
        if known is None:
            continue
        name, page = known
        if name != speaker.name:
            raise UsageError(
                f"--speaker {speaker.name!r}: the speaker id {speaker.speaker_id!r} is {name!r} in "
                f"{shown(page, root)}; use that spelling if it is the same person; if it is someone "
                "else, write the talk page by hand and give that speaker an 'id:' (CONTRIBUTING.md, Speaker ids)"
            )
        notes.append(f"{speaker.name} already has talks; this one joins speakers/{speaker.speaker_id}")
    if talk.time is None and series.time is None:
        notes.append(f"no --time and series {talk.series!r} gives none: the talk is shown as an all-day event")

    slug = _talk_slug(request, pages, root, notes)
    path = root / "talks" / f"{talk.date.year:04d}" / f"{slug}.md"
    text = render_talk(talk, speakers)
    _read_back(text, Talk, talk)
    if not dry_run:
        _write_new(path, text, root)
    return Created(path, text, notes)


# --------------------------------------------------------------------------------------------
# new-series
# --------------------------------------------------------------------------------------------


def render_series(page: SeriesPage) -> str:
    """The page text of a validated series: front matter, H1, a comment for the text, and the listing."""
    series = page.series
    data: dict[str, object] = {"title": series.title}
    if series.term:
        data["term"] = series.term
    if series.timezone:
        data["timezone"] = series.timezone
    if series.time:
        # Quoted on purpose: unquoted 15:30 is the YAML 1.1 number 930.  Talk pages quote their
        # times with the same DoubleQuoted, so series and talk pages write times the same way.
        data["time"] = DoubleQuoted(series.time)
    if series.duration is not None:
        data["duration"] = series.duration
    if series.schedule:
        data["schedule"] = series.schedule
    if series.hosts:
        data["hosts"] = FlowList(series.hosts)
    data["breaks"] = FlowList([])
    head = "---\n" + dump_yaml({"series": data}) + "---\n"
    body = (
        f"# {series.title}\n\n"
        "% A paragraph about the series: what it covers, who runs it, partner courses, where to watch.\n"
        "% Weeks without a talk go in 'breaks:', e.g. [{date: 2023-11-20, label: Thanksgiving}].\n\n"
        ":::{talk-list}\n:::\n"
    )
    return head + body


def new_series(root: Path, request: SeriesRequest, *, dry_run: bool = False) -> Created:
    """Check ``request`` and write ``series/<id>.md``.

    No other file changes: the build lists every series page in the navigation, newest first.
    """
    series_id = request.id if request.id is not None else slugify(request.title)
    problems = []
    if not SLUG.fullmatch(series_id):
        problems.append(f"--id {series_id!r}: {SLUG_ADVICE}, e.g. fall-2025")
    values = {
        "title": request.title,
        "term": request.term,
        "timezone": request.timezone,
        "time": request.time,
        "duration": request.duration,
        "schedule": request.schedule,
        "hosts": list(request.hosts) or None,
    }
    data = {"series": {key: value for key, value in values.items() if value is not None}}
    problems += _problems(SeriesPage, data, _SERIES_FLAGS, prefix=1)
    if problems:
        raise UsageError("\n".join(problems))
    page, _issues = validate(SeriesPage, data)
    assert page is not None
    path = root / "series" / f"{series_id}.md"
    if path.exists():
        known = ", ".join(page_ids(root / "series"))
        raise UsageError(f"series {series_id!r} exists ({shown(path, root)}); known series: {known}")
    text = render_series(page)
    _read_back(text, SeriesPage, page)
    notes: list[str] = []
    if request.id is None:
        notes.append(f"series id {series_id!r} (from the title); talks name it with --series {series_id}")
    if not dry_run:
        _write_new(path, text, root)
    notes.append("the build lists the series in the site's navigation by itself (newest first)")
    return Created(path, text, notes)
