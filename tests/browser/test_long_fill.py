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


def test_typing_in_a_paste_box_does_not_re_plan_the_form(page: Any, live_server: Any) -> None:
    """What is pasted is read by the box's own button: a re-plan on each keystroke raced with
    the fill and, answering last, put its own address and an unfilled plan over the filled one."""
    page.goto(live_server.url + "/?registry=contoso&regions=eastus&subnet=10.0.1.0/28")
    page.get_by_text("Fill the subnet from").click()
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    box = page.get_by_label("JSON the query prints")
    box.press_sequentially('{"data": []}', delay=10)
    box.blur()  # a change event too
    page.wait_for_timeout(300)  # past the form's 60 ms pause: a re-plan would have gone out
    assert sent == []
    page.get_by_label("Subnet", exact=True).fill("10.0.1.0/27")  # the form itself still plans
    expect(page.locator("#plan-status")).to_have_attribute("data-state", "current")
    page.wait_for_timeout(300)
    assert any("subnet=10.0.1.0%2F27" in url for url in sent)
