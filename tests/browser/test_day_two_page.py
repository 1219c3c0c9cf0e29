"""The day-two page in Debian's Chromium: a change planned and drift checked from pasted az
output, swapped in place by htmx, with nothing for axe to report."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import violations
from tests.day_two import fixture

pytestmark = pytest.mark.browser


def paste(page: Page, regions: str) -> None:
    page.get_by_label("Registry name").fill("contoso")
    page.get_by_label("Home region").fill(regions)  # a list in one input is read
    page.get_by_label("Deployed: JSON of").fill(json.dumps(fixture("pe-static.json")))
    page.get_by_label("Graph: JSON of").fill(json.dumps(fixture("graph.json")))
    page.get_by_label("Records: JSON of").fill(json.dumps(fixture("records.json")))


def test_it_plans_a_change_in_place(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/estate")
    page.get_by_role("link", name="Plan a change or check DNS drift").click()
    paste(page, "eastus, westeurope, northeurope")
    page.get_by_role("button", name="Plan the change").click()
    results = page.locator("#day-two-results")
    expect(results).to_contain_text("Fits: 1 endpoint(s) must be re-created")
    expect(results.get_by_role("table")).to_contain_text("registry_data_northeurope")
    expect(results).to_contain_text("az acr replication create --registry contoso")
    assert page.url.endswith("/change")  # htmx swapped the results; no navigation
    assert violations(page) == []


def test_it_checks_drift_and_names_a_bad_paste(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/change")
    paste(page, "eastus, westeurope, northeurope")
    page.get_by_role("button", name="Check drift").click()
    results = page.locator("#day-two-results")
    verdict = results.locator(".verdict")
    expect(verdict).to_have_text(
        "Drift: 1 finding, 1 of high severity: clients fail or leave through the public path."
    )
    expect(verdict).to_have_class("verdict too-small")  # in the colour of what is wrong
    expect(results.locator(".severity.high")).to_have_text("high")
    expect(results).to_contain_text("contoso.northeurope.data")
    assert violations(page) == []
    page.get_by_label("Records: JSON of").fill('[{"name": "contoso"')
    page.get_by_role("button", name="Check drift").click()
    expect(results.get_by_role("alert")).to_contain_text("not JSON")
    results.get_by_role("link", name="records").click()
    expect(page.get_by_label("Records: JSON of")).to_be_focused()


def test_it_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/change")
    paste(page, "eastus, westeurope")
    page.get_by_role("button", name="Check drift").click()
    expect(page.locator("#day-two-results")).to_contain_text(
        "No drift: 3 records of contoso match."
    )
    context.close()
