"""The package keeps its layers (ARCHITECTURE.md): imports point down, no circles, small modules.

Imports are read from the source (``ast``), not run: a layer may import the layers below it and
its own folder, ``cli/`` imports ``model/`` only, nothing imports upwards, and an import inside a
function is one of the documented exceptions listed here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "_ext" / "seminar"

# What each part of the package may import, besides its own folder (ARCHITECTURE.md, "The layers").
ALLOWED = {
    "model": set(),
    "site": {"model"},
    "domain": {"model", "site"},
    "rendering": {"model", "site", "domain"},
    "pages": {"model", "site", "domain", "rendering"},
    "incremental": {"model", "site", "domain"},
    "outputs": {"model", "site", "domain", "incremental"},
    "html": {"model", "site", "domain", "incremental", "rendering", "pages"},
    "extension": {"model", "site", "domain", "incremental", "rendering", "pages", "outputs", "html"},
    "__init__": {"extension"},
    "cli": {"model"},
    "__main__": {"cli"},
}

# Imports inside functions, each documented where it stands: (module, imported module).
DEFERRED = {
    ("seminar", "seminar.extension"),  # python -m seminar must not load the build
    ("seminar.outputs.calendar", "icalendar"),  # heavy, and most rebuilds write no calendar
    ("seminar.outputs.calendar", "icalendar.enums"),
    ("seminar.outputs.feeds", "feedgen.feed"),  # heavy, and most rebuilds write no feed
    ("seminar.outputs.feeds", "feedgen.entry"),
    ("seminar.outputs.feeds", "feedgen.version"),
    ("seminar.outputs.feeds", "lxml"),
    ("seminar.html.structured", "sphinxext.opengraph"),  # optional extensions: only when the site loads them
    ("seminar.html.structured", "sphinx_sitemap"),
}

MAX_LINES = 600
MAX_MODULES_PER_FOLDER = 10


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _part(module: str) -> str:
    """The layer of ``seminar.<part>...``: its folder, or the top-level module's name."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def _imports(module: str, path: Path) -> Iterator[tuple[str, str]]:
    """``(imported module, where)`` for every import of ``module``: where is "module", "function" or "typing".

    "typing" is an ``if TYPE_CHECKING:`` block (read by type checkers, never run).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    where: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            where.update((id(inner), "function") for inner in ast.walk(node) if inner is not node)
        elif isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            where.update((id(inner), "typing") for inner in ast.walk(node) if inner is not node)
    for node in ast.walk(tree):
        inside = where.get(id(node), "module")
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, inside
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target, inside
            for alias in node.names:  # ``from . import frontmatter`` imports a module
                if f"{target}.{alias.name}" in MODULES:
                    yield f"{target}.{alias.name}", inside


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        graph[module] = {target for target, _ in _imports(module, path) if target in MODULES and target != module}
    return graph


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    part = _part(module)
    for target in _graph()[module]:
        other = _part(target)
        if other == part:
            continue
        assert other in ALLOWED[part], f"{module} imports {target}: {part}/ may import only {sorted(ALLOWED[part])}"


def test_no_import_circles() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circle = [*path[path.index(target) :], target]
                pytest.fail("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_inside_functions_are_documented(module: str) -> None:
    for target, inside in _imports(module, MODULES[module]):
        if inside == "function":
            assert (module, target) in DEFERRED, f"{module} imports {target} inside a function"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines"


def test_folders_stay_small() -> None:
    for folder in [PACKAGE, *(p for p in PACKAGE.iterdir() if p.is_dir())]:
        count = len([p for p in folder.glob("*.py") if p.name != "__init__.py"])
        assert count <= MAX_MODULES_PER_FOLDER, f"{folder.name}/ holds {count} modules"


def test_every_module_has_a_docstring() -> None:
    missing = [m for m, p in MODULES.items() if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert not missing


def test_the_command_line_tools_do_not_load_the_build() -> None:
    """``python -m seminar`` loads no module that imports Sphinx (its packages' ``__init__`` included)."""
    loaded: dict[str, list[str]] = {}
    for module, path in MODULES.items():
        pieces = module.split(".")
        parents = [".".join(pieces[:i]) for i in range(1, len(pieces))]
        loaded[module] = [*parents, *(target for target, where in _imports(module, path) if where == "module")]
    seen: set[str] = set()
    todo = ["seminar.__main__"]
    while todo:
        module = todo.pop()
        if module in seen or module not in MODULES:
            continue
        seen.add(module)
        todo.extend(loaded[module])
        sphinx = [t for t in loaded[module] if t == "sphinx" or t.startswith(("sphinx.", "docutils"))]
        assert not sphinx, f"{module}, which python -m seminar loads, imports {sphinx}"
