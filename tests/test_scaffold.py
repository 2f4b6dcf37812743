"""The scaffolder: ``new-talk`` and ``new-series`` write valid pages, refuse what the build would reject,
and a contributor following CONTRIBUTING.md gets a clean build with the new talks everywhere."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup

from seminar.cli import prompts, scaffold
from seminar.cli.errors import UsageError
from seminar.model import frontmatter
from seminar.model.metadata import SeriesPage, Talk, validate
from sitebuild import build, copy_root

ROOT = Path(__file__).resolve().parents[1]
TALK_SCHEMA = json.loads((ROOT / "schemas" / "talk.schema.json").read_text(encoding="utf-8"))
SERIES_SCHEMA = json.loads((ROOT / "schemas" / "series.schema.json").read_text(encoding="utf-8"))


def cli(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``PYTHONPATH=_ext python -m seminar ARGS`` in ``cwd``, as CONTRIBUTING.md runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    return subprocess.run(
        [sys.executable, "-m", "seminar", *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True
    )


def front_matter(path: Path) -> dict[str, object]:
    fm, _body = frontmatter.split(path.read_text(encoding="utf-8"))
    assert fm is not None and fm.error is None
    return fm.data


def request(**changes: object) -> scaffold.TalkRequest:
    values: dict[str, object] = {
        "title": "Sparse Mixtures: Routing at Scale",
        "speakers": ("Ada Lovelace (Analytical Engines, Inc.)",),
        "date": "2025-04-02",
        "series": "fm",
    }
    values.update(changes)
    return scaffold.TalkRequest(**values)  # type: ignore[arg-type]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path)


# --------------------------------------------------------------------------------------------
# The acceptance scenario
# --------------------------------------------------------------------------------------------


def _article(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    article = soup.find("article")
    assert article is not None, path
    return article


def _links(path: Path) -> set[str]:
    return {a["href"] for a in _article(path).find_all("a", href=True)}


def test_a_contributor_adds_a_talk_in_a_new_year_and_a_new_series_with_two_talks(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1. A talk in a year that has no folder yet, with the command CONTRIBUTING.md gives.
    assert not (site / "talks" / "2025").exists()
    result = cli(
        "new-talk",
        "--title",
        "Sparse Mixtures: Routing at Scale",
        "--speaker",
        "Ada Lovelace (Analytical Engines, Inc.)",
        "--date",
        "2025-04-02",
        "--time",
        "15:30",
        "--series",
        "fm",
        "--recording",
        "https://www.youtube.com/watch?v=ada",
        "--tags",
        "mixture of experts, efficiency",
        cwd=site,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "created talks/2025/sparse-mixtures.md"
    assert (site / "talks" / "2025" / "sparse-mixtures.md").is_file()

    # 2. A new series, then two talks in it: one by a speaker the site knows, one by a new one.
    series = scaffold.new_series(
        site,
        scaffold.SeriesRequest(
            id="edge-2026",
            title="Edge ML Limited Series",
            term="Spring 2026",
            timezone="America/New_York",
            time="16:00",
            duration=45,
            schedule="Tuesdays, 4-4:45 pm ET",
            hosts=("Grace Host",),
        ),
    )
    assert series.path == site / "series" / "edge-2026.md"
    assert "the build lists the series in the site's navigation by itself (newest first)" in series.notes
    first = scaffold.new_talk(
        site,
        request(
            title="Compilers for Tiny Devices", speakers=("Dan Fu (Stanford)",), date="2026-03-03", series="edge-2026"
        ),
    )
    second = scaffold.new_talk(
        site,
        request(
            title="Batteries Not Included: On-Device Training",
            speakers=("Grace Hopper (US Navy)", "Alan Turing"),
            date="2026-03-10",
            series="edge-2026",
            livestream="https://www.youtube.com/watch?v=live2",
            tags=("on-device",),
        ),
    )
    assert first.path == site / "talks" / "2026" / "compilers-tiny-devices.md"
    assert second.path == site / "talks" / "2026" / "batteries-not-included.md"

    # 3. The build is clean and shows them: no code change, only the scaffolded files.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14: the new talks are upcoming
    out = build(site, tmp_path / "build", fresh=True)
    assert out.warnings == ""
    html = out.outdir

    assert (html / "talks" / "2025" / "sparse-mixtures.html").is_file()
    series_page = _article(html / "series" / "edge-2026.html")
    assert series_page.find("h1").get_text(strip=True).startswith("Edge ML Limited Series")
    text = series_page.get_text(" ", strip=True)
    assert "Spring 2026" in text and "Tuesdays, 4-4:45 pm ET" in text and "Grace Host" in text
    assert {"../talks/2026/compilers-tiny-devices.html", "../talks/2026/batteries-not-included.html"} <= _links(
        html / "series" / "edge-2026.html"
    )
    assert "../talks/2025/sparse-mixtures.html" in _links(html / "series" / "fm.html")

    # Speaker pages: new speakers get one, a known speaker's page gains the talk.
    for speaker in ("ada-lovelace", "grace-hopper", "alan-turing"):
        assert (html / "speakers" / f"{speaker}.html").is_file(), speaker
    assert "../talks/2026/batteries-not-included.html" in _links(html / "speakers" / "grace-hopper.html")
    assert "../talks/2026/compilers-tiny-devices.html" in _links(html / "speakers" / "dan-fu.html")
    assert {"ada-lovelace.html", "grace-hopper.html", "alan-turing.html"} <= _links(html / "speakers" / "index.html")

    # Listings: every talk by year, the series list, the navigation.
    talks_index = _links(html / "talks" / "index.html")
    assert {
        "2025/sparse-mixtures.html",
        "2026/compilers-tiny-devices.html",
        "2026/batteries-not-included.html",
        "../series/edge-2026.html",
    } <= talks_index
    assert "series/edge-2026.html" in _links(html / "index.html")
    navigation = BeautifulSoup((html / "index.html").read_bytes(), "html.parser").select(".sidebar-tree a")
    assert "series/edge-2026.html" in {a["href"] for a in navigation}
    assert (html / "tags" / "on-device.html").is_file()


# --------------------------------------------------------------------------------------------
# new-talk
# --------------------------------------------------------------------------------------------


def test_new_talk_writes_a_page_valid_against_the_schema_with_a_fresh_uid_and_skeleton(site: Path) -> None:
    created = scaffold.new_talk(
        site,
        request(
            speakers=("Ada Lovelace (Analytical Engines, Inc.)", "Charles Babbage"),
            time="09:05",
            duration=45,
            recording="https://example.org/rec",
            livestream="https://example.org/live",
            slides="https://example.org/slides.pdf",
            tags=("a", "b"),
        ),
    )
    text = created.path.read_text(encoding="utf-8")
    assert created.text == text
    data = front_matter(created.path)
    jsonschema.validate(data, TALK_SCHEMA)
    talk, issues = validate(Talk, data)
    assert issues == [] and talk is not None
    assert uuid.UUID(str(data["uid"])).version == 4
    assert text.startswith(
        "---\n"
        'title: "Sparse Mixtures: Routing at Scale"\n'
        "speakers:\n"
        "  - name: Ada Lovelace\n"
        "    affiliation: Analytical Engines, Inc.\n"
        "  - name: Charles Babbage\n"
        "date: 2025-04-02\n"
        'time: "09:05"\n'
        "duration: 45\n"
        "series: fm\n"
        "recording: https://example.org/rec\n"
        "livestream: https://example.org/live\n"
        "slides: https://example.org/slides.pdf\n"
        "tags: [a, b]\n"
        f"uid: {data['uid']}\n"
        "---\n"
    )
    assert text.count(":::{abstract}\n:::") == 1
    assert ":::{bio} Ada Lovelace\n:::" in text and ":::{bio} Charles Babbage\n:::" in text


def test_each_page_gets_its_own_uid(site: Path) -> None:
    one = front_matter(scaffold.new_talk(site, request()).path)["uid"]
    two = front_matter(scaffold.new_talk(site, request(date="2025-04-09")).path)["uid"]
    assert one != two


def test_a_slug_taken_in_another_year_gets_a_number(site: Path) -> None:
    # talks/2023/flash.md exists; a 2026 talk titled "Flash" must not be talks/2026/flash.md.
    created = scaffold.new_talk(site, request(title="Flash", date="2026-01-05"))
    assert created.path == site / "talks" / "2026" / "flash-2.md"
    assert "slug 'flash' is taken by talks/2023/flash.md; using 'flash-2'" in created.notes
    again = scaffold.new_talk(site, request(title="Flash!", date="2026-01-12"))
    assert again.path.name == "flash-3.md"


def test_an_explicit_slug_that_is_taken_is_refused(site: Path) -> None:
    with pytest.raises(UsageError, match=r"^--slug 'monarch' is taken by talks/2023/monarch.md$"):
        scaffold.new_talk(site, request(slug="monarch"))
    with pytest.raises(UsageError, match="lower-case letters"):
        scaffold.new_talk(site, request(slug="Not A Slug"))


def test_an_unknown_series_is_refused_with_the_known_ones(site: Path) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_talk(site, request(series="fall-2099"))
    assert str(err.value) == "--series: unknown series 'fall-2099' (no {}); known series: fm, sys".format(
        site / "series" / "fall-2099.md"
    )
    assert not (site / "talks" / "2025").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "2023-02-30"}, "--date: date '2023-02-30' does not exist (day is out of range for month)"),
        ({"date": "1/11/23"}, "--date: date '1/11/23' is not an ISO date (YYYY-MM-DD), e.g. 2023-01-11"),
        ({"time": "3pm"}, """--time: time '3pm' is not a 24-hour "HH:MM" time such as "15:30\""""),
        ({"duration": 0}, "--duration: duration 0 is not between 1 and 1440 minutes"),
        (
            {"recording": "javascript:alert(1)"},
            "--recording: javascript: URL 'javascript:alert(1)' is not allowed; only http(s) links are",
        ),
        (
            {"livestream": "youtube.com/live"},
            "--livestream: relative URL 'youtube.com/live' is not allowed; give a full http(s) URL",
        ),
        (
            {"slides": "https://example.org/my slides.pdf"},
            "--slides: URL 'https://example.org/my slides.pdf' contains spaces; encode them as %20 or fix the link",
        ),
        ({"title": "  "}, "--title: 'title': String should have at least 1 character"),
    ],
)
def test_invalid_values_are_refused_with_the_models_messages(
    site: Path, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_talk(site, request(**changes))
    assert str(err.value) == message
    assert not (site / "talks" / "2025").exists()


def test_several_problems_are_reported_together(site: Path) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_talk(site, request(date="2023-13-01", time="25:00", series="nope"))
    lines = str(err.value).splitlines()
    assert [line.split(":")[0] for line in lines] == ["--date", "--time", "--series"]


def test_speakers_are_one_person_each_with_the_affiliation_in_parentheses() -> None:
    speaker = scaffold.parse_speaker("Tri Dao (Stanford, Adept AI)")
    assert (speaker.name, speaker.affiliation) == ("Tri Dao", "Stanford, Adept AI")
    assert scaffold.parse_speaker("  Christopher  Ré ").name == "Christopher Ré"
    with pytest.raises(UsageError, match=r"reads as 2 people \(Percy Liang, Stanford\); give one --speaker per person"):
        scaffold.parse_speaker("Percy Liang, Stanford")
    with pytest.raises(UsageError, match="reads as 2 people"):
        scaffold.parse_speaker("Dan Fu and Tri Dao")


def test_a_known_speaker_spelled_differently_is_refused(site: Path) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_talk(site, request(speakers=("Tri-Dao (Stanford)",)))
    assert str(err.value).startswith(
        "--speaker 'Tri-Dao': the speaker id 'tri-dao' is 'Tri Dao' in talks/2023/flash.md; use that spelling"
    )
    created = scaffold.new_talk(site, request(speakers=("Tri Dao (Together AI)",)))
    assert "Tri Dao already has talks; this one joins speakers/tri-dao" in created.notes


def test_a_talk_needs_a_speaker(site: Path) -> None:
    with pytest.raises(UsageError, match="--speaker: a talk needs at least one speaker"):
        scaffold.new_talk(site, request(speakers=()))


def test_dry_run_writes_nothing(site: Path) -> None:
    created = scaffold.new_talk(site, request(), dry_run=True)
    assert not created.path.exists()
    assert created.text.startswith('---\ntitle: "Sparse Mixtures')


def test_a_note_says_when_the_talk_has_no_time_at_all(site: Path) -> None:
    (site / "series" / "notime.md").write_text("---\nseries:\n  title: No time\n---\n# No time\n", encoding="utf-8")
    created = scaffold.new_talk(site, request(series="notime"))
    assert "no --time and series 'notime' gives none: the talk is shown as an all-day event" in created.notes


def test_tags_split_on_commas_without_repeats() -> None:
    assert scaffold.split_tags(["a, b", "b,c", " ", "d"]) == ("a", "b", "c", "d")


# --------------------------------------------------------------------------------------------
# new-series
# --------------------------------------------------------------------------------------------


def test_new_series_writes_a_valid_page_and_leaves_index_md_alone(site: Path) -> None:
    before = (site / "index.md").read_text(encoding="utf-8")
    created = scaffold.new_series(
        site,
        scaffold.SeriesRequest(
            title="Fall: 2025", id="fall-2025", timezone="Europe/Berlin", time="09:30", hosts=("A", "B")
        ),
    )
    text = created.path.read_text(encoding="utf-8")
    assert text == (
        "---\n"
        "series:\n"
        "  title: 'Fall: 2025'\n"
        "  timezone: Europe/Berlin\n"
        '  time: "09:30"\n'
        "  hosts: [A, B]\n"
        "  breaks: []\n"
        "---\n"
        "# Fall: 2025\n"
        "\n"
        "% A paragraph about the series: what it covers, who runs it, partner courses, where to watch.\n"
        "% Weeks without a talk go in 'breaks:', e.g. [{date: 2023-11-20, label: Thanksgiving}].\n"
        "\n"
        ":::{talk-list}\n"
        ":::\n"
    )
    data = front_matter(created.path)
    jsonschema.validate(data, SERIES_SCHEMA)
    assert validate(SeriesPage, data)[1] == []
    assert (site / "index.md").read_text(encoding="utf-8") == before
    assert created.notes[-1] == "the build lists the series in the site's navigation by itself (newest first)"


def test_the_series_id_defaults_to_the_slug_of_the_title(site: Path) -> None:
    created = scaffold.new_series(site, scaffold.SeriesRequest(title="Systems for ML, Fall 2025"))
    assert created.path.name == "systems-for-ml-fall-2025.md"
    assert created.notes[0].startswith("series id 'systems-for-ml-fall-2025' (from the title)")


def test_new_series_never_overwrites(site: Path) -> None:
    before = (site / "series" / "fm.md").read_text(encoding="utf-8")
    with pytest.raises(UsageError, match=r"^series 'fm' exists \(series/fm.md\); known series: fm, sys$"):
        scaffold.new_series(site, scaffold.SeriesRequest(title="Again", id="fm"))
    assert (site / "series" / "fm.md").read_text(encoding="utf-8") == before


def test_new_series_reports_every_bad_value(site: Path) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_series(
            site, scaffold.SeriesRequest(title="X", id="Bad Id", timezone="Mars/Base", time="7pm", duration=-5)
        )
    assert str(err.value).splitlines() == [
        "--id 'Bad Id': use lower-case letters, digits and single hyphens, e.g. fall-2025",
        "--timezone: unknown time zone 'Mars/Base'; use an IANA name such as 'America/Los_Angeles'",
        """--time: time '7pm' is not a 24-hour "HH:MM" time such as "15:30\"""",
        "--duration: duration -5 is not between 1 and 1440 minutes",
    ]


# --------------------------------------------------------------------------------------------
# Prompts
# --------------------------------------------------------------------------------------------


def _prompter(answers: str, interactive: bool = False) -> tuple[prompts.Prompter, io.StringIO]:
    questions = io.StringIO()
    return prompts.Prompter(io.StringIO(answers), questions, interactive), questions


def test_with_no_flags_every_value_is_asked_for(site: Path) -> None:
    prompter, questions = _prompter(
        "fm\nAsked For: A Talk\nAda Lovelace (Engines)\nCharles Babbage\n\n2025-06-01\n10:00\n"
        "https://example.org/r\n\nx, y\n"
    )
    got = prompts.ask_talk(prompter, site)
    assert got == scaffold.TalkRequest(
        title="Asked For: A Talk",
        speakers=("Ada Lovelace (Engines)", "Charles Babbage"),
        date="2025-06-01",
        series="fm",
        time="10:00",
        recording="https://example.org/r",
        livestream=None,
        tags=("x", "y"),
    )
    asked = questions.getvalue()
    assert "Series id (known: fm, sys): fm\n" in asked
    assert "empty for the series' 15:30" in asked


def test_interactive_prompts_explain_and_ask_again(site: Path) -> None:
    prompter, questions = _prompter("2023-02-30\n2023-02-28\n", interactive=True)
    assert prompter.ask("Date", check=lambda v: prompts._field_problem(Talk, "date", v)) == "2023-02-28"
    assert "  date '2023-02-30' does not exist (day is out of range for month)\n" in questions.getvalue()


def test_piped_answers_stop_at_the_first_wrong_one(site: Path) -> None:
    prompter, _ = _prompter("nope\n")
    with pytest.raises(
        UsageError, match=r"^Series id \(known: fm, sys\): unknown series 'nope'; known series: fm, sys$"
    ):
        prompts.ask_talk(prompter, site)
    prompter, _ = _prompter("fm\nTitle\n")
    with pytest.raises(UsageError, match="input ended before 'Speaker 1, as Name \\(Affiliation\\)' was answered"):
        prompts.ask_talk(prompter, site)


def test_only_missing_values_are_asked_for_when_some_flags_are_given(site: Path) -> None:
    prompter, questions = _prompter("2025-01-01\n")
    given = scaffold.TalkRequest(title="T", speakers=("A",), date="", series="fm")
    assert prompts.ask_talk(prompter, site, given, everything=False).date == "2025-01-01"
    assert questions.getvalue() == "Date (YYYY-MM-DD): 2025-01-01\n"


def test_new_series_prompts(site: Path) -> None:
    prompter, _ = _prompter("Winter Series\n\nWinter 2026\nAsia/Tokyo\n18:00\n60\nFridays\nA, B\n")
    got = prompts.ask_series(prompter, site)
    assert got == scaffold.SeriesRequest(
        title="Winter Series",
        id="winter-series",
        term="Winter 2026",
        timezone="Asia/Tokyo",
        time="18:00",
        duration=60,
        schedule="Fridays",
        hosts=("A", "B"),
    )


# --------------------------------------------------------------------------------------------
# The command line: exit status and messages, never a traceback
# --------------------------------------------------------------------------------------------


def test_cli_prompts_when_no_flags_are_given(site: Path) -> None:
    result = cli("new-talk", cwd=site, stdin="sys\nPiped In\nAda Lovelace\n\n2026-02-02\n\n\n\n\n")
    assert result.returncode == 0, result.stderr
    assert "created talks/2026/piped.md" in result.stdout
    assert front_matter(site / "talks" / "2026" / "piped.md")["series"] == "sys"


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["--title", "T", "--speaker", "A", "--date", "2023-02-30", "--series", "fm"],
            "error: --date: date '2023-02-30' does not exist",
        ),
        (
            ["--title", "T", "--speaker", "A", "--date", "2025-01-01", "--series", "x"],
            "error: --series: unknown series 'x'",
        ),
        (
            ["--title", "T", "--date", "2025-01-01", "--series", "fm"],
            "error: missing --speaker (run with no flags to be asked for every value)",
        ),
        (
            ["--title", "T", "--speaker", "A", "--date", "2025-01-01", "--series", "fm", "--duration", "x"],
            "argument --duration: invalid int value: 'x'",
        ),
        (
            ["--title", "T", "--speaker", "A", "--date", "2025-01-01", "--series", "fm", "--slug", "flash"],
            "error: --slug 'flash' is taken by talks/2023/flash.md",
        ),
    ],
)
def test_cli_usage_errors_exit_2_with_a_message(site: Path, args: list[str], stderr: str) -> None:
    result = cli("new-talk", *args, cwd=site)
    assert result.returncode == 2
    assert stderr in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "talks" / "2025").exists()


