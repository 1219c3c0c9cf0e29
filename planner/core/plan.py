"""From a valid request to a complete plan: sizing, allocations and private DNS records.

Allocation order (documented, deterministic): the lowest free addresses of the subnet go to
the login server, then to the data endpoints in region order (home region first), then to
the regional endpoints in region order.
"""

from __future__ import annotations

from typing import NamedTuple

from netaddr.strategy.ipv4 import int_to_str

from planner.core import azure
from planner.core.addresses import lowest_free, usable_bounds
from planner.core.model import Allocation, Kind, Plan, PlanRequest, Record
from planner.core.sizing import size

STATIC_IP_WARNING = (
    "Static IP configurations list every member: before adding a replica, add its new "
    "members to the private endpoint, or the replication fails (dynamic allocation avoids this)."
)
REGIONAL_PREVIEW_WARNING = (
    "Regional endpoints are a registry-wide preview feature (2026); not to be confused with "
    "global endpoint routing."
)


class Member(NamedTuple):
    kind: Kind
    region: str | None
    member_name: str
    record: str  # relative to the private zone


def members(
    registry: str, regions: tuple[str, ...], regional_endpoints: bool
) -> tuple[Member, ...]:
    """Every address the private endpoint needs, in allocation order."""
    per_region = [(Kind.DATA_ENDPOINT, azure.DATA_MEMBER, azure.DATA_LABEL)]
    if regional_endpoints:
        per_region.append((Kind.REGIONAL_ENDPOINT, azure.REGIONAL_MEMBER, azure.REGIONAL_LABEL))
    login = Member(
        Kind.LOGIN_SERVER, None, azure.LOGIN_MEMBER, azure.LOGIN_LABEL.format(registry=registry)
    )
    return (
        login,
        *(
            Member(
                kind,
                region,
                member.format(region=region),
                label.format(registry=registry, region=region),
            )
            for kind, member, label in per_region
            for region in regions
        ),
    )


def plan(request: PlanRequest) -> Plan:
    sizing = size(request.sizing_request)
    facts = azure.CLOUDS[request.cloud]
    named = members(request.registry, request.regions, request.regional_endpoints)
    addresses = lowest_free(request.in_use, usable_bounds(request.subnet), len(named))
    allocations = tuple(
        Allocation(
            kind, region, member, f"{record}.{facts.registry_suffix}", record, int_to_str(ip)
        )
        for (kind, region, member, record), ip in zip(named, addresses or (), strict=False)
    )
    records = tuple(
        Record(allocation.record, "A", azure.RECORD_TTL, allocation.ip)
        for allocation in allocations
    )
    warnings = list(sizing.warnings)
    if allocations:
        warnings.append(STATIC_IP_WARNING)
    if request.regional_endpoints:
        warnings.append(REGIONAL_PREVIEW_WARNING)
    return Plan(
        registry=request.registry,
        cloud=request.cloud,
        login_server=f"{request.registry}.{facts.registry_suffix}",
        zone=facts.private_zone,
        regions=request.regions,
        regional_endpoints=request.regional_endpoints,
        sizing=sizing,
        allocations=allocations,
        records=records,
        warnings=tuple(warnings),
    )
