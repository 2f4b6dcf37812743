"""Draw the site's default share image, ``_static/og-image.png`` (1200x630), from ``_static/logo.svg``.

Run once when the logo or the wording changes, and commit the PNG: the build only copies it.
It uses what the browser tests already need, Playwright and Debian's Chromium, so no image library
is installed for it::

    .venv/bin/python scripts/make_og_image.py
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGO = ROOT / "_static" / "logo.svg"
TARGET = ROOT / "_static" / "og-image.png"
CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1200, 630  # what OpenGraph and Twitter's large card show without cropping

TITLE = "Stanford MLSys Seminar"
PITCH = "Talks on the frontier of machine learning systems, livestreamed and free to watch."
SITE = "mlsys.stanford.edu"


def card_html(logo_svg: str) -> str:
    """The share image as a page: the logo on the left, the name and pitch on the right, on cardinal."""
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {WIDTH}px; height: {HEIGHT}px; }}
  body {{
    display: flex; align-items: center; gap: 64px; box-sizing: border-box; padding: 0 88px;
    background: #8c1515; color: #ffffff;
    font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  }}
  .logo svg {{ width: 280px; height: 280px; display: block; }}
  h1 {{ margin: 0 0 28px; font-size: 76px; line-height: 1.05; font-weight: 700; }}
  p {{ margin: 0; font-size: 34px; line-height: 1.35; color: #fbeaea; }}
  .site {{ margin-top: 36px; font-size: 28px; color: #ffffff; opacity: 0.9; }}
</style></head><body>
  <div class="logo">{logo_svg}</div>
  <div><h1>{html.escape(TITLE)}</h1><p>{html.escape(PITCH)}</p><p class="site">{html.escape(SITE)}</p></div>
</body></html>"""


def main() -> int:
    """Render :func:`card_html` in headless Chromium and save the screenshot as :data:`TARGET`."""
    from playwright.sync_api import sync_playwright  # a development tool; the build never imports this script

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(card_html(LOGO.read_text(encoding="utf-8")))
        page.screenshot(path=str(TARGET), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
