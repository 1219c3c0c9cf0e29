"""The OpenAPI 3.1 document of the API, and what the docs page shows of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from planner.api import openapi_day_two, problems
from planner.core import HeadroomLimit, azure, inputs
from planner.core.azure import Cloud
from planner.core.model import AddressMode, DnsMode
from planner.core.renderers import EXPORTS, plan_exports
from planner.forms import CountField, ListField, PlanForm, SizingForm, StrictBooleanField
from planner.forms.estate import (
    MAX_ENDPOINTS,
    EndpointForm,
    EstateRegistryForm,
    NetworkForm,
    WhatIfForm,
)

REF = "#/components/schemas/"


def _integer(description: str = "") -> dict[str, Any]:
    return {"type": "integer", "description": description} if description else {"type": "integer"}


def _strings() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


def _object(properties: dict[str, Any], *, open_ended: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": open_ended,
    }


# The parameters, as JSON Schema: the same names and meaning in a query string and a body.
FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "registry": {
        "type": "string",
        "pattern": f"^[A-Za-z0-9]{{{azure.REGISTRY_NAME_MIN},{azure.REGISTRY_NAME_MAX}}}$",
        "examples": ["contoso"],
    },
    "cloud": {"type": "string", "enum": [cloud.value for cloud in Cloud], "default": "public"},
    "regions": {"type": "array", "items": {"type": "string"}, "examples": [["eastus", "westus"]]},
    "replica_count": {"type": "integer", "examples": [2]},
    "regional_endpoints": {"type": "boolean", "default": False},
    "subnet": {"type": "string", "examples": ["10.0.1.0/28"]},
    "in_use": {"type": "array", "items": {"type": "string"}, "examples": [["10.0.1.4-10.0.1.6"]]},
    "dns": {
        "type": "string",
        "enum": [mode.value for mode in DnsMode],
        "default": DnsMode.NEW_ZONE.value,
    },
    "zone_id": {
        "type": "string",
        "examples": [
            azure.PRIVATE_DNS_ZONE_ID.format(
                subscription="00000000-0000-0000-0000-000000000000",
                resource_group="rg-dns",
                zone=azure.CLOUDS[Cloud.PUBLIC].private_zone,
            )
        ],
    },
    "allocation": {
        "type": "string",
        "enum": [mode.value for mode in AddressMode],
        "default": AddressMode.STATIC.value,
    },
    "resolver_ip": {"type": "string", "format": "ipv4", "examples": ["10.0.0.4"]},
}
assert set(FIELD_SCHEMAS) == set(PlanForm.base_fields) >= set(SizingForm.base_fields)


def _parameters(form_class: type[forms.Form]) -> list[dict[str, Any]]:
    parameters = []
    for name, field in form_class.base_fields.items():
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": field.required,
            "description": field.help_text,
            "schema": FIELD_SCHEMAS[name],
        }
        if FIELD_SCHEMAS[name]["type"] == "array":
            parameter |= {"style": "form", "explode": False}
        parameters.append(parameter)
    return parameters


def _body(form_class: type[forms.Form]) -> dict[str, Any]:
    fields = form_class.base_fields
    schema = {
        "type": "object",
        "required": [name for name, field in fields.items() if field.required],
        "properties": {
            name: FIELD_SCHEMAS[name] | {"description": field.help_text}
            for name, field in fields.items()
        },
        "additionalProperties": False,
    }
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {problems.MEDIA_TYPE: {"schema": {"$ref": f"{REF}Problem"}}},
    }


def _json(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"{REF}{schema}"}}},
    }


ERRORS = {"405": _problem("Method not allowed.")}
INPUT_ERRORS = {"400": _problem("Invalid input: errors lists every field's problems.")}
BODY_ERRORS = {
    "411": _problem("No Content-Length header: a chunked body is not read."),
    "413": _problem(
        f"The body is over the limit ({settings.PLANNER_MAX_BODY_BYTES} bytes by default)."
    ),
    "400": _problem(
        "Invalid input (errors lists every field's problems), or a body that is not valid JSON "
        "in UTF-8 (malformed-json)."
    ),
    "415": _problem("The body is not sent as application/json."),
}


def _export_responses(media_types: list[str], document: str, no_fit: str) -> dict[str, Any]:
    """An export's answers: the file as an attachment (its JSON is the `document`), or why not."""
    return INPUT_ERRORS | {
        "200": {
            "description": "The export, as an attachment (Content-Disposition names the file).",
            "content": {
                media_type.split(";")[0]: {"schema": {"type": "string"}}
                for media_type in media_types
            }
            | {"application/json": {"schema": {"$ref": f"{REF}{document}"}}},
        },
        "404": _problem("No such export format."),
        "422": _problem(no_fit),
    }


