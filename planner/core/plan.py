"""A registry's members, and one private endpoint's plan in a subnet as it stands.

Allocation order (documented, deterministic): the lowest free addresses of the subnet go to
the login server, then to the data endpoints in region order (home region first), then to
the regional endpoints in region order. Every export lists members in this order too.

Plans are made through `planner.core.estate`: a single plan is an estate of one endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.core import azure
from planner.core.model import Allocation, Deployment, Plan, Record, Registry, Sizing
from planner.core.services import Kind, Member


def member(registry: Registry, kind: Kind, region: str | None = None) -> Member:
    """The member of `kind` (in `region`), with its public name and its private record."""
    return registry.service.member(registry.name, registry.cloud, kind, region)


def members(registry: Registry) -> tuple[Member, ...]:
    """Every address a private endpoint to the registry needs, in allocation order."""
    return registry.members


def allocated(
    wanted: Iterable[Member], addresses: Iterable[int | None], static: bool
) -> tuple[Allocation, ...]:
    """Each member with its address; with dynamic allocation Azure picks them: none named."""
    return tuple(
        Allocation(member, address if static else None)
        for member, address in zip(wanted, addresses, strict=True)
    )


def records_of(allocations: Iterable[Allocation]) -> tuple[Record, ...]:
    """One A record per member, with the TTL a private DNS zone group writes."""
    return tuple(
        Record(allocation.record, "A", azure.RECORD_TTL, allocation.address)
        for allocation in allocations
    )


def plan_with(registry: Registry, sizing: Sizing, deployment: Deployment) -> Plan:
    """One endpoint's plan from its sizing: the sizing allocates the addresses, the plan names
    the member each one is for. With dynamic allocation the addresses are counted and checked
    but not named: Azure picks them."""
    named = members(registry) if sizing.fits else ()
    allocations = allocated(named, sizing.addresses, deployment.static)
    return Plan(registry, sizing, allocations, records_of(allocations), deployment)
