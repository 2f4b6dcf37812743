"""Tests of the Jekyll importer (``python -m seminar import-jekyll``) and of the pages it writes.

Each quirk of the original site's data has a small inline sample and the exact output it gives;
the last tests run the importer on the real seed files.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
import yaml

from seminar.cli import importer, jekyll_data, talk_pages
from seminar.cli.importer import ImportOptions, SeriesDefaults, parse_entry, parse_time_range
from seminar.cli.jekyll_data import Entry, paragraphs, parse_date, parse_speakers, split_bio
from seminar.cli.main import build_parser, main
from seminar.cli.markdown_escape import escape_markdown
from seminar.cli.talk_pages import SpeakerName, talk_slug

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
EXT = Path(__file__).resolve().parents[1] / "_ext"

SERIES_PAGES = {
    "winter": """\
        ---
        series:
          title: Winter series
          time: "15:30"
          duration: 50
          breaks: []
        ---
        # Winter series
        """,
    "fall": """\
        ---
        series:
          title: Fall series
          time: "10:30"
          duration: 60
          breaks:
            - date: 2023-11-20
              label: Thanksgiving
        ---
        # Fall series
        """,
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A source tree with two series pages and no talks yet."""
    (tmp_path / "series").mkdir()
    for name, text in SERIES_PAGES.items():
        (tmp_path / "series" / f"{name}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def write_data(root: Path, body: str, name: str = "data.yml") -> Path:
    """A Jekyll data file holding the given ``members:`` entries (YAML text, 4-space indented)."""
    path = root / name
    path.write_text("- type: Schedule\n  members:\n" + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
    return path


def run(root: Path, data: Path, *args: str) -> int:
    return main(["import-jekyll", str(data), "--root", str(root), *args])


def pages(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.glob("talks/**/*.md"))}


def only_page(root: Path) -> str:
    found = pages(root)
    assert len(found) == 1, found
    return next(iter(found.values()))


def entry(text: str) -> Entry:
    """One entry parsed from inline YAML (as the importer's loader reads it)."""
    path_text = "- members:\n" + textwrap.indent(textwrap.dedent(text), "    ")
    loaded = yaml.load(path_text, Loader=jekyll_data._Loader)
    return Entry(1, 1, loaded[0]["members"][0])


WINTER = SeriesDefaults(id="winter", path=Path("series/winter.md"), time="15:30", duration=50)


# --------------------------------------------------------------------------------------------
# The page format (CONTRIBUTING.md, "Add a talk")
# --------------------------------------------------------------------------------------------


def test_a_full_entry_gives_exactly_the_documented_page(site: Path) -> None:
    data = write_data(
        site,
        """\
        - speaker: Tri Dao (Stanford, Adept AI)
          date: W 1/11/23
          title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
          abstract: "Transformers are slow
           and memory-hungry."
          bio: "Tri Dao is a PhD student."
          livestream: https://www.youtube.com/watch?v=gMOAud7hZg4
        """,
    )
    assert run(site, data, "--series", "winter") == 0
    assert pages(site) == {
        "talks/2023/flashattention.md": textwrap.dedent(
            """\
            ---
            title: "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
            speakers:
              - name: Tri Dao
                affiliation: Stanford, Adept AI
            date: 2023-01-11
            series: winter
            livestream: https://www.youtube.com/watch?v=gMOAud7hZg4
            ---

            :::{abstract}
            Transformers are slow and memory-hungry.
            :::

            :::{bio} Tri Dao
            Tri Dao is a PhD student.
            :::
            """
        )
    }


def test_front_matter_quotes_titles_safely_and_keeps_key_order(site: Path) -> None:
    data = write_data(
        site,
        """\
        - speaker: Roman Kazinnik
          date: 5/19/22
          title: 'Say "no": #1 - yes'
          recording: https://example.org/r
          livestream: https://example.org/l
          slides: https://example.org/s
          tags: [data, systems]
        """,
    )
    run(site, data, "--series", "winter", "--duration", "45")
    text = only_page(site)
    front = text.split("---\n")[1]
    assert front == textwrap.dedent(
        """\
        title: "Say \\"no\\": #1 - yes"
        speakers:
          - name: Roman Kazinnik
        date: 2022-05-19
        time: "15:30"
        duration: 45
        series: winter
        recording: https://example.org/r
        livestream: https://example.org/l
        slides: https://example.org/s
        tags: [data, systems]
        """
    ).replace('time: "15:30"\n', "")  # 15:30 is the series default: not written
    assert yaml.safe_load(front)["title"] == 'Say "no": #1 - yes'


def test_missing_abstract_and_bio_are_omitted(site: Path) -> None:
    data = write_data(site, '- {speaker: Pete Warden, date: 6/24/21, title: "Machine Learning Everywhere"}\n')
    run(site, data, "--series", "winter")
    text = only_page(site)
    assert text.endswith("series: winter\n---\n")
    assert "{abstract}" not in text and "{bio}" not in text


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M 10/09/23", dt.date(2023, 10, 9)),
        ("W 1/11/23", dt.date(2023, 1, 11)),
        ("5/19/22", dt.date(2022, 5, 19)),
        ("03/10/22", dt.date(2022, 3, 10)),
        ("10/15/2020", dt.date(2020, 10, 15)),
        ("2023-01-11", dt.date(2023, 1, 11)),
        (dt.date(2023, 1, 11), dt.date(2023, 1, 11)),
    ],
)
def test_dates_are_read_in_every_seed_form(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == (expected, [])


def test_a_weekday_that_does_not_match_the_date_is_noted() -> None:
    day, notes = parse_date("W 10/09/23")
    assert day == dt.date(2023, 10, 9)
    assert notes == ["date 'W 10/09/23' says 'W' but 2023-10-09 is a Monday; used the date"]


@pytest.mark.parametrize(("raw", "message"), [("", "no date"), ("2/30/22", "does not exist"), ("soon", "not M/D/YY")])
def test_bad_dates_are_refused(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(raw)


def test_the_iso_date_is_written_unquoted(site: Path) -> None:
    data = write_data(site, '- {speaker: A B, date: M 10/09/23, title: "T"}\n')
    run(site, data, "--series", "winter")
    assert "\ndate: 2023-10-09\n" in only_page(site)


# --------------------------------------------------------------------------------------------
# Speakers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Roman Kazinnik", [SpeakerName("Roman Kazinnik")]),
        ("Tri Dao (Stanford, Adept AI)", [SpeakerName("Tri Dao", "Stanford, Adept AI")]),
        ("Xinyu Hu and Olcay Cirit", [SpeakerName("Xinyu Hu"), SpeakerName("Olcay Cirit")]),
        ("A One, B Two and C Three", [SpeakerName("A One"), SpeakerName("B Two"), SpeakerName("C Three")]),
        ("A One, B Two, and C Three", [SpeakerName("A One"), SpeakerName("B Two"), SpeakerName("C Three")]),
        ("A One (X) and B Two (Y, Z)", [SpeakerName("A One", "X"), SpeakerName("B Two", "Y, Z")]),
        # one institution after several speakers: clearly theirs together
        ("A One and B Two (Uber)", [SpeakerName("A One", "Uber"), SpeakerName("B Two", "Uber")]),
        ("A One and B Two (both Uber AI)", [SpeakerName("A One", "Uber AI"), SpeakerName("B Two", "Uber AI")]),
        ("Sam Smith, Jr. and Jo Li", [SpeakerName("Sam Smith, Jr."), SpeakerName("Jo Li")]),
        ("  Dennis   Shasha  ", [SpeakerName("Dennis Shasha")]),
    ],
)
def test_speaker_strings_are_split(raw: str, expected: list[SpeakerName]) -> None:
    assert parse_speakers(raw) == (expected, [])


