"""The JSON documents: the API's plan, sizing and estate answers, and the CLI's `json` format."""

from __future__ import annotations

import json
from typing import Any

from planner.core.estate import EndpointPlan, Estate, SubnetPlan
from planner.core.model import Allocation, Deployment, Plan, Record, Sizing


def regional_endpoints_fit(enabled: bool, fit: bool) -> dict[str, bool]:
    """Whether enabling regional endpoints would still fit: said only while they are off."""
    return {} if enabled else {"regional_endpoints_fit": fit}


def sizing_document(sizing: Sizing) -> dict[str, Any]:
    """The sizing figures, as the API and `manage.py plan` give them."""
    return {
        "replica_count": sizing.replica_count,
        "regional_endpoints": sizing.regional_endpoints,
        **sizing_figures(sizing),
        "warnings": list(sizing.warnings),
    }


def sizing_figures(sizing: Sizing) -> dict[str, Any]:
    """What a sizing's and a plan's documents both give: the addresses and the subnet."""
    return {
        "required_ips": sizing.required_addresses,
        "breakdown": {
            "login_server": sizing.breakdown.login_server,
            "data_endpoints": sizing.breakdown.data_endpoints,
            "regional_endpoints": sizing.breakdown.regional_endpoints,
        },
        "subnet": subnet_document(sizing),
        "fits": sizing.fits,
        "smallest_prefix": sizing.smallest_prefix,
        "headroom_replicas": sizing.headroom_replicas,
        "headroom_limit": sizing.headroom_limit.value,
        **regional_endpoints_fit(sizing.regional_endpoints, sizing.regional_endpoints_fit),
    }


