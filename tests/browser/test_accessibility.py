"""axe-core (bundled with axe-playwright-python, nothing fetched) finds nothing to report on the
page's states, in both themes, at desktop and phone width."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PLAN = (
    "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)
STATES = {  # name: (address, what shows the state is rendered)
    "empty form": ("/", "How it works"),
    "plan": (PLAN, "Fits:"),
    "error": ("/?registry=contoso&regions=eastu&subnet=10.0.1.0/33", "No plan yet"),
    "no fit": (
        PLAN.replace("/27", "/29").replace("&in_use=10.20.1.4-10.20.1.9,10.20.1.12", ""),
        "Does not fit:",
    ),
}
AXE = Axe()


def violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{violation['id']}: {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_it_has_no_axe_violations(
    browser: Browser, live_server: Any, state: str, scheme: str, width: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page = context.new_page()
    address, shown = STATES[state]
    page.goto(live_server.url + address)
    expect(page.locator("#results")).to_contain_text(shown)
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_has_no_axe_violations_with_a_plan_out_of_date(
    browser: Browser, live_server: Any, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    page.get_by_label("Subnet").fill("10.20.1.0/2")
    expect(page.locator("#plan-status")).to_contain_text("Out of date")
    for toggle in page.locator(".what-if summary").all():
        toggle.click()
    assert violations(page) == []
    context.close()
