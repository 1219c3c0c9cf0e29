"""Long commands wrap inside their own box, each with a copy button, and no page scrolls
sideways: /change was 5,554 px wide and /api/v1/docs 4,571 px at 1280 (the Resource Graph
query on one line), and runbook lines were cut on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from planner.core.deployed.graph import graph_command
from tests.browser.pages import (
    PLAN,
    WIDTHS,
    broken_words,
    opened,
    paste_change,
    scrolls_sideways,
    violations,
)
from tests.day_two import fixture

pytestmark = pytest.mark.browser


def wrong_eastus_record() -> list[Any]:
    """The hub zone with contoso.eastus.data pointing at an address no member has."""
    records = fixture("records.json")
    records[1]["aRecords"][0]["ipv4Address"] = "10.0.1.99"
    return list(records)


def copied(page: Page, button: str) -> str:
    page.locator(button).click()
    return str(page.evaluate("navigator.clipboard.readText()"))


def outside_window(page: Page) -> list[str]:
    """What is wider than the window: the page itself, and each command's box and table."""
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll("pre, table"))
            .filter((box) => box.getBoundingClientRect().right > innerWidth + 1
              && !box.closest(".scroll"))
            .map((box) => `${box.tagName} ${box.textContent.slice(0, 40)}`)"""
    )
    page_itself = ["the page (it scrolls sideways)"] if scrolls_sideways(page) else []
    return page_itself + list(boxes)


@pytest.fixture
def clipboard_page(browser: Browser, width: int) -> Iterator[Page]:
    """A page `width` wide whose copy buttons may use the clipboard."""
    context = opened(browser, width)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_change_runbook_wraps_and_each_step_copies_on_its_own(
    clipboard_page: Page, live_server: Any, width: int
) -> None:
    page = clipboard_page
    page.goto(live_server.url + "/change")
    assert not scrolls_sideways(page)  # the graph query's box before anything is pasted
    assert copied(page, "button[data-copy=graph-command]") == graph_command()

    paste_change(page, ["eastus", "westeurope", "northeurope"])
    page.get_by_role("button", name="Plan the change").click()
    steps = page.locator("#day-two-results pre code[id^=runbook-]")
    expect(steps.first).to_contain_text("# Fits: 1 endpoint(s) must be re-created")
    texts = steps.all_text_contents()
    assert [text.split("\n")[0][:5] for text in texts[1:]] == [
        f"# {number}. " for number in range(1, len(texts))
    ]
    assert any("az acr replication create --registry contoso" in text for text in texts)
    buttons = page.locator("#day-two-results button.copy")
    names = [button.evaluate("button => button.textContent") for button in buttons.all()]
    assert names == ["Copy"] * (len(texts) + 1)  # each step and the check script
    assert len({button.get_attribute("aria-labelledby") for button in buttons.all()}) == len(names)
    for number, text in enumerate(texts, start=1):
        assert copied(page, f"button[data-copy=runbook-{number}]") == text
    assert outside_window(page) == []
    assert broken_words(page, "#day-two-results") == []  # commands aside, nothing mid-word
    assert violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_each_drift_fix_wraps_and_copies_on_its_own(
    clipboard_page: Page, live_server: Any, width: int
) -> None:
    page = clipboard_page
    page.goto(live_server.url + "/change")
    paste_change(page, ["eastus", "westeurope"], wrong_eastus_record())
    page.get_by_role("button", name="Check drift").click()
    fixes = page.locator("#day-two-results pre code[id^=fix-]")
    expect(fixes.first).to_contain_text("az network private-dns record-set a")
    for number, text in enumerate(fixes.all_text_contents(), start=1):
        assert copied(page, f"button[data-copy=fix-{number}]") == text
    expect(page.locator("#day-two-results")).to_contain_text("contoso.eastus.data")
    assert outside_window(page) == []
    assert violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_api_docs_and_the_plans_commands_stay_in_the_window(
    clipboard_page: Page, live_server: Any, width: int
) -> None:
    page = clipboard_page
    page.goto(live_server.url + "/api/v1/docs")
    assert outside_window(page) == []
    request = page.locator("#sample-200-request")
    assert copied(page, "button[data-copy=sample-200-request]") == request.text_content()
    assert violations(page) == []

    page.goto(live_server.url + PLAN)
    page.locator("#api-examples > summary").click()
    page.get_by_text("Fill the subnet from").click()
    assert outside_window(page) == []
    assert violations(page) == []
