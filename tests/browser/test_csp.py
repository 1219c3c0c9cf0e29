"""The page under its Content-Security-Policy: htmx re-plans and nothing is blocked."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser

PERMALINK = "/?registry=contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/27"
# Chromium fires this event for every blocked script, style, handler, eval or fetch.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
def test_it_replans_in_place_without_any_csp_violation(
    page: Page, live_server: Any, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug  # DEBUG adds django-htmx's debug script
    reported: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            reported.append(message.text)

    page.on("console", record)
    page.add_init_script(RECORD_VIOLATIONS)
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
    assert page.evaluate("window.cspViolations") == []
    assert reported == []
