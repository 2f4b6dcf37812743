#!/usr/bin/env python3
"""Build-performance benchmark of the ``seminar`` extension against a plain Sphinx floor (issue 7).

For each number of talks N the script generates two synthetic sites into a temporary folder:

``seminar``
    The real talk format (REFERENCE.md, "Talk front matter"): front matter, ``{abstract}`` and ``{bio}``, about 350
    words per talk, 2-3 tags, N/15 series pages with a ``{talk-list}``, N/1.3 speakers, and an
    ``index.md`` with ``{talk-list}``/``{series-list}`` and a hidden toctree of the series pages,
    built with furo, myst-parser (colon_fence, dollarmath, linkify), sphinx-design and ``seminar``.
``floor``
    The same pages built by plain Sphinx + furo + myst-parser without the extension: the front
    matter is replaced by ``orphan: true`` (talk pages) or removed, the title becomes the H1,
    the header the extension would render (speakers, date, series) is a plain paragraph, the
    directives become bold labels and paragraphs, and listings are removed.

Talk pages are orphans in both (no toctree lists them), so furo's navigation has the same shape.
Every build is a ``python -m sphinx`` subprocess with ``SOURCE_DATE_EPOCH`` fixed and Python's
bytecode cache on (the extension compiled first, as the installed packages are: :func:`build_env`);
the generated ``conf.py`` puts this repository's ``_ext`` on ``sys.path``.  Measured for each variant and N:

* full build time and peak RSS with ``-j 1`` and ``-j 2`` (fresh output and doctree folders);
* no-op rebuild time (``-j 1``, nothing changed);
* rebuild after editing one talk's body (a sentence of words drawn anew each round appended to its
  abstract, replacing the previous round's: every round changes the abstract's words, as a real
  edit does, so the related talks are ranked again after each) and after editing
  one talk's speaker (speaker A replaced by another existing speaker B): the time, and the number
  of HTML files rewritten, counted as output ``.html`` files that are new or whose modification
  time changed (so pages written by ``html-collect-pages`` count too, which Sphinx's
  "writing output" progress does not show);
* largest and median HTML page size;
* the related-talk step (every talk's related talks ranked, ``seminar.site.related``), timed in
  this process on the same corpus: with every abstract stemmed (a first build) and with the
  stems kept (every rebuild), and its score computations against their bound.

Peak memory is the ``ru_maxrss`` that ``os.wait4`` reports for the build process: the largest
resident set of that process and of the ``-j`` worker processes it forked and reaped.

Usage::

    .venv/bin/python benchmarks/build.py            # N = 100, 1000, 5000
    .venv/bin/python benchmarks/build.py --quick    # N = 100, 1000
    .venv/bin/python benchmarks/build.py --n 10000  # any N, repeatable
    .venv/bin/python benchmarks/build.py --generate /tmp/site --n 1000   # only write the sites
    .venv/bin/python benchmarks/build.py --related-only   # only the related-talk step, N = 100, 1000, 5000
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXT_DIR = REPO / "_ext"
TODAY = dt.date(2024, 5, 1)  # the build's "today", via SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH = str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=dt.UTC).timestamp()))
TALKS_PER_SERIES = 15
SPEAKER_RATIO = 1.3
TRACKS = 3  # series running in the same term
TERM_DAYS = 120
LAST_TERM_END = dt.date(2024, 6, 1)
VARIANTS = ("seminar", "floor")

# --------------------------------------------------------------------------------------------
# Synthetic content
# --------------------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    """The words of a block of text (word lists read better as text than as list literals)."""
    return text.split()


_WORDS = _split("""
model models training inference data dataset datasets system systems learning machine neural network
networks accelerator accelerators hardware compiler compilers memory bandwidth latency throughput
gradient gradients optimizer optimization sparse sparsity attention transformer transformers language
vision retrieval benchmark benchmarks evaluation deployment serving cluster clusters distributed
parallel parallelism pipeline pipelines tensor tensors kernel kernels quantization pruning
distillation embedding embeddings representation representations scaling laws efficient efficiency
robust robustness fairness privacy federated edge devices mobile cloud storage database databases
query queries scheduler scheduling workload workloads profile profiling graph graphs program
programs synthesis search architecture architectures generative diffusion reinforcement policy
reward agents simulation label labels weak supervision annotation quality monitoring debugging
explainability interpretability causal inference estimation uncertainty calibration
we our this that these which while although however moreover therefore because across between
show present propose introduce study analyze design build evaluate demonstrate achieve reduce improve
enable support combine extend the a an of in on for with to from by and or as at into over under new
fast faster large larger small smaller simple general practical open real world production
""")

_FIRST = _split("""
Ada Alan Alice Amir Ana Andrea Anil Anna Ari Arjun Beatriz Ben Bianca Carlos Carmen Chen Chloe
Chris Dana Daniel David Deepa Diego Elena Eli Emma Eric Farah Felix Fatima Gabriel Grace Hana Hao
Hugo Ian Ines Isaac Ivan Jack Jamal Jane Javier Jin Joao Jon Julia Kai Karim Kate Kenji Lara Leo
Li Lina Lucas Luis Maya Mei Mia Ming Nadia Nina Noah Omar Owen Pablo Paula Priya Quinn Rafael Rahul
Ravi Rosa Ruth Sam Sara Sofia Tara Tomas Uma Victor Wei Xin Yara Yusuf Zara Zoe Ken Lena Marco
""")

_LAST = _split("""
Abadi Adams Ahmed Alvarez Anderson Bach Baker Banerjee Bauer Becker Bell Brooks Campbell Chandra
Chang Chen Cohen Cruz Dao Das Davis Diaz Dubois Edwards Evans Fischer Flores Garcia Gomez Gupta Hall
Hansen Harris Hoffmann Huang Ito Iyer Jackson Jensen Johnson Jones Kaplan Kim Klein Kumar Lam Lee
Lewis Li Lin Liu Lopez Martin Meyer Miller Mori Murphy Nakamura Nguyen Novak Okafor Olsen Park Patel
Perez Petrov Quinn Rao Reddy Reyes Rossi Sato Schmidt Shah Silva Singh Smith Suzuki Tanaka Taylor
Thomas Torres Tran Wagner Walker Wang Weber Wong Wu Xu Yamamoto Yang Young Zhang Zhao Zhou
""")

_AFFILIATIONS = """
Stanford|MIT|CMU|UC Berkeley|Google|Meta|Microsoft|NVIDIA|Apple|Amazon|University of Washington|
Princeton|Cornell|ETH Zurich|EPFL|University of Toronto|Tsinghua|Hugging Face|Databricks|OctoML|
Together AI|Anthropic|OpenAI|Snorkel AI|Cohere|Mila|University of Oxford|Harvard|Columbia|UT Austin
""".replace("\n", "").split("|")

_TAGS = [
    "attention", "efficiency", "compilers", "hardware", "data-quality", "training", "inference",
    "serving", "distributed", "sparsity", "quantization", "retrieval", "vision", "language-models",
    "foundation-models", "privacy", "fairness", "robustness", "databases", "scheduling",
    "reinforcement-learning", "diffusion", "benchmarks", "mlops", "monitoring", "federated-learning",
    "edge", "graphs", "program-synthesis", "evaluation", "weak-supervision", "interpretability",
    "causality", "security", "recommendation", "speech", "robotics", "healthcare", "science",
    "open-source", "embeddings", "scaling", "memory", "networking", "storage", "simulation",
    "optimization", "calibration", "agents", "multimodal",
]  # fmt: skip

_TITLE_HEADS = [
    "Scaling", "Rethinking", "Accelerating", "Towards", "Understanding", "Building", "Serving",
    "Compiling", "Training", "Debugging", "Measuring", "Democratizing", "Automating", "Learning",
]  # fmt: skip


@dataclass
class SyntheticSpeaker:
    """One speaker of the synthetic site."""

    name: str
    affiliation: str


@dataclass
class SyntheticSeries:
    """One series: a term of weekly talks on one track."""

    id: str
    title: str
    term: str
    start: dt.date
    breaks: list[dt.date] = field(default_factory=list)


@dataclass
class SyntheticTalk:
    """One talk page, in the form both variants write it from."""

    slug: str
    title: str
    date: dt.date
    series: SyntheticSeries
    speakers: list[SyntheticSpeaker]
    tags: list[str]
    abstract: list[str]  # paragraphs
    bios: list[str]  # one per speaker
    recording: str | None = None
    livestream: str | None = None
    slides: str | None = None

    @property
    def path(self) -> str:
        """The page's source path, ``talks/<YYYY>/<slug>.md``."""
        return f"talks/{self.date.year}/{self.slug}.md"


