"""The plan stays in view while the form is edited: mid-edit errors, a raised count, defaults."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PLAN = "/?registry=contoso&regions=eastus,westus,westeurope&subnet=10.20.1.0/27"


def test_it_keeps_the_last_plan_marked_out_of_date_after_a_backspace(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + PLAN)
    results = page.locator("#results")
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    table = page.locator("#allocations").text_content()
    page.evaluate("window.plannerMarker = 'no reload'")

    page.get_by_label("Subnet").press("End")
    page.get_by_label("Subnet").press("Backspace")  # 10.20.1.0/2: host bits set
    expect(page.locator("#id_subnet-error")).to_contain_text("has host bits set")
    status = page.locator("#plan-status")
    expect(status).to_contain_text("Out of date: correct Subnet")
    expect(status).to_have_attribute("role", "status")
    expect(results).to_have_attribute("aria-busy", "true")
    expect(results).to_have_class(re.compile(r"\bstale\b"))
    expect(page.locator(".verdict")).to_contain_text("Fits:")  # the plan is still there
    assert page.locator("#allocations").text_content() == table

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name="Subnet")
    expect(link).to_have_attribute("href", "#id_subnet")
    expect(summary).to_contain_text("has host bits set")

    page.get_by_label("Subnet").press("7")  # valid again: a fresh plan, no longer marked
    expect(status).to_be_empty()
    expect(results).not_to_have_attribute("aria-busy", "true")
    expect(results).not_to_have_class(re.compile(r"\bstale\b"))
    expect(summary).to_be_hidden()
    assert page.evaluate("window.plannerMarker") == "no reload"


def test_it_keeps_the_plan_when_an_in_use_entry_lies_outside_the_subnet(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + PLAN)
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    page.get_by_label("Addresses already in use").fill("10.20.1.4, 10.99.0.1")
    expect(page.locator("#id_in_use-error")).to_contain_text("is not inside 10.20.1.0/27")
    expect(page.locator("#plan-status")).to_contain_text("Addresses already in use")
    expect(page.locator("#results")).to_have_attribute("aria-busy", "true")
    expect(page.locator("#allocations")).to_be_visible()
    summary_link = page.locator("#error-summary").get_by_role("link")
    expect(summary_link).to_have_text(["Addresses already in use"])
    summary_link.click()
    expect(page.get_by_label("Addresses already in use")).to_be_focused()


def test_it_plans_the_named_regions_and_sizes_the_rest_when_the_count_rises(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + PLAN)
    expect(page.get_by_label("Replicas")).to_have_value("3")
    page.get_by_label("Replicas").fill("5")
    expect(page.get_by_label("Replica 5 region")).to_have_value("")  # pickers added
    expect(page.locator("h2#results-heading")).to_have_text("Plan for contoso.azurecr.io")
    expect(page.locator("#pending-note")).to_contain_text("3 of 5 regions chosen")
    expect(page.locator(".verdict")).to_contain_text("Fits: the plan needs 6 addresses")
    regions = page.locator("#allocations tbody td[data-label=Region]")
    expect(regions).to_have_text(
        [
            "",
            "eastus",
            "westus",
            "westeurope",
            "replica 4: region not chosen",
            "replica 5: region not chosen",
        ]
    )
    expect(page.locator("#id_replica_count-error")).to_be_empty()
    expect(page.locator("#error-summary")).to_be_hidden()

    page.get_by_label("Replica 4 region").fill("northeurope")
    expect(regions.nth(4)).to_have_text("northeurope")
    expect(page.locator("#pending-note")).to_contain_text("4 of 5 regions chosen")


def test_it_validates_the_replica_count_it_shows(page: Page, live_server: Any) -> None:
    response = page.goto(live_server.url + "/?subnet=10.20.1.0/27")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_label("Replicas")).to_have_value("1")
    expect(page.locator("h2#results-heading")).to_have_text("Sizing for 1 replica")
    expect(page.locator(".verdict")).to_contain_text("Fits: the plan needs 2 addresses")
    expect(page.locator("#error-summary")).to_be_hidden()
