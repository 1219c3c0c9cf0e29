"""Where a new subnet could go: a virtual network's address space less its subnets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from netaddr import IPNetwork

from planner.core.deployed.graph import networks_of, read_graph
from planner.core.network import Network, where
from tests.day_two import fixture


def test_it_finds_the_lowest_free_prefix_of_a_size() -> None:
    hub = Network(
        "vnet-hub",
        (IPNetwork("10.20.0.0/22"),),
        (IPNetwork("10.20.0.0/24"), IPNetwork("10.20.1.0/29"), IPNetwork("10.20.1.32/27")),
    )
    assert hub.free_prefix(27) == IPNetwork("10.20.1.64/27")  # .0/27 holds a /29 already
    assert hub.free_prefix(24) == IPNetwork("10.20.2.0/24")
    assert hub.free_prefix(22) is None
    taken = (IPNetwork("10.20.1.64/26"),)  # the estate's own subnets count as taken
    assert hub.free_prefix(27, taken) == IPNetwork("10.20.1.128/27")
    assert where("vnet-hub", 27, hub.free_prefix(27)) == "10.20.1.64/27 is free in vnet-hub."
    assert where("vnet-hub", 22, None) == (
        "vnet-hub has no free /22: add an address range to its address space, or use another "
        "virtual network."
    )


@st.composite
def networks(draw: st.DrawFn) -> tuple[Network, int]:
    base = IPNetwork(f"10.{draw(st.integers(0, 255))}.0.0/22")
    blocks = list(base.subnet(28))  # 64 blocks of 16
    taken = draw(st.lists(st.sampled_from(blocks), max_size=30, unique=True))
    return Network("vnet", (base,), tuple(taken)), draw(st.integers(24, 29))


@given(networks())
def test_the_prefix_found_is_free_aligned_and_the_lowest(case: tuple[Network, int]) -> None:
    network, prefix = case
    found = network.free_prefix(prefix)
    candidates = [
        block
        for space in network.address_space
        for block in space.subnet(prefix)
        if not any(block.first <= s.last and s.first <= block.last for s in network.subnets)
    ]
    assert found == (candidates[0] if candidates else None)


def test_it_reads_the_networks_from_the_graph() -> None:
    inventory = read_graph(fixture("graph-vnet.json"))
    endpoints = (
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
        "Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-endpoints",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-spoke/providers/"
        "microsoft.network/virtualnetworks/vnet-spoke/subnets/snet-pe",
    )
    hub, spoke = networks_of(inventory, endpoints)
    assert (hub.name, hub.address_space) == ("vnet-hub", (IPNetwork("10.0.0.0/22"),))
    assert sorted(map(str, hub.subnets)) == ["10.0.0.0/24", "10.0.1.0/27", "10.0.1.32/27"]
    assert hub.free_prefix(27) == IPNetwork("10.0.1.64/27")
    # a dual-stack network's IPv6 range is left out: registry endpoints are IPv4
    assert spoke.address_space == (IPNetwork("10.0.2.0/24"), IPNetwork("10.0.3.0/24"))


def test_a_graph_without_address_spaces_gives_no_network() -> None:
    """Outputs of the query's older versions stay readable: they say nothing of networks."""
    inventory = read_graph(fixture("graph.json"))
    assert networks_of(inventory, [s.subnet_id for s in inventory]) == []
