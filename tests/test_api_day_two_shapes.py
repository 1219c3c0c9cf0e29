"""POST /api/v1/change and /api/v1/drift with what Azure really prints: the REST form of every
az JSON, a pending endpoint left out with a note in the answer (and on the page), the
registry's own JSON standing in for an empty replication list, the zone groups re-created."""

from __future__ import annotations

import json

from django.test import Client

from tests.day_two import change_document, client_flattened, drift_document, fixture, rest_form
from tests.test_api_estate import client, post, problem_of

__all__ = ["client"]
CHANGE = "/api/v1/change"
DRIFT = "/api/v1/drift"
PENDING_NOTE = "Left out priv_endpoint000005: its connection to the registry is Pending."


def test_a_pending_endpoint_is_left_out_with_a_note_in_the_answer(client: Client) -> None:
    document = change_document()
    document["endpoints"].append({"deployed": fixture("pe-pending-rest.json")})
    answer = post(client, document, CHANGE).json()
    assert [e["name"] for e in answer["endpoints"]] == ["pe-contoso-hub", "pe-contoso-spoke"]
    assert answer["notes"] == [PENDING_NOTE]
    drifted = drift_document()
    drifted["endpoints"].append({"deployed": fixture("pe-pending-rest.json")})
    assert post(client, drifted, DRIFT).json()["notes"] == [PENDING_NOTE]


def test_only_pending_endpoints_are_a_problem_naming_them(client: Client) -> None:
    document = change_document(endpoints=[{"deployed": fixture("pe-pending-rest.json")}])
    problem = problem_of(post(client, document, CHANGE), 400)
    (message,) = problem["errors"]["/endpoints/0/deployed"]
    assert "priv_endpoint000005's connection to the registry is Pending" in message


def test_the_rest_form_of_every_az_json_plans_the_same_change(client: Client) -> None:
    az = post(client, change_document(), CHANGE).json()
    document = change_document(records=fixture("records-rest.json"))
    document["endpoints"] = [
        {"deployed": rest_form(fixture("pe-static.json"))},
        {"deployed": rest_form(fixture("pe-dynamic.json")), "zone_scope": "spoke"},
    ]
    rest = post(client, document, CHANGE).json()
    assert rest["endpoints"] == az["endpoints"]
    assert rest["runbook"] == az["runbook"]


def test_the_registrys_json_stands_in_for_an_empty_replication_list(client: Client) -> None:
    document = drift_document(
        registry=None, acr_show=client_flattened(fixture("acr-show-rest.json")),
        replications=fixture("replications-empty-rest.json"),
    )  # fmt: skip
    del document["registry"], document["regions"]
    problem = problem_of(post(client, document, DRIFT), 400)  # another registry's endpoint
    assert "testreg000002" in json.dumps(problem["errors"])
    without_home = drift_document(replications=[])
    del without_home["regions"]
    problem = problem_of(post(client, without_home, DRIFT), 400)
    (message,) = problem["errors"]["/replications"]
    assert "acr_show" in message


def test_the_home_region_comes_from_the_registry_and_the_rest_from_replications(
    client: Client,
) -> None:
    shown = fixture("acr-show-rest.json")
    shown["name"] = "contoso"
    shown["location"] = "eastus"
    shown["properties"]["loginServer"] = "contoso.azurecr.io"
    shown["properties"]["dataEndpointHostNames"] = []
    replications = fixture("replications-rest.json")
    for item, region in zip(replications["value"], ["westeurope", "eastus"], strict=True):
        item["location"] = region  # listed with the home region second
    document = drift_document(acr_show=shown, replications=replications)
    del document["regions"], document["registry"]
    answer = post(client, document, DRIFT).json()
    assert answer["clean"] is True  # eastus (home) and westeurope: the hub's members


def test_the_zone_groups_given_are_recreated_in_the_runbook(client: Client) -> None:
    document = change_document()
    document["endpoints"][0]["zone_groups"] = fixture("zone-groups-rest.json")
    answer = post(client, document, CHANGE).json()
    recreate = next(s for s in answer["runbook"] if s["kind"] == "create-endpoint")
    (group,) = [c for c in recreate["commands"] if "dns-zone-group create" in c]
    assert "--name default" in group
    assert "writes every member's record" in recreate["note"]
    bad = change_document()
    bad["endpoints"][0]["zone_groups"] = {"value": [{"name": "x y"}]}
    problem = problem_of(post(client, bad, CHANGE), 400)
    assert "/endpoints/0/zone_groups/value/0/name" in problem["errors"]


def test_the_estate_page_shows_the_note_of_a_pending_endpoint(client: Client) -> None:
    listed = [fixture("pe-static.json"), client_flattened(fixture("pe-pending-rest.json"))]
    response = client.post(
        "/estate/fill",
        {"registry": "contoso", "regions": "eastus, westeurope",
         "pe_list": json.dumps(listed), "graph": json.dumps(fixture("graph.json"))},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert PENDING_NOTE in page


def test_the_day_two_page_shows_the_notes_of_the_answer(client: Client) -> None:
    response = client.post(
        "/change",
        {"registry": "contoso", "regions": "eastus, westeurope, northeurope", "action": "change",
         "deployed": json.dumps(fixture("pe-static.json")),
         "graph": json.dumps(fixture("graph-frontends.json"))},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "counts 2 more IP configuration(s) than the graph lists addresses for" in page
