from __future__ import annotations

import pytest
from netaddr import IPAddress, IPNetwork

from planner.core import Cloud, Kind, PlanRequest, Registry, SizingRequest, Subnet, plan, size
from planner.core.addresses import Span, merge
from planner.core.azure import STATIC_IP_WARNING


def request(
    regions: tuple[str, ...] = ("eastus", "westus", "westeurope"),
    regional: bool = True,
    subnet: str = "10.0.1.0/27",
    in_use: tuple[Span, ...] = (),
    cloud: Cloud = Cloud.PUBLIC,
) -> PlanRequest:
    return PlanRequest(
        Registry("contoso", regions, regional, cloud), Subnet(IPNetwork(subnet), in_use)
    )


def test_it_allocates_login_then_data_then_regional_endpoints_in_region_order() -> None:
    result = plan(request())
    assert [(a.kind, a.region, a.member_name, a.ip) for a in result.allocations] == [
        (Kind.LOGIN_SERVER, None, "registry", "10.0.1.4"),
        (Kind.DATA_ENDPOINT, "eastus", "registry_data_eastus", "10.0.1.5"),
        (Kind.DATA_ENDPOINT, "westus", "registry_data_westus", "10.0.1.6"),
        (Kind.DATA_ENDPOINT, "westeurope", "registry_data_westeurope", "10.0.1.7"),
        (Kind.REGIONAL_ENDPOINT, "eastus", "registry_eastus", "10.0.1.8"),
        (Kind.REGIONAL_ENDPOINT, "westus", "registry_westus", "10.0.1.9"),
        (Kind.REGIONAL_ENDPOINT, "westeurope", "registry_westeurope", "10.0.1.10"),
    ]


def test_it_names_public_fqdns_and_zone_records() -> None:
    result = plan(request())
    assert result.login_server == "contoso.azurecr.io"
    assert result.zone == "privatelink.azurecr.io"
    by_member = {a.member_name: a for a in result.allocations}
    assert by_member["registry"].fqdn == "contoso.azurecr.io"
    assert by_member["registry"].record == "contoso"
    assert by_member["registry_data_westus"].fqdn == "contoso.westus.data.azurecr.io"
    assert by_member["registry_data_westus"].record == "contoso.westus.data"
    assert by_member["registry_eastus"].fqdn == "contoso.eastus.geo.azurecr.io"
    assert by_member["registry_eastus"].record == "contoso.eastus.geo"


@pytest.mark.parametrize(
    ("cloud", "region", "suffix", "zone"),
    [
        (Cloud.USGOV, "usgovvirginia", "azurecr.us", "privatelink.azurecr.us"),
        (Cloud.CHINA, "chinanorth3", "azurecr.cn", "privatelink.azurecr.cn"),
    ],
)
def test_it_uses_the_clouds_suffix_and_zone(
    cloud: Cloud, region: str, suffix: str, zone: str
) -> None:
    result = plan(request(regions=(region,), cloud=cloud))
    assert result.zone == zone
    assert result.allocations[1].fqdn == f"contoso.{region}.data.{suffix}"


def test_it_writes_one_a_record_per_allocation_with_ttl_10() -> None:
    result = plan(request())
    assert [(r.name, r.type, r.ttl, r.value) for r in result.records] == [
        (a.record, "A", 10, a.ip) for a in result.allocations
    ]


def test_it_skips_addresses_in_use() -> None:
    subnet = IPNetwork("10.0.1.0/28")
    in_use = merge([Span(int(IPAddress("10.0.1.4")), int(IPAddress("10.0.1.6")))])
    result = plan(request(regions=("eastus",), regional=False, subnet=str(subnet), in_use=in_use))
    assert [a.ip for a in result.allocations] == ["10.0.1.7", "10.0.1.8"]


def test_it_allocates_nothing_when_the_plan_does_not_fit() -> None:
    result = plan(request(subnet="10.0.1.0/29"))
    assert not result.fits
    assert result.allocations == ()
    assert result.records == ()
    assert STATIC_IP_WARNING not in result.warnings
    assert result.verdict == (
        "Does not fit: the plan needs 7 addresses and 10.0.1.0/29 has 3 free. "
        "A new, empty /27 or larger subnet would hold it."
    )
    assert result.warnings[0] == result.verdict


@pytest.mark.parametrize(
    ("subnet", "regional", "regions"),
    [
        ("10.0.1.0/29", True, ("eastus", "westus", "westeurope")),
        ("10.0.1.0/28", True, ("eastus", "westus")),
        ("10.0.1.0/27", False, ("eastus",)),
        ("10.0.0.0/8", False, ("eastus", "westus")),
    ],
)
def test_it_gives_the_same_warnings_as_a_sizing_of_the_same_figures(
    subnet: str, regional: bool, regions: tuple[str, ...]
) -> None:
    result = plan(request(regions, regional, subnet))
    sizing = size(SizingRequest(len(regions), regional, Subnet(IPNetwork(subnet))))
    assert result.warnings == sizing.warnings
    assert result.sizing == sizing


def test_it_warns_about_static_ips_and_regional_endpoints_in_preview() -> None:
    warnings = plan(request()).warnings
    assert STATIC_IP_WARNING in warnings
    assert any("preview" in w for w in warnings)
    assert not any("preview" in w for w in plan(request(regional=False)).warnings)
