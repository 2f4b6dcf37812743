"""New talk and series pages from flags or prompts: ``python -m seminar new-talk`` and ``new-series``.

A contributor names the talk (title, speakers, date, series, links, tags) and gets
``talks/<YYYY>/<slug>.md`` with a fresh ``uid`` and the ``{abstract}``/``{bio}`` skeleton to fill
in; ``new-series`` writes ``series/<id>.md`` and lists it in the home page's hidden toctree.

Everything is checked before a file is written, with the messages the build would give:

* values go through :func:`seminar.model.validate` (the model the build uses), and the written
  text is read back with :func:`seminar.frontmatter.split` and validated again, so a page the
  scaffolder writes is always one the build accepts;
* a talk's series must have a page in ``series/`` (the known ones are listed otherwise);
* a talk's slug comes from the importer's rules (:func:`seminar.importer.talk_slug`) and is made
  unique across every year, because the build rejects two talk files with the same name;
* a speaker whose id is already used under another spelling is refused (the build would warn
  ``duplicate_speaker``);
* nothing is ever overwritten.

Problems raise :class:`seminar.importer.UsageError` (exit status 2 on the command line).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

from . import frontmatter, importer
from .importer import UsageError
from .model import SeriesPage, Talk, validate
from .slugs import slugify
from .warnings_ import Subtype

__all__ = [
    "Created",
    "Prompter",
    "SeriesRequest",
    "TalkRequest",
    "add_to_toctree",
    "ask_series",
    "ask_talk",
    "known_series",
    "new_series",
    "new_talk",
    "parse_speaker",
    "split_tags",
]

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

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


def parse_speaker(text: str) -> importer.Speaker:
    """One ``Name`` or ``Name (Affiliation)``, with the importer's rules for names and parentheses.

    The affiliation may hold commas (``Tri Dao (Stanford, Adept AI)``) and a name may end in a
    suffix (``Conan O'Brien, Jr.``).  A name the importer would read as several people
    (``A and B``, or ``Name, Affiliation`` without parentheses) is refused: one person per
    ``--speaker``, the affiliation in parentheses.
    """
    text = " ".join(text.split())
    # The importer's pattern for a trailing "(affiliation)" (private there; one rule for both tools).
    match = importer.TRAILING_AFFILIATION.match(text)
    name, affiliation = (match["name"], match["affiliation"].strip() or None) if match else (text, None)
    try:
        found, _notes = importer.parse_speakers(name)
    except ValueError:
        raise UsageError(f"--speaker {text!r}: give a name, e.g. --speaker 'Tri Dao (Stanford)'") from None
    if len(found) != 1:
        raise UsageError(
            f"--speaker {text!r} reads as {len(found)} people ({', '.join(s.name for s in found)}); "
            "give one --speaker per person and the affiliation in parentheses: 'Name (Affiliation)'"
        )
    return importer.Speaker(found[0].name, affiliation or found[0].affiliation)


def split_tags(values: Sequence[str]) -> tuple[str, ...]:
    """Tags from repeated ``--tags`` values, each a comma-separated list; blanks and repeats dropped."""
    tags = (tag.strip() for value in values for tag in value.split(","))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def known_series(root: Path) -> list[str]:
    """The ids of the series pages of the site at ``root`` (files directly in ``series/``)."""
    folder = root / "series"
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def _problems(model: type[BaseModel], data: Mapping[str, Any], flags: Mapping[str, str], prefix: int = 0) -> list[str]:
    """The model's messages for ``data``, each naming the flag to fix."""
    _result, issues = validate(model, data)
    lines = []
    for issue in issues:
        key = issue.path[prefix] if len(issue.path) > prefix else ""
        lines.append(f"{flags.get(str(key), str(key))}: {issue.message}")
    return lines


def _field_problem(model: type[BaseModel], key: str, value: Any, nested: str | None = None) -> str | None:
    """The model's message for one value alone (other keys' missing-key issues are ignored)."""
    data: dict[str, Any] = {nested: {key: value}} if nested else {key: value}
    path = (nested, key) if nested else (key,)
    _result, issues = validate(model, data)
    # Only this value's own problems, not the other keys missing.
    messages = [i.message for i in issues if i.path[: len(path)] == path and i.subtype is not Subtype.MISSING_KEY]
    return "; ".join(messages) or None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _write_new(path: Path, text: str, root: Path) -> None:
    """Write ``text`` to a file that must not exist yet ("x" mode: no overwrite, even in a race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(f"{_relative(path, root)} already exists; it is never overwritten") from None


# --------------------------------------------------------------------------------------------
# new-talk
# --------------------------------------------------------------------------------------------


def _existing_talks(root: Path) -> list[Path]:
    folder = root / "talks"
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def _speaker_spellings(pages: Sequence[Path]) -> dict[str, tuple[str, Path]]:
    """Speaker id -> (name, first page) for speakers without an explicit ``id:``, as the build checks them."""
    seen: dict[str, tuple[str, Path]] = {}
    for page in pages:
        try:
            fm, _body = frontmatter.split(page.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
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
        if not _SLUG.match(request.slug):
            raise UsageError(f"--slug {request.slug!r}: use lower-case letters, digits and single hyphens")
        if request.slug in taken:
            raise UsageError(f"--slug {request.slug!r} is taken by {_relative(taken[request.slug], root)}")
        return request.slug
    base = importer.talk_slug(request.title)
    slug = importer.unique_slug(base, set(taken))
    if slug != base:
        notes.append(f"slug {base!r} is taken by {_relative(taken[base], root)}; using {slug!r}")
    return slug


def _talk_body(speakers: Sequence[importer.Speaker]) -> str:
    # The guidance is in MyST comments outside the directives: a talk whose abstract is not known
    # yet builds cleanly, and nothing of the skeleton reaches the page, feeds or exports.
    blocks = [
        "% The abstract goes between the two ::: lines, in Markdown ($math$ and links work).",
        ":::{abstract}\n:::",
        "% A few sentences about each speaker, between the ::: lines of their {bio}.",
    ]
    blocks.extend(f":::{{bio}} {speaker.name}\n:::" for speaker in speakers)
    return "\n\n".join(blocks) + "\n"


def render_talk(talk: Talk, speakers: Sequence[importer.Speaker]) -> str:
    """The page text of a validated talk: the importer's front matter plus ``uid``, and the skeleton."""
    page = importer.Talk(
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
    data = importer.front_matter(page)
    data["uid"] = talk.uid
    return "---\n" + importer.dump_yaml(data) + "---\n\n" + _talk_body(speakers)


def _read_back(text: str, model: type[BaseModel], expected: BaseModel) -> None:
    """The written text must parse as the build parses it, to the same model: a bug otherwise."""
    fm, _body = frontmatter.split(text)
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
    if request.series not in known_series(root):
        # "unknown series, known ones: ..." says more than the model's message about the id's form.
        problems = [p for p in problems if not p.startswith("--series:")]
        try:
            importer.read_series(root / "series", request.series)
        except UsageError as err:
            problems.append(f"--series: {err}")
    if problems:
        raise UsageError("\n".join(problems))
    talk, _issues = validate(Talk, data)
    assert talk is not None  # no issues means a model
    series = importer.read_series(root / "series", talk.series)

    notes: list[str] = []
    pages = _existing_talks(root)
    spellings = _speaker_spellings(pages)
    for speaker in talk.speakers:
        known = spellings.get(speaker.speaker_id)
        if known is None:
            continue
        name, page = known
        if name != speaker.name:
            raise UsageError(
                f"--speaker {speaker.name!r}: the speaker id {speaker.speaker_id!r} is {name!r} in "
                f"{_relative(page, root)}; use that spelling if it is the same person; if it is someone "
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

_TOCTREE_START = re.compile(r"^(?P<fence>:{3,}|`{3,})\{toctree\}\s*$")


def add_to_toctree(text: str, entry: str) -> str | None:
    """``text`` with ``entry`` in its first hidden toctree, or None when it has no hidden toctree.

    The entry goes before the first ``series/`` entry (the site lists series newest first), else
    last.  Text that already lists the entry, or a glob that covers it, is returned unchanged.
    """
    lines = text.split("\n")
    for start, line in enumerate(lines):
        match = _TOCTREE_START.match(line)
        if not match:
            continue
        fence = match["fence"]
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].strip().startswith(fence[0] * len(fence))),
            None,
        )
        if end is None:
            return None
        body = lines[start + 1 : end]
        if not any(item.strip() == ":hidden:" for item in body):
            continue
        entries = [(start + 1 + i, item.strip()) for i, item in enumerate(body) if item.strip()]
        entries = [(i, item) for i, item in entries if not item.startswith(":")]
        folder = entry.rsplit("/", 1)[0]
        if any(item == entry or ("*" in item and item.startswith(f"{folder}/")) for _i, item in entries):
            return text
        first_series = next((i for i, item in entries if item.startswith(f"{folder}/")), None)
        position = first_series if first_series is not None else end
        # A toctree that ends right after a blank line keeps its entries together.
        if first_series is None and entries:
            position = entries[-1][0] + 1
        return "\n".join([*lines[:position], entry, *lines[position:]])
    return None


