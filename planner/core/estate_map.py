"""The picture of each endpoint's subnet in an estate, as that endpoint was planned in it.

Endpoints sharing a subnet take their addresses in document order, so an endpoint's picture
shows as in use what was in use there (by any endpoint sharing it) and the addresses of the
endpoints before it; its own addresses are the planned ones.

A page draws the endpoints in order while their members fit in MAX_DRAWN_MEMBERS (the rows of
their allocation and record tables), and their pictures share MAX_DRAWN_CELLS: one cell per
address of every /22 made 200 endpoints a 13 MB page. Each picture draws an equal share (a power
of two) around its planned addresses.
"""

from __future__ import annotations

from netaddr.strategy.ipv4 import str_to_int

from planner.core.addresses import Subnet, merge
from planner.core.estate import Estate, EstateRequest
from planner.core.subnet_map import MOST_CELLS, SubnetMap, plan_map

MAX_DRAWN_CELLS = 4 * MOST_CELLS  # four whole /22s; 200 endpoints get 16 addresses each
MAX_DRAWN_MEMBERS = 2_000  # 200 endpoints of 3 regions with regional endpoints: 1,400


def drawn_endpoints(result: Estate) -> int:
    """How many endpoints, in order, a page draws: as many as MAX_DRAWN_MEMBERS hold, and at
    least one."""
    members = 0
    for count, endpoint in enumerate(result.endpoints):
        members += len(endpoint.plan.allocations)
        if members > MAX_DRAWN_MEMBERS:
            return max(count, 1)
    return len(result.endpoints)


def cells_each(endpoints: int) -> int:
    """Each picture's share of MAX_DRAWN_CELLS: a power of two, at most a whole /22."""
    share = max(MAX_DRAWN_CELLS // max(endpoints, 1), 1)
    return min(1 << (share.bit_length() - 1), MOST_CELLS)


def endpoint_maps(
    request: EstateRequest, result: Estate, count: int | None = None
) -> tuple[SubnetMap, ...]:
    """One picture per endpoint, in document order: of the first `count` (by default all)."""
    subnets: dict[str, Subnet] = {}
    for endpoint in request.endpoints:
        known = subnets.get(key := str(endpoint.subnet.cidr), Subnet(endpoint.subnet.cidr))
        subnets[key] = Subnet(known.cidr, merge([*known.used, *endpoint.subnet.used]))
    drawn = len(request.endpoints) if count is None else count
    most_cells = cells_each(drawn)
    maps = []
    for endpoint, planned in zip(request.endpoints[:drawn], result.endpoints[:drawn], strict=True):
        key = str(endpoint.subnet.cidr)
        maps.append(plan_map(subnets[key], planned.plan, most_cells))
        taken = (str_to_int(address) for address in planned.plan.sizing.addresses)
        subnets[key] = subnets[key].with_used(taken)
    return tuple(maps)