def _operation(summary: str, responses: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"summary": summary, "responses": responses | ERRORS, **more}


# The registry as a plan and an estate both restate it.
REGISTRY_FACTS: dict[str, Any] = {
    "registry": {"type": "string"},
    "cloud": FIELD_SCHEMAS["cloud"],
    "login_server": {"type": "string"},
    "zone": {"type": "string"},
    "regions": _strings(),
    "regional_endpoints": {"type": "boolean"},
}


def _figures(properties: dict[str, Any]) -> dict[str, Any]:
    """A plan or a sizing: every property is always present but regional_endpoints_fit."""
    schema = _object(properties)
    schema["required"].remove("regional_endpoints_fit")
    return schema


def _schemas() -> dict[str, Any]:
    breakdown = _object(
        {name: _integer() for name in ("login_server", "data_endpoints", "regional_endpoints")}
    )
    subnet = _object(
        {
            "cidr": {"type": "string"},
            "size": _integer(),
            "reserved": {
                **_strings(),
                "minItems": azure.RESERVED_PER_SUBNET,
                "maxItems": azure.RESERVED_PER_SUBNET,
            },
            "usable": _integer(),
            "in_use": _integer("In-use addresses outside Azure's reserved ones."),
            "free_after_plan": _integer(),
        }
    )
    sizing_figures = {
        "required_ips": _integer(),
        "breakdown": {"$ref": f"{REF}Breakdown"},
        "subnet": {"$ref": f"{REF}SubnetFigures"},
        "fits": {"type": "boolean"},
        "smallest_prefix": _integer("The longest prefix whose fresh subnet holds the plan."),
        "headroom_replicas": _integer(
            "Replicas that could still be added: by the subnet's free addresses, and at most "
            "the regions the cloud has left."
        ),
        "headroom_limit": {
            "type": "string",
            "enum": [limit.value for limit in HeadroomLimit],
            "description": "What bounds headroom_replicas: the subnet's free addresses, or the "
            "regions the cloud has left.",
        },
        "regional_endpoints_fit": {
            "type": "boolean",
            "description": "Present when regional endpoints are off: whether the subnet would "
            "still hold the plan with them enabled (one more address per replica).",
        },
        "warnings": _strings(),
    }
    allocation = _object(
        {
            "kind": {
                "type": "string",
                "enum": ["login_server", "data_endpoint", "regional_endpoint"],
            },
            "region": {"type": ["string", "null"]},
            "member_name": {"type": "string"},
            "fqdn": {"type": "string"},
            "record": {"type": "string", "description": "A record name, relative to the zone."},
            "ip": {
                "type": ["string", "null"],
                "description": "null with allocation=dynamic: Azure assigns the address.",
            },
        }
    )
    record = _object(
        {
            "name": {"type": "string"},
            "type": {"const": "A"},
            "ttl": {"const": azure.RECORD_TTL},
            "value": {
                "type": ["string", "null"],
                "description": "null with allocation=dynamic: Azure assigns the address.",
            },
        }
    )
    deployment = _object(
        {
            "dns": FIELD_SCHEMAS["dns"],
            "zone_id": {"type": ["string", "null"]},
            "allocation": FIELD_SCHEMAS["allocation"],
        }
    )
    deployment["description"] = (
        "How the endpoint is deployed; present only when it is not the default "
        "(dns=new-zone, allocation=static)."
    )
    plan = _figures(
        {
            **REGISTRY_FACTS,
            **sizing_figures,
            "deployment": {"$ref": f"{REF}Deployment"},
            "allocations": {"type": "array", "items": {"$ref": f"{REF}Allocation"}},
            "records": {"type": "array", "items": {"$ref": f"{REF}Record"}},
        }
    )
    plan["required"].remove("deployment")
    sizing = _figures(
        {
            "replica_count": _integer(),
            "regional_endpoints": {"type": "boolean"},
            **sizing_figures,
        }
    )
    problem = {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail", "errors"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": _integer(),
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "description": "Field name -> every message about it.",
                "additionalProperties": _strings(),
            },
            "limit": _integer("413 only: the body limit in bytes."),
            "smallest_prefix": _integer("422 only: the smallest subnet that would fit."),
        },
    }
    return {
        "Plan": plan,
        "Sizing": sizing,
        "Breakdown": breakdown,
        "SubnetFigures": subnet,
        "Allocation": allocation,
        "Record": record,
        "Deployment": deployment,
        "Problem": problem,
        **_estate_schemas(),
    }


