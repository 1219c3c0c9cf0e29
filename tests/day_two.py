"""The day-two fixtures (tests/fixtures/day_two, each with its source in the README there)
and documents built from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "day_two"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def zone_file() -> str:
    return (FIXTURES / "privatelink.azurecr.io.zone").read_text()


def change_document(**more: Any) -> dict[str, Any]:
    """Adding northeurope to contoso: a static hub endpoint and a dynamic spoke endpoint."""
    return {
        "registry": "contoso",
        "regions": ["eastus", "westeurope", "northeurope"],
        "endpoints": [
            {"deployed": fixture("pe-static.json")},
            {"deployed": fixture("pe-dynamic.json"), "zone_scope": "spoke"},
        ],
        "graph": fixture("graph.json"),
        "records": fixture("records.json"),
    } | more


def drift_document(**more: Any) -> dict[str, Any]:
    """contoso as it is (eastus, westeurope), its hub endpoint, and the hub zone's records."""
    return {
        "registry": "contoso",
        "regions": ["eastus", "westeurope"],
        "endpoints": [{"deployed": fixture("pe-static.json")}],
        "records": fixture("records.json"),
    } | more