def render_series(page: SeriesPage) -> str:
    """The page text of a validated series: front matter, H1, a comment for the text, and the listing."""
    series = page.series
    data: dict[str, object] = {"title": series.title}
    if series.term:
        data["term"] = series.term
    if series.timezone:
        data["timezone"] = series.timezone
    if series.time:
        # Quoted on purpose: unquoted 15:30 is the YAML 1.1 number 930.  The importer's quoted-string
        # type is private; it is used so series and talk pages quote times the same way.
        data["time"] = importer.DoubleQuoted(series.time)
    if series.duration is not None:
        data["duration"] = series.duration
    if series.schedule:
        data["schedule"] = series.schedule
    if series.hosts:
        data["hosts"] = importer.FlowList(series.hosts)
    data["breaks"] = importer.FlowList([])
    head = "---\n" + importer.dump_yaml({"series": data}) + "---\n"
    body = (
        f"# {series.title}\n\n"
        "% A paragraph about the series: what it covers, who runs it, partner courses, where to watch.\n"
        "% Weeks without a talk go in 'breaks:', e.g. [{date: 2023-11-20, label: Thanksgiving}].\n\n"
        ":::{talk-list}\n:::\n"
    )
    return head + body


def new_series(root: Path, request: SeriesRequest, *, dry_run: bool = False, toctree: bool = True) -> Created:
    """Check ``request``, write ``series/<id>.md`` and list it in ``index.md``'s hidden toctree.

    When ``index.md`` has no hidden toctree (or ``toctree`` is false), the line to add is returned
    as a note instead.
    """
    series_id = request.id if request.id is not None else slugify(request.title)
    problems = []
    if not _SLUG.match(series_id):
        problems.append(f"--id {series_id!r}: use lower-case letters, digits and single hyphens, e.g. fall-2025")
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
        known = ", ".join(known_series(root))
        raise UsageError(f"series {series_id!r} exists ({_relative(path, root)}); known series: {known}")
    text = render_series(page)
    _read_back(text, SeriesPage, page)
    notes: list[str] = []
    if request.id is None:
        notes.append(f"series id {series_id!r} (from the title); talks name it with --series {series_id}")
    entry = f"series/{series_id}"
    index = root / "index.md"
    updated = add_to_toctree(index.read_text(encoding="utf-8"), entry) if toctree and index.is_file() else None
    if not dry_run:
        _write_new(path, text, root)
        if updated is not None:
            index.write_text(updated, encoding="utf-8", newline="\n")
    if updated is not None:
        notes.append(f"listed {entry} in the hidden toctree of index.md")
    else:
        notes.append(f"add the line '{entry}' to the toctree of index.md, so the series is in the navigation")
    return Created(path, text, notes)


