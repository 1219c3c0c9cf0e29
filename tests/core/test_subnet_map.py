from __future__ import annotations

import pytest
from netaddr import IPAddress, IPNetwork

from planner.core import PlanRequest, SizingRequest, plan, size
from planner.core.addresses import Span, merge, parse_span, reserved_addresses
from planner.core.subnet_map import Role, SubnetMap, draw, plan_map, sizing_map


def roles(picture: SubnetMap) -> dict[str, Role]:
    return {cell.address: cell.role for row in picture.rows for cell in row.cells}


def counted(picture: SubnetMap) -> dict[Role, int]:
    return {entry.role: entry.count for entry in picture.counts}


def in_use(*entries: str) -> tuple[Span, ...]:
    return merge(parse_span(entry) for entry in entries)


def test_it_draws_every_address_of_a_small_subnet_once() -> None:
    picture = draw(IPNetwork("10.0.1.0/28"), (), [], 0)
    assert picture.whole
    assert list(roles(picture)) == [str(IPAddress(0x0A000100 + n)) for n in range(16)]
    assert picture.columns == 16


def test_it_marks_the_same_reserved_addresses_as_the_core() -> None:
    subnet = IPNetwork("10.0.1.0/27")
    by_role = roles(draw(subnet, (), [], 0))
    reserved = {address for address, role in by_role.items() if role is Role.RESERVED}
    assert reserved == {str(address) for address in reserved_addresses(subnet)}


def test_it_follows_the_cores_reservations_if_they_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "planner.core.subnet_map.usable_bounds",
        lambda subnet: Span(subnet.first + 2, subnet.last - 3),
    )
    picture = draw(IPNetwork("10.0.1.0/28"), (), [], 0)
    cells = {cell.address: cell for row in picture.rows for cell in row.cells}
    reserved = [address for address, cell in cells.items() if cell.role is Role.RESERVED]
    assert reserved == ["10.0.1.0", "10.0.1.1", "10.0.1.13", "10.0.1.14", "10.0.1.15"]
    assert cells["10.0.1.2"].role is Role.FREE
    assert "broadcast" in cells["10.0.1.15"].title
    assert cells["10.0.1.13"].title.endswith("reserved by Azure")
    assert counted(picture)[Role.RESERVED] == 5


def test_it_colours_a_plan_and_says_what_each_planned_address_is() -> None:
    request = PlanRequest(
        "contoso",
        ("eastus", "westus"),
        False,
        IPNetwork("10.0.1.0/28"),
        in_use("10.0.1.4-10.0.1.5"),
    )
    picture = plan_map(request, plan(request))
    by_role = roles(picture)
    assert by_role["10.0.1.1"] is Role.RESERVED
    assert by_role["10.0.1.4"] is by_role["10.0.1.5"] is Role.IN_USE
    planned = [cell for row in picture.rows for cell in row.cells if cell.role is Role.PLANNED]
    assert [cell.address for cell in planned] == [a.ip for a in plan(request).allocations]
    assert "registry_data_eastus" in planned[1].title
    assert counted(picture) == {Role.RESERVED: 5, Role.IN_USE: 2, Role.PLANNED: 3, Role.FREE: 6}


def test_it_lets_reserved_win_over_an_in_use_entry_that_covers_it() -> None:
    request = SizingRequest(1, False, IPNetwork("10.0.1.0/29"), in_use("10.0.1.0/29"))
    picture = sizing_map(request, size(request))
    assert roles(picture)["10.0.1.1"] is Role.RESERVED
    assert roles(picture)["10.0.1.4"] is Role.IN_USE
    assert counted(picture)[Role.IN_USE] == 3


def test_it_draws_a_22_whole_in_rows_of_32() -> None:
    picture = draw(IPNetwork("10.0.0.0/22"), (), [], 0)
    assert picture.whole
    assert len(picture.rows) == 32
    assert picture.rows[1].first == "10.0.0.32"


def test_it_summarises_a_large_subnet_around_the_planned_addresses() -> None:
    subnet = IPNetwork("10.0.0.0/8")
    request = PlanRequest("contoso", ("eastus",), True, subnet, in_use("10.0.0.0-10.3.0.9"))
    picture = plan_map(request, plan(request))
    assert not picture.whole
    assert picture.drawn == "10.3.0.0/24"
    assert len(roles(picture)) == 256
    assert [a for a, role in roles(picture).items() if role is Role.PLANNED] == [
        "10.3.0.10",
        "10.3.0.11",
        "10.3.0.12",
    ]
    counts = counted(picture)
    assert counts[Role.IN_USE] == (0x0A03_0009 - 0x0A00_0004 + 1)
    assert sum(counts.values()) == subnet.size


def test_it_widens_the_drawn_block_when_the_plan_crosses_a_24() -> None:
    subnet = IPNetwork("10.0.0.0/16")
    request = PlanRequest(
        "contoso", ("eastus", "westus"), True, subnet, in_use("10.0.0.0-10.0.0.253")
    )
    picture = plan_map(request, plan(request))
    assert picture.drawn == "10.0.0.0/23"
    assert picture.planned_outside == 0


def test_it_draws_the_first_free_block_when_nothing_is_planned() -> None:
    subnet = IPNetwork("10.0.0.0/16")
    picture = draw(subnet, in_use("10.0.0.0-10.0.7.255"), [], 2_044)
    assert picture.drawn == "10.0.8.0/24"


def test_it_places_a_sizing_where_the_plan_would_go() -> None:
    request = SizingRequest(3, True, IPNetwork("10.0.1.0/27"), in_use("10.0.1.4"))
    picture = sizing_map(request, size(request))
    planned = [a for a, role in roles(picture).items() if role is Role.PLANNED]
    assert planned == [f"10.0.1.{n}" for n in range(5, 12)]


def test_it_plans_no_cell_when_the_sizing_does_not_fit() -> None:
    request = SizingRequest(3, True, IPNetwork("10.0.1.0/29"))
    picture = sizing_map(request, size(request))
    assert Role.PLANNED not in roles(picture).values()
    assert counted(picture)[Role.PLANNED] == 0
