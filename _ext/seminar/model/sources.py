"""The site's source files as the command-line tools find them: one scanner and one path helper.

The build asks Sphinx for its documents; the tools (``check``, ``new-talk``, ``new-series``,
``import-jekyll``) work on the file tree before or without a build, and find the talk, series and
speaker pages here, by the same layout rules as :func:`seminar.model.pagekinds.page_kind`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .frontmatter import FrontMatter, split
from .messages import character_kind


def talk_pages(root: Path) -> list[Path]:
    """Every talk page of the site at ``root``: any ``.md`` below ``talks/``, sorted."""
    folder = root / "talks"
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def pages_in(folder: Path) -> list[Path]:
    """The pages directly in ``folder`` (``series/``, ``speakers/``): its ``.md`` files, sorted."""
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def page_ids(folder: Path) -> list[str]:
    """The names (without ``.md``) of the pages directly in ``folder``, sorted by name."""
    return sorted(page.stem for page in pages_in(folder))


def series_ids(root: Path) -> list[str] | None:
    """The ids of the series pages of the site at ``root``, sorted, or ``None`` when it has no ``series/`` folder."""
    folder = root / "series"
    return page_ids(folder) if folder.is_dir() else None


def site_pages(root: Path) -> list[Path]:
    """Every talk, series and speaker page of the site at ``root``: talks first, then series, then speakers."""
    return talk_pages(root) + pages_in(root / "series") + pages_in(root / "speakers")


def read_front_matter(path: Path) -> FrontMatter | None:
    """The front matter of the page at ``path`` (``None`` when the file has none or cannot be read).

    Bytes that are not UTF-8, and characters no page may hold, are read as U+FFFD, as the build reads them.
    """
    try:
        fm, _body = split(without_control_characters(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return None
    return fm


# Characters no page may hold: C0 control characters but tab and newline, DEL, C1 control
# characters, and what is not a character at all (half of a surrogate pair, U+FFFE, U+FFFF).
# XML cannot carry most of them (the Atom feeds), calendars and terminals act on them; pasted
# into a page they are never meant.  The build and ``seminar check`` read each as U+FFFD.
_NOT_IN_PAGES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """``text`` with every character no page may hold replaced by U+FFFD."""
    return _NOT_IN_PAGES.sub("\ufffd", text)


def control_character_problem(text: str) -> tuple[int, str] | None:
    """The line of the first character of ``text`` that no page may hold, and the message for it (``None``: none).

    ``text`` is a whole page as Sphinx reads it (``\r\n`` already read as ``\n``).
    """
    first = _NOT_IN_PAGES.search(text)
    if first is None:
        return None
    char = first.group()
    what = character_kind(char)
    count = len(_NOT_IN_PAGES.findall(text))
    more = f" ({count} such characters in the page)" if count > 1 else ""
    return text.count("\n", 0, first.start()) + 1, f"this line has {what} (U+{ord(char):04X}); it shows as \ufffd{more}"


def encoding_problem(raw: bytes, err: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte of ``raw`` that is not UTF-8 (``err`` says where), and the message for it."""
    line = raw[: err.start].count(b"\n") + 1
    message = (
        f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8 — undecodable bytes show as �"
    )
    return line, message


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is below it (for messages), else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
