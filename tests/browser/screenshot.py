"""The README's screenshots, taken from the running page in Debian's Chromium: `make screenshot`.

A tool, not a test: it starts the development server on a free loopback port, opens a real
plan at desktop width in the light theme and at phone width in the dark theme, and writes
static/planner/screenshot.png and static/planner/screenshot-phone-dark.png.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

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
                page.screenshot(path=path, full_page=True)
                context.close()
                print(f"wrote {path.relative_to(ROOT)}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