def _estate_schemas() -> dict[str, Any]:
    """The estate document a POST takes, and the estate it answers."""
    endpoint_input = {
        "type": "object",
        "required": ["name", "subnet"],
        "properties": {
            name: _field_schema(field) for name, field in EndpointForm.base_fields.items()
        }
        | {  # the registry's choices, without its defaults (an endpoint's default is those)
            name: {key: value for key, value in FIELD_SCHEMAS[name].items() if key != "default"}
            | {"description": str(EndpointForm.base_fields[name].help_text)}
            for name in ("dns", "zone_id", "allocation")
        },
        "additionalProperties": False,
    }
    what_if = {
        "type": "object",
        "properties": {
            name: _field_schema(field) for name, field in WhatIfForm.base_fields.items()
        },
        "additionalProperties": False,
    }
    document = {
        "type": "object",
        "required": ["registry", "regions", "endpoints"],
        "properties": {
            **{
                name: FIELD_SCHEMAS[name] | {"description": field.help_text}
                for name, field in EstateRegistryForm.base_fields.items()
            },
            "endpoints": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_ENDPOINTS,
                "items": {"$ref": f"{REF}EndpointInput"},
            },
            "what_if": {"$ref": f"{REF}WhatIf"},
            "networks": {
                "type": "array",
                "maxItems": inputs.MAX_NETWORKS,
                "items": {"$ref": f"{REF}NetworkInput"},
                "description": "The virtual networks of the subnets (collect --estate and the "
                "estate page's fill from az graph query give them): a subnet that does not hold "
                "its endpoints is answered with where a new subnet could go.",
            },
        },
        "additionalProperties": False,
    }
    network_input = {
        "type": "object",
        "required": ["name", "address_space"],
        "properties": {
            name: _field_schema(field) for name, field in NetworkForm.base_fields.items()
        },
        "additionalProperties": False,
    }
    endpoint = _object(
        {
            "name": {"type": "string"},
            "zone_scope": {"type": "string"},
            "subnet": {
                "$ref": f"{REF}SubnetFigures",
                "description": "In a shared subnet, in_use and free_after_plan are the "
                "subnet's: addresses in use before the estate, and free once every endpoint in "
                "it has its addresses.",
            },
            "fits": {"type": "boolean"},
            "missing": _integer("Addresses the endpoint lacks; 0 when it fits."),
            "smallest_prefix": _integer(),
            "headroom_replicas": _integer(),
            "headroom_limit": {"type": "string", "enum": [limit.value for limit in HeadroomLimit]},
            "deployment": {"$ref": f"{REF}Deployment"},
            "allocations": {"type": "array", "items": {"$ref": f"{REF}Allocation"}},
            "records": {"type": "array", "items": {"$ref": f"{REF}Record"}},
            "warnings": _strings(),
        }
    )
    endpoint["required"].remove("deployment")
    zone = _object(
        {
            "scope": {"type": "string"},
            "zone": {"type": "string"},
            "endpoints": _strings(),
            "records": {"type": "array", "items": {"$ref": f"{REF}Record"}},
        }
    )
    shortfall = {
        "endpoint": {"type": "string", "description": "The first endpoint in the subnet."},
        "missing": _integer("Addresses the subnet lacks for the change, for all its endpoints."),
        "subnet": {"type": "string", "description": "The subnet's CIDR."},
        "endpoints": {**_strings(), "description": "Every endpoint in the subnet."},
    }
    outcome = _object(
        {
            "fits": {"type": "boolean"},
            "blocking": {
                "type": "array",
                "items": _object(shortfall),
                "description": "Each subnet that would not hold the change, once.",
            },
            "endpoints": {
                "type": "array",
                "items": _object(
                    {
                        "name": {"type": "string"},
                        "fits": {"type": "boolean"},
                        "missing": _integer(),
                        "added": {
                            "type": "array",
                            "items": {"$ref": f"{REF}Allocation"},
                            "description": "The members the change adds, each with the address "
                            "it would get while every current member keeps its own (as a change "
                            "plans it); ip is null where Azure assigns it or the subnet has no "
                            "room.",
                        },
                    }
                ),
            },
        }
    )
    estate = _object(
        {
            **REGISTRY_FACTS,
            "required_ips_per_endpoint": _integer(),
            "fits": {"type": "boolean"},
            "headroom_replicas": _integer("The least headroom of any endpoint."),
            "limiting_endpoint": {"type": "string", "description": "The endpoint that holds it."},
            "regional_endpoints_fit": {"type": "boolean"},
            "verdict": {"type": "string"},
            "warnings": _strings(),
            "subnets": {
                "type": "array",
                "items": {"$ref": f"{REF}EstateSubnet"},
                "description": "Present when endpoints share a subnet: every subnet once, with "
                "all its endpoints. Endpoints in one subnet share it: its addresses in use "
                "(whichever endpoint lists them), its free addresses and its growth.",
            },
            "endpoints": {"type": "array", "items": {"$ref": f"{REF}Endpoint"}},
            "zones": {"type": "array", "items": {"$ref": f"{REF}Zone"}},
            "what_if": {"$ref": f"{REF}WhatIfOutcome"},
        }
    )
    estate["required"] = [
        name
        for name in estate["required"]
        if name not in ("regional_endpoints_fit", "what_if", "subnets")
    ]
    estate_subnet = _object(
        {
            "cidr": {"type": "string"},
            "endpoints": {**_strings(), "description": "Its endpoints, in document order."},
            "usable": _integer("Its addresses less the five Azure reserves."),
            "in_use": _integer("Addresses in use before the estate, from every endpoint's list."),
            "required_ips": _integer("The addresses its endpoints need together."),
            "planned": _integer("The addresses given to them (to those that fit)."),
            "free_after_plan": _integer("Free once every endpoint in it has its addresses."),
            "fits": {"type": "boolean"},
            "missing": _integer("Addresses it lacks for all its endpoints; 0 when it fits."),
            "smallest_prefix": _integer("The longest prefix whose fresh subnet holds them all."),
            "headroom_replicas": _integer(
                "Replicas that could still be added: each needs its addresses for every "
                "endpoint in the subnet."
            ),
            "headroom_limit": {"type": "string", "enum": [limit.value for limit in HeadroomLimit]},
            "verdict": {"type": "string"},
            "network": {
                "type": "string",
                "description": "Its virtual network, when the document's networks hold it.",
            },
            "free_prefix": {
                "type": ["string", "null"],
                "description": "With network: the lowest free prefix there of the size a new "
                "subnet for its endpoints would take (/27 or larger for a geo-replicated "
                "registry); null when none is free.",
            },
        }
    )
    estate_subnet["required"] = [
        name for name in estate_subnet["required"] if name not in ("network", "free_prefix")
    ]
    return {
        "EstateDocument": document,
        "EndpointInput": endpoint_input,
        "NetworkInput": network_input,
        "WhatIf": what_if,
        "Estate": estate,
        "Endpoint": endpoint,
        "EstateSubnet": estate_subnet,
        "Zone": zone,
        "WhatIfOutcome": outcome,
    }


