"""The registry as a service value: what it counts, names and reads back agree with one
another and with the planner's formula (1 + N + N), for every cloud and region."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.core import azure
from planner.core.azure import Cloud
from planner.core.services import REGISTRY, Kind
from planner.core.sizing import required_addresses


def regions_of(cloud: Cloud) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(
        st.sampled_from(azure.CLOUDS[cloud].regions), min_size=1, max_size=8, unique=True
    ).map(tuple)


@pytest.mark.parametrize("regional", [False, True])
@pytest.mark.parametrize("count", [1, 2, 7])
def test_it_counts_one_login_server_and_one_or_two_addresses_per_region(
    count: int, regional: bool
) -> None:
    counts = REGISTRY.counts(count, {"regional_endpoints": regional})
    assert counts == {
        Kind.LOGIN_SERVER: 1,
        Kind.DATA_ENDPOINT: count,
        Kind.REGIONAL_ENDPOINT: count if regional else 0,
    }
    assert required_addresses(count, regional).total == 1 + count + (count if regional else 0)
    assert REGISTRY.per_region({"regional_endpoints": regional}) == (2 if regional else 1)


@given(st.sampled_from(list(Cloud)).flatmap(lambda c: st.tuples(st.just(c), regions_of(c))))
def test_every_member_reads_back_as_itself(cloud_regions: tuple[Cloud, tuple[str, ...]]) -> None:
    cloud, regions = cloud_regions
    members = REGISTRY.members("contoso", regions, {"regional_endpoints": True}, cloud)
    assert [m.kind for m in members] == [
        Kind.LOGIN_SERVER,
        *[Kind.DATA_ENDPOINT] * len(regions),
        *[Kind.REGIONAL_ENDPOINT] * len(regions),
    ]
    for member in members:
        assert REGISTRY.member_kind(member.member_name) == (member.kind, member.region)
        assert REGISTRY.member_of_fqdn(member.fqdn) == ("contoso", member.member_name)
        assert REGISTRY.is_record(member.record, "contoso")
        assert not REGISTRY.is_record(member.record, "fabrikam")
        assert member.fqdn == f"{member.record}.{azure.CLOUDS[cloud].registry_suffix}"


def test_it_names_the_members_as_azure_does() -> None:
    login, data, regional = REGISTRY.members(
        "contoso", ("eastus",), {"regional_endpoints": True}, Cloud.PUBLIC
    )
    assert (login.member_name, login.record, login.fqdn) == (
        "registry",
        "contoso",
        "contoso.azurecr.io",
    )
    assert (data.member_name, data.record) == ("registry_data_eastus", "contoso.eastus.data")
    assert (regional.member_name, regional.fqdn) == (
        "registry_eastus",
        "contoso.eastus.geo.azurecr.io",
    )
    assert REGISTRY.zone(Cloud.CHINA) == "privatelink.azurecr.cn"
    assert REGISTRY.group_id == "registry"


@pytest.mark.parametrize(
    "name",
    [
        "registry_nowhere",
        "registry_data_",
        "registry_data_\u212aoreacentral",
        "blob",
        "",
        "registry_",
    ],
)
def test_it_reads_no_kind_from_a_name_it_does_not_use(name: str) -> None:
    assert REGISTRY.member_kind(name) is None


@pytest.mark.parametrize(
    "record", ["contoso.eastus.blob", "contoso.eastus", "contoso.-x.data", "x.contoso", "@"]
)
def test_it_claims_no_record_of_another_shape(record: str) -> None:
    assert not REGISTRY.is_record(record, "contoso")
