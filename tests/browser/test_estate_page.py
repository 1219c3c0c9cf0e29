"""The estate page in Debian's Chromium: rows added live, the what-if naming the endpoint that
blocks it, the estate document downloaded and uploaded again, and the page without JavaScript."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.day_two import fixture

pytestmark = pytest.mark.browser


def endpoint(page: Page, number: int) -> Locator:
    return page.get_by_role("group", name=f"Endpoint {number}", exact=True)


def fill_registry(page: Page) -> None:
    page.get_by_label("Registry name").fill("contoso")
    page.get_by_label("Home region").fill("eastus, westus")  # a list in one input is read


def fill_endpoint(page: Page, number: int, name: str, subnet: str, in_use: str = "") -> None:
    row = endpoint(page, number)
    row.get_by_label("Name").fill(name)
    row.get_by_label("Subnet").fill(subnet)
    row.get_by_label("In use").fill(in_use)


def test_it_adds_an_endpoint_and_replans_in_place(
    page: Page, live_server: Any, settings: Any, csp_violations: Callable[[], list[str]]
) -> None:
    settings.DEBUG = True  # as `make run` serves it, with django-htmx's debug script
    page.goto(live_server.url + "/estate")
    page.evaluate("window.plannerMarker = 'no reload'")
    fill_registry(page)
    fill_endpoint(page, 1, "pe-hub", "10.0.1.0/27")
    verdict = page.locator("#results > .verdict")
    expect(verdict).to_contain_text("Fits: each of the 1 private endpoint(s)")

    page.get_by_role("button", name="Add an endpoint").click()
    expect(endpoint(page, 2).get_by_label("Name")).to_be_focused()
    fill_endpoint(page, 2, "pe-spoke", "10.0.2.0/28")
    expect(verdict).to_contain_text("each of the 2 private endpoint(s)")
    expect(page.locator("#endpoint-2-heading")).to_have_text("pe-spoke")
    expect(page.locator("#allocations-2")).to_contain_text("10.0.2.4")

    endpoint(page, 2).get_by_label("Subnet").fill("10.0.2.0/33")  # an error swapped in
    expect(page.locator("#id_endpoints-1-subnet-error")).to_contain_text("/33")
    expect(endpoint(page, 2).get_by_label("Subnet")).to_have_attribute("aria-invalid", "true")

    endpoint(page, 2).get_by_role("button", name="Remove endpoint 2").click()
    expect(endpoint(page, 2)).to_have_count(0)
    expect(verdict).to_contain_text("each of the 1 private endpoint(s)")
    assert page.evaluate("window.plannerMarker") == "no reload"
    assert csp_violations() == []


def test_the_what_if_names_the_endpoint_that_blocks_it(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/estate")
    fill_registry(page)
    fill_endpoint(page, 1, "pe-hub", "10.0.1.0/27")
    page.get_by_role("button", name="Add an endpoint").click()
    fill_endpoint(page, 2, "pe-spoke", "10.0.2.0/29")  # 3 free: exactly the 3 it needs
    page.get_by_role("button", name="Add an endpoint").click()
    fill_endpoint(page, 3, "pe-edge", "10.0.3.0/28", "10.0.3.4-10.0.3.11")  # 3 free too
    expect(page.locator("#results > .verdict")).to_contain_text("pe-spoke limits growth to 0")

    page.get_by_label("New replica 1 region").fill("westeurope")
    outcome = page.locator(".what-if-outcome")
    expect(outcome).to_contain_text("What if: adding westeurope")
    expect(outcome).to_contain_text("Blocked by 2 of 3 subnets")
    expect(outcome.locator(".blocking li")).to_have_text(
        ["pe-spoke (10.0.2.0/29) lacks 1 address", "pe-edge (10.0.3.0/28) lacks 1 address"]
    )


def test_it_downloads_the_estate_document_and_uploads_it_again(
    page: Page, live_server: Any, tmp_path: Path
) -> None:
    page.goto(live_server.url + "/estate")
    fill_registry(page)
    fill_endpoint(page, 1, "pe-hub", "10.0.1.0/27", "10.0.1.4-10.0.1.6, 10.0.1.10")
    page.get_by_role("button", name="Add an endpoint").click()
    fill_endpoint(page, 2, "pe-spoke", "10.0.2.0/28")
    endpoint(page, 2).get_by_label("Zone scope").fill("spokes")
    page.get_by_label("Enable regional endpoints").check()
    expect(page.locator("#endpoint-2-heading")).to_have_text("pe-spoke")

    with page.expect_download() as first:
        page.get_by_role("button", name="Download this estate's document").click()
    assert first.value.suggested_filename == "contoso-estate-input.json"
    saved = tmp_path / "contoso-estate-input.json"
    first.value.save_as(saved)
    document = json.loads(saved.read_text())
    assert [item["name"] for item in document["endpoints"]] == ["pe-hub", "pe-spoke"]
    assert document["what_if"] == {"enable_regional_endpoints": True}

    page.goto(live_server.url + "/estate")  # a fresh, empty form
    page.get_by_label("Upload an estate document").set_input_files(saved)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(endpoint(page, 2).get_by_label("Zone scope")).to_have_value("spokes")
    expect(endpoint(page, 1).get_by_label("In use")).to_have_value("10.0.1.4-10.0.1.6, 10.0.1.10")
    expect(page.get_by_label("Enable regional endpoints")).to_be_checked()

    with page.expect_download() as second:
        page.get_by_role("button", name="Download this estate's document").click()
    assert Path(second.value.path()).read_bytes() == saved.read_bytes()


def test_it_works_without_javascript(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    fill_registry(page)
    fill_endpoint(page, 1, "pe-hub", "10.0.1.0/27")
    page.get_by_role("button", name="Plan the estate").click()  # a POST, a full page
    expect(page.locator("#results > .verdict")).to_contain_text("Fits:")

    page.get_by_role("button", name="Add an endpoint").click()
    fill_endpoint(page, 2, "pe-spoke", "10.0.2.0/29")
    page.get_by_label("New replica 1 region").fill("westeurope")
    endpoint(page, 2).get_by_label("Subnet").press("Enter")  # plans; removes nothing
    expect(page.locator(".blocking")).to_have_text("pe-spoke (10.0.2.0/29) lacks 1 address")
    expect(endpoint(page, 2).get_by_label("Name")).to_have_value("pe-spoke")

    page.get_by_label("New replica 1 region").fill("")
    page.get_by_role("button", name="Plan the estate").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="zone file").first.click()
    assert download.value.suggested_filename == "contoso-pe-hub.zone"

    endpoint(page, 1).get_by_role("button", name="Remove endpoint 1").click()
    expect(endpoint(page, 1).get_by_label("Name")).to_have_value("pe-spoke")
    expect(endpoint(page, 2)).to_have_count(0)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_it_fills_the_rows_from_az_and_plans_them(
    browser: Browser, live_server: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    page.get_by_label("Home region").fill("eastus, westeurope")
    page.get_by_text("Fill the rows from").click()
    listed = [fixture("pe-static.json"), fixture("pe-dynamic.json")]
    page.get_by_label("JSON of az network private-endpoint list").fill(json.dumps(listed))
    page.get_by_label("JSON the query prints").fill("{")
    page.get_by_role("button", name="Fill the rows").click()
    expect(page.locator("#id_graph-error")).to_contain_text("is not JSON")
    page.get_by_label("JSON the query prints").fill(json.dumps(fixture("graph.json")))
    page.get_by_role("button", name="Fill the rows").click()
    expect(page.locator("#fill-filled")).to_contain_text("Filled 2 endpoint rows from az")
    expect(endpoint(page, 1).get_by_label("Name")).to_have_value("pe-contoso-hub")
    expect(endpoint(page, 2).get_by_label("Subnet")).to_have_value("10.0.2.0/28")
    expect(endpoint(page, 2).get_by_label("In use")).to_have_value("10.0.2.7-10.0.2.9")
    expect(page.get_by_label("Registry name")).to_have_value("contoso")
    expect(page.locator("h2#results-heading")).to_have_text("Estate of contoso.azurecr.io")
    expect(page.locator("#allocations-1")).to_contain_text("10.0.1.8")
    context.close()