def _field_schema(field: forms.Field) -> dict[str, Any]:
    """The JSON Schema of an estate field, by its kind, with its help text."""
    if isinstance(field, ListField):
        kind: dict[str, Any] = _strings()
    elif isinstance(field, CountField):
        kind = {"type": "integer"}
    elif isinstance(field, StrictBooleanField):
        kind = {"type": "boolean"}
    else:
        kind = {"type": "string"}
    return kind | {"description": str(field.help_text)}


def document() -> dict[str, Any]:
    estate_body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"{REF}EstateDocument"}}},
    }
    plan_parameters = _parameters(PlanForm)
    plan_body = _body(PlanForm)
    plan_responses = INPUT_ERRORS | {
        "200": _json("The plan; fits is false, with no allocations, when it does not fit.", "Plan")
    }
    export_responses = _export_responses(
        [export.media_type for export in plan_exports().values()],
        "Plan",
        "The plan does not fit in the subnet (does-not-fit), or the export needs addresses that "
        "Azure assigns (addresses-unknown: zone and hosts with allocation=dynamic).",
    )
    export_parameter = {
        "name": "format",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": list(plan_exports())},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ACR private endpoint planner",
            "version": "1",
            "description": "Plans the private IP addresses and DNS records of an Azure Container "
            "Registry private endpoint. Errors are RFC 9457 problem details.",
        },
        "paths": {
            "/api/v1/plan": {
                "get": _operation("Plan", plan_responses, parameters=plan_parameters),
                "post": _operation(
                    "Plan (JSON body)", plan_responses | BODY_ERRORS, requestBody=plan_body
                ),
            },
            "/api/v1/plan/{format}": {
                "parameters": [export_parameter],
                "get": _operation("Export", export_responses, parameters=plan_parameters),
                "post": _operation(
                    "Export (JSON body)", export_responses | BODY_ERRORS, requestBody=plan_body
                ),
            },
            "/api/v1/sizing": {
                "get": _operation(
                    "Sizing without region names",
                    INPUT_ERRORS | {"200": _json("The sizing.", "Sizing")},
                    parameters=_parameters(SizingForm),
                )
            },
            "/api/v1/estate": {
                "post": _operation(
                    "A registry's whole estate: every private endpoint, every subnet",
                    INPUT_ERRORS | BODY_ERRORS | {"200": _json("The estate.", "Estate")},
                    requestBody=estate_body,
                )
            },
            "/api/v1/estate/{format}": {
                "parameters": [
                    {
                        "name": "format",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": list(EXPORTS)},
                    }
                ],
                "post": _operation(
                    "An estate export: zone takes ?scope=, hosts ?endpoint= (needed when the "
                    "estate has several)",
                    BODY_ERRORS
                    | _export_responses(
                        [export.media_type for export in EXPORTS.values()],
                        "Estate",
                        "An endpoint of the estate does not fit in its subnet, or the export "
                        "needs addresses that Azure assigns.",
                    ),
                    parameters=[
                        {
                            "name": part,
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                        }
                        for part in ("scope", "endpoint")
                    ],
                    requestBody=estate_body,
                ),
            },
            **openapi_day_two.paths(_operation, INPUT_ERRORS | BODY_ERRORS, _json),
            "/api/v1/openapi.json": {
                "get": _operation(
                    "This document",
                    {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                )
            },
            "/api/v1/docs": {
                "get": _operation(
                    "The API's documentation page",
                    {"200": {"description": "HTML", "content": {"text/html": {}}}},
                )
            },
        },
        "components": {"schemas": _schemas() | openapi_day_two.schemas(FIELD_SCHEMAS)},
    }


def docs_context() -> dict[str, Any]:
    spec = document()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation["summary"],
            "parameters": operation.get("parameters", []),
            "statuses": sorted(operation["responses"]),
        }
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    ]
    return {
        "endpoints": endpoints,
        "fields": [
            {"name": name, "description": field.help_text, "type": FIELD_SCHEMAS[name]["type"]}
            for name, field in PlanForm.base_fields.items()
        ],
        "exports": plan_exports().values(),
        "problem_types": problems.PROBLEM_TYPES,
        "body_limit": settings.PLANNER_MAX_BODY_BYTES,
    }
