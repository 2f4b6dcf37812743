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

:func:`import_jekyll` turns every entry into ``talks/<YYYY>/<slug>.md`` (DESIGN 1.2) and reports
what it did, one line per entry.  It is pure Python (no Sphinx) so the command line can run it
before a site exists.  The steps, each a small function with its own rules:

* :func:`load_entries` reads the YAML, keeping each entry's line for messages;
* :func:`parse_date`, :func:`parse_speakers`, :func:`paragraphs` and :func:`split_bio` clean the
  free-form fields;
* :func:`escape_markdown` keeps MyST from reading text as markup;
* :func:`talk_slug` names the page, and :func:`scan_talks` finds the page an entry already has, so
  a rerun rewrites nothing by surprise;
* :func:`render_page` writes the page text.

Usage errors (unreadable or malformed file, unknown series, bad options) raise :class:`UsageError`;
a bad entry is skipped with a message naming it, and the rest are imported.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .slugs import slugify

__all__ = [
    "TRAILING_AFFILIATION",
    "Break",
    "DoubleQuoted",
    "Entry",
    "FlowList",
    "ImportOptions",
    "ImportSummary",
    "SeriesDefaults",
    "Speaker",
    "Talk",
    "TimeRange",
    "UsageError",
    "dump_yaml",
    "escape_markdown",
    "front_matter",
    "import_jekyll",
    "load_entries",
    "paragraphs",
    "parse_date",
    "parse_entry",
    "parse_speakers",
    "parse_time_range",
    "read_series",
    "render_page",
    "scan_talks",
    "split_bio",
    "talk_slug",
    "unique_slug",
]

Echo = Callable[[str], None]

# Keys an entry of the Jekyll data may carry; anything else is reported, not silently dropped.
KNOWN_KEYS = frozenset({"speaker", "date", "title", "abstract", "bio", "recording", "livestream", "slides", "tags"})


class UsageError(Exception):
    """The command cannot run at all (bad file, unknown series, bad option): exit status 2."""


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

    @property
    def series_path(self) -> Path:
        """The directory holding ``<series-id>.md`` pages."""
        return self.series_dir if self.series_dir is not None else self.root / "series"

    @property
    def talks_path(self) -> Path:
        """The directory holding ``<YYYY>/<slug>.md`` talk pages."""
        return self.root / "talks"


# --------------------------------------------------------------------------------------------
# Reading the Jekyll data
# --------------------------------------------------------------------------------------------


class _LiteralText(str):
    """Text written as a YAML literal block (``|``), whose single newlines are only line wraps.

    In every other YAML style the parser has already folded single line breaks into spaces, so
    a newline left in the value stands for a blank line in the file: a paragraph break.
    """


class _Located(dict[Any, Any]):
    """A mapping that remembers the line it starts on, to name entries in messages."""

    line: int = 0


class _LocatedList(list[Any]):
    """A sequence that remembers the line of each item (an item need not be a mapping)."""

    lines: list[int]


class _Loader(yaml.SafeLoader):
    """Safe loader that marks literal-block text and records the line of each mapping."""


def _construct_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    return _LiteralText(value) if node.style == "|" else str(value)


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Iterator[_Located]:
    data = _Located()
    data.line = node.start_mark.line + 1
    yield data  # yielded first so recursive structures (anchors) resolve, as PyYAML does
    data.update(loader.construct_mapping(node))


