"""The typed model of a talk, a speaker and a series: the one source of truth for their metadata.

Front matter is validated here (pydantic), and the same classes export the JSON Schema that
editors and CI use (``schemas/*.schema.json``, kept in sync by a test).  Validation never raises
on user content: :func:`validate` returns the model it could build plus a list of :class:`Issue`
objects, each naming the offending key path, which the reader turns into located warnings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)

from .messages import character_kind
from .slugs import RESERVED_IDS, SLUG_PATTERN, page_id, slugify
from .subtypes import Subtype

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
STATUSES = ("scheduled", "cancelled", "postponed")
_MAX_MINUTES = 24 * 60


# Every front-matter value is one line of text, and it goes into calendars and feeds whose formats
# cannot hold some characters: C0 and C1 control characters (tab, line breaks and DEL included),
# the Unicode line and paragraph separators, and what is not a character at all (half of a
# surrogate pair, U+FFFE, U+FFFF).  White space among them reads as a space (a run of it, with the
# spaces around it, as one space), the other controls are left out, and a non-character reads as
# U+FFFD, so a value keeps its words and the page keeps its talk.
_SPACE_LIKE = r"\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029"
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_SPACE_RUN = re.compile(rf"[ {_SPACE_LIKE}]*[{_SPACE_LIKE}][ {_SPACE_LIKE}]*")
_LEFT_OUT = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_NOT_A_CHARACTER = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """``text`` as one line: line breaks and tabs read as a space, other controls left out, non-characters as U+FFFD."""
    if not _NOT_ONE_LINE.search(text):
        return text
    text = _NOT_A_CHARACTER.sub("\ufffd", _LEFT_OUT.sub("", text))
    return _SPACE_RUN.sub(" ", text)


def one_line_problem(text: str) -> str | None:
    """What in ``text`` one line cannot hold, and how :func:`one_line` reads it (``None`` when nothing).

    The words follow the key they are about: ``'title' contains a control character (U+000A); it is read as a
    space``.  The build and ``seminar check`` report it (``bad_value``); ``new-talk`` refuses it.
    """
    found = _NOT_ONE_LINE.findall(text)
    if not found:
        return None
    first = found[0]
    what = f"{character_kind(first)} (U+{ord(first):04X})"
    if "\ud800" <= first <= "\udfff":
        what += ", which is not a character"
    if _NOT_A_CHARACTER.match(first):
        fate = "it is read as \ufffd"
    elif re.match(rf"[{_SPACE_LIKE}]", first):
        fate = "it is read as a space"
    else:
        fate = "it is left out"
    more = f" ({len(found)} such characters in all)" if len(found) > 1 else ""
    return f"contains {what}; {fate}{more}"


def _check_url(value: str) -> str:
    """Accept only absolute http(s) URLs without white space: anything else is a broken or unsafe link."""
    if any(ch.isspace() for ch in value):
        raise ValueError(f"URL {value!r} contains spaces; encode them as %20 or fix the link")
    scheme, sep, rest = value.partition(":")
    if not sep or "/" in scheme or not scheme:
        raise ValueError(f"relative URL {value!r} is not allowed; give a full http(s) URL")
    if scheme.lower() not in ("http", "https"):
        raise ValueError(f"{scheme.lower()}: URL {value!r} is not allowed; only http(s) links are")
    if not rest.startswith("//") or len(rest) <= 2:
        raise ValueError(f"URL {value!r} has no host; give a full http(s) URL")
    return value


def _check_time(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 15:30 as the base-60 number 930.
        raise ValueError('write the time in quotes, as "HH:MM" (24-hour), e.g. "15:30"')
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise ValueError(f'time {value!r} is not a 24-hour "HH:MM" time such as "15:30"')
    return value


def _check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; use an IANA name such as 'America/Los_Angeles'") from None
    return value


FIRST_YEAR, LAST_YEAR = 1900, 9998
"""The years a talk or a break may be in: a time and a length, or a time zone, cannot take the
date past the years Python's dates hold (1 to 9999) in any zone, and the calendars and feeds that
show them need a real year."""


def _check_date(value: Any) -> Any:
    # Dates reach the model as text (the YAML loader keeps them unparsed) so that a wrong one
    # such as 2023-02-30 is reported here, with its key, rather than breaking the whole file.
    if isinstance(value, dt.date):
        day = value
    elif not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"date {value!r} is not an ISO date (YYYY-MM-DD), e.g. 2023-01-11")
    else:
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError as err:
            raise ValueError(f"date {value!r} does not exist ({err})") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        shown = value if isinstance(value, str) else day.isoformat()
        raise ValueError(f"date {shown!r} is out of range; give a year from {FIRST_YEAR} to {LAST_YEAR}")
    return day


def _check_tag(value: str) -> str:
    # A tag's page is tags/<slug>.html: a tag with nothing to slug would have no page.
    if not slugify(value):
        raise ValueError(f"tag {value!r} has no ASCII letters or digits to name its page (tags/<slug>.html)")
    return value


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
TagLabel = Annotated[NonEmpty, AfterValidator(_check_tag)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Url = Annotated[str, AfterValidator(_check_url)]
Time = Annotated[str, BeforeValidator(_check_time)]
TimeZone = Annotated[str, AfterValidator(_check_timezone)]
# A whole number as YAML writes one: pydantic's lax mode would take true as 1, 1.0 as 1 and "60" as 60.
Minutes = Annotated[int, Strict(), Field(ge=1, le=_MAX_MINUTES)]
IsoDate = Annotated[dt.date, BeforeValidator(_check_date, json_schema_input_type=str)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Speaker(_Strict):
    """One person giving a talk, as named in that talk's front matter."""

    name: NonEmpty = Field(description="The speaker's name as it should be shown.")
    affiliation: str | None = Field(None, description="Affiliation at the time of this talk.")
    id: Slug | None = Field(
        None,
        description="Speaker page id; defaults to the slug of the name. Give it to merge spellings "
        "or to tell apart two people of the same name.",
    )

    @property
    def speaker_id(self) -> str:
        """The id of the speaker's page: the explicit ``id`` or the slug of the name (never a reserved one, see :func:`page_id`)."""
        return page_id(self.id or self.name)

    @model_validator(mode="after")
    def _has_a_page_id(self) -> Speaker:
        # Page ids are ASCII slugs: a name written only in other scripts needs an explicit id.
        if not self.speaker_id:
            raise ValueError(f"{self.name!r} gives no page id (no ASCII letters or digits); add an 'id:', e.g. li-lei")
        return self