def test_cli_new_series(site: Path) -> None:
    result = cli("new-series", "--id", "s26", "--title", "S26", "--time", "15:30", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created series/s26.md",
        "note: the build lists the series in the site's navigation by itself (newest first)",
    ]
    assert '  time: "15:30"\n' in (site / "series" / "s26.md").read_text(encoding="utf-8")
    again = cli("new-series", "--id", "s26", "--title", "S26", cwd=site)
    assert again.returncode == 2 and again.stderr.startswith("error: series 's26' exists")


def test_cli_dry_run_prints_the_page(site: Path) -> None:
    result = cli(
        "new-talk", "--title", "T", "--speaker", "A", "--date", "2025-01-01", "--series", "fm", "--dry-run", cwd=site
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('---\ntitle: "T"\n')
    assert "[dry run] would create talks/2025/t.md" in result.stderr
    assert not (site / "talks" / "2025").exists()


# --------------------------------------------------------------------------------------------
# CONTRIBUTING.md says what the commands do
# --------------------------------------------------------------------------------------------


def _documented(command: str) -> tuple[list[str], list[str]]:
    """The ``seminar COMMAND`` example of CONTRIBUTING.md (arguments after the command) and the output shown below it."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    match = re.search(
        rf"```sh\n(PYTHONPATH=_ext \.venv/bin/python -m seminar {command} .*?)```\n.*?```\n(.*?)```", text, re.S
    )
    assert match is not None, command
    words = shlex.split(match[1].replace("\\\n", " "))
    assert words[:4] == ["PYTHONPATH=_ext", ".venv/bin/python", "-m", "seminar"]
    return words[4:], match[2].splitlines()


def test_contributings_new_talk_example_does_what_it_shows() -> None:
    args, shown = _documented("new-talk")
    result = cli(*args, "--dry-run", cwd=ROOT)  # the real site; a dry run writes nothing
    assert result.returncode == 0, result.stderr
    created = shown[0].removeprefix("created ")
    assert f"[dry run] would create {created}" in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("note:")] == shown[1:-1]
    assert not (ROOT / created).exists()


def test_contributings_new_series_example_does_what_it_shows(site: Path) -> None:
    args, shown = _documented("new-series")
    result = cli(*args, cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == shown


@pytest.mark.parametrize(
    ("title", "speaker"),
    [
        ('Quotes "inside" and \\backslashes\\', "Conan O'Brien, Jr. (MIT)"),
        ("<script>alert(1)</script> # not a comment", "José Ñúñez (Universidad: Central)"),
        ("- starts like a list: yes", "Null (None)"),
        ("true", "123 (456)"),
        ("多语言 title — with dash", "Ünïcödé Ñame"),
    ],
)
def test_awkward_values_round_trip(site: Path, title: str, speaker: str) -> None:
    created = scaffold.new_talk(site, request(title=title, speakers=(speaker,)))
    talk, issues = validate(Talk, front_matter(created.path))
    assert issues == [] and talk is not None
    assert talk.title == title
    parsed = scaffold.parse_speaker(speaker)
    assert (talk.speakers[0].name, talk.speakers[0].affiliation) == (parsed.name, parsed.affiliation)


# --------------------------------------------------------------------------------------------
# What the build would warn about is never written (issue 12)
# --------------------------------------------------------------------------------------------

CONTROLS = ["\n", "\r", "\t", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\ud83d"]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("changes", "flag"),
    [
        (lambda c: {"title": f"A{c}B"}, "--title: 'title' contains "),
        (lambda c: {"speakers": (f"Ada{c} Lovelace",)}, "--speaker 'Ada"),
        (lambda c: {"speakers": (f"Ada Lovelace (Lab{c})",)}, "--speaker 'Ada Lovelace (Lab"),
        (lambda c: {"tags": (f"a{c}b",)}, "--tags: 'tags[0]' contains "),
    ],
    ids=["title", "speaker", "affiliation", "tag"],
)
def test_new_talk_refuses_text_that_is_not_one_line(site: Path, char: str, changes: Any, flag: str) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_talk(site, request(**changes(char)))
    assert str(err.value).startswith(flag)
    assert f"(U+{ord(char):04X})" in str(err.value)
    assert not (site / "talks" / "2025").exists()


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("key", ["title", "term", "schedule", "hosts"])
def test_new_series_refuses_text_that_is_not_one_line(site: Path, char: str, key: str) -> None:
    values: dict[str, Any] = {"title": "New", "id": "new", key: f"A{char}B"}
    if key == "hosts":
        values["hosts"] = (f"A{char}B",)
    with pytest.raises(UsageError) as err:
        scaffold.new_series(site, scaffold.SeriesRequest(**values))
    assert str(err.value).startswith(f"--{'host' if key == 'hosts' else key}: 'series.{key}")
    assert f"(U+{ord(char):04X})" in str(err.value)
    assert not (site / "series" / "new.md").exists()


def test_the_command_line_refuses_a_title_with_a_line_break(site: Path) -> None:
    result = cli("new-talk", "--title", "A\nB", "--speaker", "A", "--date", "2025-01-01", "--series", "fm", cwd=site)
    assert result.returncode == 2
    assert result.stderr == "error: --title: 'title' contains a control character (U+000A); it is read as a space\n"
    assert not (site / "talks" / "2025").exists()


def test_an_answer_with_a_control_character_is_asked_again(site: Path) -> None:
    prompter, questions = _prompter("A\x07B\nAB\n", interactive=True)
    assert prompter.ask("Title", check=prompts._talk_check("title")) == "AB"
    assert "  'title' contains a control character (U+0007); it is left out\n" in questions.getvalue()


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "0001-01-01"])
def test_new_talk_refuses_a_date_out_of_range(site: Path, day: str) -> None:
    with pytest.raises(UsageError) as err:
        scaffold.new_talk(site, request(date=day))
    assert str(err.value) == f"--date: date '{day}' is out of range; give a year from 1900 to 9998"
    result = cli("new-talk", "--title", "T", "--speaker", "A", "--date", day, "--series", "fm", cwd=site)
    assert (result.returncode, result.stderr) == (2, f"error: {err.value}\n")
    assert list((site / "talks").iterdir()) == [site / "talks" / "2023", site / "talks" / "2024"]


@pytest.mark.parametrize("slug", ["talk\n", "talk\r", "talk\t", "ta\x07lk"])
def test_a_slug_or_id_with_a_control_character_is_refused(site: Path, slug: str) -> None:
    with pytest.raises(UsageError, match="use lower-case letters"):
        scaffold.new_talk(site, request(slug=slug))
    with pytest.raises(UsageError, match="use lower-case letters"):
        scaffold.new_series(site, scaffold.SeriesRequest(title="New", id=slug))
