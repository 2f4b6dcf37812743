"""Speaker pictures and the video facade: initials, colours, the SVG, and the HTML the pages hold.

Unit tests of :mod:`seminar.site.avatars` and :func:`seminar.rendering.video.facade`, property tests
of the avatar on any name (Hypothesis), and the output of ``tests/roots/test-media`` (a speaker with
a local photo, one with a remote photo, one with a non-Latin name and one with one name).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.environment import BuildEnvironment

from seminar.domain.files import is_remote_photo, photo_problem
from seminar.rendering.pictures import avatar
from seminar.rendering.renderer import Renderer
from seminar.rendering.video import facade
from seminar.site.avatars import LETTERS, MIN_CONTRAST, avatar_path, avatar_svg, colour, contrast, initials
from seminar.site.speakers import SpeakerInfo
from sitebuild import Build, build, build_root_as_of, copy_root, soup

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tri Dao", "TD"),
        ("Christopher Ré", "CR"),
        ("Madonna", "M"),
        ("Ludwig van Beethoven", "LB"),
        ("Ursula von der Leyen", "UL"),
        ("Leonardo da Vinci", "LV"),
        ("danah boyd", "DB"),  # every word in lower case: the first and the last
        ("李雷", "李"),
        ("Σωκράτης Παπαδόπουλος", "ΣΠ"),
        ("Мария Иванова", "МИ"),
        ("ßigrid Özil", "ßÖ"),  # "ß".upper() is two letters: kept as it is
        ("e\u0301mile zola", "ÉZ"),  # a letter and its combining accent are one initial
        ("  Ada   Lovelace  ", "AL"),
        ("J. R. R. Tolkien", "JT"),
        ("3Blue 1Brown", "BB"),
        ("123 456", "14"),  # no letter: digits
        ("— · —", ""),  # neither: the silhouette
        ("", ""),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_a_very_long_name_gives_two_initials_and_costs_no_more() -> None:
    assert initials("A" * 1000) == "A"
    assert initials(" ".join(["Word"] * 500) + " Last") == "WW"  # only the first 200 characters are read


def test_colour_is_stable_distinct_and_readable() -> None:
    assert colour("tri-dao") == colour("tri-dao")
    colours = {colour(f"speaker-{n}") for n in range(50)}
    assert len(colours) > 40
    for value in colours:
        assert re.fullmatch(r"#[0-9a-f]{6}", value)
        assert contrast(value, LETTERS) >= MIN_CONTRAST


def test_contrast_of_known_pairs() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_inline_avatar_is_decorative_and_sized() -> None:
    root = ET.fromstring(avatar_svg("tri-dao", "Tri Dao", 32, inline=True))
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    assert (root.get("width"), root.get("height")) == ("32", "32")
    assert root.find(f"{SVG}text").text == "TD"
    assert root.find(f"{SVG}circle").get("fill") == colour("tri-dao")


def test_avatar_file_has_no_size_and_a_silhouette_without_letters() -> None:
    root = ET.fromstring(avatar_svg("x", "!!!"))
    assert root.get("width") is None and root.get("viewBox") == "0 0 100 100"
    assert root.find(f"{SVG}text") is None and root.find(f"{SVG}path") is not None
    assert avatar_path("tri-dao") == "_images/avatars/tri-dao.svg"


NAMES = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), max_size=60),
    st.text(st.characters(codec="utf-8"), min_size=900, max_size=1100),
    st.sampled_from(["<script>alert(1)</script>", "&amp; &lt;", "]]><x/>", "\"'><svg onload=x>", "\ud83d", "\x00"]),
)


def _glyphs(letters: str) -> list[str]:
    """The characters of ``letters`` that show as glyphs of their own (not combining marks)."""
    return [char for char in letters if not unicodedata.category(char).startswith("M")]


@settings(max_examples=300, deadline=None)
@given(name=NAMES, speaker_id=st.text(max_size=30))
def test_avatar_of_any_name_is_well_formed_svg_without_injected_markup(name: str, speaker_id: str) -> None:
    markup = avatar_svg(speaker_id, name, 32, inline=True)
    root = ET.fromstring(markup)  # well-formed XML: no markup of the name got through
    assert root.tag == f"{SVG}svg"
    assert {child.tag for child in root.iter()} <= {f"{SVG}svg", f"{SVG}circle", f"{SVG}text", f"{SVG}path"}
    assert all(not key.startswith("on") for element in root.iter() for key in element.attrib)
    text = root.find(f"{SVG}text")
    letters = initials(name)
    if text is None:
        assert letters == "" and root.find(f"{SVG}path") is not None  # the fallback: a silhouette
    else:
        assert text.text == letters and 1 <= len(_glyphs(letters)) <= 2
        assert all(char.isalnum() for char in _glyphs(letters))
    assert contrast(colour(speaker_id), LETTERS) >= MIN_CONTRAST


@settings(max_examples=200, deadline=None)
@given(title=NAMES, speakers=st.lists(NAMES, max_size=8))
def test_facade_of_any_title_and_names_escapes_them(title: str, speakers: list[str]) -> None:
    markup = facade("dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", title, speakers)
    tree = BeautifulSoup(markup, "html.parser")
    named = len(speakers) > 1 or (len(speakers) == 1 and speakers[0] != "")
    spans = ["span"] * (6 if named else 5)
    assert [tag.name for tag in tree.find_all(True)] == ["div", "a", *spans]  # no element of the text got in
    assert all(not key.startswith("on") for tag in tree.find_all(True) for key in tag.attrs)
    shown = tree.select_one(".seminar-video-title").get_text()
    assert shown.split() == title.split()  # the text as given (a parser reads a carriage return as a space)


def test_facade_names_title_speakers_and_the_action() -> None:
    markup = facade("abcdefghijk", "https://youtu.be/abcdefghijk", "A <b>bold</b> title", ["Ann", "Bo", "Cy"])
    tree = BeautifulSoup(markup, "html.parser")
    link = tree.select_one("a.seminar-video-facade")
    assert link["href"] == "https://youtu.be/abcdefghijk"
    assert link["aria-label"] == "Watch the recording on YouTube: A <b>bold</b> title"
    assert link.select_one(".seminar-video-title").get_text() == "A <b>bold</b> title"
    assert link.select_one(".seminar-video-speakers").get_text() == "Ann, Bo and Cy"
    assert link.select_one(".seminar-video-label").get_text() == "Watch the recording on YouTube"
    many = BeautifulSoup(facade("abcdefghijk", "https://youtu.be/x", "T", [f"S{n}" for n in range(9)]), "html.parser")
    assert many.select_one(".seminar-video-speakers").get_text() == "S0, S1, S2, S3 and 5 others"


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root_as_of(tmp_path_factory, "media")


def test_media_site_builds_without_warnings(media: Build) -> None:
    assert media.warnings == ""


def test_talk_header_shows_each_speakers_picture_inside_their_link(media: Build) -> None:
    links = soup(media, "talks/2023/pictures.html").select(".seminar-talk-header a.seminar-speaker")
    pictures = {a["href"].rsplit("/", 1)[-1]: a.img for a in links}
    assert pictures["grace-hopper.html"]["src"] == "../../_images/grace-hopper.svg"
    assert "seminar-speaker-photo" in pictures["grace-hopper.html"]["class"]
    for speaker in ("ludwig-van-beethoven", "li-lei", "madonna"):
        img = pictures[f"{speaker}.html"]
        assert img["src"] == f"../../_images/avatars/{speaker}.svg" and img["class"] == ["seminar-avatar"]
    for img in pictures.values():
        assert (img["alt"], img["width"], img["height"]) == ("", "32", "32")
    assert [a.get_text() for a in links] == ["Grace Hopper", "Ludwig van Beethoven", "李雷", "Madonna"]


def test_avatar_files_are_written_for_every_speaker(media: Build) -> None:
    folder = media.outdir / "_images" / "avatars"
    assert sorted(p.name for p in folder.iterdir()) == [
        "grace-hopper.svg",
        "li-lei.svg",
        "ludwig-van-beethoven.svg",
        "madonna.svg",
    ]
    root = ET.fromstring((folder / "li-lei.svg").read_text(encoding="utf-8"))
    assert root.find(f"{SVG}text").text == "李"


def test_speaker_page_with_a_local_photo_shows_it_once(media: Build) -> None:
    page = soup(media, "speakers/grace-hopper.html")
    pictures = page.select("article .seminar-speaker-picture")
    assert len(pictures) == 1
    img = pictures[0].img
    assert (img["src"], img["alt"], img["width"], img["height"]) == ("../_images/grace-hopper.svg", "", "96", "96")
    assert page.select_one("article h1").find_next_sibling() is pictures[0]  # under the title


def test_speaker_page_with_a_remote_photo_links_it_and_loads_the_avatar(media: Build) -> None:
    page = soup(media, "speakers/ludwig-van-beethoven.html")
    picture = page.select_one("article .seminar-speaker-picture")
    assert picture.img["src"] == "../_images/avatars/ludwig-van-beethoven.svg"
    assert picture.select_one(".seminar-photo-link a")["href"] == "https://example.org/beethoven.jpg"
    html = (media.outdir / "speakers/ludwig-van-beethoven.html").read_text(encoding="utf-8")
    assert not re.search(r"<img[^>]+example\.org", html)  # nothing loads from the other host


def test_talk_title_in_the_facade_is_escaped(media: Build) -> None:
    html = (media.outdir / "talks/2023/pictures.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    video = soup(media, "talks/2023/pictures.html").select_one(".seminar-video")
    assert video.select_one(".seminar-video-title").get_text() == "Pictures & <script>alert(1)</script> Facades"
    assert (
        video.select_one(".seminar-video-speakers").get_text() == "Grace Hopper, Ludwig van Beethoven, 李雷 and Madonna"
    )


def test_other_builders_show_the_avatar_inline_and_out_of_the_search_index() -> None:
    """A builder that writes no avatar files (epub, singlehtml) gets the SVG in the page."""
    r = Renderer(site=None, builder=SimpleNamespace(name="epub"), docname="talks/2023/x")  # type: ignore[arg-type]
    node = avatar(r, SpeakerInfo("tri-dao", "Tri Dao"), 32)
    assert node["classes"] == ["no-search"] and node["format"] == "html"
    root = ET.fromstring(node.astext())
    assert root.get("class") == "seminar-avatar" and root.find(f"{SVG}text").text == "TD"


def test_dirhtml_links_photos_and_avatars_from_each_folder(tmp_path: Path) -> None:
    out = build(copy_root("media", tmp_path), tmp_path / "out", fresh=True, buildername="dirhtml")
    assert out.warnings == ""
    page = BeautifulSoup((out.outdir / "talks/2023/pictures/index.html").read_text(encoding="utf-8"), "html.parser")
    sources = [a.img["src"] for a in page.select(".seminar-talk-header a.seminar-speaker")]
    assert sources[:2] == ["../../../_images/grace-hopper.svg", "../../../_images/avatars/ludwig-van-beethoven.svg"]
    for src in sources:
        assert (out.outdir / "talks/2023/pictures" / src).resolve().is_file(), src


class _Env:
    """What :func:`photo_problem` uses of a build environment: the source folder and its paths."""

    def __init__(self, srcdir: Path) -> None:
        self.srcdir = srcdir
        self.docname = "speakers/ann"

    def doc2path(self, docname: str, base: bool = True) -> Path:
        return Path(docname + ".md") if not base else self.srcdir / (docname + ".md")

    relfn2path = BuildEnvironment.relfn2path


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A source folder with a photo, a hidden one, and a link to a file outside it; a secret beside it."""
    root = tmp_path_factory.mktemp("photos")
    src = root / "src"
    (src / "speakers").mkdir(parents=True)
    (src / ".hidden").mkdir()
    for path in (src / "speakers/ok.svg", src / ".hidden/h.svg", root / "secret.png", src / "speakers/notes.txt"):
        path.write_text("<svg/>", encoding="utf-8")
    (src / "speakers/linked.png").symlink_to(root / "secret.png")
    return src


