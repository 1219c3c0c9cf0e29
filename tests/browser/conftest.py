from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import ConsoleMessage, Page

# Chromium fires this event for every blocked script, style, handler, eval or fetch.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def transactional_db() -> None:
    """pytest-django's live_server asks for this; the planner has no database to set up."""


@pytest.fixture
def csp_violations(page: Page) -> Callable[[], list[str]]:
    """Every Content-Security-Policy violation the page has had so far: the browser's events
    and the console's reports."""
    reported: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            reported.append(message.text)

    page.on("console", record)
    page.add_init_script(RECORD_VIOLATIONS)
    return lambda: [*page.evaluate("window.cspViolations || []"), *reported]
