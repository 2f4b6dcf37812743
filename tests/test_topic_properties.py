"""Hostile topic labels reach every output intact and break none of them (Hypothesis).

A label may hold what each format must escape: commas, semicolons and backslashes (iCalendar's
CATEGORIES is a comma-separated list of escaped texts), ``<``, ``&``, quotes and ``]]>`` (XML, HTML,
JSON-LD in a ``<script>``), and, pasted, line breaks and control characters (read as one line by
the vocabulary's reader, with a warning).  Whatever the labels, the vocabulary reads without a
traceback, and the calendar event, the Atom entry and the JSON-LD of a talk parse back to exactly
the labels the vocabulary holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from lxml import etree

from seminar.domain.domain import english_words
from seminar.html.structured import event_json_ld, json_ld
from seminar.model.metadata import Talk, validate
from seminar.model.settings import SeminarConfig
from seminar.model.vocabulary import parse_vocabulary
from seminar.outputs.calendar import vevent
from seminar.outputs.feeds import entry_xml
from seminar.site.entries import TalkEntry
from seminar.site.indexes import Site
from seminar.site.urls import Links

HOSTILE = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
    st.sampled_from(
        ["a,b", "c;d", "back\\slash", "<script>x</script>", "AT&T", '"quoted"', "]]>", "line\nbreak", "END:VEVENT"]
    ),
)
ATOM = "{http://www.w3.org/2005/Atom}"


def _site(labels: list[str]) -> tuple[Site, TalkEntry, list[str]]:
    items = [{"id": f"t{i}", "label": label, "description": f"About {label}."} for i, label in enumerate(labels)]
    text = yaml.safe_dump(items, allow_unicode=True).encode("utf-8", "surrogatepass")
    vocabulary, _problems = parse_vocabulary(text)  # never raises; problems are located warnings
    assert vocabulary is not None
    kept = [t.id for t in vocabulary.topics][:3]
    talk, issues = validate(
        Talk, {"title": "T", "speakers": ["Ada"], "date": "2023-01-12", "series": "s", "tags": kept}
    )
    assert talk is not None and not issues
    entry = TalkEntry(docname="talks/2023/t", talk=talk)
    site = Site({entry.docname: entry}, {}, {}, SeminarConfig(), english_words(), vocabulary=vocabulary)
    return site, entry, [vocabulary.by_id[i].label for i in kept]


def _unescape_categories(value: str) -> list[str]:
    parts = re.split(r"(?<!\\)((?:\\\\)*),", value)
    items, current = [], ""
    for index, part in enumerate(parts):
        if index % 2:
            current += part
            items.append(current)
            current = ""
        else:
            current += part
    items.append(current)
    return [re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], item) for item in items]


@given(st.lists(HOSTILE, min_size=1, max_size=4))
@settings(max_examples=150, deadline=None)
def test_hostile_labels_survive_calendars_feeds_and_json_ld(labels: list[str]) -> None:
    site, entry, shown = _site(labels)
    links = Links(base="https://example.org/", page=lambda name: f"{name}.html")

    # iCalendar: one event, its CATEGORIES the labels, no line that a label made.
    event = vevent(site, links, entry)
    text = event.to_ical().decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    lines = unfolded.split("\r\n")
    assert lines[0] == "BEGIN:VEVENT" and lines.count("END:VEVENT") == 1
    categories = [line for line in lines if line.startswith("CATEGORIES:")]
    if shown:
        assert [_unescape_categories(categories[0].removeprefix("CATEGORIES:"))] == [shown]
    else:
        assert categories == []
    parsed = Calendar.from_ical(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{text}END:VCALENDAR\r\n")
    assert len(parsed.walk("VEVENT")) == 1

    # Atom: the entry parses, each category's label is the label, its term the id.
    xml = entry_xml(site, links, "atom.xml", entry)
    root = etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom">' + xml + b"</feed>")
    found = [(c.get("term"), c.get("label")) for c in root.iter(f"{ATOM}category")]
    assert [label for _term, label in found] == shown

    # JSON-LD: the script cannot be closed from inside, and its keywords are the labels.
    script = json_ld(event_json_ld(site, links, entry, lambda path: f"https://example.org/{path}", "Org"))
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body
    data = json.loads(body)
    assert data.get("keywords", "") == ", ".join(shown)


def test_a_hostile_vocabulary_file_never_raises(tmp_path: Path) -> None:
    for data in [b"\x00\xff\xfe", b"- id: [\n", b"- " * 5000, b"- {id: a, label: b, description: c}\n" * 300]:
        vocabulary, problems = parse_vocabulary(data)
        assert vocabulary is not None or problems
