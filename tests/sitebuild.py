"""Helpers for tests that build whole sites in temporary folders and compare their output."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Build:
    """What one build wrote and warned."""

    outdir: Path
    written: set[str] = field(default_factory=set)
    warnings: str = ""

    def html(self) -> dict[str, bytes]:
        """Every HTML file of the output, by relative path."""
        return {p.relative_to(self.outdir).as_posix(): p.read_bytes() for p in sorted(self.outdir.rglob("*.html"))}


def copy_root(name: str, dest: Path) -> Path:
    """A writable copy of ``tests/roots/test-<name>``."""
    target = dest / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def build(
    srcdir: Path,
    builddir: Path,
    *,
    fresh: bool = False,
    parallel: int = 0,
    buildername: str = "html",
    confoverrides: dict[str, Any] | None = None,
) -> Build:
    """Build ``srcdir`` into ``builddir`` (incrementally unless ``fresh``), recording the pages written."""
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        freshenv=fresh,
        parallel=parallel,
        confoverrides=confoverrides or {},
        status=StringIO(),
        warning=StringIO(),
    )
    result = Build(outdir=Path(app.outdir))
    app.connect("html-page-context", lambda _app, pagename, *_rest: result.written.add(pagename))
    try:
        app.build()
    finally:
        app.cleanup()
    result.warnings = ANSI.sub("", app.warning.getvalue())
    return result


NOV_14_2023 = "1700000000"
"""A ``SOURCE_DATE_EPOCH`` (2023-11-14) at which the real site and the test roots have both past and upcoming talks."""


def build_root_as_of(tmp_path_factory: pytest.TempPathFactory, name: str, epoch: str = NOV_14_2023) -> Build:
    """``tests/roots/test-<name>`` copied to a folder of its own and built fresh, the build's "today" at ``epoch``."""
    tmp = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", epoch)
        return build(copy_root(name, tmp), tmp / "out", fresh=True)


def soup(result: Build, page: str) -> BeautifulSoup:
    """The page ``page`` of a build's output, parsed."""
    return BeautifulSoup((result.outdir / page).read_text(encoding="utf-8"), "html.parser")


SECRET = "SECRET-OF-THE-BUILD-MACHINE"
"""What the files outside a test site's source folder hold: no output file may contain it."""


def add_outside_files(srcdir: Path) -> None:
    """Files that pages of ``tests/roots/test-unsafe`` try to read, and a link to one of them.

    ``secret.txt`` and ``secret.png`` next to the source folder (outside it), a hidden
    ``.hidden/secret.csv`` inside it, and ``speakers/linked.png``, a symbolic link inside the
    folder to ``secret.png`` outside it.  They are made here because a symbolic link or a file
    outside the root cannot be committed as part of it.
    """
    (srcdir.parent / "secret.txt").write_text(f"{SECRET} text\n", encoding="utf-8")
    (srcdir.parent / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (srcdir / ".hidden").mkdir()
    (srcdir / ".hidden" / "secret.csv").write_text(f"{SECRET},csv\n", encoding="utf-8")
    (srcdir / "speakers" / "linked.png").symlink_to(Path("..") / ".." / "secret.png")


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in the file at ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def seminar_warnings(result: Build, srcdir: Path, subtype: str, *, only: bool = False) -> list[tuple[str, int, str]]:
    """The ``seminar.<subtype>`` warnings of ``result`` as (file below ``srcdir``, line, message).

    With ``only``, every warning the build gave must be one of them.
    """
    pattern = re.compile(rf"{re.escape(str(srcdir))}/(\S+):(\d+): WARNING: (.*) \[seminar\.{re.escape(subtype)}\]")
    found = []
    for line in result.warnings.splitlines():
        match = pattern.fullmatch(line)
        assert match or not only, line
        if match:
            found.append((match[1], int(match[2]), match[3]))
    return found
