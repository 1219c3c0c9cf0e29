"""Readers of what az prints: the fixtures, and malformed or truncated input named by place."""

from __future__ import annotations

import copy
import json

import pytest
from netaddr import IPNetwork, IPRange, IPSet
from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import Span
from planner.core.deployed.endpoints import (
    DeployedMember,
    read_private_endpoint,
    read_private_endpoints,
)
from planner.core.deployed.graph import (
    endpoint_state,
    graph_command,
    only_subnet,
    read_graph,
    subnet_state,
)
from planner.core.deployed.places import Unreadable, described, load_json
from planner.core.deployed.registry import read_replications
from planner.core.deployed.zones import read_record_sets, read_zone_file
from planner.core.services import REGISTRY
from planner.pages.graph_fill import fill_from_graph, graph_summary
from tests.day_two import FIXTURES, fixture, narrowed, zone_file

HUB = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-network/providers/"
    "microsoft.network/virtualnetworks/vnet-hub/subnets/snet-endpoints"
)


def test_it_reads_a_static_endpoint_from_its_ip_configurations() -> None:
    endpoint = read_private_endpoint(fixture("pe-static.json"))
    assert endpoint.name == "pe-contoso-hub"
    assert endpoint.static
    assert endpoint.registry == "contoso"
    assert endpoint.subnet_id == HUB
    assert endpoint.members == (
        DeployedMember("registry", "10.0.1.4"),
        DeployedMember("registry_data_eastus", "10.0.1.5"),
        DeployedMember("registry_data_westeurope", "10.0.1.6"),
    )


def test_it_reads_a_dynamic_endpoint_from_its_custom_dns_configs() -> None:
    endpoint = read_private_endpoint(fixture("pe-dynamic.json"))
    assert not endpoint.static
    assert [m.member_name for m in endpoint.members] == [
        "registry",
        "registry_data_eastus",
        "registry_data_westeurope",
    ]
    assert [m.ip for m in endpoint.members] == ["10.0.2.7", "10.0.2.8", "10.0.2.9"]


def test_it_reads_the_rest_apis_nested_ip_configurations_too() -> None:
    document = fixture("pe-static.json")
    document["ipConfigurations"] = [
        {"name": c["name"], "properties": {k: v for k, v in c.items() if k != "name"}}
        for c in document["ipConfigurations"]
    ]
    assert read_private_endpoint(document) == read_private_endpoint(fixture("pe-static.json"))


@pytest.mark.parametrize(
    ("fqdn", "expected"),
    [
        ("contoso.azurecr.io", ("contoso", "registry")),
        ("Contoso.EastUS.data.azurecr.io.", ("contoso", "registry_data_eastus")),
        ("contoso.westus.geo.azurecr.io", ("contoso", "registry_westus")),
        ("contoso.chinaeast2.data.azurecr.cn", ("contoso", "registry_data_chinaeast2")),
        ("contoso.blob.core.windows.net", None),
        ("a.b.azurecr.io", None),
    ],
)
def test_it_names_the_member_of_a_public_fqdn(fqdn: str, expected: tuple[str, str] | None) -> None:
    assert REGISTRY.member_of_fqdn(fqdn) == expected


def place_of(reader: object, value: object) -> str:
    with pytest.raises(Unreadable) as raised:
        reader(value)  # type: ignore[operator]
    assert str(raised.value)
    return raised.value.place


def broken(**changes: object) -> dict[str, object]:
    document = copy.deepcopy(fixture("pe-static.json"))
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part) if part.isdigit() else part]
        target[int(last) if last.isdigit() else last] = value
    return document


