"""What if the registry grew: one or two more replicas, or regional endpoints enabled.

Each answer is a sizing of the changed request in the same subnet, so it says what the
sizing says: whether the subnet still holds the plan, what would be free after it, the
smallest subnet that would hold it, and, when it does not fit, what would make it fit.

For a plan (the registry named), each answer also names the members the change adds and the
addresses they would get while every current member keeps its own: the estate's growth, as a
change to the deployed registry plans it. A fresh plan of the grown registry numbers its
members anew (the regional endpoints move up), which is why growth goes through a change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.core import azure
from planner.core.estate import Growth, as_estate, estate
from planner.core.model import Allocation, PlanRequest, Sizing, SizingRequest
from planner.core.services import Kind
from planner.core.sizing import size

MORE_REPLICAS = (1, 2)


NEW_REPLICA = "new replica"  # a replica whose region is not named yet


@dataclass(frozen=True)
class NewMember:
    """A member the change adds, and the address it would get (None: Azure assigns it)."""

    kind: Kind
    region: str  # its region, or "new replica" (numbered when two are added)
    ip: str | None


@dataclass(frozen=True)
class WhatIf:
    key: str  # stable, for the page's element ids: "replicas-1", "regional-endpoints"
    change: str  # what is changed, as the toggle says it: "+1 replica"
    sizing: Sizing | None  # None when the change is impossible (no region left to add)
    impossible: str = ""  # why, when sizing is None
    # For a plan that fits, the members the change adds, every current member keeping its
    # address; empty for a sizing, or when the change does not fit.
    added: tuple[NewMember, ...] = ()

    @property
    def fits(self) -> bool:
        return self.sizing is not None and self.sizing.fits

    @property
    def outcome(self) -> str:
        """The answer in two or three words, shown beside the change without opening it."""
        if self.sizing is None:
            return "not possible"
        return "still fits" if self.sizing.fits else "would not fit"

    @property
    def answer(self) -> str:
        """One sentence: whether the subnet still holds the changed plan, or what it takes."""
        if self.sizing is None:
            return self.impossible
        sizing = self.sizing
        if sizing.fits:
            return (
                f"Still fits: {sizing.required_addresses} addresses needed, "
                f"{sizing.free_after_plan:,} free after; the smallest subnet that holds it "
                f"is a /{sizing.smallest_prefix}."
            )
        return (
            f"Does not fit: {sizing.required_addresses} addresses needed and "
            f"{sizing.subnet.cidr} has {sizing.subnet.free:,} free. {sizing.remedy}"
        )


def new_members(plan: PlanRequest, growth: Growth) -> tuple[NewMember, ...]:
    """The members `growth` adds to the plan's endpoint with the addresses they would get,
    every current member keeping its own; none when the grown registry does not fit."""
    grown = estate(replace(as_estate(plan), what_if=growth)).what_if
    if grown is None or not grown.fits:
        return ()
    unnamed = growth.unnamed
    numbered = len(unnamed) > 1

    def region(allocation: Allocation) -> str:
        if allocation.region in unnamed:
            number = unnamed.index(allocation.region) + 1
            return f"{NEW_REPLICA} {number}" if numbered else NEW_REPLICA
        return allocation.region or ""

    return tuple(
        NewMember(allocation.kind, region(allocation), allocation.ip)
        for allocation in grown.endpoints[0].added
    )


def what_ifs(request: SizingRequest, plan: PlanRequest | None = None) -> tuple[WhatIf, ...]:
    """+1 and +2 replicas, and regional endpoints enabled when they are off; with the `plan`
    (its registry named), the members each change would add."""
    regions = len(azure.CLOUDS[request.cloud].regions)
    answers = []
    for more in MORE_REPLICAS:
        change = f"+{more} replica{'s' if more > 1 else ''}"
        count = request.replica_count + more
        if count > regions:
            answers.append(
                WhatIf(
                    f"replicas-{more}",
                    change,
                    None,
                    f"{azure.CLOUDS[request.cloud].label} has {regions} regions: a registry "
                    f"with {request.replica_count} replicas cannot add {more}.",
                )
            )
            continue
        sizing = size(replace(request, replica_count=count))
        added = grown(plan, Growth(add_replicas=more), sizing)
        answers.append(WhatIf(f"replicas-{more}", change, sizing, added=added))
    if not request.regional_endpoints:
        sizing = size(replace(request, regional_endpoints=True))
        added = grown(plan, Growth(enable_regional_endpoints=True), sizing)
        answers.append(
            WhatIf("regional-endpoints", "Enable regional endpoints", sizing, added=added)
        )
    return tuple(answers)


def grown(plan: PlanRequest | None, growth: Growth, sizing: Sizing) -> tuple[NewMember, ...]:
    return new_members(plan, growth) if plan is not None and sizing.fits else ()
