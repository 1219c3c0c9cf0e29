from __future__ import annotations

import pytest
from netaddr import IPNetwork

from planner.core import Sizing, SizingRequest, size
from planner.core.addresses import Span, merge
from planner.core.sizing import capacity, required_addresses, smallest_prefix


def sizing_in(cidr: str, replicas: int, regional: bool, in_use: tuple[Span, ...] = ()) -> Sizing:
    return size(SizingRequest(replicas, regional, IPNetwork(cidr), in_use))


def test_it_needs_seven_for_three_replicas_with_regional_endpoints() -> None:
    breakdown = required_addresses(3, regional_endpoints=True)
    assert (breakdown.login_server, breakdown.data_endpoints, breakdown.regional_endpoints) == (
        1,
        3,
        3,
    )
    assert breakdown.total == 7


def test_it_needs_two_without_extra_replicas() -> None:
    assert required_addresses(1, regional_endpoints=False).total == 2


def test_it_holds_three_in_a_slash_29() -> None:
    assert capacity(29) == 3
    assert sizing_in("10.0.1.0/29", 1, False).subnet.usable == 3
    assert sizing_in("10.0.1.0/29", 2, False).fits  # 3 addresses
    assert not sizing_in("10.0.1.0/29", 3, False).fits  # 4 addresses


@pytest.mark.parametrize(
    ("required", "prefix"), [(1, 29), (3, 29), (4, 28), (11, 28), (12, 27), (27, 27), (28, 26)]
)
def test_it_finds_the_smallest_prefix(required: int, prefix: int) -> None:
    assert smallest_prefix(required) == prefix


def test_it_counts_reserved_addresses_listed_as_in_use_once() -> None:
    subnet = IPNetwork("10.0.1.0/28")
    in_use = merge([Span(subnet.first, subnet.first + 5)])  # .0-.5: four reserved, two usable
    sizing = sizing_in("10.0.1.0/28", 1, False, in_use)
    assert sizing.subnet.in_use == 2
    assert sizing.subnet.free == 11 - 2


def test_it_gives_headroom_in_whole_replicas() -> None:
    # /28: 11 usable; 3 replicas with regional endpoints need 7; 4 left = 2 more replicas.
    assert sizing_in("10.0.1.0/28", 3, True).headroom_replicas == 2
    assert sizing_in("10.0.1.0/28", 3, False).headroom_replicas == 7


def test_it_warns_when_a_plan_does_not_fit_naming_the_prefix_that_would() -> None:
    sizing = sizing_in("10.0.1.0/29", 3, True)
    assert not sizing.fits
    assert sizing.headroom_replicas == 0
    assert sizing.free_after_plan == 0
    assert any("/28" in warning and "Does not fit" in warning for warning in sizing.warnings)


def test_it_warns_below_the_advised_prefix_for_geo_replicated_registries() -> None:
    assert any("/27" in w for w in sizing_in("10.0.1.0/28", 2, False).warnings)
    assert not any("/27" in w for w in sizing_in("10.0.1.0/28", 1, False).warnings)
    assert not any("/27" in w for w in sizing_in("10.0.1.0/27", 2, False).warnings)


def test_it_warns_when_the_plan_leaves_no_room_for_a_replica() -> None:
    sizing = sizing_in("10.0.1.0/29", 1, True)  # needs 3 of 3
    assert sizing.fits
    assert sizing.headroom_replicas == 0
    assert any("No room for another replica: it needs 2" in w for w in sizing.warnings)


def test_it_says_to_free_addresses_when_the_subnet_would_hold_the_plan_empty() -> None:
    subnet = IPNetwork("10.0.1.0/28")
    sizing = sizing_in("10.0.1.0/28", 1, False, merge([Span(subnet.first, subnet.last)]))
    assert not sizing.fits
    assert sizing.remedy == (
        "Free 2 more of its addresses, or use another subnet: "
        "a new, empty /29 or larger subnet would hold it."
    )