def _speaker_from_text(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


SpeakerEntry = Annotated[Speaker, BeforeValidator(_speaker_from_text, json_schema_input_type=str | Speaker)]


class Talk(_Strict):
    """The front matter of one talk page (``talks/<YYYY>/<slug>.md``)."""

    title: NonEmpty = Field(description="The talk title; it becomes the page's H1.")
    speakers: list[SpeakerEntry] = Field(min_length=1, description="A name, or name/affiliation/id.")
    date: IsoDate = Field(description="ISO date of the talk, YYYY-MM-DD.")
    time: Time | None = Field(None, description='Start time "HH:MM" in the series time zone.')
    duration: Minutes | None = Field(None, description="Length in minutes.")
    series: Slug = Field(description="The id of a page in series/.")
    recording: Url | None = Field(None, description="http(s) link to the recording.")
    livestream: Url | None = Field(None, description="http(s) link to the livestream.")
    slides: Url | None = Field(None, description="http(s) link to the slides.")
    tags: list[TagLabel] = Field(default_factory=list, description="Topics, as a list.")
    status: Literal["scheduled", "cancelled", "postponed"] = Field("scheduled", description="Talk status.")
    uid: NonEmpty | None = Field(None, description="Stable calendar id, written once by the scaffolder.")

    @property
    def tag_pairs(self) -> list[tuple[str, str]]:
        """The tags as (label, page id), in order; two spellings of one id count once, as the first."""
        pairs: dict[str, str] = {}
        for label in self.tags:
            pairs.setdefault(page_id(label), label)
        return [(label, tag_id) for tag_id, label in pairs.items()]


class Course(_Strict):
    """A course that a series runs with."""

    name: NonEmpty
    url: Url | None = None


class Break(_Strict):
    """A week without a talk, shown in the series schedule."""

    date: IsoDate
    label: NonEmpty


class Series(_Strict):
    """The ``series:`` mapping in the front matter of a series page (``series/<id>.md``)."""

    title: NonEmpty
    term: str | None = None
    timezone: TimeZone | None = Field(None, description="IANA time zone; default seminar_timezone.")
    time: Time | None = Field(None, description='Default start time "HH:MM" of its talks.')
    duration: Minutes | None = Field(None, description="Default length in minutes.")
    schedule: str | None = Field(None, description="When the series meets, in words.")
    courses: list[Course] = Field(default_factory=list)
    hosts: list[NonEmpty] = Field(default_factory=list)
    breaks: list[Break] = Field(default_factory=list)


class SeriesPage(_Strict):
    """The whole front matter of a series page."""

    series: Series


class SpeakerPage(_Strict):
    """The front matter of an optional hand-written ``speakers/<id>.md``."""

    name: NonEmpty | None = None
    homepage: Url | None = None
    photo: str | None = Field(None, description="Image path relative to the page, or an http(s) URL.")
    pronouns: str | None = None


@dataclass(frozen=True)
class Issue:
    """One problem found in front matter, at ``path`` (a tuple of keys and list indexes)."""

    subtype: Subtype
    message: str
    path: tuple[str | int, ...]


def reserved_ids(talk: Talk) -> list[Issue]:
    """The speakers and tags of ``talk`` whose id is an index's (:data:`RESERVED_IDS`): they get ``<id>-2``.

    Not an error (the speaker or tag keeps a page, listings and links), but a ``reserved_name`` to
    report, so the page's address is no surprise.
    """
    issues = []
    for index, speaker in enumerate(talk.speakers):
        wanted = slugify(speaker.id or speaker.name)
        if wanted in RESERVED_IDS:
            message = (
                f"speaker {speaker.name!r} would have the page speakers/{wanted}.html, which is the speaker index; "
                f"their page is speakers/{speaker.speaker_id}.html (give an 'id:' to choose another)"
            )
            issues.append(Issue(Subtype.RESERVED_NAME, message, ("speakers", index)))
    for index, label in enumerate(talk.tags):
        wanted = slugify(label)
        if wanted in RESERVED_IDS:
            message = (
                f"tag {label!r} would have the page tags/{wanted}.html, which is the index of tags; "
                f"its page is tags/{page_id(label)}.html"
            )
            issues.append(Issue(Subtype.RESERVED_NAME, message, ("tags", index)))
    return issues


_FIELD_SUBTYPES = {
    "date": Subtype.BAD_DATE,
    "time": Subtype.BAD_TIME,
    "duration": Subtype.BAD_DURATION,
    "timezone": Subtype.BAD_TIMEZONE,
    "status": Subtype.BAD_STATUS,
    "recording": Subtype.BAD_URL,
    "livestream": Subtype.BAD_URL,
    "slides": Subtype.BAD_URL,
    "url": Subtype.BAD_URL,
    "homepage": Subtype.BAD_URL,
}
_TYPE_ERRORS = ("list_type", "model_type", "dict_type", "string_type", "int_type", "int_parsing")


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _issue(error: Mapping[str, Any], model: type[BaseModel]) -> Issue:
    path = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    where = _dotted(path)
    kind = error["type"]
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    if kind == "extra_forbidden":
        known = _known_keys(model, path[:-1])
        hint = difflib.get_close_matches(str(last), known, n=1, cutoff=0.6)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else f"; known keys: {', '.join(known)}"
        return Issue(Subtype.UNKNOWN_KEY, f"unknown front-matter key {where!r}{suggestion}", path)
    if kind == "invalid_key":  # a key that is not text, where _cleaned could not tell a model's keys
        return Issue(Subtype.UNKNOWN_KEY, f"front-matter key {error['input']!r} is not a name", path)
    if kind == "missing":
        return Issue(Subtype.MISSING_KEY, f"missing required front-matter key {where!r}", path)
    if kind == "too_short" and last == "speakers":
        return Issue(Subtype.MISSING_KEY, "'speakers' is empty; a talk needs at least one speaker", path)
    if last == "status" and kind == "literal_error":
        return Issue(Subtype.BAD_STATUS, f"status {error['input']!r} is not one of {', '.join(STATUSES)}", path)
    if last == "duration":
        return Issue(Subtype.BAD_DURATION, _duration_message(kind, error.get("input")), path)
    # A key with its own subtype keeps it whatever went wrong (a time zone that is not text is still
    # a bad_timezone); the generic subtypes are for keys that have none.
    subtype = _FIELD_SUBTYPES.get(str(last)) or (Subtype.BAD_TYPE if kind in _TYPE_ERRORS else Subtype.BAD_VALUE)
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "list_type":
        message = f"{where!r} must be a list, e.g. [a, b]"
    elif kind == "model_type":
        # pydantic's words name the class ("instance of Course"); say which keys the mapping takes.
        message = f"{where!r} must be {_mapping_words(model, path)}"
    elif kind in _TYPE_ERRORS or subtype is Subtype.BAD_VALUE:
        message = f"{where!r}: {message}"
    return Issue(subtype, message, path)


def _mapping_words(model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    """``a mapping with 'name' (and 'url')``: what the model at ``path`` takes, in words."""
    found = _model_at(model, path)
    if found is None:
        return "a mapping"
    required = [repr(key) for key, field in found.model_fields.items() if field.is_required()]
    optional = [repr(key) for key, field in found.model_fields.items() if not field.is_required()]
    words = f"a mapping with {', '.join(required)}" + (f" (and {', '.join(optional)})" if optional else "")
    # A speaker may also be given as a name alone.
    return f"a name or {words}" if found is Speaker else words


def _duration_message(kind: str, value: Any) -> str:
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"duration {value!r} is not between 1 and {_MAX_MINUTES} minutes"
    shown = str(value).lower() if isinstance(value, bool) else repr(value)  # as YAML writes it: true
    return f"duration {shown} is not a whole number of minutes, e.g. 50"


def _model_at(model: type[BaseModel], path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class of the mapping at ``path`` inside ``model`` (``None`` when it is not a model)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return None
        current = _model_in(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _known_keys(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at ``path`` inside ``model`` (for did-you-mean suggestions)."""
    found = _model_at(model, path)
    return list(found.model_fields) if found else []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__origin__", None)
    return _model_in(meta) if meta is not None and meta is not annotation else None


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Mapping[str, Any]) -> tuple[M | None, list[Issue]]:
    """Validate ``data``; on errors, drop what is wrong and keep what is right.

    Returns the model built from the valid part (``None`` when a required key is missing or
    invalid) and every issue found, each once.  Dropping only the offending value means one bad
    link does not take a talk off the site, nor a bad time zone a series.
    """
    current, issues = _cleaned(model, data)
    cut: set[tuple[str | int, ...]] = set()
    for _attempt in range(3):
        try:
            return model.model_validate(current), issues
        except ValidationError as err:
            found = [_issue(e, model) for e in err.errors()]
            # A required value that was reported and dropped now shows up as missing (or, for the
            # last item of a list, as an empty list): that is the same problem, already reported.
            new = [i for i in found if i not in issues and not _follows_from_cut(i, cut)]
            if not new:
                break
            issues.extend(new)
            points = {_prune_point(model, current, i.path) for i in new}
            cut |= points
            current = _without(current, points)
    return None, issues


def _cleaned(model: type[BaseModel], data: Mapping[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """A copy of ``data`` with every text on one line and only text keys where ``model`` has keys; the issues found.

    Each value that :func:`one_line` changes is one ``bad_value`` issue, and the cleaned value is
    validated on, so the talk stays.  A key that is not text (``1: x``, ``true: x``) where the
    model names keys is an ``unknown_key`` issue and is dropped; its path holds the key as text,
    as :mod:`seminar.model.frontmatter` records its line.  The data is walked without recursion.
    """
    issues: list[Issue] = []
    top: dict[str, Any] = {}
    # Each level: the items still to copy, the copy being made, its path (a depth-first walk, in order).
    stack: list[tuple[Iterator[tuple[Any, Any]], Any, tuple[str | int, ...]]] = [(iter(data.items()), top, ())]
    while stack:
        items, copy, path = stack[-1]
        item = next(items, None)
        if item is None:
            stack.pop()
            continue
        key, value = item
        if isinstance(copy, dict) and not isinstance(key, str) and _model_at(model, path) is not None:
            issues.append(_key_issue(model, path, key))
            continue
        sub = (*path, key if isinstance(key, (str, int)) else str(key))
        if isinstance(value, str):
            problem = one_line_problem(value)
            if problem is not None:
                issues.append(Issue(Subtype.BAD_VALUE, f"{_dotted(sub)!r} {problem}", sub))
                value = one_line(value)
        elif isinstance(value, (Mapping, list)):
            inner: Any = {} if isinstance(value, Mapping) else []
            pairs = value.items() if isinstance(value, Mapping) else enumerate(value)
            stack.append((iter(pairs), inner, sub))
            value = inner
        if isinstance(copy, dict):
            copy[key] = value
        else:
            copy.append(value)
    return top, issues


def _key_issue(model: type[BaseModel], path: tuple[str | int, ...], key: object) -> Issue:
    """A key that is not text (YAML reads ``1:`` as a number), in a mapping of ``model``'s keys."""
    if isinstance(key, bool):
        kind = "true or false"
    elif isinstance(key, (int, float)):
        kind = "a number"
    else:
        kind = "empty" if key is None else "not text"
    inside = f" in {_dotted(path)!r}" if path else ""
    known = ", ".join(_known_keys(model, path))
    return Issue(
        Subtype.UNKNOWN_KEY,
        f"front-matter key {key!r}{inside} is {kind}, not a name; known keys: {known}",
        (*path, str(key)),
    )


def _follows_from_cut(issue: Issue, cut: set[tuple[str | int, ...]]) -> bool:
    """``issue`` is a missing key (or empty list) at, or above, a value :func:`validate` dropped."""
    return issue.subtype is Subtype.MISSING_KEY and any(done[: len(issue.path)] == issue.path for done in cut)


def _without(data: dict[str, Any], paths: set[tuple[str | int, ...]]) -> dict[str, Any]:
    """``data`` minus the values at ``paths``."""
    result: Any = _deep_copy(data)
    # Delete deepest and highest indexes first so earlier deletions do not shift later paths.
    for path in sorted(paths, key=lambda p: (len(p), p), reverse=True):
        parent = result
        try:
            for part in path[:-1]:
                parent = parent[part]
            del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
    return dict(result)


def _prune_point(model: type[BaseModel], data: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """What to drop for an error at ``path``: the smallest part of ``data`` that holds it and can go.

    That is the offending value itself (a key, or a list item) when the model can do without it,
    as with an optional ``series.timezone`` or a course's ``url``.  A required key cannot go alone:
    then the mapping holding it goes, up to the list item it is in (one bad ``breaks`` entry,
    one speaker without a name) or up to the top-level key (a series without a title).
    """
    point: tuple[str | int, ...] = ()
    value = data
    for part in path:  # only as deep as the data goes: a missing key has nothing to drop
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            break
        point = (*point, part)
    while len(point) > 1 and isinstance(point[-1], str) and _is_required(model, point):
        point = point[:-1]
    return point or path[:1]


def _is_required(model: type[BaseModel], path: tuple[str | int, ...]) -> bool:
    holder = _model_at(model, path[:-1])
    field = holder.model_fields.get(str(path[-1])) if holder else None
    return field is not None and field.is_required()


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of ``model``'s front matter, as committed under ``schemas/``."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
