"""Incremental builds write exactly what clean builds write, and only the pages an edit affects."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.testing.util import SphinxTestApp

from sitebuild import Build, build, copy_root, edit

CONTENT_PAGES = {"genindex", "search"}  # Sphinx rewrites these on every build that read anything


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _assert_same_html(incremental: Build, clean: Build) -> None:
    inc, ref = incremental.html(), clean.html()
    assert sorted(inc) == sorted(ref), "different sets of pages"
    different = [name for name in ref if inc[name] != ref[name]]
    assert not different, f"incremental output differs from a clean build in {different}"


def _assert_same_site_files(incremental: Build, clean: Build) -> None:
    """Calendars, feeds, ``talks.json`` and avatars (written at the end of the build, not as pages), and images."""

    def files(build: Build) -> dict[str, bytes]:
        found = [
            p for p in build.outdir.rglob("*") if p.suffix == ".ics" or p.name.endswith((".atom.xml", "talks.json"))
        ]
        found += [build.outdir / "atom.xml", *build.outdir.glob("_images/**/*.svg")]
        return {p.relative_to(build.outdir).as_posix(): p.read_bytes() for p in found if p.is_file()}

    inc, ref = files(incremental), files(clean)
    assert sorted(inc) == sorted(ref), "different sets of calendars and feeds"
    different = [name for name in ref if inc[name] != ref[name]]
    assert not different, f"incremental output differs from a clean build in {different}"


def _assert_same_output(incremental: Build, clean: Build) -> None:
    """Pages and site files alike."""
    _assert_same_html(incremental, clean)
    _assert_same_site_files(incremental, clean)


def _new_talk(src: Path) -> None:
    (src / "talks/2023/newcomer.md").write_text(
        "---\ntitle: A Newcomer\nspeakers: [Nina New]\ndate: 2023-02-01\nseries: fm\ntags: [attention]\n---\n\n"
        ":::{abstract}\nNew.\n:::\n",
        encoding="utf-8",
    )


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("speaker", lambda s: edit(s / "talks/2023/flash.md", "name: Tri Dao", "name: Ada Lovelace")),
    ("series", lambda s: edit(s / "talks/2023/monarch.md", "series: fm", "series: sys")),
    ("date", lambda s: edit(s / "talks/2023/flash.md", "date: 2023-01-11", "date: 2023-01-30")),
    ("title", lambda s: edit(s / "talks/2023/flash.md", "FlashAttention: Fast", "FlashAttention 2: Faster")),
    ("tags", lambda s: edit(s / "talks/2023/flash.md", "tags: [attention, efficiency]", "tags: [attention, systems]")),
    # Only the markup changes, not the text: the speaker page copies the bio's nodes.
    (
        "bio markup",
        lambda s: edit(s / "talks/2023/monarch.md", "Dan Fu is a PhD student.", "Dan Fu is a *PhD* student."),
    ),
    ("abstract", lambda s: edit(s / "talks/2023/flash.md", "Transformers are slow", "Transformers are rather slow")),
    # Text of a page that is no talk: like an abstract, it reaches no other page.
    ("page text", lambda s: edit(s / "index.md", "Upcoming:", "Upcoming talks:")),
    ("speaker page", lambda s: edit(s / "speakers/tri-dao.md", "pronouns: he/him", "pronouns: they/them")),
    # The talk headers and the speaker page show the photo, else the avatar (a file of the name).
    ("photo removed", lambda s: edit(s / "speakers/tri-dao.md", "photo: tri-dao.svg\n", "")),
    (
        "photo added",
        lambda s: edit(s / "speakers/tri-dao.md", "pronouns: they/them", "pronouns: they/them\nphoto: tri-dao.svg"),
    ),
    (
        "remote photo",
        lambda s: edit(s / "speakers/tri-dao.md", "photo: tri-dao.svg", "photo: https://example.org/t.jpg"),
    ),
    ("photo page renamed", lambda s: edit(s / "speakers/tri-dao.md", "name: Tri Dao", "name: Tri van Dao")),
    # Tri Dao's last talk goes, and with it his hand-written page (else: unknown_speaker).
    ("delete", lambda s: [(s / p).unlink() for p in ("talks/2023/monarch.md", "speakers/tri-dao.md")]),
    ("add", _new_talk),
    ("series title", lambda s: edit(s / "series/fm.md", "title: Foundation Models", "title: Foundation Models Series")),
    # Not an HTML option, so not in the builder's config hash; speaker pages' JSON-LD shows it.
    ("site url", lambda s: _append(s / "conf.py", 'seminar_site_url = "https://x.org/"\n')),
]


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


def test_incremental_equals_clean_after_each_edit(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    for name, apply in EDITS:
        apply(src)
        incremental = build(src, tmp_path / "inc")
        clean = build(src, tmp_path / f"clean-{name.replace(' ', '-')}", fresh=True)
        assert not clean.warnings, clean.warnings
        try:
            _assert_same_output(incremental, clean)
        except AssertionError as err:
            raise AssertionError(f"after the {name} edit: {err}") from None


def test_damaged_caches_of_the_site_files_only_cost_time(tmp_path: Path) -> None:
    """The calendar, feed and ``talks.json`` pieces and the related-talk index kept between builds are a shortcut, never a source."""
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    caches = sorted((tmp_path / "inc").rglob("seminar-*.pickle"))
    assert [p.name for p in caches] == [
        "seminar-atom-entries.pickle",
        "seminar-json-items.pickle",
        "seminar-related-index.pickle",
        "seminar-vevents.pickle",
    ]
    for cache in caches:
        cache.write_bytes(b"not a pickle")
    edit(src / "talks/2023/flash.md", "Transformers are slow", "Transformers are rather slow")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    _assert_same_output(incremental, clean)


def test_body_edit_rewrites_only_that_talk(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "b", fresh=True)
    edit(src / "talks/2023/flash.md", "Transformers are slow", "Transformers are rather slow")
    again = build(src, tmp_path / "b")
    # the talk, and its series page, whose schedule opens the abstract in place; not the home page,
    # whose toctree lists the series page (Sphinx would write it again: the plan sets that aside)
    assert again.written - CONTENT_PAGES == {"talks/2023/flash", "series/fm"}
    assert "Transformers are rather slow" in (again.outdir / "series/fm.html").read_text(encoding="utf-8")


def test_body_edit_leaves_the_avatars_and_the_toctree_record_as_they_were(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    first = build(src, tmp_path / "b", fresh=True)
    avatars = {p: p.stat().st_mtime_ns for p in (first.outdir / "_images/avatars").glob("*.svg")}
    assert avatars
    edit(src / "talks/2023/flash.md", "Transformers are slow", "Transformers are rather slow")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "b", status=StringIO(), warning=StringIO())
    parents: dict[str, set[str]] = {}

    def record(app: Any, exception: BaseException | None) -> None:
        parents.update({d: set(app.env.files_to_rebuild.get(d, ())) for d in ("series/fm", "series/sys")})

    app.connect("build-finished", record, priority=950)  # after the planner's (900) puts them back
    try:
        app.build()
    finally:
        app.cleanup()
    assert parents == {"series/fm": {"index"}, "series/sys": {"index"}}  # as Sphinx recorded them
    assert {p: p.stat().st_mtime_ns for p in avatars} == avatars  # no speaker changed: not written again
    deleted = sorted(avatars)[0]
    deleted.unlink()
    edit(src / "talks/2023/flash.md", "Transformers are rather slow", "Transformers are slow")
    build(src, tmp_path / "b")
    assert deleted.is_file()  # one deleted from the output is written again


def test_speaker_edit_rewrites_only_pages_showing_the_talk_or_speakers(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "b", fresh=True)
    edit(src / "talks/2024/future.md", "speakers: [Dan Fu]", "speakers: [Grace Hopper]")
    again = build(src, tmp_path / "b")
    written = again.written - CONTENT_PAGES
    # the talk, its series page, the home page (upcoming list, speaker list), both speakers' pages,
    # the speaker index and the talk index show it; the other talks and series do not.
    assert {"talks/2024/future", "series/sys", "index", "speakers/grace-hopper", "speakers/dan-fu"} <= written
    assert {"talks/2023/flash", "series/fm", "tags/attention"}.isdisjoint(written)
    assert not (again.outdir / "speakers/dan-fu.html").read_text(encoding="utf-8").count("A Talk in the Future")


def test_noop_rebuild_writes_nothing(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "b", fresh=True)
    again = build(src, tmp_path / "b")
    assert again.written - CONTENT_PAGES == set()


def test_removed_speaker_page_is_deleted(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    first = build(src, tmp_path / "b", fresh=True)
    assert (first.outdir / "speakers/dan-fu.html").exists()
    edit(src / "talks/2023/monarch.md", "  - name: Dan Fu\n    affiliation: Stanford\n", "")
    edit(src / "talks/2024/future.md", "speakers: [Dan Fu]", "speakers: [Tri Dao]")
    edit(src / "talks/2023/monarch.md", ":::{bio} Dan Fu\nDan Fu is a PhD student.\n:::\n", "")
    build(src, tmp_path / "b")
    assert not (first.outdir / "speakers/dan-fu.html").exists()


def test_incremental_equals_clean_when_a_talk_becomes_past(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing is edited: the build's date passes the future talk, whose page, listings and
    # speaker page change from upcoming (livestream) to past.
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4100000000")  # 2099-12-03
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    _assert_same_html(incremental, clean)


def test_incremental_equals_clean_when_a_talk_comes_within_the_horizon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The future talk stays upcoming, but a past list now carries it, hidden, for the script to
    # reveal once it is over (listings.HORIZON_DAYS): the date alone changes that page.
    src = copy_root("basic", tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4083955200")  # 2099-06-01, four months before it
    build(src, tmp_path / "inc", fresh=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4091904000")  # 2099-09-01, five weeks before it
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    _assert_same_html(incremental, clean)


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    one = build(src, tmp_path / "one", fresh=True)
    two = build(src, tmp_path / "two", fresh=True)
    _assert_same_html(one, two)


@pytest.mark.parametrize("deleted", [["talks/index.html"], ["speakers/dan-fu.html", "tags/index.html"]])
def test_a_generated_page_deleted_from_the_output_is_written_again(tmp_path: Path, deleted: list[str]) -> None:
    """A build that writes no document still writes the generated pages that are missing."""
    src = copy_root("basic", tmp_path)
    first = build(src, tmp_path / "inc", fresh=True)
    for page in deleted:
        (first.outdir / page).unlink()
    again = build(src, tmp_path / "inc")
    assert not again.warnings
    assert {page.removesuffix(".html") for page in deleted} <= again.written
    _assert_same_html(again, build(src, tmp_path / "clean", fresh=True))


class _Killed(BaseException):
    """A build stopped from outside (a kill, Ctrl-C): not an ``Exception``, so Sphinx keeps its environment."""


@pytest.mark.parametrize("killed", ["first build", "build after an edit"])
def test_a_build_killed_while_writing_generated_pages_is_completed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, killed: str
) -> None:
    """The next build finds the pages, generated pages and site files the killed one did not write."""
    src = copy_root("basic", tmp_path)
    if killed == "build after an edit":  # its plan is kept: the old pages must not pass for its own
        build(src, tmp_path / "inc", fresh=True)
        edit(src / "talks/2023/monarch.md", "name: Dan Fu", "name: Daniel Fu")
    handle_page = StandaloneHTMLBuilder.handle_page
    written: list[str] = []

    def killed_midway(self: StandaloneHTMLBuilder, pagename: str, *args: Any, **kwargs: Any) -> None:
        if pagename.startswith("speakers/") and written:
            raise _Killed
        if pagename.startswith("speakers/"):
            written.append(pagename)
        handle_page(self, pagename, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(StandaloneHTMLBuilder, "handle_page", killed_midway)
        with pytest.raises(_Killed):
            build(src, tmp_path / "inc", fresh=killed == "first build")
    again = build(src, tmp_path / "inc")
    assert not again.warnings
    clean = build(src, tmp_path / "clean", fresh=True)
    _assert_same_output(again, clean)


def test_a_series_page_follows_a_change_of_the_series_order(tmp_path: Path) -> None:
    """Its footer links the newer and the older series; a site whose home page lists the series by hand
    keeps the same navigation when the order flips, so the series page's own digest must see it."""
    src = copy_root("related", tmp_path)
    first = build(src, tmp_path / "inc", fresh=True)
    assert 'class="prev-page" href="b.html"' in (first.outdir / "series/a.html").read_text(encoding="utf-8")
    (src / "talks/2022/garden.md").unlink()  # series b's latest talk: a becomes the newer series
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert 'class="next-page" href="b.html"' in (clean.outdir / "series/a.html").read_text(encoding="utf-8")
    _assert_same_output(incremental, clean)


def test_a_word_no_page_has_any_more_leaves_the_search_index(tmp_path: Path) -> None:
    """The incremental ``searchindex.js`` is the clean one, also after the last use of a word went."""
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "talks/2023/flash.md", "Transformers are slow", "Transformers are zyzzyvas slow")
    build(src, tmp_path / "inc")
    edit(src / "talks/2023/flash.md", "Transformers are zyzzyvas slow", "Transformers are slow")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    index = (incremental.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "zyzzyva" not in index
    assert index == (clean.outdir / "searchindex.js").read_text(encoding="utf-8")