@pytest.mark.parametrize(
    ("document", "place"),
    [
        ([], ""),
        ("text", ""),
        (broken(name=None), "/name"),
        (broken(subnet="x"), "/subnet"),
        (broken(subnet={}), "/subnet/id"),
        (broken(ipConfigurations="x"), "/ipConfigurations"),
        (broken(ipConfigurations__1="x"), "/ipConfigurations/1"),
        (broken(ipConfigurations__1__privateIPAddress="10.0.1.300"),
         "/ipConfigurations/1/privateIPAddress"),
        (broken(ipConfigurations__2__memberName="blob"), "/ipConfigurations/2/memberName"),
        (broken(ipConfigurations__0__groupId="vault"), "/ipConfigurations/0/groupId"),
        (broken(ipConfigurations=[], customDnsConfigs=[]), "/customDnsConfigs"),
        (broken(ipConfigurations=[], customDnsConfigs__1__fqdn="x.example.com"),
         "/customDnsConfigs/1/fqdn"),
        (broken(ipConfigurations=[], customDnsConfigs__0__ipAddresses=[]),
         "/customDnsConfigs/0/ipAddresses"),
        (broken(ipConfigurations=[], customDnsConfigs__0__ipAddresses=[7]),
         "/customDnsConfigs/0/ipAddresses/0"),
    ],
)  # fmt: skip
def test_it_names_the_place_of_a_malformed_endpoint(document: object, place: str) -> None:
    assert place_of(read_private_endpoint, document) == place


def test_it_refuses_an_endpoint_to_two_registries() -> None:
    document = broken(ipConfigurations=[], customDnsConfigs__1__fqdn="other.eastus.data.azurecr.io")
    with pytest.raises(Unreadable, match="several registries"):
        read_private_endpoint(document)


def test_it_reads_record_sets_and_the_zone_from_their_ids() -> None:
    zone = read_record_sets(fixture("records.json"))
    assert zone.zone == "privatelink.azurecr.io"
    assert [(r.name, r.ttl, r.addresses) for r in zone.records] == [
        ("contoso", 10, ("10.0.1.4",)),
        ("contoso.eastus.data", 10, ("10.0.1.5",)),
        ("contoso.westeurope.data", 10, ("10.0.1.6",)),
        ("fabrikam", 10, ("10.0.1.20",)),
    ]


def test_a_zone_file_reads_as_the_same_records() -> None:
    from_file = read_zone_file(zone_file(), "privatelink.azurecr.io")
    from_json = read_record_sets(fixture("records.json"))
    assert from_file.zone == from_json.zone
    # A zone file carries no metadata: who wrote a record is only in the JSON.
    assert [(r.name, r.ttl, r.addresses) for r in from_file.records] == [
        (r.name, r.ttl, r.addresses) for r in from_json.records
    ]


@pytest.mark.parametrize(
    ("records", "place"),
    [
        ({}, ""),
        ([1], "/0"),
        ([{"ttl": 10}], "/0/name"),
        ([{"name": "contoso", "ttl": "10"}], "/0/ttl"),
        ([{"name": "contoso", "ttl": 10, "aRecords": [{"ipv4Address": "x"}]}],
         "/0/aRecords/0/ipv4Address"),
        ([{"name": "contoso", "ttl": 10, "aRecords": {}}], "/0/aRecords"),
    ],
)  # fmt: skip
def test_it_names_the_place_of_a_malformed_record_set(records: object, place: str) -> None:
    assert place_of(read_record_sets, records) == place


def test_it_names_the_line_of_a_broken_zone_file() -> None:
    text = zone_file().replace("10.0.1.5", "10.0.1.500")
    with pytest.raises(Unreadable) as raised:
        read_zone_file(text, "privatelink.azurecr.io")
    place = raised.value.place
    assert place.startswith("near line ")
    number = int(place.rsplit(" ", 1)[1])
    assert "10.0.1.500" in "".join(text.splitlines()[number - 2 : number])


def test_it_reads_the_regions_of_a_replication_list() -> None:
    assert read_replications(fixture("replications.json")) == (
        "eastus",
        "westeurope",
        "northeurope",
    )
    assert place_of(read_replications, [{"name": "x"}]) == "/0/location"
    assert place_of(read_replications, []) == ""


