"""The page in Debian's Chromium: live updates without a page load, downloads, no JavaScript."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PERMALINK = "/?registry=contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/28"


def keep_marker(page: Page) -> None:
    """A full page load forgets this; htmx swaps keep it."""
    page.evaluate("window.plannerMarker = 'no reload'")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.plannerMarker") == "no reload"


def test_it_plans_from_scratch_and_updates_in_place(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.DEBUG = True  # as `make run` serves it, with django-htmx's debug script
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.goto(live_server.url)
    keep_marker(page)
    page.get_by_label("Registry name").fill("contoso")
    page.get_by_label("Home region").fill("eastus")
    page.get_by_label("Replicas").fill("2")
    page.get_by_label("Replica 2 region").fill("westus")  # an input htmx added
    page.get_by_label("Regional endpoints enabled").check()
    page.get_by_label("Subnet").fill("10.0.1.0/27")
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("Fits:")
    expect(page.locator("#allocations")).to_contain_text("contoso.westus.geo.azurecr.io")
    expect(page).to_have_url(re.compile(r"subnet=10\.0\.1\.0/27"))
    assert "in_use" not in page.url  # the permalink leaves out empty fields
    assert_not_reloaded(page)

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("button[data-copy=allocations]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines()[0].split("\t") == ["Kind", "IP", "Region", "Member name", "FQDN"]
    assert "\twestus\tregistry_data_westus\tcontoso.westus.data.azurecr.io" in copied

    page.get_by_label("Subnet").fill("10.0.1.0/29")
    expect(verdict).to_contain_text("Does not fit:")
    expect(verdict).to_contain_text("A new, empty /27 or larger subnet would hold it.")
    expect(page.locator("#allocations")).to_have_count(0)
    assert_not_reloaded(page)

    page.get_by_label("Subnet").fill("10.0.1.0/33")
    expect(page.locator("#id_subnet-error")).to_contain_text("/2 to /29; '10.0.1.0/33' is /33")
    expect(page.get_by_label("Subnet")).to_have_attribute("aria-invalid", "true")
    assert_not_reloaded(page)
    assert blocked == []


def test_it_downloads_the_zone_file(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + PERMALINK)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Zone file").click()
    download = download_info.value
    assert download.suggested_filename == "contoso.privatelink.azurecr.io.zone"
    zone = Path(download.path()).read_text(encoding="utf-8")
    ips = page.locator("#allocations td.ip").all_inner_texts()
    assert ips
    assert all(ip in zone for ip in ips)


def test_it_fills_the_form_from_pasted_endpoints(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/?subnet=10.0.2.0/27")
    page.get_by_text("Fill from").click()
    page.get_by_label("Output of").fill(
        '{"loginServer": "fabrikam.azurecr.io", "dataEndpoints": ['
        '{"region": "westeurope", "endpoint": "x"}, {"region": "northeurope", "endpoint": "y"}]}'
    )
    page.get_by_role("button", name="Fill the form").click()
    expect(page.locator("h2#results-heading")).to_have_text("Plan for fabrikam.azurecr.io")
    expect(page.get_by_label("Replica 2 region")).to_have_value("northeurope")
    expect(page.get_by_label("Subnet")).to_have_value("10.0.2.0/27")


def test_it_works_without_javascript(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + PERMALINK)
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    expect(page.locator("#records")).to_contain_text("contoso.eastus.geo")
    expect(page.get_by_role("button", name="Copy table").first).to_be_hidden()

    page.get_by_label("Subnet").fill("10.0.1.0/29")
    page.get_by_role("button", name="Plan", exact=True).click()  # a plain GET form
    expect(page.locator(".verdict")).to_contain_text("Does not fit:")
    expect(page).to_have_url(re.compile(r"subnet=10\.0\.1\.0%2F29"))

    page.get_by_label("Replicas").fill("3")
    page.get_by_role("button", name="Plan", exact=True).click()
    expect(page.get_by_label("Replica 3 region")).to_have_value("")

    page.get_by_text("Fill from").click()
    page.get_by_label("Output of").fill("not json")
    page.get_by_role("button", name="Fill the form").click()
    expect(page.locator("#id_endpoints-error")).to_contain_text("not JSON")
    context.close()
