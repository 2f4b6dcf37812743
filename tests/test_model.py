"""``model.validate`` keeps what is right: one bad value costs that value, and each problem is reported once."""

from __future__ import annotations

from typing import Any

import pytest

from seminar.model.metadata import SeriesPage, Talk, validate
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
