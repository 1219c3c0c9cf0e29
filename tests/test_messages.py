"""Messages read as plain text: no Markdown backticks in any message, help text or page."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.test import Client

import planner
from planner.forms import DraftForm, PlanForm, SizingForm


def message_constants() -> list[tuple[str, str]]:
    """Every module-level string of the planner's modules (their docstrings aside)."""
    found = []
    for module_info in pkgutil.walk_packages(planner.__path__, "planner."):
        if module_info.name.startswith("planner.settings"):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, str) and not name.startswith("__"):
                found.append((f"{module_info.name}.{name}", value))
    return found


def test_it_writes_no_backtick_in_any_message_constant() -> None:
    constants = message_constants()
    assert any(name.endswith("WHAT_TO_PASTE") for name, _ in constants)
    assert [name for name, value in constants if "`" in value] == []


def test_it_writes_no_backtick_in_any_help_text() -> None:
    for form in (DraftForm, PlanForm, SizingForm):
        assert [n for n, field in form.base_fields.items() if "`" in str(field.help_text)] == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?registry=con-toso&regions=wetsus&subnet=10.0.1.5/28&in_use=x",
        "/?registry=contoso&regions=eastus&subnet=20.0.1.0/28",
        "/paste?endpoints=",
        "/paste?endpoints=not+json",
        "/paste?endpoints=[]",
        "/estate",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/api/v1/plan?registry=x&regions=mars&subnet=1",
    ],
)
def test_it_shows_no_backtick_on_any_page(url: str) -> None:
    response: Any = Client(raise_request_exception=False).get(url)
    assert response.status_code < 500
    assert "`" not in response.content.decode()