def _construct_seq(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> Iterator[_LocatedList]:
    data = _LocatedList()
    data.lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


@dataclass(frozen=True)
class Entry:
    """One item of a ``members:`` list, with where it came from."""

    index: int  # 1-based position in the file, over all groups
    line: int
    fields: object  # a mapping when the data is well formed

    def describe(self) -> str:
        """``entry 6 (line 33, 'Thanksgiving')``: enough to find it in the file."""
        label = ""
        if isinstance(self.fields, Mapping):
            label = str(self.fields.get("title") or self.fields.get("speaker") or "")
        label = " ".join(label.split())
        if len(label) > 60:
            label = label[:57] + "..."
        return f"entry {self.index} (line {self.line}" + (f", {label!r})" if label else ")")


def _yaml_problem(err: yaml.YAMLError) -> str:
    """PyYAML's message without its multi-line excerpt: the problem and its line."""
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        mark = err.problem_mark
        return f"{err.problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(err)


def load_entries(path: Path) -> list[Entry]:
    """The entries of a Jekyll data file: a list of groups with ``members:`` (or of bare entries)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a UTF-8 text file") from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as err:
        raise UsageError(f"{path}: malformed YAML: {_yaml_problem(err)}") from None
    if not isinstance(data, list):
        raise UsageError(
            f"{path}: expected the Jekyll data format, a list of groups each with 'members:' (a list of talks)"
        )
    entries: list[Entry] = []
    for group, group_line in zip(data, _lines(data), strict=True):
        members = group.get("members") if isinstance(group, Mapping) else None
        # a group's members, or a bare entry without a group around it
        items = list(zip(members, _lines(members), strict=True)) if isinstance(members, list) else [(group, group_line)]
        for item, line in items:
            entries.append(Entry(len(entries) + 1, line, item))
    return entries


def _lines(items: list[Any]) -> list[int]:
    return items.lines if isinstance(items, _LocatedList) else [0] * len(items)


# --------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------

_SEED_DATE = re.compile(r"^(?:(?P<weekday>[A-Za-z]+)\.?\s+)?(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2}|\d{4})$")
# The seed marks the weekday with one letter (M, W) before the date; R is the usual Thursday.
_WEEKDAYS = {
    "m": 0, "mo": 0, "mon": 0, "monday": 0,
    "t": 1, "tu": 1, "tue": 1, "tues": 1, "tuesday": 1,
    "w": 2, "we": 2, "wed": 2, "wednesday": 2,
    "r": 3, "th": 3, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "f": 4, "fr": 4, "fri": 4, "friday": 4,
    "sa": 5, "sat": 5, "saturday": 5,
    "u": 6, "su": 6, "sun": 6, "sunday": 6,
}  # fmt: skip


def parse_date(value: object) -> tuple[dt.date, list[str]]:
    """Read ``M 10/09/23``, ``5/19/22``, ``03/10/22`` (M/D/YY, optional weekday) or an ISO date.

    Returns the date and notes (a weekday prefix that does not match the date); ValueError when
    there is no date to be read.
    """
    if isinstance(value, dt.datetime):
        return value.date(), []
    if isinstance(value, dt.date):
        return value, []
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        raise ValueError("no date")
    try:
        return dt.date.fromisoformat(text), []
    except ValueError:
        pass
    match = _SEED_DATE.match(text)
    if not match:
        raise ValueError(f"date {text!r} is not M/D/YY (optionally after a weekday letter) or YYYY-MM-DD")
    year = int(match["year"])
    year += 2000 if year < 100 else 0  # the seminar began in 2020
    try:
        day = dt.date(year, int(match["month"]), int(match["day"]))
    except ValueError as err:
        raise ValueError(f"date {text!r} does not exist ({err})") from None
    notes = []
    weekday = match["weekday"]
    if weekday:
        expected = _WEEKDAYS.get(weekday.lower())
        if expected is None:
            notes.append(f"weekday {weekday!r} in date {text!r} not understood; used {day.isoformat()}")
        elif expected != day.weekday():
            notes.append(f"date {text!r} says {weekday!r} but {day.isoformat()} is a {day:%A}; used the date")
    return day, notes


@dataclass(frozen=True)
class Speaker:
    """A speaker as the front matter lists them."""

    name: str
    affiliation: str | None = None


# Separators between speakers: "A and B", "A, B and C", "A, B, and C", "A & B".
_SPEAKER_SEPARATOR = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s+&\s+")
# A trailing ", Jr." and the like belongs to the name before it.
_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|Ph\.?\s?D)\.?$", re.IGNORECASE)
# "Name (Affiliation)": also how the scaffolder reads a --speaker argument.
TRAILING_AFFILIATION = re.compile(r"^(?P<name>.*?)\s*\((?P<affiliation>[^()]*)\)$")
# "(both Google)" / "(all Google)" says outright that the affiliation is shared.
_SHARED_PREFIX = re.compile(r"^(?:both|all)\s+(?:at\s+|from\s+)?", re.IGNORECASE)
# More than one institution in the parentheses: it may be one per speaker, so do not share it.
_SEVERAL_INSTITUTIONS = re.compile(r"[,;/&]|\s+and\s+")


def _mask_parentheses(text: str) -> str:
    """``text`` with everything inside parentheses replaced by ``_``, same length.

    Separators are then searched in the mask, so the comma in ``(Stanford, Adept AI)`` does not
    split a speaker.
    """
    depth = 0
    out = []
    for ch in text:
        if ch == "(":
            depth += 1
        out.append("_" if depth and ch != "(" else ch)
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


def _split_names(text: str) -> list[str]:
    """Split a speaker string at top-level separators, keeping name suffixes attached."""
    parts: list[str] = []
    start = 0
    for match in _SPEAKER_SEPARATOR.finditer(_mask_parentheses(text)):
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    merged: list[str] = []
    for part in (p.strip() for p in parts):
        if merged and _NAME_SUFFIX.match(part):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def parse_speakers(value: object) -> tuple[list[Speaker], list[str]]:
    """Split a Jekyll ``speaker`` string into speakers with affiliations; also return notes.

    * ``A and B``, ``A, B and C``, ``A & B`` are several speakers;
    * a trailing ``(X)`` is the affiliation, commas inside it included:
      ``Tri Dao (Stanford, Adept AI)`` is one speaker;
    * each speaker may carry their own: ``A (X) and B (Y)``;
    * with several speakers and one parenthesis at the end, ``A and B (X)``, the affiliation is
      given to every speaker only when that is clearly meant: ``X`` names one institution (no
      comma, ``;``, ``/``, ``&`` or "and") or starts with "both"/"all".  Otherwise it stays with
      the last speaker, whom it follows, and a note asks for a check.

    ValueError when there is no name at all.
    """
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        raise ValueError("no speaker")
    speakers: list[Speaker] = []
    for part in _split_names(text):
        match = TRAILING_AFFILIATION.match(part)
        name, affiliation = (match["name"], match["affiliation"].strip()) if match else (part, "")
        if not name.strip():
            raise ValueError(f"speaker {text!r} has an empty name")
        speakers.append(Speaker(name.strip(), affiliation or None))
    notes: list[str] = []
    last = speakers[-1].affiliation
    if len(speakers) > 1 and last and all(s.affiliation is None for s in speakers[:-1]):
        shared = _SHARED_PREFIX.sub("", last)
        if shared != last or not _SEVERAL_INSTITUTIONS.search(last):
            speakers = [Speaker(s.name, shared) for s in speakers]
        else:
            notes.append(
                f"affiliation {last!r} follows the last of several speakers; "
                f"given to {speakers[-1].name} only, check whether the others share it"
            )
    return speakers, notes


def paragraphs(value: object) -> list[str]:
    """Normalise seed text to paragraphs, each one line with single spaces.

    A blank line separates paragraphs; a single line break inside one is a space (YAML has
    already folded those in every style but a literal block); runs of white space collapse.
    No word is dropped.
    """
    if value is None:
        return []
    text = str(value)
    chunks = re.split(r"\n[ \t]*\n", text) if isinstance(value, _LiteralText) else text.split("\n")
    return [para for para in (" ".join(chunk.split()) for chunk in chunks) if para]


# A sentence ends before the next speaker's part: ".", "!" or "?", maybe closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+$")


def _sentence_start(text: str, name: str, start: int) -> int | None:
    """The first position >= ``start`` where a sentence or paragraph begins with ``name``."""
    for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text[start:]):
        at = start + match.start()
        before = text[:at]
        if at > start and (before.endswith("\n\n") or _SENTENCE_END.search(before)):
            return at
    return None


def _name_variants(name: str) -> list[str]:
    """Full name, then first name, then last name: how a bio's sentences name a person."""
    words = name.split()
    variants = [name]
    if len(words) > 1:
        variants += [words[0], words[-1]]
    return list(dict.fromkeys(variants))


def split_bio(bio: Sequence[str], names: Sequence[str]) -> list[list[str]] | None:
    """Split one bio written for several speakers into one per speaker, or None if it cannot.

    The seed gives one bio string for a talk by two people ("Xinyu Hu is ... Olcay Cirit is a
    Staff ...").  Each later speaker's part starts at the first sentence (or paragraph) after the
    previous cut that begins with their full name, else their first name, else their last name.
    Cuts fall only between sentences, so no text is lost or repeated.
    """
    if len(names) < 2:
        return [list(bio)]
    text = "\n\n".join(bio)
    cuts = [0]
    for name in names[1:]:
        found = None
        for variant in _name_variants(name):
            found = _sentence_start(text, variant, cuts[-1])
            if found is not None:
                break
        if found is None:
            return None
        cuts.append(found)
    cuts.append(len(text))
    parts = [text[a:b].strip() for a, b in itertools.pairwise(cuts)]
    return [[p for p in part.split("\n\n") if p] for part in parts]


# --------------------------------------------------------------------------------------------
# Markdown safety
# --------------------------------------------------------------------------------------------

# ``$...$`` / ``$$...$$`` spans, with the same rule as dollarmath: no space just inside the dollars.
_MATH_SPAN = re.compile(r"\$\$[^$]+?\$\$|\$[^\s$](?:[^$]*?[^\s$\\])?\$")
_LATEX_HINT = re.compile(r"[=\\^_{}<>+]|^[A-Za-z]$")
# Bare links stay as written: linkify must see them whole, escapes inside would cut them.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"`]+")
# Backslash-escapes in running text: raw HTML (<), code (`), math ($), the escape itself.
_INLINE_SPECIAL = re.compile(r"[\\<`$]")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # &amp; would otherwise render as "&"
# "{{ x }}" is MyST substitution syntax; "*x*{.c}", "[x]{.c}", "(y){.c}" are attrs_inline attributes
_BRACE = re.compile(r"\{(?=\{)|(?<=[\]*_)`])\{")
_BRACKETS = re.compile(r"[\[\]]")
_LINK_SYNTAX = re.compile(r"\]\s*[(\[:]|\[\^")  # [x](y), [x][y], [x]: y, [^x]
# Constructs that only count at the start of a line (our paragraphs are one line each).
_BLOCK_START = re.compile(
    r"""^(?:
        \#{1,6}(?:\s|$)          # heading
      | [>:%|]                   # block quote, directive fence or option, MyST comment, table
      | [-+*](?:\s|$)            # bullet list item
      | ([-*_])(?:\s*\1){2,}\s*$ # thematic break
      | ~~~ | \+\+\+             # code fence, MyST block break
      | \([^)]*\)=               # MyST target
    )""",
    re.VERBOSE,
)
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _is_math(span: str) -> bool:
    """A ``$...$`` span is LaTeX when it looks like it; ``$5 and $10`` stays money."""
    inner = span.strip("$")
    return bool(_LATEX_HINT.search(inner))


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split a paragraph into (piece, verbatim) pieces: math spans and URLs are verbatim."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    spans = [m for m in _MATH_SPAN.finditer(text) if _is_math(m.group())]
    for match in spans:
        pieces.extend(_url_segments(text[at : match.start()]))
        pieces.append((match.group(), True))
        at = match.end()
    pieces.extend(_url_segments(text[at:]))
    return [p for p in pieces if p[0]]


def _url_segments(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _URL.finditer(text):
        pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    pieces.append((text[at:], False))
    return pieces


def _escape_inline(text: str, brackets: bool) -> str:
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BRACE.sub(r"\\{", text)
    if brackets:
        text = _BRACKETS.sub(lambda m: "\\" + m.group(), text)
    return text


def escape_markdown(paragraph: str) -> str:
    """One paragraph of plain text as MyST Markdown that renders the same words.

    Escaped: ``<`` (raw HTML), backticks, a backslash, ``$`` outside LaTeX math, entity-like
    ``&name;``, ``{`` where it would open a substitution or inline attributes, brackets when they
    would form a link, and whatever would start a heading, list, quote, fence, directive (or its
    options), definition, comment or target at the start of the paragraph.
    Kept as written: ``$...$`` math (it renders as math), bare URLs (linkify links them) and
    ``*``/``_`` (emphasis keeps every letter).
    """
    brackets = bool(_LINK_SYNTAX.search(paragraph)) or paragraph.startswith("[")
    pieces = [
        (piece if verbatim else _escape_inline(piece, brackets), verbatim) for piece, verbatim in _segments(paragraph)
    ]
    if not pieces:
        return ""
    first, verbatim = pieces[0]
    if not verbatim:
        if _ORDERED_ITEM.match(first):
            first = _ORDERED_ITEM.sub(r"\1\\\2", first, count=1)
        elif _BLOCK_START.match(first):
            first = "\\" + first
        pieces[0] = (first, verbatim)
    return "".join(piece for piece, _ in pieces)


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


# --------------------------------------------------------------------------------------------
# Series pages and existing talk pages
# --------------------------------------------------------------------------------------------


def read_front_matter(text: str) -> dict[str, Any] | None:
    """The YAML front matter of a page, or None if it has none or it is not a mapping."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:index]))
            except yaml.YAMLError:
                return None
            return data if isinstance(data, dict) else None
    return None


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


def read_series(series_dir: Path, series_id: str) -> SeriesDefaults:
    """Read ``series/<id>.md``; UsageError naming the known series when there is no such page."""
    known = sorted(p.stem for p in series_dir.glob("*.md")) if series_dir.is_dir() else []
    path = series_dir / f"{series_id}.md"
    if "/" in series_id or "\\" in series_id or not path.is_file():
        listing = ", ".join(known) if known else f"none: {series_dir} has no .md pages"
        raise UsageError(f"unknown series {series_id!r} (no {path}); known series: {listing}")
    try:
        data = read_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"cannot read {path}: {err}") from None
    series = data.get("series") if data else None
    if not isinstance(series, dict):
        raise UsageError(f"{path}: no 'series:' mapping in its front matter")
    duration = series.get("duration")
    breaks = []
    for item in series.get("breaks") or []:
        if isinstance(item, dict):
            day = item.get("date")
            breaks.append((day if isinstance(day, dt.date) else None, str(item.get("label") or "")))
    return SeriesDefaults(
        id=series_id,
        path=path,
        time=_series_time(series.get("time")),
        duration=duration if isinstance(duration, int) and not isinstance(duration, bool) else None,
        breaks=tuple(breaks),
    )


TalkKey = tuple[str, dt.date, str]


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


@dataclass(frozen=True)
class ExistingPage:
    """A talk page already in ``talks/``; ``key`` is (series, date, title) when it has them."""

    path: Path
    key: TalkKey | None


def scan_talks(talks_dir: Path) -> list[ExistingPage]:
    """Every ``talks/**/*.md`` with its (series, date, title), to find the page an entry has."""
    pages = []
    for path in sorted(talks_dir.rglob("*.md")) if talks_dir.is_dir() else []:
        try:
            data = read_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            data = None
        key: TalkKey | None = None
        if data:
            day = data.get("date")
            if isinstance(day, str):
                try:
                    day = dt.date.fromisoformat(day.strip())
                except ValueError:
                    day = None
            title, series = data.get("title"), data.get("series")
            if isinstance(day, dt.date) and isinstance(title, str) and isinstance(series, str):
                key = (series, day, _title_key(title))
        pages.append(ExistingPage(path, key))
    return pages


# --------------------------------------------------------------------------------------------
# Entries to talks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Talk:
    """One talk, cleaned, ready to be written as a page."""

    title: str
    speakers: tuple[Speaker, ...]
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
        return (self.series, self.date, _title_key(self.title))


@dataclass(frozen=True)
class Break:
    """A week without a talk (an entry with no title), for the series page's ``breaks:``."""

    label: str
    date: dt.date | None


@dataclass
class Parsed:
    """An entry read as a talk or a break, with notes for the organizer."""

    item: Talk | Break
    notes: list[str] = field(default_factory=list)


def _text(fields: Mapping[Any, Any], key: str) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise EntryError(f"{key!r} is a YAML {type(value).__name__}, expected text")
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


def _bios(bio: list[str], speakers: Sequence[Speaker], notes: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not bio:
        return ()
    names = [s.name for s in speakers]
    parts = split_bio(bio, names)
    if parts is None:
        notes.append(f"bio could not be split between {', '.join(names)}: it is all under {names[0]}")
        parts = [bio]
    return tuple((name, tuple(part)) for name, part in zip(names, parts, strict=False) if part)


def parse_entry(entry: Entry, series: SeriesDefaults, options: ImportOptions) -> Parsed:
    """Read one entry as a :class:`Talk` or a :class:`Break`; EntryError to skip it."""
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
        return Parsed(Break(label, day), notes)
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
    duration = options.duration if options.duration != series.duration else None
    talk = Talk(
        title=title,
        speakers=tuple(speakers),
        date=day,
        series=series.id,
        time=_talk_time(day, series, options),
        duration=duration,
        recording=_url(fields, "recording", notes),
        livestream=_url(fields, "livestream", notes),
        slides=_url(fields, "slides", notes),
        tags=tuple(" ".join(str(t).split()) for t in tags if str(t).strip()),
        abstract=tuple(paragraphs(_text(fields, "abstract"))),
        bios=_bios(paragraphs(_text(fields, "bio")), speakers, notes),
    )
    return Parsed(talk, notes)


# --------------------------------------------------------------------------------------------
# Writing pages
# --------------------------------------------------------------------------------------------


class DoubleQuoted(str):
    """Written in double quotes: titles (colons, quotes) and "HH:MM" times."""


class FlowList(list[str]):
    """Written inline, ``[a, b]``, as DESIGN shows tags."""


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


def front_matter(talk: Talk) -> dict[str, object]:
    """The talk's front matter, keys in the order of DESIGN 1.2."""
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


def render_page(talk: Talk) -> str:
    """The whole talk page: front matter, then the abstract and one bio per speaker."""
    blocks = ["---\n" + dump_yaml(front_matter(talk)) + "---\n"]
    if talk.abstract:
        blocks.append(_directive("abstract", "", talk.abstract))
    for name, bio in talk.bios:
        blocks.append(_directive("bio", name, bio))
    return "\n".join(blocks)


def break_yaml(item: Break) -> str:
    """The ``breaks:`` item to paste into a series page, indented as it sits under ``series:``."""
    text = dump_yaml([{"date": item.date, "label": item.label}])
    return "".join("    " + line for line in text.splitlines(keepends=True))


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
        pages = scan_talks(options.talks_path)
        self.by_key: dict[TalkKey, Path] = {}
        for page in pages:
            if page.key is not None:
                self.by_key.setdefault(page.key, page.path)
        self.by_path = {page.path: page.key for page in pages}
        # slugs must be unique across the whole site, not only within a year
        self.taken = {page.path.stem for page in pages}
        self.prefix = "[dry run] " if options.dry_run else ""

    def show(self, path: Path) -> str:
        try:
            return path.relative_to(self.options.root).as_posix()
        except ValueError:
            return path.as_posix()

    def report(self, status: str, text: str, notes: Sequence[str] = ()) -> None:
        self.echo(f"{self.prefix}{status:<11} {text}")
        for note in notes:
            self.echo(f"{'':<{len(self.prefix) + 12}}note: {note}")

    def path_for(self, talk: Talk) -> Path:
        """The entry's existing page if it has one, else a new path with a site-wide unique slug."""
        known = self.by_key.get(talk.key)
        if known is not None:
            return known
        base = talk_slug(talk.title)
        year_dir = self.options.talks_path / f"{talk.date.year:04d}"
        # a page at the plain slug with the same series and date is this talk with its title
        # edited by hand: reuse it rather than create a twin
        candidate = year_dir / f"{base}.md"
        key = self.by_path.get(candidate)
        if key is not None and key[:2] == talk.key[:2]:
            return candidate
        slug = unique_slug(base, self.taken)
        self.taken.add(slug)
        path = year_dir / f"{slug}.md"
        self.by_key[talk.key] = path
        return path

    def talk(self, talk: Talk, notes: Sequence[str]) -> None:
        path = self.path_for(talk)
        content = render_page(talk)
        who = " and ".join(s.name for s in talk.speakers)
        label = f"{self.show(path)}  ({talk.date.isoformat()}, {who})"
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

    def break_(self, entry: Entry, item: Break, notes: list[str]) -> None:
        self.summary.breaks += 1
        page = self.show(self.series.path)
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
            except EntryError as err:
                self.summary.skipped += 1
                self.report("skipped", f"{entry.describe()}: {err}")
                continue
            if isinstance(parsed.item, Break):
                self.break_(entry, parsed.item, parsed.notes)
            else:
                self.talk(parsed.item, parsed.notes)
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
