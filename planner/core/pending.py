"""A plan while some replicas have no region yet: the named ones planned, the rest sized.

The page lets the replica count run ahead of the regions chosen (raising the count adds
empty pickers). The figures are those of the whole count; the named members get the
addresses the complete plan will give them (the allocation order puts every data endpoint
before the regional ones), and each unnamed replica shows the addresses it will take.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.core.addresses import Subnet
from planner.core.estate import plan
from planner.core.model import Allocation, Plan, PlanRequest
from planner.core.plan import records_of
from planner.core.services import Member
from planner.core.subnet_map import SubnetMap, plan_map


@dataclass(frozen=True)
class PendingPlan:
    plan: Plan  # the named regions, with the sizing and the addresses of the whole count
    replica_count: int
    rows: tuple[Allocation, ...]  # in allocation order; an unnamed replica's have no member name
    whole: Plan  # the whole count, unnamed replicas under placeholder regions

    @property
    def unnamed(self) -> int:
        return self.replica_count - len(self.plan.regions)


def pending_label(replica: int) -> str:
    return f"replica {replica}: region not chosen"


def plan_with_pending(request: PlanRequest, replica_count: int) -> PendingPlan:
    """Plan the request's named regions as the first of `replica_count` replicas: the whole
    count is planned with a placeholder region per unnamed replica, whose members are then
    shown without names."""
    registry = request.registry
    unnamed = tuple(
        pending_label(replica) for replica in range(len(registry.regions) + 1, replica_count + 1)
    )
    whole_registry = replace(registry, regions=(*registry.regions, *unnamed))
    whole = plan(replace(request, registry=whole_registry))
    rows = tuple(
        replace(row, member=Member(row.kind, row.region, "", "", "")) if row.region in unnamed
        else row
        for row in whole.allocations
    )  # fmt: skip
    named = tuple(row for row in rows if row.member_name)
    partial = replace(whole, registry=registry, allocations=named, records=records_of(named))
    return PendingPlan(partial, replica_count, rows, whole)


def pending_map(subnet: Subnet, pending: PendingPlan) -> SubnetMap:
    return plan_map(subnet, replace(pending.whole, allocations=pending.rows))