# --------------------------------------------------------------------------------------------
# Prompts
# --------------------------------------------------------------------------------------------


class Prompter:
    """Asks for values one line at a time.

    Questions go to ``questions`` and answers are read from ``answers``.  Interactive (a
    terminal): a wrong answer is explained and asked again.  Otherwise (answers piped in): a
    wrong answer, or input that ends early, is a UsageError, so a script never loops.
    """

    def __init__(self, answers: TextIO, questions: TextIO, interactive: bool) -> None:
        self.answers = answers
        self.questions = questions
        self.interactive = interactive

    @classmethod
    def from_stdio(cls) -> Prompter:
        """Questions on stderr (stdout stays for the result), answers from stdin."""
        return cls(sys.stdin, sys.stderr, sys.stdin.isatty())

    def ask(
        self,
        label: str,
        *,
        default: str | None = None,
        required: bool = True,
        check: Callable[[str], str | None] | None = None,
    ) -> str | None:
        """One answer, stripped; ``default`` (or None when not required) for an empty one."""
        hint = f" [{default}]" if default else ("" if required or "empty" in label else " (optional)")
        while True:
            self.questions.write(f"{label}{hint}: ")
            self.questions.flush()
            line = self.answers.readline()
            if not line:
                raise UsageError(f"input ended before {label!r} was answered; nothing written")
            if not self.interactive:
                self.questions.write(line if line.endswith("\n") else line + "\n")  # a readable transcript
            answer = line.strip() or default
            problem = None
            if not answer:
                if not required:
                    return None
                problem = "an answer is required"
            elif check is not None:
                problem = check(answer)
            if problem is None:
                return answer
            if not self.interactive:
                raise UsageError(f"{label}: {problem}")
            self.questions.write(f"  {problem}\n")


