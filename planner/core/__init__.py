"""The planning core: plain Python, no Django. Requests in, plans out, all frozen."""

from planner.core.addresses import InvalidInput
from planner.core.azure import Cloud
from planner.core.model import (
    Allocation,
    Breakdown,
    Kind,
    Plan,
    PlanRequest,
    Record,
    Sizing,
    SizingRequest,
    SubnetUsage,
)
from planner.core.plan import plan
from planner.core.sizing import size

__all__ = [
    "Allocation",
    "Breakdown",
    "Cloud",
    "InvalidInput",
    "Kind",
    "Plan",
    "PlanRequest",
    "Record",
    "Sizing",
    "SizingRequest",
    "SubnetUsage",
    "plan",
    "size",
]
