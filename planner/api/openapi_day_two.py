"""The OpenAPI part of day two: POST /api/v1/change and /api/v1/drift, their document and
their answers. `openapi.document()` merges it in."""

from __future__ import annotations

from typing import Any

from planner.core.change.values import Status
from planner.core.drift import FindingKind, Severity
from planner.forms.day_two_document import (
    ENDPOINT_KEYS,
    MAX_NOTE_CHARACTERS,
    MAX_NOTES,
    MAX_ZONES,
    ZONE_KEYS,
)
from planner.forms.estate import MAX_ENDPOINTS

REF = "#/components/schemas/"
AZ_JSON = {"description": "What az prints, as JSON: read as documented in docs/day-two.md."}


def closed(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(required or properties),
        "properties": properties,
        "additionalProperties": False,
    }


def schemas(field_schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The request document and the two answers."""
    strings = {"type": "array", "items": {"type": "string"}}
    endpoint = closed(
        {
            "deployed": {
                "type": "object",
                "description": "What az network private-endpoint show prints, as JSON.",
            },
            "subnet": field_schemas["subnet"],
            "in_use": field_schemas["in_use"],
            "zone_scope": {"type": "string"},
            "zone_groups": {
                **AZ_JSON,
                "type": ["array", "object"],
                "description": "What az network private-endpoint dns-zone-group list prints.",
            },
        },
        ("deployed",),
    )
    assert set(endpoint["properties"]) == set(ENDPOINT_KEYS)
    zone_records = closed(
        {
            "zone_id": {
                "type": "string",
                "description": "The private DNS zone's resource id; the zone resolves the "
                "endpoints whose zone_groups point at it.",
                "examples": [
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns"
                    "/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
                ],
            },
            "records": {
                **AZ_JSON,
                "type": ["array", "object"],
                "description": "What az network private-dns record-set a list prints for it.",
            },
        }
    )
    assert set(zone_records["properties"]) == set(ZONE_KEYS)
    document = closed(
        {
            **{
                name: field_schemas[name]
                for name in ("registry", "cloud", "regions", "regional_endpoints")
            },
            "acr_show": {**AZ_JSON, "type": "object", "description": "What az acr show prints."},
            "replications": {**AZ_JSON, "type": ["array", "object"]},
            "endpoints": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_ENDPOINTS,
                "items": {"$ref": f"{REF}DeployedEndpointInput"},
            },
            "graph": {**AZ_JSON, "type": ["object", "array"]},
            "records": {**AZ_JSON, "type": ["array", "object"]},
            "zone_file": {"type": "string", "description": "A BIND master file of the zone."},
            "zone": {"type": "string", "examples": ["privatelink.azurecr.io"]},
            "zones": {
                "type": "array",
                "maxItems": MAX_ZONES,
                "description": "Records per zone (what acr-pe-planner collect writes), instead "
                "of records or zone_file and zone.",
                "items": {"$ref": f"{REF}ZoneRecordsInput"},
            },
            "notes": {
                "type": "array",
                "maxItems": MAX_NOTES,
                "items": {"type": "string", "maxLength": MAX_NOTE_CHARACTERS},
                "description": "What collecting left out; said again in the answer's notes.",
            },
        },
        ("registry", "endpoints"),
    )
    member = closed(
        {
            "kind": {"type": "string"},
            "region": {"type": ["string", "null"]},
            "member_name": {"type": "string"},
            "fqdn": {"type": "string"},
            "record": {"type": "string"},
            "ip": {"type": "string", "description": "Empty when the subnet has no address."},
        }
    )
    members = {"type": "array", "items": {"$ref": f"{REF}MemberChange"}}
    endpoint_change = closed(
        {
            "name": {"type": "string"},
            "static": {"type": "boolean"},
            "subnet": {"type": "string"},
            "zone_scope": {"type": "string"},
            "fits": {"type": "boolean"},
            "free_before": {"type": "integer"},
            "path": {"type": "string"},
            "verify": {"type": "string", "description": "The endpoint's bash check script."},
            **{status.value: members for status in Status},
        }
    )
    record_change = closed(
        {
            "action": {"type": "string", "enum": ["add", "change", "delete", "rewrite"]},
            "name": {"type": "string"},
            "before": strings,
            "after": strings,
            "commands": strings,
        }
    )
    zone_change = closed(
        {
            "scope": {"type": "string"},
            "zone": {"type": "string"},
            "endpoints": strings,
            "compared_with": {"type": "string", "enum": ["zone", "endpoint"]},
            "changes": {"type": "array", "items": record_change},
            "zone_file": {"type": "string"},
        }
    )
    step = closed({"title": {"type": "string"}, "commands": strings, "note": {"type": "string"}})
    change = closed(
        {
            "registry": {"type": "string"},
            "regions": strings,
            "regional_endpoints": {"type": "boolean"},
            "zone": {"type": "string"},
            "fits": {"type": "boolean"},
            "verdict": {"type": "string"},
            "added_regions": strings,
            "removed_regions": strings,
            "enable_regional_endpoints": {"type": "boolean"},
            "downtime": {"type": "string"},
            "notes": strings,
            "endpoints": {"type": "array", "items": {"$ref": f"{REF}EndpointChange"}},
            "zones": {"type": "array", "items": zone_change},
            "runbook": {"type": "array", "items": step},
        }
    )
    finding = closed(
        {
            "kind": {"type": "string", "enum": [kind.value for kind in FindingKind]},
            "severity": {"type": "string", "enum": [level.value for level in Severity]},
            "record": {"type": "string"},
            "found": strings,
            "expected": strings,
            "message": {"type": "string"},
            "fix": strings,
        }
    )
    findings = {"type": "array", "items": {"$ref": f"{REF}DriftFinding"}}
    zone_drift = closed(
        {
            "zone": {"type": "string"},
            "zone_id": {"type": "string", "description": "Empty when no record set names it."},
            "endpoints": strings,
            "records_checked": {"type": "integer"},
            "clean": {"type": "boolean"},
            "findings": findings,
        }
    )
    drift = closed(
        {
            "registry": {"type": "string"},
            "zone": {"type": "string", "description": "The first zone's name."},
            "records_checked": {"type": "integer"},
            "clean": {"type": "boolean"},
            "notes": strings,
            "findings": {**findings, "description": "Every zone's findings, zone by zone."},
            "zones": {
                "type": "array",
                "description": "Each zone with the endpoints resolved through it.",
                "items": zone_drift,
            },
        }
    )
    return {
        "DayTwoDocument": document,
        "DeployedEndpointInput": endpoint,
        "ZoneRecordsInput": zone_records,
        "DriftFinding": finding,
        "MemberChange": member,
        "EndpointChange": endpoint_change,
        "Change": change,
        "Drift": drift,
    }


def paths(operation: Any, errors: dict[str, Any], json_answer: Any) -> dict[str, Any]:
    body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"{REF}DayTwoDocument"}}},
    }
    return {
        "/api/v1/change": {
            "post": operation(
                "A change (replicas, regional endpoints) planned against the deployed endpoints",
                errors
                | {
                    "200": json_answer(
                        "The change; fits is false when a subnet is short.", "Change"
                    )
                },
                requestBody=body,
            )
        },
        "/api/v1/drift": {
            "post": operation(
                "A private zone's records checked against the deployed endpoints",
                errors | {"200": json_answer("The findings; clean when there are none.", "Drift")},
                requestBody=body,
            )
        },
    }
