"""The planner's types: frozen requests in, frozen plans out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netaddr.strategy.ipv4 import int_to_str  # an address's text, without an IPAddress

from planner.core.addresses import Subnet
from planner.core.azure import Cloud
from planner.core.services import REGISTRY, Kind, Member, Service


class HeadroomLimit(StrEnum):
    """What bounds the headroom: the subnet's free addresses, or the regions the cloud has
    left for new replicas."""

    ADDRESSES = "addresses"
    REGIONS = "regions"


class DnsMode(StrEnum):
    """What the exports do about the private DNS zone."""

    NEW_ZONE = "new-zone"  # create the zone, link it to the endpoint's network, write A records
    EXISTING_ZONE = "existing-zone"  # write the A records into a zone that exists (zone_id)
    ZONE_GROUP = "zone-group"  # a zone group on the endpoint: Azure writes the records (zone_id)
    NONE = "none"  # no DNS resources: the zone file and the records are the hand-off

    @property
    def needs_zone_id(self) -> bool:
        return self in (DnsMode.EXISTING_ZONE, DnsMode.ZONE_GROUP)


class AddressMode(StrEnum):
    """Who picks the endpoint's addresses: the plan (static IP configurations) or Azure."""

    STATIC = "static"
    DYNAMIC = "dynamic"


@dataclass(frozen=True, slots=True)
class Deployment:
    """How a private endpoint and its DNS records are deployed. The forms build it from
    `planner.core.inputs`' checks (`check_zone_id`, `check_allocation`), which refuse a
    combination Azure would not take."""

    dns: DnsMode = DnsMode.NEW_ZONE
    zone_id: str = ""  # an existing private DNS zone's resource id; for existing-zone, zone-group
    allocation: AddressMode = AddressMode.STATIC
    resolver_ip: str = ""  # the inbound endpoint on-premises DNS forwards to (forwarders export)

    @property
    def static(self) -> bool:
        return self.allocation is AddressMode.STATIC

    @property
    def zone_subscription(self) -> str:
        return self.zone_id.split("/")[2] if self.zone_id else ""

    @property
    def zone_resource_group(self) -> str:
        return self.zone_id.split("/")[4] if self.zone_id else ""

    @property
    def default(self) -> bool:
        """Today's behaviour: a new zone and static addresses (the resolver changes no plan)."""
        return (self.dns, self.zone_id, self.allocation) == (
            DnsMode.NEW_ZONE,
            "",
            AddressMode.STATIC,
        )


DEFAULT_DEPLOYMENT = Deployment()


@dataclass(frozen=True, slots=True)
class Registry:
    """A registry as its private endpoints see it. Build it with `planner.core.inputs`."""

    name: str  # lower case
    regions: tuple[str, ...]  # home region first
    regional_endpoints: bool
    cloud: Cloud = Cloud.PUBLIC

    @property
    def service(self) -> Service:
        return REGISTRY

    @property
    def options(self) -> dict[str, bool]:
        """The service's options as its members' shapes name them."""
        return {"regional_endpoints": self.regional_endpoints}

    @property
    def members(self) -> tuple[Member, ...]:
        """Every address a private endpoint to the registry needs, in allocation order."""
        return self.service.members(self.name, self.regions, self.options, self.cloud)

    @property
    def login_server(self) -> str:
        return self.service.host(self.name, self.cloud)

    @property
    def private_zone(self) -> str:
        return self.service.zone(self.cloud)


@dataclass(frozen=True, slots=True)
class SizingRequest:
    """Sizing without region names. Build it with `planner.core.inputs` so it is valid."""

    replica_count: int
    regional_endpoints: bool
    subnet: Subnet
    cloud: Cloud = Cloud.PUBLIC
    allocation: AddressMode = AddressMode.STATIC  # decides the static-IP caution


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """One private endpoint of a registry, in one subnet."""

    registry: Registry
    subnet: Subnet
    deployment: Deployment = DEFAULT_DEPLOYMENT

    @property
    def sizing_request(self) -> SizingRequest:
        registry = self.registry
        return SizingRequest(
            len(registry.regions),
            registry.regional_endpoints,
            self.subnet,
            registry.cloud,
            self.deployment.allocation,
        )


@dataclass(frozen=True, slots=True)
class Breakdown:
    login_server: int
    data_endpoints: int
    regional_endpoints: int

    @property
    def total(self) -> int:
        return self.login_server + self.data_endpoints + self.regional_endpoints


