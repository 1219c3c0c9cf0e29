"""Allocation invariants over random valid inputs, checked against netaddr.IPSet as the oracle."""

from __future__ import annotations

from dataclasses import dataclass, replace
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPAddress, IPNetwork, IPRange, IPSet

from planner.core import HeadroomLimit, PlanRequest, Registry, SizingRequest, Subnet, plan, size
from planner.core.azure import PUBLIC_REGIONS
from planner.core.inputs import parse_in_use


@dataclass(frozen=True)
class Case:
    request: PlanRequest
    in_use_entries: tuple[str, ...]


@st.composite
def in_use_entry(draw: st.DrawFn, subnet: IPNetwork) -> str:
    first = draw(st.integers(subnet.first, subnet.last))
    shape = draw(st.sampled_from(["address", "range", "cidr"]))
    if shape == "address":
        return str(IPAddress(first))
    if shape == "range":
        last = draw(st.integers(first, min(subnet.last, first + 40)))
        return f"{IPAddress(first)}-{IPAddress(last)}"
    prefix = draw(st.integers(max(subnet.prefixlen, 26), 32))
    return str(IPNetwork(f"{IPAddress(first)}/{prefix}").cidr)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    prefix = draw(st.integers(22, 29))
    base = draw(st.integers(0, (1 << 24) - 1))
    subnet = IPNetwork(f"{IPAddress((10 << 24) + base)}/{prefix}").cidr
    regions = draw(st.lists(st.sampled_from(PUBLIC_REGIONS), min_size=1, max_size=12, unique=True))
    entries = tuple(draw(st.lists(in_use_entry(subnet), max_size=8)))
    request = PlanRequest(
        Registry("contoso", tuple(regions), regional_endpoints=draw(st.booleans())),
        Subnet(subnet, parse_in_use(entries, subnet)),
    )
    return Case(request, entries)


def oracle_free(case: Case) -> IPSet:
    subnet = case.request.subnet.cidr
    reserved = IPSet([IPRange(subnet.first, subnet.first + 3), IPAddress(subnet.last)])
    in_use = IPSet()
    for entry in case.in_use_entries:
        in_use |= IPSet(IPRange(*entry.split("-")) if "-" in entry else [entry])
    return IPSet([subnet]) - reserved - in_use


@given(cases())
def test_it_allocates_exactly_the_required_count_of_free_distinct_addresses(case: Case) -> None:
    result = plan(case.request)
    registry = case.request.registry
    n = len(registry.regions)
    assert result.sizing.required_addresses == 1 + n + (n if registry.regional_endpoints else 0)
    free = oracle_free(case)
    assert result.fits == (len(free) >= result.sizing.required_addresses)
    if not result.fits:
        assert result.allocations == ()
        return
    addresses = [IPAddress(a.ip) for a in result.allocations]
    assert len(addresses) == result.sizing.required_addresses
    assert len(set(addresses)) == len(addresses)
    assert all(address in free for address in addresses)  # in subnet, not reserved, not in use
    lowest = sorted(free)[: len(addresses)]  # small subnets only: the oracle may walk
    assert sorted(addresses) == lowest


@given(cases())
def test_it_counts_the_subnet_like_the_oracle(case: Case) -> None:
    usage = plan(case.request).sizing.subnet
    assert usage.size == case.request.subnet.cidr.size
    assert usage.usable == usage.size - 5
    assert usage.free == len(oracle_free(case))
    assert usage.in_use == usage.usable - usage.free


@given(cases(), st.randoms(use_true_random=False))
def test_it_plans_the_same_whatever_the_order_of_the_in_use_entries(
    case: Case, random: Random
) -> None:
    """In-use entries in any order, overlapping or repeated, give the same plan."""
    entries = [*case.in_use_entries, *case.in_use_entries[:2]]
    random.shuffle(entries)
    subnet = case.request.subnet.cidr
    shuffled = PlanRequest(case.request.registry, Subnet(subnet, parse_in_use(entries, subnet)))
    assert plan(shuffled) == plan(case.request)


@given(cases())
def test_it_gives_headroom_that_fits_and_not_one_replica_more(case: Case) -> None:
    sizing = plan(case.request).sizing
    if not sizing.fits:
        assert sizing.headroom_replicas == 0
        return
    more = sizing.replica_count + sizing.headroom_replicas
    same = case.request.sizing_request
    assert size(replace(same, replica_count=more)).fits
    if sizing.headroom_limit is HeadroomLimit.REGIONS:  # no region left for one more
        assert more == len(PUBLIC_REGIONS)
    else:
        assert not size(replace(same, replica_count=more + 1)).fits


@given(cases())
def test_it_says_regional_endpoints_fit_exactly_when_a_plan_with_them_fits(case: Case) -> None:
    sizing = plan(case.request).sizing
    same = case.request.sizing_request
    assert sizing.regional_endpoints_fit == size(replace(same, regional_endpoints=True)).fits


@settings(max_examples=50)
@given(st.integers(1, 200), st.booleans())
def test_it_names_the_smallest_fresh_subnet_that_fits(replicas: int, regional: bool) -> None:
    def fits_in(prefix: int) -> bool:
        return size(SizingRequest(replicas, regional, Subnet(IPNetwork(f"10.0.0.0/{prefix}")))).fits

    prefix = size(
        SizingRequest(replicas, regional, Subnet(IPNetwork("10.0.0.0/8")))
    ).smallest_prefix
    assert fits_in(prefix)
    assert prefix == 29 or not fits_in(prefix + 1)


@given(cases(), st.lists(st.integers(1, 24), max_size=12))
def test_it_fills_a_subnet_in_turn_as_the_oracle_takes_the_lowest_free(
    case: Case, wants: list[int]
) -> None:
    """Endpoints sharing a subnet take their addresses in turn from one walk over its spans:
    each take is the lowest free addresses left, or nothing when too few are left."""
    from itertools import islice

    filling = case.request.subnet.filling()
    free = oracle_free(case)
    for want in wants:
        taken = filling.take(want)
        if want > len(free):
            assert taken is None
            continue
        lowest = [int(address) for address in islice(free, want)]
        assert taken == tuple(lowest)
        free -= IPSet(lowest)
    assert filling.free == len(free)