def test_it_reads_each_subnets_prefixes_and_addresses_from_resource_graph() -> None:
    hub, spoke = read_graph(fixture("graph.json"))
    assert hub.subnet_id == HUB
    assert hub.prefixes == ("10.0.1.0/27",)
    assert hub.addresses == ("10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7")
    assert spoke.prefixes == ("10.0.2.0/28", "10.0.3.0/28")  # addressPrefixes, a list


def test_it_refuses_one_page_of_several_and_reads_pages_given_as_a_list() -> None:
    page = fixture("graph.json") | {"skip_token": "ew0K"}
    assert place_of(read_graph, page) == "/skip_token"
    assert read_graph([page, {"data": []}]) == read_graph(fixture("graph.json"))


@pytest.mark.parametrize(
    ("graph", "place"),
    [
        ({"data": "x"}, "/data"),
        ({"data": [{"privateIp": "10.0.0.4"}]}, "/data/0/subnetId"),
        ({"data": [{"subnetId": "/s", "privateIp": "10.0.0.400"}]}, "/data/0/privateIp"),
        ({"data": [{"subnetId": "/s", "prefix": "10.0.0.0/33"}]}, "/data/0/prefix"),
        ({"data": [{"subnetId": "/s", "prefixes": ["10.0.0.0/24", 5]}]}, "/data/0/prefixes/1"),
    ],
)
def test_it_names_the_place_of_a_malformed_graph_answer(graph: object, place: str) -> None:
    assert place_of(read_graph, graph) == place


def test_the_graph_command_runs_the_documented_query() -> None:
    extension, command = graph_command().split("\n")
    assert "az extension add --name resource-graph" in extension  # az graph is an extension
    assert command.startswith("az graph query ")
    assert azure.GRAPH_QUERY in command
    for path in (
        "properties.ipConfigurations",
        "ipconfig.properties.subnet.id",
        "ipconfig.properties.privateIPAddress",
        "properties.subnets",
        "subnet.properties.addressPrefix",
        "subnet.properties.addressPrefixes",
    ):
        assert path in azure.GRAPH_QUERY  # fmt: skip


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_truncated_json_is_refused_with_a_reason(name: str) -> None:
    text = (FIXTURES / name).read_text()
    with pytest.raises(Unreadable, match="not JSON"):
        load_json(text[: len(text) // 2], name)
    assert load_json(text, name) == json.loads(text)


def test_deep_nesting_is_refused_not_crashed() -> None:
    with pytest.raises(Unreadable, match="nested too deeply"):
        load_json("[" * 100_000 + "]" * 100_000, "the paste")


def test_every_fixture_has_a_note_of_its_source() -> None:
    notes = (FIXTURES / "README.md").read_text()
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in notes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("$GENERATE 1-200000 h$ 10 IN A 10.0.0.1\n", "not allowed"),  # 30 s of work
        ("$INCLUDE /etc/passwd\n", "not allowed"),
        ("h 10 IN A 10.0.0.1\n" * 5_001, "at most 5,000"),
    ],
)
def test_a_zone_file_cannot_make_the_server_work_long_or_read_its_files(
    text: str, reason: str
) -> None:
    with pytest.raises(Unreadable, match=reason):
        read_zone_file(text, "privatelink.azurecr.io")


# --- Filling the forms from the graph -----------------------------------------------------

SPOKE = (
    HUB.replace("rg-network", "rg-spoke")
    .replace("vnet-hub", "vnet-spoke")
    .replace("snet-endpoints", "snet-pe")
)


def test_it_gives_an_endpoints_subnet_prefix_and_every_address_used_in_it() -> None:
    endpoint = read_private_endpoint(fixture("pe-static.json"))
    state = endpoint_state(read_graph(fixture("graph.json")), endpoint)
    assert state.cidr == IPNetwork("10.0.1.0/27")
    assert state.used == (Span(str_to_int("10.0.1.4"), str_to_int("10.0.1.7")),)
    assert state.in_use == ("10.0.1.4-10.0.1.7",)


