"""Math as MathML made at build time (``seminar.html.math``): what it writes, what it refuses, what it never lets through.

The converter wrapper is fed the seed's formula, hostile TeX (links to ``javascript:``, styles,
classes, markup in ``\\text``, unbalanced braces, huge and deeply nested input) and, with
Hypothesis, any text: it either gives MathML made of presentation elements and attributes only,
or refuses with a reason.  A build shows MathML, loads no MathJax, and reports a formula it cannot
convert with a located ``seminar.bad_math`` warning while the page shows its TeX as code.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seminar.html.math import ATTRIBUTES, ELEMENTS, MAX_SOURCE, UnconvertibleMathError, to_mathml
from sitebuild import Build, build, copy_root

SEED = "x'(t) = Ax(t) + Bu(t), y(t) = Cx(t) + Du(t)"  # talks/2021/efficiently-modeling-long-sequences-structured


class _Markup(HTMLParser):
    """The start tags, end tags and attributes of an HTML fragment, as a browser's tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[str] = []
        self.ends: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append(tag)
        self.attributes.extend(attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.other.append(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_comment(self, data: str) -> None:
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.other.append(decl)

    def handle_pi(self, data: str) -> None:
        self.other.append(data)

    def unknown_decl(self, data: str) -> None:
        self.other.append(data)


def assert_safe(mathml: str) -> None:
    """``mathml`` is one ``<math>`` of allowed elements and attributes, balanced, with no link or handler."""
    markup = _Markup()
    markup.feed(mathml)
    markup.close()
    assert markup.starts and markup.starts[0] == "math", mathml
    assert set(markup.starts) <= ELEMENTS, mathml
    assert sorted(markup.starts) == sorted(markup.ends), mathml  # every element closed: nothing swallowed
    assert markup.other == [], mathml
    for name, value in markup.attributes:
        assert name in ATTRIBUTES or name == "xmlns", mathml
        assert name != "xmlns" or value == "http://www.w3.org/1998/Math/MathML"
        assert name == "xmlns" or (value is not None and re.fullmatch(r"[A-Za-z0-9#.%+\- ]*", value)), mathml
    lowered = mathml.lower()
    assert "<script" not in lowered, mathml
    # Inside the tags only: text between them may say anything (it is escaped), and an allowed
    # attribute may hold one of these words (``displaystyle``).
    for tag in re.findall(r"<[^>]*>", lowered):
        assert not re.search(r"\s(?:href|src|style|class|on[a-z]*)\s*=", tag), (tag, mathml)
        assert "javascript:" not in tag, (tag, mathml)


# -- what it writes ----------------------------------------------------------------------------------------


def test_the_seed_formula_is_mathml() -> None:
    mathml = to_mathml(SEED, block=False)
    assert mathml.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert "<msup><mi>x</mi><mi>\u2032</mi></msup>" in mathml  # x' as x with a prime
    assert '<mo stretchy="false">(</mo>' in mathml  # symbols as characters, not references
    assert_safe(mathml)


@pytest.mark.parametrize(
    ("latex", "holds"),
    [
        (r"\frac{a}{b}", "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>"),
        (r"\sqrt{d}", "<msqrt>"),
        (r"\mathbb{R}^{n\times d}", "<mi>\u211d</mi>"),
        (r"\sum_{i=1}^n x_i", "<msubsup><mo>\u2211</mo>"),  # inline: limits at the side
        (r"a < b", "<mo>&lt;</mo>"),
        (r"\text{a & b}", "<mtext>a\u00a0&amp;\u00a0b</mtext>"),  # spaces of text kept as no-break spaces
        (r"\color{red}{x}", '<mstyle mathcolor="red">'),
    ],
)
def test_common_tex(latex: str, holds: str) -> None:
    mathml = to_mathml(latex, block=False)
    assert holds in mathml
    assert_safe(mathml)


def test_block_math_is_display_block() -> None:
    assert to_mathml("A", block=True).startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')


# -- what it never lets through -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "kept_text"),
    [
        (r"\href{javascript:alert(1)}{click}", "<mi>c</mi>"),  # the text stays, the link goes
        (r"\href{https://example.org}{x}", "<mi>x</mi>"),  # no link of any kind inside math
        (r"\style{background:url(https://evil.example/x.png)}{x}", "<mi>x</mi>"),
        (r"\class{seminar-video}{x}", "<mi>x</mi>"),
        (r"\text{<b onclick=alert(1)>bold</b>}", "&lt;b"),  # text, not an element
        (r"\text{<script>alert(1)</script>}", "&lt;script&gt;"),
        (r"\mathrm{<img src=x onerror=alert(1)>}", "&lt;"),
        (r"\color{javascript:alert(1)}{x}", "<mi>x</mi>"),  # a value that is no colour is dropped
        (r"\text{&#x3c;script&#x3e;}", "&lt;script&gt;"),  # references typed in text stay text
    ],
)
def test_hostile_tex_gives_plain_mathml(latex: str, kept_text: str) -> None:
    mathml = to_mathml(latex, block=False)
    assert_safe(mathml)
    assert kept_text in mathml


@pytest.mark.parametrize(
    ("latex", "reason"),
    [
        (r"\unknowncommand{x}", r"unknown command \unknowncommand"),
        (r"\begin{nosuchenvironment} x", "cannot convert"),
        ("x" * (MAX_SOURCE + 1), f"at most {MAX_SOURCE}"),
        ("{" * 1500 + "x" + "}" * 1500, "nested too deeply"),  # not a RecursionError
        ("^" * 50, "MissingSuperScriptOrSubscriptError"),
    ],
)
def test_unconvertible_tex_is_refused_with_a_reason(latex: str, reason: str) -> None:
    with pytest.raises(UnconvertibleMathError, match=re.escape(reason)):
        to_mathml(latex, block=False)


def test_unbalanced_braces_never_raise_anything_else() -> None:
    for latex in ("{x", "x}", r"\frac{a", r"\frac{a}{", "}{", r"\left( x", r"x \right)", r"\sqrt[", "_", "x^"):
        with contextlib.suppress(UnconvertibleMathError):
            assert_safe(to_mathml(latex, block=False))


TEX_PIECES = st.sampled_from(
    [
        "x", "1", "+", "=", "{", "}", "^", "_", "&", "\\\\", "<", ">", '"', "'", " ", "\\frac", "\\sqrt", "\\text",
        "\\href", "\\style", "\\class", "\\color", "\\mathrm", "\\left(", "\\right)", "\\begin{matrix}",
        "\\end{matrix}", "\\begin{split}", "\\end{split}", "javascript:", "onclick=", "<script>", "&#x3c;",
        "\\operatorname", "\\mathbb", "\\sum", "\\int", "\\hspace", "\\;", "\\,", "[", "]", "(", ")", "%", "#", "~",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    latex=st.one_of(st.lists(TEX_PIECES, max_size=30).map("".join), st.text(max_size=60)),
    block=st.booleans(),
)
@example(latex="\\begin{split}\\end{split}", block=False)  # displaystyle="true": no style attribute
@example(latex="\\text{ onclick=javascript:alert(1)}", block=True)  # text, escaped, is no attribute
def test_any_input_gives_safe_mathml_or_a_refusal(latex: str, block: bool) -> None:
    """Whatever a page holds between dollars: safe MathML, or ``UnconvertibleMathError``; nothing else escapes."""
    try:
        mathml = to_mathml(latex, block=block)
    except UnconvertibleMathError as error:
        assert str(error)
        return
    assert_safe(mathml)


# -- a build ------------------------------------------------------------------------------------------------

BAD_TALK = """\
---
title: Formulas
speakers: [Sophie Germain]
date: 2023-03-01
series: fm
---

:::{abstract}
Inline $\\frac{a}{b}$ and a command no one knows, $\\nosuchcommand{x}$, and a link: $\\href{javascript:alert(1)}{y}$.

$$
a = b \\\\
c = d
$$

```{math}
:label: euler
e^{i\\pi} + 1 = 0
```
:::
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("math")
    src = copy_root("bodies", tmp)
    (src / "talks" / "2023" / "formulas.md").write_text(BAD_TALK, encoding="utf-8")
    return build(src, tmp / "build", fresh=True)


def _soup(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / page).read_bytes(), "html.parser")


def test_a_formula_that_cannot_be_converted_is_warned_where_it_is_written(site: Build) -> None:
    warnings = [line for line in site.warnings.splitlines() if "seminar.bad_math" in line]
    assert len(warnings) == 1, site.warnings
    assert re.search(
        r"talks/2023/formulas\.md:\d+: WARNING: math shown as TeX: unknown command \\nosuchcommand", warnings[0]
    )
    assert "Traceback" not in site.warnings


def test_the_page_shows_mathml_and_the_tex_it_cannot_convert(site: Build) -> None:
    abstract = _soup(site, "talks/2023/formulas.html").select_one(".seminar-abstract")
    assert abstract is not None
    inline = abstract.select("span.math")
    assert inline[0].select_one("math[display=inline] mfrac") is not None
    assert inline[1].select_one("math") is None
    assert inline[1].select_one("code.seminar-math-source").get_text() == "\\nosuchcommand{x}"
    assert inline[2].select_one("math") is not None and "href" not in str(inline[2])
    blocks = abstract.select("div.math")
    assert blocks[0].select_one("math[display=block] mtable") is not None  # lines broken at \\ (split)
    numbered = blocks[1]
    assert numbered.get("id") == "equation-euler"
    assert numbered.select_one("span.eqno").get_text().startswith("(1)")
    assert numbered.select_one("span.eqno a.headerlink")["href"] == "#equation-euler"
    assert numbered.select_one("math[display=block] msup") is not None


@pytest.mark.parametrize("page", ["talks/2023/formulas.html", "speakers/sophie-germain.html"])
def test_no_page_with_math_loads_a_script_or_stylesheet_for_it(site: Build, page: str) -> None:
    soup = _soup(site, page)
    assert soup.select("math")
    sources = [str(tag.get("src", "")) for tag in soup.find_all("script")]
    sources += [str(tag.get("href", "")) for tag in soup.find_all("link", rel="stylesheet")]
    assert not [source for source in sources if "://" in source or "mathjax" in source.lower()]


def test_a_site_can_choose_another_renderer(tmp_path: Path) -> None:
    """``html_math_renderer`` set by the site wins over the extension's default."""
    src = copy_root("bodies", tmp_path)
    built = build(src, tmp_path / "build", fresh=True, confoverrides={"html_math_renderer": "mathjax"})
    soup = _soup(built, "talks/2023/math-bio.html")
    assert not soup.select("math")
    assert any("mathjax" in str(tag.get("src", "")) for tag in soup.find_all("script"))
