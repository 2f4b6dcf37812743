"""Reading a page's YAML front matter with the line of every key.

MyST would also parse the front matter, but it keeps no line numbers and turns mappings into
JSON strings.  The extension reads the front matter of its own pages (talks, series, speakers)
here, once, with the line of each key and list item, so every warning points at the exact line.
The front-matter block is then blanked in the source handed to MyST (keeping the line count, so
body line numbers stay right), which means MyST does not parse or report it a second time.

Anything PyYAML rejects, or would accept only leniently (a key given twice, which YAML forbids but
PyYAML resolves by keeping the last), becomes one line of text in :attr:`FrontMatter.error` at the
line to fix; no exception escapes, whatever tag a page uses.

Pages are composed by libyaml when PyYAML was built with it (much faster than the pure-Python
parser, which matters at thousands of pages); the pure-Python parser is used only when
libyaml is missing or rejects the text, so every error message keeps PyYAML's own wording and
marks whichever parser the machine has.
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

# libyaml's parser with the same (Python) resolver, so it gives the same tags to the same nodes.
_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):  # pragma: no branch - libyaml is in the requirements

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser with :class:`_Loader`'s resolvers."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


def _compose(source: str) -> yaml.Node | None:
    """The node tree of ``source``; a :class:`yaml.YAMLError` comes from the pure-Python parser.

    libyaml and PyYAML accept the same documents in all but corner cases, but word and place
    their errors differently; the tests and the warnings quote PyYAML's.  So libyaml composes,
    and only text it rejects is composed again in Python, which then either raises its own error
    or (in a corner case libyaml alone rejects) succeeds as it always did.
    """
    if _FastLoader is not None:
        try:
            return yaml.compose(source, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.compose(source, Loader=_Loader)


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
        node = _compose(source)
    except yaml.YAMLError as err:
        fm.error_line, problem = _syntax_error(err, offset)
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
        # From the composed node, not the text again: a failure can then be traced to its node.
        fm.data = _Loader("").construct_document(node) or {}
    except Exception as err:  # an explicit tag's constructor may raise anything (ValueError, KeyError...)
        bad = _unconstructable(node)
        mark = getattr(err, "problem_mark", None) or bad.start_mark
        fm.error_line = offset + mark.line
        fm.error = f"the front matter is not valid YAML: {_construction_problem(bad, err)}"
        return
    duplicate = _first_duplicate(node)
    if duplicate is not None:
        key, first = duplicate
        fm.error_line = offset + key.start_mark.line
        fm.error = (
            f"the front matter is not valid YAML: key {key.value!r} is given twice "
            f"(first on line {offset + first.start_mark.line}); keep one"
        )


# Errors inside something that must be closed (a quote, a [ or { collection, a key waiting for its
# ':') are found where PyYAML gives up, often lines later; the line to fix is where it was opened.
_OPENED_CONTEXTS = {
    "quoted scalar": "quoted text",
    "flow sequence": "[ list",
    "flow mapping": "{ mapping",
    "simple key": "key",
}


def _syntax_error(err: yaml.YAMLError, offset: int) -> tuple[int, str]:
    """The file line to point at for a scanner or parser error, and a one-line description."""
    problem = str(getattr(err, "problem", None) or "").strip() or str(err).splitlines()[0]
    context = str(getattr(err, "context", None) or "")
    context_mark = getattr(err, "context_mark", None)
    problem_mark = getattr(err, "problem_mark", None)
    if context_mark is not None and any(opened in context for opened in _OPENED_CONTEXTS):
        if problem_mark is not None and problem_mark.line != context_mark.line:
            what = next(words for opened, words in _OPENED_CONTEXTS.items() if opened in context)
            problem += f" on line {offset + problem_mark.line}, inside the {what} that starts on this line"
        return offset + context_mark.line, problem
    mark = problem_mark or context_mark
    return offset + (mark.line if mark else 0), problem


def _unconstructable(node: yaml.Node) -> yaml.Node:
    """The innermost node below ``node`` that the loader cannot turn into a value."""
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        try:
            _Loader("").construct_object(child, deep=True)
        except Exception:  # see _parse
            return _unconstructable(child)
    return node


def _construction_problem(node: yaml.Node, err: Exception) -> str:
    """Why ``node`` (found by :func:`_unconstructable`) cannot be read, in one line."""
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    if tag not in _SAFE_TAGS:
        return f"the tag {tag!r} is not allowed; front matter holds plain text, numbers, lists and mappings"
    problem = str(getattr(err, "problem", None) or "")
    if problem:  # PyYAML's own explanation, without its multi-line position
        return problem
    return f"the value {node.value!r} is not a valid {tag}" if isinstance(node, yaml.ScalarNode) else f"a bad {tag}"


_SAFE_TAGS = {tag.replace("tag:yaml.org,2002:", "!!") for tag in _Loader.yaml_constructors if tag}


def _first_duplicate(node: yaml.Node) -> tuple[yaml.Node, yaml.Node] | None:
    """The first key given twice in one mapping (at any depth), with its first occurrence."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                first = seen.setdefault((key.tag, key.value), key)
                if first is not key:
                    return key, first
    children = [v for _k, v in node.value] if isinstance(node, yaml.MappingNode) else []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        found = _first_duplicate(child)
        if found is not None:
            return found
    return None


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
