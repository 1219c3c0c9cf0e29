"""Test settings: the real settings, plus what Playwright inside live_server needs."""

import os

from planner.settings import *  # noqa: F403

# Playwright's sync API runs an event loop in the test thread; Django must not refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
