from __future__ import annotations

import pytest
from netaddr import IPAddress, IPNetwork

from planner.core import PlanRequest, Registry, SizingRequest, Subnet, plan, size
from planner.core.addresses import Span, merge, parse_span
from planner.core.subnet_map import Role, SubnetMap, draw, plan_map, sizing_map


def roles(picture: SubnetMap) -> dict[str, Role]:
    return {cell.address: cell.role for row in picture.rows for cell in row.cells}


def counted(picture: SubnetMap) -> dict[Role, int]:
    return {entry.role: entry.count for entry in picture.counts}


def in_use(*entries: str) -> tuple[Span, ...]:
    return merge(parse_span(entry) for entry in entries)


def planned_map(regions: tuple[str, ...], regional: bool, subnet: Subnet) -> SubnetMap:
    return plan_map(subnet, plan(PlanRequest(Registry("contoso", regions, regional), subnet)))


def sized_map(replicas: int, regional: bool, subnet: Subnet) -> SubnetMap:
    return sizing_map(subnet, size(SizingRequest(replicas, regional, subnet)))


def test_it_draws_every_address_of_a_small_subnet_once() -> None:
    picture = draw(Subnet(IPNetwork("10.0.1.0/28")), [])
    assert picture.whole
    assert list(roles(picture)) == [str(IPAddress(0x0A000100 + n)) for n in range(16)]
    assert picture.columns == 16


@pytest.mark.parametrize("cidr", ["10.0.1.0/29", "10.0.1.0/27", "10.0.0.0/22", "10.0.0.0/16"])
def test_it_marks_the_reserved_addresses_the_sizing_reports(cidr: str) -> None:
    """The picture, the sizing's reserved list and its usable count agree for any prefix."""
    subnet = Subnet(IPNetwork(cidr))
    sizing = size(SizingRequest(1, False, subnet))
    picture = sizing_map(subnet, sizing)
    drawn = {cell.address: cell for row in picture.rows for cell in row.cells}
    marked = {address for address, cell in drawn.items() if cell.role is Role.RESERVED}
    assert marked == {address for address in sizing.subnet.reserved if address in drawn}
    assert counted(picture)[Role.RESERVED] == len(sizing.subnet.reserved)
    assert sizing.subnet.usable == sizing.subnet.size - len(sizing.subnet.reserved)


def test_it_says_what_each_reserved_address_is_for() -> None:
    picture = draw(Subnet(IPNetwork("10.0.1.0/28")), [])
    titles = [cell.title for row in picture.rows for cell in row.cells if cell.note]
    assert titles == [
        "10.0.1.0: reserved, network address",
        "10.0.1.1: reserved, default gateway",
        "10.0.1.2: reserved, Azure DNS",
        "10.0.1.3: reserved, Azure DNS",
        "10.0.1.15: reserved, last address (broadcast)",
    ]


def test_it_colours_a_plan_and_says_what_each_planned_address_is() -> None:
    subnet = Subnet(IPNetwork("10.0.1.0/28"), in_use("10.0.1.4-10.0.1.5"))
    picture = planned_map(("eastus", "westus"), False, subnet)
    by_role = roles(picture)
    assert by_role["10.0.1.1"] is Role.RESERVED
    assert by_role["10.0.1.4"] is by_role["10.0.1.5"] is Role.IN_USE
    planned = [cell for row in picture.rows for cell in row.cells if cell.role is Role.PLANNED]
    assert [cell.address for cell in planned] == ["10.0.1.6", "10.0.1.7", "10.0.1.8"]
    assert planned[1].title == "10.0.1.7: planned, data endpoint (registry_data_eastus)"
    assert counted(picture) == {Role.RESERVED: 5, Role.IN_USE: 2, Role.PLANNED: 3, Role.FREE: 6}


def test_it_lets_reserved_win_over_an_in_use_entry_that_covers_it() -> None:
    picture = sized_map(1, False, Subnet(IPNetwork("10.0.1.0/29"), in_use("10.0.1.0/29")))
    assert roles(picture)["10.0.1.1"] is Role.RESERVED
    assert roles(picture)["10.0.1.4"] is Role.IN_USE
    assert counted(picture)[Role.IN_USE] == 3


def test_it_draws_a_22_whole_in_rows_of_32() -> None:
    picture = draw(Subnet(IPNetwork("10.0.0.0/22")), [])
    assert picture.whole
    assert len(picture.rows) == 32
    assert picture.rows[1].first == "10.0.0.32"


def test_it_summarises_a_large_subnet_around_the_planned_addresses() -> None:
    subnet = IPNetwork("10.0.0.0/8")
    picture = planned_map(("eastus",), True, Subnet(subnet, in_use("10.0.0.0-10.3.0.9")))
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
    subnet = Subnet(IPNetwork("10.0.0.0/16"), in_use("10.0.0.0-10.0.0.253"))
    picture = planned_map(("eastus", "westus"), True, subnet)
    assert picture.drawn == "10.0.0.0/23"
    assert picture.planned_outside == 0


def test_it_draws_the_first_free_block_when_nothing_is_planned() -> None:
    picture = draw(Subnet(IPNetwork("10.0.0.0/16"), in_use("10.0.0.0-10.0.7.255")), [])
    assert picture.drawn == "10.0.8.0/24"


def test_it_places_a_sizing_where_the_plan_would_go() -> None:
    picture = sized_map(3, True, Subnet(IPNetwork("10.0.1.0/27"), in_use("10.0.1.4")))
    planned = [a for a, role in roles(picture).items() if role is Role.PLANNED]
    assert planned == [f"10.0.1.{n}" for n in range(5, 12)]


def test_it_plans_no_cell_when_the_sizing_does_not_fit() -> None:
    picture = sized_map(3, True, Subnet(IPNetwork("10.0.1.0/29")))
    assert Role.PLANNED not in roles(picture).values()
    assert counted(picture)[Role.PLANNED] == 0


def test_it_gives_the_subnets_facts_and_free_ranges_after_the_plan() -> None:
    subnet = Subnet(IPNetwork("10.20.1.0/27"), in_use("10.20.1.4-10.20.1.9", "10.20.1.12"))
    facts = planned_map(("eastus", "westus", "westeurope"), True, subnet).facts
    assert (facts.network, facts.netmask) == ("10.20.1.0/27", "255.255.255.224")
    assert (facts.first_usable, facts.last_usable) == ("10.20.1.4", "10.20.1.30")
    assert [(r.address, r.note) for r in facts.reserved] == [
        ("10.20.1.0", "network address"),
        ("10.20.1.1", "default gateway"),
        ("10.20.1.2", "Azure DNS"),
        ("10.20.1.3", "Azure DNS"),
        ("10.20.1.31", "last address (broadcast)"),
    ]
    assert facts.free_ranges == ("10.20.1.18-10.20.1.30",)
    assert facts.more_free_ranges == 0


def test_it_lists_the_first_free_ranges_of_a_scattered_subnet_and_counts_the_rest() -> None:
    scattered = [f"10.0.{n // 256}.{n % 256}" for n in range(10, 4000, 2)]
    subnet = Subnet(IPNetwork("10.0.0.0/16"), in_use(*scattered))
    facts = draw(subnet, []).facts
    assert facts.free_ranges[:3] == ("10.0.0.4-10.0.0.9", "10.0.0.11", "10.0.0.13")
    assert len(facts.free_ranges) == 8
    # every gap of one between the scattered entries, then the rest of the /16
    assert len(facts.free_ranges) + facts.more_free_ranges == 1 + (3998 - 10) // 2 + 1


def test_it_lists_the_drawn_addresses_run_by_run_of_one_role() -> None:
    subnet = Subnet(IPNetwork("10.20.1.0/27"), in_use("10.20.1.4-10.20.1.9", "10.20.1.12"))
    picture = planned_map(("eastus", "westus", "westeurope"), True, subnet)
    runs = [(run.span, run.role, run.count) for run in picture.runs]
    assert runs == [
        ("10.20.1.0-10.20.1.3", Role.RESERVED, 4),
        ("10.20.1.4-10.20.1.9", Role.IN_USE, 6),
        ("10.20.1.10-10.20.1.11", Role.PLANNED, 2),
        ("10.20.1.12", Role.IN_USE, 1),
        ("10.20.1.13-10.20.1.17", Role.PLANNED, 5),
        ("10.20.1.18-10.20.1.30", Role.FREE, 13),
        ("10.20.1.31", Role.RESERVED, 1),
    ]
    assert sum(run.count for run in picture.runs) == sum(len(row.cells) for row in picture.rows)
