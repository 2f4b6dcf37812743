"""The build benchmark (``benchmarks/build.py``, issue 7) keeps working: its sites and its table.

Timings are never asserted: the machine is shared and noisy.  The script is run end to end at
N = 20, and the synthetic corpus is checked against what the issue asks for.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "build.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """The benchmark script, imported as a module."""
    spec = importlib.util.spec_from_file_location("seminar_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_corpus_has_the_shape_the_issue_asks_for(bench: ModuleType) -> None:
    corpus = bench.generate(300)
    assert len(corpus.talks) == 300
    assert len(corpus.series) == 20  # N / 15
    assert len(corpus.speakers) == round(300 / 1.3)
    assert {s.name for t in corpus.talks for s in t.speakers} == {s.name for s in corpus.speakers}
    assert all(len(t.tags) in (2, 3) for t in corpus.talks)
    assert len({t.path for t in corpus.talks}) == 300
    words = [len(" ".join([*t.abstract, *t.bios]).split()) for t in corpus.talks]
    assert 300 <= sum(words) / len(words) <= 400
    assert bench.generate(300) == corpus  # deterministic


def test_both_variants_hold_the_same_pages(bench: ModuleType, tmp_path: Path) -> None:
    corpus = bench.generate(30)
    for variant in bench.VARIANTS:
        bench.write_site(corpus, tmp_path / variant, variant)
    seminar, floor = tmp_path / "seminar", tmp_path / "floor"
    pages = sorted(p.relative_to(seminar).as_posix() for p in seminar.rglob("*.md"))
    assert pages == sorted(p.relative_to(floor).as_posix() for p in floor.rglob("*.md"))
    talk = corpus.talks[0].path
    assert ":::{abstract}" in (seminar / talk).read_text(encoding="utf-8")
    floor_talk = (floor / talk).read_text(encoding="utf-8")
    assert floor_talk.startswith("---\norphan: true\n---\n") and ":::" not in floor_talk
    assert "{talk-list}" not in (floor / "index.md").read_text(encoding="utf-8")
    assert "'seminar'" in (seminar / "conf.py").read_text(encoding="utf-8")
    assert "'seminar'" not in (floor / "conf.py").read_text(encoding="utf-8")


def test_edits_apply_to_both_variants(bench: ModuleType, tmp_path: Path) -> None:
    corpus = bench.generate(30)
    talk, a, b = bench.pick_edited_talk(corpus)
    assert a in talk.speakers and b is not a
    for variant in bench.VARIANTS:
        bench.write_site(corpus, tmp_path / variant, variant)
        bench.apply_edit(tmp_path / variant, variant, bench.body_edit(talk, 0))
        bench.apply_edit(tmp_path / variant, variant, bench.body_edit(talk, 1))
        bench.apply_edit(tmp_path / variant, variant, bench.speaker_edit(talk, a, b))
        text = (tmp_path / variant / talk.path).read_text(encoding="utf-8")
        assert bench._edit_sentence(1) in text and bench._edit_sentence(0) not in text and b.name in text
    assert bench._edit_sentence(0).split(":")[1] != bench._edit_sentence(1).split(":")[1]  # other words each round
    assert f":::{{bio}} {b.name}\n" in (tmp_path / "seminar" / talk.path).read_text(encoding="utf-8")


def test_benchmark_runs_and_prints_the_table(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--n", "20", "--repeat-incremental", "1", "--json", str(tmp_path / "r.json")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "### N = 20 talks" in out
    for row in (
        "full build -j 1",
        "full build -j 2",
        "peak RSS -j 1",
        "no-op rebuild",
        "body edit: pages rewritten",
        "speaker edit: pages rewritten",
        "largest page",
        "median page",
    ):
        assert re.search(rf"^\| {re.escape(row)} \|", out, re.MULTILINE), row
    assert "### Targets (issue 7)" in out
    assert re.search(r"^\| 20 \| [0-9.]+ s \| [0-9.]+ s \|", out, re.MULTILINE)  # the related-talk step
    assert "warnings in the" not in out  # the synthetic pages are valid talk pages
    assert (tmp_path / "r.json").is_file()


def test_related_step_is_timed_and_bounded(bench: ModuleType) -> None:
    """The related-talk step ranks the synthetic corpus as the build does, within its bound of score computations."""
    timings = [bench.related_step(bench.generate(n), repeat=1) for n in (40, 80)]
    for timing in timings:
        assert 0 < timing.scored <= timing.bound
        assert timing.cold > 0 and timing.warm > 0
        assert 0 < timing.edit_scored <= timing.scored  # an abstract edit ranks at most every talk again
    table = bench.related_table(timings)
    assert "| 40 |" in table and "| 80 |" in table and "N 40 -> 80 (2x the talks)" in table