def test_it_takes_the_prefix_holding_the_endpoint_when_the_subnet_has_several() -> None:
    inventory = read_graph(fixture("graph.json"))
    assert subnet_state(inventory, SPOKE, near="10.0.3.9").cidr == IPNetwork("10.0.3.0/28")
    state = subnet_state(inventory, SPOKE.upper(), near="10.0.2.8")  # ids match in any case
    assert (state.cidr, state.in_use) == (IPNetwork("10.0.2.0/28"), ("10.0.2.7-10.0.2.9",))
    assert subnet_state(inventory, SPOKE).cidr == IPNetwork("10.0.2.0/28")  # else the first


def test_the_used_spans_are_exactly_the_graphs_addresses_inside_the_prefix() -> None:
    graph = fixture("graph.json")
    graph["data"] += [
        {"subnetId": HUB, "privateIp": ip, "prefix": "", "prefixes": []}
        for ip in ("10.0.1.20", "10.0.1.9", "10.0.1.10", "10.0.1.4")
    ]
    state = subnet_state(read_graph(graph), HUB)
    used = IPSet()
    for span in state.used:
        used.add(IPRange(span.first, span.last))
    assert used == IPSet(["10.0.1.4/30", "10.0.1.9", "10.0.1.10", "10.0.1.20"])
    assert state.in_use == ("10.0.1.4-10.0.1.7", "10.0.1.9-10.0.1.10", "10.0.1.20")


def test_it_names_a_subnet_the_graph_does_not_list() -> None:
    endpoint = read_private_endpoint(fixture("pe-static.json"))
    graph = fixture("graph.json")
    graph = narrowed(graph, lambda row: "vnet-hub" not in row["subnetId"])
    with pytest.raises(Unreadable, match="no prefix for the subnet snet-endpoints"):
        endpoint_state(read_graph(graph), endpoint)


def test_it_refuses_an_endpoint_outside_the_prefix_listed_for_its_subnet() -> None:
    deployed = fixture("pe-static.json")
    deployed["subnet"]["id"] = SPOKE
    with pytest.raises(Unreadable, match=r"10\.0\.1\.4 is not inside 10\.0\.2\.0/28"):
        endpoint_state(read_graph(fixture("graph.json")), read_private_endpoint(deployed))


def test_it_names_the_missing_subnet_id_of_an_endpoint() -> None:
    deployed = fixture("pe-static.json")
    del deployed["subnet"]
    with pytest.raises(Unreadable) as raised:
        endpoint_state(read_graph(fixture("graph.json")), read_private_endpoint(deployed))
    assert raised.value.place == "/subnet"
    assert described(raised.value).endswith("(at /subnet)")


def test_without_an_endpoint_it_takes_the_only_subnet_or_asks_which() -> None:
    graph = fixture("graph.json")
    with pytest.raises(Unreadable, match=r"2 subnets with a prefix \(snet-endpoints, snet-pe\)"):
        only_subnet(read_graph(graph))
    graph = narrowed(graph, lambda row: "vnet-hub" in row["subnetId"])
    assert only_subnet(read_graph(graph)) == HUB
    graph = narrowed(graph, lambda row: row["privateIp"])
    with pytest.raises(Unreadable, match="0 subnets with a prefix"):
        only_subnet(read_graph(graph))


def test_it_reads_a_list_of_endpoints_leaving_out_other_services() -> None:
    storage = copy.deepcopy(fixture("pe-dynamic.json"))
    storage["name"] = "pe-storage"
    storage["privateLinkServiceConnections"][0]["privateLinkServiceId"] = (
        "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs"
    )
    storage["customDnsConfigs"] = [{"fqdn": "logs.blob.core.windows.net", "ipAddresses": ["x"]}]
    listed = [fixture("pe-static.json"), storage, fixture("pe-dynamic.json")]
    listing = read_private_endpoints(listed)
    assert [endpoint.name for endpoint in listing.endpoints] == [
        "pe-contoso-hub",
        "pe-contoso-spoke",
    ]
    assert listing.others == 1


