"""The planning core: plain Python, no Django. Requests in, plans out, all frozen."""

from planner.core.addresses import InvalidInput, Subnet
from planner.core.azure import Cloud
from planner.core.model import (
    Allocation,
    Breakdown,
    HeadroomLimit,
    Kind,
    Plan,
    PlanRequest,
    Record,
    Registry,
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
    "HeadroomLimit",
    "InvalidInput",
    "Kind",
    "Plan",
    "PlanRequest",
    "Record",
    "Registry",
    "Sizing",
    "SizingRequest",
    "Subnet",
    "SubnetUsage",
    "plan",
    "size",
]
