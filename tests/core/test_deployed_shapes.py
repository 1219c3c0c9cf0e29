"""The readers against the shapes Azure really returns (azure-cli's recorded REST answers,
tests/fixtures/day_two/README.md): the REST form and the az form alike, list envelopes,
pending and manual connections, a registry without replicas, a zone group's list; the graph
query's limits; zone files held to what drift needs; names that reach printed commands."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from netaddr.strategy import ipv4

from planner.core import azure
from planner.core.deployed.endpoints import (
    NotApproved,
    read_private_endpoint,
    read_private_endpoints,
)
from planner.core.deployed.graph import (
    SubnetInventory,
    endpoint_state,
    graph_command,
    read_graph,
    subnet_state,
)
from planner.core.deployed.places import Unreadable
from planner.core.deployed.registry import read_registry_show, read_replications
from planner.core.deployed.zones import (
    MAX_ZONE_LINE_CHARACTERS,
    read_record_sets,
    read_zone_file,
    read_zone_groups,
)
from tests.day_two import client_flattened, fixture, rest_form, zone_file

HUB = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-network/providers/"
    "microsoft.network/virtualnetworks/vnet-hub/subnets/snet-endpoints"
)


# --- Private endpoints ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pe-static.json", "pe-dynamic.json"])
def test_the_rest_form_of_an_endpoint_reads_as_its_az_form(name: str) -> None:
    az_form = fixture(name)
    assert read_private_endpoint(rest_form(az_form)) == read_private_endpoint(az_form)


def test_a_recorded_pending_manual_connection_is_not_approved_in_either_form() -> None:
    recorded = fixture("pe-pending-rest.json")
    for form in (recorded, client_flattened(recorded)):
        with pytest.raises(NotApproved) as raised:
            read_private_endpoint(form)
        assert (raised.value.endpoint, raised.value.state) == ("priv_endpoint000005", "Pending")
        assert (
            raised.value.note
        ) == "Left out priv_endpoint000005: its connection to the registry is Pending."


def test_a_list_with_a_pending_or_rejected_endpoint_is_read_without_it() -> None:
    pending = fixture("pe-pending-rest.json")
    rejected = copy.deepcopy(pending)
    rejected["name"] = "pe-rejected"
    state = rejected["properties"]["manualPrivateLinkServiceConnections"][0]["properties"]
    state["privateLinkServiceConnectionState"]["status"] = "Rejected"
    envelope = {"value": [rest_form(fixture("pe-static.json")), pending, rejected]}
    for listed in (envelope, client_flattened(envelope)):
        listing = read_private_endpoints(listed)
        assert [e.name for e in listing.endpoints] == ["pe-contoso-hub"]
        assert listing.notes == (
            "Left out priv_endpoint000005: its connection to the registry is Pending.",
            "Left out pe-rejected: its connection to the registry is Rejected.",
        )


def test_an_approved_manual_connection_marks_the_endpoint_manual() -> None:
    deployed = fixture("pe-static.json")
    connection = deployed.pop("privateLinkServiceConnections")
    deployed["manualPrivateLinkServiceConnections"] = connection
    assert read_private_endpoint(deployed).manual
    assert not read_private_endpoint(fixture("pe-static.json")).manual


def test_places_in_the_rest_form_name_the_properties_level() -> None:
    document = rest_form(fixture("pe-static.json"))
    document["properties"]["ipConfigurations"][1]["properties"]["privateIPAddress"] = "x"
    with pytest.raises(Unreadable) as raised:
        read_private_endpoint(document)
    assert raised.value.place == "/properties/ipConfigurations/1/properties/privateIPAddress"


# --- Record sets and zone groups ---------------------------------------------------------


def test_record_sets_in_the_rest_form_and_envelope_read_as_the_az_list() -> None:
    rest = read_record_sets(fixture("records-rest.json"))
    az = read_record_sets(client_flattened(fixture("records-rest.json")))
    assert rest == az
    assert rest.zone == "privatelink.azurecr.io"
    assert rest.zone_id == (
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
        "Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
    )
    assert [(r.name, r.ttl, r.creator) for r in rest.records] == [
        ("contoso", 10, "pe-contoso-hub"),
        ("contoso.eastus.data", 10, "pe-contoso-hub"),
        ("contoso.westeurope.data", 10, "pe-contoso-hub"),
        ("fabrikam", 3600, ""),  # written by hand: no zone group's metadata
    ]


def test_a_zone_groups_list_reads_its_zone_and_the_records_it_wrote() -> None:
    for listed in (
        fixture("zone-groups-rest.json"),
        client_flattened(fixture("zone-groups-rest.json")),
    ):
        (group,) = read_zone_groups(listed)
        (config,) = group.configs
        assert (group.name, config.name, config.zone) == (
            "default",
            "privatelink-azurecr-io",
            "privatelink.azurecr.io",
        )
        assert config.records == ("contoso", "contoso.eastus.data", "contoso.westeurope.data")
    assert read_zone_groups([]) == ()


# --- The registry: az acr show, az acr replication list ---------------------------------


def test_the_registrys_own_json_gives_its_home_region_and_its_regions() -> None:
    for form in (fixture("acr-show-rest.json"), client_flattened(fixture("acr-show-rest.json"))):
        shown = read_registry_show(form)
        assert (shown.name, shown.home, shown.regional_endpoints) == (
            "testreg000002",
            "westus",
            False,
        )
        # dataEndpointHostNames lists southcentralus first: the home region is `location`.
        assert shown.regions == ("westus", "southcentralus")
        assert shown.cloud is azure.Cloud.PUBLIC


def test_regional_endpoints_come_from_the_registry_never_from_a_replication() -> None:
    shown = read_registry_show(fixture("acr-show-regional-rest.json"))
    assert shown.regional_endpoints is True
    assert shown.regions == ("westus",)
    # Each replication says regionEndpointEnabled true (global endpoint routing): ignored.
    assert read_registry_show(fixture("acr-show-rest.json")).regional_endpoints is False


def test_replications_listed_with_the_home_region_second_put_it_first_when_known() -> None:
    recorded = fixture("replications-rest.json")  # southcentralus, then the westus home
    assert read_replications(recorded) == ("southcentralus", "westus")  # no home is assumed
    assert read_replications(recorded, home="westus") == ("westus", "southcentralus")
    assert read_replications(client_flattened(recorded), home="westus") == (
        "westus",
        "southcentralus",
    )


def test_an_empty_replication_list_is_the_home_region_alone_or_asks_for_it() -> None:
    empty = fixture("replications-empty-rest.json")
    assert read_replications(empty, home="westus") == ("westus",)
    assert read_replications([], home="westus") == ("westus",)  # az prints []
    with pytest.raises(Unreadable, match="acr_show"):
        read_replications(empty)


@pytest.mark.parametrize(
    ("change", "place"),
    [
        ({"location": "mars"}, "/location"),
        ({"name": "test-reg"}, "/name"),
        ({"properties": {"dataEndpointHostNames": ["x.blob.core.windows.net"]}},
         "/properties/dataEndpointHostNames/0"),
        ({"properties": {"regionalEndpoints": "On"}}, "/properties/regionalEndpoints"),
    ],
)  # fmt: skip
def test_it_names_the_place_of_a_malformed_registry(change: dict[str, object], place: str) -> None:
    document = fixture("acr-show-rest.json")
    for key, value in change.items():
        if isinstance(value, dict):
            document[key].update(value)
        else:
            document[key] = value
    with pytest.raises(Unreadable) as raised:
        read_registry_show(document)
    assert raised.value.place == place


# --- Resource Graph ----------------------------------------------------------------------


def test_the_query_expands_up_to_400_rows_in_order_and_lists_frontends_too() -> None:
    query = azure.GRAPH_QUERY
    assert query.count("mv-expand") == 2  # Resource Graph allows 2
    assert query.count(" limit 400") == 2  # the default is 128 rows per record
    assert query.endswith("| order by subnetId asc, privateIp asc")  # pages repeat
    for holder in ("networkinterfaces", "loadbalancers", "applicationgateways"):
        assert f"'microsoft.network/{holder}'" in query
    assert "properties.frontendIPConfigurations" in query
    assert "array_length(subnet.properties.ipConfigurations)" in query
    for column in ("subnetId =", "privateIp =", "prefix =", "prefixes ="):
        assert query.count(column) == 2  # both legs keep the first version's columns
    assert graph_command().startswith("# az graph comes from an extension:")


def test_a_subnet_counting_more_configurations_than_addresses_says_so() -> None:
    inventory = read_graph(fixture("graph-frontends.json"))
    state = subnet_state(inventory, HUB)
    assert state.unseen == 2  # 7 IP configurations, 5 addresses
    assert "counts 2 more IP configuration(s)" in state.shortfall
    old = subnet_state(read_graph(fixture("graph.json")), HUB)  # no count: nothing to say
    assert (old.unseen, old.shortfall) == (0, "")


def test_the_graphs_addresses_are_converted_once_however_many_endpoints_share_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [{"subnetId": HUB, "prefix": "10.0.0.0/16"}]
    rows += [{"subnetId": HUB, "privateIp": f"10.0.{n // 250}.{n % 250 + 4}"} for n in range(2000)]
    inventory = read_graph({"data": rows})
    converted = []
    real = ipv4.str_to_int

    def counting(text: str, flags: int = 0) -> int:
        converted.append(text)
        return int(real(text, flags))

    for module in ("graph", "places"):  # every reader that converts an address
        monkeypatch.setattr(f"planner.core.deployed.{module}.str_to_int", counting)
    endpoint = read_private_endpoint(fixture("pe-static.json"))
    states = [endpoint_state(inventory, endpoint) for _ in range(40)]
    assert len(converted) <= 40 * len(endpoint.members) * 2  # the members only, not the graph
    assert all(state.used == states[0].used for state in states)
    assert sum(span.last - span.first + 1 for span in states[0].used) == 2000


def test_an_inventory_built_by_hand_without_spans_is_still_read() -> None:
    built = SubnetInventory(HUB, ("10.0.1.0/27",), ("10.0.1.4", "10.0.1.5"))
    assert subnet_state((built,), HUB).in_use == ("10.0.1.4-10.0.1.5",)


# --- Zone files ----------------------------------------------------------------------------


def test_a_line_of_many_txt_strings_is_refused_by_its_number() -> None:
    text = zone_file() + "spam 10 IN TXT " + '"x" ' * 5_000 + "\n"
    with pytest.raises(Unreadable) as raised:
        read_zone_file(text, "privatelink.azurecr.io")
    assert raised.value.place == "line 9"
    assert f"at most {MAX_ZONE_LINE_CHARACTERS:,}" in str(raised.value)


def test_a_zone_file_with_many_tokens_on_one_short_line_is_refused() -> None:
    text = zone_file() + "spam 10 IN TXT " + "x " * 300 + "\n"
    with pytest.raises(Unreadable, match=r"30[0-9] items"):
        read_zone_file(text, "privatelink.azurecr.io")


def test_other_records_are_left_out_and_their_owner_kept_for_the_next_line() -> None:
    text = zone_file().replace(
        "contoso.eastus.data 10 IN A 10.0.1.5\n",
        'contoso.eastus.data 10 IN TXT "v=spf1 -all" ; a comment\n'
        "  10 IN A 10.0.1.5\n"
        'other 10 IN TXT ( "split"\n  "over lines" )\n',
    )
    assert read_zone_file(text, "privatelink.azurecr.io") == read_zone_file(
        zone_file(), "privatelink.azurecr.io"
    )


# --- Names that reach printed commands -----------------------------------------------------

HOSTILE = ["pe$(touch marker)", "pe`touch marker`", "pe;touch marker", "pe|tee x", "pe\nrm"]


@pytest.mark.parametrize("name", HOSTILE)
def test_an_endpoint_name_outside_azures_rule_is_refused(name: str) -> None:
    document = fixture("pe-static.json") | {"name": name}
    with pytest.raises(Unreadable) as raised:
        read_private_endpoint(document)
    assert raised.value.place == "/name"


@pytest.mark.parametrize(
    "member", ["registry_data_westus$(touch marker)", "registry_data_nowhere", "registry_`id`"]
)
def test_a_member_suffix_is_a_known_region(member: str) -> None:
    document = fixture("pe-static.json")
    document["ipConfigurations"][1]["memberName"] = member
    with pytest.raises(Unreadable) as raised:
        read_private_endpoint(document)
    assert raised.value.place == "/ipConfigurations/1/memberName"


@pytest.mark.parametrize("fqdn", ["contoso.west$(id)us.data.azurecr.io", "con`id`.azurecr.io"])
def test_a_custom_dns_config_names_a_known_region_and_registry(fqdn: str) -> None:
    document = fixture("pe-dynamic.json")
    document["customDnsConfigs"][1]["fqdn"] = fqdn
    with pytest.raises(Unreadable) as raised:
        read_private_endpoint(document)
    assert raised.value.place == "/customDnsConfigs/1/fqdn"


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("name", "contoso.$(touch marker).data"),
        ("id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
               "Microsoft.Network/privateDnsZones/`touch marker`.azurecr.io/A/contoso"),
    ],
)  # fmt: skip
def test_record_set_names_and_zones_are_dns_names(where: str, value: str) -> None:
    records = fixture("records.json")
    records[0][where] = value
    with pytest.raises(Unreadable) as raised:
        read_record_sets(records)
    assert raised.value.place == f"/0/{where}"
    with pytest.raises(Unreadable):
        read_record_sets(fixture("records.json"), zone="x;touch marker")


@pytest.mark.parametrize(
    "origin", ["priv`id`.azurecr.io.", "a|b.azurecr.io.", "eastus.data.privatelink.azurecr.io."]
)
def test_a_zone_files_origin_never_brings_other_characters_or_a_500(origin: str) -> None:
    text = zone_file().replace("$ORIGIN privatelink.azurecr.io.", f"$ORIGIN {origin}")
    try:
        zone = read_zone_file(text, "privatelink.azurecr.io")
    except Unreadable:
        return  # refused with a reason (an SOA outside the zone: dnspython's ValueError)
    names = [zone.zone, *(record.name for record in zone.records)]
    assert all(set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789.-@") for name in names)


def test_the_docs_give_the_query_the_planner_reads() -> None:
    pages = (Path(__file__).resolve().parents[2] / "docs").glob("*.md")
    docs = "\n".join(page.read_text() for page in pages)
    assert azure.GRAPH_COMMAND.format(query=azure.GRAPH_QUERY) in docs
