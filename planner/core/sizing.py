"""How many addresses a private endpoint needs, and how a subnet holds them."""

from __future__ import annotations

from dataclasses import replace

from netaddr import IPNetwork

from planner.core import azure
from planner.core.addresses import Span, clip, count, usable_bounds
from planner.core.addresses import reserved_addresses as reserved_in
from planner.core.model import Breakdown, Sizing, SizingRequest, SubnetUsage


def required_addresses(replica_count: int, regional_endpoints: bool) -> Breakdown:
    """1 for the login server + 1 data endpoint per replica (+ 1 regional endpoint per replica)."""
    return Breakdown(
        login_server=1,
        data_endpoints=replica_count,
        regional_endpoints=replica_count if regional_endpoints else 0,
    )


def addresses_per_replica(regional_endpoints: bool) -> int:
    return required_addresses(1, regional_endpoints).total - 1


def capacity(prefix: int) -> int:
    """Addresses a fresh subnet of this prefix offers after Azure's reservations."""
    return int(2 ** (32 - prefix)) - azure.RESERVED_PER_SUBNET


def smallest_prefix(required: int) -> int:
    """The longest prefix (at most /29) whose fresh subnet holds `required` addresses."""
    host_bits = (required + azure.RESERVED_PER_SUBNET - 1).bit_length()
    prefix = min(azure.SMALLEST_PREFIX, 32 - host_bits)
    if prefix < azure.LARGEST_PREFIX:
        raise ValueError(f"{required} addresses do not fit in any Azure subnet")
    return prefix


def subnet_usage(subnet: IPNetwork, in_use: tuple[Span, ...]) -> SubnetUsage:
    bounds = usable_bounds(subnet)
    taken = count(clip(in_use, bounds))
    return SubnetUsage(
        cidr=str(subnet.cidr),
        prefix=subnet.prefixlen,
        size=subnet.size,
        reserved=reserved_in(subnet),
        usable=bounds.size,
        in_use=taken,
        free=bounds.size - taken,
    )


def size(request: SizingRequest) -> Sizing:
    breakdown = required_addresses(request.replica_count, request.regional_endpoints)
    usage = subnet_usage(request.subnet, request.in_use)
    spare = usage.free - breakdown.total
    fits = spare >= 0
    sizing = Sizing(
        replica_count=request.replica_count,
        regional_endpoints=request.regional_endpoints,
        breakdown=breakdown,
        subnet=usage,
        fits=fits,
        smallest_prefix=smallest_prefix(breakdown.total),
        headroom_replicas=spare // addresses_per_replica(request.regional_endpoints) if fits else 0,
        warnings=(),
    )
    return replace(sizing, warnings=sizing_warnings(sizing, request.subnet.prefixlen))


def sizing_warnings(sizing: Sizing, prefix: int) -> tuple[str, ...]:
    warnings: list[str] = []
    need, free = sizing.required_addresses, sizing.subnet.free
    if not sizing.fits:
        warnings.append(
            f"Does not fit: the plan needs {need} addresses and {sizing.subnet.cidr} has {free} "
            f"free. {sizing.remedy}"
        )
    elif sizing.headroom_replicas == 0:
        per_replica = addresses_per_replica(sizing.regional_endpoints)
        warnings.append(
            f"No room for another replica: it needs {per_replica} more address(es) and "
            f"{sizing.free_after_plan} would be free. Adding one will fail and roll back "
            "(and Azure's error does not name the subnet)."
        )
    if sizing.replica_count > 1 and prefix > azure.ADVISED_PREFIX:
        warnings.append(
            f"Microsoft advises at least a /{azure.ADVISED_PREFIX} for private-endpoint subnets "
            f"of geo-replicated registries; this one is a /{prefix}."
        )
    return tuple(warnings)
