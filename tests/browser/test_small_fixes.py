"""The smaller things: downloads of a plan out of date, one subnet message and a stray space,
the smallest subnet beside Microsoft's advice, zone-file buttons that say whose they are, and
a phone's squares a finger reaches (or the list of addresses by role)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Download, Page, expect

from tests.browser.pages import PLAN, WIDTHS, fill_estate, opened, violations

pytestmark = pytest.mark.browser


def test_downloads_of_a_plan_out_of_date_are_marked_and_not_followed(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + PLAN)
    zone_file = page.get_by_role("link", name="Zone file")
    expect(zone_file).not_to_have_attribute("aria-disabled", "true")
    subnet = page.get_by_label("Subnet", exact=True)
    subnet.fill("10.20.1.0/2")
    subnet.blur()
    expect(page.locator("#plan-status")).to_contain_text("Out of date")
    expect(zone_file).to_have_attribute("aria-disabled", "true")
    expect(page.locator("#downloads-stale")).to_be_visible()
    downloads: list[Download] = []
    page.on("download", lambda download: downloads.append(download))
    zone_file.click(force=True)  # Playwright waits for a disabled link; a person clicks it
    page.wait_for_timeout(500)
    assert downloads == []
    assert violations(page) == []

    subnet.fill("10.20.1.0/27")  # valid again: a fresh plan, its downloads followed
    expect(page.locator("#plan-status")).to_be_empty()
    expect(zone_file).not_to_have_attribute("aria-disabled", "true")
    expect(page.locator("#downloads-stale")).to_be_hidden()
    with page.expect_download() as download:
        zone_file.click()
    assert download.value.suggested_filename == "contoso.privatelink.azurecr.io.zone"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_every_subnet_outside_2_to_29_gets_one_message_and_a_stray_space_is_read(
    browser: Browser, live_server: Any, javascript: bool
) -> None:
    context = opened(browser, 1280, javascript)
    page = context.new_page()
    for prefix in ("33", "30", "1"):
        page.goto(f"{live_server.url}/?registry=contoso&regions=eastus&subnet=10.0.1.0/{prefix}")
        expect(page.locator("#id_subnet-error")).to_have_text(
            f"An Azure subnet is /2 to /29; '10.0.1.0/{prefix}' is /{prefix}."
        )
    expect(page.locator("#id_subnet-help")).to_contain_text("/2 to /29")
    subnet = page.get_by_label("Subnet", exact=True)
    subnet.fill("10.40.8.0 /27")
    if not javascript:
        page.get_by_role("button", name="Plan", exact=True).click()
    expect(page.locator("#map-heading")).to_have_text("Subnet 10.40.8.0/27")
    expect(page.locator("#id_subnet-error")).to_be_empty()
    assert violations(page) == []
    context.close()


def test_the_smallest_subnet_card_gives_the_advice_the_verdict_gives(
    page: Page, live_server: Any
) -> None:
    page.goto(
        live_server.url + "/?registry=contoso&regions=eastus,westus,westeurope&subnet=10.20.1.0/29"
    )
    verdict = page.locator("#results .verdict")
    expect(verdict).to_contain_text("A new, empty /27 or larger subnet would hold it.")
    card = page.locator(".figures > div").filter(has_text="Smallest subnet")
    expect(card.locator("dd").first).to_have_text("/28")
    expect(card).to_contain_text("a new one: /27 or larger, as Microsoft advises")
    page.goto(live_server.url + "/?registry=contoso&regions=eastus&subnet=10.20.1.0/29")
    card = page.locator(".figures > div").filter(has_text="Smallest subnet")
    expect(card).not_to_contain_text("advises")  # one replica: no advice beyond the smallest
    assert violations(page) == []


def test_each_zone_file_button_says_whose_zone_it_is(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/estate")
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/28", "spokes")])
    buttons = page.locator("#zones button")
    # htmx re-plans as each field is typed: wait for the answer to the last one (the scope).
    expect(buttons).to_have_text(
        ["zone file of pe-hub (3 records)", "zone file of spokes (3 records)"]
    )
    names = [button.evaluate("button => button.textContent.trim()") for button in buttons.all()]
    assert names == ["zone file of pe-hub (3 records)", "zone file of spokes (3 records)"]
    with page.expect_download() as download:
        page.get_by_role("button", name="zone file of spokes").click()
    assert download.value.suggested_filename == "contoso-spokes.zone"
    assert violations(page) == []


TOUCH_TARGETS = """(grid) => Array.from(grid.querySelectorAll(".cell"))
  .filter((cell) => getComputedStyle(cell).pointerEvents !== "none")
  .map((cell) => cell.getBoundingClientRect())
  .filter((box) => box.width < 24 || box.height < 24)
  .length"""


@pytest.mark.parametrize("prefix", ["/29", "/28", "/27", "/26"])
def test_a_phones_squares_are_targets_a_finger_reaches(
    browser: Browser, live_server: Any, prefix: str
) -> None:
    context = opened(browser, 390, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/?registry=contoso&regions=eastus&subnet=10.0.1.0{prefix}")
    grid = page.get_by_role("grid")
    assert grid.evaluate(TOUCH_TARGETS) == 0
    cell = page.locator("[role=gridcell]").nth(5)
    box = cell.bounding_box()
    assert box is not None
    assert box["width"] >= 24
    assert box["height"] >= 24
    cell.tap()
    expect(page.locator("#map-readout")).to_contain_text("10.0.1.5: planned")
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_squares_too_small_to_tap_are_no_targets_and_listed_by_role(
    browser: Browser, live_server: Any, width: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    page.goto(
        f"{live_server.url}/?registry=contoso&regions=eastus&subnet=10.0.0.0/24&in_use=10.0.0.9"
    )
    grid = page.get_by_role("grid")
    if width == 390:
        assert grid.evaluate(TOUCH_TARGETS) == 0
    page.get_by_text("Every address drawn, by role").click()
    runs = page.locator("#runs li")
    expect(runs).to_have_text(
        [
            "10.0.0.0-10.0.0.3 reserved (4)",
            "10.0.0.4-10.0.0.5 planned (2)",
            "10.0.0.6-10.0.0.8 free (3)",
            "10.0.0.9 in use",
            "10.0.0.10-10.0.0.254 free (245)",
            "10.0.0.255 reserved",
        ]
    )
    counts = [
        int(found[1]) if (found := re.search(r"\((\d+)\)", text)) else 1
        for text in runs.all_text_contents()
    ]
    assert sum(counts) == page.locator("[role=gridcell]").count()
    assert violations(page) == []
    context.close()