PIECES = st.sampled_from(["..", ".", "speakers", "ok.svg", ".hidden", "h.svg", "secret.png", "linked.png",
    "notes.txt", "src", "", "~", "%2e%2e", "ok.svg\x00", "https:", "javascript:alert(1)", "file:"])  # fmt: skip
PHOTOS = st.one_of(
    st.lists(PIECES, min_size=1, max_size=6).map("/".join),
    st.lists(PIECES, min_size=1, max_size=6).map(lambda parts: "/" + "/".join(parts)),
    st.text(max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(photo=PHOTOS)
def test_an_accepted_photo_is_an_image_file_inside_the_sources(sources: Path, photo: str) -> None:
    """Whatever ``photo:`` says, it is refused unless it is an http(s) URL or an image file of the sources."""
    env = _Env(sources)
    try:
        problem = photo_problem(env, "speakers/ann", photo)  # type: ignore[arg-type]
    except ValueError:  # a NUL byte: Python refuses the path before any file is opened
        return
    if problem is not None or is_remote_photo(photo):
        return
    real = Path(env.relfn2path(photo, "speakers/ann")[1]).resolve()
    assert real.is_file() and real.is_relative_to(sources.resolve())
    assert not any(part.startswith(".") for part in real.relative_to(sources.resolve()).parts)
    assert real.suffix in (".svg", ".png")
