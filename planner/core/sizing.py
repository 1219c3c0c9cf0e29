"""How many addresses a private endpoint needs, how a subnet holds them, and the warnings.

A sizing and a plan of the same figures give the same warnings: they are all made here.
"""

from __future__ import annotations

from dataclasses import replace

from netaddr.strategy.ipv4 import int_to_str  # an address's text, without an IPAddress

from planner.core import azure
from planner.core.addresses import Span, Subnet, parse_address, reserved
from planner.core.azure import STATIC_IP_WARNING, Cloud
from planner.core.model import (
    AddressMode,
    Breakdown,
    HeadroomLimit,
    Sizing,
    SizingRequest,
    SubnetUsage,
)
from planner.core.services import REGISTRY, Kind

# With dynamic allocation Azure takes the addresses from the subnet's free ones, for every member,
# and a new replica's members too (Microsoft's advice for geo-replicated registries).
DYNAMIC_ADDRESSES_NOTE = (
    "Dynamic allocation: Azure assigns the endpoint's addresses when it is created (and a new "
    "replica's when one is added), so the plan counts them and checks that they fit but cannot "
    "name them. Let a private DNS zone group write the records, or read the addresses from the "
    "endpoint after deployment."
)
REGIONAL_PREVIEW_WARNING = (
    "Regional endpoints are a registry-wide preview feature; not to be confused with "
    "global endpoint routing."
)


def required_addresses(replica_count: int, regional_endpoints: bool) -> Breakdown:
    """1 for the login server + 1 data endpoint per replica (+ 1 regional endpoint per replica),
    as the registry service's member shapes count them."""
    counts = REGISTRY.counts(replica_count, {"regional_endpoints": regional_endpoints})
    return Breakdown(
        login_server=counts[Kind.LOGIN_SERVER],
        data_endpoints=counts[Kind.DATA_ENDPOINT],
        regional_endpoints=counts[Kind.REGIONAL_ENDPOINT],
    )


def addresses_per_replica(regional_endpoints: bool) -> int:
    return REGISTRY.per_region({"regional_endpoints": regional_endpoints})


def smallest_prefix(required: int) -> int:
    """The longest prefix (at most /29) whose fresh subnet holds `required` addresses."""
    host_bits = (required + azure.RESERVED_PER_SUBNET - 1).bit_length()
    prefix = min(azure.SMALLEST_PREFIX, 32 - host_bits)
    if prefix < azure.LARGEST_PREFIX:
        raise ValueError(f"{required} addresses do not fit in any Azure subnet")
    return prefix


def subnet_usage(subnet: Subnet) -> SubnetUsage:
    return SubnetUsage(
        cidr=str(subnet.cidr.cidr),
        prefix=subnet.cidr.prefixlen,
        size=subnet.cidr.size,
        reserved=tuple(int_to_str(address) for address, _ in reserved(subnet.cidr)),
        usable=subnet.usable.size,
        in_use=subnet.in_use,
        free=subnet.free,
    )


def headroom(spare: int, per_replica: int, regions_left: int) -> tuple[int, HeadroomLimit]:
    """More replicas that would still fit: by the spare addresses (`per_replica` each), and
    by the regions the cloud has left (a /8 cannot hold more replicas than there are regions)."""
    by_addresses = max(spare, 0) // per_replica
    if regions_left < by_addresses:
        return regions_left, HeadroomLimit.REGIONS
    return by_addresses, HeadroomLimit.ADDRESSES


def size(request: SizingRequest) -> Sizing:
    breakdown = required_addresses(request.replica_count, request.regional_endpoints)
    addresses = request.subnet.lowest_free(breakdown.total)
    sizing = sized(request, subnet_usage(request.subnet), addresses)
    spare = sizing.subnet.free - breakdown.total
    return with_growth(sizing, spare if sizing.fits else -1, sharing=1, cloud=request.cloud)


