"""planner.core.collected: what collect reads of az's outputs to know what to ask next, and
the documents it puts together from them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from planner.core.addresses import Span
from planner.core.azure import Cloud
from planner.core.collected import (
    Collected,
    CollectedEndpoint,
    EndpointReference,
    allocation_differences,
    collected_estate,
    read_connections,
    without,
    zone_scopes,
    zones_to_read,
)
from planner.core.deployed.endpoints import read_private_endpoint
from planner.core.deployed.places import Unreadable
from planner.core.estate import estate
from planner.forms.estate import read_estate
from tests.collect_standin import HUB_ZONE, SPOKE_ZONE, graph_pages, replications
from tests.day_two import client_flattened, fixture


def test_it_reads_the_connections_of_az_acr_show_in_both_forms() -> None:
    printed = read_connections(fixture("acr-show-contoso.json"))
    assert printed == read_connections(fixture("acr-show-contoso-rest.json"))
    assert [(c.name, c.resource_group, c.status, c.approved) for c in printed] == [
        ("pe-contoso-hub", "rg-network", "Approved", True),
        ("pe-contoso-spoke", "rg-spoke", "Approved", True),
        ("pe-contoso-pending", "rg-spoke", "Pending", False),
        ("pe-contoso-partner", "rg-partner", "Approved", True),
    ]
    assert printed[3].subscription == "22222222-2222-2222-2222-222222222222"
    assert read_connections(fixture("acr-show-rest.json")) == ()  # none: an empty list


def shown_with(endpoint_id: str) -> dict[str, Any]:
    shown = fixture("acr-show-contoso.json")
    shown["privateEndpointConnections"][1]["privateEndpoint"]["id"] = endpoint_id
    return shown


@pytest.mark.parametrize(
    "endpoint_id",
    [
        "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Network/"
        "privateEndpoints/pe",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
        "Microsoft.Storage/storageAccounts/pe",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
        "Microsoft.Network/privateEndpoints/--output",
    ],
)
def test_an_endpoint_id_that_would_reach_a_command_is_checked(endpoint_id: str) -> None:
    with pytest.raises(Unreadable) as raised:
        read_connections(shown_with(endpoint_id))
    assert raised.value.place == "/privateEndpointConnections/1/privateEndpoint/id"


def test_a_connection_listed_twice_is_read_once() -> None:
    shown = fixture("acr-show-contoso.json")
    connections = shown["privateEndpointConnections"]
    upper = json.loads(json.dumps(connections[0]).replace("resourceGroups", "resourcegroups"))
    shown["privateEndpointConnections"] = [connections[0], upper]
    assert len(read_connections(shown)) == 1


def test_zone_scopes_are_named_after_the_zones_resource_groups() -> None:
    other_subscription = HUB_ZONE.replace("00000000-", "11111111-")
    odd = HUB_ZONE.replace("rg-dns", "rg(dns)")
    scopes = zone_scopes([HUB_ZONE, SPOKE_ZONE, other_subscription, odd], ["rg-spoke-x"])
    assert list(scopes.values()) == ["rg-dns", "rg-spoke", "zone-3", "zone-4"]
    assert zone_scopes([HUB_ZONE], ["RG-DNS"]) == {HUB_ZONE.lower(): "zone-1"}


def test_without_takes_addresses_out_of_spans() -> None:
    spans = (Span(4, 9), Span(20, 20))
    assert without(spans, [4, 6, 9, 20, 30]) == (Span(5, 5), Span(7, 8))
    assert without(spans, []) == spans


def endpoint(name: str, deployed: Any, groups: Any = None) -> CollectedEndpoint:
    subscription = "00000000-0000-0000-0000-000000000000"
    reference = EndpointReference(f"/subscriptions/{subscription}/x", subscription, "rg", name,
                                  "Approved")  # fmt: skip
    return CollectedEndpoint(reference, deployed, groups)


def test_zones_to_read_keeps_the_registrys_zones_once() -> None:
    hub_groups = client_flattened(fixture("zone-groups-rest.json"))
    blob = json.loads(
        json.dumps(hub_groups).replace(
            "privatelink.azurecr.io", "privatelink.blob.core.windows.net"
        )
    )
    zones, notes = zones_to_read(
        [
            endpoint("pe-a", {}, hub_groups),
            endpoint("pe-b", {}, hub_groups),
            endpoint("pe-c", {}, fixture("zone-groups-spoke.json")),
            endpoint("pe-d", {}, blob),
            endpoint("pe-pending", {}),
        ],
        Cloud.PUBLIC,
    )
    assert [zone.zone_id for zone in zones] == [HUB_ZONE, SPOKE_ZONE]
    assert notes == (
        "Left out the zone privatelink.blob.core.windows.net of pe-d's zone group: it is not "
        "privatelink.azurecr.io.",
    )


def collected(*endpoints: CollectedEndpoint, graph: tuple[Any, ...] = ()) -> Collected:
    return Collected(
        "contoso",
        fixture("acr-show-contoso.json"),
        replications(),
        endpoints,
        graph or graph_pages(),
        (),
    )


def test_endpoints_of_one_zone_with_two_allocations_get_scopes_of_their_own() -> None:
    hub_groups = client_flattened(fixture("zone-groups-rest.json"))
    written = collected_estate(
        collected(
            endpoint("pe-contoso-hub", fixture("pe-static.json"), hub_groups),
            endpoint("pe-contoso-spoke", fixture("pe-dynamic.json"), hub_groups),
        )
    )
    scopes = [entry["zone_scope"] for entry in written.document["endpoints"]]
    assert scopes == ["rg-dns", "pe-contoso-spoke"]
    assert written.notes == (
        "pe-contoso-spoke (dynamic) shares a zone with pe-contoso-hub (static); an estate plans "
        "one allocation per zone scope, so pe-contoso-spoke is planned in a zone scope of its "
        "own.",
    )
    estate(read_estate(written.document))  # a valid estate


def test_the_estate_says_where_its_plan_moves_a_static_endpoints_address() -> None:
    """The hub's members at .5, .6 and .8 with .4 free: the plan gives the lowest free."""
    moved = json.loads(
        json.dumps(fixture("pe-static.json"))
        .replace("10.0.1.6", "10.0.1.8")
        .replace("10.0.1.5", "10.0.1.6")
        .replace("10.0.1.4", "10.0.1.5")
    )
    graph = {
        "data": [
            {"subnetId": row["subnetId"], "privateIp": ip, "prefix": "", "prefixes": []}
            for row in fixture("graph.json")["data"][:1]
            for ip in ("10.0.1.5", "10.0.1.6", "10.0.1.8")
        ]
        + [fixture("graph.json")["data"][4]],
        "skip_token": None,
    }
    written = collected_estate(collected(endpoint("pe-contoso-hub", moved), graph=(graph,)))
    assert written.document["endpoints"][0]["in_use"] == []
    planned = estate(read_estate(written.document))
    assert allocation_differences(planned, written.deployed) == (
        "pe-contoso-hub: the estate plans registry 10.0.1.4 (deployed 10.0.1.5), "
        "registry_data_eastus 10.0.1.5 (deployed 10.0.1.6), registry_data_westeurope "
        "10.0.1.6 (deployed 10.0.1.8). Its counts (fits, headroom) hold for the deployed "
        "endpoint; its exports' addresses do not.",
    )
    deployed = read_private_endpoint(fixture("pe-static.json"))
    same = collected_estate(collected(endpoint("pe-contoso-hub", fixture("pe-static.json"))))
    assert allocation_differences(estate(read_estate(same.document)), (deployed,)) == ()