@dataclass
class Corpus:
    """Everything the generated sites show."""

    talks: list[SyntheticTalk]
    series: list[SyntheticSeries]
    speakers: list[SyntheticSpeaker]

    def tags(self) -> set[str]:
        """Every tag in use."""
        return {tag for talk in self.talks for tag in talk.tags}


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    while words > 0:
        length = min(words, rng.randint(12, 24))
        sentences.append(_sentence(rng, length))
        words -= length
    return " ".join(sentences)


def _speaker_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct names whose slugs are distinct too (plain ASCII letters and spaces)."""
    combos = [f"{first} {last}" for first in _FIRST for last in _LAST]
    rng.shuffle(combos)
    names = combos[:count]
    initial = 0
    while len(names) < count:  # more speakers than first x last names: add middle initials
        letter = chr(ord("A") + initial // len(combos))
        first, last = combos[initial % len(combos)].split(" ")
        names.append(f"{first} {letter} {last}")
        initial += 1
    return names


def generate(n: int, seed: int = 7) -> Corpus:
    """A deterministic synthetic corpus of ``n`` talks."""
    rng = random.Random(seed)
    series_count = max(1, round(n / TALKS_PER_SERIES))
    terms = -(-series_count // TRACKS)
    season = ("Winter", "Spring", "Fall")
    series: list[SyntheticSeries] = []
    for index in range(series_count):
        term_index, track = divmod(index, TRACKS)
        start = LAST_TERM_END - dt.timedelta(days=(terms - term_index) * TERM_DAYS) + dt.timedelta(days=2 * track)
        term = f"{season[term_index % 3]} {start.year}"
        sid = f"track-{track + 1}-{start.year}-{term_index:04d}"
        breaks = [start + dt.timedelta(days=7 * 8)] if index % 4 == 0 else []
        series.append(SyntheticSeries(sid, f"Systems Seminar {term}, track {track + 1}", term, start, breaks))

    speakers = [
        SyntheticSpeaker(name, rng.choice(_AFFILIATIONS))
        for name in _speaker_names(max(1, round(n / SPEAKER_RATIO)), rng)
    ]
    # Each speaker gives at least one talk (when there are enough talks); the rest repeat speakers.
    slots = [1 if rng.random() > 0.15 else 2 for _ in range(n)]
    pool = list(speakers)
    rng.shuffle(pool)
    talks: list[SyntheticTalk] = []
    used_slugs: set[str] = set()
    for index in range(n):
        series_index = min(index // TALKS_PER_SERIES, series_count - 1)
        entry = series[series_index]
        week = index - series_index * TALKS_PER_SERIES
        date = entry.start + dt.timedelta(days=7 * week + (7 if week >= 8 and entry.breaks else 0))
        chosen: list[SyntheticSpeaker] = []
        while len(chosen) < slots[index]:
            candidate = pool.pop() if pool else rng.choice(speakers)
            if candidate not in chosen:
                chosen.append(candidate)
        head = rng.choice(_TITLE_HEADS)
        topic = " ".join(rng.choice(_WORDS[:120]).capitalize() for _ in range(3))
        title = f"{head} {topic}: {_sentence(rng, 4)[:-1].title()}"
        base = "-".join(re.sub(r"[^a-z0-9 ]", "", title.lower()).split()[:5])
        slug = base
        suffix = 2
        while slug in used_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        used_slugs.add(slug)
        video = f"https://www.youtube.com/watch?v={index:011d}"
        bio_words = 150 // len(chosen)
        talks.append(
            SyntheticTalk(
                slug=slug,
                title=title,
                date=date,
                series=entry,
                speakers=chosen,
                tags=rng.sample(_TAGS, rng.choice((2, 3))),
                abstract=[_paragraph(rng, 110), _paragraph(rng, 90)],
                bios=[f"{s.name} is at {s.affiliation}. {_paragraph(rng, bio_words - 5)}" for s in chosen],
                recording=video if date < TODAY and index % 5 else None,
                livestream=video if index % 5 == 0 else None,
                slides=f"https://example.org/slides/{slug}.pdf" if index % 3 == 0 else None,
            )
        )
    return Corpus(talks, series, speakers)


# --------------------------------------------------------------------------------------------
# Writing the two sites
# --------------------------------------------------------------------------------------------

_CONF = '''\
"""Benchmark site ({variant}), generated by benchmarks/build.py."""

import sys

sys.path.insert(0, {ext!r})

project = "MLSys Seminar benchmark"
author = "benchmark"
copyright = "2024, benchmark"
extensions = {extensions!r}
source_suffix = {{".md": "markdown"}}
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "dollarmath", "linkify", "deflist", "attrs_inline"]
myst_linkify_fuzzy_links = False
html_theme = "furo"
html_title = "MLSys Seminar benchmark"
html_copy_source = False
html_show_sourcelink = False
html_baseurl = "https://mlsys.example.org/"
{extra}'''

_SEMINAR_CONF = """\
seminar_timezone = "America/Los_Angeles"
seminar_duration = 60
seminar_mailing_list = "https://groups.google.com/forum/#!forum/stanford-mlsys-seminars/join"
seminar_youtube_channel = "https://www.youtube.com/channel/UCzz6ructab1U44QPI3HpZEQ"
seminar_organizer = "Stanford MLSys Seminar"
"""

_INTRO = (
    "Machine learning is driving exciting changes and progress in computing. The seminar looks at the "
    "frontier of machine learning systems; talks are livestreamed at https://www.youtube.com and the "
    "recordings stay available, with the cost model $O(n \\log n)$ explained."
)


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _talk_seminar(talk: SyntheticTalk) -> str:
    lines = ["---", f"title: {_yaml_str(talk.title)}", "speakers:"]
    for speaker in talk.speakers:
        lines += [f"  - name: {speaker.name}", f"    affiliation: {speaker.affiliation}"]
    lines += [f"date: {talk.date.isoformat()}", f"series: {talk.series.id}"]
    for key in ("recording", "livestream", "slides"):
        value = getattr(talk, key)
        if value:
            lines.append(f"{key}: {value}")
    lines += [f"tags: [{', '.join(talk.tags)}]", "---", "", ":::{abstract}", *_wrap(talk.abstract), ":::", ""]
    for speaker, bio in zip(talk.speakers, talk.bios, strict=True):
        lines += [f":::{{bio}} {speaker.name}", *_wrap([bio]), ":::", ""]
    return "\n".join(lines)


def _floor_header(talk: SyntheticTalk) -> str:
    names = " and ".join(f"{s.name} ({s.affiliation})" for s in talk.speakers)
    links = " · ".join(
        f"[{label}]({url})"
        for label, url in (("Recording", talk.recording), ("Livestream", talk.livestream), ("Slides", talk.slides))
        if url
    )
    return f"{names}\n\n{talk.date:%A, %B %d, %Y}, 3:30–4:20 PM PT · {talk.series.title}\n\n{links}"


def _talk_floor(talk: SyntheticTalk) -> str:
    lines = ["---", "orphan: true", "---", "", f"# {talk.title}", "", _floor_header(talk), "", "**Abstract**", ""]
    lines += _wrap(talk.abstract)
    for speaker, bio in zip(talk.speakers, talk.bios, strict=True):
        lines += ["", f"**About {speaker.name}**", "", *_wrap([bio])]
    lines += ["", "Tags: " + ", ".join(talk.tags), ""]
    return "\n".join(lines)


def _wrap(paragraphs: Sequence[str]) -> list[str]:
    out: list[str] = []
    for index, text in enumerate(paragraphs):
        if index:
            out.append("")
        out += textwrap.wrap(text, 100)
    return out


def _series_seminar(series: SyntheticSeries) -> str:
    breaks = ", ".join(f"{{date: {b.isoformat()}, label: Holiday}}" for b in series.breaks)
    return f"""---
