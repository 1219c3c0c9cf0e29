"""The estate page as an engineer works it, in Debian's Chromium at desktop and phone width,
with and without JavaScript: a failed upload keeps the form and a good one says what it
filled, at /estate; an estate that does not fit still gives the files of the endpoints that
fit and says by how much the others are short; a region typo keeps the estate on screen,
out of date; removing a row leaves the focus in the rows. axe finds nothing in each state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.axe_markup import axe_findings

pytestmark = pytest.mark.browser

WIDTHS = [1280, 390]
MODES = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
DOCUMENT = {
    "registry": "contoso",
    "regions": ["eastus", "westus"],
    "endpoints": [
        {"name": "pe-hub", "subnet": "10.0.1.0/27"},
        {"name": "pe-spoke", "subnet": "10.0.2.0/28", "zone_scope": "spokes"},
        {"name": "pe-edge", "subnet": "10.0.3.0/28", "zone_scope": "edge"},
    ],
}


def endpoint(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=f"Endpoint {number}", exact=True)


def fill_endpoint(page: Page, number: int, name: str, subnet: str, in_use: str = "") -> None:
    row = endpoint(page, number)
    row.get_by_label("Name").fill(name)
    row.get_by_label("Subnet").fill(subnet)
    row.get_by_label("In use").fill(in_use)


def opened(browser: Browser, live_server: Any, width: int, javascript: bool) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    return page


def plan(page: Page, javascript: bool) -> None:
    """Plan what is typed: htmx does it as one types; without JavaScript, the button."""
    if not javascript:
        page.get_by_role("button", name="Plan the estate").click()


@MODES
@pytest.mark.parametrize("width", WIDTHS)
def test_an_upload_keeps_what_was_typed_and_says_what_it_filled(
    browser: Browser, live_server: Any, tmp_path: Path, width: int, javascript: bool
) -> None:
    page = opened(browser, live_server, width, javascript)
    page.get_by_label("Registry name").fill("contoso")
    page.locator('input[name="regions"]').first.fill("eastus")
    fill_endpoint(page, 1, "pe-typed", "10.0.9.0/28")
    upload = page.get_by_role("button", name="Upload", exact=True)

    upload.click()  # no file chosen
    expect(page.locator("#id_document-error")).to_contain_text("Choose an estate document")
    expect(page.get_by_label("Registry name")).to_have_value("contoso")
    expect(endpoint(page, 1).get_by_label("Name")).to_have_value("pe-typed")
    expect(page.locator("#results .verdict").first).to_contain_text("Fits:")
    assert page.url == live_server.url + "/estate"
    assert axe_findings(browser, live_server, page, javascript) == []

    broken = tmp_path / "estate.json"
    broken.write_text('{"registry": ')
    page.get_by_label("Upload an estate document").set_input_files(broken)
    upload.click()
    expect(page.locator("#id_document-error")).to_contain_text("The file is not a JSON document")
    expect(endpoint(page, 1).get_by_label("Subnet")).to_have_value("10.0.9.0/28")
    assert page.url == live_server.url + "/estate"

    broken.write_text(json.dumps(DOCUMENT))
    page.get_by_label("Upload an estate document").set_input_files(broken)
    upload.click()
    expect(page.locator("#upload-filled")).to_have_text("Filled from estate.json: 3 endpoints.")
    expect(page.locator("#id_document-error")).to_have_text("")
    expect(endpoint(page, 3).get_by_label("Name")).to_have_value("pe-edge")
    expect(page.locator("h2#results-heading")).to_have_text("Estate of contoso.azurecr.io")
    assert page.url == live_server.url + "/estate"
    assert axe_findings(browser, live_server, page, javascript) == []
    page.context.close()


@MODES
@pytest.mark.parametrize("width", WIDTHS)
def test_an_estate_that_does_not_fit_gives_the_files_that_fit(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    page = opened(browser, live_server, width, javascript)
    page.get_by_label("Registry name").fill("contoso")
    page.locator('input[name="regions"]').first.fill("eastus, westus")
    fill_endpoint(page, 1, "pe-hub", "10.0.1.0/27")
    page.get_by_role("button", name="Add an endpoint").click()
    fill_endpoint(page, 2, "pe-spoke", "10.0.2.0/29", "10.0.2.4-10.0.2.5")  # 1 free of 3
    plan(page, javascript)
    expect(page.locator("#results .verdict").first).to_contain_text(
        "lack addresses: pe-spoke (2 short)"
    )
    expect(page.locator(".figures")).to_contain_text("short by 2")
    expect(page.locator("article", has_text="pe-spoke").locator("p.note").first).to_contain_text(
        "short by 2 addresses"
    )
    offered = page.locator("#fitting-downloads")
    expect(offered).to_contain_text("the files of the 1 endpoint that fit (pe-hub)")
    assert axe_findings(browser, live_server, page, javascript) == []
    with page.expect_download() as download:
        offered.get_by_role("button", name="CSV").click()
    text = Path(download.value.path()).read_text()
    assert "pe-hub" in text
    assert "pe-spoke" not in text
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_region_typo_keeps_the_estate_on_screen_out_of_date(
    browser: Browser, live_server: Any, width: int
) -> None:
    page = opened(browser, live_server, width, javascript=True)
    page.get_by_label("Registry name").fill("contoso")
    regions = page.locator('input[name="regions"]').first
    regions.fill("eastus, westus")
    fill_endpoint(page, 1, "pe-hub", "10.0.1.0/27")
    results = page.locator("#results")
    expect(page.locator("#results .verdict").first).to_contain_text("Fits:")

    regions.fill("eastus, westuss")
    expect(page.locator("#plan-status")).to_contain_text("Out of date")
    expect(page.locator("#id_regions-error")).to_contain_text("westuss")
    expect(results).to_have_attribute("aria-busy", "true")
    expect(results.locator("h2")).to_have_text("Estate of contoso.azurecr.io")
    assert axe_findings(browser, live_server, page, javascript=True) == []

    regions.fill("eastus, westus2")
    expect(page.locator("#plan-status")).to_have_text("")
    expect(results).not_to_have_attribute("aria-busy", "true")
    expect(results.locator("#allocations-1")).to_contain_text("westus2")
    page.context.close()


@MODES
@pytest.mark.parametrize("width", WIDTHS)
def test_removing_a_row_focuses_the_next_row_then_the_add_button(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    page = opened(browser, live_server, width, javascript)
    page.get_by_label("Registry name").fill("contoso")
    page.locator('input[name="regions"]').first.fill("eastus")
    fill_endpoint(page, 1, "pe-1", "10.0.1.0/28")
    for number, name in ((2, "pe-2"), (3, "pe-3")):
        page.get_by_role("button", name="Add an endpoint").click()
        fill_endpoint(page, number, name, f"10.0.{number}.0/28")

    endpoint(page, 2).get_by_role("button", name="Remove endpoint 2").click()
    expect(endpoint(page, 3)).to_have_count(0)
    expect(endpoint(page, 2).get_by_label("Name")).to_have_value("pe-3")
    expect(endpoint(page, 2).get_by_label("Name")).to_be_focused()

    endpoint(page, 2).get_by_role("button", name="Remove endpoint 2").click()
    expect(endpoint(page, 2)).to_have_count(0)
    expect(page.get_by_role("button", name="Add an endpoint")).to_be_focused()
    assert axe_findings(browser, live_server, page, javascript) == []
    page.context.close()