def subnet_document(sizing: Sizing) -> dict[str, Any]:
    usage = sizing.subnet
    return {
        "cidr": usage.cidr,
        "size": usage.size,
        "reserved": list(usage.reserved),
        "usable": usage.usable,
        "in_use": usage.in_use,
        "free_after_plan": sizing.free_after_plan,
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The whole plan as a JSON-ready dict: the API's and the CLI's `json` format."""
    return {
        "registry": plan.registry.name,
        "cloud": plan.cloud.value,
        "login_server": plan.login_server,
        "zone": plan.zone,
        "regions": list(plan.regions),
        "regional_endpoints": plan.regional_endpoints,
        **sizing_figures(plan.sizing),
        **deployment_document(plan.deployment),
        "allocations": allocations(plan.allocations),
        "records": records(plan.records),
        "warnings": list(plan.warnings),
    }


def deployment_document(deployment: Deployment) -> dict[str, Any]:
    """How the endpoint is deployed: absent with the defaults (a new zone, static addresses),
    so that a plan's document reads as it did before the options existed."""
    if deployment.default:
        return {}
    return {
        "deployment": {
            "dns": deployment.dns.value,
            "zone_id": deployment.zone_id or None,
            "allocation": deployment.allocation.value,
        }
    }


def allocations(planned: tuple[Allocation, ...]) -> list[dict[str, Any]]:
    return [
        {
            "kind": allocation.kind.value,
            "region": allocation.region,
            "member_name": allocation.member_name,
            "fqdn": allocation.fqdn,
            "record": allocation.record,
            "ip": allocation.ip,
        }
        for allocation in planned
    ]


def records(planned: tuple[Record, ...]) -> list[dict[str, Any]]:
    return [
        {"name": record.name, "type": record.type, "ttl": record.ttl, "value": record.value}
        for record in planned
    ]


def compact_json(document: dict[str, Any]) -> str:
    """The JSON of every plan and sizing answer: one line and a newline, no indent (json's C
    encoder only runs without one; indent=2 was a fifth of a GET's time)."""
    return json.dumps(document) + "\n"


def estate_json(estate: Estate, _: str | None = None) -> str:
    """The plan document of a single plan, the estate document of an estate."""
    if estate.single:
        return compact_json(plan_document(estate.endpoints[0].plan))
    return compact_json(estate_document(estate))


def plan_json(plan: Plan) -> str:
    return compact_json(plan_document(plan))


def sizing_json(sizing: Sizing) -> str:
    return compact_json(sizing_document(sizing))


def estate_document(estate: Estate) -> dict[str, Any]:
    """A registry's whole estate: the registry once, each endpoint, each zone, the what-if."""
    registry = estate.registry
    document: dict[str, Any] = {
        "registry": registry.name,
        "cloud": registry.cloud.value,
        "login_server": estate.login_server,
        "zone": estate.zone,
        "regions": list(registry.regions),
        "regional_endpoints": registry.regional_endpoints,
        "required_ips_per_endpoint": estate.required_ips_per_endpoint,
        "fits": estate.fits,
        "headroom_replicas": estate.headroom_replicas,
        "limiting_endpoint": estate.limiting.name,
        **regional_endpoints_fit(registry.regional_endpoints, estate.regional_endpoints_fit),
        "verdict": estate.verdict,
        "warnings": list(estate.warnings),
        **subnets_document(estate),
        "endpoints": [endpoint_document(endpoint) for endpoint in estate.endpoints],
        "zones": [
            {
                "scope": zone.scope,
                "zone": zone.zone,
                "endpoints": list(zone.endpoints),
                "records": records(zone.records),
            }
            for zone in estate.zones
        ],
    }
    if estate.what_if is not None:
        document["what_if"] = {
            "fits": estate.what_if.fits,
            "blocking": [
                {
                    "endpoint": blocked.endpoints[0],
                    "missing": blocked.missing,
                    "subnet": blocked.cidr,
                    "endpoints": list(blocked.endpoints),
                }
                for blocked in estate.what_if.blocking
            ],
            "endpoints": [
                {
                    "name": short.endpoint,
                    "fits": short.fits,
                    "missing": short.missing,
                    "added": allocations(short.added),
                }
                for short in estate.what_if.endpoints
            ],
        }
    return document


def subnets_document(estate: Estate) -> dict[str, Any]:
    """Each subnet once, with every endpoint in it: given when endpoints share a subnet or
    the virtual networks are known (an estate of one endpoint per subnet, without networks,
    reads as it did before subnets were listed)."""
    if not (estate.shares_subnets or estate.networks_known):
        return {}
    return {
        "subnets": [
            {
                "cidr": subnet.cidr,
                "endpoints": list(subnet.endpoints),
                "usable": subnet.usable,
                "in_use": subnet.in_use,
                "required_ips": subnet.required,
                "planned": subnet.planned,
                "free_after_plan": subnet.free_after_plan,
                "fits": subnet.fits,
                "missing": subnet.missing,
                "smallest_prefix": subnet.smallest_prefix,
                "headroom_replicas": subnet.headroom_replicas,
                "headroom_limit": subnet.headroom_limit.value,
                "verdict": subnet.verdict,
                **placement(subnet),
            }
            for subnet in estate.subnets
        ]
    }


def placement(subnet: SubnetPlan) -> dict[str, Any]:
    """Its virtual network and where a new subnet for its endpoints could go there (null when
    no prefix of the advised size is free): only when the network is known."""
    if subnet.network is None:
        return {}
    free = subnet.free_prefix
    return {
        "network": subnet.network.name,
        "free_prefix": str(free.cidr) if free is not None else None,
    }


def endpoint_document(endpoint: EndpointPlan) -> dict[str, Any]:
    """One endpoint of an estate; in a shared subnet, the subnet's figures (addresses in use
    before the estate, free once every endpoint in it has its addresses)."""
    plan = endpoint.plan
    return {
        "name": endpoint.name,
        "zone_scope": endpoint.zone_scope,
        "subnet": {
            **subnet_document(plan.sizing),
            "in_use": endpoint.subnet.in_use,
            "free_after_plan": endpoint.subnet.free_after_plan,
        },
        "fits": plan.fits,
        "missing": endpoint.missing,
        "smallest_prefix": plan.sizing.smallest_prefix,
        "headroom_replicas": plan.sizing.headroom_replicas,
        "headroom_limit": plan.sizing.headroom_limit.value,
        **deployment_document(plan.deployment),
        "allocations": allocations(plan.allocations),
        "records": records(plan.records),
        "warnings": list(endpoint.warnings),
    }
