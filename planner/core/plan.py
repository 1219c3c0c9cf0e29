"""From a valid request to a complete plan: sizing, allocations and private DNS records.

Allocation order (documented, deterministic): the lowest free addresses of the subnet go to
the login server, then to the data endpoints in region order (home region first), then to
the regional endpoints in region order.
"""

from __future__ import annotations

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


Member = tuple[Kind, str | None, str, str]  # kind, region, member name, record name


def members(
    registry: str, regions: tuple[str, ...], regional_endpoints: bool
) -> tuple[Member, ...]:
    """Every address the private endpoint needs, in allocation order."""
    login = (
        Kind.LOGIN_SERVER,
        None,
        azure.LOGIN_MEMBER,
        azure.LOGIN_LABEL.format(registry=registry),
    )
    data = tuple(
        (
            Kind.DATA_ENDPOINT,
            region,
            azure.DATA_MEMBER.format(region=region),
            azure.DATA_LABEL.format(registry=registry, region=region),
        )
        for region in regions
    )
    regional = tuple(
        (
            Kind.REGIONAL_ENDPOINT,
            region,
            azure.REGIONAL_MEMBER.format(region=region),
            azure.REGIONAL_LABEL.format(registry=registry, region=region),
        )
        for region in regions
        if regional_endpoints
    )
    return (login, *data, *regional)


def plan(request: PlanRequest) -> Plan:
    sizing = size(request.sizing_request)
    facts = azure.CLOUDS[request.cloud]
    named = members(request.registry, request.regions, request.regional_endpoints)
    addresses = lowest_free(request.in_use, usable_bounds(request.subnet), len(named))
    allocations = tuple(
        Allocation(kind, region, member, f"{record}.{facts.registry_suffix}", record, str(ip))
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
