from __future__ import annotations

import pytest


@pytest.fixture
def transactional_db() -> None:
    """pytest-django's live_server asks for this; the planner has no database to set up."""
