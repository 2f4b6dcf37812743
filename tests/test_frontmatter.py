"""``frontmatter.split``: every YAML problem is one line of text at the line to fix, never an exception."""

from __future__ import annotations

import pytest

from seminar.model.frontmatter import split

PREFIX = "the front matter is not valid YAML: "


def _error(front: str) -> tuple[int, str | None]:
    fm, _body = split(f"---\n{front}---\n\nBody.\n")
    assert fm is not None
    return fm.error_line, fm.error


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        # Something left open: the line where it opens, with where PyYAML gave up.
        (
            "title: T\nspeakers: [Tri Dao\ndate: 2023-01-11\n",
            3,
            "expected ',' or ']', but got ':' on line 4, inside the [ list that starts on this line",
        ),
        (
            "title: T\nspeakers: {name: Tri Dao\ndate: 2023-01-11\n",
            3,
            "expected ',' or '}', but got ':' on line 4, inside the { mapping that starts on this line",
        ),
        (
            'title: "T\nspeakers: [Tri Dao]\n',
            2,
            "found unexpected end of stream on line 3, inside the quoted text that starts on this line",
        ),
        # Block structure: the line where it goes wrong, not the top of the mapping.
        ("speakers:\n  - A\n - B\n", 4, "expected <block end>, but found '<block sequence start>'"),
        ("title: T\n\tdate: 2023-01-11\n", 3, "found character '\\t' that cannot start any token"),
        ("title: T\ndate: *when\n", 3, "found undefined alias 'when'"),
    ],
)
def test_a_syntax_error_points_at_the_line_to_fix(front: str, line: int, message: str) -> None:
    assert _error(front) == (line, PREFIX + message)


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        (
            "title: T\nslides: !!python/name:os.system\n",
            3,
            "the tag '!!python/name:os.system' is not allowed; front matter holds plain text, numbers, lists and mappings",
        ),
        (
            "title: T\ntags: [a, !custom b]\n",
            3,
            "the tag '!custom' is not allowed; front matter holds plain text, numbers, lists and mappings",
        ),
        # Standard tags whose constructors raise plain Python errors (ValueError, KeyError...).
        ("title: T\nduration: !!int fifty\n", 3, "the value 'fifty' is not a valid !!int"),
        ("title: T\ntags: [a, !!bool maybe]\n", 3, "the value 'maybe' is not a valid !!bool"),
        ("title: T\n<<: 5\n", 3, "expected a mapping or list of mappings for merging, but found scalar"),
    ],
)
def test_a_value_that_cannot_be_built_is_located_in_one_line(front: str, line: int, message: str) -> None:
    assert _error(front) == (line, PREFIX + message)


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("title: A\ndate: 2023-01-11\ntitle: B\n", 4, "key 'title' is given twice (first on line 2); keep one"),
        ("speakers:\n  - name: A\n    name: B\n", 4, "key 'name' is given twice (first on line 3); keep one"),
    ],
)
def test_a_key_given_twice_is_an_error_at_its_second_line(front: str, line: int, message: str) -> None:
    assert _error(front) == (line, PREFIX + message)


def test_good_front_matter_keeps_dates_as_text_and_records_lines() -> None:
    fm, body = split("---\ntitle: T\nspeakers:\n  - name: A\ndate: 2023-01-11\n---\nBody.\n")
    assert fm is not None and fm.error is None
    assert fm.data == {"title": "T", "speakers": [{"name": "A"}], "date": "2023-01-11"}
    assert fm.line_of(("speakers", 0, "name")) == 4 and fm.line_of(("date",)) == 5
    assert body == "\n" * 6 + "Body.\n"
