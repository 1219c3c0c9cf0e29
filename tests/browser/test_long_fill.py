"""A graph paste too long for a redirect: the filled page comes at once, with and without
JavaScript, and the form keeps working after htmx swapped it in."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.test_pages_hardening import SCATTERED, graph_of

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_long_graph_fill_shows_the_filled_page(
    browser: Browser, live_server: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/?registry=contoso&regions=eastus")
    page.get_by_text("Fill the subnet from").click()
    page.get_by_label("JSON the query prints").fill(graph_of(SCATTERED))
    page.get_by_role("button", name="Fill the subnet").click()
    expect(page.locator("#graph-filled")).to_contain_text("700 addresses in use")
    expect(page.get_by_label("Subnet", exact=True)).to_have_value("10.0.0.0/16")
    expect(page.locator("h2#results-heading")).to_have_text("Plan for contoso.azurecr.io")
    if javascript:  # swapped in by htmx, which keeps the address; the form still plans
        expect(page).to_have_url(live_server.url + "/?registry=contoso&regions=eastus")
        page.get_by_label("Registry name").fill("fabrikam")
        expect(page.locator("h2#results-heading")).to_have_text("Plan for fabrikam.azurecr.io")
    context.close()
