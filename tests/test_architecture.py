"""Imports point down: no cycle among the planner's modules, the core below the renderers, the
pages beside the API rather than above it. Read from the source (every import statement, also
those inside functions), so a lazy import does not hide a cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANNER = ROOT / "planner"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PLANNER.rglob("*.py")}


def imported(name: str, path: Path) -> Iterator[str]:
    """The planner modules `name` imports: `from a.b import c` is a.b.c when that is a module,
    else a.b."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    yield f"{base}.{alias.name}"
                elif base in MODULES:
                    yield base


GRAPH = {name: set(imported(name, path)) - {name} for name, path in MODULES.items()}


def cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_it_reads_the_imports_it_checks() -> None:
    assert "planner.core.estate" in GRAPH["planner.api.views"]
    assert "planner.core.renderers.terraform" in GRAPH["planner.core.renderers"]


def test_there_is_no_import_cycle_among_the_planners_modules() -> None:
    assert cycles() == []


def test_it_finds_a_cycle_when_there_is_one() -> None:
    GRAPH["planner.core.azure"].add("planner.core.estate")
    try:
        assert any("planner.core.azure" in group for group in cycles())
    finally:
        GRAPH["planner.core.azure"].discard("planner.core.estate")


CORE = [name for name in GRAPH if name.startswith("planner.core")]


@pytest.mark.parametrize("name", [n for n in CORE if not n.startswith("planner.core.renderers")])
def test_the_core_imports_no_renderer(name: str) -> None:
    assert not {target for target in GRAPH[name] if target.startswith("planner.core.renderers")}, (
        f"{name} imports a renderer: what both need belongs below them"
    )


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_nothing_above_it(name: str) -> None:
    assert all(target.startswith("planner.core") for target in GRAPH[name])


PAGES = [name for name in GRAPH if name.startswith("planner.pages")]


def test_the_pages_are_a_package() -> None:
    assert len(PAGES) > 3
    flat = {name for name in GRAPH if name.count(".") == 1} - {
        "planner.settings",
        "planner.urls",
        "planner.wsgi",
        "planner.apps",
        "planner.serve",
        "planner.cli",
        "planner.collect",
        "planner.logs",
        "planner.middleware",
        "planner.core",
        "planner.api",
        "planner.pages",
        "planner.forms",
        "planner.management",
        "planner.templatetags",
    }
    assert flat == set(), "page modules belong in planner/pages/"


@pytest.mark.parametrize("name", PAGES)
def test_a_page_imports_nothing_of_the_api(name: str) -> None:
    assert not {target for target in GRAPH[name] if target.startswith("planner.api")}


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_no_page_helper(name: str) -> None:
    assert not {target for target in GRAPH[name] if target.startswith("planner.pages")}, (
        f"{name} imports a page module: the core gives regions, text and documents"
    )


# The page's own layer: its views and helpers, the template tags its templates load (Django
# finds those only in an app's templatetags package), and the URLconf that routes to the views.
PAGE_LAYER = ("planner.pages", "planner.templatetags", "planner.urls")


@pytest.mark.parametrize("name", [n for n in GRAPH if not n.startswith(PAGE_LAYER)])
def test_nothing_outside_the_pages_imports_them(name: str) -> None:
    assert not {target for target in GRAPH[name] if target.startswith("planner.pages.")}, (
        f"{name} imports a page module"
    )


def test_no_core_module_is_over_700_lines() -> None:
    long = {
        name: lines
        for name, path in MODULES.items()
        if name.startswith("planner.core") and (lines := len(path.read_text().splitlines())) > 700
    }
    assert long == {}, "one module, one concern: split it by what it reads or says"
