"""The picture of each endpoint's subnet in an estate, as that endpoint was planned in it.

Endpoints sharing a subnet take their addresses in document order, so an endpoint's picture
shows as in use what was in use there (by any endpoint sharing it) and the addresses of the
endpoints before it; its own addresses are the planned ones.
"""

from __future__ import annotations

from netaddr.strategy.ipv4 import str_to_int

from planner.core.addresses import Subnet, merge
from planner.core.estate import Estate, EstateRequest
from planner.core.subnet_map import SubnetMap, plan_map


def endpoint_maps(request: EstateRequest, result: Estate) -> tuple[SubnetMap, ...]:
    """One picture per endpoint, in document order."""
    subnets: dict[str, Subnet] = {}
    for endpoint in request.endpoints:
        known = subnets.get(key := str(endpoint.subnet.cidr), Subnet(endpoint.subnet.cidr))
        subnets[key] = Subnet(known.cidr, merge([*known.used, *endpoint.subnet.used]))
    maps = []
    for endpoint, planned in zip(request.endpoints, result.endpoints, strict=True):
        key = str(endpoint.subnet.cidr)
        maps.append(plan_map(subnets[key], planned.plan))
        taken = (str_to_int(address) for address in planned.plan.sizing.addresses)
        subnets[key] = subnets[key].with_used(taken)
    return tuple(maps)
