"""POST /api/v1/estate/<format> for the estate's Terraform, Bicep and az CLI files."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pygohcl
import pytest
from django.test import Client

from tests.test_api import post, problem_of

ESTATE: dict[str, Any] = {
    "registry": "contoso",
    "regions": ["eastus", "westus"],
    "regional_endpoints": True,
    "endpoints": [
        {"name": "pe-a", "subnet": "10.0.1.0/27", "zone_scope": "hub"},
        {"name": "pe.a", "subnet": "10.0.1.0/27"},
        {"name": "pe-b", "subnet": "10.2.0.0/28", "zone_scope": "hub"},
    ],
}
# A /29 holds 3 addresses: not the 5 an endpoint of two replicas with regional endpoints needs.
NOT_FITTING = {**ESTATE, "endpoints": [{"name": "pe-a", "subnet": "10.0.1.0/29"}]}


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("name", "filename", "media_type", "marker"),
    [
        ("terraform", "contoso-estate.tf", "text/plain", 'resource "azurerm_private_endpoint"'),
        ("bicep", "contoso-estate.bicep", "text/plain", "'Microsoft.Network/privateEndpoints@"),
        ("azcli", "contoso-estate.sh", "text/x-shellscript", "az network private-endpoint create"),
    ],
)
def test_it_exports_the_estates_infrastructure_files(
    client: Client, name: str, filename: str, media_type: str, marker: str
) -> None:
    response = post(client, f"/api/v1/estate/{name}", ESTATE)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(media_type)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.decode().count(marker) == 3


def test_it_exports_terraform_that_hashicorps_parser_reads(client: Client) -> None:
    parsed = pygohcl.loads(post(client, "/api/v1/estate/terraform", ESTATE).content.decode())
    endpoints = parsed["resource"]["azurerm_private_endpoint"]
    assert sorted(endpoint["name"] for endpoint in endpoints.values()) == ["pe-a", "pe-b", "pe.a"]
    assert len(parsed["resource"]["azurerm_private_dns_zone"]) == 2


def test_it_bundles_the_infrastructure_files(client: Client) -> None:
    response = post(client, "/api/v1/estate/bundle", ESTATE)
    assert response.status_code == 200, response.content
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {
        "contoso/contoso-estate.tf",
        "contoso/contoso-estate.bicep",
        "contoso/contoso-estate.sh",
    } <= set(names)


@pytest.mark.parametrize("name", ["terraform", "bicep", "azcli", "bundle"])
def test_it_refuses_to_export_an_estate_that_does_not_fit(client: Client, name: str) -> None:
    document = problem_of(post(client, f"/api/v1/estate/{name}", NOT_FITTING), 422)
    assert document["detail"].startswith("Does not fit: 1 of 1 private endpoint(s) lack addresses")


def test_it_takes_no_query_parameter_for_a_whole_estate_export(client: Client) -> None:
    problem_of(post(client, "/api/v1/estate/terraform?scope=hub", ESTATE), 400)
