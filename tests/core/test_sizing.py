from __future__ import annotations

import pytest
from netaddr import IPNetwork

from planner.core import Cloud, HeadroomLimit, Sizing, SizingRequest, Subnet, azure, size
from planner.core.addresses import Span, merge
from planner.core.sizing import (
    REGIONAL_PREVIEW_WARNING,
    STATIC_IP_WARNING,
    required_addresses,
    smallest_prefix,
)


def sizing_in(
    cidr: str,
    replicas: int,
    regional: bool,
    in_use: tuple[Span, ...] = (),
    cloud: Cloud = Cloud.PUBLIC,
) -> Sizing:
    return size(SizingRequest(replicas, regional, Subnet(IPNetwork(cidr), in_use), cloud))


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
    assert sizing.verdict == (
        "Does not fit: the plan needs 7 addresses and 10.0.1.0/29 has 3 free. "
        "A new, empty /27 or larger subnet would hold it."
    )


def test_it_gives_the_verdict_as_its_own_field_and_first_among_the_warnings() -> None:
    sizing = sizing_in("10.0.1.0/29", 2, True)  # 5 addresses, 3 usable
    expected = (
        "Does not fit: the plan needs 5 addresses and 10.0.1.0/29 has 3 free. "
        "A new, empty /27 or larger subnet would hold it."
    )
    assert sizing.verdict == expected
    assert sizing.warnings[0] == expected
    assert expected not in sizing.cautions
    fits = sizing_in("10.0.1.0/28", 2, True)
    assert fits.verdict == "Fits: the plan needs 5 addresses and 10.0.1.0/28 has 11 free."
    assert fits.verdict not in fits.warnings


def test_it_suggests_no_subnet_smaller_than_microsoft_advises_for_geo_replicas() -> None:
    """The remedy and the /27 advice agree: a geo-replicated registry is sent to a /27."""
    geo = sizing_in("10.0.1.0/29", 2, True)
    assert (geo.smallest_prefix, geo.advised_prefix) == (28, 27)
    advice = [w for w in geo.warnings if w.startswith("Microsoft advises")]
    assert advice == [
        "Microsoft advises at least a /27 for private-endpoint subnets of geo-replicated "
        "registries; this one is a /29."
    ]
    single = sizing_in("10.0.1.0/29", 1, True)  # 3 fit: no remedy, no advice
    assert single.fits
    assert not any(w.startswith("Microsoft advises") for w in single.warnings)
    crowded = sizing_in("10.0.1.0/28", 3, False, merge([Span(0x0A000104, 0x0A00010D)]))
    assert crowded.remedy == (
        "Free 3 more of its addresses, or use another subnet: "
        "a new, empty /27 or larger subnet would hold it."
    )
    warnings = geo.warnings
    assert len(warnings) == len(set(warnings))  # no sentence twice


def test_it_caps_headroom_at_the_regions_the_cloud_has_left() -> None:
    big = sizing_in("10.0.0.0/8", 2, False)
    regions = len(azure.CLOUDS[Cloud.PUBLIC].regions)
    assert big.headroom_replicas == regions - 2
    assert big.headroom_limit is HeadroomLimit.REGIONS
    usgov = sizing_in("10.0.0.0/24", 5, False, cloud=Cloud.USGOV)  # every usgov region used
    assert (usgov.headroom_replicas, usgov.headroom_limit) == (0, HeadroomLimit.REGIONS)
    assert not any(w.startswith("No room for another replica") for w in usgov.warnings)
    small = sizing_in("10.0.1.0/28", 3, True)
    assert (small.headroom_replicas, small.headroom_limit) == (2, HeadroomLimit.ADDRESSES)


def test_it_says_whether_enabling_regional_endpoints_would_still_fit() -> None:
    # /28: 11 usable. 5 replicas need 6 now, 11 with regional endpoints; 6 replicas need 13.
    assert sizing_in("10.0.1.0/28", 5, False).regional_endpoints_fit
    assert not sizing_in("10.0.1.0/28", 6, False).regional_endpoints_fit
    in_use = merge([Span(0x0A000104, 0x0A000104)])
    assert not sizing_in("10.0.1.0/28", 5, False, in_use).regional_endpoints_fit


def test_it_warns_about_static_ips_with_microsofts_remedies_and_regional_preview() -> None:
    sizing = sizing_in("10.0.1.0/27", 2, True)
    assert STATIC_IP_WARNING in sizing.warnings
    assert "dynamic allocation" in STATIC_IP_WARNING
    assert "Re-creating it with every member after a replica is added is inferred" in (
        STATIC_IP_WARNING
    )
    assert "before adding a replica, add its new members" not in STATIC_IP_WARNING
    assert REGIONAL_PREVIEW_WARNING in sizing.warnings
    assert "2026" not in REGIONAL_PREVIEW_WARNING
    assert REGIONAL_PREVIEW_WARNING not in sizing_in("10.0.1.0/27", 2, False).warnings
    assert STATIC_IP_WARNING not in sizing_in("10.0.1.0/29", 3, True).warnings  # nothing to fix


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


@pytest.mark.parametrize("cidr", ["20.0.1.0/28", "172.32.0.0/27", "100.128.0.0/28", "8.0.0.0/6"])
def test_it_warns_about_a_subnet_outside_the_private_ranges(cidr: str) -> None:
    public = [w for w in sizing_in(cidr, 1, False).cautions if "outside the private" in w]
    assert len(public) == 1
    assert cidr in public[0]
    for private_range in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"):
        assert private_range in public[0]


@pytest.mark.parametrize(
    "cidr", ["10.0.1.0/28", "172.31.255.0/28", "192.168.0.0/16", "100.64.0.0/10", "100.127.0.0/28"]
)
def test_it_does_not_warn_about_a_private_subnet(cidr: str) -> None:
    assert not any("outside the private" in w for w in sizing_in(cidr, 1, False).cautions)