series:
  title: {_yaml_str(series.title)}
  term: {series.term}
  timezone: America/Los_Angeles
  time: "15:30"
  duration: 50
  schedule: Weekly, 3:30-4:20 pm PT
  hosts: [Avanika Narayan, Michael Zhang]
  breaks: [{breaks}]
---
# {series.title}

{_INTRO}

:::{{talk-list}}
:::
"""


def _series_floor(series: SyntheticSeries) -> str:
    return f"""# {series.title}

{_INTRO}

Term: {series.term}. When: Weekly, 3:30-4:20 pm PT. Hosts: Avanika Narayan, Michael Zhang.
"""


def _index(corpus: Corpus, listings: bool) -> str:
    toctree = "\n".join(f"series/{s.id}" for s in reversed(corpus.series))
    upcoming = ":::{talk-list}\n:when: upcoming\n:series: all\n:::\n" if listings else ""
    series = ":::{series-list}\n:::\n" if listings else ""
    recent = ":::{talk-list}\n:when: past\n:series: all\n:limit: 6\n:style: compact\n:::\n" if listings else ""
    return f"""# MLSys Seminar benchmark

{_INTRO}

## Upcoming talks

{upcoming}
## Series

{series}
## Recent talks

{recent}
:::{{toctree}}
:hidden:

{toctree}
:::
"""


def write_site(corpus: Corpus, dest: Path, variant: str, ext_dir: Path = EXT_DIR) -> None:
    """Write the ``seminar`` or ``floor`` variant of ``corpus`` into ``dest`` (emptied first).

    ``ext_dir`` is the folder holding the ``seminar`` package (this repository's ``_ext`` unless
    another copy is benchmarked).
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    seminar = variant == "seminar"
    extensions = ["myst_parser", "sphinx_design", *(["seminar"] if seminar else [])]
    conf = _CONF.format(
        variant=variant, ext=str(ext_dir), extensions=extensions, extra=_SEMINAR_CONF if seminar else ""
    )
    (dest / "conf.py").write_text(conf, encoding="utf-8")
    (dest / "index.md").write_text(_index(corpus, seminar), encoding="utf-8")
    (dest / "series").mkdir()
    for series in corpus.series:
        text = _series_seminar(series) if seminar else _series_floor(series)
        (dest / "series" / f"{series.id}.md").write_text(text, encoding="utf-8")
    for talk in corpus.talks:
        path = dest / talk.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_talk_seminar(talk) if seminar else _talk_floor(talk), encoding="utf-8")


@dataclass
class Edit:
    """One edit applied to a source file, in both variants' spelling."""

    path: str
    old: dict[str, str]
    new: dict[str, str]


def _edit_sentence(round_: int) -> str:
    """The sentence a body edit appends in round ``round_``: eight words of the corpus, other ones each round."""
    return f"Edited by the benchmark in round {round_}: {_sentence(random.Random(1000 + round_), 8)}"


def body_edit(talk: SyntheticTalk, round_: int) -> Edit:
    """Append a sentence to the last line of the talk's abstract, replacing the last round's (the same text in both variants)."""
    last = _wrap(talk.abstract)[-1]
    added = f"{last} {_edit_sentence(round_)}"
    previous = last if round_ == 0 else f"{last} {_edit_sentence(round_ - 1)}"
    return Edit(talk.path, {v: previous for v in VARIANTS}, {v: added for v in VARIANTS})


def speaker_edit(talk: SyntheticTalk, a: SyntheticSpeaker, b: SyntheticSpeaker) -> Edit:
    """Replace speaker ``a`` of ``talk`` by speaker ``b`` (front matter and ``{bio}`` argument)."""
    seminar_old = f"  - name: {a.name}\n    affiliation: {a.affiliation}"
    seminar_new = f"  - name: {b.name}\n    affiliation: {b.affiliation}"
    old = {
        "seminar": f"{seminar_old}\n", "floor": f"{a.name} ({a.affiliation})"
    }  # fmt: skip
    new = {"seminar": f"{seminar_new}\n", "floor": f"{b.name} ({b.affiliation})"}
    return Edit(talk.path, old, new)


def apply_edit(site: Path, variant: str, edit: Edit) -> None:
    """Apply ``edit`` to the ``variant`` site at ``site``; the old text must be there."""
    path = site / edit.path
    text = path.read_text(encoding="utf-8")
    old, new = edit.old[variant], edit.new[variant]
    if old not in text:
        raise RuntimeError(f"benchmark edit: {old!r} not found in {path}")
    text = text.replace(old, new, 1)
    if variant == "seminar" and old.startswith("  - name: "):  # the {bio} argument names the speaker
        old_name, new_name = old.split("\n")[0][10:], new.split("\n")[0][10:]
        text = text.replace(f":::{{bio}} {old_name}\n", f":::{{bio}} {new_name}\n", 1)
    path.write_text(text, encoding="utf-8")


def pick_edited_talk(corpus: Corpus) -> tuple[SyntheticTalk, SyntheticSpeaker, SyntheticSpeaker]:
    """A past talk near the middle with one speaker A who gives another talk, and a speaker B of another talk."""
    counts: dict[str, int] = {}
    for talk in corpus.talks:
        for speaker in talk.speakers:
            counts[speaker.name] = counts.get(speaker.name, 0) + 1
    middle = len(corpus.talks) // 2
    order = sorted(range(len(corpus.talks)), key=lambda i: abs(i - middle))
    for index in order:
        talk = corpus.talks[index]
        if len(talk.speakers) == 1 and counts[talk.speakers[0].name] >= 2:
            a = talk.speakers[0]
            b = next(s for t in corpus.talks[index + 1 :] + corpus.talks for s in t.speakers if s is not a)
            return talk, a, b
    talk = corpus.talks[middle]
    return talk, talk.speakers[0], next(s for s in corpus.speakers if s is not talk.speakers[0])


# --------------------------------------------------------------------------------------------
# Running builds
# --------------------------------------------------------------------------------------------


@dataclass
class BuildRun:
    """One ``sphinx-build`` subprocess."""

    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    warnings: list[str]
    rewritten: list[str] = field(default_factory=list)