def test_an_ambiguous_shared_affiliation_stays_with_the_last_speaker_and_is_noted() -> None:
    speakers, notes = parse_speakers("A One and B Two (Stanford, Google)")
    assert speakers == [SpeakerName("A One"), SpeakerName("B Two", "Stanford, Google")]
    assert notes == [
        "affiliation 'Stanford, Google' follows the last of several speakers; "
        "given to B Two only, check whether the others share it"
    ]


def test_speakers_in_front_matter(site: Path) -> None:
    data = write_data(
        site,
        """\
        - {speaker: 'Ce Zhang (ETH, Together Compute)', date: W 1/18/23, title: T1}
        - {speaker: Xinyu Hu and Olcay Cirit, date: 5/5/22, title: T2}
        """,
    )
    run(site, data, "--series", "winter")
    text = "".join(pages(site).values())
    assert "speakers:\n  - name: Ce Zhang\n    affiliation: ETH, Together Compute\ndate:" in text
    assert "speakers:\n  - name: Xinyu Hu\n  - name: Olcay Cirit\ndate:" in text


# --------------------------------------------------------------------------------------------
# Text: line breaks, paragraphs, indentation
# --------------------------------------------------------------------------------------------


def test_a_line_break_mid_sentence_is_a_space() -> None:
    parsed = parse_entry(
        entry(
            """\
            - speaker: Xinyu Hu
              date: 5/5/22
              title: DeepETA
              abstract: "Estimated
             Time of Arrival (ETA) plays a role. Commonly used route planning algorithms predict
             an ETA."
            """
        ),
        WINTER,
        ImportOptions(series="winter"),
    )
    assert isinstance(parsed.item, talk_pages.TalkDraft)
    assert parsed.item.abstract == (
        "Estimated Time of Arrival (ETA) plays a role. Commonly used route planning algorithms predict an ETA.",
    )


def test_blank_lines_separate_paragraphs_and_indentation_is_dropped() -> None:
    parsed = parse_entry(
        entry(
            """\
            - speaker: Kexin Rong
              date: 4/14/22
              title: Learned Indexing
              abstract: "First part,  with   runs of spaces.
             \x20
                  In this talk, I will discuss
              two ideas.

                  I will conclude."
              bio: 'Line one
                line two.'
            """
        ),
        WINTER,
        ImportOptions(series="winter"),
    )
    assert isinstance(parsed.item, talk_pages.TalkDraft)
    assert parsed.item.abstract == (
        "First part, with runs of spaces.",
        "In this talk, I will discuss two ideas.",
        "I will conclude.",
    )
    assert parsed.item.bios == (("Kexin Rong", ("Line one line two.",)),)


