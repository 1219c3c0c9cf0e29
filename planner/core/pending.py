"""A plan while some replicas have no region yet: the named ones planned, the rest sized.

The page lets the replica count run ahead of the regions chosen (raising the count adds
empty pickers). The figures are those of the whole count; the named members get the
addresses the complete plan will give them (the allocation order puts every data endpoint
before the regional ones), and each unnamed replica shows the addresses it will take.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netaddr.strategy.ipv4 import str_to_int

from planner.core.addresses import Subnet
from planner.core.model import AddressMode, Kind, Plan, PlanRequest
from planner.core.plan import plan
from planner.core.sizing import size
from planner.core.subnet_map import SubnetMap, draw


@dataclass(frozen=True)
class AllocationRow:
    """One line of the page's allocation table: a planned member, or one still unnamed."""

    kind: Kind
    region: str  # "" for the login server; "replica 4: region not chosen" while unnamed
    member_name: str
    fqdn: str
    ip: str | None  # None when Azure assigns the addresses (dynamic allocation)
    pending: bool = False
    address: str = ""  # where it sits in the subnet picture: the ip, or the one Azure takes first

    @property
    def note(self) -> str:
        """What the address is for, as the subnet picture says it."""
        assigned = "" if self.ip else ", assigned by Azure"
        return f"{self.kind.label} ({self.member_name or self.region}{assigned})"


@dataclass(frozen=True)
class PendingPlan:
    plan: Plan  # the named regions, with the sizing and the addresses of the whole count
    replica_count: int
    rows: tuple[AllocationRow, ...]  # in allocation order, unnamed replicas included

    @property
    def unnamed(self) -> int:
        return self.replica_count - len(self.plan.regions)


def pending_label(replica: int) -> str:
    return f"replica {replica}: region not chosen"


def plan_with_pending(request: PlanRequest, replica_count: int) -> PendingPlan:
    """Plan the request's named regions as the first of `replica_count` replicas."""
    registry = request.registry
    named = len(registry.regions)
    sizing = size(replace(request.sizing_request, replica_count=replica_count))
    partial = plan(request)
    static = request.deployment.allocation is AddressMode.STATIC
    if not sizing.fits:
        no_fit = replace(partial, sizing=sizing, allocations=(), records=())
        return PendingPlan(no_fit, replica_count, ())
    kinds = [Kind.DATA_ENDPOINT]
    if registry.regional_endpoints:
        kinds.append(Kind.REGIONAL_ENDPOINT)
    # Where each member sits in the complete plan's order: login server, then per kind the
    # replicas in order.
    position = {(Kind.LOGIN_SERVER, 0): 0}
    for block, kind in enumerate(kinds):
        for replica in range(1, replica_count + 1):
            position[(kind, replica)] = block * replica_count + replica
    addresses = sizing.addresses
    allocations = []
    for allocation in partial.allocations:
        replica = 0 if allocation.region is None else registry.regions.index(allocation.region) + 1
        address = addresses[position[(allocation.kind, replica)]] if static else None
        allocations.append(replace(allocation, ip=address))
    records = tuple(
        replace(record, value=allocation.ip)
        for record, allocation in zip(partial.records, allocations, strict=True)
    )
    rows = [
        AllocationRow(
            a.kind, a.region or "", a.member_name, a.fqdn, a.ip,
            address=addresses[position[(a.kind, 0 if a.region is None else
                                        registry.regions.index(a.region) + 1)]],
        )
        for a in allocations
    ]  # fmt: skip
    rows += [
        AllocationRow(
            kind,
            pending_label(replica),
            "",
            "",
            addresses[position[(kind, replica)]] if static else None,
            pending=True,
            address=addresses[position[(kind, replica)]],
        )
        for kind in kinds
        for replica in range(named + 1, replica_count + 1)
    ]
    rows.sort(key=lambda row: addresses.index(row.address))
    whole = replace(partial, sizing=sizing, allocations=tuple(allocations), records=records)
    return PendingPlan(whole, replica_count, tuple(rows))


def rows_of(result: Plan) -> tuple[AllocationRow, ...]:
    """A complete plan's allocation table."""
    return tuple(
        AllocationRow(a.kind, a.region or "", a.member_name, a.fqdn, a.ip)
        for a in result.allocations
    )


def pending_map(subnet: Subnet, pending: PendingPlan) -> SubnetMap:
    return draw(subnet, [(str_to_int(row.address), row.note) for row in pending.rows])