def test_a_subnet_the_graph_does_not_list_names_the_endpoint() -> None:
    empty = ({"data": [], "skip_token": None},)
    with pytest.raises(Unreadable, match=r"^pe-contoso-hub: The graph output lists no prefix"):
        collected_estate(collected(endpoint("pe-contoso-hub", fixture("pe-static.json")),
                                  graph=empty))  # fmt: skip


def test_endpoints_of_one_subnet_list_its_addresses_in_use_once() -> None:
    """A second endpoint in the hub's subnet: the subnet's in-use addresses are the subnet's,
    so the estate document lists them on its first row only (an estate caps the entries of
    all rows together)."""
    second = json.loads(
        json.dumps(fixture("pe-static.json"))
        .replace("pe-contoso-hub", "pe-contoso-hub-2")
        .replace("10.0.1.6", "10.0.1.12")
        .replace("10.0.1.5", "10.0.1.11")
        .replace("10.0.1.4", "10.0.1.10")
    )
    written = collected_estate(
        collected(
            endpoint("pe-contoso-hub", fixture("pe-static.json")),
            endpoint("pe-contoso-hub-2", second),
        )
    )
    rows = [(e["name"], e["subnet"], e["in_use"]) for e in written.document["endpoints"]]
    assert rows == [
        ("pe-contoso-hub", "10.0.1.0/27", ["10.0.1.7"]),
        ("pe-contoso-hub-2", "10.0.1.0/27", []),
    ]
    planned = estate(read_estate(written.document))
    assert [subnet.in_use for subnet in planned.subnets] == [1]
