"""The day-two page: pasted az output planned as a change or checked for drift, the whole
page without JavaScript and the results partial for htmx."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from urllib.parse import unquote

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


def test_each_paste_box_is_labelled_in_words_not_by_its_field_name(client: Client) -> None:
    labels = re.findall(
        r'<label for="id_\w+">([^<:]+): JSON of', client.get("/change").content.decode()
    )
    assert labels == ["Deployed", "Graph", "Records", "Replications", "Registry", "Zone groups"]


def test_it_is_linked_from_the_estate_page(client: Client) -> None:
    assert 'href="/change"' in client.get("/estate").content.decode()
    page = client.get("/change").content.decode()
    assert "az graph query" in page
    assert 'for="id_deployed"' in page


def test_it_plans_a_change_on_the_whole_page(client: Client) -> None:
    response = client.post("/change", pasted())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fits: 1 endpoint(s) must be re-created" in page
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
    assert '<td data-label="Found">no record</td>' in page  # a missing record: found none
    assert '<strong class="severity high">high</strong>' in page


def test_a_zone_file_can_be_pasted_instead_of_records(client: Client) -> None:
    response = client.post("/change", pasted(action="drift", regions="eastus westeurope",
                           records="", zone_file=zone_file()))  # fmt: skip
    assert "No drift: 3 records of contoso match." in response.content.decode()


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
    assert response.status_code == 200  # htmx: the messages, no console error
    assert response["Planner-Invalid"] == "true"
    page = response.content.decode()
    assert f'href="#id_{field}"' in page
    assert text in page


def test_without_a_subnet_anywhere_the_subnet_field_is_named(client: Client) -> None:
    response: Any = client.post("/change", pasted(graph=""))
    assert response.status_code == 400
    assert 'href="#id_subnet"' in response.content.decode()


def test_it_fills_the_registry_from_the_endpoint_and_asks_only_for_what_is_unknown(
    client: Client,
) -> None:
    response = client.post("/change", pasted(registry=""))
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert 'id="id_registry" name="registry" value="contoso"' in page
    assert "Registry contoso: from the endpoint's connection (privateLinkServiceId)." in page
    runbook = page.split("<h3>Runbook</h3>", 1)[1].split("<h3>", 1)[0]  # every step's box
    assert "--resource-group=rg-network" in runbook
    assert "/subnets/snet-endpoints" in runbook
    assert "registries/contoso " in runbook
    assert "RESOURCE_GROUP:?" not in runbook
    assert "SUBNET_ID" not in runbook


def test_regions_and_replications_together_are_not_refused(client: Client) -> None:
    replications = json.dumps(fixture("replications.json"))
    both = pasted(action="drift", regions="eastus, uksouth", replications=replications)
    response = client.post("/change", both)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Regions: drift checks the registry as az acr replication list shows it" in page
    change = client.post("/change", {**both, "action": "change"})
    assert change.status_code == 200
    assert "Regions: the change goes to the regions given (eastus, uksouth)" in unescape(
        change.content.decode()
    )


def test_the_verify_script_and_the_runbook_download(client: Client) -> None:
    page = client.post("/change", pasted()).content.decode()
    links = dict(re.findall(r'<a download="([^"]+)" href="data:text/x-shellscript;charset=utf-8,'
                            r'([^"]+)"', page))  # fmt: skip
    assert set(links) == {"change.sh", "verify.sh"}
    verify = unquote(unescape(links["verify.sh"]))
    assert verify.startswith("#!/usr/bin/env bash") or verify.startswith("#!/bin/bash")
    assert "contoso.northeurope.data.azurecr.io" in verify
    assert "bash verify.sh --http" in unquote(unescape(links["change.sh"]))


def test_a_link_fills_the_fields_and_answers_nothing_yet(client: Client) -> None:
    response = client.get("/change?registry=contoso&regions=eastus,westus&subnet=10.0.1.0/27"
                          "&in_use=10.0.1.4&cloud=usgovernment&bogus=1")  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="regions" value="eastus"' in page
    assert 'name="regions" value="westus"' in page
    assert 'name="in_use" value="10.0.1.4"' in page
    assert '<input type="hidden" name="cloud" value="usgovernment">' in page
    assert "bogus" not in page
    assert "Problems" not in page
