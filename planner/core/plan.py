"""From a valid request to a complete plan: sizing, allocations and private DNS records.

Allocation order (documented, deterministic): the lowest free addresses of the subnet go to
the login server, then to the data endpoints in region order (home region first), then to
the regional endpoints in region order. Every export lists members in this order too.
"""

from __future__ import annotations

from typing import NamedTuple

from planner.core import azure
from planner.core.model import Allocation, Kind, Plan, PlanRequest, Record, Registry
from planner.core.sizing import size


class Member(NamedTuple):
    kind: Kind
    region: str | None
    member_name: str
    record: str  # relative to the private zone


def members(registry: Registry) -> tuple[Member, ...]:
    """Every address a private endpoint to the registry needs, in allocation order."""
    per_region = [(Kind.DATA_ENDPOINT, azure.DATA_MEMBER, azure.DATA_LABEL)]
    if registry.regional_endpoints:
        per_region.append((Kind.REGIONAL_ENDPOINT, azure.REGIONAL_MEMBER, azure.REGIONAL_LABEL))
    login = Member(
        Kind.LOGIN_SERVER,
        None,
        azure.LOGIN_MEMBER,
        azure.LOGIN_LABEL.format(registry=registry.name),
    )
    return (
        login,
        *(
            Member(
                kind,
                region,
                member.format(region=region),
                label.format(registry=registry.name, region=region),
            )
            for kind, member, label in per_region
            for region in registry.regions
        ),
    )


def plan(request: PlanRequest) -> Plan:
    """The sizing allocates the addresses; the plan names the member each one is for. With
    dynamic allocation the addresses are counted and checked but not named: Azure picks them."""
    registry = request.registry
    sizing = size(request.sizing_request)
    facts = azure.CLOUDS[registry.cloud]
    named = members(registry) if sizing.fits else ()
    static = request.deployment.static
    allocations = tuple(
        Allocation(
            kind,
            region,
            member,
            f"{record}.{facts.registry_suffix}",
            record,
            ip if static else None,
        )
        for (kind, region, member, record), ip in zip(named, sizing.addresses, strict=True)
    )
    records = tuple(
        Record(allocation.record, "A", azure.RECORD_TTL, allocation.ip)
        for allocation in allocations
    )
    return Plan(
        registry=registry.name,
        cloud=registry.cloud,
        login_server=f"{registry.name}.{facts.registry_suffix}",
        zone=facts.private_zone,
        regions=registry.regions,
        regional_endpoints=registry.regional_endpoints,
        sizing=sizing,
        allocations=allocations,
        records=records,
        deployment=request.deployment,
    )
