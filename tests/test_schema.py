"""The committed JSON Schemas match the model, and real pages validate against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from seminar.model.export_format import SCHEMAS, render
from seminar.model.frontmatter import split

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_model(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMAS[name]), (
        f"schemas/{name} is stale: run `PYTHONPATH=_ext python -m seminar schema`"
    )


def _front_matter(path: Path) -> dict:
    fm, _ = split(path.read_text(encoding="utf-8"))
    assert fm is not None and fm.error is None, path
    return fm.data


def test_every_talk_page_validates_against_the_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "talk.schema.json").read_text(encoding="utf-8"))
    pages = sorted((ROOT / "talks").rglob("*.md"))
    assert pages, "no talk pages found"
    for page in pages:
        jsonschema.validate(_front_matter(page), schema)


def test_every_series_page_validates_against_the_schema() -> None:
    schema = json.loads((ROOT / "schemas" / "series.schema.json").read_text(encoding="utf-8"))
    pages = sorted((ROOT / "series").glob("*.md"))
    assert len(pages) >= 3
    for page in pages:
        jsonschema.validate(_front_matter(page), schema)


def test_schema_rejects_what_the_model_rejects() -> None:
    schema = json.loads((ROOT / "schemas" / "talk.schema.json").read_text(encoding="utf-8"))
    bad = yaml.safe_load("title: x\nspeaker: [A]\ndate: '2023-01-11'\nseries: s\n")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
