"""Topics with a vocabulary (``tests/roots/test-topics``): pages, outputs, warnings and incremental builds.

The site has four topics in ``tags.yaml`` (one without talks) and four tagged talks.  Each topic has
a page (``tags/<id>.html``: its label, "Topic", its description, its talks newest first with their
series, its feed and calendar), the topics index lists them with counts, talk pages link their
topics by label, and the labels reach JSON-LD, Atom categories, iCalendar CATEGORIES and
``talks.json``.  An edit of ``tags.yaml`` alone rewrites what shows it, and equals a clean build.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from lxml import etree

from seminar.cli.check import SiteFiles, check_files
from seminar.model.sources import site_pages
from sitebuild import Build, build, copy_root, edit, seminar_warnings

ROOT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def topics(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("topics")
    result = build(copy_root("topics", tmp), tmp / "out", fresh=True)
    assert result.warnings == ""
    return result


def _soup(result: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((result.outdir / page).read_text(encoding="utf-8"), "html.parser")


def _main(result: Build, page: str) -> BeautifulSoup:
    main = _soup(result, page).select_one("article[role=main]")
    assert main is not None
    return main


def test_a_topic_page_has_its_label_description_feeds_and_talks_newest_first(topics: Build) -> None:
    main = _main(topics, "tags/compilers.html")
    assert main.select_one("h1").get_text().rstrip("¶") == "Compilers"
    assert main.select_one(".seminar-topic-lead").get_text() == "Topic · 2 talks"
    assert main.select_one(".seminar-topic-description").get_text() == (
        "Compiling models to fast code for many kinds of hardware."
    )
    follow = main.select_one(".seminar-calendar")
    assert follow.get_text().startswith("Follow the topic:")
    hrefs = [a["href"] for a in follow.select("a")]
    assert "compilers.ics" in hrefs and "compilers.atom.xml" in hrefs
    assert "webcal://example.org/topics/tags/compilers.ics" in hrefs
    items = main.select(".seminar-compact li")
    assert [li.select("a")[0].get_text() for li in items] == [
        "Writing kernels in Triton",
        "Compiling deep learning with TVM",
    ]
    assert all(li.select_one("a.seminar-series-link").get_text() == "Systems Talks" for li in items)
    head = _soup(topics, "tags/compilers.html").head
    feed = head.select_one('link[type="application/atom+xml"][href$="tags/compilers.atom.xml"]')
    assert feed is not None and feed["title"] == "Topic Seminar: Compilers"
    assert head.select_one('meta[name="description"]')["content"].startswith("Compiling models")


def test_a_topic_without_talks_keeps_its_page_and_says_so(topics: Build) -> None:
    main = _main(topics, "tags/robustness.html")
    assert main.select_one(".seminar-topic-lead").get_text() == "Topic · 0 talks"
    assert main.select_one(".seminar-empty").get_text() == "No talks on this topic yet."
    feed = etree.parse(str(topics.outdir / "tags/robustness.atom.xml")).getroot()
    assert feed.findall(f"{ATOM}entry") == []
    calendar = Calendar.from_ical((topics.outdir / "tags/robustness.ics").read_bytes())
    assert calendar.walk("VEVENT") == []


def test_the_topics_index_lists_every_topic_with_description_and_count(topics: Build) -> None:
    main = _main(topics, "tags/index.html")
    assert main.select_one("h1").get_text().rstrip("¶") == "Topics"
    rows = [
        (li.select_one("a").get_text(), li.select_one("a")["href"], li.select_one(".seminar-topic-name").get_text())
        for li in main.select("li.seminar-topic")
    ]
    assert rows == [
        ("Compilers", "compilers.html", "Compilers (2 talks)"),
        ("Distributed training", "distributed-training.html", "Distributed training (2 talks)"),
        ("Hardware", "hardware.html", "Hardware (2 talks)"),
        ("Robustness", "robustness.html", "Robustness (0 talks)"),
    ]
    descriptions = [p.get_text() for p in main.select("li.seminar-topic .seminar-topic-description")]
    assert descriptions[1] == "Training one model on many machines at once."


def test_a_talk_page_links_its_topics_by_label(topics: Build) -> None:
    line = _main(topics, "talks/2022/tvm.html").select_one(".seminar-tags")
    assert line.get_text() == "Topics: Compilers, Hardware"
    assert [(a.get_text(), a["href"]) for a in line.select("a")] == [
        ("Compilers", "../../tags/compilers.html"),
        ("Hardware", "../../tags/hardware.html"),
    ]


def test_json_ld_keywords_are_the_labels(topics: Build) -> None:
    script = _soup(topics, "talks/2023/pipelines.html").select_one('script[type="application/ld+json"]')
    assert json.loads(script.string)["keywords"] == "Distributed training, Hardware"


def test_atom_entries_carry_topic_categories_and_each_topic_has_a_feed(topics: Build) -> None:
    feed = etree.parse(str(topics.outdir / "atom.xml")).getroot()
    entry = next(e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title").startswith("Compiling"))
    assert [(c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")] == [
        ("compilers", "Compilers"),
        ("hardware", "Hardware"),
    ]
    hardware = etree.parse(str(topics.outdir / "tags/hardware.atom.xml")).getroot()
    assert hardware.findtext(f"{ATOM}title") == "Hardware – Topic Seminar"
    titles = [e.findtext(f"{ATOM}title") for e in hardware.findall(f"{ATOM}entry")]
    assert len(titles) == 2 and titles[0].startswith("Pipeline parallelism")  # newest first
    alternate = hardware.find(f"{ATOM}link[@rel='alternate']")
    assert alternate.get("href") == "https://example.org/topics/tags/hardware.html"


def test_calendars_carry_topic_labels_and_each_topic_has_one(topics: Build) -> None:
    site = Calendar.from_ical((topics.outdir / "calendar.ics").read_bytes())
    categories = {
        str(event["SUMMARY"]).split(" — ")[0]: [str(c) for c in event["CATEGORIES"].cats]
        for event in site.walk("VEVENT")
    }
    assert categories["Sharding optimizer state"] == ["Distributed training"]
    assert categories["Pipeline parallelism at scale"] == ["Distributed training", "Hardware"]
    own = Calendar.from_ical((topics.outdir / "talks/2022/tvm.ics").read_bytes())
    assert [str(c) for c in own.walk("VEVENT")[0]["CATEGORIES"].cats] == ["Compilers", "Hardware"]
    topic = Calendar.from_ical((topics.outdir / "tags/compilers.ics").read_bytes())
    assert sorted(str(e["SUMMARY"]).split(" — ")[0] for e in topic.walk("VEVENT")) == [
        "Compiling deep learning with TVM",
        "Writing kernels in Triton",
    ]
    assert str(topic["X-WR-CALNAME"]) == "Compilers – Topic Seminar"


def test_talks_json_has_topic_ids_and_the_vocabulary_and_matches_its_schema(topics: Build) -> None:
    data = json.loads((topics.outdir / "talks.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "talks.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    by_slug = {talk["slug"]: talk for talk in data["talks"]}
    assert by_slug["tvm"]["topics"] == by_slug["tvm"]["tags"] == ["compilers", "hardware"]
    assert data["topics"][0] == {
        "id": "compilers",
        "label": "Compilers",
        "description": "Compiling models to fast code for many kinds of hardware.",
        "talks": ["tvm", "triton"],
        "path": "tags/compilers.html",
        "url": "https://example.org/topics/tags/compilers.html",
        "ics": "tags/compilers.ics",
        "atom": "tags/compilers.atom.xml",
    }
    assert [t["id"] for t in data["topics"]] == ["compilers", "distributed-training", "hardware", "robustness"]


def test_the_vocabulary_file_matches_its_schema() -> None:
    import yaml

    schema = json.loads((ROOT / "schemas" / "tags.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((ROOT / "tests/roots/test-topics/tags.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "label": "X"}], schema)


# -- warnings: the build and check report the same, and the talk keeps its page -----------------------------
def test_unknown_and_too_many_topics_warn_where_they_stand_and_check_agrees(tmp_path: Path) -> None:
    src = copy_root("topics", tmp_path)
    edit(src / "talks/2023/triton.md", "tags: [compilers]", "tags:\n  - Compilers\n  - compilers\n  - gpus")
    edit(src / "talks/2022/tvm.md", "tags: [compilers, hardware]", "tags: [compilers, hardware, robustness, distributed-training]")  # fmt: skip
    edit(src / "tags.yaml", "- id: robustness", "- id: hardware\n  label: Again\n  description: A second one.\n- id: robustness")  # fmt: skip
    result = build(src, tmp_path / "out", fresh=True)
    found = [
        (subtype, *where)
        for subtype in ("unknown_topic", "many_topics", "duplicate_topic")
        for where in seminar_warnings(result, src, subtype)
    ]
    assert found == [
        (
            "unknown_topic",
            "talks/2023/triton.md",
            7,
            "topic 'Compilers' is not in tags.yaml; did you mean 'compilers'?",
        ),
        (
            "unknown_topic",
            "talks/2023/triton.md",
            9,
            "topic 'gpus' is not in tags.yaml (known: compilers, distributed-training, hardware, robustness); "
            "add it there or pick a known one",
        ),
        ("many_topics", "talks/2022/tvm.md", 6, "the talk has 4 topics; give it at most 3, the ones it is most about"),
        ("duplicate_topic", "tags.yaml", 11, "topic 4: id 'hardware' is also on line 8; each topic is listed once"),
    ]
    assert len(result.warnings.strip().splitlines()) == len(found)
    # The unknown tags are left out, the known one stays: on the page and in every output.
    line = BeautifulSoup((result.outdir / "talks/2023/triton.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in line.select(".seminar-tags a")] == ["Compilers"]
    data = json.loads((result.outdir / "talks.json").read_text(encoding="utf-8"))
    assert next(t for t in data["talks"] if t["slug"] == "triton")["topics"] == ["compilers"]
    assert "gpus" not in (result.outdir / "calendar.ics").read_text(encoding="utf-8")
    assert not (result.outdir / "tags/gpus.html").exists()
    # check (model/ only) reports the same problems at the same places.
    site = SiteFiles(src)
    problems, _skipped = check_files([*site_pages(src), site.vocabulary_file], site)
    assert sorted((p.subtype.value, p.path, p.line, p.message) for p in problems) == sorted(found)


def test_a_broken_vocabulary_is_one_warning_and_the_site_falls_back_to_free_form_tags(tmp_path: Path) -> None:
    src = copy_root("topics", tmp_path)
    (src / "tags.yaml").write_text("compilers: Compilers\n", encoding="utf-8")
    result = build(src, tmp_path / "out", fresh=True)
    assert seminar_warnings(result, src, "yaml", only=True) == [
        ("tags.yaml", 1, "tags.yaml must be a list of topics, each a mapping with id, label and description")
    ]
    assert (result.outdir / "tags/compilers.html").exists()
    assert not (result.outdir / "tags/robustness.html").exists()


# -- incremental: an edit of tags.yaml rewrites what shows it, as a clean build would ------------------------
def _files(outdir: Path) -> dict[str, bytes]:
    skip = {".buildinfo", "searchindex.js"}
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and p.name not in skip and not p.relative_to(outdir).as_posix().startswith(".doctrees")
    }


def test_editing_a_label_rewrites_the_pages_and_files_that_show_it_and_equals_a_clean_build(tmp_path: Path) -> None:
    src = copy_root("topics", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "tags.yaml", "label: Hardware", "label: Accelerators")
    edit(src / "tags.yaml", "Training one model on many machines at once.", "Training across many machines.")
    again = build(src, tmp_path / "inc")
    assert {
        "tags/hardware",
        "tags/index",
        "tags/distributed-training",
        "talks/2022/tvm",
        "talks/2023/pipelines",
    } <= again.written
    # (Pages that list those talks are written again too, unchanged: a talk's digest holds its topics' labels.)
    tvm = (tmp_path / "inc/html/talks/2022/tvm.html").read_text(encoding="utf-8")
    assert ">Accelerators</a>" in tvm and ">Hardware</a>" not in tvm
    assert "CATEGORIES:Compilers,Accelerators" in (tmp_path / "inc/html/calendar.ics").read_text(encoding="utf-8")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert _files(tmp_path / "inc/html") == _files(clean.outdir)
    # Nothing changed since: nothing is written.
    assert build(src, tmp_path / "inc").written <= {"genindex", "search"}  # which Sphinx writes every build


def test_adding_and_removing_the_vocabulary_rebuilds_as_clean(tmp_path: Path) -> None:
    src = copy_root("topics", tmp_path)
    vocabulary = (src / "tags.yaml").read_bytes()
    (src / "tags.yaml").unlink()
    build(src, tmp_path / "inc", fresh=True)
    (src / "tags.yaml").write_bytes(vocabulary)
    build(src, tmp_path / "inc")
    assert _files(tmp_path / "inc/html") == _files(build(src, tmp_path / "clean", fresh=True).outdir)
    (src / "tags.yaml").unlink()
    build(src, tmp_path / "inc")
    shutil.rmtree(tmp_path / "clean")
    assert _files(tmp_path / "inc/html") == _files(build(src, tmp_path / "clean", fresh=True).outdir)


# -- the real site: whatever its vocabulary, every talk has 1-3 topics and every topic 3 talks -------------------
@pytest.mark.skipif(not (ROOT / "tags.yaml").is_file(), reason="the real site has no tags.yaml yet")
def test_the_real_site_tags_every_talk_with_one_to_three_topics(real: Build) -> None:
    data = json.loads((real.outdir / "talks.json").read_text(encoding="utf-8"))
    assert 12 <= len(data["topics"]) <= 20
    for talk in data["talks"]:
        assert 1 <= len(talk["topics"]) <= 3, talk["slug"]
    counts = {topic["id"]: len(topic["talks"]) for topic in data["topics"]}
    assert min(counts.values()) >= 3
    index = BeautifulSoup((real.outdir / "tags/index.html").read_text(encoding="utf-8"), "html.parser")
    shown = {
        li.select_one("a")["href"].removesuffix(".html"): li.select_one(".seminar-topic-name").get_text()
        for li in index.select("li.seminar-topic")
    }
    assert set(shown) == set(counts)
    for topic in data["topics"]:
        count = counts[topic["id"]]
        assert shown[topic["id"]] == f"{topic['label']} ({count} talk{'s' if count != 1 else ''})"
        assert (real.outdir / "tags" / f"{topic['id']}.atom.xml").is_file()
        assert (real.outdir / "tags" / f"{topic['id']}.ics").is_file()
    assert not re.search(r"seminar\.(unknown_topic|many_topics|duplicate_topic)", real.warnings)
