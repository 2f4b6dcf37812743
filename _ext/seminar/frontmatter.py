"""Reading a page's YAML front matter with the line of every key.

MyST would also parse the front matter, but it keeps no line numbers and turns mappings into
JSON strings.  The extension reads the front matter of its own pages (talks, series, speakers)
here, once, with the line of each key and list item, so every warning points at the exact line.
The front-matter block is then blanked in the source handed to MyST (keeping the line count, so
body line numbers stay right), which means MyST does not parse or report it a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates as text, so a wrong date is reported against its own key."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    """The front matter of one page: its data, where each key stands, and what went wrong."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    start: int = 1  # line of the opening ``---``
    end: int = 0  # line of the closing ``---`` (0: no front matter)
    error: str | None = None
    error_line: int = 1

    def line_of(self, path: tuple[str | int, ...]) -> int:
        """The line of ``path``, or of its nearest ancestor that has one, or of the opening ``---``."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.lines:
                return self.lines[path[:depth]]
        return self.start


def split(text: str) -> tuple[FrontMatter | None, str]:
    """Parse the front matter at the top of ``text``.

    Returns ``(None, text)`` when there is none, else the parsed front matter and ``text`` with
    the front-matter block replaced by blank lines.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        fm = FrontMatter(error="the front matter has no closing '---' line", end=len(lines))
        return fm, text
    fm = FrontMatter(end=index + 1)
    _parse("\n".join(lines[1:index]), fm, offset=2)
    blanked = "\n" * (index + 1) + "\n".join(lines[index + 1 :])
    return fm, blanked


def _parse(source: str, fm: FrontMatter, offset: int) -> None:
    try:
        node = yaml.compose(source, Loader=_Loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        fm.error_line = offset + (mark.line if mark else 0)
        problem = getattr(err, "problem", None) or str(err)
        fm.error = f"the front matter is not valid YAML: {problem}"
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        fm.error = "the front matter must be a mapping of keys to values (key: value lines)"
        fm.error_line = offset + node.start_mark.line
        return
    _record_lines(node, (), fm.lines, offset)
    try:
        fm.data = yaml.load(source, Loader=_Loader) or {}
    except yaml.YAMLError as err:  # a construction error compose() cannot see, e.g. a bad tag
        fm.error = f"the front matter is not valid YAML: {err}"


def _record_lines(
    node: yaml.Node, path: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int], offset: int
) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, str(key.value))
            lines[sub] = offset + key.start_mark.line
            _record_lines(value, sub, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = (*path, index)
            lines[sub] = offset + item.start_mark.line
            _record_lines(item, sub, lines, offset)
