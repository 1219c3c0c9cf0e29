"""API v1 is a published contract: every export of a set of plans and estates, byte for byte.

The files under `tests/golden/` were written before the plan and the estate became one model;
a refactor keeps them identical. An answer that changes on purpose is re-recorded with
`PLANNER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py` and the diff reviewed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PLANNER_UPDATE_GOLDEN") == "1"

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


def zone_id(cloud_suffix: str = "azurecr.io") -> str:
    return (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-dns/providers/"
        f"Microsoft.Network/privateDnsZones/privatelink.{cloud_suffix}"
    )


BASE = {"registry": "contoso", "regions": "eastus,westus", "subnet": "10.0.1.0/27"}
PLANS: dict[str, dict[str, str]] = {
    "default": {**BASE, "in_use": "10.0.1.4-10.0.1.6"},
    "regional": {**BASE, "regions": "eastus,westus,northeurope", "regional_endpoints": "true"},
    "existing-zone": {**BASE, "dns": "existing-zone", "zone_id": zone_id()},
    "zone-group": {**BASE, "dns": "zone-group", "zone_id": zone_id(), "regional_endpoints": "1"},
    "none": {**BASE, "dns": "none", "resolver_ip": "10.50.0.4"},
    "dynamic": {**BASE, "allocation": "dynamic"},
    "dynamic-zone-group": {
        **BASE,
        "allocation": "dynamic",
        "dns": "zone-group",
        "zone_id": zone_id(),
    },
    "dynamic-none": {**BASE, "allocation": "dynamic", "dns": "none"},
    "usgov": {
        **BASE,
        "cloud": "usgov",
        "regions": "usgovvirginia,usgovtexas",
        "regional_endpoints": "true",
    },
    "china": {**BASE, "cloud": "china", "regions": "chinaeast2,chinanorth3"},
    "china-zone-group": {
        **BASE,
        "cloud": "china",
        "regions": "chinaeast2",
        "dns": "zone-group",
        "zone_id": zone_id("azurecr.cn"),
    },
    "one-region": {"registry": "fabrikam01", "regions": "westeurope", "subnet": "172.16.0.0/29"},
    "unnamed-replicas": {**BASE, "regions": "eastus", "replica_count": "3"},  # refused
    "count-only": {"registry": "contoso", "replica_count": "2", "subnet": "10.0.1.0/28"},
    "too-small": {**BASE, "subnet": "10.0.1.0/29", "regional_endpoints": "true"},
}
PLAN_FORMATS = [
    "json",
    "zone",
    "hosts",
    "firewall",
    "forwarders",
    "terraform",
    "bicep",
    "azcli",
    "csv",
    "netbox",
    "verify",
    "verify-ps",
]
SIZINGS: dict[str, dict[str, str]] = {
    "sizing": {"replica_count": "3", "regional_endpoints": "true", "subnet": "10.0.1.0/27"},
    "sizing-usgov": {"cloud": "usgov", "replica_count": "2", "subnet": "10.0.0.0/8"},
}

ESTATES: dict[str, dict[str, Any]] = {
    "estate": {
        "registry": "contoso",
        "regions": ["eastus", "westeurope"],
        "endpoints": [
            {"name": "hub-eus", "subnet": "10.0.1.0/27", "in_use": ["10.0.1.4-10.0.1.9"]},
            {"name": "spoke-app1", "subnet": "10.1.2.0/29"},
            {"name": "spoke-app2", "subnet": "10.1.3.0/28", "zone_scope": "spokes"},
            {"name": "spoke-app3", "subnet": "10.1.3.0/28", "zone_scope": "spokes"},
        ],
        "what_if": {"add_regions": ["northeurope"], "enable_regional_endpoints": True},
    },
    "estate-regional": {
        "registry": "contoso",
        "regions": ["eastus", "westus", "northeurope"],
        "regional_endpoints": True,
        "resolver_ip": "10.50.0.4",
        "endpoints": [
            {"name": "pe-hub", "subnet": "10.0.1.0/26", "zone_scope": "hub"},
            {"name": "pe-lab", "subnet": "10.9.0.0/27", "zone_scope": "lab"},
        ],
        "what_if": {"add_replicas": 2},
    },
    "estate-deployments": {
        "registry": "contoso",
        "regions": ["eastus", "westus"],
        "dns": "zone-group",
        "zone_id": zone_id(),
        "allocation": "dynamic",
        "resolver_ip": "10.0.0.4",
        "endpoints": [
            {"name": "pe-hub", "subnet": "10.0.1.0/28"},
            {"name": "pe-lab", "subnet": "10.9.0.0/28", "dns": "new-zone", "allocation": "static"},
            {"name": "pe-dmz", "subnet": "10.9.1.0/28", "dns": "none", "allocation": "static"},
            {
                "name": "pe-central",
                "subnet": "10.9.2.0/28",
                "dns": "existing-zone",
                "zone_id": zone_id(),
                "allocation": "static",
            },
        ],
    },
    "estate-usgov": {
        "registry": "contosogov",
        "cloud": "usgov",
        "regions": ["usgovvirginia"],
        "endpoints": [{"name": "pe-gov", "subnet": "10.2.0.0/28"}],
    },
    "estate-too-small": {
        "registry": "contoso",
        "regions": ["eastus", "westus", "northeurope"],
        "regional_endpoints": True,
        "endpoints": [
            {"name": "pe-ok", "subnet": "10.0.1.0/27"},
            {"name": "pe-short", "subnet": "10.0.2.0/29"},
        ],
    },
}
ESTATE_FORMATS = [
    "json",
    "csv",
    "netbox",
    "terraform",
    "bicep",
    "azcli",
    "forwarders",
    "zone",
    "hosts",
    "bundle",
    "verify",
    "verify-ps",
]
PARTS = {"zone": "scope", "hosts": "endpoint", "verify": "endpoint", "verify-ps": "endpoint"}


def recorded(response: Any) -> bytes:
    """The status, the headers a client relies on, and the body."""
    head = [
        f"status: {response.status_code}",
        f"content-type: {response['Content-Type']}",
    ]
    if response.has_header("Content-Disposition"):
        head.append(f"content-disposition: {response['Content-Disposition']}")
    return "\n".join(head).encode() + b"\n\n" + response.content


def check(name: str, response: Any) -> None:
    path = GOLDEN / name
    answer = recorded(response)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(answer)
        return
    assert path.exists(), f"no golden file {name}: record it with PLANNER_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if answer != expected:  # the first differing line says more than two long byte strings
        for number, (got, want) in enumerate(
            zip(answer.splitlines(), expected.splitlines(), strict=False), 1
        ):
            assert got == want, f"{name}, line {number}"
    assert answer == expected, name


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("case", PLANS)
def test_it_answers_every_plan_export_as_before(client: Client, case: str) -> None:
    query = PLANS[case]
    check(f"plan/{case}/plan", client.get("/api/v1/plan", query))
    for export in PLAN_FORMATS:
        check(f"plan/{case}/{export}", client.get(f"/api/v1/plan/{export}", query))
    body = json.dumps(as_json(query))
    check(f"plan/{case}/post-json", client.post("/api/v1/plan", body, "application/json"))


def as_json(query: dict[str, str]) -> dict[str, Any]:
    """The query as a JSON body: lists as arrays, the flag a boolean, the count a number."""
    body: dict[str, Any] = dict(query)
    for name in ("regions", "in_use"):
        if name in body:
            body[name] = body[name].split(",")
    if "regional_endpoints" in body:
        body["regional_endpoints"] = body["regional_endpoints"] in ("true", "1")
    if "replica_count" in body:
        body["replica_count"] = int(body["replica_count"])
    return body


@pytest.mark.parametrize("case", SIZINGS)
def test_it_answers_every_sizing_as_before(client: Client, case: str) -> None:
    check(f"sizing/{case}", client.get("/api/v1/sizing", SIZINGS[case]))


def estate_parts(document: dict[str, Any], parameter: str) -> list[str | None]:
    """Each zone scope or endpoint the estate has, and none (refused when there are several)."""
    names = [endpoint["name"] for endpoint in document["endpoints"]]
    scopes = [endpoint.get("zone_scope", endpoint["name"]) for endpoint in document["endpoints"]]
    return [None, *dict.fromkeys(scopes if parameter == "scope" else names)]


@pytest.mark.parametrize("case", ESTATES)
def test_it_answers_every_estate_export_as_before(client: Client, case: str) -> None:
    document = ESTATES[case]
    body = json.dumps(document)
    check(f"estate/{case}/estate", client.post("/api/v1/estate", body, "application/json"))
    for export in ESTATE_FORMATS:
        parameter = PARTS.get(export)
        for part in estate_parts(document, parameter) if parameter else [None]:
            path = f"/api/v1/estate/{export}" + (f"?{parameter}={part}" if part else "")
            response = client.post(path, body, "application/json")
            check(f"estate/{case}/{export}" + (f"-{part}" if part else ""), response)


def test_it_describes_the_api_as_before(client: Client) -> None:
    """The OpenAPI document, compared as data: key order is not part of the contract."""
    path = GOLDEN / "openapi.json"
    document = client.get("/api/v1/openapi.json").json()
    if UPDATE:
        path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
        return
    assert document == json.loads(path.read_text())
