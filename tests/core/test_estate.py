"""The estate: invariants over random estates, checked against netaddr.IPSet, and examples."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPAddress, IPNetwork, IPRange, IPSet

from planner.core import PlanRequest, Registry, Subnet, plan
from planner.core.addresses import Span
from planner.core.azure import PUBLIC_REGIONS
from planner.core.estate import EndpointRequest, EstateRequest, Growth, estate, fitting
from planner.core.inputs import parse_in_use

# A few subnets, some overlapping as CIDRs of different sizes: endpoints draw from them.
SUBNETS = ("10.0.0.0/29", "10.0.0.0/28", "10.0.1.0/27", "10.0.2.0/26", "10.0.3.0/28")


@st.composite
def endpoints(draw: st.DrawFn) -> tuple[EndpointRequest, ...]:
    count = draw(st.integers(1, 8))
    drawn = []
    for number in range(count):
        cidr = IPNetwork(draw(st.sampled_from(SUBNETS)))
        offsets = st.integers(0, cidr.size - 1)
        entries = [str(IPAddress(cidr.first + o)) for o in draw(st.lists(offsets, max_size=6))]
        scope = draw(st.sampled_from(["hub", "spoke", f"own{number}"]))
        subnet = Subnet(cidr, parse_in_use(entries, cidr))
        drawn.append(EndpointRequest(f"pe-{number}", subnet, scope))
    return tuple(drawn)


registries = st.builds(
    Registry,
    st.just("contoso"),
    st.lists(st.sampled_from(PUBLIC_REGIONS), min_size=1, max_size=4, unique=True).map(tuple),
    st.booleans(),
)
what_ifs = st.builds(
    Growth,
    st.lists(st.sampled_from(PUBLIC_REGIONS[-10:]), max_size=2, unique=True).map(tuple),
    st.integers(0, 2),
    st.booleans(),
)


def used_by_document(request: EstateRequest, cidr: str) -> IPSet:
    """Every in-use address given for the subnet, by any endpoint in it (the oracle)."""
    used = IPSet()
    for endpoint in request.endpoints:
        if str(endpoint.subnet.cidr) == cidr:
            for span in endpoint.subnet.used:
                used.add(IPRange(span.first, span.last))
    return used


@settings(max_examples=150)
@given(registries, endpoints())
def test_it_allocates_each_endpoint_the_lowest_free_addresses_left_by_the_ones_before(
    registry: Registry, endpoints: tuple[EndpointRequest, ...]
) -> None:
    request = EstateRequest(registry, endpoints)
    result = estate(request)
    given_out: dict[str, IPSet] = {}
    for endpoint, planned in zip(endpoints, result.endpoints, strict=True):
        cidr = str(endpoint.subnet.cidr)
        network = endpoint.subnet.cidr
        reserved = IPSet([IPRange(network.first, network.first + 3), IPAddress(network.last)])
        free = IPSet([network]) - reserved - used_by_document(request, cidr)
        free -= given_out.get(cidr, IPSet())
        addresses = [IPAddress(a.ip) for a in planned.plan.allocations]
        assert planned.plan.fits == (len(free) >= planned.plan.sizing.required_addresses)
        if planned.plan.fits:
            assert sorted(addresses) == sorted(free)[: len(addresses)]
            assert len(addresses) == planned.plan.sizing.required_addresses
        else:
            assert addresses == []
            assert planned.missing == planned.plan.sizing.required_addresses - len(free)
        given_out[cidr] = given_out.get(cidr, IPSet()) | IPSet(addresses)


@settings(max_examples=150)
@given(registries, endpoints())
def test_it_never_gives_one_address_to_two_endpoints_of_a_subnet(
    registry: Registry, endpoints: tuple[EndpointRequest, ...]
) -> None:
    result = estate(EstateRequest(registry, endpoints))
    seen: set[tuple[str, str]] = set()
    for endpoint, planned in zip(endpoints, result.endpoints, strict=True):
        for allocation in planned.plan.allocations:
            key = (str(endpoint.subnet.cidr), allocation.ip)
            assert key not in seen
            seen.add(key)


@settings(max_examples=150)
@given(registries, endpoints())
def test_it_gives_the_least_headroom_and_names_the_endpoint_that_holds_it(
    registry: Registry, endpoints: tuple[EndpointRequest, ...]
) -> None:
    result = estate(EstateRequest(registry, endpoints))
    figures = [planned.plan.sizing.headroom_replicas for planned in result.endpoints]
    assert result.headroom_replicas == min(figures)
    assert result.limiting.plan.sizing.headroom_replicas == min(figures)
    assert result.limiting is result.endpoints[figures.index(min(figures))]
    if result.fits and result.headroom_replicas < len(PUBLIC_REGIONS) - len(registry.regions):
        grown = replace(
            registry, regions=(*registry.regions, *unused(registry, 1 + result.headroom_replicas))
        )
        assert not estate(EstateRequest(grown, endpoints)).fits  # one more does not fit
    if result.fits and result.headroom_replicas:
        grown = replace(
            registry, regions=(*registry.regions, *unused(registry, result.headroom_replicas))
        )
        assert estate(EstateRequest(grown, endpoints)).fits  # the headroom itself does


def unused(registry: Registry, count: int) -> tuple[str, ...]:
    return tuple(name for name in PUBLIC_REGIONS if name not in registry.regions)[:count]


@settings(max_examples=150)
@given(registries, endpoints(), what_ifs)
def test_it_says_a_what_if_fits_exactly_when_the_changed_estate_fits(
    registry: Registry, endpoints: tuple[EndpointRequest, ...], what_if: Growth
) -> None:
    what_if = replace(
        what_if, add_regions=tuple(r for r in what_if.add_regions if r not in registry.regions)
    )
    result = estate(EstateRequest(registry, endpoints, what_if))
    changed = estate(EstateRequest(what_if.applied_to(registry), endpoints))
    assert result.what_if is not None
    assert result.what_if.fits == changed.fits
    # Counted, not planned again: each endpoint reports its subnet, as a fresh plan of the
    # grown registry finds it, and each blocked subnet is named once with all its endpoints.
    assert [short.missing for short in result.what_if.endpoints] == [
        e.subnet.missing for e in changed.endpoints
    ]
    assert [(b.cidr, b.endpoints, b.missing) for b in result.what_if.blocking] == [
        (subnet.cidr, subnet.endpoints, subnet.missing) for subnet in changed.short
    ]


@given(registries, st.sampled_from(SUBNETS))
def test_it_plans_an_estate_of_one_endpoint_as_a_single_plan(registry: Registry, cidr: str) -> None:
    subnet = Subnet(IPNetwork(cidr))
    one = estate(EstateRequest(registry, (EndpointRequest("pe", subnet, "pe"),)))
    assert one.endpoints[0].plan == plan(PlanRequest(registry, subnet))


def test_it_warns_when_two_endpoints_share_a_zone_scope() -> None:
    registry = Registry("contoso", ("eastus",), False)
    endpoints = (
        EndpointRequest("hub", Subnet(IPNetwork("10.0.1.0/28")), "central"),
        EndpointRequest("spoke", Subnet(IPNetwork("10.0.2.0/28")), "central"),
        EndpointRequest("alone", Subnet(IPNetwork("10.0.3.0/28")), "alone"),
    )
    result = estate(EstateRequest(registry, endpoints))
    assert result.warnings == (
        "Endpoints hub, spoke share the DNS zone scope 'central': a zone holds one A record per "
        "name, so their records overwrite each other. The zone is planned with hub's addresses; "
        "spoke need a zone of their own (another zone_scope).",
    )
    central = result.zones[0]
    assert (central.scope, central.endpoints) == ("central", ("hub", "spoke"))
    assert [r.value for r in central.records] == ["10.0.1.4", "10.0.1.5"]


def test_it_names_the_endpoint_a_new_replica_runs_into() -> None:
    registry = Registry("contoso", ("eastus", "westeurope"), False)
    endpoints = (
        EndpointRequest("hub-eus", Subnet(IPNetwork("10.0.1.0/27")), "hub"),
        EndpointRequest("spoke-app1", Subnet(IPNetwork("10.1.2.0/29")), "spoke-app1"),
    )
    result = estate(EstateRequest(registry, endpoints, Growth(add_regions=("northeurope",))))
    assert (result.fits, result.headroom_replicas, result.limiting.name) == (True, 0, "spoke-app1")
    assert result.verdict == (
        "Fits: each of the 2 private endpoint(s) has its 3 addresses; spoke-app1 limits growth "
        "to 0 more replica(s)."
    )
    assert result.what_if is not None
    assert [(s.cidr, s.endpoints, s.missing) for s in result.what_if.blocking] == [
        ("10.1.2.0/29", ("spoke-app1",), 1)
    ]


def test_it_counts_every_endpoint_of_a_shared_subnet_in_the_headroom() -> None:
    # /27: 27 usable. Two endpoints of 3 (2 replicas) leave 21: a replica takes 1 in each.
    registry = Registry("contoso", ("eastus", "westeurope"), False)
    subnet = Subnet(IPNetwork("10.0.1.0/27"))
    endpoints = (EndpointRequest("a", subnet, "a"), EndpointRequest("b", subnet, "b"))
    result = estate(EstateRequest(registry, endpoints))
    assert [e.plan.sizing.headroom_replicas for e in result.endpoints] == [10, 10]
    assert [a.ip for a in result.endpoints[1].plan.allocations] == [
        "10.0.1.7", "10.0.1.8", "10.0.1.9",
    ]  # fmt: skip


def test_it_names_what_a_growth_adds_while_current_members_keep_their_addresses() -> None:
    """The issue's example: {contoso, eastus+westus, regional, 10.0.1.0/27, in use .4-.6} with
    northeurope added: its two members at .12 and .13, after the five current ones (.7-.11)."""
    subnet = Subnet(IPNetwork("10.0.1.0/27"), (Span(0x0A000104, 0x0A000106),))
    registry = Registry("contoso", ("eastus", "westus"), True)
    request = EstateRequest(
        registry,
        (EndpointRequest("pe", subnet, "pe"),),
        Growth(add_regions=("northeurope",)),
    )
    result = estate(request)
    assert [a.ip for a in result.endpoints[0].plan.allocations] == [
        f"10.0.1.{last}" for last in range(7, 12)
    ]
    assert result.what_if is not None
    (grown,) = result.what_if.endpoints
    assert [(a.member_name, a.ip) for a in grown.added] == [
        ("registry_data_northeurope", "10.0.1.12"),
        ("registry_northeurope", "10.0.1.13"),
    ]
    # a fresh plan of the grown registry would move westus's regional member (.11 -> .12)
    fresh = estate(EstateRequest(Growth(("northeurope",)).applied_to(registry), request.endpoints))
    moved = {a.member_name: a.ip for a in fresh.endpoints[0].plan.allocations}
    assert moved["registry_westus"] != "10.0.1.11"


@settings(max_examples=150)
@given(registries, endpoints())
def test_the_endpoints_that_fit_keep_their_plans_in_the_estate_of_them_alone(
    registry: Registry, drawn: tuple[EndpointRequest, ...]
) -> None:
    """An estate that does not fit offers the files of the endpoints that do: planned alone,
    each keeps the addresses it has in the whole estate (one that does not fit took none)."""
    request = EstateRequest(registry, drawn)
    whole = estate(request)
    part = fitting(request, whole)
    if whole.fits or not any(e.plan.fits for e in whole.endpoints):
        assert part is None
        return
    assert part is not None
    alone = estate(part)
    assert alone.fits
    kept = {e.name: e.plan.allocations for e in whole.endpoints if e.plan.fits}
    assert {e.name: e.plan.allocations for e in alone.endpoints} == kept
