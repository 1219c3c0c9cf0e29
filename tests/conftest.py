from __future__ import annotations

from typing import Any

import pytest
from hypothesis import settings

# No deadlines: a test's speed depends on the machine's load; performance is measured in
# `make bench`, never in the tests.
settings.register_profile("planner", deadline=None)
settings.load_profile("planner")

CHROMIUM = "/usr/bin/chromium"
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
    """Debian's Chromium (never a downloaded browser), headless, without the sandbox (root)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }
