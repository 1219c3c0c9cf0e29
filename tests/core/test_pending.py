from __future__ import annotations

from netaddr import IPNetwork
from netaddr.strategy.ipv4 import int_to_str

from planner.core import Kind, PlanRequest, Registry, Subnet, plan
from planner.core.addresses import Span
from planner.core.model import AddressMode, Deployment
from planner.core.pending import pending_map, plan_with_pending
from planner.core.subnet_map import Role

SUBNET = Subnet(IPNetwork("10.0.1.0/27"))
NAMED = ("eastus", "westus", "westeurope")


def test_it_gives_the_named_members_the_addresses_of_the_complete_plan() -> None:
    for regional in (False, True):
        pending = plan_with_pending(PlanRequest(Registry("contoso", NAMED, regional), SUBNET), 5)
        complete = plan(
            PlanRequest(Registry("contoso", (*NAMED, "northeurope", "uksouth"), regional), SUBNET)
        )
        assert pending.plan.sizing == complete.sizing
        expected = [a for a in complete.allocations if a.region not in ("northeurope", "uksouth")]
        assert list(pending.plan.allocations) == expected
        assert [row.ip for row in pending.rows] == [a.ip for a in complete.allocations]
        assert [r.value for r in pending.plan.records] == [a.ip for a in expected]


def test_it_shows_each_unnamed_replica_as_not_chosen() -> None:
    pending = plan_with_pending(PlanRequest(Registry("contoso", NAMED, True), SUBNET), 5)
    assert pending.unnamed == 2
    unnamed = [(row.kind, row.region, row.ip) for row in pending.rows if not row.member_name]
    assert unnamed == [
        (Kind.DATA_ENDPOINT, "replica 4: region not chosen", "10.0.1.8"),
        (Kind.DATA_ENDPOINT, "replica 5: region not chosen", "10.0.1.9"),
        (Kind.REGIONAL_ENDPOINT, "replica 4: region not chosen", "10.0.1.13"),
        (Kind.REGIONAL_ENDPOINT, "replica 5: region not chosen", "10.0.1.14"),
    ]
    picture = pending_map(SUBNET, pending)
    planned = [cell for row in picture.rows for cell in row.cells if cell.role is Role.PLANNED]
    assert len(planned) == 11
    assert planned[4].title == "10.0.1.8: planned, data endpoint (replica 4: region not chosen)"


def test_it_allocates_nothing_when_the_whole_count_does_not_fit() -> None:
    crowded = Subnet(IPNetwork("10.0.1.0/28"), (Span(0x0A000104, 0x0A000104),))
    pending = plan_with_pending(PlanRequest(Registry("contoso", NAMED, True), crowded), 5)
    assert not pending.plan.fits
    assert pending.plan.allocations == ()
    assert pending.rows == ()
    assert pending.plan.verdict.startswith("Does not fit: the plan needs 11 addresses")


def test_it_names_no_address_when_azure_assigns_them() -> None:
    dynamic = Deployment(allocation=AddressMode.DYNAMIC)
    request = PlanRequest(Registry("contoso", NAMED, True), SUBNET, dynamic)
    pending = plan_with_pending(request, 5)
    assert [row.ip for row in pending.rows] == [None] * len(pending.rows)
    assert all(allocation.ip is None for allocation in pending.plan.allocations)
    static = plan_with_pending(PlanRequest(Registry("contoso", NAMED, True), SUBNET), 5)
    placed = [int_to_str(address) for address in pending.whole.sizing.addresses]
    assert placed == [row.ip for row in static.rows]  # the picture: where Azure would put them
