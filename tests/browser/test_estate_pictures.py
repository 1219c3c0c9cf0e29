"""The estate's pictures draw each address at the home page's square size (a /27's 32 a row
share the width of a narrower column, no larger than at home): a /28 and a /29 were 4,100 to
8,300 px tall (a square as wide as the card)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import WIDTHS, fill_estate, opened, violations

pytestmark = pytest.mark.browser

SUBNETS = {"pe-small": "10.0.1.0/29", "pe-medium": "10.0.2.0/28", "pe-large": "10.0.3.0/27"}


def square(page: Page, cell: str) -> tuple[float, float]:
    box = page.locator(cell).first.bounding_box()
    assert box is not None
    return round(box["width"], 1), round(box["height"], 1)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_estate_picture_draws_the_home_pages_squares(
    browser: Browser, live_server: Any, width: int
) -> None:
    context = opened(browser, width)
    page = context.new_page()
    at_home = {}
    for name, subnet in SUBNETS.items():
        page.goto(f"{live_server.url}/?registry=contoso&regions=eastus,westus&subnet={subnet}")
        at_home[name] = square(page, ".grid .cell")

    page.goto(live_server.url + "/estate")
    fill_estate(page, [(name, subnet, "") for name, subnet in SUBNETS.items()])
    expect(page.locator("#endpoint-3-heading")).to_have_text("pe-large")
    for number, name in enumerate(SUBNETS, start=1):
        card = f"article[aria-labelledby=endpoint-{number}-heading]"
        drawn = square(page, f"{card} .grid .cell")
        if name == "pe-large":  # 32 a row share the picture's width, on both pages
            assert 12 <= drawn[0] <= at_home[name][0], name
        else:
            assert drawn == at_home[name], name
        picture = page.locator(f"{card} .grid").bounding_box()
        assert picture is not None
        assert picture["height"] <= 200, f"{name}: {picture['height']} px tall"
    assert violations(page) == []
    context.close()