def test_escaped_newlines_in_double_quotes_make_paragraphs() -> None:
    # Marco Tulio Ribeiro's abstract writes its paragraph break as "\n" escapes
    data = yaml.load('x: "One.\\n\n\\n\nTwo."', Loader=jekyll_data._Loader)
    assert paragraphs(data["x"]) == ["One.", "Two."]


def test_literal_blocks_wrap_lines_and_keep_blank_line_paragraphs() -> None:
    data = yaml.load("x: |\n  One\n  line.\n\n  Two.\n", Loader=jekyll_data._Loader)
    assert paragraphs(data["x"]) == ["One line.", "Two."]


# --------------------------------------------------------------------------------------------
# Markdown safety
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ultra-low-power consumption (<1mW).", "ultra-low-power consumption (\\<1mW)."),
        ("<b>bold</b> and <!-- x -->", "\\<b>bold\\</b> and \\<!-- x -->"),
        ("# 1 priority", "\\# 1 priority"),
        ("- it does not need labels", "\\- it does not need labels"),
        ("+ more", "\\+ more"),
        ("* star", "\\* star"),
        ("1. First, we", "1\\. First, we"),
        ("2) Second", "2\\) Second"),
        ("2.4x faster", "2.4x faster"),
        ("> quoted", "\\> quoted"),
        ("::: not a fence", "\\::: not a fence"),
        (":key: value", "\\:key: value"),
        ("% not a comment", "\\% not a comment"),
        ("---", "\\---"),
        ("~~~ tilde", "\\~~~ tilde"),
        ("(label)= here", "\\(label)= here"),
        ("use `code` here", "use \\`code\\` here"),
        ("a \\ backslash", "a \\\\ backslash"),
        ("AT&amp;T and R&D", "AT\\&amp;T and R&D"),
        ("costs $5 and $10", "costs \\$5 and \\$10"),
        ("{{ var }}", "\\{{ var }}"),
        ("*x*{.red} and [y]{#id} and a {brace}", "*x*\\{.red} and [y]\\{#id} and a {brace}"),
        (": a definition", "\\: a definition"),
        ("see [this](http://x.org) and [^1]", "see \\[this\\](http://x.org) and \\[^1\\]"),
        ("[distributed, large-scale] ML", "\\[distributed, large-scale\\] ML"),
        ("Production [distributed, large-scale] ML", "Production [distributed, large-scale] ML"),
        ("a large *unlabeled* set, tpu_graphs", "a large *unlabeled* set, tpu_graphs"),
    ],
)
def test_markup_characters_are_escaped(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_latex_math_is_kept_as_math() -> None:
    text = "the representation $x'(t) = Ax(t) + Bu(t), y(t) = Cx(t) + Du(t)$ and the state matrix $A$, producing"
    assert escape_markdown(text) == text
    assert escape_markdown("$A$ is a matrix") == "$A$ is a matrix"


def test_urls_are_left_whole_for_linkify() -> None:
    text = "Lin Ma (https://www.cs.cmu.edu/~malin199/) and https://x.org/a$b<c"
    assert escape_markdown(text) == "Lin Ma (https://www.cs.cmu.edu/~malin199/) and https://x.org/a$b\\<c"


def _render(body: str) -> str:
    """Render the directive bodies of a page body as MyST's markdown-it would (HTML)."""
    mdit = pytest.importorskip("myst_parser.parsers.mdit")
    config = pytest.importorskip("myst_parser.config.main")
    from markdown_it.renderer import RendererHTML

    md = mdit.create_md_parser(
        config.MdParserConfig(
            # as conf.py configures MyST
            enable_extensions={"colon_fence", "dollarmath", "linkify", "deflist", "attrs_inline"},
            linkify_fuzzy_links=False,
        ),
        RendererHTML,
    )
    fences = [t for t in md.parse(body) if t.type == "colon_fence"]
    return "\n".join(md.render(t.content) for t in fences)


def test_escaped_text_renders_as_the_original_words() -> None:
    words = [
        "- it does not need (<1mW) `x` 1. #2 costs $5 and $10 ::: R&D &amp; \\o/",
        "1. First",
        "> Quote",
        "Term",
        ": definition *x*{.red}",
        "state space $x'(t) = Ax(t)$ and $A$ at https://github.com/google/jax_x (see it).",
    ]
    page = talk_pages.render_page(
        talk_pages.TalkDraft(
            title="T", speakers=(SpeakerName("A B"),), date=dt.date(2021, 1, 1), series="s", abstract=tuple(words)
        )
    )
    html = _render(page.split("---\n", 2)[2])
    for tag in ("<ul", "<ol", "<blockquote", "<h1", "<h2", "<code", "<pre", "<dl", 'class="red"'):
        assert tag not in html
    assert "(&lt;1mW) `x` 1. #2 costs $5 and $10 ::: R&amp;D &amp;amp; \\o/" in html
    assert ": definition <em>x</em>{.red}" in html
    assert '<span class="math inline">x\'(t) = Ax(t)</span>' in html
    assert '<span class="math inline">A</span>' in html
    assert '<a href="https://github.com/google/jax_x">https://github.com/google/jax_x</a>' in html


# --------------------------------------------------------------------------------------------
# Bios of several speakers
# --------------------------------------------------------------------------------------------

XINYU_OLCAY = (
    "Xinyu Hu is a Senior Research Scientist at Uber. Prior to Uber, Xinyu graduated from Columbia "
    "University with a Ph.D. in Biostatistics. Olcay Cirit is a Staff Research Scientist at Uber AI."
)


def test_a_shared_bio_is_split_where_the_next_speaker_starts() -> None:
    assert split_bio([XINYU_OLCAY], ["Xinyu Hu", "Olcay Cirit"]) == [
        [
            "Xinyu Hu is a Senior Research Scientist at Uber. Prior to Uber, Xinyu graduated from Columbia University with a Ph.D. in Biostatistics."
        ],
        ["Olcay Cirit is a Staff Research Scientist at Uber AI."],
    ]


def test_a_bio_is_split_at_a_first_name_or_a_paragraph() -> None:
    assert split_bio(["Ann is here.", "Bob works there. He likes it."], ["Ann Lee", "Bob Ray"]) == [
        ["Ann is here."],
        ["Bob works there. He likes it."],
    ]
    # "Bob" inside a sentence is not where his part starts
    assert split_bio(["Ann met Bob. Later Bob left."], ["Ann Lee", "Bob Ray"]) is None


def test_a_split_bio_page_has_one_bio_per_speaker(site: Path) -> None:
    data = write_data(
        site,
        """\
        - speaker: Xinyu Hu and Olcay Cirit
          date: 5/5/22
          title: DeepETA
          bio: "Xinyu
         Hu is a Senior Research Scientist at Uber. Prior to Uber, Xinyu graduated from Columbia
         University with a Ph.D. in Biostatistics. Olcay Cirit is a
         Staff Research Scientist at Uber AI."
        """,
    )
    run(site, data, "--series", "winter")
    assert only_page(site).split("---\n", 2)[2] == textwrap.dedent(
        """
        :::{bio} Xinyu Hu
        Xinyu Hu is a Senior Research Scientist at Uber. Prior to Uber, Xinyu graduated from Columbia University with a Ph.D. in Biostatistics.
        :::

        :::{bio} Olcay Cirit
        Olcay Cirit is a Staff Research Scientist at Uber AI.
        :::
        """
    )


def test_an_unsplittable_bio_goes_to_the_first_speaker_with_a_note(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(
        site,
        """\
        - speaker: Dennis Shasha and Mustafa Anil Kocak
          date: 9/30/21
          title: SafePredict and Friends
          bio: "Dennis Shasha is a professor. He likes puzzles."
        """,
    )
    run(site, data, "--series", "winter")
    assert only_page(site).split("---\n", 2)[2] == (
        "\n:::{bio} Dennis Shasha\nDennis Shasha is a professor. He likes puzzles.\n:::\n"
    )
    assert (
        "note: bio could not be split between Dennis Shasha, Mustafa Anil Kocak: it is all under Dennis Shasha"
        in capsys.readouterr().out
    )


# --------------------------------------------------------------------------------------------
# Breaks
# --------------------------------------------------------------------------------------------


def test_a_break_without_a_date_is_reported_not_written(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(site, "- speaker: Thanksgiving\n- speaker: Spring recess\n")
    assert run(site, data, "--series", "fall") == 0
    out = capsys.readouterr().out
    assert pages(site) == {}
    assert (
        "break       entry 1 (line 3, 'Thanksgiving'): 'Thanksgiving' is a break with no date, so it cannot be "
        "placed; series/fall.md already lists a break 'Thanksgiving' (2023-11-20)\n"
    ) in out
    assert (
        "break       entry 2 (line 4, 'Spring recess'): 'Spring recess' is a break with no date, so it cannot be "
        "placed; add it to 'breaks:' in series/fall.md by hand with its date\n"
    ) in out
    assert out.endswith("data.yml: 0 talks (0 created, 0 unchanged, 0 kept, 0 overwritten), 2 break(s), 0 skipped\n")


def test_a_dated_break_prints_the_breaks_entry_to_add(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(
        site, "- {speaker: 'Holiday: no talk', date: M 11/13/23}\n- {speaker: Thanksgiving, date: M 11/20/23}\n"
    )
    run(site, data, "--series", "fall")
    out = capsys.readouterr().out
    assert (
        "break       entry 1 (line 3, 'Holiday: no talk'): add this to 'breaks:' under 'series:' in series/fall.md:\n"
        "    - date: 2023-11-13\n"
        "      label: 'Holiday: no talk'\n"
    ) in out
    assert "break       entry 2 (line 4, 'Thanksgiving'): 2023-11-20 already in the breaks of series/fall.md\n" in out


# --------------------------------------------------------------------------------------------
# Times and durations
# --------------------------------------------------------------------------------------------


def test_time_ranges_write_a_time_only_where_it_differs_from_the_series(site: Path) -> None:
    data = write_data(
        site,
        """\
        - {speaker: A, date: 10/15/20, title: Early}
        - {speaker: B, date: 3/18/21, title: Middle}
        - {speaker: C, date: 9/30/21, title: Late}
        - {speaker: D, date: 9/30/22, title: Outside}
        """,
    )
    run(
        site,
        data,
        "--series",
        "winter",
        "--time-range",
        "2020-10-01..2021-03-15=15:00",
        "--time-range",
        "2021-03-16..2021-09-01=13:00",
        "--time-range",
        "2021-09-02..2022-06-30=15:30",
        "--duration",
        "50",
    )
    found = pages(site)
    assert '\ndate: 2020-10-15\ntime: "15:00"\nseries: winter\n' in found["talks/2020/early.md"]
    assert '\ndate: 2021-03-18\ntime: "13:00"\nseries: winter\n' in found["talks/2021/middle.md"]
    assert "\ndate: 2021-09-30\nseries: winter\n" in found["talks/2021/late.md"]  # 15:30 is the default
    assert "\ndate: 2022-09-30\nseries: winter\n" in found["talks/2022/outside.md"]  # no range: default


def test_a_time_range_is_parsed_and_checked() -> None:
    assert parse_time_range("2020-10-01..2021-03-15=9:00") == importer.TimeRange(
        dt.date(2020, 10, 1), dt.date(2021, 3, 15), "09:00"
    )
    for bad in ("2020-10-01-2021-03-15=15:00", "2020-10-01..2021-03-15=25:00", "2021-01-01..2020-01-01=15:00"):
        with pytest.raises(ValueError):
            parse_time_range(bad)


@pytest.mark.parametrize(
    "args",
    [
        ["--time-range", "2020-10-01..2021-03-15=15:00", "--time-range", "2021-03-15..2021-09-01=13:00"],
        ["--time-range", "someday=15:00"],
        ["--duration", "0"],
        ["--series", "nope"],
    ],
)
def test_bad_options_are_usage_errors(site: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(site, "- {speaker: A, date: 10/15/20, title: T}\n")
    base = ["--series", "winter"] if "--series" not in args else []
    try:
        status = run(site, data, *base, *args)
    except SystemExit as exit_:  # argparse rejects some options itself, also with status 2
        status = int(exit_.code or 0)
    assert status == 2
    assert "Traceback" not in capsys.readouterr().err
    assert pages(site) == {}


def test_an_unknown_series_lists_the_known_ones(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(site, "- {speaker: A, date: 10/15/20, title: T}\n")
    assert run(site, data, "--series", "spring") == 2
    assert capsys.readouterr().err == (
        f"error: unknown series 'spring' (no {site / 'series' / 'spring.md'}); known series: fall, winter\n"
    )


def test_series_dir_option(site: Path) -> None:
    (site / "series").rename(site / "elsewhere")
    data = write_data(site, "- {speaker: A, date: 10/15/20, title: T}\n")
    assert run(site, data, "--series", "winter") == 2
    assert run(site, data, "--series", "winter", "--series-dir", str(site / "elsewhere")) == 0


# --------------------------------------------------------------------------------------------
# Slugs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", "flashattention"),
        ("Machine Learning in Production: Review of Empirical Solutions", "machine-learning-production"),
        ("Mechanistic Interpretability - Reverse Engineering Learned Algorithms", "mechanistic-interpretability"),
        ("Towards Transparent Foundations -- Building Accessible Infrastructure", "towards-transparent-foundations"),
        ("A Taxonomy of Machine Learning for Systems Problems", "taxonomy-machine-learning-systems-problems"),
        ("What can Data-Centric AI Learn from Data and ML Engineering?", "data-centric-ai-learn-data-ml-engineering"),
        ("You don't need a bigger boat: MLOps at reasonable scale", "you-dont-need-bigger-boat-mlops"),
        ("Christopher Ré's Talk", "christopher-res-talk"),
        (
            "Scalable, Accurate, Robust Binary Analysis with Transfer Learning",
            "scalable-accurate-robust-binary-analysis-transfer",
        ),
        ("Scalable Bayesian Optimization for Industrial Applications", "scalable-bayesian-optimization-industrial"),
        ("The Of", "the-of"),
        ("???", "talk"),
    ],
)
def test_slugs(title: str, slug: str) -> None:
    assert talk_slug(title) == slug
    assert len(slug) <= talk_pages.SLUG_CHARS


def test_slugs_are_unique_across_years_and_reruns_keep_their_files(site: Path) -> None:
    data = write_data(
        site,
        """\
        - {speaker: A, date: 1/21/21, title: "TinyML: Reducing the Carbon Footprint"}
        - {speaker: B, date: 3/3/22, title: "TinyML: Something Else"}
        - {speaker: C, date: 3/4/22, title: "TinyML: A Third"}
        """,
    )
    run(site, data, "--series", "winter")
    assert sorted(pages(site)) == ["talks/2021/tinyml.md", "talks/2022/tinyml-2.md", "talks/2022/tinyml-3.md"]
    before = pages(site)
    # a rerun of a data file whose entries are in another order maps each entry to its own file
    header, entries = data.read_text().splitlines()[:2], data.read_text().splitlines()[2:]
    data.write_text("\n".join(header + entries[::-1]) + "\n")
    run(site, data, "--series", "winter")
    assert pages(site) == before


# --------------------------------------------------------------------------------------------
# Idempotence
# --------------------------------------------------------------------------------------------


def test_rerun_hand_edits_force_and_dry_run(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(site, "- {speaker: Dan Fu (Stanford), date: M 12/04/23, title: 'Monarch Mixer: Efficient'}\n")
    page = site / "talks" / "2023" / "monarch-mixer.md"
    assert run(site, data, "--series", "fall") == 0
    original = page.read_text()
    assert "created     talks/2023/monarch-mixer.md  (2023-12-04, Dan Fu)\n" in capsys.readouterr().out

    run(site, data, "--series", "fall")
    assert "unchanged   talks/2023/monarch-mixer.md" in capsys.readouterr().out

    page.write_text(original + "\nAdded by hand.\n")
    run(site, data, "--series", "fall")
    out = capsys.readouterr().out
    assert (
        "kept        talks/2023/monarch-mixer.md  (2023-12-04, Dan Fu): edited by hand; --force to overwrite\n" in out
    )
    assert out.endswith("(0 created, 0 unchanged, 1 kept, 0 overwritten), 0 break(s), 0 skipped\n")
    assert page.read_text().endswith("Added by hand.\n")

    run(site, data, "--series", "fall", "--force", "--dry-run")
    out = capsys.readouterr().out
    assert "[dry run] overwritten talks/2023/monarch-mixer.md" in out
    assert out.endswith("[dry run: nothing written]\n")
    assert page.read_text().endswith("Added by hand.\n")

    run(site, data, "--series", "fall", "--force")
    assert "overwritten talks/2023/monarch-mixer.md" in capsys.readouterr().out
    assert page.read_text() == original


def test_an_existing_page_is_found_by_series_date_and_title_not_by_slug(site: Path) -> None:
    data = write_data(site, "- {speaker: A, date: 5/5/22, title: 'DeepETA: How Uber Predicts'}\n")
    run(site, data, "--series", "winter")
    moved = site / "talks" / "2022" / "uber-eta.md"
    (site / "talks" / "2022" / "deepeta.md").rename(moved)
    run(site, data, "--series", "winter")
    assert list(pages(site)) == ["talks/2022/uber-eta.md"]
    # the same title and date in another series is another talk
    run(site, data, "--series", "fall")
    assert list(pages(site)) == ["talks/2022/deepeta.md", "talks/2022/uber-eta.md"]


def test_a_title_edited_by_hand_still_maps_to_its_page(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(site, "- {speaker: A, date: 5/5/22, title: 'DeepETA: How Uber Predicts'}\n")
    run(site, data, "--series", "winter")
    page = site / "talks" / "2022" / "deepeta.md"
    page.write_text(page.read_text().replace("How Uber Predicts", "How Uber Predicts Arrival Times"))
    run(site, data, "--series", "winter")
    assert list(pages(site)) == ["talks/2022/deepeta.md"]
    assert "kept        talks/2022/deepeta.md" in capsys.readouterr().out


def test_dry_run_writes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(site, "- {speaker: A, date: 5/5/22, title: T}\n")
    assert run(site, data, "--series", "winter", "--dry-run") == 0
    assert pages(site) == {}
    assert "[dry run] created     talks/2022/t.md  (2022-05-05, A)\n" in capsys.readouterr().out


def _report(out: str) -> list[str]:
    """The report lines of a run, without the dry-run marks (what a dry run and a real run must share)."""
    lines = [line.removeprefix("[dry run] ") for line in out.splitlines()]
    return [line.removesuffix(" [dry run: nothing written]") for line in lines]


SAME_TITLE = """\
    - {speaker: Ann Able, date: 1/11/23, title: Panel on Systems}
    - {speaker: Bob Baker, date: 1/11/23, title: Panel on Systems}
    - {speaker: Ann Able and Bob Baker, date: 1/11/23, title: "Panel  on systems"}
    """


def test_same_series_date_and_title_with_other_speakers_are_other_talks(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(site, SAME_TITLE)
    assert run(site, data, "--series", "winter", "--dry-run") == 0
    dry = _report(capsys.readouterr().out)
    assert pages(site) == {}
    assert run(site, data, "--series", "winter") == 0
    real = _report(capsys.readouterr().out)
    assert dry == real  # the dry run reports exactly what the run does
    assert real == [
        "created     talks/2023/panel-systems.md  (2023-01-11, Ann Able)",
        "created     talks/2023/panel-systems-2.md  (2023-01-11, Bob Baker)",
        "created     talks/2023/panel-systems-3.md  (2023-01-11, Ann Able and Bob Baker)",
        "data.yml: 3 talks (3 created, 0 unchanged, 0 kept, 0 overwritten), 0 break(s), 0 skipped",
    ]
    written = pages(site)
    speakers = {name: yaml.safe_load(text.split("---")[1])["speakers"] for name, text in written.items()}
    assert speakers == {
        "talks/2023/panel-systems.md": [{"name": "Ann Able"}],
        "talks/2023/panel-systems-2.md": [{"name": "Bob Baker"}],
        "talks/2023/panel-systems-3.md": [{"name": "Ann Able"}, {"name": "Bob Baker"}],
    }


def test_a_rerun_gives_each_talk_of_a_shared_title_its_own_page_in_any_order(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(site, SAME_TITLE)
    run(site, data, "--series", "winter")
    before = pages(site)
    header, entries = data.read_text().splitlines()[:2], data.read_text().splitlines()[2:]
    data.write_text("\n".join(header + entries[::-1]) + "\n")
    capsys.readouterr()
    for args in (["--dry-run"], []):
        assert run(site, data, "--series", "winter", *args) == 0
        out = _report(capsys.readouterr().out)
        assert out[-1] == "data.yml: 3 talks (0 created, 3 unchanged, 0 kept, 0 overwritten), 0 break(s), 0 skipped"
    assert pages(site) == before


def test_a_page_whose_speakers_were_edited_by_hand_is_still_the_talks_page(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_data(site, "- {speaker: Ann Able, date: 1/11/23, title: Panel}\n")
    run(site, data, "--series", "winter")
    page = site / "talks" / "2023" / "panel.md"
    page.write_text(page.read_text().replace("Ann Able", "Ann B. Able"))
    capsys.readouterr()
    run(site, data, "--series", "winter")
    assert "kept        talks/2023/panel.md  (2023-01-11, Ann Able): edited by hand" in capsys.readouterr().out
    assert list(pages(site)) == ["talks/2023/panel.md"]


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_entry_given_twice_is_imported_once_and_the_second_is_skipped(
    site: Path, capsys: pytest.CaptureFixture[str], dry_run: bool
) -> None:
    data = write_data(
        site,
        """\
        - {speaker: Ann Able, date: 1/11/23, title: Panel}
        - {speaker: "ann  able", date: 2023-01-11, title: PANEL, abstract: A second copy.}
        """,
    )
    assert run(site, data, "--series", "winter", *(["--dry-run"] if dry_run else [])) == 1
    assert _report(capsys.readouterr().out) == [
        "created     talks/2023/panel.md  (2023-01-11, Ann Able)",
        "skipped     entry 2 (line 4, 'PANEL'): the same talk (series, date, title and speakers) as entry 1 "
        "(line 3, 'Panel')",
        "data.yml: 1 talks (1 created, 0 unchanged, 0 kept, 0 overwritten), 0 break(s), 1 skipped",
    ]
    assert list(pages(site)) == ([] if dry_run else ["talks/2023/panel.md"])


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_bad_entries_are_skipped_with_a_message_naming_them(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(
        site,
        """\
        - {speaker: No Date, title: Undated}
        - {speaker: Bad Date, date: 2/30/22, title: Impossible}
        - {date: 5/5/22, title: Nobody}
        - just a string
        - {}
        - {speaker: Good, date: 5/5/22, title: Fine, recording: ftp://x, extra: 1}
        """,
    )
    assert run(site, data, "--series", "winter") == 1
    out = capsys.readouterr().out
    assert "skipped     entry 1 (line 3, 'Undated'): no date\n" in out
    assert (
        "skipped     entry 2 (line 4, 'Impossible'): date '2/30/22' does not exist (day is out of range for month)\n"
        in out
    )
    assert "skipped     entry 3 (line 5, 'Nobody'): no speaker\n" in out
    assert "skipped     entry 4 (line 6): not a mapping of speaker, date, title, ...\n" in out
    assert "skipped     entry 5 (line 7): no title and no speaker: nothing to import\n" in out
    assert "note: ignored unknown key(s): extra\n" in out
    assert "note: recording 'ftp://x' is not an http(s) link; left out\n" in out
    assert out.endswith("1 talks (1 created, 0 unchanged, 0 kept, 0 overwritten), 0 break(s), 5 skipped\n")
    assert list(pages(site)) == ["talks/2022/fine.md"]


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [("title", "{a: 1}", "a mapping"), ("title", "[a, b]", "a list"), ("abstract", "{text: x}", "a mapping")],
)
def test_a_field_of_the_wrong_kind_is_named_in_words(field: str, value: str, kind: str) -> None:
    fields = {"speaker": "A", "date": "5/5/22", "title": "T", field: value}
    text = "- {" + ", ".join(f"{key}: {val}" for key, val in fields.items()) + "}\n"
    with pytest.raises(importer.EntryError) as err:
        parse_entry(entry(text), WINTER, ImportOptions(series="winter"))
    assert str(err.value) == f"{field!r} is {kind}, expected text"
    assert not re.search(r"_Located|_LiteralText|YAML \w", str(err.value))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a: [\n", "malformed YAML: expected the node content, but found '<stream end>' (line 2, column 1)"),
        (
            "- members:\n  - tags: " + "[" * 500 + "]" * 500,
            "the data nests lists and mappings more than 20 levels deep (line 2)",
        ),
        ("- members:\n  - tags: " + "[" * 5000, "the data nests lists and mappings more than 20 levels deep (line 2)"),
        (
            "- members:\n  - tags:\n" + "".join(" " * (i + 4) + "-\n" for i in range(500)),
            "the data nests lists and mappings more than 20 levels deep (line 19)",
        ),
        (
            "- members:\n  - tags:\n      " + "- " * 5000 + "x\n",
            "the data nests lists and mappings more than 20 levels deep (line 3)",
        ),
        ("- &a\n  members: [*a]\n", "the data has a list or mapping that contains itself (through an alias) (line 2)"),
        ("speaker: x\n", "expected the Jekyll data format"),
        (b"\xff\xfe", "not a UTF-8 text file"),
    ],
)
def test_bad_files_are_usage_errors(
    site: Path, content: str | bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = site / "bad.yml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert run(site, path, "--series", "winter") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: ") and message in err


def test_the_command_line_reports_without_a_traceback(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(EXT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "seminar",
            "import-jekyll",
            str(site / "missing.yml"),
            "--series",
            "winter",
            "--root",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"error: cannot read {site / 'missing.yml'}: No such file or directory\n"


def test_commands_are_registered_as_subparsers() -> None:
    parser = build_parser()
    args = parser.parse_args(["import-jekyll", "x.yml", "--series", "s"])
    assert args.command == "import-jekyll"
    assert args.handler.__name__ == "run_import_jekyll"
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([])
    assert exit_.value.code == 2


# --------------------------------------------------------------------------------------------
# The seed data
# --------------------------------------------------------------------------------------------

SEED_RUNS = [
    ("systems-for-ml-2023.yml", "systems-for-ml-2023", [], 7),
    ("foundation-models-2023.yml", "foundation-models-2023", [], 13),
    (
        "weekly-talks-2020-2022.yml",
        "weekly-2020-2022",
        [
            "--time-range",
            "2020-10-01..2021-03-15=15:00",
            "--time-range",
            "2021-03-16..2021-09-01=13:00",
            "--time-range",
            "2021-09-02..2022-06-30=13:30",
        ],
        66,
    ),
]
REAL_SERIES = Path(__file__).resolve().parents[1] / "series"


def _alnum(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum() and ch.isascii())


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEED.is_dir() or not all((REAL_SERIES / f"{s}.md").is_file() for _, s, _, _ in SEED_RUNS):
        pytest.skip("seed data or series pages not available")
    root = tmp_path_factory.mktemp("seed-site")
    for name, series, args, count in SEED_RUNS:
        before = len(pages(root))
        assert (
            main(
                [
                    "import-jekyll",
                    str(SEED / name),
                    "--series",
                    series,
                    "--series-dir",
                    str(REAL_SERIES),
                    "--root",
                    str(root),
                    *args,
                ]
            )
            == 0
        )
        assert len(pages(root)) - before == count
    return root


def test_the_seed_gives_86_pages_and_a_rerun_changes_nothing(
    seed_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(pages(seed_site)) == 86
    for name, series, args, count in SEED_RUNS:
        capsys.readouterr()
        main(
            [
                "import-jekyll",
                str(SEED / name),
                "--series",
                series,
                "--series-dir",
                str(REAL_SERIES),
                "--root",
                str(seed_site),
                *args,
            ]
        )
        assert f"{count} talks (0 created, {count} unchanged, 0 kept, 0 overwritten)" in capsys.readouterr().out


def test_every_seed_field_is_in_its_page(seed_site: Path) -> None:
    by_title = {}
    for text in pages(seed_site).values():
        front = yaml.safe_load(text.split("---\n")[1])
        # the directive lines (":::{bio} Name") are markup, not text
        body = re.sub(r"(?m)^:::.*$", "", text.split("---\n", 2)[2])
        by_title[front["title"]] = (front, _alnum(body))
    for name, series, _, _ in SEED_RUNS:
        for item in yaml.safe_load((SEED / name).read_text())[0]["members"]:
            if not item.get("title"):
                continue
            front, body = by_title[" ".join(str(item["title"]).split())]
            assert front["series"] == series
            month, day, year = re.search(r"(\d+)/(\d+)/(\d+)", item["date"]).groups()  # type: ignore[union-attr]
            assert front["date"] == dt.date(2000 + int(year), int(month), int(day))
            who = re.sub(r"\s*\(.*\)\s*$", "", item["speaker"])
            assert [s["name"] for s in front["speakers"]] == re.split(r"\s+and\s+", who)
            assert _alnum(item.get("abstract") or "") in body
            assert _alnum(item.get("bio") or "") in body
            assert front.get("recording") == item.get("recording")
            assert front.get("livestream") == item.get("livestream")


def test_the_seed_math_and_split_bio(seed_site: Path) -> None:
    found = pages(seed_site)
    assert (
        "$x'(t) = Ax(t) + Bu(t), y(t) = Cx(t) + Du(t)$"
        in found["talks/2021/efficiently-modeling-long-sequences-structured.md"]
    )
    deepeta = found["talks/2022/deepeta.md"]
    assert ":::{bio} Xinyu Hu\nXinyu Hu is a Senior" in deepeta
    assert "Biostatistics.\n:::\n\n:::{bio} Olcay Cirit\nOlcay Cirit is a Staff Research Scientist" in deepeta
