"""/estate says one verdict everywhere (issue "One verdict on every surface", items 3 and 5):
a shared subnet is named with every endpoint in it on the verdict, the what-if, the cards and
their pictures; the pinned summary goes out of date with the results; the what-if's answer is
where the what-if is typed. At 1280x800 and 390x844, axe on each state."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import endpoint, fill_estate, in_view, opened, violations

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (390, 844)]


def shared(page: Page) -> None:
    """pe-hub-a and pe-hub-b in one /28, an address in use typed on pe-hub-a's row only;
    pe-lab alone in a /27."""
    fill_estate(
        page,
        [
            ("pe-hub-a", "10.0.1.0/28", ""),
            ("pe-hub-b", "10.0.1.0/28", ""),
            ("pe-lab", "10.9.0.0/27", ""),
        ],
    )
    endpoint(page, 1).get_by_label("In use (optional)").fill("10.0.1.4")
    expect(page.locator("#results > .verdict")).to_contain_text(
        "10.0.1.0/28, shared by pe-hub-a and pe-hub-b, limits growth to 2 more replica(s)"
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_shared_subnet_is_named_with_its_endpoints_everywhere(
    browser: Browser, live_server: Any, width: int, height: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/estate")
    shared(page)
    summary = page.locator("#estate-summary .verdict")
    expect(summary).to_contain_text("limited by 10.0.1.0/28, shared by pe-hub-a and pe-hub-b")
    first = page.locator(".endpoint-card").nth(0)
    expect(first).to_contain_text("Subnet 10.0.1.0/28, shared with pe-hub-b")
    expect(first).to_contain_text("4 free after all of them")
    expect(first.locator(".verdict")).to_have_text(
        "Fits: 10.0.1.0/28 holds the 6 addresses of pe-hub-a and pe-hub-b; 4 free after."
    )
    # pe-hub-a's picture draws pe-hub-b's three addresses as another endpoint's, not free;
    # both draw the in-use address typed on pe-hub-a's row
    legend = first.locator(".legend")
    expect(legend).to_contain_text("Other endpoints 3")
    expect(legend).to_contain_text("Free 4")
    second = page.locator(".endpoint-card").nth(1)
    expect(second.locator(".legend")).to_contain_text("In use 1")
    expect(second.locator(".cell.other")).to_have_count(3)
    expect(page.locator(".endpoint-card").nth(2).locator(".legend")).not_to_contain_text("Other")
    expect(page.locator("#id_endpoints-help-in_use")).to_contain_text(
        "Rows with the same subnet share them"
    )

    page.get_by_label("New replica 1 region").fill("northeurope")
    page.get_by_label("Enable regional endpoints", exact=True).check()
    answer = page.locator("#what-if-answer")
    expect(answer).to_contain_text("Blocked by 1 of 2 subnets")
    expect(answer.locator(".blocking li")).to_have_text(
        ["10.0.1.0/28, shared by pe-hub-a, pe-hub-b, lacks 4 addresses"]
    )
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_what_if_answers_where_it_is_typed(
    browser: Browser, live_server: Any, width: int, height: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/estate")
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/29", "")])
    field = page.get_by_label("New replica 1 region")
    field.fill("westeurope")
    answer = page.locator("#what-if-answer")
    expect(answer).to_contain_text("Blocked by 1 of 2 subnets")
    field.scroll_into_view_if_needed()
    # the answer follows the what-if's fields: in view with the field being typed
    gap = page.evaluate(
        """() => document.querySelector('#what-if-answer').getBoundingClientRect().top
                 - document.querySelector('#id_what_if-add_regions_1')
                     .getBoundingClientRect().bottom"""
    )
    assert 0 < gap < 400, gap
    answer.scroll_into_view_if_needed()
    assert in_view(answer)
    context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_pinned_summary_goes_out_of_date_with_the_results(
    browser: Browser, live_server: Any, width: int, height: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/estate")
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/29", "")])
    page.get_by_label("New replica 1 region").fill("westeurope")
    summary = page.locator("#estate-summary .verdict")
    expect(summary).to_contain_text("Fits:")
    endpoint(page, 2).get_by_label("Subnet").fill("10.0.2.0/33")
    expect(page.locator("#plan-status")).to_contain_text("Out of date")
    expect(summary).to_contain_text("Out of date: correct the fields marked in the form")
    expect(summary).to_have_class("verdict stale")
    expect(page.locator("#what-if-answer")).to_contain_text("Out of date")
    assert violations(page) == []
    endpoint(page, 2).get_by_label("Subnet").fill("10.0.2.0/29")
    expect(summary).to_contain_text("Fits:")
    expect(page.locator("#what-if-answer")).to_contain_text("Blocked by 1 of 2 subnets")
    context.close()
