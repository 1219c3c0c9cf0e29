"""axe-core finds nothing on /estate and /change in the states people reach, in both themes,
at desktop and phone width: the estate filled had `landmark-unique` (its zones), /change with
an input error had `listitem` and `aria-allowed-role` (items of a role=alert list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import WIDTHS, endpoint, fill_estate, opened, paste_change, violations

pytestmark = pytest.mark.browser


def estate_filled(page: Page) -> None:
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/28", "spokes")])
    expect(page.locator("#zones")).to_contain_text("spokes")


def estate_blocked(page: Page) -> None:
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/29", "")])
    page.get_by_label("New replica 1 region").fill("westeurope")
    expect(page.locator(".what-if-outcome")).to_contain_text("Blocked by 1 of 2 subnets")


def estate_error(page: Page) -> None:
    fill_estate(page, [("pe-hub", "10.0.1.0/33", "")])
    expect(endpoint(page, 1).get_by_label("Subnet")).to_have_attribute("aria-invalid", "true")


def change_planned(page: Page) -> None:
    paste_change(page, ["eastus", "westeurope", "northeurope"])
    page.get_by_role("button", name="Plan the change").click()
    expect(page.locator("#day-two-results")).to_contain_text("Runbook")
    page.get_by_text("verify.sh for pe-contoso-hub").first.click()


def drift_checked(page: Page) -> None:
    paste_change(page, ["eastus", "westeurope", "northeurope"])
    page.get_by_role("button", name="Check drift").click()
    expect(page.locator("#day-two-results")).to_contain_text("Drift: 1 finding, 1 of high")


def change_error(page: Page) -> None:
    paste_change(page, ["eastus", "westeurope"])
    page.get_by_label("Records: JSON of").fill('[{"name": "contoso"')
    page.get_by_role("button", name="Plan the change").click()
    expect(page.get_by_role("alert")).to_contain_text("not JSON")


STATES: dict[str, tuple[str, Callable[[Page], None]]] = {
    "estate empty": ("/estate", lambda page: None),
    "estate filled": ("/estate", estate_filled),
    "estate blocked": ("/estate", estate_blocked),
    "estate error": ("/estate", estate_error),
    "change empty": ("/change", lambda page: None),
    "change planned": ("/change", change_planned),
    "drift checked": ("/change", drift_checked),
    "change error": ("/change", change_error),
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_it_has_no_axe_violations(
    browser: Browser, live_server: Any, state: str, scheme: str, width: int
) -> None:
    context = opened(browser, width, color_scheme=scheme)
    page = context.new_page()
    path, reach = STATES[state]
    page.goto(live_server.url + path)
    reach(page)
    assert violations(page) == []
    context.close()
