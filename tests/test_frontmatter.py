"""``frontmatter.split``: every YAML problem is one line of text at the line to fix, never an exception."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from seminar.model import frontmatter
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


# -- nesting: a located error, never a RecursionError (or a crash in libyaml's C) ------------------------
DEEP = "the front matter nests lists and mappings more than 20 levels deep"


def _block(levels: int) -> str:
    """``tags:`` holding ``levels`` lists, each on its own line, indented one more space."""
    return "tags:\n" + "".join(" " * i + "-\n" for i in range(1, levels)) + " " * levels + "- x\n"


@pytest.mark.parametrize("levels", [21, 500, 5000, 60_000])
@pytest.mark.parametrize(
    ("style", "front", "line"),
    [
        ("flow", lambda n: "title: T\ntags: " + "[" * n + "]" * n + "\n", 3),
        ("flow-unclosed", lambda n: "title: T\ntags: " + "[" * n + "\n", 3),
        ("flow-mapping", lambda n: "title: T\ntags: " + "{a: " * n + "x" + "}" * n + "\n", 3),
        ("compact-block", lambda n: "title: T\ntags:\n  " + "- " * n + "x\n", 4),
        ("block", lambda n: "title: T\n" + _block(min(n, 2000)), 23),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_front_matter_nested_too_deep_is_one_error_at_the_first_level_too_many(
    levels: int, style: str, front: Any, line: int
) -> None:
    assert _error(front(levels)) == (line, DEEP)


def test_twenty_levels_are_fine() -> None:
    fm, _body = split("---\ntags: " + "[" * 19 + "x" + "]" * 19 + "\n---\n")
    assert fm is not None and fm.error is None


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("tags: &a [x, *a]\n", 2, "the front matter has a list or mapping that contains itself (through an alias)"),
        ("a: &a\n  b: *a\n", 2, "the front matter has a list or mapping that contains itself (through an alias)"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]\n" for p, k in zip("abcde", "bcdef", strict=True))
            + "g: [*f, *f]\n",
            6,
            "the front matter expands through aliases to more than 100000 values",
        ),
    ],
)
def test_aliases_that_contain_themselves_or_explode_are_errors(front: str, line: int, message: str) -> None:
    assert _error(front) == (line, message)


def test_shared_aliases_within_the_limits_are_read() -> None:
    fm, _body = split("---\nspeakers: &who [Ada]\ntags: *who\n---\n")
    assert fm is not None and fm.error is None and fm.data == {"speakers": ["Ada"], "tags": ["Ada"]}


def _chain(levels: int) -> yaml.Node:
    """A mapping ``{a: {a: ... [x]}}`` ``levels`` deep, made as nodes (no parser involved)."""
    mark = yaml.Mark("", 0, 0, 0, None, None)
    node: yaml.Node = yaml.SequenceNode("tag:yaml.org,2002:seq", [yaml.ScalarNode("!bad", "x", mark, mark)], mark, mark)
    for _level in range(levels):
        key = yaml.ScalarNode("tag:yaml.org,2002:str", "a", mark, mark)
        node = yaml.MappingNode("tag:yaml.org,2002:map", [(key, node)], mark, mark)
    return node


def test_the_walks_over_nodes_do_not_recurse() -> None:
    """Far deeper than Python's recursion limit: each walk loops (a parsed page never gets here, see above)."""
    deep = _chain(3000)
    lines: dict[tuple[str | int, ...], int] = {}
    frontmatter._record_lines(deep, lines, 1)
    assert len(lines) == 3001
    assert frontmatter._first_duplicate(deep) is None
    assert frontmatter.nesting_problem(deep) == (0, "nests lists and mappings more than 20 levels deep")
    # It asks the loader about each level, and the loader recurses: not as deep as that.
    assert frontmatter._unconstructable(_chain(1200)).tag == "!bad"


# -- keys that are not text keep their line -------------------------------------------------------------
def test_keys_that_are_not_text_are_recorded_as_the_model_names_them() -> None:
    fm, _body = split("---\ntitle: T\n0x10: b\ntrue: c\n~: d\n1.5: e\n---\n")
    assert fm is not None and fm.error is None
    assert list(fm.data.items()) == [("title", "T"), (16, "b"), (True, "c"), (None, "d"), (1.5, "e")]
    paths = [("16",), ("True",), ("None",), ("1.5",)]
    assert [fm.line_of(path) for path in paths] == [3, 4, 5, 6]
