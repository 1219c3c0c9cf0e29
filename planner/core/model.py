"""The planner's types: frozen requests in, frozen plans out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netaddr import IPNetwork

from planner.core.addresses import Span
from planner.core.azure import Cloud


class Kind(StrEnum):
    LOGIN_SERVER = "login_server"
    DATA_ENDPOINT = "data_endpoint"
    REGIONAL_ENDPOINT = "regional_endpoint"

    @property
    def label(self) -> str:
        return self.replace("_", " ")


@dataclass(frozen=True)
class SizingRequest:
    """Sizing without region names. Build it with `planner.core.inputs` so it is valid."""

    replica_count: int
    regional_endpoints: bool
    subnet: IPNetwork
    in_use: tuple[Span, ...] = ()  # merged, inside the subnet


@dataclass(frozen=True)
class PlanRequest:
    registry: str  # lower case
    regions: tuple[str, ...]  # home region first
    regional_endpoints: bool
    subnet: IPNetwork
    in_use: tuple[Span, ...] = ()
    cloud: Cloud = Cloud.PUBLIC

    @property
    def sizing_request(self) -> SizingRequest:
        return SizingRequest(len(self.regions), self.regional_endpoints, self.subnet, self.in_use)


@dataclass(frozen=True)
class Breakdown:
    login_server: int
    data_endpoints: int
    regional_endpoints: int

    @property
    def total(self) -> int:
        return self.login_server + self.data_endpoints + self.regional_endpoints


@dataclass(frozen=True)
class SubnetUsage:
    cidr: str
    prefix: int
    size: int
    reserved: tuple[str, ...]
    usable: int  # size - 5
    in_use: int  # in-use addresses that are not reserved
    free: int  # usable - in_use, before the plan


@dataclass(frozen=True)
class Sizing:
    replica_count: int
    regional_endpoints: bool
    breakdown: Breakdown
    subnet: SubnetUsage
    fits: bool
    smallest_prefix: int  # of a fresh subnet that holds the plan
    headroom_replicas: int
    warnings: tuple[str, ...]

    @property
    def required_addresses(self) -> int:
        return self.breakdown.total

    @property
    def free_after_plan(self) -> int:
        return max(self.subnet.free - self.required_addresses, 0)

    @property
    def remedy(self) -> str:
        """What would make a plan that does not fit fit."""
        fresh = f"a new, empty /{self.smallest_prefix} or larger subnet would hold it"
        if self.smallest_prefix < self.subnet.prefix:
            return fresh[0].upper() + fresh[1:] + "."
        missing = self.required_addresses - self.subnet.free
        return f"Free {missing} more of its addresses, or use another subnet: {fresh}."


@dataclass(frozen=True)
class Allocation:
    kind: Kind
    region: str | None  # None for the login server
    member_name: str
    fqdn: str  # public name clients use
    record: str  # A record name, relative to the private zone
    ip: str


@dataclass(frozen=True)
class Record:
    name: str  # relative to the zone
    type: str
    ttl: int
    value: str


@dataclass(frozen=True)
class Plan:
    registry: str
    cloud: Cloud
    login_server: str
    zone: str
    regions: tuple[str, ...]
    regional_endpoints: bool
    sizing: Sizing
    allocations: tuple[Allocation, ...]  # empty when the plan does not fit
    records: tuple[Record, ...]
    warnings: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return self.sizing.fits
