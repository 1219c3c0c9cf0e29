"""Each endpoint's picture shows its subnet as that endpoint was planned in it: the subnet the
planning path gives with each endpoint, as it stood before its turn."""

from __future__ import annotations

from netaddr import IPNetwork

from planner.core import Registry, Subnet
from planner.core.addresses import Span
from planner.core.estate import EndpointRequest, EstateRequest, estate
from planner.core.subnet_map import Role, SubnetMap, plan_map

REGISTRY = Registry("contoso", ("eastus", "westus"), False)


def roles(picture: SubnetMap, role: Role) -> list[str]:
    return [cell.address for row in picture.rows for cell in row.cells if cell.role == role]


def test_it_draws_earlier_endpoints_in_a_shared_subnet_as_in_use() -> None:
    shared = IPNetwork("10.0.1.0/28")
    request = EstateRequest(
        REGISTRY,
        (
            EndpointRequest("pe-hub", Subnet(shared, (Span(167772420, 167772420),)), "pe-hub"),
            EndpointRequest("pe-spoke", Subnet(IPNetwork("10.0.2.0/28")), "pe-spoke"),
            EndpointRequest("pe-hub-2", Subnet(shared), "pe-hub-2"),
        ),
    )
    hub, spoke, hub_2 = (plan_map(e.subnet, e.plan) for e in estate(request).endpoints)
    assert roles(hub, Role.IN_USE) == ["10.0.1.4"]  # pe-hub's own in-use entry
    assert roles(hub, Role.PLANNED) == ["10.0.1.5", "10.0.1.6", "10.0.1.7"]
    assert roles(spoke, Role.PLANNED) == ["10.0.2.4", "10.0.2.5", "10.0.2.6"]
    assert roles(hub_2, Role.IN_USE) == ["10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7"]
    assert roles(hub_2, Role.PLANNED) == ["10.0.1.8", "10.0.1.9", "10.0.1.10"]
    assert [count.count for count in hub_2.counts] == [5, 4, 3, 4]
