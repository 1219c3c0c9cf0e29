"""The code stays easy to change: no block above complexity 15 (radon's count), few functions
over 40 lines (the OpenAPI document's literals aside), and no template line over 120
characters but prose. Read from the source, so that a new long block fails here first."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "planner").rglob("*.py"))
MOST_COMPLEX = 15
LONG_FUNCTION = 40  # lines
MOST_LONG_FUNCTIONS = 15
LITERALS = ("openapi",)  # modules whose long functions are the API's document as a literal


def blocks() -> list[tuple[int, str]]:
    found = []
    for path in SOURCES:
        for block in cc_visit(path.read_text()):
            found.append(
                (block.complexity, f"{path.relative_to(ROOT)}:{block.lineno} {block.name}")
            )
    return found


def long_functions() -> list[str]:
    found = []
    for path in SOURCES:
        if any(name in path.name for name in LITERALS):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (node.end_lineno or node.lineno) - node.lineno + 1 > LONG_FUNCTION:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def test_it_reads_every_block() -> None:
    assert len(blocks()) > 500


def test_no_block_is_above_complexity_15() -> None:
    assert [name for complexity, name in blocks() if complexity > MOST_COMPLEX] == []


def test_few_functions_are_over_40_lines() -> None:
    assert len(long_functions()) <= MOST_LONG_FUNCTIONS, long_functions()


TAGS = re.compile(r"<[^>]*>|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")
MARKUP = re.compile(r"<[a-zA-Z][^>]*=|(^|\s)[\w-]+=\"|\{%\s*(for|include|with|partial|url)\b")


def prose(line: str) -> bool:
    """A sentence, with the odd variable or condition in it: no tag's attributes, no loop or
    include, and at least 40% of it text."""
    text = line.strip()
    return not MARKUP.search(text) and len(TAGS.sub("", text)) >= 0.4 * len(text)


@pytest.mark.parametrize(
    ("line", "is_prose"),
    [
        ("Fits: {{ n }} endpoint{{ n|pluralize }}, " * 4, True),
        ('<p id="plan-status" class="plan-status" role="status" data-state="x">', False),
        ('             aria-describedby="id_graph-help id_graph-error">', False),
        ("{% for x in y %}{{ x }}{% endfor %}", False),
    ],
)
def test_it_tells_prose_from_markup(line: str, is_prose: bool) -> None:
    assert prose(line) is is_prose


def test_no_template_line_is_over_120_characters_but_prose() -> None:
    long = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if len(line) > 120 and not prose(line)
    ]
    assert long == [], "write it on several lines in {% joined %} (templatetags/joined.py)"
