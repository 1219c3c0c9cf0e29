"""The deployment options through the API, the OpenAPI document, the CLI and the pages."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pygohcl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from planner.core.azure import STATIC_IP_WARNING
from planner.core.sizing import DYNAMIC_ADDRESSES_NOTE
from tests.core.test_deployment_renderers import SUBSCRIPTION, ZONE_ID
from tests.test_api import PLAN, QUERY, post, problem_of

ESTATE = "/api/v1/estate"
ZONE_GROUP = {**QUERY, "dns": "zone-group", "zone_id": ZONE_ID}
DYNAMIC = {**QUERY, "dns": "zone-group", "zone_id": ZONE_ID, "allocation": "dynamic"}


@pytest.fixture
def client() -> Client:
    return Client()


def test_it_plans_dynamic_addresses_without_naming_them(client: Client) -> None:
    document = client.get(PLAN, DYNAMIC).json()
    assert document["fits"] is True
    assert document["deployment"] == {
        "dns": "zone-group",
        "zone_id": ZONE_ID,
        "allocation": "dynamic",
    }
    assert [a["ip"] for a in document["allocations"]] == [None] * document["required_ips"]
    assert {(r["value"], r["ttl"]) for r in document["records"]} == {(None, 10)}
    assert DYNAMIC_ADDRESSES_NOTE in document["warnings"]
    assert STATIC_IP_WARNING not in document["warnings"]


def test_it_leaves_the_deployment_out_of_a_plan_with_the_defaults(client: Client) -> None:
    explicit = client.get(PLAN, {**QUERY, "dns": "new-zone", "allocation": "static"})
    assert "deployment" not in explicit.json()
    assert explicit.content == client.get(PLAN, QUERY).content


@pytest.mark.parametrize("name", ["zone", "hosts"])
def test_it_answers_422_addresses_unknown_to_files_that_need_the_addresses(
    client: Client, name: str
) -> None:
    document = problem_of(client.get(f"{PLAN}/{name}", DYNAMIC), 422)
    assert document["type"] == "/api/v1/docs#problem-addresses-unknown"
    assert "allocation=dynamic" in document["detail"]
    assert "zone group" in document["detail"]  # and the way out
    assert "az network private-endpoint show" in document["detail"]


@pytest.mark.parametrize("name", ["terraform", "bicep", "azcli", "csv", "json", "firewall"])
def test_it_exports_the_rest_with_dynamic_addresses(client: Client, name: str) -> None:
    response = client.get(f"{PLAN}/{name}", DYNAMIC)
    assert response.status_code == 200
    assert not re.search(r"10\.0\.1\.[4-8]\b", response.content.decode())  # none planned


def test_it_exports_a_zone_group_in_terraform(client: Client) -> None:
    text = client.get(f"{PLAN}/terraform", ZONE_GROUP).content.decode()
    endpoint = pygohcl.loads(text)["resource"]["azurerm_private_endpoint"]["registry"]
    assert endpoint["private_dns_zone_group"]["private_dns_zone_ids"] == [ZONE_ID]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"dns": "zone-group"}, "zone_id", "Give zone_id with dns=zone-group"),
        ({"dns": "existing-zone"}, "zone_id", "Give zone_id with dns=existing-zone"),
        ({"zone_id": ZONE_ID}, "zone_id", "zone_id goes with dns=existing-zone or dns=zone-group"),
        ({"dns": "zone-group", "zone_id": "/subscriptions/x"}, "zone_id", "is not."),
        (
            {"dns": "zone-group", "zone_id": ZONE_ID.replace("azurecr.io", "azurecr.us")},
            "zone_id",
            "names the zone 'privatelink.azurecr.us'; private endpoints of registries in "
            "Azure (public) resolve through privatelink.azurecr.io.",
        ),
        (
            {"dns": "zone-group", "zone_id": ZONE_ID.replace(SUBSCRIPTION, "not-a-guid")},
            "zone_id",
            "'not-a-guid' is not a subscription id",
        ),
        ({"dns": "existing-zone", "zone_id": ZONE_ID, "allocation": "dynamic"}, "allocation",
         "use dns=zone-group with this zone_id"),
        ({"dns": "central"}, "dns", "choose one of: new-zone, existing-zone, zone-group, none."),
        ({"allocation": "auto"}, "allocation", "choose one of: static, dynamic."),
        ({"resolver_ip": "10.0.0"}, "resolver_ip", "is not an IPv4 address"),
        ({"resolver_ip": "168.63.129.16"}, "resolver_ip", "answers only inside Azure"),
    ],
)  # fmt: skip
def test_it_refuses_deployment_options_that_do_not_hold_with_a_clear_400(
    client: Client, change: dict[str, str], field: str, message: str
) -> None:
    document = problem_of(client.get(PLAN, {**QUERY, **change}), 400)
    assert message in " ".join(document["errors"][field]), document["errors"]


def test_it_takes_a_zone_id_of_another_cloud_for_a_registry_there(client: Client) -> None:
    query = {
        **QUERY,
        "cloud": "usgov",
        "regions": "usgovvirginia",
        "dns": "existing-zone",
        "zone_id": ZONE_ID.replace("azurecr.io", "azurecr.us").replace("rg-dns", "RG.(dns)_1"),
    }
    assert client.get(PLAN, query).status_code == 200


def test_it_needs_resolver_ip_for_the_forwarders(client: Client) -> None:
    document = problem_of(client.get(f"{PLAN}/forwarders", QUERY), 400)
    assert "Give resolver_ip" in document["errors"]["resolver_ip"][0]
    text = client.get(f"{PLAN}/forwarders", {**QUERY, "resolver_ip": "10.0.0.4"}).content
    assert b'zone "azurecr.io"' in text


def test_it_documents_the_options_in_openapi(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/plan"]["get"]["parameters"]}
    assert parameters["dns"]["schema"]["enum"] == [
        "new-zone",
        "existing-zone",
        "zone-group",
        "none",
    ]
    assert parameters["allocation"]["schema"]["enum"] == ["static", "dynamic"]
    assert "privateDnsZones" in parameters["zone_id"]["description"]
    assert parameters["resolver_ip"]["schema"]["format"] == "ipv4"
    schemas = spec["components"]["schemas"]
    assert schemas["Allocation"]["properties"]["ip"]["type"] == ["string", "null"]
    assert schemas["Record"]["properties"]["value"]["type"] == ["string", "null"]
    assert "deployment" not in schemas["Plan"]["required"]
    assert set(schemas["EstateDocument"]["properties"]) >= {"dns", "zone_id", "allocation"}
    assert schemas["EndpointInput"]["properties"]["dns"]["enum"][0] == "new-zone"
    assert "forwarders" in spec["paths"]["/api/v1/plan/{format}"]["parameters"][0]["schema"]["enum"]
    docs = client.get("/api/v1/docs").content.decode()
    assert 'id="problem-addresses-unknown"' in docs


# The estate


def estate_document(**extra: Any) -> dict[str, Any]:
    return {
        "registry": "contoso",
        "regions": ["eastus", "westus"],
        "dns": "zone-group",
        "zone_id": ZONE_ID,
        "allocation": "dynamic",
        "resolver_ip": "10.0.0.4",
        "endpoints": [
            {"name": "pe-hub", "subnet": "10.0.1.0/28"},
            {"name": "pe-lab", "subnet": "10.9.0.0/28", "dns": "new-zone", "allocation": "static"},
        ],
        **extra,
    }


def test_it_lets_each_endpoint_override_the_registrys_deployment(client: Client) -> None:
    document = post(client, ESTATE, estate_document()).json()
    hub, lab = document["endpoints"]
    assert hub["deployment"] == {"dns": "zone-group", "zone_id": ZONE_ID, "allocation": "dynamic"}
    assert "deployment" not in lab  # its own: the defaults
    assert hub["allocations"][0]["ip"] is None
    assert lab["allocations"][0]["ip"] == "10.9.0.4"
    text = post(client, f"{ESTATE}/terraform", estate_document()).content.decode()
    endpoints = pygohcl.loads(text)["resource"]["azurerm_private_endpoint"]
    assert "ip_configuration" not in endpoints["pe_hub"]
    assert endpoints["pe_hub"]["private_dns_zone_group"]["private_dns_zone_ids"] == [ZONE_ID]
    assert "private_dns_zone_group" not in endpoints["pe_lab"]
    forwarders = post(client, f"{ESTATE}/forwarders", estate_document())
    assert b"forwarders { 10.0.0.4; };" in forwarders.content


def test_it_answers_422_to_the_zone_of_a_scope_with_dynamic_addresses(client: Client) -> None:
    response = post(client, f"{ESTATE}/zone?scope=pe-hub", estate_document())
    assert problem_of(response, 422)["type"].endswith("#problem-addresses-unknown")
    assert post(client, f"{ESTATE}/zone?scope=pe-lab", estate_document()).status_code == 200
    assert post(client, f"{ESTATE}/hosts?endpoint=pe-hub", estate_document()).status_code == 422


def test_it_names_the_endpoint_whose_deployment_does_not_hold(client: Client) -> None:
    document = estate_document()
    document["endpoints"][1] = {"name": "pe-lab", "subnet": "10.9.0.0/28", "dns": "existing-zone"}
    document["endpoints"].append(
        {"name": "pe-dev", "subnet": "10.8.0.0/28", "zone_scope": "pe-hub", "dns": "none"}
    )
    errors = problem_of(post(client, ESTATE, document), 400)["errors"]
    assert "use dns=zone-group" in errors["/endpoints/1/allocation"][0]  # dynamic, inherited
    assert (
        "give pe-dev the dns, zone_id and allocation of pe-hub"
        in errors["/endpoints/2/zone_scope"][0]
    )


def test_it_warns_when_zone_scopes_write_into_one_existing_zone(client: Client) -> None:
    document = estate_document()
    document["endpoints"][1] = {"name": "pe-lab", "subnet": "10.9.0.0/28"}
    warnings = post(client, ESTATE, document).json()["warnings"]
    assert any("pe-hub, pe-lab write into one existing private DNS zone" in w for w in warnings)


# The command line


def printed(*args: str) -> str:
    out = StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


OPTIONS = ("--registry", "contoso", "--regions", "eastus,westus", "--subnet", "10.0.1.0/28")


def test_it_takes_the_options_on_the_command_line(client: Client) -> None:
    options = (*OPTIONS, "--dns", "zone-group", "--zone-id", ZONE_ID, "--allocation", "dynamic")
    api = client.get(f"{PLAN}/bicep", {**QUERY, **DYNAMIC, "regional_endpoints": ""})
    assert printed(*options, "--format", "bicep") == api.content.decode()
    with pytest.raises(CommandError, match="allocation=dynamic") as refused:
        printed(*options, "--format", "zone")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="--resolver-ip: Give resolver_ip"):
        printed(*OPTIONS, "--format", "forwarders")


# The pages


def test_it_shows_assigned_by_azure_and_offers_only_the_files_it_can_make(
    client: Client,
) -> None:
    html = client.get("/", DYNAMIC).content.decode()
    assert '<details class="deployment" id="deployment" open>' in html  # a value chosen: open
    assert '<option value="dynamic" selected>dynamic</option>' in html
    assert html.count('class="ip">assigned by Azure</td>') == 2 * 5  # allocations, records
    downloads = re.findall(r'href="/api/v1/plan/(\w+)\?', html)
    assert "zone" not in downloads
    assert "hosts" not in downloads
    assert "terraform" in downloads
    with_resolver = client.get("/", {**QUERY, "resolver_ip": "10.0.0.4"}).content.decode()
    assert "/api/v1/plan/forwarders?" in with_resolver


def test_it_takes_the_deployment_on_the_estate_page(client: Client) -> None:
    form = {
        "registry": "contoso",
        "regions": "eastus",
        "dns": "zone-group",
        "zone_id": ZONE_ID,
        "allocation": "dynamic",
        "endpoints-0-name": "pe-a",
        "endpoints-0-subnet": "10.0.1.0/28",
        "endpoints-1-name": "pe-b",
        "endpoints-1-subnet": "10.0.2.0/28",
        "endpoints-1-dns": "none",
        "endpoints-1-allocation": "static",
    }
    html = client.post("/estate", form).content.decode()
    assert '<option value="zone-group" selected>zone-group</option>' in html
    row_dns = html[html.index('name="endpoints-1-dns"') :].split("</select>")[0]
    assert '<option value="none" selected>none</option>' in row_dns
    assert html.count('<td class="ip">assigned by Azure</td>') == 2 * 2  # pe-a: members, records
    saved = json.loads(client.post("/estate/document", form).content)
    assert saved["endpoints"][1] == {
        "name": "pe-b",
        "subnet": "10.0.2.0/28",
        "in_use": [],
        "dns": "none",
        "allocation": "static",
    }
    form |= {"endpoints-1-dns": "existing-zone", "endpoints-1-allocation": ""}
    html = client.post("/estate", form).content.decode()  # the registry's zone, and dynamic
    assert re.search(r'id="id_endpoints-1-allocation-error"[^>]*>\s*With dynamic', html)
