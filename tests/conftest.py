from __future__ import annotations

from typing import Any

import pytest
from hypothesis import settings

# No deadlines: a test's speed depends on the machine's load; performance is measured in
# `make bench`, never in the tests.
settings.register_profile("planner", deadline=None)
settings.load_profile("planner")

# Debian's Chromium, never a downloaded browser. The tests drive Debian's headless shell
# (package chromium-headless-shell: the same Chromium build without the browser's window and
# UI layers, the kind of browser Playwright runs headless tests on), which runs the browser
# tests in about half the time of the full browser on this 2-core machine (issue 27);
# the screenshots and `make bench` use the full browser, as people do.
CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-background-networking",  # no network here: no background connections
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium headless shell (never a downloaded browser), without the sandbox
    (the tests run as root)."""
    return {
        **browser_type_launch_args,
        "executable_path": HEADLESS_SHELL,
        "args": CHROMIUM_ARGS,
    }
