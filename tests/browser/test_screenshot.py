"""The README's screenshot: a real plan, drawn by the page in Debian's Chromium.

Every run takes it (and checks the plan is on it); to refresh the committed picture run
`PLANNER_SCREENSHOT=1 .venv/bin/pytest tests/browser/test_screenshot.py`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

README_SCREENSHOT = Path(__file__).resolve().parents[2] / "static" / "planner" / "screenshot.png"
PLAN = (
    "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_takes_the_readme_screenshot(
    browser: Browser, live_server: Any, tmp_path: Path, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme, device_scale_factor=1
    )
    page = context.new_page()
    page.goto(live_server.url + PLAN)
    expect(page.locator(".verdict")).to_contain_text("Fits:")
    expect(page.locator(".cell.planned")).to_have_count(7)
    shot = tmp_path / f"screenshot-{scheme}.png"
    page.screenshot(path=shot, full_page=True)
    context.close()
    assert shot.read_bytes().startswith(b"\x89PNG")
    if scheme == "light" and os.environ.get("PLANNER_SCREENSHOT"):
        shutil.copyfile(shot, README_SCREENSHOT)
