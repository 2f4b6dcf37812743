"""Reading sources that are not valid UTF-8 without crashing the build.

Sphinx 9 decodes each source strictly and a single stray byte aborts the whole build with a
traceback.  The extension registers a UTF-8 codec that replaces undecodable bytes (with U+FFFD)
and uses it when the project keeps Sphinx's default ``source_encoding``; at ``source-read`` a file
whose bytes are not UTF-8 gets a located ``seminar.encoding`` warning.  The page still builds,
with the bad bytes shown as �.  Characters that no page may hold (control characters such as a
pasted bell or escape, which the Atom feeds cannot carry) are read as � too, with the same warning.
"""

from __future__ import annotations

import codecs
from encodings import utf_8_sig
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..model.sources import control_character_problem, encoding_problem, without_control_characters
from ..model.subtypes import Subtype
from .report import warn

CODEC = "seminar_utf_8"
_UTF8_SIG = codecs.lookup("utf-8-sig")


def _decode(data: Any, errors: str = "strict", /) -> tuple[str, int]:
    return _UTF8_SIG.decode(data, "replace")


class _IncrementalDecoder(utf_8_sig.IncrementalDecoder):
    """The UTF-8 (BOM-tolerant) decoder that file reads use, always replacing bad bytes."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != CODEC:
        return None
    return codecs.CodecInfo(
        name=CODEC,
        encode=_UTF8_SIG.encode,
        decode=_decode,
        incrementalencoder=_UTF8_SIG.incrementalencoder,
        incrementaldecoder=_IncrementalDecoder,
        streamreader=_UTF8_SIG.streamreader,
        streamwriter=_UTF8_SIG.streamwriter,
    )


def _use_forgiving_codec(app: Sphinx, config: Config) -> None:
    if config.source_encoding.lower().replace("_", "-") == "utf-8-sig":
        config.source_encoding = CODEC


def _check_bytes(app: Sphinx, docname: str, source: list[str]) -> None:
    if "\ufffd" not in source[0] or app.config.source_encoding != CODEC:
        return
    raw = Path(app.env.doc2path(docname)).read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, message = encoding_problem(raw, err)
        warn(Subtype.ENCODING, message, (docname, line))


def _check_characters(app: Sphinx, docname: str, source: list[str]) -> None:
    """Read the characters no page may hold (a pasted bell or escape) as U+FFFD, with one warning per page.

    Before the front matter is read (priority 400, after :func:`_check_bytes`), so a control
    character in it is a � in its value rather than a YAML error that costs the talk.
    """
    problem = control_character_problem(source[0])
    if problem is not None:
        line, message = problem
        warn(Subtype.ENCODING, message, (docname, line))
        source[0] = without_control_characters(source[0])


def _check_included(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """The same for a file that a page includes, located in that file."""
    problem = control_character_problem(content[0])
    if problem is not None:
        line, message = problem
        warn(Subtype.ENCODING, message, f"{Path(app.srcdir) / relative_path}:{line}")
        content[0] = without_control_characters(content[0])


def setup_encoding(app: Sphinx) -> None:
    """Register the forgiving codec and warn about files that need it or hold characters no page may."""
    codecs.register(_search)
    # After Sphinx's own check of source_encoding (priority 790), which would call the codec deprecated.
    app.connect("config-inited", _use_forgiving_codec, priority=850)
    app.connect("source-read", _check_bytes, priority=400)
    app.connect("source-read", _check_characters, priority=400)
    app.connect("include-read", _check_included)
