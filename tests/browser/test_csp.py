"""The page under its Content-Security-Policy: htmx re-plans and nothing is blocked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PERMALINK = "/?registry=contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/27"


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
def test_it_replans_in_place_without_any_csp_violation(
    page: Page,
    live_server: Any,
    settings: Any,
    debug: bool,
    csp_violations: Callable[[], list[str]],
) -> None:
    settings.DEBUG = debug  # DEBUG adds django-htmx's debug script
    response = page.goto(live_server.url + PERMALINK)
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    page.evaluate("window.plannerMarker = 'no reload'")

    page.get_by_label("Subnet").fill("10.0.1.0/29")  # re-planned by htmx
    expect(page.locator(".verdict")).to_contain_text("Does not fit:")
    page.get_by_label("Subnet").fill("10.0.1.0/28")
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    page.get_by_label("Subnet").fill("10.0.1.0/33")  # an error swapped in
    expect(page.get_by_label("Subnet")).to_have_attribute("aria-invalid", "true")

    assert page.evaluate("window.plannerMarker") == "no reload"
    assert csp_violations() == []