def build_env() -> dict[str, str]:
    """The environment of every build: the fixed date and hash seed, and Python bytecode cached as usual.

    Installed packages (Sphinx, furo, myst-parser ...) come compiled to bytecode, the extension's
    modules in ``_ext`` do not: with ``PYTHONDONTWRITEBYTECODE`` set (as some sandboxes do), every
    build of the seminar variant alone would compile its modules again (about 0.1 s), which no
    machine that builds the site twice does.  So it is left out, and :func:`compile_extension`
    compiles the extension before the first build.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_extension(ext_dir: Path) -> None:
    """Compile the ``seminar`` package below ``ext_dir`` to bytecode (``__pycache__``, ignored by git)."""
    command = [sys.executable, "-m", "compileall", "-q", str(ext_dir / "seminar")]
    subprocess.run(command, env=build_env(), check=True, stdout=subprocess.DEVNULL)


def run_sphinx(src: Path, out: Path, jobs: int, log: Path) -> BuildRun:
    """Build ``src`` into ``out`` (doctrees in ``out/.doctrees``) and measure the process."""
    env = build_env()
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", str(jobs), "-q", str(src), str(out)]
    with log.open("wb") as stream:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT, env=env, cwd=src)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"sphinx-build failed ({process.returncode}) for {src}:\n{text[-4000:]}")
    warnings = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
    return BuildRun(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, warnings)


def snapshot(out: Path) -> dict[str, int]:
    """Modification time of every HTML file of an output folder, by relative path."""
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def changed_pages(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """HTML files that are new or were written again."""
    return sorted(name for name, mtime in after.items() if before.get(name) != mtime)


def page_sizes(out: Path) -> dict[str, int]:
    """Size of every HTML page, by relative path."""
    return {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.html")}


# --------------------------------------------------------------------------------------------
# Measuring one N
# --------------------------------------------------------------------------------------------


@dataclass
class VariantResult:
    """Every figure of one variant at one N (times are the best of the repeats, memory the largest)."""

    full_j1: float = 0.0
    full_j2: float = 0.0
    cpu_j1: float = 0.0
    rss_j1: float = 0.0
    rss_j2: float = 0.0
    noop: float = 0.0
    body: float = 0.0
    body_pages: list[str] = field(default_factory=list)
    speaker: float = 0.0
    speaker_pages: list[str] = field(default_factory=list)
    pages: int = 0
    largest: tuple[str, int] = ("", 0)
    largest_talk: tuple[str, int] = ("", 0)
    median_size: float = 0.0
    warnings: list[str] = field(default_factory=list)


@dataclass
class NResult:
    """Both variants at one N, with what the corpus holds."""

    n: int
    series: int
    speakers: int
    tags: int
    edited: str
    variants: dict[str, VariantResult]


def _best(values: list[float]) -> float:
    """The fastest of repeated runs: on a shared machine, noise only ever adds time."""
    return min(values) if values else 0.0


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(n: int, workdir: Path, repeat: int, repeat_incremental: int, ext_dir: Path = EXT_DIR) -> NResult:
    """Generate both sites for ``n`` talks and measure every figure, alternating the variants."""
    corpus = generate(n)
    talk, a, b = pick_edited_talk(corpus)
    root = workdir / f"n{n}"
    sites = {v: root / v / "src" for v in VARIANTS}
    for variant in VARIANTS:
        write_site(corpus, sites[variant], variant, ext_dir)
    results = {v: VariantResult() for v in VARIANTS}
    logs = root / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def out(variant: str, jobs: int) -> Path:
        return root / variant / f"html-j{jobs}"

    def each(label: str, step: Callable[[str], BuildRun]) -> dict[str, BuildRun]:
        runs = {}
        for variant in VARIANTS:
            runs[variant] = step(variant)
            results[variant].warnings += runs[variant].warnings
            _progress(f"N={n} {variant:8} {label}: {runs[variant].seconds:.2f} s")
        return runs

    for jobs in (1, 2):
        times: dict[str, list[float]] = {v: [] for v in VARIANTS}
        cpu: dict[str, list[float]] = {v: [] for v in VARIANTS}
        rss: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for round_ in range(repeat):

            def full(variant: str, jobs: int = jobs, round_: int = round_) -> BuildRun:
                shutil.rmtree(out(variant, jobs), ignore_errors=True)
                return run_sphinx(
                    sites[variant], out(variant, jobs), jobs, logs / f"{variant}-full-j{jobs}-{round_}.log"
                )

            for variant, run in each(f"full build -j {jobs}", full).items():
                times[variant].append(run.seconds)
                cpu[variant].append(run.cpu_seconds)
                rss[variant].append(run.max_rss_mb)
        for variant in VARIANTS:
            result = results[variant]
            if jobs == 1:
                result.full_j1, result.cpu_j1, result.rss_j1 = (
                    _best(times[variant]), _best(cpu[variant]), max(rss[variant])
                )  # fmt: skip
            else:
                result.full_j2, result.rss_j2 = _best(times[variant]), max(rss[variant])

    for variant in VARIANTS:
        sizes = page_sizes(out(variant, 1))
        result = results[variant]
        result.pages = len(sizes)
        result.largest = max(sizes.items(), key=lambda item: item[1])
        talks = {k: v for k, v in sizes.items() if k.startswith("talks/") and k != "talks/index.html"}
        result.largest_talk = max(talks.items(), key=lambda item: item[1]) if talks else ("", 0)
        result.median_size = statistics.median(sizes.values())

    def incremental(label: str, prepare: Callable[[str, int], None]) -> dict[str, tuple[float, list[str]]]:
        times: dict[str, list[float]] = {v: [] for v in VARIANTS}
        pages: dict[str, list[str]] = {}
        for round_ in range(repeat_incremental):

            def step(variant: str, round_: int = round_) -> BuildRun:
                prepare(variant, round_)
                before = snapshot(out(variant, 1))
                run = run_sphinx(sites[variant], out(variant, 1), 1, logs / f"{variant}-{label}-{round_}.log")
                run.rewritten = changed_pages(before, snapshot(out(variant, 1)))
                return run

            for variant, run in each(label, step).items():
                times[variant].append(run.seconds)
                pages.setdefault(variant, run.rewritten)
        return {v: (_best(times[v]), pages[v]) for v in VARIANTS}

    for variant, (seconds, _pages) in incremental("no-op", lambda variant, round_: None).items():
        results[variant].noop = seconds

    def edit_body(variant: str, round_: int) -> None:
        apply_edit(sites[variant], variant, body_edit(talk, round_))

    for variant, (seconds, pages) in incremental("body edit", edit_body).items():
        results[variant].body, results[variant].body_pages = seconds, pages

    def edit_speaker(variant: str, round_: int) -> None:
        forward = round_ % 2 == 0  # A -> B, then back B -> A, ...
        apply_edit(sites[variant], variant, speaker_edit(talk, *((a, b) if forward else (b, a))))

    for variant, (seconds, pages) in incremental("speaker edit", edit_speaker).items():
        results[variant].speaker, results[variant].speaker_pages = seconds, pages

    return NResult(n, len(corpus.series), len(corpus.speakers), len(corpus.tags()), talk.path, results)


@dataclass
class RelatedTiming:
    """The related-talk step (``seminar.site.related``) on one corpus, timed in this process."""

    n: int
    cold: float  # seconds: every abstract stemmed, as in a first build
    warm: float  # seconds: abstracts' stems kept with the talks, as in every rebuild
    scored: int  # score computations made
    bound: int  # SCORE_BOUND * n
    edit: float = 0.0  # seconds: the index updated after the body edit of one abstract (RelatedIndex.update)
    edit_scored: int = 0  # score computations of that update


def related_step(corpus: Corpus, ext_dir: Path = EXT_DIR, repeat: int = 3) -> RelatedTiming:
    """Rank every talk's related talks as a build does, from the corpus (best of ``repeat``).

    What a talk page already shows is left out as in the build's ranking: here its previous and
    next talk in its series (the synthetic speakers' other talks are not worked out).
    """
    if str(ext_dir) not in sys.path:
        sys.path.insert(0, str(ext_dir))
    from seminar.domain.domain import english_words  # the extension of --ext, imported only for this step
    from seminar.model.slugs import page_id
    from seminar.site.related import SCORE_BOUND, Document, RelatedIndex, stems

    by_series: dict[str, list[SyntheticTalk]] = {}
    for talk in sorted(corpus.talks, key=lambda t: (t.date, t.path)):
        by_series.setdefault(talk.series.id, []).append(talk)
    shown: dict[str, frozenset[str]] = {}
    for talks in by_series.values():
        for i, talk in enumerate(talks):
            near = [talks[j].path for j in (i - 1, i + 1) if 0 <= j < len(talks)]
            shown[talk.path] = frozenset(near)

    def documents(with_stems: bool) -> list[Document]:
        words = english_words()
        return [
            Document(
                t.path,
                t.date,
                t.title,
                "\n\n".join(t.abstract),
                tuple(page_id(tag) for tag in t.tags),
                shown[t.path],
                stems("\n\n".join(t.abstract), words) if with_stems else None,
            )
            for t in corpus.talks
        ]

    def timed(with_stems: bool) -> tuple[float, int]:
        best, scored = float("inf"), 0
        for _ in range(repeat):
            docs = documents(with_stems)
            started = time.process_time()  # CPU time: the step runs in this one thread, and the machine is shared
            index = RelatedIndex(docs, english_words())
            best = min(best, time.process_time() - started)
            scored = index.scored
        return best, scored

    def timed_update() -> tuple[float, int]:
        """The index updated after the benchmark's body edit (a sentence of other words each round)."""
        edited, _, _ = pick_edited_talk(corpus)
        words = english_words()
        best, scored = float("inf"), 0
        for round_ in range(repeat):
            docs = documents(True)
            index = RelatedIndex(docs, words)
            doc = next(d for d in docs if d.docname == edited.path)
            abstract = f"{doc.abstract} {_edit_sentence(round_)}"
            changed = dataclasses.replace(doc, abstract=abstract, stems=stems(abstract, words))
            before, started = index.scored, time.process_time()
            index.update([changed])
            best = min(best, time.process_time() - started)
            scored = index.scored - before
        return best, scored

    cold, scored = timed(False)
    warm, _ = timed(True)
    edit, edit_scored = timed_update()
    n = len(corpus.talks)
    return RelatedTiming(n, cold, warm, scored, SCORE_BOUND * n, edit, edit_scored)


def related_table(timings: list[RelatedTiming]) -> str:
    """The related-talk step at each N, with its growth per talk against the smallest N."""
    base = timings[0]
    lines = [
        "### Related talks step (`seminar.site.related`: every talk ranked at once; an index updated after one abstract edit)",
        "",
        f"| N | first build (stemming) | rebuild (stems kept) | per talk (rebuild) | / N={base.n} per talk "
        "| score computations | bound | one abstract edited (update) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in timings:
        growth = (t.warm / t.n) / (base.warm / base.n) if base.warm else 0.0
        lines.append(
            f"| {t.n} | {t.cold:.3f} s | {t.warm:.3f} s | {1000 * t.warm / t.n:.2f} ms | {growth:.2f} "
            f"| {t.scored:,} ({t.scored / t.n:.0f} a talk) | {t.bound:,} "
            f"| {t.edit:.3f} s ({t.edit_scored:,} computations) |"
        )
    for previous, t in itertools.pairwise(timings):
        lines.append(
            f"\nN {previous.n} -> {t.n} ({t.n / previous.n:.0f}x the talks): rebuild step "
            f"{t.warm / previous.warm:.1f}x, first build {t.cold / previous.cold:.1f}x, "
            f"score computations {t.scored / previous.scored:.1f}x"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def _kb(size: float) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "–"


def _kinds(pages: list[str]) -> str:
    """``12 (talks 5, speakers 2, ...)``: rewritten pages by top-level folder."""
    kinds: dict[str, int] = {}
    for page in pages:
        top = page.split("/", 1)[0] if "/" in page else page.removesuffix(".html")
        kinds[top] = kinds.get(top, 0) + 1
    detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    return f"{len(pages)} ({detail})" if pages else "0"


def table(result: NResult) -> str:
    """The Markdown table of one N."""
    s, f = result.variants["seminar"], result.variants["floor"]
    rows: list[tuple[str, str, str, str]] = [
        ("full build -j 1", f"{s.full_j1:.1f} s", f"{f.full_j1:.1f} s", _ratio(s.full_j1, f.full_j1)),
        ("full build -j 2", f"{s.full_j2:.1f} s", f"{f.full_j2:.1f} s", _ratio(s.full_j2, f.full_j2)),
        ("speed-up -j 2 over -j 1", f"{s.full_j1 / s.full_j2:.2f}x", f"{f.full_j1 / f.full_j2:.2f}x", ""),
        ("CPU time, full build -j 1", f"{s.cpu_j1:.1f} s", f"{f.cpu_j1:.1f} s", _ratio(s.cpu_j1, f.cpu_j1)),
        (
            "time per talk (-j 1)",
            f"{1000 * s.full_j1 / result.n:.1f} ms",
            f"{1000 * f.full_j1 / result.n:.1f} ms",
            _ratio(s.full_j1, f.full_j1),
        ),
        ("peak RSS -j 1", f"{s.rss_j1:.0f} MB", f"{f.rss_j1:.0f} MB", _ratio(s.rss_j1, f.rss_j1)),
        ("peak RSS -j 2", f"{s.rss_j2:.0f} MB", f"{f.rss_j2:.0f} MB", _ratio(s.rss_j2, f.rss_j2)),
        ("no-op rebuild", f"{s.noop:.2f} s", f"{f.noop:.2f} s", _ratio(s.noop, f.noop)),
        ("body edit: rebuild", f"{s.body:.2f} s", f"{f.body:.2f} s", _ratio(s.body, f.body)),
        ("body edit: pages rewritten", _kinds(s.body_pages), _kinds(f.body_pages), ""),
        ("speaker edit: rebuild", f"{s.speaker:.2f} s", f"{f.speaker:.2f} s", _ratio(s.speaker, f.speaker)),
        ("speaker edit: pages rewritten", _kinds(s.speaker_pages), _kinds(f.speaker_pages), ""),
        ("HTML pages", str(s.pages), str(f.pages), _ratio(s.pages, f.pages)),
        ("largest page", f"{_kb(s.largest[1])} `{s.largest[0]}`", f"{_kb(f.largest[1])} `{f.largest[0]}`", ""),
        (
            "largest talk page",
            f"{_kb(s.largest_talk[1])}",
            f"{_kb(f.largest_talk[1])}",
            _ratio(s.largest_talk[1], f.largest_talk[1]),
        ),
        ("median page", _kb(s.median_size), _kb(f.median_size), _ratio(s.median_size, f.median_size)),
    ]
    head = (
        f"### N = {result.n} talks ({result.series} series, {result.speakers} speakers, {result.tags} tags; "
        f"edited: `{result.edited}`)\n\n| measure | seminar | floor | seminar / floor |\n| --- | ---: | ---: | ---: |\n"
    )
    return head + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)


def summary(results: list[NResult]) -> str:
    """One line per N of the figures the targets are about, and the targets' verdicts."""
    base = results[0]
    per_talk0 = base.variants["seminar"].full_j1 / base.n
    lines = [
        "### Targets (issue 7)",
        "",
        "| N | full -j 1 / floor | full -j 2 / floor | time per talk / N="
        f"{base.n} | no-op / floor | body edit / floor | body edit time | -j 2 speed-up | peak RSS per talk |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        s, f = r.variants["seminar"], r.variants["floor"]
        lines.append(
            f"| {r.n} | {_ratio(s.full_j1, f.full_j1)} | {_ratio(s.full_j2, f.full_j2)} | "
            f"{s.full_j1 / r.n / per_talk0:.2f} | {_ratio(s.noop, f.noop)} | {_ratio(s.body, f.body)} | "
            f"{s.body:.2f} s | {s.full_j1 / s.full_j2:.2f}x | {1024 * s.rss_j1 / r.n:.0f} KB |"
        )
    lines += ["", *verdicts(results)]
    return "\n".join(lines)


def verdicts(results: list[NResult]) -> list[str]:
    """Each target of issue 7 that these results can judge: met or missed, with the figure."""
    out: list[str] = []

    def verdict(ok: bool, text: str) -> None:
        out.append(f"- {'met' if ok else '**missed**'}: {text}")

    by_n = {r.n: r for r in results}
    for n in (1000, 5000):
        if n in by_n:
            s, f = by_n[n].variants["seminar"], by_n[n].variants["floor"]
            ratio = s.full_j1 / f.full_j1
            verdict(ratio <= 1.3, f"full build at N={n} <= 1.3x floor (-j 1: {ratio:.2f}x)")
    if 100 in by_n and 5000 in by_n:
        growth = (by_n[5000].variants["seminar"].full_j1 / 5000) / (by_n[100].variants["seminar"].full_j1 / 100)
        verdict(growth <= 1.2, f"time per talk at N=5000 <= 1.2x N=100 ({growth:.2f}x)")
    for r in results:
        s, f = r.variants["seminar"], r.variants["floor"]
        verdict(s.noop <= 1.5 * f.noop, f"no-op rebuild at N={r.n} <= 1.5x floor ({s.noop / f.noop:.2f}x)")
    if 1000 in by_n:
        s, f = by_n[1000].variants["seminar"], by_n[1000].variants["floor"]
        verdict(
            s.body <= 1.5 * f.body and s.body < 3,
            f"body edit at N=1000 <= 1.5x floor and < 3 s ({s.body / f.body:.2f}x, {s.body:.2f} s)",
        )
        speedup = s.full_j1 / s.full_j2
        verdict(speedup >= 1.4, f"-j 2 at N=1000 >= 1.4x faster than -j 1 ({speedup:.2f}x)")
    if len(results) >= 2:
        first, last = results[0], results[-1]
        per = [r.variants["seminar"].rss_j1 / r.n for r in (first, last)]
        fixed = (last.variants["seminar"].rss_j1 - first.variants["seminar"].rss_j1) / (last.n - first.n)
        out.append(
            f"- memory: {per[0] * 1024:.0f} KB per talk at N={first.n}, {per[1] * 1024:.0f} KB at N={last.n}; "
            f"marginal {fixed * 1024:.0f} KB per added talk (linear when the marginal cost stays flat as N grows)"
        )
    out.append("- pages rewritten by the edits: see the per-N tables (the note in benchmarks/README.md judges them)")
    return out


def code_state(ext_dir: Path) -> str:
    """The commit of the extension's repository, and which of its files differ from it."""
    try:
        top = subprocess.run(
            ["git", "-C", str(ext_dir), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        head = subprocess.run(
            ["git", "-C", top, "log", "-1", "--format=%h %s"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", top, "status", "--porcelain", "--", str(ext_dir)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return f"extension at {ext_dir} (not a git checkout)"
    changed = f", {len(dirty)} changed or new files in {ext_dir.name}/" if dirty else ""
    return f"extension at `{head[:60]}`{changed}"


def machine() -> str:
    """Where and with what the benchmark ran."""
    import docutils
    import furo  # type: ignore[import-untyped]
    import myst_parser
    import sphinx

    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return (
        f"{dt.date.today().isoformat()} · {platform.machine()}, {len(os.sched_getaffinity(0))} cores "
        f"(nproc), {mem_kb / 1024 / 1024:.1f} GiB RAM · Python {platform.python_version()} · "
        f"Sphinx {sphinx.__version__} · docutils {docutils.__version__} · furo {furo.__version__} · "
        f"myst-parser {myst_parser.__version__}"
    )


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, action="append", help="number of talks (repeatable); default 100 1000 5000")
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1000")
    parser.add_argument("--repeat", type=int, default=1, help="full builds per variant and -j (best of); default 1")
    parser.add_argument(
        "--repeat-incremental", type=int, default=3, help="no-op and edit rebuilds per variant (best of); default 3"
    )
    parser.add_argument("--workdir", type=Path, help="keep the sites and builds here (default: a temp dir, removed)")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument("--verbose", action="store_true", help="list the pages each edit rewrote")
    parser.add_argument(
        "--ext", type=Path, default=EXT_DIR, help="folder holding the seminar package (default: this repo's _ext)"
    )
    parser.add_argument("--generate", type=Path, help="only write both sites for each N below this folder")
    parser.add_argument("--related-only", action="store_true", help="only time the related-talk step at each N")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    args = parse_args(argv)
    sizes = args.n or ([100, 1000] if args.quick else [100, 1000, 5000])
    if args.generate:
        for n in sizes:
            corpus = generate(n)
            for variant in VARIANTS:
                write_site(corpus, args.generate / f"n{n}" / variant, variant, args.ext.resolve())
        print(f"wrote {', '.join(f'n{n}' for n in sizes)} below {args.generate}")
        return 0
    related = [related_step(generate(n), args.ext.resolve()) for n in sizes]
    if args.related_only:
        print(related_table(related))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="seminar-bench-"))
    compile_extension(args.ext.resolve())
    started = time.perf_counter()
    results: list[NResult] = []
    try:
        for n in sizes:
            results.append(
                measure(n, workdir, max(1, args.repeat), max(1, args.repeat_incremental), args.ext.resolve())
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"Machine: {machine()}\n")
    print(f"Code: {code_state(args.ext.resolve())}\n")
    print(
        f"Times are the best of {args.repeat} full builds and of {args.repeat_incremental} no-op and edit "
        f"rebuilds (-j 1, incremental); peak RSS the largest. Total benchmark time "
        f"{time.perf_counter() - started:.0f} s.\n"
    )
    for result in results:
        print(table(result))
        print()
        for variant, vr in result.variants.items():
            if vr.warnings:
                print(f"{len(vr.warnings)} warnings in the {variant} builds, first: {vr.warnings[0]}\n")
            if args.verbose:
                print(f"{variant} body edit rewrote: {', '.join(vr.body_pages)}\n")
                print(f"{variant} speaker edit rewrote: {', '.join(vr.speaker_pages)}\n")
    print(summary(results))
    print()
    print(related_table(related))
    if args.json:
        args.json.write_text(json.dumps([dataclasses.asdict(r) for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
