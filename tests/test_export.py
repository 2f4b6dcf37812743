"""``talks.json`` validated with ``jsonschema`` against the committed schema, and its content."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sitebuild import Build, build, copy_root

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "talks.schema.json").read_text(encoding="utf-8"))


def load(b: Build) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((b.outdir / "talks.json").read_text(encoding="utf-8"))
    return data


def test_real_site_talks_json_validates(real: Build) -> None:
    data = load(real)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert len(data["talks"]) == 86
    assert [s["id"] for s in data["series"]] == ["foundation-models-2023", "systems-for-ml-2023", "weekly-2020-2022"]
    published = json.loads((real.outdir / "talks.schema.json").read_text(encoding="utf-8"))
    assert published == SCHEMA  # the build publishes the committed schema beside the data


def test_real_site_order_and_references(real: Build) -> None:
    data = load(real)
    talks = data["talks"]
    keys = [(t["date"], t["start"] or "", t["path"]) for t in talks]
    assert keys == sorted(keys)
    speakers = {s["id"] for s in data["speakers"]}
    assert [s["id"] for s in data["speakers"]] == sorted(speakers)
    slugs = {t["slug"] for t in talks}
    assert len(slugs) == 86
    assert sum(len(s["talks"]) for s in data["series"]) == 86
    for talk in talks:
        assert {s["id"] for s in talk["speakers"]} <= speakers
        assert (real.outdir / talk["path"]).is_file()
        assert (real.outdir / talk["ics"]).is_file()
        assert talk["url"] == "https://mlsys.stanford.edu/" + talk["path"]
        assert dt.datetime.fromisoformat(talk["start"]).utcoffset() is not None
    for speaker in data["speakers"]:
        assert set(speaker["talks"]) <= slugs
        assert (real.outdir / speaker["path"]).is_file()


def test_talks_json_is_the_whole_models_dump(real: Build) -> None:
    """Assembled from per-talk items, the file is still ``json.dumps`` of the whole validated model."""
    from seminar.model.export_format import TalksExport

    raw = (real.outdir / "talks.json").read_text(encoding="utf-8")
    data = TalksExport.model_validate_json(raw)
    assert len(data.talks) == 86
    assert raw == json.dumps(data.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def test_talk_content(feeds: Build) -> None:
    data = load(feeds)
    jsonschema.validate(data, SCHEMA)
    assert (data["version"], data["title"], data["url"]) == (1, "Test Seminar", "https://example.org/en/latest/")
    talks = {t["slug"]: t for t in data["talks"]}
    assert list(talks) == ["flash", "cancelled", "monarch", "postponed"]
    monarch = talks["monarch"]
    assert monarch == {
        "slug": "monarch",
        "uid": monarch["uid"],
        "title": "Monarch Mixer",
        "status": "scheduled",
        "date": "2023-03-20",
        "start": "2023-03-20T15:30:00-07:00",
        "end": "2023-03-20T16:20:00-07:00",
        "timezone": "America/Los_Angeles",
        "duration": 50,
        "series": "fm",
        "speakers": [
            {"id": "dan-fu", "name": "Dan Fu", "affiliation": "Stanford", "bio": "Dan Fu is a PhD student."},
            {"id": "tri-dao", "name": "Tri Dao", "affiliation": "Together AI", "bio": None},
        ],
        "abstract": "Sub-quadratic in both axes.",
        "tags": ["efficiency"],
        "topics": ["efficiency"],
        "recording": None,
        "livestream": "https://www.youtube.com/watch?v=live",
        "slides": "https://example.org/slides.pdf",
        "path": "talks/2023/monarch.html",
        "url": "https://example.org/en/latest/talks/2023/monarch.html",
        "ics": "talks/2023/monarch.ics",
    }
    assert (
        talks["flash"]["abstract"]
        == "Transformers are slow and memory-hungry on long sequences.\n\nWe propose FlashAttention."
    )
    assert talks["cancelled"]["uid"] == "3f0c1c9e-0000-4000-8000-000000000001"
    postponed = talks["postponed"]
    assert (postponed["start"], postponed["end"], postponed["duration"]) == (None, None, None)
    assert postponed["timezone"] == "Europe/Berlin"


def test_speakers_and_series(feeds: Build) -> None:
    data = load(feeds)
    tri = next(s for s in data["speakers"] if s["id"] == "tri-dao")
    assert tri["talks"] == ["flash", "monarch"]
    assert [a["name"] for a in tri["affiliations"]] == ["Stanford", "Together AI"]
    assert tri["bio"] == "Tri Dao is a PhD student."  # the newest talk gave none
    assert tri["homepage"] == "https://tridao.example.org"
    assert (tri["path"], tri["ics"]) == ("speakers/tri-dao.html", "speakers/tri-dao.ics")
    fm = next(s for s in data["series"] if s["id"] == "fm")
    assert fm["talks"] == ["flash", "cancelled", "monarch"]
    assert (fm["time"], fm["duration"], fm["term"]) == ("15:30", 50, "Winter 2023")
    assert (fm["ics"], fm["atom"]) == ("series/fm.ics", "series/fm.atom.xml")
    berlin = next(s for s in data["series"] if s["id"] == "berlin")
    assert (berlin["timezone"], berlin["time"]) == ("Europe/Berlin", None)


def test_schema_rejects_a_malformed_export(feeds: Build) -> None:
    data = load(feeds)
    data["talks"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    del data["talks"][0]["uid"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_dirhtml_paths(tmp_path: Path) -> None:
    result = build(copy_root("feeds", tmp_path), tmp_path / "out", fresh=True, buildername="dirhtml")
    talks = {t["slug"]: t for t in load(result)["talks"]}
    assert talks["flash"]["path"] == "talks/2023/flash/"
    assert (result.outdir / talks["flash"]["path"] / "index.html").is_file()