@pytest.mark.parametrize(
    ("listed", "place"),
    [
        ({"name": "pe"}, ""),
        ([fixture("pe-static.json"), "pe"], "/1"),
        ([fixture("pe-static.json"), {"ipConfigurations": []}], "/1/name"),
    ],
)
def test_it_names_the_place_of_a_malformed_endpoint_list(listed: object, place: str) -> None:
    with pytest.raises(Unreadable) as raised:
        read_private_endpoints(listed)
    assert raised.value.place == place


def test_it_says_what_a_graph_paste_filled_and_that_the_endpoint_keeps_its_addresses() -> None:
    endpoint = read_private_endpoint(fixture("pe-static.json"))
    state = endpoint_state(read_graph(fixture("graph.json")), endpoint)
    assert graph_summary(state, endpoint) == (
        "Filled from az graph query: subnet 10.0.1.0/27 (snet-endpoints), 4 addresses in use, "
        "3 of them pe-contoso-hub's own: they stay in use, so remove them from the list if you "
        "plan to re-create the endpoint."
    )
    assert graph_summary(state, None) == (
        "Filled from az graph query: subnet 10.0.1.0/27 (snet-endpoints), 4 addresses in use."
    )


def test_it_fills_from_the_two_boxes_or_names_each_boxs_problem() -> None:
    graph, endpoint = json.dumps(fixture("graph.json")), json.dumps(fixture("pe-dynamic.json"))
    fill = fill_from_graph(graph, endpoint)
    assert fill.state is not None
    assert fill.problems == ()
    assert (str(fill.state.cidr), fill.state.in_use) == ("10.0.2.0/28", ("10.0.2.7-10.0.2.9",))
    assert fill.summary.startswith("Filled from az graph query: subnet 10.0.2.0/28 (snet-pe)")
    assert fill_from_graph("", "[").problems == (
        ("graph", "Paste the JSON that the graph query prints."),
        ("endpoint", "The endpoint's JSON is not JSON (Expecting value, line 1); is it cut short?"),
    )
    no_subnet = fixture("pe-dynamic.json")
    del no_subnet["subnet"]
    assert fill_from_graph(graph, json.dumps(no_subnet)).problems == (
        (
            "endpoint",
            "The endpoint pe-contoso-spoke names no subnet; az prints subnet.id. (at /subnet)",
        ),
    )


def test_a_graph_answer_short_of_its_total_records_is_refused_as_truncated() -> None:
    """Resource Graph truncates a query it cannot page: no skip token, fewer rows than
    total_records (the resource-graph extension only warns). Read as whole, subnets would
    look emptier than they are."""
    graph = fixture("graph.json")
    truncated = {**graph, "data": graph["data"][:5], "count": 5}
    with pytest.raises(Unreadable, match=r"The pages hold 5 rows of the query's 9") as raised:
        read_graph(truncated)
    assert raised.value.place == "/total_records"
    first = {**graph, "data": graph["data"][:4], "count": 4, "skip_token": "ey0="}
    second = {**graph, "data": graph["data"][4:8], "count": 4, "skip_token": None}
    with pytest.raises(Unreadable, match="8 rows of the query's 9") as raised:
        read_graph([first, second])
    assert raised.value.place == "/1/total_records"
    assert read_graph([first, {**second, "data": graph["data"][4:]}])  # every row: read
    saved = {k: v for k, v in graph.items() if k != "total_records"}
    assert read_graph(saved) == read_graph(graph)  # an answer saved without it is read
    with pytest.raises(Unreadable, match="Expected total_records as a whole number"):
        read_graph({**graph, "total_records": "9"})
