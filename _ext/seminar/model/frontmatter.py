"""Reading a page's YAML front matter with the line of every key.

MyST would also parse the front matter, but it keeps no line numbers and turns mappings into
JSON strings.  The extension reads the front matter of its own pages (talks, series, speakers)
here, once, with the line of each key and list item, so every warning points at the exact line
(and the topic vocabulary, ``tags.yaml``, with :func:`read_yaml`, the same way).
The front-matter block is then blanked in the source handed to MyST (keeping the line count, so
body line numbers stay right), which means MyST does not parse or report it a second time.

Anything PyYAML rejects, or would accept only leniently (a key given twice, which YAML forbids but
PyYAML resolves by keeping the last), becomes one line of text in :attr:`FrontMatter.error` at the
line to fix; no exception escapes, whatever tag a page uses.

Lists and mappings nest at most :data:`MAX_DEPTH` levels, and no alias may sit inside what it
names: both are checked while or right after composing, without recursion, so no page can exhaust
the stack of the parser, the loader or the model.

Pages are composed by libyaml when PyYAML was built with it (much faster than the pure-Python
parser, which matters at thousands of pages); the pure-Python parser is used only when
libyaml is missing or rejects the text, so every error message keeps PyYAML's own wording and
marks whichever parser the machine has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 20
"""How deep lists and mappings may nest in front matter (a series' breaks need 4 levels)."""

MAX_VALUES = 100_000
"""How many values a document may hold once its aliases are expanded (a page holds a few dozen)."""

# Each level of nesting needs one of the indicator characters (a list's [ or -, a mapping's { or :
# or ?), so text with at most _C_SAFE_INDICATORS of them nests no deeper than that, which
# libyaml's composer (it recurses in C, with no limit, and crashes the process past some 50000
# levels) composes safely; other text has its events checked first.
_NESTING_INDICATORS = "[{-:?"
_C_SAFE_INDICATORS = 1000
_TOO_DEEP = f"nests lists and mappings more than {MAX_DEPTH} levels deep"


class NestingError(yaml.YAMLError):
    """Lists and mappings nested deeper than :data:`MAX_DEPTH` (by default), or another problem of
    :func:`nesting_problem`.

    ``problem`` is worded to follow a subject (``the front matter nests ...``); ``line`` is 0-based.
    """

    def __init__(self, line: int, problem: str = "") -> None:
        super().__init__(problem or _TOO_DEEP)
        self.problem = problem or _TOO_DEEP
        self.line = line


class LimitedLoader(yaml.SafeLoader):
    """A safe loader whose composer stops at :data:`MAX_DEPTH` levels of lists and mappings.

    PyYAML's composer recurses once per level, so deep nesting (``[[[[...]]]]``) would exhaust
    Python's stack: this one raises :class:`NestingError` at the first level too many instead.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node, counting the lists and mappings it is inside."""
        if not self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise NestingError(self.current_event.start_mark.line)  # the event just checked
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(LimitedLoader):
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
            if sum(source.count(char) for char in _NESTING_INDICATORS) > _C_SAFE_INDICATORS:
                _check_depth_of_events(source, _FastLoader)  # before libyaml composes: see _C_SAFE_INDICATORS
            return yaml.compose(source, Loader=_FastLoader)
        except NestingError:
            raise
        except yaml.YAMLError:
            pass
    return yaml.compose(source, Loader=_Loader)


def _check_depth_of_events(source: str, loader: type) -> None:
    """Raise :class:`NestingError` if ``source`` nests deeper than :data:`MAX_DEPTH`, from its events (no recursion)."""
    depth = 0
    for event in yaml.parse(source, Loader=loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise NestingError(event.start_mark.line if event.start_mark else 0)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes right inside ``node``: a mapping's keys and values, a sequence's items."""
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def nesting_problem(root: yaml.Node) -> tuple[int, str] | None:
    """The 0-based line where the composed ``root`` is too deep, contains itself, or is too large; ``None`` when it is not.

    Aliases make the node tree a graph: a node may sit in several places (its values then count
    in each) or, with an alias inside its own anchor, inside itself, which nothing can read as
    front matter.  The graph is walked without recursion, each node once.  The problem is worded
    to follow a subject: ``the front matter nests lists and mappings more than 20 levels deep``.
    """
    height: dict[int, int] = {}  # levels of lists and mappings from a node down (0: a scalar)
    size: dict[int, int] = {}  # values in a node, aliases expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, yaml.Node | None, bool]] = [(root, None, False)]
    while stack:
        node, parent, finished = stack.pop()
        if finished:
            children = _children(node)
            below = max((height[id(c)] for c in children), default=0)
            height[id(node)] = 1 + below if isinstance(node, yaml.CollectionNode) else 0
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            open_nodes.discard(id(node))
            if size[id(node)] > MAX_VALUES:
                return node.start_mark.line, f"expands through aliases to more than {MAX_VALUES} values"
            continue
        if id(node) in height:
            continue
        if id(node) in open_nodes:
            where = parent if parent is not None else node
            return where.start_mark.line, "has a list or mapping that contains itself (through an alias)"
        open_nodes.add(id(node))
        stack.append((node, parent, True))
        stack.extend((child, node, False) for child in reversed(_children(node)))
    if height[id(root)] <= MAX_DEPTH:
        return None
    node = root
    for _level in range(MAX_DEPTH):  # down the deepest path, to the first level too many
        node = next(c for c in _children(node) if height[id(c)] == height[id(node)] - 1)
    return node.start_mark.line, _TOO_DEEP


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


@dataclass
class YamlDocument:
    """A whole YAML text as read: its value, the line of every key and list item, and what went wrong."""

    value: Any = None
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    error: str | None = None
    error_line: int = 1


def read_yaml(source: str, subject: str, *, offset: int, expect: type, shape: str) -> YamlDocument:
    """Read ``source`` (whose first line is line ``offset`` of its file), safely and with lines.

    The top value must be an instance of ``expect`` (``dict`` or ``list``), described as ``shape``
    in the error (``a mapping of keys to values``); ``subject`` starts every error
    (``the front matter``, ``tags.yaml``).  Nothing raises: a problem is :attr:`YamlDocument.error`
    at :attr:`~YamlDocument.error_line`; an empty text is a ``None`` value without error.
    """
    doc = YamlDocument()
    try:
        node = _compose(source)
    except NestingError as err:
        doc.error_line = offset + err.line
        doc.error = f"{subject} {err.problem}"
        return doc
    except yaml.YAMLError as err:
        doc.error_line, problem = _syntax_error(err, offset)
        doc.error = f"{subject} is not valid YAML: {problem}"
        return doc
    if node is None:
        return doc
    wanted = yaml.MappingNode if expect is dict else yaml.SequenceNode
    if not isinstance(node, wanted):
        doc.error = f"{subject} must be {shape}"
        doc.error_line = offset + node.start_mark.line
        return doc
    nesting = nesting_problem(node)
    if nesting is not None:
        line, words = nesting
        doc.error_line, doc.error = offset + line, f"{subject} {words}"
        return doc
    _record_lines(node, doc.lines, offset)
    try:
        # From the composed node, not the text again: a failure can then be traced to its node.
        doc.value = _Loader("").construct_document(node)
    except Exception as err:  # an explicit tag's constructor may raise anything (ValueError, KeyError...)
        bad = _unconstructable(node)
        mark = getattr(err, "problem_mark", None) or bad.start_mark
        doc.error_line = offset + mark.line
        doc.error = f"{subject} is not valid YAML: {_construction_problem(bad, err)}"
        return doc
    duplicate = _first_duplicate(node)
    if duplicate is not None:
        key, first = duplicate
        doc.error_line = offset + key.start_mark.line
        doc.error = (
            f"{subject} is not valid YAML: key {key.value!r} is given twice "
            f"(first on line {offset + first.start_mark.line}); keep one"
        )
    return doc


def _parse(source: str, fm: FrontMatter, offset: int) -> None:
    shape = "a mapping of keys to values (key: value lines)"
    doc = read_yaml(source, "the front matter", offset=offset, expect=dict, shape=shape)
    fm.lines = doc.lines
    fm.data = doc.value if isinstance(doc.value, dict) else {}
    if doc.error is not None:
        fm.error, fm.error_line = doc.error, doc.error_line


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
    """The innermost node below ``node`` that the loader cannot turn into a value (walked without recursion)."""
    current = node
    while True:
        for child in _children(current):
            try:
                _Loader("").construct_object(child, deep=True)
            except Exception:  # see _parse
                current = child
                break
        else:
            return current


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


def _first_duplicate(root: yaml.Node) -> tuple[yaml.Node, yaml.Node] | None:
    """The first key given twice in one mapping (at any depth), with its first occurrence; walked without recursion."""
    stack = [root]
    done: set[int] = set()  # a node that aliases put in several places is looked at once
    while stack:
        node = stack.pop()
        if id(node) in done:
            continue
        done.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], yaml.Node] = {}
            for key, _value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    first = seen.setdefault((key.tag, key.value), key)
                    if first is not key:
                        return key, first
            stack.extend(value for _key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


_TEXT_TAG = "tag:yaml.org,2002:str"


def _key_name(key: yaml.Node) -> str:
    """A key as :func:`seminar.model.metadata.validate` names it: its text, or a number's value as text (``1``)."""
    if isinstance(key, yaml.ScalarNode) and key.tag != _TEXT_TAG:
        try:
            return str(_Loader("").construct_object(key))
        except Exception:  # see _parse; the construction error is reported there
            return str(key.value)
    return str(key.value)


def _record_lines(root: yaml.Node, lines: dict[tuple[str | int, ...], int], offset: int) -> None:
    """The line of every key and list item below ``root``, by path (walked without recursion)."""
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        entries: list[tuple[tuple[str | int, ...], yaml.Node, yaml.Node]] = []
        if isinstance(node, yaml.MappingNode):
            entries = [((*path, _key_name(key)), key, value) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            entries = [((*path, index), item, item) for index, item in enumerate(node.value)]
        for sub, marked, _child in entries:
            lines[sub] = offset + marked.start_mark.line
        stack.extend((child, sub) for sub, _marked, child in reversed(entries))