@dataclass(frozen=True, slots=True)
class SubnetUsage:
    cidr: str
    prefix: int
    size: int
    reserved: tuple[str, ...]
    usable: int  # size minus Azure's reserved addresses
    in_use: int  # in-use addresses that are not reserved
    free: int  # usable - in_use, before the plan


@dataclass(frozen=True, slots=True)
class Sizing:
    replica_count: int
    regional_endpoints: bool
    breakdown: Breakdown
    subnet: SubnetUsage
    smallest_prefix: int  # of a fresh subnet that holds the plan
    advised_prefix: int  # what to suggest for a new subnet: never below Microsoft's advice
    headroom_replicas: int
    headroom_limit: HeadroomLimit
    regional_endpoints_fit: bool  # whether enabling regional endpoints would still fit
    addresses: tuple[int, ...]  # the lowest free addresses, one per member; empty if no fit
    cautions: tuple[str, ...]  # every warning but the verdict
    allocation: AddressMode = AddressMode.STATIC

    @property
    def fits(self) -> bool:
        return len(self.addresses) == self.required_addresses

    @property
    def required_addresses(self) -> int:
        return self.breakdown.total

    @property
    def free_after_plan(self) -> int:
        return max(self.subnet.free - self.required_addresses, 0)

    @property
    def verdict(self) -> str:
        """One sentence: whether the plan fits, and what would make it fit when it does not."""
        need, free, cidr = self.required_addresses, self.subnet.free, self.subnet.cidr
        if self.fits:
            return f"Fits: the plan needs {need} addresses and {cidr} has {free:,} free."
        return f"Does not fit: the plan needs {need} addresses and {cidr} has {free:,} free. " + (
            self.remedy
        )

    @property
    def remedy(self) -> str:
        """What would make a plan that does not fit fit."""
        missing = self.required_addresses - self.subnet.free
        return remedy(missing, self.subnet.prefix, self.smallest_prefix, self.advised_prefix)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the API lists: the verdict first when the plan does not fit, then the cautions."""
        return self.cautions if self.fits else (self.verdict, *self.cautions)


def remedy(missing: int, prefix: int, smallest: int, advised: int, what: str = "it") -> str:
    """What would make `missing` more addresses fit in a /`prefix`: freeing them, when a
    subnet of its size could hold `what` at all, and a new subnet (/`advised` or larger; the
    smallest that holds it is /`smallest`)."""
    fresh = f"a new, empty /{advised} or larger subnet would hold {what}"
    if smallest < prefix:
        return fresh[0].upper() + fresh[1:] + "."
    return f"Free {missing} more of its addresses, or use another subnet: {fresh}."


@dataclass(frozen=True, slots=True)
class Allocation:
    """A member and the address it gets: None when Azure assigns it (dynamic allocation)."""

    member: Member
    address: int | None

    @property
    def kind(self) -> Kind:
        return self.member.kind

    @property
    def region(self) -> str | None:
        return self.member.region

    @property
    def member_name(self) -> str:
        return self.member.member_name

    @property
    def fqdn(self) -> str:
        return self.member.fqdn

    @property
    def record(self) -> str:
        return self.member.record

    @property
    def ip(self) -> str | None:
        """The address as text, for the edges (documents, exports, pages)."""
        return None if self.address is None else int_to_str(self.address)


@dataclass(frozen=True, slots=True)
class Record:
    name: str  # relative to the zone
    type: str
    ttl: int
    address: int | None  # None when Azure assigns the address (dynamic allocation)

    @property
    def value(self) -> str | None:
        return None if self.address is None else int_to_str(self.address)


@dataclass(frozen=True, slots=True)
class Plan:
    """One private endpoint's plan: its figures, each member's address and each A record."""

    registry: Registry
    sizing: Sizing
    allocations: tuple[Allocation, ...]  # empty when the plan does not fit
    records: tuple[Record, ...]
    deployment: Deployment = DEFAULT_DEPLOYMENT

    @property
    def cloud(self) -> Cloud:
        return self.registry.cloud

    @property
    def regions(self) -> tuple[str, ...]:
        return self.registry.regions

    @property
    def regional_endpoints(self) -> bool:
        return self.registry.regional_endpoints

    @property
    def login_server(self) -> str:
        return self.registry.login_server

    @property
    def zone(self) -> str:
        return self.registry.private_zone

    @property
    def fits(self) -> bool:
        return self.sizing.fits

    @property
    def addresses_known(self) -> bool:
        """Whether the plan names the addresses (static), or Azure picks them (dynamic)."""
        return self.deployment.static

    @property
    def verdict(self) -> str:
        return self.sizing.verdict

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.sizing.warnings
