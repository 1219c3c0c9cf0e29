"""Growth on `/` in Debian's Chromium: the what-ifs name the members a replica adds with the
addresses they would get while the current ones keep theirs, and the plan's "Plan a change"
link opens /change filled in; at desktop and phone width, with and without JavaScript, and
axe finds nothing on either page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.axe_markup import axe_findings

pytestmark = pytest.mark.browser

PLAN = (
    "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.0.1.0/27&in_use=10.0.1.4"
)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_what_if_names_the_new_members_and_the_change_page_takes_the_plan(
    browser: Browser, live_server: Any, width: int, javascript: bool
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    expect(page.locator("#results .verdict")).to_contain_text("Fits:")
    page.locator("#what-if-replicas-1 summary").click()
    added = page.locator("#what-if-replicas-1 .added-members li")
    expect(added).to_have_text(
        ["data endpoint, new replica: 10.0.1.12", "regional endpoint, new replica: 10.0.1.13"]
    )
    page.locator("#what-if-replicas-2 summary").click()
    expect(page.locator("#what-if-replicas-2 .added-members li").first).to_have_text(
        "data endpoint, new replica 1: 10.0.1.12"
    )
    # The plan itself keeps the greenfield order: westeurope's regional endpoint at .11.
    expect(page.locator("#allocations tbody tr").last).to_contain_text("10.0.1.11")
    expect(page.locator("#grow-deployed")).to_contain_text("keeps every current address")
    assert axe_findings(browser, live_server, page, javascript) == []

    page.locator("#grow-deployed").get_by_role("link", name="Plan a change").click()
    carried = "registry=contoso&regional_endpoints=true&subnet=10.0.1.0/27&in_use=10.0.1.4"
    expect(page).to_have_url(f"{live_server.url}/change?{carried}&regions=eastus,westus,westeurope")
    expect(page.get_by_label("Registry name")).to_have_value("contoso")
    regions = page.locator('input[name="regions"]')  # one input a region
    for number, region in enumerate(("eastus", "westus", "westeurope")):
        expect(regions.nth(number)).to_have_value(region)
    expect(page.locator("#id_subnet")).to_have_value("10.0.1.0/27")
    expect(page.get_by_label("Regional endpoints")).to_be_checked()
    assert axe_findings(browser, live_server, page, javascript) == []
    context.close()
