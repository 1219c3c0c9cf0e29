"""The page takes input as people type it: display names, short ranges, a paste confirmation,
copy-ready API commands."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.day_two import FIXTURES

pytestmark = pytest.mark.browser


def test_it_offers_regions_by_display_name_and_links_the_programmatic_one(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + "/?registry=contoso&subnet=10.0.1.0/27")
    page.get_by_label("Home region").fill("West Europe")
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    expect(page).to_have_url(re.compile(r"regions=westeurope"))
    expect(page.locator("#allocations")).to_contain_text("contoso.westeurope.data.azurecr.io")


PASTED = (
    '{"loginServer": "fabrikam.azurecr.io", "dataEndpoints": ['
    '{"region": "westeurope", "endpoint": "x"}, {"region": "northeurope", "endpoint": "y"}]}'
)
FILLED = (
    "Filled from az acr show-endpoints: registry fabrikam, cloud public, regions westeurope, "
    "northeurope (home region first: check it), regional endpoints off."
)


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_it_confirms_what_the_paste_filled(
    browser: Browser, live_server: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/?subnet=10.0.2.0/27")
    page.get_by_text("Fill from").click()
    page.get_by_label("Output of").fill(PASTED)
    page.get_by_role("button", name="Fill the form").click()
    expect(page.locator("#paste-filled")).to_have_text(FILLED)
    expect(page.locator("h2#results-heading")).to_have_text("Plan for fabrikam.azurecr.io")
    assert "filled" not in page.url  # the permalink stays the plan's own
    assert "`" not in page.content()
    page.reload()
    expect(page.locator("#paste-filled")).to_have_count(0)
    context.close()


def test_it_copies_a_curl_command_for_the_pages_plan(page: Page, live_server: Any) -> None:
    query = "registry=contoso&regions=eastus&subnet=10.0.1.0/28&in_use=10.0.1.4-6"
    page.goto(f"{live_server.url}/?{query}")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#api-examples > summary").click()  # closed until asked for
    page.locator("button[data-copy=curl-1]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"curl -s '{live_server.url}/api/v1/plan?{query}'"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_it_fills_the_subnet_from_the_graph_query(
    browser: Browser, live_server: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/?registry=contoso&regions=eastus,westeurope")
    page.get_by_text("Fill the subnet from").click()
    page.get_by_label("JSON the query prints").fill((FIXTURES / "graph.json").read_text())
    page.get_by_role("button", name="Fill the subnet").click()
    expect(page.locator("#id_graph-error")).to_contain_text("2 subnets with a prefix")
    page.get_by_label("JSON of az network private-endpoint show").fill(
        (FIXTURES / "pe-static.json").read_text()
    )
    page.get_by_role("button", name="Fill the subnet").click()
    expect(page.locator("#graph-filled")).to_contain_text("subnet 10.0.1.0/27 (snet-endpoints)")
    expect(page.get_by_label("Subnet", exact=True)).to_have_value("10.0.1.0/27")
    expect(page.get_by_label("Addresses already in use")).to_have_value("10.0.1.4-10.0.1.7")
    expect(page.locator("h2#results-heading")).to_have_text("Plan for contoso.azurecr.io")
    expect(page.locator("#allocations")).to_contain_text("10.0.1.8")
    context.close()
