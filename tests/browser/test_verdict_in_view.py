"""The verdict stays in view while the subnet and the addresses in use are edited: they come
before the optional deployment settings, a wide screen keeps the verdict (alone: the figures
scroll) beside them, and a phone says the verdict in short next to them; on /estate too."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.pages import PLAN, WIDTHS, endpoint, fill_estate, in_view, opened, violations

pytestmark = pytest.mark.browser


def above(first: Locator, second: Locator) -> bool:
    one, two = first.bounding_box(), second.bounding_box()
    assert one is not None
    assert two is not None
    return one["y"] + one["height"] <= two["y"]


def centred(page: Page, field: Locator) -> None:
    """The field focused in the middle of the window, as a person editing it sees it."""
    field.focus()
    field.evaluate("field => field.scrollIntoView({block: 'center'})")


def verdict(page: Page, width: int) -> Locator:
    """What says the verdict next to the fields: the summary beside them, or on a phone the
    short line after them."""
    return page.locator("#results > .verdict" if width > 960 else "#quick-verdict")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("width", [1920, *WIDTHS])
def test_the_verdict_is_in_view_while_the_subnet_and_in_use_are_edited(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = opened(browser, width, javascript)
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    subnet, in_use = (
        page.get_by_label("Subnet", exact=True),
        page.get_by_label("Addresses already in use"),
    )
    assert above(in_use, page.locator("details.deployment"))
    for field in (subnet, in_use):
        centred(page, field)
        expect(verdict(page, width)).to_contain_text("Fits")
        assert in_view(verdict(page, width)), f"verdict out of view while editing {field}"
    if width > 960:  # pinned: the verdict's line, not the figures
        box = verdict(page, width).bounding_box()
        assert box is not None
        assert box["height"] <= 120
    if javascript:  # the verdict follows the edit, still in view
        in_use.fill("10.20.1.4-10.20.1.28")
        expect(verdict(page, width)).to_contain_text("Does not fit")
        assert in_view(verdict(page, width))
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("width", [1920, *WIDTHS])
def test_the_short_verdict_says_when_the_plan_is_out_of_date(
    browser: Browser, live_server: Any, width: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    subnet = page.get_by_label("Subnet", exact=True)
    centred(page, subnet)
    subnet.fill("10.20.1.0/2")
    subnet.blur()  # a change: the messages come at once
    expect(page.locator("#plan-status")).to_contain_text("Out of date: correct Subnet")
    if width > 960:  # the summary stays below the status, both in view
        assert in_view(page.locator("#plan-status"))
        assert above(page.locator("#plan-status"), verdict(page, width))
    else:
        expect(verdict(page, width)).to_have_text("Out of date: correct Subnet. The plan")
    assert in_view(verdict(page, width))
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("width", [1920, *WIDTHS])
def test_the_estates_verdict_is_in_view_while_a_rows_subnet_is_edited(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = opened(browser, width, javascript)
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    rows = [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/28", "spokes")]
    fill_estate(page, rows, javascript)
    summary = page.locator("#estate-summary")
    expect(summary).to_contain_text("Fits: 2 endpoints, 3 addresses each; room for")
    assert above(endpoint(page, 2), page.locator("fieldset.deployment"))
    for number in (1, 2):
        for label in ("Subnet", "In use"):
            centred(page, endpoint(page, number).get_by_label(label))
            assert in_view(summary), f"estate verdict out of view at endpoint {number} {label}"
    if javascript:
        endpoint(page, 2).get_by_label("In use").fill("10.0.2.4-10.0.2.13")
        expect(summary).to_contain_text("Does not fit: 1 of 2 private endpoint(s)")
        assert in_view(summary)
    assert violations(page) == []
    context.close()
