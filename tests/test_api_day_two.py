"""POST /api/v1/change and /api/v1/drift: answers from the fixtures, and every malformed or
truncated input answered 400 with the place named by its JSON pointer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.day_two import change_document, drift_document, fixture, zone_file
from tests.test_api_estate import client, post, problem_of

__all__ = ["client"]
CHANGE = "/api/v1/change"
DRIFT = "/api/v1/drift"


def test_it_plans_adding_a_replica_to_a_static_and_a_dynamic_endpoint(client: Client) -> None:
    answer = post(client, change_document(), CHANGE).json()
    assert answer["fits"] is True
    assert answer["added_regions"] == ["northeurope"]
    hub, spoke = answer["endpoints"]
    assert hub["static"] is True
    assert spoke["static"] is False
    assert [m["ip"] for m in hub["kept"]] == ["10.0.1.4", "10.0.1.5", "10.0.1.6"]
    # 10.0.1.7 is another interface's (Resource Graph lists it): the next free one is .8
    assert [(m["member_name"], m["ip"]) for m in hub["added"]] == [
        ("registry_data_northeurope", "10.0.1.8")
    ]
    assert spoke["subnet"] == "10.0.2.0/28"  # of its two prefixes, the one holding it
    # Azure picks a dynamic endpoint's new address: none is guessed
    assert (spoke["added"][0]["ip"], spoke["outcome"]) == (None, "azure")
    hub_zone = answer["zones"][0]
    assert hub_zone["compared_with"] == "zone"
    # The hub's records were written by its DNS zone group (metadata.creator): deleted with
    # it, and written again by the group re-created after it, the new member's too.
    assert hub_zone["changes"] == []
    recreate = next(s for s in answer["runbook"] if s["kind"] == "create-endpoint")
    assert any(
        c.strip().startswith("az network private-endpoint dns-zone-group create")
        for c in recreate["commands"]
    )
    assert "contoso.northeurope.data 10 IN A 10.0.1.8" in hub_zone["zone_file"]
    assert "fabrikam" not in hub_zone["zone_file"]  # another registry's record is left alone
    assert [step["kind"] for step in answer["runbook"]] == [
        "delete-endpoints", "change-registry", "create-endpoint", "correct-dns", "check",
    ]  # fmt: skip
    spoke_zone = answer["zones"][1]  # the spoke's new record: the address Azure gives it
    (fill,) = spoke_zone["changes"]
    assert (fill["action"], fill["name"], fill["after"]) == ("fill", "contoso.northeurope.data", [])


def test_a_subnet_too_small_answers_fits_false(client: Client) -> None:
    endpoints = [
        {"deployed": fixture("pe-static.json"), "subnet": "10.0.1.0/29",
         "in_use": ["10.0.1.7"]},
    ]  # fmt: skip
    answer = post(client, change_document(endpoints=endpoints), CHANGE).json()
    assert answer["fits"] is False
    assert answer["endpoints"][0]["added"][0]["ip"] is None


def test_drift_of_a_matching_zone_is_clean_and_a_missing_record_is_found(client: Client) -> None:
    assert post(client, drift_document(), DRIFT).json()["clean"] is True
    grown = drift_document(regions=None, replications=fixture("replications.json"))
    del grown["regions"]
    answer = post(client, grown, DRIFT).json()
    assert answer["clean"] is False
    (finding,) = answer["findings"]
    assert (finding["kind"], finding["severity"], finding["record"]) == (
        "missing",
        "high",
        "contoso.northeurope.data",
    )


def test_drift_reads_a_zone_file_too(client: Client) -> None:
    document = drift_document(zone_file=zone_file().replace("10.0.1.6", "10.0.1.9"))
    del document["records"]
    (finding,) = post(client, document, DRIFT).json()["findings"]
    assert (finding["kind"], finding["found"], finding["expected"]) == (
        "wrong_address",
        ["10.0.1.9"],
        ["10.0.1.6"],
    )


def broken_endpoint() -> dict[str, Any]:
    deployed = fixture("pe-static.json")
    deployed["ipConfigurations"][1]["privateIPAddress"] = "10.0.1.500"
    return deployed


@pytest.mark.parametrize(
    ("path", "change", "place"),
    [
        (CHANGE, {"endpoints": [{"deployed": broken_endpoint()}]},
         "/endpoints/0/deployed/ipConfigurations/1/privateIPAddress"),
        (CHANGE, {"endpoints": [{"deployed": fixture("pe-static.json"), "subnet": "10.9.0.0/24"}]},
         "/endpoints/0/subnet"),
        (CHANGE, {"endpoints": [{"deployed": fixture("pe-static.json"), "color": 1}]},
         "/endpoints/0/color"),
        (CHANGE, {"endpoints": []}, "/endpoints"),
        (CHANGE, {"graph": {"data": [{"subnetId": 5}]}}, "/graph/data/0/subnetId"),
        (CHANGE, {"records": [{"name": "contoso"}]}, "/records/0/ttl"),
        (CHANGE, {"regions": ["eastus", "westeurop"]}, "/regions"),
        (DRIFT, {"records": None}, "/records"),
        (DRIFT, {"replications": [{"name": "x"}], "regions": None}, "/replications/0/location"),
        (DRIFT, {"zone": "privatelink.blob.core.windows.net"}, "/zone"),
        (DRIFT, {"registry": "fabrikam"}, "/endpoints/0/deployed"),
        (DRIFT, {"zone_file": "contoso 10 IN A 10.0.1.400\n", "records": None}, "/zone_file"),
    ],
)  # fmt: skip
def test_it_names_the_place_of_each_problem(
    client: Client, path: str, change: dict[str, Any], place: str
) -> None:
    base = change_document() if path == CHANGE else drift_document()
    document = {name: value for name, value in (base | change).items() if value is not None}
    problem = problem_of(post(client, document, path), 400)
    assert place in problem["errors"], problem["errors"]


@pytest.mark.parametrize("path", [CHANGE, DRIFT])
def test_a_truncated_document_is_refused_not_crashed(client: Client, path: str) -> None:
    text = json.dumps(change_document() if path == CHANGE else drift_document())
    problem = problem_of(post(client, text[: len(text) // 2], path), 400)
    assert "not JSON" in problem["detail"]


def test_a_query_string_is_refused(client: Client) -> None:
    response = client.post(
        f"{CHANGE}?registry=x", json.dumps(change_document()), content_type="application/json"
    )
    assert "registry" in problem_of(response, 400)["errors"]


def test_only_post_is_answered(client: Client) -> None:
    assert problem_of(client.get(DRIFT), 405)["status"] == 405


def test_a_large_resource_graph_answer_is_read(client: Client) -> None:
    graph = fixture("graph.json")
    row = graph["data"][0]
    graph["data"] += [row | {"privateIp": "10.0.1.7"}] * 5_000  # one object per row
    answer = post(client, change_document(graph=graph), CHANGE)
    assert answer.status_code == 200


def test_a_truncated_zone_file_is_refused_naming_its_line(client: Client) -> None:
    text = zone_file()
    cut = text[: text.index("10.0.1.6") + 5]  # "contoso.westeurope.data 10 IN A 10.0."
    document = drift_document(zone_file=cut)
    del document["records"]
    problem = problem_of(post(client, document, DRIFT), 400)
    (message,) = problem["errors"]["/zone_file"]
    assert "not a master file" in message
    assert "(near line 7)" in message
