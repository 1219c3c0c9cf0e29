"""The page takes input as people type it: display names, short ranges, a paste confirmation,
copy-ready API commands."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_it_offers_regions_by_display_name_and_links_the_programmatic_one(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + "/?registry=contoso&subnet=10.0.1.0/27")
    page.get_by_label("Home region").select_option(label="West Europe")
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    expect(page).to_have_url(re.compile(r"regions=westeurope"))
    expect(page.locator("#allocations")).to_contain_text("contoso.westeurope.data.azurecr.io")
