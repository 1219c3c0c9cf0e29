"""Each endpoint's picture shows its subnet as the estate plans it: a shared subnet is one
subnet, so every endpoint's picture draws the addresses of the others in it as theirs."""

from __future__ import annotations

from netaddr import IPNetwork

from planner.core import Registry, Subnet
from planner.core.addresses import Span
from planner.core.estate import EndpointRequest, EstateRequest, estate
from planner.core.subnet_map import Role, SubnetMap
from planner.pages.estate_fields import pictures

REGISTRY = Registry("contoso", ("eastus", "westus"), False)


def roles(picture: SubnetMap, role: Role) -> list[str]:
    return [cell.address for row in picture.rows for cell in row.cells if cell.role == role]


def test_it_draws_the_other_endpoints_of_a_shared_subnet_as_theirs() -> None:
    shared = IPNetwork("10.0.1.0/28")
    request = EstateRequest(
        REGISTRY,
        (
            EndpointRequest("pe-hub", Subnet(shared, (Span(167772420, 167772420),)), "pe-hub"),
            EndpointRequest("pe-spoke", Subnet(IPNetwork("10.0.2.0/28")), "pe-spoke"),
            EndpointRequest("pe-hub-2", Subnet(shared), "pe-hub-2"),
        ),
    )
    hub, spoke, hub_2 = pictures(estate(request))
    # pe-hub's in-use entry is the subnet's: both pictures draw it; each draws the other's
    # planned addresses as another endpoint's, never as free.
    assert roles(hub, Role.IN_USE) == roles(hub_2, Role.IN_USE) == ["10.0.1.4"]
    assert roles(hub, Role.PLANNED) == roles(hub_2, Role.OTHER) == [
        "10.0.1.5", "10.0.1.6", "10.0.1.7",
    ]  # fmt: skip
    assert roles(hub_2, Role.PLANNED) == roles(hub, Role.OTHER) == [
        "10.0.1.8", "10.0.1.9", "10.0.1.10",
    ]  # fmt: skip
    assert roles(spoke, Role.PLANNED) == ["10.0.2.4", "10.0.2.5", "10.0.2.6"]
    assert Role.OTHER not in [count.role for count in spoke.counts]  # alone: no such role
    assert [(count.role, count.count) for count in hub_2.counts] == [
        (Role.RESERVED, 5),
        (Role.IN_USE, 1),
        (Role.PLANNED, 3),
        (Role.OTHER, 3),
        (Role.FREE, 4),
    ]
    assert hub.facts.free_ranges == hub_2.facts.free_ranges == ("10.0.1.11-10.0.1.14",)
