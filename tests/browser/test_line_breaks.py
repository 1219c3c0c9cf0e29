"""Words and addresses stay whole: FQDNs break at their dots only, an address never breaks, a
word only when it is wider than its whole line ("northeurop|e", "azurecr.i|o" at 1920 with
650 px unused, "10.0.1.|4" on a phone)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.pages import broken_words, fill_estate, opened

pytestmark = pytest.mark.browser

# Long names: a 50-letter registry, the longest region names, regional endpoints, in use.
LONG_NAMES = (
    f"/?registry={'contoso' * 7}c&regions=northeurope,australiasoutheast,germanywestcentral"
    "&regional_endpoints=true&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)
WIDTHS = [1920, 1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "address",
    [LONG_NAMES, LONG_NAMES.replace("contoso" * 7 + "c", "contoso")],
    ids=["fifty-letters", "contoso"],
)
def test_the_plan_breaks_no_word_nor_address(
    browser: Browser, live_server: Any, width: int, address: str
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.goto(live_server.url + address)
    expect(page.locator("#allocations")).to_contain_text("germanywestcentral")
    for toggle in page.locator(".what-if summary").all():
        toggle.click()
    assert broken_words(page, "#results") == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_estate_breaks_no_word_nor_address(
    browser: Browser, live_server: Any, width: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.goto(live_server.url + "/estate")
    fill_estate(page, [("pe-northeurope-hub", "10.0.1.0/28", ""), ("pe-spoke", "10.0.2.0/29", "")])
    page.get_by_label("New replica 1 region").fill("northeurope")
    expect(page.locator(".what-if-outcome")).to_contain_text("northeurope")
    assert broken_words(page, "#results") == []
    assert broken_words(page, "#estate-summary") == []
    context.close()
