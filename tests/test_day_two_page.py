"""The day-two page: pasted az output planned as a change or checked for drift, the whole
page without JavaScript and the results partial for htmx."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.day_two import fixture, zone_file


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def pasted(**more: str) -> dict[str, str]:
    return {
        "registry": "contoso",
        "regions": "eastus, westeurope, northeurope",
        "deployed": json.dumps(fixture("pe-static.json")),
        "graph": json.dumps(fixture("graph.json")),
        "records": json.dumps(fixture("records.json")),
        "action": "change",
    } | more


def test_it_is_linked_from_the_estate_page(client: Client) -> None:
    assert 'href="/change"' in client.get("/estate").content.decode()
    page = client.get("/change").content.decode()
    assert "az graph query" in page
    assert 'for="id_deployed"' in page


def test_it_plans_a_change_on_the_whole_page(client: Client) -> None:
    response = client.post("/change", pasted())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fits: 1 static-IP endpoint(s) must be re-created" in page
    assert "registry_data_northeurope" in page
    assert "10.0.1.8" in page
    assert "az acr replication create --registry contoso --location northeurope" in page
    assert "verify" in page


def test_htmx_gets_only_the_results(client: Client) -> None:
    response = client.post("/change", pasted(action="drift", regions="",
                           replications=json.dumps(fixture("replications.json"))),
                           HTTP_HX_REQUEST="true")  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="day-two-results"')
    assert "contoso.northeurope.data" in page
    assert "missing" in page


def test_a_zone_file_can_be_pasted_instead_of_records(client: Client) -> None:
    response = client.post("/change", pasted(action="drift", regions="eastus westeurope",
                           records="", zone_file=zone_file()))  # fmt: skip
    assert "No drift: 3 record(s)" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("deployed", '{"name": ', "not JSON"),
        ("deployed", "", "Paste the JSON"),
        ("records", '[{"name": "contoso"}]', "/records/0/ttl"),
    ],
)
def test_problems_name_their_field(client: Client, field: str, value: str, text: str) -> None:
    response = client.post("/change", pasted(**{field: value}), HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    page = response.content.decode()
    assert f'href="#id_{field}"' in page
    assert text in page


def test_without_a_subnet_anywhere_the_subnet_field_is_named(client: Client) -> None:
    response: Any = client.post("/change", pasted(graph=""))
    assert response.status_code == 400
    assert 'href="#id_subnet"' in response.content.decode()
