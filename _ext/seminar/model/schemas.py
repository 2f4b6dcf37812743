"""The JSON Schemas of the front matter and of ``talks.json``, generated from the model.

``python -m seminar schema`` rewrites ``schemas/``; a test fails when the committed files and
the model disagree, so editors and CI always check against what the build enforces.  The build
writes ``talks.schema.json`` beside ``talks.json`` with :func:`render` too.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .export_format import TalksExport
from .metadata import SeriesPage, SpeakerPage, Talk, json_schema

SCHEMAS: dict[str, type[BaseModel]] = {
    "talk.schema.json": Talk,
    "series.schema.json": SeriesPage,
    "speaker.schema.json": SpeakerPage,
    "talks.schema.json": TalksExport,  # the build's talks.json, not front matter
}


def render(model: type[BaseModel]) -> str:
    """The schema of ``model`` as the exact text committed under ``schemas/``."""
    return json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; returns the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, model in SCHEMAS.items():
        path = directory / name
        text = render(model)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