def _talk_check(key: str) -> Callable[[str], str | None]:
    return lambda value: _field_problem(Talk, key, value)


def _series_check(key: str) -> Callable[[str], str | None]:
    return lambda value: _field_problem(SeriesPage, key, value, nested="series")


def _speaker_check(value: str) -> str | None:
    try:
        parse_speaker(value)
    except UsageError as err:
        return str(err)
    return None


def ask_talk(
    prompter: Prompter, root: Path, given: TalkRequest | None = None, *, everything: bool = True
) -> TalkRequest:
    """A :class:`TalkRequest` from answers: every field when ``everything``, else the missing required ones."""
    known = known_series(root)

    def series_check(value: str) -> str | None:
        if value in known:
            return None
        return f"unknown series {value!r}; known series: {', '.join(known) or 'none yet (run new-series first)'}"

    base = given or TalkRequest(title="", speakers=(), date="", series="")
    listing = ", ".join(known) or "none yet"
    series = base.series or prompter.ask(f"Series id (known: {listing})", check=series_check) or ""
    title = base.title or prompter.ask("Title", check=_talk_check("title")) or ""
    speakers = list(base.speakers)
    while not speakers or (everything and not base.speakers):
        number = len(speakers) + 1
        answer = prompter.ask(
            f"Speaker {number}, as Name (Affiliation)" + (", empty to finish" if speakers else ""),
            required=not speakers,
            check=_speaker_check,
        )
        if answer is None:
            break
        speakers.append(answer)
    date = base.date or prompter.ask("Date (YYYY-MM-DD)", check=_talk_check("date")) or ""
    time, recording, livestream, tags = base.time, base.recording, base.livestream, base.tags
    if everything:
        defaults = importer.read_series(root / "series", series) if series in known else None
        series_time = defaults.time if defaults else None
        time = prompter.ask(
            'Start time "HH:MM", 24-hour' + (f", empty for the series' {series_time}" if series_time else ""),
            required=False,
            check=_talk_check("time"),
        )
        recording = prompter.ask("Recording URL", required=False, check=_talk_check("recording"))
        livestream = prompter.ask("Livestream URL", required=False, check=_talk_check("livestream"))
        tags = split_tags([prompter.ask("Tags, comma-separated", required=False) or ""])
    return TalkRequest(
        title=title,
        speakers=tuple(speakers),
        date=date,
        series=series,
        time=time,
        duration=base.duration,
        recording=recording,
        livestream=livestream,
        slides=base.slides,
        tags=tags,
        slug=base.slug,
    )


def ask_series(
    prompter: Prompter, root: Path, given: SeriesRequest | None = None, *, everything: bool = True
) -> SeriesRequest:
    """A :class:`SeriesRequest` from answers: every field when ``everything``, else the title."""
    base = given or SeriesRequest(title="")
    title = base.title or prompter.ask("Title", check=_series_check("title")) or ""
    if not everything:
        return dataclasses.replace(base, title=title)
    taken = set(known_series(root))

    def id_check(value: str) -> str | None:
        if not _SLUG.match(value):
            return "use lower-case letters, digits and single hyphens, e.g. fall-2025"
        return f"series {value!r} exists" if value in taken else None

    series_id = prompter.ask("Series id (its URL: series/<id>.html)", default=slugify(title), check=id_check)
    term = prompter.ask("Term, e.g. Fall 2025", required=False)
    timezone = prompter.ask(
        "Time zone (IANA name, e.g. America/Los_Angeles)", required=False, check=_series_check("timezone")
    )
    time = prompter.ask('Usual start time "HH:MM", 24-hour', required=False, check=_series_check("time"))
    duration = prompter.ask("Usual length in minutes", required=False, check=_duration_check)
    schedule = prompter.ask("Schedule in words, e.g. Mondays, 3:30-4:20 pm PT", required=False)
    hosts = split_tags([prompter.ask("Hosts, comma-separated", required=False) or ""])
    return SeriesRequest(
        title=title,
        id=series_id,
        term=term,
        timezone=timezone,
        time=time,
        duration=int(duration) if duration else None,
        schedule=schedule,
        hosts=hosts,
    )


def _duration_check(value: str) -> str | None:
    if not value.isdigit():
        return f"{value!r} is not a whole number of minutes"
    return _field_problem(SeriesPage, "duration", int(value), nested="series")
