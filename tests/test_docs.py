"""The README is a front door and docs/ holds the rest: every link resolves (files and
headings), and the example documents under docs/examples/ are the ones the README runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES = ROOT / "docs" / "examples"
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def anchors(page: Path) -> set[str]:
    """GitHub's anchor for each heading: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", page.read_text()), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def links(page: Path) -> list[str]:
    return list(LINK.findall(FENCE.sub("", page.read_text())))


def test_the_readme_is_a_front_door() -> None:
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 250
    head = text[: text.index("## Quick start")]
    assert "1 + N + N" in head  # the model, near the top
    assert "reserves five" in head
    for command in ("make run", "make test", "pip install ."):
        assert command in text


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_resolves(page: Path) -> None:
    for target in links(page):
        if re.match(r"[a-z]+:", target):  # http(s), mailto: not ours to check
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: {target} names no file"
        if anchor:
            assert anchor in anchors(linked), f"{page.name}: {target} names no heading"


def test_it_finds_a_broken_link(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[a](#title) [b](missing.md) [c](#nowhere)\n")
    assert links(page) == ["#title", "missing.md", "#nowhere"]
    assert anchors(page) == {"title"}
    assert not (tmp_path / "missing.md").exists()


def example(name: str) -> dict[str, object]:
    document: dict[str, object] = json.loads((EXAMPLES / name).read_text())
    return document


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("estate.json", "/api/v1/estate"),
        ("change.json", "/api/v1/change"),
        ("drift.json", "/api/v1/drift"),
    ],
)
def test_each_example_document_is_answered_by_the_api(name: str, path: str) -> None:
    response = Client().post(path, example(name), content_type="application/json")
    assert response.status_code == 200, response.content[:500]


def test_the_readmes_pipeline_commands_answer_as_it_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    estate = str(EXAMPLES / "estate.json")
    call_command("plan", estate=estate, format="terraform")
    assert 'resource "azurerm_private_endpoint"' in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:  # its what-if (northeurope) does not fit
        call_command("plan", estate=estate, format="json", fail_on_what_if=True)
    assert stopped.value.code == 1
    capsys.readouterr()  # the JSON, printed whatever the status
    call_command("drift", str(EXAMPLES / "drift.json"))
    assert capsys.readouterr().out.startswith("No drift")
