"""``sphinx-build -b linkcheck`` sees the links of the front matter, each at the line of its key.

The talk header, the series header and the speaker details that show these links are rendered
after the linkcheck builder has collected a page's links; the extension hands them to it first.
No request leaves the machine: every page is in ``linkcheck_exclude_documents``, so each link is
reported as collected ("ignored") and never fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitebuild import build, copy_root

# (root, page, line, URL): every front-matter link of the two sites, from every key that holds one.
FRONT_MATTER_LINKS = [
    ("basic", "talks/2023/flash.md", 8, "https://www.youtube.com/watch?v=abc"),  # recording
    ("basic", "talks/2024/future.md", 7, "https://www.youtube.com/watch?v=live"),  # livestream
    ("feeds", "talks/2023/monarch.md", 11, "https://example.org/slides.pdf"),  # slides
    ("basic", "series/fm.md", 9, "https://example.org/cs324"),  # a course's url
    ("basic", "speakers/tri-dao.md", 3, "https://tridao.example.org"),  # homepage
]


def _checked(tmp: Path, root: str) -> dict[str, dict[str, Any]]:
    """The links a linkcheck build of ``tests/roots/test-<root>`` reports, by URL."""
    overrides = {"linkcheck_exclude_documents": [".*"]}  # report every link, fetch none
    done = build(copy_root(root, tmp), tmp / "out", fresh=True, buildername="linkcheck", confoverrides=overrides)
    assert done.warnings == ""
    lines = (done.outdir / "output.json").read_text(encoding="utf-8").splitlines()
    return {record["uri"]: record for record in map(json.loads, lines)}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, Any]]]:
    return {root: _checked(tmp_path_factory.mktemp(root), root) for root in ("basic", "feeds")}


@pytest.mark.parametrize(("root", "page", "line", "url"), FRONT_MATTER_LINKS)
def test_linkcheck_sees_front_matter_links(
    checked: dict[str, dict[str, dict[str, Any]]], root: str, page: str, line: int, url: str
) -> None:
    record = checked[root].get(url)
    assert record is not None, sorted(checked[root])
    assert (record["filename"], record["lineno"], record["status"]) == (page, line, "ignored")


def test_linkcheck_still_sees_body_links(checked: dict[str, dict[str, dict[str, Any]]]) -> None:
    assert checked["basic"]["https://example.org/paper"]["filename"] == "talks/2023/flash.md"
