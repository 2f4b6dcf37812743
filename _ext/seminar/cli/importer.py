"""Import talks from the original Jekyll site's YAML data files into talk pages.

The original site (a Jekyll page rendering ``_data/*.yml`` with a Liquid loop) kept each series as
a list of groups, each with a ``members:`` list of entries::

    - type: Schedule
      members:
        - speaker: Tri Dao (Stanford, Adept AI)
          date: W 1/11/23
          title: "FlashAttention: ..."
          abstract: "..."
          bio: "..."
          livestream: https://www.youtube.com/watch?v=...

:func:`import_jekyll` turns every entry into ``talks/<YYYY>/<slug>.md`` (the page format of
REFERENCE.md, "Talk front matter") and reports what it did, one line per entry.  It is pure Python (no
Sphinx) so the command line can run it before a site exists.  The steps, each with its own rules:

* :func:`.jekyll_data.load_entries` reads the YAML, keeping each entry's line for messages, and
  :func:`parse_entry` cleans its fields into a :class:`.talk_pages.TalkDraft` (or a break);
* :func:`read_series` reads the series page's defaults, and :func:`scan_talks` finds the page an
  entry already has, so a rerun rewrites nothing by surprise;
* :mod:`.talk_pages` names the page and writes its text.

Usage errors (unreadable or malformed file, unknown series, bad options) raise
:class:`.errors.UsageError`; a bad entry is skipped with a message naming it, and the rest are
imported.  README.md, "Importing a site made with the original Jekyll template", shows a run.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.frontmatter import split
from ..model.sources import page_ids, read_front_matter, shown, talk_pages
from ..model.vocabulary import Vocabulary, unknown_topic
from .errors import UsageError
from .jekyll_data import KNOWN_KEYS, Entry, load_entries, paragraphs, parse_date, parse_speakers, split_bio
from .talk_pages import (
    BreakDraft,
    SpeakerName,
    TalkDraft,
    TalkKey,
    break_yaml,
    render_page,
    talk_slug,
    title_key,
    unique_slug,
)

__all__ = [
    "EntryError",
    "ExistingPage",
    "ImportOptions",
    "ImportSummary",
    "Parsed",
    "SeriesDefaults",
    "TimeRange",
    "check_time_ranges",
    "import_jekyll",
    "parse_entry",
    "parse_time_range",
    "read_series",
    "scan_talks",
]

Echo = Callable[[str], None]


class EntryError(Exception):
    """One entry cannot be imported; it is skipped with this message and the others go on."""


# --------------------------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeRange:
    """Talks dated ``start``..``end`` (inclusive) begin at ``time`` ("HH:MM")."""

    start: dt.date
    end: dt.date
    time: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


_TIME_RANGE = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})=(?P<time>\d{1,2}:\d{2})$")


def _clock(text: str) -> str:
    """``9:05`` -> ``09:05``; ValueError unless it is a 24-hour time."""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"{text!r} is not a time such as 15:30")
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError(f"{text!r} is not a 24-hour time")
    return f"{int(hours):02d}:{minutes}"


def parse_time_range(text: str) -> TimeRange:
    """Parse ``FROM..TO=HH:MM`` (ISO dates, inclusive); ValueError with a readable message."""
    match = _TIME_RANGE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not FROM..TO=HH:MM, e.g. 2020-10-01..2021-03-15=15:00")
    try:
        start = dt.date.fromisoformat(match["start"])
        end = dt.date.fromisoformat(match["end"])
    except ValueError as err:
        raise ValueError(f"{text!r}: {err}") from None
    if end < start:
        raise ValueError(f"{text!r}: the range ends before it starts")
    return TimeRange(start, end, _clock(match["time"]))


def check_time_ranges(ranges: Sequence[TimeRange]) -> None:
    """Overlapping ranges would make a talk's time depend on option order: refuse them."""
    ordered = sorted(ranges, key=lambda r: r.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise UsageError(f"--time-range {before.start}..{before.end} and {after.start}..{after.end} overlap")


@dataclass(frozen=True)
class ImportOptions:
    """What :func:`import_jekyll` needs besides the data file."""

    series: str
    root: Path = Path(".")
    series_dir: Path | None = None  # default: <root>/series
    time_ranges: tuple[TimeRange, ...] = ()
    duration: int | None = None
    force: bool = False
    dry_run: bool = False
    vocabulary: Vocabulary | None = None  # the site's topics (tags.yaml): an entry's tags are checked against it

    @property
    def series_path(self) -> Path:
        """The directory holding ``<series-id>.md`` pages."""
        return self.series_dir if self.series_dir is not None else self.root / "series"

    @property
    def talks_path(self) -> Path:
        """The directory holding ``<YYYY>/<slug>.md`` talk pages."""
        return self.root / "talks"


# --------------------------------------------------------------------------------------------
# Series pages and existing talk pages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesDefaults:
    """What a series page says that the importer needs: defaults and known breaks."""

    id: str
    path: Path
    time: str | None = None
    duration: int | None = None
    breaks: tuple[tuple[dt.date | None, str], ...] = ()


def _series_time(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        # an unquoted 15:30 is the YAML 1.1 base-60 number 930
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str):
        try:
            return _clock(value.strip())
        except ValueError:
            return None
    return None


def _iso_date(value: object) -> dt.date | None:
    """A front-matter date: the reader keeps dates as text, so ``2023-11-20`` is parsed here."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def read_series(series_dir: Path, series_id: str) -> SeriesDefaults:
    """Read ``series/<id>.md``; UsageError naming the known series when there is no such page."""
    path = series_dir / f"{series_id}.md"
    if "/" in series_id or "\\" in series_id or not path.is_file():
        known = page_ids(series_dir)
        listing = ", ".join(known) if known else f"none: {series_dir} has no .md pages"
        raise UsageError(f"unknown series {series_id!r} (no {path}); known series: {listing}")
    try:
        fm, _body = split(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"cannot read {path}: {err}") from None
    series = fm.data.get("series") if fm else None
    if not isinstance(series, dict):
        raise UsageError(f"{path}: no 'series:' mapping in its front matter")
    duration = series.get("duration")
    breaks = [
        (_iso_date(item.get("date")), str(item.get("label") or ""))
        for item in series.get("breaks") or []
        if isinstance(item, dict)
    ]
    return SeriesDefaults(
        id=series_id,
        path=path,
        time=_series_time(series.get("time")),
        duration=duration if isinstance(duration, int) and not isinstance(duration, bool) else None,
        breaks=tuple(breaks),
    )


@dataclass(frozen=True)
class ExistingPage:
    """A talk page already in ``talks/``; ``key`` is (series, date, title) when it has them.

    ``who`` is its speakers' names as :attr:`.TalkDraft.who` compares them.
    """

    path: Path
    key: TalkKey | None
    who: tuple[str, ...] = ()


def _speaker_names(value: object) -> tuple[str, ...]:
    """The names in a page's ``speakers:`` (each a name or a mapping with ``name``), compared as titles are."""
    items = value if isinstance(value, list) else []
    names = (item.get("name") if isinstance(item, dict) else item for item in items)
    return tuple(title_key(name) for name in names if isinstance(name, str))


def scan_talks(root: Path) -> list[ExistingPage]:
    """Every talk page of the site at ``root`` with its (series, date, title) and speakers, to find an entry's page."""
    pages = []
    for path in talk_pages(root):
        fm = read_front_matter(path)
        data = fm.data if fm else {}
        day, title, series = _iso_date(data.get("date")), data.get("title"), data.get("series")
        key: TalkKey | None = None
        if day is not None and isinstance(title, str) and isinstance(series, str):
            key = (series, day, title_key(title))
        pages.append(ExistingPage(path, key, _speaker_names(data.get("speakers"))))
    return pages


# --------------------------------------------------------------------------------------------
# Entries to talks
# --------------------------------------------------------------------------------------------


@dataclass
class Parsed:
    """An entry read as a talk or a break, with notes for the organizer."""

    item: TalkDraft | BreakDraft
    notes: list[str] = field(default_factory=list)


def _text(fields: Mapping[Any, Any], key: str) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping"  # in words: the loader's classes are its own
        raise EntryError(f"{key!r} is {kind}, expected text")
    return value if isinstance(value, str) else str(value)


def _url(fields: Mapping[Any, Any], key: str, notes: list[str]) -> str | None:
    value = _text(fields, key)
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not re.match(r"^https?://\S+$", value):
        notes.append(f"{key} {value!r} is not an http(s) link; left out")
        return None
    return value


def _talk_time(day: dt.date, series: SeriesDefaults, options: ImportOptions) -> str | None:
    """The talk's start time when it differs from the series default, else None."""
    chosen = next((r.time for r in options.time_ranges if day in r), series.time)
    return chosen if chosen != series.time else None


def _bios(bio: list[str], speakers: Sequence[SpeakerName], notes: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not bio:
        return ()
    names = [s.name for s in speakers]
    parts = split_bio(bio, names)
    if parts is None:
        notes.append(f"bio could not be split between {', '.join(names)}: it is all under {names[0]}")
        parts = [bio]
    return tuple((name, tuple(part)) for name, part in zip(names, parts, strict=False) if part)


def parse_entry(entry: Entry, series: SeriesDefaults, options: ImportOptions) -> Parsed:
    """Read one entry as a :class:`.TalkDraft` or a :class:`.BreakDraft`; EntryError to skip it."""
    fields = entry.fields
    if not isinstance(fields, Mapping):
        raise EntryError("not a mapping of speaker, date, title, ...")
    notes: list[str] = []
    unknown = sorted(str(k) for k in fields if k not in KNOWN_KEYS)
    if unknown:
        notes.append(f"ignored unknown key(s): {', '.join(unknown)}")
    title = " ".join((_text(fields, "title") or "").split())
    raw_date = fields.get("date")
    if not title:
        label = " ".join((_text(fields, "speaker") or "").split())
        if not label:
            raise EntryError("no title and no speaker: nothing to import")
        day = None
        if raw_date is not None and str(raw_date).strip():
            try:
                day, date_notes = parse_date(raw_date)
            except ValueError as err:
                raise EntryError(f"break {label!r}: {err}") from None
            notes += date_notes
        return Parsed(BreakDraft(label, day), notes)
    try:
        day, date_notes = parse_date(raw_date)
        speakers, speaker_notes = parse_speakers(fields.get("speaker"))
    except ValueError as err:
        raise EntryError(str(err)) from None
    notes += date_notes + speaker_notes
    tags = fields.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list):
        raise EntryError("'tags' is not a list")
    tags = [" ".join(str(t).split()) for t in tags if str(t).strip()]
    if options.vocabulary is not None:  # only its topics: each other tag is a note, with a did-you-mean
        unknown = [t for t in tags if t not in options.vocabulary.by_id]
        notes += [f"{unknown_topic(t, options.vocabulary)}; left out" for t in unknown]
        tags = [t for t in tags if t in options.vocabulary.by_id]
    duration = options.duration if options.duration != series.duration else None
    talk = TalkDraft(
        title=title,
        speakers=tuple(speakers),
        date=day,
        series=series.id,
        time=_talk_time(day, series, options),
        duration=duration,
        recording=_url(fields, "recording", notes),
        livestream=_url(fields, "livestream", notes),
        slides=_url(fields, "slides", notes),
        tags=tuple(tags),
        abstract=tuple(paragraphs(_text(fields, "abstract"))),
        bios=_bios(paragraphs(_text(fields, "bio")), speakers, notes),
    )
    return Parsed(talk, notes)


# --------------------------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """Counts of what an import did (or, with ``--dry-run``, would do)."""

    created: int = 0
    unchanged: int = 0
    kept: int = 0
    overwritten: int = 0
    breaks: int = 0
    skipped: int = 0

    @property
    def talks(self) -> int:
        """Entries that are talks and were handled."""
        return self.created + self.unchanged + self.kept + self.overwritten

    def line(self, source: Path, dry_run: bool) -> str:
        """The summary line printed last."""
        text = (
            f"{source.name}: {self.talks} talks ({self.created} created, {self.unchanged} unchanged, "
            f"{self.kept} kept, {self.overwritten} overwritten), {self.breaks} break(s), {self.skipped} skipped"
        )
        return text + (" [dry run: nothing written]" if dry_run else "")


class _Importer:
    """State of one run: known pages, slugs taken so far, and the report."""

    def __init__(self, source: Path, options: ImportOptions, series: SeriesDefaults, echo: Echo) -> None:
        self.source = source
        self.options = options
        self.series = series
        self.echo = echo
        self.summary = ImportSummary()
        pages = scan_talks(options.root)
        self.by_key: dict[TalkKey, list[ExistingPage]] = {}
        for page in pages:
            if page.key is not None:
                self.by_key.setdefault(page.key, []).append(page)
        self.by_path = {page.path: page.key for page in pages}
        # The page each talk of this run was given, by key: one page per talk, never two talks on one page.
        self.claimed: dict[Path, Entry] = {}
        self.claims: dict[TalkKey, list[tuple[tuple[str, ...], Entry]]] = {}
        # slugs must be unique across the whole site, not only within a year
        self.taken = {page.path.stem for page in pages}
        self.prefix = "[dry run] " if options.dry_run else ""

    def report(self, status: str, text: str, notes: Sequence[str] = ()) -> None:
        self.echo(f"{self.prefix}{status:<11} {text}")
        for note in notes:
            self.echo(f"{'':<{len(self.prefix) + 12}}note: {note}")

    def path_for(self, talk: TalkDraft, entry: Entry) -> Path:
        """The entry's page: an existing page of the talk if it has one, else a new path with a site-wide unique slug.

        A talk is its (series, date, title) and its speakers: two entries that share the first
        but not the speakers are two talks, each with its own page; an entry that repeats an
        earlier one in every part is EntryError.  An existing page with the talk's key goes first
        to the entry with its speakers, else to one whose speakers were edited by hand.  Which
        page an entry gets never depends on what this run wrote, so a dry run reports what a
        real run does.
        """
        for who, other in self.claims.get(talk.key, []):
            if who == talk.who:
                raise EntryError(f"the same talk (series, date, title and speakers) as {other.describe()}")
        free = [page for page in self.by_key.get(talk.key, []) if page.path not in self.claimed]
        mine = next((page.path for page in free if page.who == talk.who), None)
        path = mine or (free[0].path if free else None)
        base = talk_slug(talk.title)
        year_dir = self.options.talks_path / f"{talk.date.year:04d}"
        # a page at the plain slug with the same series and date is this talk with its title
        # edited by hand: reuse it rather than create a twin
        candidate = year_dir / f"{base}.md"
        key = self.by_path.get(candidate)
        if path is None and key is not None and key[:2] == talk.key[:2] and candidate not in self.claimed:
            path = candidate
        if path is None:
            slug = unique_slug(base, self.taken)
            self.taken.add(slug)
            path = year_dir / f"{slug}.md"
        self.claimed[path] = entry
        self.claims.setdefault(talk.key, []).append((talk.who, entry))
        return path

    def talk(self, talk: TalkDraft, path: Path, notes: Sequence[str]) -> None:
        content = render_page(talk)
        who = " and ".join(s.name for s in talk.speakers)
        label = f"{shown(path, self.options.root)}  ({talk.date.isoformat()}, {who})"
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old == content:
            self.summary.unchanged += 1
            self.report("unchanged", label, notes)
            return
        if old is not None and not self.options.force:
            self.summary.kept += 1
            self.report("kept", f"{label}: edited by hand; --force to overwrite", notes)
            return
        if not self.options.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
        if old is None:
            self.summary.created += 1
            self.report("created", label, notes)
        else:
            self.summary.overwritten += 1
            self.report("overwritten", label, notes)

    def break_(self, entry: Entry, item: BreakDraft, notes: list[str]) -> None:
        self.summary.breaks += 1
        page = shown(self.series.path, self.options.root)
        same_label = [day for day, label in self.series.breaks if label.casefold() == item.label.casefold()]
        if item.date is None:
            text = f"{entry.describe()}: {item.label!r} is a break with no date, so it cannot be placed; "
            if same_label:
                listed = ", ".join(d.isoformat() if d else "no date" for d in same_label)
                text += f"{page} already lists a break {item.label!r} ({listed})"
            else:
                text += f"add it to 'breaks:' in {page} by hand with its date"
            self.report("break", text, notes)
        elif item.date in (day for day, _ in self.series.breaks):
            self.report("break", f"{entry.describe()}: {item.date} already in the breaks of {page}", notes)
        else:
            self.report("break", f"{entry.describe()}: add this to 'breaks:' under 'series:' in {page}:", notes)
            for line in break_yaml(item).splitlines():
                self.echo(line)

    def run(self, entries: Sequence[Entry]) -> ImportSummary:
        for entry in entries:
            try:
                parsed = parse_entry(entry, self.series, self.options)
                path = None if isinstance(parsed.item, BreakDraft) else self.path_for(parsed.item, entry)
            except EntryError as err:
                self.summary.skipped += 1
                self.report("skipped", f"{entry.describe()}: {err}")
                continue
            if isinstance(parsed.item, BreakDraft):
                self.break_(entry, parsed.item, parsed.notes)
            elif path is not None:
                self.talk(parsed.item, path, parsed.notes)
        self.echo(self.summary.line(self.source, self.options.dry_run))
        return self.summary


def import_jekyll(source: Path, options: ImportOptions, echo: Echo = print) -> ImportSummary:
    """Import every entry of ``source`` into talk pages, reporting through ``echo``.

    Raises UsageError (before writing anything) for an unknown series, overlapping time ranges,
    or a file that cannot be read as Jekyll data.
    """
    if options.duration is not None and options.duration < 1:
        raise UsageError(f"--duration {options.duration}: give a positive number of minutes")
    check_time_ranges(options.time_ranges)
    series = read_series(options.series_path, options.series)
    entries = load_entries(source)
    return _Importer(source, options, series, echo).run(entries)
