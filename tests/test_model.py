"""``model.validate`` keeps what is right: one bad value costs that value, and each problem is reported once."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from seminar.model.metadata import SeriesPage, SpeakerPage, Talk, one_line, one_line_problem, validate
from seminar.model.subtypes import Subtype

TALK: dict[str, Any] = {"title": "T", "speakers": ["Ada"], "date": "2023-01-11", "series": "fm"}


def _reported(issues: list[Any]) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(i.subtype.value, i.path) for i in issues]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date": "2023-02-30"}, [("bad_date", ("date",))]),
        ({"speakers": []}, [("missing_key", ("speakers",))]),
        ({"speakers": [42]}, [("bad_type", ("speakers", 0))]),
        ({"speakers": [{"affiliation": "Stanford"}]}, [("missing_key", ("speakers", 0, "name"))]),
        ({"speakers": [{"name": " "}]}, [("bad_value", ("speakers", 0, "name"))]),
    ],
)
def test_an_invalid_required_value_is_reported_once_not_again_as_missing(
    changes: dict[str, Any], expected: list[tuple[str, tuple[str | int, ...]]]
) -> None:
    talk, issues = validate(Talk, {**TALK, **changes})
    assert talk is None
    assert _reported(issues) == expected


def test_a_bad_optional_value_costs_only_that_value() -> None:
    talk, issues = validate(Talk, {**TALK, "duration": "an hour", "recording": "slides.pdf"})
    assert talk is not None and talk.duration is None and talk.recording is None
    assert _reported(issues) == [("bad_duration", ("duration",)), ("bad_url", ("recording",))]


def test_a_bad_optional_key_of_a_speaker_keeps_the_speaker() -> None:
    talk, issues = validate(Talk, {**TALK, "speakers": [{"name": "Ada Lovelace", "id": "Not A Slug", "x": 1}]})
    assert talk is not None and talk.speakers[0].name == "Ada Lovelace" and talk.speakers[0].id is None
    assert _reported(issues) == [("bad_value", ("speakers", 0, "id")), ("unknown_key", ("speakers", 0, "x"))]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("an hour", "duration 'an hour' is not a whole number of minutes, e.g. 50"),
        (50.5, "duration 50.5 is not a whole number of minutes, e.g. 50"),
        (0, "duration 0 is not between 1 and 1440 minutes"),
        (1441, "duration 1441 is not between 1 and 1440 minutes"),
    ],
)
def test_every_bad_duration_is_bad_duration_and_names_the_key(value: object, message: str) -> None:
    _talk, issues = validate(Talk, {**TALK, "duration": value})
    assert [(i.subtype, i.message) for i in issues] == [(Subtype.BAD_DURATION, message)]


def test_a_bad_key_inside_the_series_mapping_keeps_the_series() -> None:
    series = {
        "title": "Mars Seminar",
        "timezone": "Mars/Olympus_Mons",
        "duration": 0,
        "colour": "red",
        "courses": [{"name": "CS 1", "url": "cs1.html"}],
        "breaks": [{"date": "2023-02-30", "label": "Holiday"}, {"date": "2023-03-01", "label": "Spring break"}],
    }
    page, issues = validate(SeriesPage, {"series": series})
    assert page is not None
    assert page.series.title == "Mars Seminar" and page.series.timezone is None and page.series.duration is None
    assert [c.name for c in page.series.courses] == ["CS 1"] and page.series.courses[0].url is None
    # A break cannot do without its date: that one break goes, the other stays.
    assert [b.label for b in page.series.breaks] == ["Spring break"]
    assert _reported(issues) == [
        ("bad_timezone", ("series", "timezone")),
        ("bad_duration", ("series", "duration")),
        ("bad_url", ("series", "courses", 0, "url")),
        ("bad_date", ("series", "breaks", 0, "date")),
        ("unknown_key", ("series", "colour")),
    ]


def test_a_series_without_a_valid_title_is_not_a_series() -> None:
    page, issues = validate(SeriesPage, {"series": {"title": "", "term": "Spring 2023"}})
    assert page is None
    assert _reported(issues) == [("bad_value", ("series", "title"))]


# -- one-line text: characters that a line of text, a calendar or a feed cannot hold ------------------
SPACE_LIKE = ["\t", "\n", "\v", "\f", "\r", "\x1c", "\x1f", "\x85", "\u2028", "\u2029"]
LEFT_OUT = ["\x00", "\x07", "\x08", "\x0e", "\x1b", "\x7f", "\x80", "\x84", "\x86", "\x9f"]
NOT_CHARACTERS = ["\ud83d", "\udfff", "\ufffe", "\uffff"]


def _read_as(char: str) -> str:
    return " " if char in SPACE_LIKE else ("" if char in LEFT_OUT else "\ufffd")


# Every text of the three models, as a path into the front matter and the value's place in the model.
TALK_TEXTS = [
    ("title",),
    ("speakers", 0),
    ("speakers", 1, "name"),
    ("speakers", 1, "affiliation"),
    ("tags", 0),
    ("uid",),
]
SERIES_TEXTS = [
    ("series", "title"),
    ("series", "term"),
    ("series", "schedule"),
    ("series", "hosts", 0),
    ("series", "courses", 0, "name"),
    ("series", "breaks", 0, "label"),
]
SPEAKER_TEXTS = [("name",), ("photo",), ("pronouns",)]


def _with(data: dict[str, Any], path: tuple[str | int, ...], value: str) -> dict[str, Any]:
    """``data`` (copied) with the text at ``path`` replaced by ``value``."""
    copied = copy.deepcopy(data)
    holder: Any = copied
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return copied


def _at(model: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        model = model[part] if isinstance(part, int) else getattr(model, part)
    return model.name if hasattr(model, "name") and isinstance(path[-1], int) and path[0] == "speakers" else model


FULL_TALK: dict[str, Any] = {
    **TALK,
    "speakers": ["Ada One", {"name": "Bob Two", "affiliation": "Lab"}],
    "tags": ["attention"],
    "uid": "u-1",
}
FULL_SERIES: dict[str, Any] = {
    "series": {
        "title": "Systems",
        "term": "Fall 2023",
        "schedule": "Mondays",
        "hosts": ["Ann Host"],
        "courses": [{"name": "CS 1"}],
        "breaks": [{"date": "2023-11-20", "label": "Thanksgiving"}],
    }
}
FULL_SPEAKER: dict[str, Any] = {"name": "Tri Dao", "photo": "tri.jpg", "pronouns": "he/him"}
MODELS = [
    (Talk, FULL_TALK, TALK_TEXTS),
    (SeriesPage, FULL_SERIES, SERIES_TEXTS),
    (SpeakerPage, FULL_SPEAKER, SPEAKER_TEXTS),
]


@pytest.mark.parametrize("char", SPACE_LIKE + LEFT_OUT + NOT_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("model", "data", "path"),
    [(m, d, p) for m, d, paths in MODELS for p in paths],
    ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else "",
)
def test_every_text_is_one_line_and_the_value_is_kept(
    model: Any, data: dict[str, Any], path: tuple[str | int, ...], char: str
) -> None:
    original = _at(model.model_validate(data), path)
    page, issues = validate(model, _with(data, path, f"Aa{char}Zz"))
    assert page is not None, issues  # the page keeps its talk, series or speaker
    assert _at(page, path) == f"Aa{_read_as(char)}Zz" != original
    where = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))
    fate = {" ": "it is read as a space", "": "it is left out", "\ufffd": "it is read as \ufffd"}[_read_as(char)]
    assert [(i.subtype, i.path) for i in issues] == [(Subtype.BAD_VALUE, path)]
    assert issues[0].message.startswith(f"{where!r} contains ")
    assert (
        issues[0].message.endswith(f" (U+{ord(char):04X}); {fate}")
        or f"(U+{ord(char):04X}), which" in issues[0].message
    )


@pytest.mark.parametrize(
    ("text", "cleaned", "message"),
    [
        ("A\nB", "A B", "'title' contains a control character (U+000A); it is read as a space"),
        (
            "A \r\n  B",
            "A B",
            "'title' contains a control character (U+000D); it is read as a space (2 such characters in all)",
        ),
        (
            "Red\x1b[31m alert\x07",
            "Red[31m alert",
            "'title' contains a control character (U+001B); it is left out (2 such characters in all)",
        ),
        (
            "Emoji \ud83d",
            "Emoji \ufffd",
            "'title' contains half of a surrogate pair (U+D83D), which is not a character; it is read as \ufffd",
        ),
        ("A\u2028B", "A B", "'title' contains a line separator (U+2028); it is read as a space"),
    ],
)
def test_one_issue_per_value_names_the_key_and_the_first_character(text: str, cleaned: str, message: str) -> None:
    talk, issues = validate(Talk, {**TALK, "title": text})
    assert talk is not None and talk.title == cleaned
    assert [(i.subtype, i.message, i.path) for i in issues] == [(Subtype.BAD_VALUE, message, ("title",))]


def test_a_title_of_control_characters_only_is_not_a_title() -> None:
    talk, issues = validate(Talk, {**TALK, "title": "\n\r\x07"})
    assert talk is None
    assert _reported(issues) == [("bad_value", ("title",)), ("bad_value", ("title",))]


def test_a_cleaned_url_is_checked_as_cleaned() -> None:
    talk, issues = validate(Talk, {**TALK, "slides": "https://example.org/a\nb.pdf"})
    assert talk is not None and talk.slides is None
    assert _reported(issues) == [("bad_value", ("slides",)), ("bad_url", ("slides",))]


def test_one_line_leaves_ordinary_text_alone() -> None:
    for text in ["FlashAttention: Fast", "多语言 — Ünïcödé 🙂", "", "  spaces  kept  ", "\ufffd"]:
        assert one_line(text) == text and one_line_problem(text) is None


# -- keys that are not text --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            {**TALK, 1: "x"},
            ("1",),
            "front-matter key 1 is a number, not a name; known keys: " + ", ".join(Talk.model_fields),
        ),
        (
            {**TALK, True: "x"},
            ("True",),
            "front-matter key True is true or false, not a name; known keys: " + ", ".join(Talk.model_fields),
        ),
        (
            {**TALK, None: "x"},
            ("None",),
            "front-matter key None is empty, not a name; known keys: " + ", ".join(Talk.model_fields),
        ),
        (
            {**TALK, 1.5: "x"},
            ("1.5",),
            "front-matter key 1.5 is a number, not a name; known keys: " + ", ".join(Talk.model_fields),
        ),
        (
            {**TALK, "speakers": [{"name": "Ada", 2: "x"}]},
            ("speakers", 0, "2"),
            "front-matter key 2 in 'speakers[0]' is a number, not a name; known keys: name, affiliation, id",
        ),
    ],
)
def test_a_key_that_is_not_text_is_an_unknown_key_and_the_rest_is_kept(
    data: dict[Any, Any], path: tuple[str | int, ...], message: str
) -> None:
    talk, issues = validate(Talk, data)
    assert talk is not None and talk.speakers[0].name == "Ada"
    assert [(i.subtype, i.message, i.path) for i in issues] == [(Subtype.UNKNOWN_KEY, message, path)]


@pytest.mark.parametrize(
    ("model", "data", "message"),
    [
        (SeriesPage, {"series": "Systems"}, "'series' must be a mapping with 'title' (and 'term', "),
        (
            SeriesPage,
            {"series": {"title": "S", "courses": ["CS 1"]}},
            "'series.courses[0]' must be a mapping with 'name' (and 'url')",
        ),
        (
            SeriesPage,
            {"series": {"title": "S", "breaks": ["Thanksgiving"]}},
            "'series.breaks[0]' must be a mapping with 'date', 'label'",
        ),
        (
            Talk,
            {**TALK, "speakers": [["Ada"]]},
            "'speakers[0]' must be a name or a mapping with 'name' (and 'affiliation', 'id')",
        ),
    ],
)
def test_messages_name_no_class_of_the_code(model: Any, data: dict[str, Any], message: str) -> None:
    _page, issues = validate(model, data)
    assert [i.subtype for i in issues] == [Subtype.BAD_TYPE]
    assert issues[0].message.startswith(message)
    assert not re.search(r"\b(Series|Course|Break|Speaker|Talk|instance)\b", issues[0].message)


# -- dates in range, durations as whole numbers --------------------------------------------------------
@pytest.mark.parametrize("day", ["9999-12-31", "9999-01-01", "1899-12-31", "0001-01-01", "1000-06-15"])
@pytest.mark.parametrize("where", ["talk", "break"])
def test_a_date_out_of_range_is_a_bad_date_that_says_the_range(day: str, where: str) -> None:
    message = f"date '{day}' is out of range; give a year from 1900 to 9998"
    if where == "talk":
        _talk, issues = validate(Talk, {**TALK, "date": day})
    else:
        _page, issues = validate(SeriesPage, {"series": {"title": "S", "breaks": [{"date": day, "label": "Off"}]}})
    assert [(i.subtype, i.message) for i in issues] == [(Subtype.BAD_DATE, message)]


@pytest.mark.parametrize("day", ["1900-01-01", "9998-12-31", "2023-01-11"])
def test_dates_at_the_ends_of_the_range_are_fine(day: str) -> None:
    talk, issues = validate(Talk, {**TALK, "date": day})
    assert issues == [] and talk is not None and talk.date.isoformat() == day


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        (False, "false"),
        (1.5, "1.5"),
        (60.0, "60.0"),
        ("60", "'60'"),
        ([60], "[60]"),
        ({"m": 60}, "{'m': 60}"),
    ],
)
@pytest.mark.parametrize("model", ["talk", "series"])
def test_a_duration_that_is_not_a_whole_number_is_refused(value: object, shown: str, model: str) -> None:
    message = f"duration {shown} is not a whole number of minutes, e.g. 50"
    if model == "talk":
        talk, issues = validate(Talk, {**TALK, "duration": value})
        assert talk is not None and talk.duration is None
    else:
        page, issues = validate(SeriesPage, {"series": {"title": "S", "duration": value}})
        assert page is not None and page.series.duration is None
    assert [(i.subtype, i.message) for i in issues] == [(Subtype.BAD_DURATION, message)]


def test_no_duration_is_no_duration() -> None:
    talk, issues = validate(Talk, {**TALK, "duration": None})
    assert issues == [] and talk is not None and talk.duration is None
    talk, issues = validate(Talk, {**TALK, "duration": 50})
    assert issues == [] and talk is not None and talk.duration == 50
