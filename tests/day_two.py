"""The day-two fixtures (tests/fixtures/day_two, each with its source in the README there)
and documents built from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "day_two"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def narrowed(graph: dict[str, Any], keep: Any) -> dict[str, Any]:
    """The graph answer with only the rows `keep` takes, counted as Resource Graph counts a
    whole answer (count and total_records: the rows given; fewer would be a truncated one)."""
    rows = [row for row in graph["data"] if keep(row)]
    return {**graph, "data": rows, "count": len(rows), "total_records": len(rows)}


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


def client_flattened(value: Any) -> Any:
    """The az form of a REST answer: every `properties` object merged into its parent and a
    list envelope {"value": [...]} read as the list, as azure-cli prints resources."""
    if isinstance(value, dict):
        if set(value) <= {"value", "nextLink"} and isinstance(value.get("value"), list):
            return client_flattened(value["value"])
        nested = value.get("properties")
        merged = {k: v for k, v in value.items() if k != "properties"}
        if isinstance(nested, dict):
            merged.update(nested)
        else:
            merged.update({"properties": nested} if "properties" in value else {})
        return {key: client_flattened(item) for key, item in merged.items()}
    if isinstance(value, list):
        return [client_flattened(item) for item in value]
    return value


def rest_form(value: Any) -> Any:
    """The REST form of an az-printed endpoint: its fields, and those of each IP
    configuration and connection, under `properties` (as `az rest` prints it)."""
    top = {"name", "id", "etag", "type", "location", "tags", "resourceGroup"}

    def nest(item: dict[str, Any], keep: set[str]) -> dict[str, Any]:
        return {
            **{k: v for k, v in item.items() if k in keep},
            "properties": {k: v for k, v in item.items() if k not in keep},
        }

    endpoint = nest(value, top)
    properties = endpoint["properties"]
    for key in (
        "ipConfigurations",
        "privateLinkServiceConnections",
        "manualPrivateLinkServiceConnections",
    ):
        properties[key] = [nest(item, top) for item in properties.get(key) or []]
    return endpoint
