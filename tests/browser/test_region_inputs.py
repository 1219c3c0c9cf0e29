"""Region inputs: typing a programmatic name picks that region (a <select>'s type-ahead matched
display names: `westeurope` chose West Central US), either name is read, and the three pages
have the same control; the estate's per-row overrides are chosen from lists."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import (
    WIDTHS,
    endpoint,
    fill_estate,
    opened,
    paste_change,
    plan_estate,
    violations,
)

pytestmark = pytest.mark.browser


def plan_home(page: Page, javascript: bool) -> None:
    if not javascript:
        page.get_by_role("button", name="Plan", exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_typing_a_programmatic_name_into_a_focused_picker_plans_that_region(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = opened(browser, width, javascript)
    page = context.new_page()
    page.goto(live_server.url + "/?registry=contoso&replica_count=2&subnet=10.0.1.0/27")
    page.get_by_label("Home region").focus()
    page.keyboard.type("westeurope")  # as the issue typed it
    page.get_by_label("Replica 2 region").focus()
    page.keyboard.type("eastus2")
    plan_home(page, javascript)
    allocations = page.locator("#allocations")
    expect(allocations).to_contain_text("contoso.westeurope.data.azurecr.io")
    expect(allocations).to_contain_text("contoso.eastus2.data.azurecr.io")
    expect(page.get_by_label("Home region")).to_have_value("westeurope")
    expect(page).to_have_url(re.compile(r"regions=westeurope(&|%2C|,)"))
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_display_name_is_read_and_the_link_says_the_programmatic_one(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = opened(browser, width, javascript)
    page = context.new_page()
    page.goto(live_server.url + "/?registry=contoso&subnet=10.0.1.0/27")
    page.get_by_label("Home region").fill("North Europe")
    plan_home(page, javascript)
    expect(page.locator("#allocations")).to_contain_text("contoso.northeurope.data.azurecr.io")
    expect(page.locator(".permalink a").first).to_have_attribute(
        "href", re.compile(r"regions=northeurope")
    )
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("path", ["/", "/estate", "/change"])
def test_the_three_pages_suggest_each_region_by_both_names_in_the_same_control(
    page: Page, live_server: Any, path: str
) -> None:
    page.goto(live_server.url + path)
    home = page.get_by_label("Home region")
    expect(home).to_have_attribute("list", "regions-public")
    assert home.evaluate("input => input.tagName") == "INPUT"
    suggestions = page.locator("#regions-public option")
    expect(suggestions).to_have_count(home.evaluate("input => input.list.options.length"))
    west = page.locator("#regions-public option[value=westeurope]")
    assert west.evaluate("option => option.label") == "West Europe"
    assert page.locator("datalist#regions-china option[value=chinanorth3]").count() == 1
    assert violations(page) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_estate_takes_a_region_an_input_by_either_name(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = opened(browser, width, javascript)
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    page.get_by_label("Registry name").fill("contoso")
    page.get_by_label("Home region").fill("eastus")
    row = endpoint(page, 1)
    row.get_by_label("Name").fill("pe-hub")
    row.get_by_label("Subnet").fill("10.0.1.0/27")
    plan_estate(page, javascript)  # without JavaScript the next input comes with the page
    page.get_by_label("Replica 2 region").fill("West Europe")
    plan_estate(page, javascript)
    expect(page.locator("#allocations-1")).to_contain_text("contoso.westeurope.data.azurecr.io")
    expect(page.get_by_label("Replica 3 region")).to_have_value("")
    page.get_by_label("New replica 1 region").fill("northeurope")
    plan_estate(page, javascript)
    expect(page.locator(".what-if-outcome")).to_contain_text("What if: adding northeurope")
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_change_page_takes_a_region_an_input_by_either_name(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = opened(browser, width, javascript)
    page = context.new_page()
    page.goto(live_server.url + "/change")
    paste_change(page, ["eastus"])
    if javascript:  # the next input appears as the last is filled
        page.get_by_label("Replica 2 region").fill("West Europe")
        page.get_by_label("Replica 3 region").fill("northeurope")
    else:
        page.get_by_label("Home region").fill("eastus, West Europe, northeurope")
    page.get_by_role("button", name="Plan the change").click()
    results = page.locator("#day-two-results")
    expect(results).to_contain_text("Fits: 1 endpoint(s) must be re-created")
    table = results.get_by_role("table")
    expect(table).to_contain_text("registry_data_northeurope")
    expect(table).to_contain_text("registry_data_westeurope")
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_each_estate_row_chooses_its_dns_and_allocation_from_a_list(
    browser: Browser, live_server: Any, javascript: bool
) -> None:
    context = opened(browser, 1280, javascript)
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/28", "")], javascript)
    spoke = endpoint(page, 2)
    dns, allocation = spoke.get_by_label("DNS (optional)"), spoke.get_by_label("Allocation")
    assert dns.evaluate("field => field.tagName") == "SELECT"
    choices = "field => Array.from(field.options, (option) => option.value)"
    assert dns.evaluate(choices) == ["", "new-zone", "existing-zone", "zone-group", "none"]
    assert allocation.evaluate(choices) == ["", "static", "dynamic"]
    expect(allocation.locator("option:checked")).to_have_text("the registry's")
    allocation.select_option("dynamic")
    plan_estate(page, javascript)
    expect(page.locator("#allocations-2")).to_contain_text("assigned by Azure")
    expect(page.locator("#allocations-1")).to_contain_text("10.0.1.4")
    expect(endpoint(page, 2).get_by_label("Allocation")).to_have_value("dynamic")
    assert violations(page) == []
    context.close()
