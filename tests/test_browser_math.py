"""Math in Chromium: the MathML made at build time is drawn by the browser, in light and dark, wide and narrow.

The one talk with formulas in the real site (its abstract holds ``$x'(t) = Ax(t) + Bu(t), ...$``
and ``$A$``) is opened at 1280 and 375 px in both colour schemes: each formula is laid out as
math (it has a box, its prime is raised), the TeX source is not shown, nothing overflows the
page, and axe finds no violation.  Screenshots go to ``_build/screenshots/math-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, SCREENSHOTS, axe_run

pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = BROWSER_MARKS

MATH_TALK = "talks/2021/efficiently-modeling-long-sequences-structured.html"


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_formulas_are_drawn_as_math(new_tab: Callable[..., Any], site: str, width: int, scheme: str) -> None:
    tab = new_tab(viewport={"width": width, "height": 900}, color_scheme=scheme)
    tab.goto(site + MATH_TALK)
    formulas = tab.locator(".seminar-abstract math")
    assert formulas.count() == 2
    text = tab.locator(".seminar-abstract").inner_text()
    assert "\\(" not in text and "Ax(t)" not in text.replace(" ", "")  # no TeX shown
    first = formulas.first
    first.scroll_into_view_if_needed()
    box = first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 8
    # x' is laid out as a superscript: the prime sits higher than the x.
    x_top, prime_top = tab.evaluate(
        """() => { const sup = document.querySelector('.seminar-abstract math msup');
                   return [...sup.children].map(c => c.getBoundingClientRect().top); }"""
    )
    assert prime_top < x_top
    assert tab.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    tab.locator(".seminar-abstract").screenshot(path=str(SCREENSHOTS / f"math-{width}-{scheme}.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_math_page_has_no_axe_violations(new_tab: Callable[..., Any], site: str, scheme: str) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab.goto(site + MATH_TALK)
    results = axe_run(tab)
    violations = [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]]
    assert violations == []
