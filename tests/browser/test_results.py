"""The results panel in Chromium: what-if toggles, tables at every width, the subnet picture."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PLAN = (
    "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)
# The longest names a plan has: a 50-letter registry, long region names, regional endpoints.
LONG_NAMES = (
    f"/?registry={'contoso' * 7}c&regions=eastus,australiasoutheast,germanywestcentral"
    "&regional_endpoints=true&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)
# Regional endpoints off, three replicas in a /28 with six in use: five free, four needed.
TIGHT = (
    "/?registry=contoso&regions=eastus,westus,westeurope&subnet=10.0.1.0/28"
    "&in_use=10.0.1.4-10.0.1.9"
)


def test_it_answers_what_if_in_one_click_without_losing_the_plan(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + TIGHT)
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    plus_one = page.locator("#what-if-replicas-1")
    answer = plus_one.locator("p").first  # the answer; then what the change would add
    expect(answer).to_be_hidden()
    plus_one.get_by_text("+1 replica").click()
    expect(answer).to_have_text(
        "Still fits: 5 addresses needed, 0 free after; the smallest subnet that holds it is a /28."
    )
    page.get_by_text("+2 replicas").click()
    expect(page.locator("#what-if-replicas-2 p").first).to_contain_text(
        "Does not fit: 6 addresses needed and 10.0.1.0/28 has 5 free."
    )
    page.get_by_text("Enable regional endpoints").click()
    expect(page.locator("#what-if-regional-endpoints p").first).to_contain_text("Does not fit:")
    expect(page.locator(".verdict")).to_contain_text("Fits: the plan needs 4")  # still the plan
    expect(page.locator("#allocations")).to_be_visible()
    expect(page.get_by_label("Replicas")).to_have_value("3")

    page.get_by_label("Addresses already in use").fill("10.0.1.4-10.0.1.8")  # one more free
    expect(answer).to_have_text(  # redrawn, and still open
        "Still fits: 5 addresses needed, 1 free after; the smallest subnet that holds it is a /28."
    )
    expect(answer).to_be_visible()


def ip_cells_fit(page: Page) -> list[str]:
    """The IP cells not wholly visible without scrolling sideways."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const hidden = [];
          document.querySelectorAll("#allocations td.ip, #records td.ip").forEach((cell) => {
            const box = cell.getBoundingClientRect();
            let clipped = box.width === 0 || box.left < 0 || box.right > width;
            for (let up = cell.parentElement; up && up !== document.body; up = up.parentElement) {
              const limit = up.getBoundingClientRect();
              const scrolls = getComputedStyle(up).overflowX !== "visible";
              if (scrolls && up.scrollWidth > up.clientWidth + 1)
                clipped = clipped || box.right > limit.right || box.left < limit.left;
            }
            if (clipped) hidden.push(cell.textContent.trim());
          });
          if (document.documentElement.scrollWidth > width) hidden.push("page scrolls sideways");
          return hidden;
        }"""
    )


@pytest.mark.parametrize("width", [390, 1280, 1440, 1920])
def test_it_shows_every_ip_without_scrolling_sideways(
    browser: Browser, live_server: Any, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + LONG_NAMES)
    headers = page.locator("#allocations thead th").all_text_contents()
    assert headers[:2] == ["Kind", "IP"]
    ips = page.locator("#allocations td.ip")
    expect(ips).to_have_count(7)
    assert ip_cells_fit(page) == []
    for cell in ips.all():
        assert cell.bounding_box() is not None
    if width == 390:  # a card per row: the IP under its name, beside nothing else
        ip = ips.first
        label = ip.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label == '"IP"'
    context.close()


def test_it_walks_the_subnet_picture_from_the_keyboard(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + PLAN)
    grid = page.get_by_role("grid")
    expect(grid).to_have_attribute("aria-label", re.compile(r"^Addresses of 10\.20\.1\.0/27"))
    page.get_by_label("Addresses already in use").focus()
    page.keyboard.press("Tab")  # the next tab stops: the downloads, the what-ifs, the picture
    for _ in range(30):
        if page.evaluate("document.activeElement.getAttribute('role')") == "gridcell":
            break
        page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("aria-label", "10.20.1.0: reserved, network address")
    page.keyboard.press("ArrowRight")
    expect(focused).to_have_attribute("aria-label", "10.20.1.1: reserved, default gateway")
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    expect(focused).to_have_attribute("aria-label", "10.20.1.10: planned, login server (registry)")
    expect(page.locator("#map-readout")).to_have_text(
        "10.20.1.10: planned, login server (registry)"
    )
    page.keyboard.press("End")
    expect(focused).to_have_attribute(
        "aria-label", "10.20.1.31: reserved, last address (broadcast)"
    )
    assert page.locator("[role=gridcell][tabindex='0']").count() == 1  # one tab stop
    page.keyboard.press("Home")
    expect(focused).to_have_attribute("aria-label", re.compile(r"^10\.20\.1\.0:"))


def test_it_gives_the_pictures_facts_as_text_and_copies_the_free_ranges(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + PLAN)
    facts = page.locator(".subnet-facts")
    expect(facts).to_contain_text("255.255.255.224")
    expect(facts.locator("div").filter(has_text="First usable")).to_contain_text("10.20.1.4")
    expect(facts.locator("div").filter(has_text="Last usable")).to_contain_text("10.20.1.30")
    expect(facts).to_contain_text("10.20.1.3 Azure DNS")
    expect(page.locator("#free-ranges li")).to_have_text(["10.20.1.18-10.20.1.30"])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy free ranges").click()
    assert page.evaluate("navigator.clipboard.readText()") == "10.20.1.18-10.20.1.30"
    expect(page.locator("#map-hint")).to_contain_text("Hover")


def test_it_does_not_say_hover_on_a_touch_screen(browser: Browser, live_server: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    hint = page.locator("#map-hint")
    expect(hint).to_contain_text("Tap an address")
    assert "hover" not in hint.inner_text().lower()
    page.locator("[role=gridcell]").nth(10).tap()
    expect(page.locator("#map-readout")).to_contain_text("10.20.1.10: planned")
    context.close()


CONTRAST = """(selector) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const cell = document.querySelector(selector);
  const style = getComputedStyle(cell);
  const colour = selector.includes("free") ? style.boxShadow : style.backgroundColor;
  const page = getComputedStyle(document.body).backgroundColor;
  return ratio(rgb(colour), rgb(page));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_draws_the_picture_at_three_to_one_contrast(
    browser: Browser, live_server: Any, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    for role in ("in-use", "planned", "reserved", "free"):
        ratio = page.evaluate(CONTRAST, f".grid .cell.{role}")
        assert ratio >= 3, f"{role} in {scheme}: {ratio:.2f}"
    context.close()
