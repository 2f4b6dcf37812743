"""Reading the original Jekyll site's data files: the entries, and their free-form fields cleaned.

The original site kept each series as a YAML list of groups, each with a ``members:`` list of
entries (see :mod:`.importer`).  :func:`load_entries` reads them, keeping each entry's line for
messages; :func:`parse_date`, :func:`parse_speakers`, :func:`paragraphs` and :func:`split_bio`
turn the hand-written values (``W 1/11/23``, ``A and B (Stanford)``, text wrapped anywhere) into
clean ones.  A file that cannot be read as this format is a :class:`.errors.UsageError`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.frontmatter import LimitedLoader, NestingError, nesting_problem
from .errors import UsageError
from .talk_pages import SpeakerName

__all__ = [
    "KNOWN_KEYS",
    "TRAILING_AFFILIATION",
    "Entry",
    "load_entries",
    "paragraphs",
    "parse_date",
    "parse_speakers",
    "split_bio",
]

# Keys an entry of the Jekyll data may carry; anything else is reported, not silently dropped.
KNOWN_KEYS = frozenset({"speaker", "date", "title", "abstract", "bio", "recording", "livestream", "slides", "tags"})

# --------------------------------------------------------------------------------------------
# The entries, with their lines
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


class _Loader(LimitedLoader):
    """Safe loader that marks literal-block text and records the line of each mapping.

    Like the front-matter reader's, its composer stops at :data:`seminar.model.frontmatter.MAX_DEPTH`
    levels, so a file nested thousands deep is a usage error, not a RecursionError.
    """


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
        data = _load(text)
    except NestingError as err:
        raise UsageError(f"{path}: the data {err.problem} (line {err.line + 1})") from None
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


def _load(text: str) -> Any:
    """The data of ``text``, composed with a depth limit and checked for self-reference and size before it is built."""
    loader = _Loader(text)  # a SafeLoader
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problem = nesting_problem(node)
        if problem is not None:
            line, words = problem
            raise NestingError(line, words)
        return loader.construct_document(node)
    finally:
        loader.dispose()


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


def parse_speakers(value: object) -> tuple[list[SpeakerName], list[str]]:
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
    speakers: list[SpeakerName] = []
    for part in _split_names(text):
        match = TRAILING_AFFILIATION.match(part)
        name, affiliation = (match["name"], match["affiliation"].strip()) if match else (part, "")
        if not name.strip():
            raise ValueError(f"speaker {text!r} has an empty name")
        speakers.append(SpeakerName(name.strip(), affiliation or None))
    notes: list[str] = []
    last = speakers[-1].affiliation
    if len(speakers) > 1 and last and all(s.affiliation is None for s in speakers[:-1]):
        shared = _SHARED_PREFIX.sub("", last)
        if shared != last or not _SEVERAL_INSTITUTIONS.search(last):
            speakers = [SpeakerName(s.name, shared) for s in speakers]
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
