"""Generated pages, listings, roles, the inventory, the search index and parallel builds."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from sphinx.errors import SphinxParallelError

from sitebuild import Build, build, build_root_as_of, copy_root, edit, soup

pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root_as_of(tmp_path_factory, "basic")


def text(b: Build, page: str) -> str:
    return " ".join(soup(b, page).select_one("article").get_text(" ").split())


def test_clean_build_has_no_warnings(basic: Build) -> None:
    assert basic.warnings == ""


def test_every_generated_page_kind_exists(basic: Build) -> None:
    for page in [
        "speakers/tri-dao.html",
        "speakers/dan-fu.html",
        "speakers/index.html",
        "talks/index.html",
        "tags/attention.html",
        "tags/efficiency.html",
        "tags/index.html",
    ]:
        assert (basic.outdir / page).exists(), page


def test_speaker_page_shows_talks_affiliations_and_bios_newest_first(basic: Build) -> None:
    page = text(basic, "speakers/tri-dao.html")
    assert page.startswith("Tri Dao")
    assert "Stanford (Jan 2023)" in page
    assert "Talks (2)" in page
    photo = soup(basic, "speakers/tri-dao.html").select_one("article img.seminar-speaker-photo")
    assert photo is not None and photo["alt"] == "" and (photo["width"], photo["height"]) == ("96", "96")
    assert (basic.outdir / "speakers" / photo["src"]).resolve().read_bytes().startswith(b"<svg")
    assert page.index("Tri again.") < page.index("Tri Dao is a PhD student.")  # newest bio first
    links = [a["href"] for a in soup(basic, "speakers/tri-dao.html").select("article a")]
    assert "../talks/2023/flash.html" in links and "../talks/2023/monarch.html" in links


def test_talk_page_cross_links(basic: Build) -> None:
    page = soup(basic, "talks/2023/flash.html")
    header = page.select_one(".seminar-talk-header")
    assert header.select_one("a.seminar-speaker")["href"] == "../../speakers/tri-dao.html"
    assert header.select_one(".seminar-series-line a")["href"] == "../../series/fm.html"
    assert header.select_one("time")["datetime"] == "2023-01-11T15:30:00-08:00"
    assert "3:30–4:20 PM PT" in header.get_text()
    footer = page.select_one(".seminar-talk-footer")
    assert footer.select_one(".seminar-next a")["href"] == "monarch.html"
    assert "More talks by Tri Dao" in footer.get_text()
    # Its one talk on a shared topic is already its next in series (and by its speaker): not again as related.
    assert "Related talks" not in footer.get_text()
    assert [a["href"] for a in footer.select("a.seminar-tag")] == [
        "../../tags/attention.html",
        "../../tags/efficiency.html",
    ]
    prev = soup(basic, "talks/2023/monarch.html").select_one(".seminar-prev a")
    assert prev["href"] == "flash.html"


def test_title_markup_is_escaped(basic: Build) -> None:
    raw = (basic.outdir / "talks/2023/flash.html").read_text(encoding="utf-8")
    assert "Fast &lt;b&gt;Attention&lt;/b&gt;" in raw
    assert "<b>Attention</b>" not in raw


def test_series_page_lists_its_talks_with_breaks_in_place(basic: Build) -> None:
    page = soup(basic, "series/fm.html")
    items = [el.get_text(" ", strip=True) for el in page.select(".seminar-rows > div")]
    assert [i.split(" ")[0] for i in items] == ["FlashAttention:", "Jan", "Monarch"]
    assert "no talk (MLK Day)" in items[1]
    facts = page.select_one(".seminar-series-header").get_text(" ", strip=True)
    assert "Winter 2023" in facts and "CS 324" in facts and "Ann Host" in facts


def test_series_page_compact_grouped_by_year(basic: Build) -> None:
    page = soup(basic, "series/sys.html")
    assert [r.get_text() for r in page.select("p.rubric.seminar-group")] == ["2099"]
    assert page.select("ul.seminar-compact li")


def test_home_page_upcoming_and_lists(basic: Build) -> None:
    page = soup(basic, "index.html")
    cards = page.select(".seminar-cards")[0].select(".seminar-card-title")
    assert [c.get_text() for c in cards] == ["A Talk in the Future"]
    series = [c.get_text() for c in page.select(".seminar-series-card .seminar-card-title")]
    assert series == ["Systems", "Foundation Models"]  # newest first
    speakers = [a.get_text() for a in page.select(".seminar-speaker-list a.seminar-speaker")]
    assert speakers == ["Tri Dao", "Dan Fu"]  # A-Z by family name: Dao, Fu


def test_roles_use_target_titles(basic: Build) -> None:
    para = soup(basic, "index.html").find("p", string=re.compile("See")) or soup(basic, "index.html")
    links = {a.get_text(): a["href"] for a in para.select("a.reference.internal") if "xref" in str(a)}
    assert links == {
        "FlashAttention: Fast <b>Attention</b>": "talks/2023/flash.html",
        "Dan Fu": "speakers/dan-fu.html",
        "Foundation Models": "series/fm.html",
    }


def test_talks_index_groups_by_year(basic: Build) -> None:
    page = soup(basic, "talks/index.html")
    assert [r.get_text() for r in page.select("p.rubric.seminar-group")] == ["2099", "2023"]


def _inventory(path: Path) -> list[str]:
    data = path.read_bytes()
    body = data.split(b"\n", 4)[4]
    return zlib.decompress(body).decode().splitlines()


def test_inventory_has_talks_speakers_and_series(basic: Build) -> None:
    lines = _inventory(basic.outdir / "objects.inv")
    assert "flash seminar:talk -1 talks/2023/flash.html FlashAttention: Fast <b>Attention</b>" in lines
    assert "tri-dao seminar:speaker -1 speakers/tri-dao.html Tri Dao" in lines
    assert "fm seminar:series -1 series/fm.html Foundation Models" in lines


def test_search_lists_each_talk_speaker_and_series_once_as_its_page(basic: Build) -> None:
    """No object entry beside the page ("Tri Dao (Seminar speaker, in Tri Dao)", linking to a missing anchor)."""
    raw = (basic.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    assert not any(name.startswith("seminar:") for name in index["objnames"])
    assert not any(str(kind).startswith("seminar") for kind in index["objtypes"].values())


def test_search_index_has_speaker_pages(basic: Build) -> None:
    raw = (basic.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    docnames = index["docnames"]
    assert "speakers/tri-dao" in docnames and "speakers/index" in docnames
    page = docnames.index("speakers/tri-dao")
    assert index["titles"][page] == "Tri Dao"
    assert page in _as_list(index["terms"]["dao"]) or page in _as_list(index["titleterms"]["dao"])


def _as_list(value: int | list[int]) -> list[int]:
    return value if isinstance(value, list) else [value]


def _big_site(tmp: Path, talks: int = 40) -> Path:
    src = copy_root("basic", tmp)
    for n in range(talks):
        (src / f"talks/2023/gen-{n:03d}.md").write_text(
            f"---\ntitle: Generated talk {n}\nspeakers: [Speaker {n % 7}, Guest {n}]\ndate: 2023-03-{1 + n % 28:02d}\n"
            f"series: {'fm' if n % 2 else 'sys'}\ntags: [t{n % 5}]\n---\n\n:::{{abstract}}\nAbstract {n}.\n:::\n",
            encoding="utf-8",
        )
    return src


def _output_files(b: Build) -> dict[str, bytes]:
    """Every file of the output but Sphinx's own bookkeeping (doctrees, build info)."""
    return {
        p.relative_to(b.outdir).as_posix(): p.read_bytes()
        for p in sorted(b.outdir.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"
    }


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    """Pages, and the calendars, feeds and talks.json that ``-j`` makes in a process of their own."""
    src = _big_site(tmp_path)
    serial = build(src, tmp_path / "j1", fresh=True)
    parallel = build(src, tmp_path / "j2", fresh=True, parallel=2)
    assert serial.warnings == parallel.warnings == ""
    one, two = _output_files(serial), _output_files(parallel)
    assert sorted(one) == sorted(two)
    assert {"calendar.ics", "atom.xml", "talks.json", "series/fm.ics"} <= set(one)
    assert [name for name in one if one[name] != two[name]] == []


def test_a_failure_making_the_site_files_in_parallel_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> bytes:
        raise RuntimeError("no talks file today")

    monkeypatch.setattr("seminar.outputs.export.talks_json", broken)
    src = _big_site(tmp_path)
    with pytest.raises(SphinxParallelError, match="no talks file today"):  # raised in the forked process
        build(src, tmp_path / "j2", fresh=True, parallel=2)


def test_parallel_build_reports_duplicates_across_processes(tmp_path: Path) -> None:
    src = _big_site(tmp_path)
    (src / "talks/2024").mkdir(exist_ok=True)
    (src / "talks/2024/gen-000.md").write_text(
        "---\ntitle: Same slug\nspeakers: [X]\ndate: 2024-01-01\nseries: fm\nuid: abc\n---\n", encoding="utf-8"
    )
    (src / "talks/2023/gen-001.md").write_text(
        "---\ntitle: Other\nspeakers: [Y]\ndate: 2023-01-02\nseries: fm\nuid: abc\n---\n", encoding="utf-8"
    )
    result = build(src, tmp_path / "j2", fresh=True, parallel=2)
    assert re.search(
        r"talks/2024/gen-000\.md:1: WARNING: talk slug 'gen-000' is also used by talks/2023/gen-000", result.warnings
    )
    assert re.search(
        r"talks/2024/gen-000\.md:6: WARNING: uid 'abc' is also used by talks/2023/gen-001", result.warnings
    )


def _sections(b: Build, page: str) -> dict[str, str]:
    found = {}
    for section in soup(b, page).select("article section section"):
        heading = section.find(["h2"]).get_text().rstrip("¶").strip()
        found[heading] = " ".join(section.get_text(" ").split())
    return found


def _dates(section_text: str) -> list[str]:
    return re.findall(r"(?:Jan|Oct) \d+, \d{4}", section_text)


def test_talk_list_options(basic: Build) -> None:
    lists = _sections(basic, "listings.html")
    assert _dates(lists["All, compact, reversed"]) == ["Oct 7, 2099", "Jan 23, 2023", "Jan 11, 2023"]
    assert _dates(lists["Past, limit 1"]) == ["Jan 23, 2023"]
    assert _dates(lists["By speaker"]) == ["Jan 23, 2023", "Oct 7, 2099"]
    assert "FlashAttention" in lists["By tag"] and "Monarch" not in lists["By tag"]
    grouped = lists["Grouped by series"]
    assert (
        grouped.index("Foundation Models")
        < grouped.index("Monarch")
        < grouped.index("Systems")
        < grouped.index("Future")
    )
    by_term = lists["Grouped by term"]
    assert by_term.index("Winter 2023") < by_term.index("Fall 2024")
    assert soup(basic, "listings.html").select("section section")[5].select(".seminar-card")  # cards by default
    assert lists["Nothing"].endswith("No talks match this list.")
    assert "No talks are scheduled right now. Join the mailing list" in lists["Nothing upcoming in fm"]
    join = soup(basic, "listings.html").find("a", string="Join the mailing list")
    assert join["href"] == "https://lists.example.org/join"


def test_hand_written_speaker_page_adds_details(basic: Build) -> None:
    page = text(basic, "speakers/tri-dao.html")
    assert page.startswith("Tri Dao")
    assert "Tri builds fast attention kernels." in page
    assert "Pronouns: he/him" in page
    assert soup(basic, "speakers/tri-dao.html").find("a", string="Homepage")["href"] == "https://tridao.example.org"
    assert "Talks (2)" in page


def test_upcoming_talk_without_a_stream_link_points_to_the_channel(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    edit(src / "talks/2024/future.md", "livestream: https://www.youtube.com/watch?v=live\n", "")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('seminar_youtube_channel = "https://www.youtube.com/@example"\n')
    result = build(src, tmp_path / "out", fresh=True)
    assert result.warnings == ""
    live = soup(result, "talks/2024/future.html").select_one(".seminar-live")
    assert live is not None and "Streamed live on the seminar's YouTube channel" in live.get_text()
    assert live.select_one("a")["href"] == "https://www.youtube.com/@example"
    # A past talk never gets it: its video slot is about the recording.
    assert soup(result, "talks/2023/monarch.html").select_one(".seminar-live") is None
