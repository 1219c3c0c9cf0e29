"""What the page and `manage.py plan` work from, and its one result.

A draft is always a sizing, and a registry once its regions are named. What it gives is
decided here, once: the sizing alone; while the page's replica count runs ahead of the
regions named, the named ones planned and the rest sized (pending); once every region is
named, the estate of its one endpoint. The page and the command line say the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.estate import Estate, as_estate, estate
from planner.core.model import (
    DEFAULT_DEPLOYMENT,
    Allocation,
    Deployment,
    Plan,
    PlanRequest,
    Registry,
    Sizing,
    SizingRequest,
)
from planner.core.pending import PendingPlan, pending_map, plan_with_pending
from planner.core.sizing import size
from planner.core.subnet_map import SubnetMap, plan_map, sizing_map
from planner.core.what_if import WhatIf, what_ifs


@dataclass(frozen=True)
class Draft:
    sizing: SizingRequest
    registry: Registry | None  # None until regions are named
    deployment: Deployment = DEFAULT_DEPLOYMENT

    @property
    def plan_request(self) -> PlanRequest | None:
        if self.registry is None:
            return None
        return PlanRequest(self.registry, self.sizing.subnet, self.deployment)


@dataclass(frozen=True)
class Drafted:
    """A draft's result: the sizing, its picture and what-ifs always; the plan of the regions
    named (with `pending` while some are not), and the estate once all of them are."""

    sizing: Sizing
    picture: SubnetMap
    what_ifs: tuple[WhatIf, ...]
    estate: Estate | None = None
    pending: PendingPlan | None = None

    @property
    def plan(self) -> Plan | None:
        if self.estate is not None:
            return self.estate.endpoints[0].plan
        return self.pending.plan if self.pending is not None else None

    @property
    def rows(self) -> tuple[Allocation, ...]:
        """The allocation table: an unnamed replica's members without names."""
        if self.pending is not None:
            return self.pending.rows
        return self.plan.allocations if self.plan is not None else ()

    @property
    def fits(self) -> bool:
        return self.sizing.fits


def drafted(draft: Draft) -> Drafted:
    subnet, request = draft.sizing.subnet, draft.plan_request
    if request is None:
        sizing = size(draft.sizing)
        return Drafted(sizing, sizing_map(subnet, sizing), what_ifs(draft.sizing))
    if draft.sizing.replica_count > len(request.registry.regions):  # regions not chosen yet
        pending = plan_with_pending(request, draft.sizing.replica_count)
        picture = pending_map(subnet, pending)
        return Drafted(pending.plan.sizing, picture, what_ifs(draft.sizing), pending=pending)
    planned = estate(as_estate(request))
    plan = planned.endpoints[0].plan
    picture = plan_map(subnet, plan)
    return Drafted(plan.sizing, picture, what_ifs(draft.sizing, request), estate=planned)
