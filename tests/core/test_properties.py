"""Allocation invariants over random valid inputs, checked against netaddr.IPSet as the oracle."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPAddress, IPNetwork, IPRange, IPSet

from planner.core import PlanRequest, SizingRequest, plan, size
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
        registry="contoso",
        regions=tuple(regions),
        regional_endpoints=draw(st.booleans()),
        subnet=subnet,
        in_use=parse_in_use(entries, subnet),
    )
    return Case(request, entries)


def oracle_free(case: Case) -> IPSet:
    subnet = case.request.subnet
    reserved = IPSet([IPRange(subnet.first, subnet.first + 3), IPAddress(subnet.last)])
    in_use = IPSet()
    for entry in case.in_use_entries:
        in_use |= IPSet(IPRange(*entry.split("-")) if "-" in entry else [entry])
    return IPSet([subnet]) - reserved - in_use


@given(cases())
def test_it_allocates_exactly_the_required_count_of_free_distinct_addresses(case: Case) -> None:
    result = plan(case.request)
    n = len(case.request.regions)
    assert result.sizing.required_addresses == 1 + n + (n if case.request.regional_endpoints else 0)
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
    assert usage.size == case.request.subnet.size
    assert usage.usable == usage.size - 5
    assert usage.free == len(oracle_free(case))
    assert usage.in_use == usage.usable - usage.free


@given(cases())
def test_it_plans_the_same_input_the_same_way(case: Case) -> None:
    assert plan(case.request) == plan(case.request)


@given(cases())
def test_it_gives_headroom_that_fits_and_not_one_replica_more(case: Case) -> None:
    sizing = plan(case.request).sizing
    if not sizing.fits:
        assert sizing.headroom_replicas == 0
        return
    more = sizing.replica_count + sizing.headroom_replicas
    same = case.request.sizing_request
    assert size(SizingRequest(more, same.regional_endpoints, same.subnet, same.in_use)).fits
    assert not size(SizingRequest(more + 1, same.regional_endpoints, same.subnet, same.in_use)).fits


@settings(max_examples=50)
@given(st.integers(1, 200), st.booleans())
def test_it_names_the_smallest_fresh_subnet_that_fits(replicas: int, regional: bool) -> None:
    def fits_in(prefix: int) -> bool:
        return size(SizingRequest(replicas, regional, IPNetwork(f"10.0.0.0/{prefix}"))).fits

    prefix = size(SizingRequest(replicas, regional, IPNetwork("10.0.0.0/8"))).smallest_prefix
    assert fits_in(prefix)
    assert prefix == 29 or not fits_in(prefix + 1)
