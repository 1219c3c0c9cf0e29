"""The planning core: plain Python, no Django. Requests in, plans out, all frozen."""

from planner.core.addresses import InvalidInput, Subnet
from planner.core.azure import Cloud
from planner.core.estate import plan
from planner.core.model import (
    Allocation,
    Breakdown,
    HeadroomLimit,
    Plan,
    PlanRequest,
    Record,
    Registry,
    Sizing,
    SizingRequest,
    SubnetUsage,
)
from planner.core.services import Kind, Member
from planner.core.sizing import size

__all__ = [
    "Allocation",
    "Breakdown",
    "Cloud",
    "HeadroomLimit",
    "InvalidInput",
    "Kind",
    "Member",
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
