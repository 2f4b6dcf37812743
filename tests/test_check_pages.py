"""``python -m seminar check``: the build's front-matter checks without Sphinx, as pre-commit and CI run them;
and the pre-commit and CI configuration that call it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from seminar.cli.check import Problem, SiteFiles, check_file, check_files
from seminar.model.sources import site_pages
from seminar.model.subtypes import Subtype
from sitebuild import build, copy_root

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    return subprocess.run([sys.executable, "-m", "seminar", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path)


def write(site: Path, name: str, text: str | bytes) -> Path:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


BAD_TALK = """---
title: Bad
speaker: [Tri Dao]
speakers: [Tri Dao]
date: 2023-02-30
time: 15:30
series: fm
recording: javascript:alert(1)
status: done
---
"""


def test_the_sites_own_pages_are_clean() -> None:
    result = cli("check", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert re.fullmatch(r"checked \d+ page\(s\): no problems\n", result.stderr)


LINE = re.compile(r"^[\w/.-]+\.md:\d+: .+ \[seminar\.[a-z_]+\]$")


def test_problems_are_located_and_typed_like_the_builds_warnings(site: Path) -> None:
    path = write(site, "talks/2023/bad.md", BAD_TALK)
    lines = [str(p) for p in check_file(path, SiteFiles(site))]
    assert all(LINE.match(line) for line in lines), lines
    # A subset: whatever else the model reports, the build reports too (next test).
    assert {
        "talks/2023/bad.md:3: unknown front-matter key 'speaker' (did you mean 'speakers'?) [seminar.unknown_key]",
        "talks/2023/bad.md:5: date '2023-02-30' does not exist (day is out of range for month) [seminar.bad_date]",
        'talks/2023/bad.md:6: write the time in quotes, as "HH:MM" (24-hour), e.g. "15:30" [seminar.bad_time]',
        "talks/2023/bad.md:8: javascript: URL 'javascript:alert(1)' is not allowed; only http(s) links are [seminar.bad_url]",
        "talks/2023/bad.md:9: status 'done' is not one of scheduled, cancelled, postponed [seminar.bad_status]",
    } <= set(lines)


def test_the_check_and_the_build_agree(site: Path, tmp_path: Path) -> None:
    path = write(site, "talks/2023/bad.md", BAD_TALK)
    warnings = build(site, tmp_path / "out", fresh=True).warnings
    built = sorted(
        line.split(": WARNING: ", 1)[1]
        for line in warnings.splitlines()
        if line.startswith(str(path)) and ": WARNING: " in line
    )
    checked = sorted(f"{p.message} [seminar.{p.subtype.value}]" for p in check_file(path, SiteFiles(site)))
    assert checked == built


def test_site_wide_checks_that_need_only_the_files(site: Path) -> None:
    uid = "uid: 11111111-2222-4333-8444-555555555555\n"
    write(site, "talks/2024/flash.md", f"---\ntitle: T\nspeakers: [A]\ndate: 2024-01-01\nseries: nope\n{uid}---\n")
    # the earlier talk keeps a shared uid: the later one (flash) is told, as the build tells it
    write(site, "talks/2024/other.md", f"---\ntitle: T\nspeakers: [A]\ndate: 2023-12-31\nseries: fm\n{uid}---\n")
    problems, skipped = check_files([site / "talks/2024/flash.md"], SiteFiles(site))
    assert skipped == []
    assert [str(p) for p in problems] == [
        "talks/2024/flash.md:1: talk slug 'flash' is also used by talks/2023/flash.md; rename one file [seminar.duplicate_slug]",
        "talks/2024/flash.md:5: unknown series 'nope' (known: fm, sys) [seminar.unknown_series]",
        "talks/2024/flash.md:6: uid '11111111-2222-4333-8444-555555555555' is also used by talks/2024/other.md; "
        "a uid must be unique [seminar.duplicate_uid]",
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "talks/2023/yaml.md",
            "---\ntitle: [unclosed\n---\n",
            "talks/2023/yaml.md:2: the front matter is not valid YAML: expected ',' or ']', but got '<stream end>' [seminar.yaml]",
        ),
        (
            "talks/2023/nofm.md",
            "# Just a heading\n",
            "talks/2023/nofm.md:1: a talk page needs front matter (see CONTRIBUTING.md) [seminar.missing_key]",
        ),
        (
            "series/broken.md",
            "---\nseries:\n  title: X\n  timezone: Mars/Base\n---\n# X\n",
            "series/broken.md:4: unknown time zone 'Mars/Base'; use an IANA name such as 'America/Los_Angeles' [seminar.bad_timezone]",
        ),
        (
            "speakers/someone.md",
            "---\nhomepage: ftp://example.org\n---\n",
            "speakers/someone.md:2: ftp: URL 'ftp://example.org' is not allowed; only http(s) links are [seminar.bad_url]",
        ),
        (
            "talks/2023/c#-and-f#.md",
            "---\ntitle: T\nspeakers: [A]\ndate: 2024-01-01\nseries: fm\n---\n",
            "talks/2023/c#-and-f#.md:1: talk file name 'c#-and-f#' is not an id (lower-case ASCII letters and digits, "
            "words joined by single hyphens), and it is the page's URL; rename the file, e.g. to c-and-f.md [seminar.bad_value]",
        ),
        (
            "series/Fall 2025.md",
            "---\nseries:\n  title: X\n---\n# X\n",
            "series/Fall 2025.md:1: series file name 'Fall 2025' is not an id (lower-case ASCII letters and digits, "
            "words joined by single hyphens), and it is the page's URL; rename the file, e.g. to fall-2025.md [seminar.bad_value]",
        ),
    ],
)
def test_broken_pages(site: Path, name: str, text: str, expected: str) -> None:
    path = write(site, name, text)
    assert expected in [str(p) for p in check_file(path, SiteFiles(site))]


def test_a_file_that_is_not_utf8_is_reported_and_still_checked(site: Path) -> None:
    path = write(
        site,
        "talks/2023/latin1.md",
        "---\ntitle: Caf\xe9\nspeakers: [A]\ndate: 2023-01-01\nseries: fm\n---\n".encode("latin-1"),
    )
    assert [str(p) for p in check_file(path, SiteFiles(site))] == [
        "talks/2023/latin1.md:2: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8 — undecodable bytes show as � "
        "[seminar.encoding]"
    ]


def test_a_speaker_page_may_have_no_front_matter(site: Path) -> None:
    path = write(site, "speakers/plain.md", "Just text.\n")
    assert check_file(path, SiteFiles(site)) == []


def test_every_page_is_checked_by_default(site: Path) -> None:
    names = [p.relative_to(site).as_posix() for p in site_pages(site)]
    assert names == [
        "talks/2023/flash.md",
        "talks/2023/monarch.md",
        "talks/2024/future.md",
        "series/fm.md",
        "series/sys.md",
        "speakers/tri-dao.md",
    ]


def test_cli_exit_status_and_output(site: Path) -> None:
    write(site, "talks/2023/bad.md", "---\ntitle: Bad\nspeakers: []\ndate: 2023-01-01\nseries: fm\n---\n")
    result = cli("check", "talks/2023/bad.md", "talks/2023/flash.md", "index.md", cwd=site)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "talks/2023/bad.md:3: 'speakers' is empty; a talk needs at least one speaker [seminar.missing_key]\n"
    )
    assert all(LINE.match(line) for line in result.stdout.splitlines())
    assert re.fullmatch(
        r"skipped index.md: not a talk, series or speaker page\n"
        r"\d problem\(s\) in 1 of 2 page\(s\); see CONTRIBUTING.md, 'What the checks enforce'\n",
        result.stderr,
    )
    clean = cli("check", "talks/2023/flash.md", cwd=site)
    assert (clean.returncode, clean.stdout) == (0, "")
    absent = cli("check", "talks/2023/nope.md", cwd=site)
    assert absent.returncode == 2
    assert absent.stderr == "error: no such file: talks/2023/nope.md\n"


def test_cli_with_a_root_elsewhere(site: Path, tmp_path: Path) -> None:
    write(site, "series/x.md", "---\nseries: {title: X, time: 930}\n---\n# X\n")
    result = cli("check", "--root", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert 'series/x.md:2: write the time in quotes, as "HH:MM" (24-hour), e.g. "15:30" [seminar.bad_time]\n' in (
        result.stdout
    )


def test_problem_sorts_by_file_and_line() -> None:
    problems = [
        Problem("b.md", 1, "x", Subtype.YAML),
        Problem("a.md", 9, "x", Subtype.YAML),
        Problem("a.md", 2, "x", Subtype.YAML),
    ]
    assert [(p.path, p.line) for p in sorted(problems)] == [("a.md", 2), ("a.md", 9), ("b.md", 1)]


# --------------------------------------------------------------------------------------------
# The pre-commit hook and CI run it
# --------------------------------------------------------------------------------------------


def _pre_commit() -> dict[str, object]:
    return yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def _local_hook(hook_id: str) -> dict[str, str]:
    for repo in _pre_commit()["repos"]:  # type: ignore[attr-defined]
        for hook in repo["hooks"]:
            if repo["repo"] == "local" and hook["id"] == hook_id:
                return hook  # type: ignore[no-any-return]
    raise AssertionError(f"no local hook {hook_id}")


def test_pre_commit_runs_the_check_on_changed_pages_only() -> None:
    hook = _local_hook("seminar-check")
    assert hook["entry"] == "env PYTHONPATH=_ext .venv/bin/python -m seminar check"
    files = re.compile(hook["files"])
    for name in ("talks/2023/flashattention.md", "talks/x/y/z.md", "series/fm.md", "speakers/tri-dao.md"):
        assert files.search(name), name
    for name in ("index.md", "series/sub/x.md", "README.md", "talks/2023/notes.txt", "_ext/seminar/model/metadata.py"):
        assert not files.search(name), name


def test_pre_commit_hook_entry_works(site: Path) -> None:
    """The hook's command, as pre-commit runs it (entry + the changed files), from the repository root."""
    hook = _local_hook("seminar-check")
    write(site, "talks/2023/bad.md", "---\ntitle: X\n---\n")
    entry = hook["entry"].split()
    assert entry[:2] == ["env", "PYTHONPATH=_ext"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    command = [sys.executable, *entry[3:], "--root", str(site), str(site / "talks/2023/bad.md")]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "talks/2023/bad.md:1: missing required front-matter key 'speakers' [seminar.missing_key]" in result.stdout


def test_pre_commit_ruff_matches_the_pinned_ruff() -> None:
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-dev.txt").read_text(encoding="utf-8"), re.M)
    assert pinned is not None
    revs = {repo["repo"]: repo.get("rev") for repo in _pre_commit()["repos"]}  # type: ignore[attr-defined]
    assert revs["https://github.com/astral-sh/ruff-pre-commit"] == f"v{pinned[1]}"


def test_pre_commit_config_is_valid() -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    result = subprocess.run(
        [pre_commit, "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_covers_the_python_of_read_the_docs_and_builds_like_it() -> None:
    rtd = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    jobs = ci["jobs"]
    for job in ("build", "test"):
        assert rtd["build"]["tools"]["python"] in jobs[job]["strategy"]["matrix"]["python"], job
    steps = " ".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in jobs["build"]["steps"])
    assert "sphinx-build -W --keep-going -b html . _build/html" in steps
    assert "pip install -r requirements.txt" in steps
    assert "actions/upload-artifact" in steps
    assert any(step.get("with", {}).get("cache") == "pip" for step in jobs["build"]["steps"])
    assert ".ci/run" in " ".join(str(step.get("run", "")) for step in jobs["test"]["steps"])
    assert "seminar check" in " ".join(str(step.get("run", "")) for step in jobs["lint"]["steps"])
    assert set(ci[True]) >= {"pull_request", "push"}  # YAML 1.1 reads the key `on` as True


# --------------------------------------------------------------------------------------------
# Input that used to crash the build or pass the check (issue 12)
# --------------------------------------------------------------------------------------------

GOOD = "---\ntitle: T\nspeakers: [A]\ndate: 2023-01-01\nseries: fm\n{extra}---\n\n:::{{abstract}}\n{body}\n:::\n"
DEEP = "the front matter nests lists and mappings more than 20 levels deep [seminar.yaml]"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("duration: true\n", "6: duration true is not a whole number of minutes, e.g. 50 [seminar.bad_duration]"),
        ("duration: 1.5\n", "6: duration 1.5 is not a whole number of minutes, e.g. 50 [seminar.bad_duration]"),
        ('duration: "60"\n', "6: duration '60' is not a whole number of minutes, e.g. 50 [seminar.bad_duration]"),
        ("1: one\n", "6: front-matter key 1 is a number, not a name; known keys: title, speakers, date, time, "
         "duration, series, recording, livestream, slides, tags, status, uid [seminar.unknown_key]"),
        ("tags: " + "[" * 500 + "]" * 500 + "\n", f"6: {DEEP}"),
        ("tags: " + "[" * 5000 + "]" * 5000 + "\n", f"6: {DEEP}"),
        ("tags:\n" + "".join(" " * i + "-\n" for i in range(1, 500)), f"26: {DEEP}"),
        ("tags:\n  " + "- " * 5000 + "x\n", f"7: {DEEP}"),
        ("tags: &a [x, *a]\n", "6: the front matter has a list or mapping that contains itself (through an alias) [seminar.yaml]"),
    ],
)  # fmt: skip
def test_values_the_build_refuses_are_problems(site: Path, extra: str, expected: str) -> None:
    path = write(site, "talks/2023/x.md", GOOD.format(extra=extra, body="Text."))
    assert [str(p) for p in check_file(path, SiteFiles(site))] == [f"talks/2023/x.md:{expected}"]


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "0001-01-01"])
def test_a_date_out_of_range_is_a_problem(site: Path, day: str) -> None:
    path = write(site, "talks/2023/x.md", GOOD.format(extra="", body="Text.").replace("2023-01-01", day))
    assert [str(p) for p in check_file(path, SiteFiles(site))] == [
        f"talks/2023/x.md:4: date '{day}' is out of range; give a year from 1900 to 9998 [seminar.bad_date]"
    ]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("talks/2023/x.md", GOOD.format(extra="", body="A bell \x07 and \x1b[1m."), 9),
        ("series/x.md", "---\nseries:\n  title: X\n---\n# X\n\nText\x0c with a form feed.\n", 7),
        ("speakers/x.md", "---\nname: X\x7f\n---\nText.\n", 2),
        ("talks/2023/y.md", GOOD.format(extra="", body="C1 \x9b control.").replace("\n", "\r\n"), 9),
    ],
)
def test_control_characters_in_a_page_are_one_problem_at_the_first(site: Path, name: str, text: str, line: int) -> None:
    path = write(site, name, text)
    problems = [p for p in check_file(path, SiteFiles(site)) if p.subtype is not Subtype.UNKNOWN_SERIES]
    (problem,) = problems
    assert (problem.line, problem.subtype) == (line, Subtype.ENCODING)
    assert re.fullmatch(
        r"this line has a control character \(U\+00[0-9A-F]{2}\); it shows as \ufffd( \(\d such characters in the page\))?",
        problem.message,
    )


def test_crlf_line_ends_are_not_control_characters(site: Path) -> None:
    path = write(site, "talks/2023/x.md", GOOD.format(extra="", body="Text.").replace("\n", "\r\n"))
    assert check_file(path, SiteFiles(site)) == []


@pytest.mark.parametrize("title", [r'"A\nB"', r'"A\rB"', r'"A\tB"', r'"A\x07B"', r'"A\ud83dB"', r'"A\u2028B"'])
def test_a_title_that_is_not_one_line_is_a_problem(site: Path, title: str) -> None:
    path = write(site, "talks/2023/x.md", GOOD.format(extra="", body="Text.").replace("title: T", f"title: {title}"))
    (problem,) = check_file(path, SiteFiles(site))
    assert (problem.line, problem.subtype) == (2, Subtype.BAD_VALUE)
    assert problem.message.startswith("'title' contains ")
