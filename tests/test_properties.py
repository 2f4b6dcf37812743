"""Generated input, thrown at every reader of contributor content: no traceback, every refusal located.

Hypothesis makes front matter (known keys with values of every type, unknown keys, deep nesting,
control characters) and page bodies (Markdown with directives, roles, links and raw markup), and
hands them to the model, to the front-matter reader, to ``python -m seminar check`` and to a build
of a small site.  Whatever comes in, each must answer with located problems, never an exception.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from seminar.cli.check import SiteFiles, check_file
from seminar.model.frontmatter import split
from seminar.model.metadata import SeriesPage, SpeakerPage, Talk, validate
from sitebuild import ROOTS, build

# Text that contributors (and attackers) paste: every plane, control characters, lone surrogates.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
ODD_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        ["", " ", "\n", "A\nB", "A\rB", "\x07", "\x1b[31m", "\ud83d", "javascript:alert(1)", "9999-12-31", "Index"]
    ),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    ODD_TEXT,
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(ODD_TEXT, inner, max_size=4)),
    max_leaves=12,
)
TALK_KEYS = ["title", "speakers", "date", "time", "duration", "series", "recording", "livestream", "slides", "tags"]
TALK_KEYS += ["status", "uid", "speaker", "Title"]
FRONT_MATTER = st.dictionaries(st.one_of(st.sampled_from(TALK_KEYS), ODD_TEXT), VALUES, max_size=8)
SERIES_MATTER = st.fixed_dictionaries({"series": st.dictionaries(st.sampled_from(["title", "term", "timezone",
    "time", "duration", "schedule", "courses", "hosts", "breaks", "x"]), VALUES, max_size=6)})  # fmt: skip

BODY_PIECES = st.sampled_from(
    [
        ":::{abstract}\n",
        ":::{bio}\n",
        ":::{bio} Ada Lovelace\n",
        ":::\n",
        ":::{talk-list}\n:when: past\n:::\n",
        "{talk}`nope` ",
        "{speaker}`ada-lovelace` ",
        "[a link](javascript:alert(1)) ",
        "[doc](../index.md) ",
        "<script>alert(1)</script>\n",
        "```{include} ../../../../etc/hostname\n```\n",
        "$x^2$ ",
        "[^1]\n\n[^1]: A footnote.\n",
        "# Heading\n",
        "{unknownrole}`x` ",
        "\n\n",
    ]
)
BODIES = st.lists(st.one_of(BODY_PIECES, ODD_TEXT), max_size=12).map("".join)
LOCATED = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<message>.+) \[seminar\.\w+\]$")
FILE_LINE = re.compile(r"^\S[^\n]*?:\d+: (?:WARNING|ERROR|CRITICAL): ", re.MULTILINE)


def _as_page(data: Any, body: str = "") -> str:
    try:
        front = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)
    except yaml.YAMLError:
        front = "title: unrepresentable\n"
    return f"---\n{front}---\n\n{body}"


@given(FRONT_MATTER)
@settings(max_examples=300, deadline=None)
def test_the_model_never_raises_and_locates_every_issue(data: dict[Any, Any]) -> None:
    for model in (Talk, SpeakerPage):
        result, issues = validate(model, data)
        assert result is None or isinstance(result, model)
        for issue in issues:
            assert issue.message and issue.subtype.value
            assert isinstance(issue.path, tuple)


@given(SERIES_MATTER)
@settings(max_examples=200, deadline=None)
def test_the_series_model_never_raises(data: dict[str, Any]) -> None:
    result, _issues = validate(SeriesPage, data)
    assert result is None or isinstance(result, SeriesPage)


@given(st.one_of(FRONT_MATTER.map(_as_page), st.text(max_size=200).map(lambda t: f"---\n{t}\n---\n")))
@settings(max_examples=300, deadline=None)
def test_the_front_matter_reader_never_raises(text: str) -> None:
    fm, body = split(text)
    assert body.count("\n") == text.count("\n")  # the body keeps its line numbers
    if fm is not None and fm.error:
        assert fm.error_line >= 1


@given(FRONT_MATTER, BODIES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_check_never_raises_and_locates_every_problem(tmp_path: Path, data: dict[Any, Any], body: str) -> None:
    root = tmp_path / "site"
    shutil.rmtree(root, ignore_errors=True)
    (root / "series").mkdir(parents=True)
    (root / "series" / "fm.md").write_text("---\nseries:\n  title: FM\n---\n# FM\n", encoding="utf-8")
    page = root / "talks" / "2023" / "generated.md"
    page.parent.mkdir(parents=True)
    page.write_text(_as_page(data, body), encoding="utf-8", errors="surrogatepass")
    for problem in check_file(page, SiteFiles(root)):
        assert LOCATED.match(str(problem)), str(problem)
        assert problem.line >= 1


@given(FRONT_MATTER, BODIES)
@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a build takes seconds: report the example unshrunk
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_site_with_a_generated_talk_builds_and_every_warning_is_located(
    tmp_path_factory: Any, data: dict[Any, Any], body: str
) -> None:
    tmp = tmp_path_factory.mktemp("generated")
    srcdir = tmp / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    talk = {"title": "Generated", "speakers": ["Ada Lovelace"], "date": "2023-03-01", "series": "fm", **data}
    page = srcdir / "talks" / "2023" / "generated.md"
    page.write_text(_as_page(talk, body), encoding="utf-8", errors="surrogatepass")
    built = build(srcdir, tmp / "out", fresh=True)
    assert (built.outdir / "index.html").is_file()
    for warning in built.warnings.strip().split("\n") if built.warnings.strip() else []:
        if warning.startswith((" ", "\t")):
            continue  # the continuation of a message that spans lines
        assert FILE_LINE.match(warning), warning
