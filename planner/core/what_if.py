"""What if the registry grew: one or two more replicas, or regional endpoints enabled.

Each answer is a sizing of the changed request in the same subnet, so it says what the
sizing says: whether the subnet still holds the plan, what would be free after it, the
smallest subnet that would hold it, and, when it does not fit, what would make it fit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.core import azure
from planner.core.model import Sizing, SizingRequest
from planner.core.sizing import size

MORE_REPLICAS = (1, 2)


@dataclass(frozen=True)
class WhatIf:
    key: str  # stable, for the page's element ids: "replicas-1", "regional-endpoints"
    change: str  # what is changed, as the toggle says it: "+1 replica"
    sizing: Sizing | None  # None when the change is impossible (no region left to add)
    impossible: str = ""  # why, when sizing is None

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


def what_ifs(request: SizingRequest) -> tuple[WhatIf, ...]:
    """+1 and +2 replicas, and regional endpoints enabled when they are off."""
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
        answers.append(
            WhatIf(f"replicas-{more}", change, size(replace(request, replica_count=count)))
        )
    if not request.regional_endpoints:
        answers.append(
            WhatIf(
                "regional-endpoints",
                "Enable regional endpoints",
                size(replace(request, regional_endpoints=True)),
            )
        )
    return tuple(answers)