def sized(request: SizingRequest, usage: SubnetUsage, addresses: tuple[int, ...] | None) -> Sizing:
    """The sizing's figures with the subnet as `usage` says it stands and the `addresses` it
    gives (None: too few free), before its growth figures (`shared`). The request's subnet is
    not read again: an estate passes the state of a subnet other endpoints share."""
    breakdown = required_addresses(request.replica_count, request.regional_endpoints)
    fitting = smallest_prefix(breakdown.total)
    return Sizing(
        replica_count=request.replica_count,
        regional_endpoints=request.regional_endpoints,
        breakdown=breakdown,
        subnet=usage,
        smallest_prefix=fitting,
        advised_prefix=advised_prefix(fitting, request.replica_count),
        headroom_replicas=0,
        headroom_limit=HeadroomLimit.ADDRESSES,
        regional_endpoints_fit=False,
        addresses=addresses or (),
        cautions=(),
        allocation=request.allocation,
    )


def advised_prefix(smallest: int, replica_count: int) -> int:
    """The prefix to suggest for a new subnet: never below Microsoft's advice for
    geo-replicated registries."""
    return min(smallest, azure.ADVISED_PREFIX) if replica_count > 1 else smallest


def with_growth(sizing: Sizing, spare: int, sharing: int, cloud: Cloud) -> Sizing:
    """The growth figures and warnings of one of `sharing` private endpoints that take their
    addresses from one subnet, `spare` addresses being left once all of them are planned
    (negative when one of them does not fit): a new replica, or regional endpoints, need
    their addresses for every one of them."""
    per_replica = addresses_per_replica(sizing.regional_endpoints) * sharing
    regions_left = len(azure.CLOUDS[cloud].regions) - sizing.replica_count
    replicas, limit = headroom(spare, per_replica, regions_left)
    return replace(
        sizing,
        headroom_replicas=replicas,
        headroom_limit=limit,
        regional_endpoints_fit=spare
        >= (0 if sizing.regional_endpoints else sizing.replica_count) * sharing,
        cautions=cautions(sizing, replicas == 0 and limit is HeadroomLimit.ADDRESSES, spare),
    )


PRIVATE_SPANS = tuple(Span(network.first, network.last) for network in azure.PRIVATE_RANGES)


def is_private(subnet: SubnetUsage) -> bool:
    """Whether the subnet lies inside one of the private ranges."""
    first = parse_address(subnet.cidr.partition("/")[0])
    last = first + subnet.size - 1
    return any(span.first <= first and last <= span.last for span in PRIVATE_SPANS)


def cautions(sizing: Sizing, no_room: bool, spare: int) -> tuple[str, ...]:
    """Every warning of a sizing (and of a plan of the same figures) but the verdict;
    `no_room`: whether the subnet's addresses leave no room for another replica; `spare`: the
    subnet's free addresses once every endpoint in it is planned (negative when one of them
    does not fit)."""
    warnings: list[str] = []
    if sizing.fits and no_room:
        per_replica = addresses_per_replica(sizing.regional_endpoints)
        warnings.append(
            f"No room for another replica: it needs {per_replica} more address(es) and "
            f"{max(spare, 0)} would be free. Adding one will fail and roll back "
            "(and Azure's error does not name the subnet)."
        )
    if sizing.replica_count > 1 and sizing.subnet.prefix > azure.ADVISED_PREFIX:
        warnings.append(
            f"Microsoft advises at least a /{azure.ADVISED_PREFIX} for private-endpoint subnets "
            f"of geo-replicated registries; this one is a /{sizing.subnet.prefix}."
        )
    if not is_private(sizing.subnet):
        ranges = ", ".join(str(network) for network in azure.PRIVATE_RANGES)
        warnings.append(
            f"{sizing.subnet.cidr} is outside the private ranges ({ranges}: RFC 1918 and "
            "RFC 6598). Azure allows it, but networks that reach the endpoint (peered or on "
            "premises) may route those addresses to the internet: check that it is meant."
        )
    if sizing.fits:
        static = sizing.allocation is AddressMode.STATIC
        warnings.append(STATIC_IP_WARNING if static else DYNAMIC_ADDRESSES_NOTE)
    if sizing.regional_endpoints:
        warnings.append(REGIONAL_PREVIEW_WARNING)
    return tuple(warnings)
