"""The README's screenshots, taken from the running page in Debian's Chromium: `make screenshot`.

A tool, not a test: it starts the development server on a free loopback port, opens a real
plan at desktop width in the light theme and at phone width in the dark theme, an estate of
two endpoints and a day-two change at desktop width, and writes
static/planner/screenshot.png, screenshot-phone-dark.png, screenshot-estate.png and
screenshot-change.png.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.pages import endpoint, fill_estate, paste_change
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
PLAN = (
    "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)
SHOTS = (  # file, viewport, colour scheme
    ("screenshot.png", {"width": 1280, "height": 900}, "light"),
    ("screenshot-phone-dark.png", {"width": 390, "height": 844}, "dark"),
)


def estate(page: Page, base: str) -> None:
    """Two endpoints, the spoke's in a zone scope of its own, and a what-if that one blocks."""
    page.goto(base + "/estate")
    fill_estate(page, [("pe-hub", "10.0.1.0/27", ""), ("pe-spoke", "10.0.2.0/28", "spokes")])
    endpoint(page, 1).get_by_label("In use").fill("10.0.1.4-10.0.1.9")
    page.get_by_label("New replica 1 region").fill("northeurope")
    expect(page.locator(".what-if-outcome")).to_contain_text("What if: adding northeurope")


def change(page: Page, base: str) -> None:
    """The day-two fixtures: northeurope added to contoso, whose hub endpoint has static IPs."""
    page.goto(base + "/change")
    paste_change(page, ["eastus", "westeurope", "northeurope"])
    page.get_by_role("button", name="Plan the change").click()
    expect(page.locator("#day-two-results")).to_contain_text("Runbook")


def full_page(page: Page, path: Path) -> None:
    """The whole page in a window as tall as it is: what sticks to the foot of a window (the
    short verdicts) is drawn where it belongs, and no list of suggestions is left open."""
    page.evaluate("document.activeElement?.blur(); window.scrollTo(0, 0)")
    width, height = page.evaluate("[innerWidth, document.documentElement.scrollHeight]")
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=path, full_page=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()  # loopback only
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, viewport, scheme in SHOTS:
                context = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
                page = context.new_page()
                page.goto(base + PLAN)
                expect(page.locator(".verdict")).to_contain_text("Fits:")
                page.get_by_text("+2 replicas").click()  # one what-if open
                path = ROOT / "static" / "planner" / name
                full_page(page, path)
                context.close()
                print(f"wrote {path.relative_to(ROOT)}")
            for name, reach in (
                ("screenshot-estate.png", estate),
                ("screenshot-change.png", change),
            ):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                reach(page, base)
                path = ROOT / "static" / "planner" / name
                full_page(page, path)
                context.close()
                print(f"wrote {path.relative_to(ROOT)}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
