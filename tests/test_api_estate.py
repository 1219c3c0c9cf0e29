"""POST /api/v1/estate and its exports: answers, and every error named by its JSON pointer."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.core.test_renderers import assert_valid_zone

ESTATE = "/api/v1/estate"
DOCUMENT: dict[str, Any] = {
    "registry": "contoso",
    "cloud": "public",
    "regions": ["eastus", "westeurope"],
    "regional_endpoints": False,
    "endpoints": [
        {
            "name": "hub-eus",
            "subnet": "10.0.1.0/27",
            "in_use": ["10.0.1.4-10.0.1.9"],
            "zone_scope": "hub",
        },
        {"name": "spoke-app1", "subnet": "10.1.2.0/29"},
        {"name": "spoke-app2", "subnet": "10.1.3.0/28"},
    ],
    "what_if": {"add_regions": ["northeurope"], "enable_regional_endpoints": True},
}


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def post(client: Client, document: Any, path: str = ESTATE) -> Any:
    body = document if isinstance(document, (str, bytes)) else json.dumps(document)
    return client.post(path, body, content_type="application/json")


def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()  # type: ignore[no-any-return]


def test_it_answers_the_whole_estate(client: Client) -> None:
    document = post(client, DOCUMENT).json()
    assert (document["fits"], document["headroom_replicas"], document["limiting_endpoint"]) == (
        True,
        0,
        "spoke-app1",
    )
    assert document["required_ips_per_endpoint"] == 3
    assert document["regional_endpoints_fit"] is False
    assert [e["name"] for e in document["endpoints"]] == ["hub-eus", "spoke-app1", "spoke-app2"]
    assert [a["ip"] for a in document["endpoints"][0]["allocations"]] == [
        "10.0.1.10", "10.0.1.11", "10.0.1.12",
    ]  # fmt: skip
    assert [(z["scope"], z["endpoints"]) for z in document["zones"]] == [
        ("hub", ["hub-eus"]), ("spoke-app1", ["spoke-app1"]), ("spoke-app2", ["spoke-app2"]),
    ]  # fmt: skip
    what_if = document["what_if"]
    added = {endpoint["name"]: endpoint.pop("added") for endpoint in what_if["endpoints"]}
    assert what_if == {
        "fits": False,
        "blocking": [
            {
                "endpoint": "spoke-app1",
                "missing": 4,
                "subnet": "10.1.2.0/29",
                "endpoints": ["spoke-app1"],
            }
        ],
        "endpoints": [
            {"name": "hub-eus", "fits": True, "missing": 0},
            {"name": "spoke-app1", "fits": False, "missing": 4},
            {"name": "spoke-app2", "fits": True, "missing": 0},
        ],
    }
    # northeurope's data endpoint, then a regional endpoint per region: current members keep
    # their addresses (hub-eus: .10-.12), the new ones take the lowest free after them
    assert [(a["member_name"], a["ip"]) for a in added["hub-eus"]] == [
        ("registry_data_northeurope", "10.0.1.13"),
        ("registry_eastus", "10.0.1.14"),
        ("registry_westeurope", "10.0.1.15"),
        ("registry_northeurope", "10.0.1.16"),
    ]
    assert {a["ip"] for a in added["spoke-app1"]} == {None}  # no room: nothing to give


def test_it_allocates_an_estate_of_one_as_the_plan_does(client: Client) -> None:
    one = {**DOCUMENT, "endpoints": DOCUMENT["endpoints"][:1], "what_if": None}
    estate = post(client, one).json()["endpoints"][0]
    single = client.get(
        "/api/v1/plan",
        {"registry": "contoso", "regions": "eastus,westeurope", "subnet": "10.0.1.0/27",
         "in_use": "10.0.1.4-10.0.1.9"},
    ).json()  # fmt: skip
    assert estate["allocations"] == single["allocations"]
    assert estate["records"] == single["records"]
    assert estate["subnet"] == single["subnet"]
    assert estate["headroom_replicas"] == single["headroom_replicas"]


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"endpoints": []}, {"/endpoints": [
            "Give endpoints as a list of 1 or more objects, each with a name and a subnet."]}),
        ({"endpoints": "hub"}, {"/endpoints": [
            "Give endpoints as a list of 1 or more objects, each with a name and a subnet."]}),
        ({"colour": "blue"}, {"/colour": [
            "Not a field here; this object takes: registry, cloud, regions, regional_endpoints, "
            "dns, zone_id, allocation, resolver_ip, endpoints, what_if, networks."]}),
        ({"regional_endpoints": "maybe"}, {"/regional_endpoints": [
            "Give true or false (on/off, yes/no and 1/0 are read too, as text), not 'maybe'."]}),
        ({"what_if": {"add_regions": ["eastus"]}}, {"/what_if/add_regions": [
            "Each region may appear once; repeated: eastus."]}),
        ({"what_if": {"add_regions": ["northeurope"], "add_replicas": 1}}, {"/what_if": [
            "Give add_regions or add_replicas, not both."]}),
        ({"what_if": 3}, {"/what_if": ["what_if is an object: add_regions or add_replicas, "
                                       "and/or enable_regional_endpoints."]}),
    ],
)  # fmt: skip
def test_it_names_each_problem_by_its_json_pointer(
    client: Client, change: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    assert problem_of(post(client, {**DOCUMENT, **change}), 400)["errors"] == errors


def test_it_reports_every_endpoints_problems_at_once(client: Client) -> None:
    endpoints = [
        {"name": "hub-eus", "subnet": "10.0.1.0/33"},
        {"name": "hub-eus", "subnet": "10.0.2.0/28", "shape": "round"},
        {"subnet": 28},
        "spoke",
    ]
    errors = problem_of(post(client, {**DOCUMENT, "endpoints": endpoints}), 400)["errors"]
    assert errors == {
        "/endpoints/0/subnet": ["An Azure subnet is /2 to /29; '10.0.1.0/33' is /33."],
        "/endpoints/1/shape": [
            "Not a field here; this object takes: name, subnet, in_use, zone_scope, dns, zone_id, "
            "allocation."
        ],
        "/endpoints/2/name": [
            "Give the endpoint's name: 2 to 64 letters, digits, underscores, periods and hyphens, "
            "starting with a letter or digit and ending with one or an underscore."
        ],
        "/endpoints/2/subnet": ["Give this as a string."],
        "/endpoints/3": ["Each endpoint is an object with a name and a subnet."],
        "/endpoints/0/name": ["'hub-eus' names another endpoint too; each name is unique."],
        "/endpoints/1/name": ["'hub-eus' names another endpoint too; each name is unique."],
    }


def test_it_escapes_pointer_characters_in_unknown_names(client: Client) -> None:
    errors = problem_of(post(client, {**DOCUMENT, "a/b~c": 1}), 400)["errors"]
    assert list(errors) == ["/a~1b~0c"]


def test_it_refuses_a_body_that_is_not_a_json_object(client: Client) -> None:
    problem_of(post(client, "{not json"), 400)
    problem_of(client.post(ESTATE, "registry=contoso", content_type="text/plain"), 415)
    assert problem_of(post(client, [1, 2]), 400)["errors"]


def test_it_refuses_a_body_over_the_limit(client: Client, settings: Any) -> None:
    settings.PLANNER_MAX_BODY_BYTES = 1_000
    assert problem_of(post(client, {**DOCUMENT, "padding": "x" * 2_000}), 413)["limit"] == 1_000


def test_it_caps_the_endpoints_of_one_estate(client: Client) -> None:
    endpoints = [{"name": f"pe{n}", "subnet": "10.0.0.0/16"} for n in range(1_001)]
    errors = problem_of(post(client, {**DOCUMENT, "endpoints": endpoints}), 400)["errors"]
    assert errors == {
        "/endpoints": [
            "1,001 endpoints; an estate has at most 1,000 (Azure's default is 200 per registry)."
        ]
    }


def test_it_warns_past_azures_default_of_200_endpoints(client: Client) -> None:
    endpoints = [{"name": f"pe{n}", "subnet": "10.0.0.0/16"} for n in range(201)]
    document = post(client, {**DOCUMENT, "endpoints": endpoints, "what_if": None}).json()
    assert document["warnings"][0] == (
        "201 private endpoints: a registry has at most 200 by default (more on request to support)."
    )


def test_it_answers_405_to_a_get(client: Client) -> None:
    response = client.get(ESTATE)
    assert problem_of(response, 405)["status"] == 405
    assert response["Allow"] == "POST"


def test_it_exports_a_zone_per_scope_and_hosts_per_endpoint(client: Client, tmp_path: Path) -> None:
    zone = post(client, DOCUMENT, f"{ESTATE}/zone?scope=hub")
    assert zone.status_code == 200
    assert zone["Content-Disposition"] == 'attachment; filename="contoso-hub.zone"'
    assert_valid_zone(zone.content.decode(), "privatelink.azurecr.io", tmp_path)
    hosts = post(client, DOCUMENT, f"{ESTATE}/hosts?endpoint=spoke-app1")
    assert hosts.content.decode().splitlines()[-3:] == [
        "10.1.2.4 contoso.azurecr.io",
        "10.1.2.5 contoso.eastus.data.azurecr.io",
        "10.1.2.6 contoso.westeurope.data.azurecr.io",
    ]
    unnamed = problem_of(post(client, DOCUMENT, f"{ESTATE}/zone"), 400)
    assert unnamed["errors"] == {
        "scope": ["The estate has 3 of them; name a zone scope: hub, spoke-app1, spoke-app2."]
    }
    wrong = problem_of(post(client, DOCUMENT, f"{ESTATE}/hosts?endpoint=nope"), 400)
    assert wrong["errors"] == {
        "endpoint": ["No endpoint 'nope'; name an endpoint: hub-eus, spoke-app1, spoke-app2."]
    }
    stray = problem_of(post(client, DOCUMENT, f"{ESTATE}/csv?scope=hub"), 400)
    assert list(stray["errors"]) == ["scope"]


def test_it_bundles_every_file_with_zone_files_bind_accepts(client: Client, tmp_path: Path) -> None:
    response = post(client, DOCUMENT, f"{ESTATE}/bundle")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert {"contoso/contoso-estate.json", "contoso/contoso-allocations.csv"} <= set(names)
    zones = [name for name in names if name.startswith("contoso/zones/")]
    assert zones == [
        "contoso/zones/hub.privatelink.azurecr.io.zone",
        "contoso/zones/spoke-app1.privatelink.azurecr.io.zone",
        "contoso/zones/spoke-app2.privatelink.azurecr.io.zone",
    ]
    for name in zones:
        assert_valid_zone(archive.read(name).decode(), "privatelink.azurecr.io", tmp_path)
    assert [n for n in names if n.startswith("contoso/hosts/")] == [
        f"contoso/hosts/{e['name']}-hosts.txt" for e in DOCUMENT["endpoints"]
    ]
    assert post(client, DOCUMENT, f"{ESTATE}/bundle").content == response.content  # repeatable


def test_it_answers_422_to_exports_of_an_estate_that_does_not_fit(client: Client) -> None:
    crowded = {
        **DOCUMENT,
        "endpoints": [{"name": "tiny", "subnet": "10.0.0.0/29", "in_use": ["10.0.0.4"]}],
    }
    for name in ("json", "csv", "zone", "hosts", "bundle"):
        problem = problem_of(post(client, crowded, f"{ESTATE}/{name}"), 422)
        assert (
            problem["detail"]
            == "Does not fit: 1 of 1 private endpoint(s) lack addresses: tiny (1 short)."
        )
    assert post(client, crowded).status_code == 200  # the estate itself answers, fits: false


def test_it_reads_regions_and_regions_to_add_by_display_name(client: Client) -> None:
    by_display = {
        **DOCUMENT,
        "regions": ["East US", "West Europe"],
        "what_if": {"add_regions": ["North Europe"], "enable_regional_endpoints": True},
    }
    assert post(client, by_display).json() == post(client, DOCUMENT).json()


def test_it_refuses_an_estate_larger_than_one_request_plans(client: Client) -> None:
    """1,000 endpoints of a 58-region registry with regional endpoints would answer tens of MB:
    a small 400 names the limit instead (200 endpoints of a 19-region one are planned)."""
    from planner.core.azure import PUBLIC_REGIONS
    from planner.core.inputs import MAX_ESTATE_MEMBERS

    def document(count: int, regions: int) -> dict[str, Any]:
        return {
            "registry": "contoso",
            "regions": list(PUBLIC_REGIONS)[:regions],
            "regional_endpoints": True,
            "endpoints": [
                {"name": f"pe{i}", "subnet": f"10.{i // 256}.{i % 256}.0/24"} for i in range(count)
            ],
        }

    refused = post(client, document(1000, 58), f"{ESTATE}/terraform")
    problem = problem_of(refused, 400)
    assert "117,000 addresses" in problem["errors"]["/endpoints"][0]
    assert f"at most {MAX_ESTATE_MEMBERS:,}" in problem["errors"]["/endpoints"][0]
    assert len(refused.content) < 2_000
    grown = {**document(200, 19), "what_if": {"add_regions": ["westeurope"]}}
    assert post(client, document(200, 19)).status_code == 200
    assert problem_of(post(client, grown), 400)["errors"]["/endpoints"]  # the what-if counts


def test_it_bundles_at_most_azures_default_number_of_endpoints(client: Client) -> None:
    """The bundle's cost grows with every endpoint's files: past 200 endpoints each export is
    asked on its own, and a small 400 says so (the Terraform file is still made)."""
    endpoints = [{"name": f"pe{n}", "subnet": f"10.{n // 256}.{n % 256}.0/28"} for n in range(201)]
    document = {"registry": "contoso", "regions": ["eastus"], "endpoints": endpoints}
    problem = problem_of(post(client, document, f"{ESTATE}/bundle"), 400)
    assert "at most 200 endpoints" in problem["errors"]["/endpoints"][0]
    assert post(client, document, f"{ESTATE}/terraform").status_code == 200
    fewer = {**document, "endpoints": endpoints[:200]}
    assert post(client, fewer, f"{ESTATE}/bundle")["Content-Type"] == "application/zip"


# Two endpoints in one /28, an address in use typed on pe-hub-a's row only: one subnet, one
# answer. Each needs 3 (two replicas), so the /28 (11 usable, 1 in use) keeps 4 free after
# both; a replica takes one more in each, so 2 more fit; northeurope with regional endpoints
# would need 7 each, 14 of the 10 free: 4 short, for both.
SHARED: dict[str, Any] = {
    "registry": "contoso",
    "regions": ["eastus", "westus"],
    "endpoints": [
        {"name": "pe-hub-a", "subnet": "10.0.1.0/28", "in_use": ["10.0.1.4"]},
        {"name": "pe-hub-b", "subnet": "10.0.1.0/28"},
        {"name": "pe-lab", "subnet": "10.9.0.0/27"},
    ],
    "what_if": {"add_regions": ["northeurope"], "enable_regional_endpoints": True},
}


def test_it_answers_a_shared_subnet_as_one_subnet(client: Client) -> None:
    document = client.post(ESTATE, SHARED, "application/json").json()
    hub = {
        "cidr": "10.0.1.0/28",
        "endpoints": ["pe-hub-a", "pe-hub-b"],
        "usable": 11,
        "in_use": 1,
        "required_ips": 6,
        "planned": 6,
        "free_after_plan": 4,
        "fits": True,
        "missing": 0,
        "smallest_prefix": 28,
        "headroom_replicas": 2,
        "headroom_limit": "addresses",
        "verdict": "Fits: 10.0.1.0/28 holds the 6 addresses of pe-hub-a and pe-hub-b; 4 free "
        "after.",
    }
    assert document["subnets"][0] == hub
    assert [s["endpoints"] for s in document["subnets"]] == [["pe-hub-a", "pe-hub-b"], ["pe-lab"]]
    # every endpoint of the subnet reports it: in use before the estate, free after all of it
    figures = [
        (e["subnet"]["in_use"], e["subnet"]["free_after_plan"]) for e in document["endpoints"]
    ]
    assert figures == [(1, 4), (1, 4), (0, 24)]
    assert document["verdict"] == (
        "Fits: each of the 3 private endpoint(s) has its 3 addresses; 10.0.1.0/28, shared by "
        "pe-hub-a and pe-hub-b, limits growth to 2 more replica(s)."
    )
    assert document["limiting_endpoint"] == "pe-hub-a"
    what_if = document["what_if"]
    assert what_if["blocking"] == [
        {"endpoint": "pe-hub-a", "missing": 4, "subnet": "10.0.1.0/28",
         "endpoints": ["pe-hub-a", "pe-hub-b"]},
    ]  # fmt: skip
    assert [(e["name"], e["fits"], e["missing"]) for e in what_if["endpoints"]] == [
        ("pe-hub-a", False, 4), ("pe-hub-b", False, 4), ("pe-lab", True, 0),
    ]  # fmt: skip


def test_it_names_a_shared_subnet_that_does_not_hold_its_endpoints(client: Client) -> None:
    short = {**SHARED, "regions": ["eastus", "westus", "northeurope"], "regional_endpoints": True}
    del short["what_if"]
    document = client.post(ESTATE, short, "application/json").json()
    assert document["verdict"] == (
        "Does not fit: 1 of 3 private endpoint(s) lack addresses: 10.0.1.0/28, shared by "
        "pe-hub-a and pe-hub-b (4 short)."
    )
    hub = document["subnets"][0]
    assert (hub["fits"], hub["missing"], hub["planned"], hub["free_after_plan"]) == (
        False, 4, 7, 0,
    )  # fmt: skip
    assert hub["verdict"] == (
        "Does not fit: 10.0.1.0/28 has 10 free for the 14 addresses of pe-hub-a and pe-hub-b, "
        "4 short. A new, empty /27 or larger subnet would hold them."
    )
    # both endpoints carry the subnet's verdict: pe-hub-a has addresses, the subnet is short
    for endpoint in document["endpoints"][:2]:
        assert endpoint["warnings"][0] == hub["verdict"]
    assert document["endpoints"][2]["warnings"][0].startswith("Static IPs")


def test_it_caps_the_in_use_entries_of_all_rows_together(client: Client) -> None:
    """Each list may hold 100,000 entries, and so may the estate in all: the rows of one subnet
    share theirs, so that a body of 1,000 long lists is refused before it is read."""
    rows = [
        {
            "name": f"pe{n}",
            "subnet": "10.20.0.0/14",
            "in_use": [f"10.{20 + n // 256}.{n % 256}.{k}" for k in range(250)],
        }
        for n in range(401)
    ]  # 401 x 250 = 100,250 entries
    body = {"registry": "contoso", "regions": ["eastus"], "endpoints": rows}
    response = client.post(ESTATE, body, "application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "/endpoints/400/in_use": [
            "The endpoints list more than 100,000 in-use entries in all; an estate lists at "
            "most 100,000, as one list may. Rows of one subnet share their addresses in use: "
            "list them once."
        ]
    }
    body["endpoints"] = rows[:400]  # exactly 100,000
    assert client.post(ESTATE, body, "application/json").status_code == 200


# vnet-hub: 10.20.0.0/22 holding a /24, the endpoints' /29 and a /27. pe-hub needs 7 addresses
# (three regions, regional endpoints) and its /29 has 3: a new /27 (Microsoft's advice for a
# geo-replicated registry) could go at 10.20.1.64/27, the first /27 no subnet overlaps.
NETWORKED: dict[str, Any] = {
    "registry": "contoso",
    "regions": ["eastus", "westus", "northeurope"],
    "regional_endpoints": True,
    "endpoints": [
        {"name": "pe-hub", "subnet": "10.20.1.0/29"},
        {"name": "pe-lab", "subnet": "10.9.0.0/27"},
    ],
    "networks": [
        {
            "name": "vnet-hub",
            "address_space": ["10.20.0.0/22"],
            "subnets": ["10.20.0.0/24", "10.20.1.0/29", "10.20.1.32/27"],
        }
    ],
}


def test_it_says_where_a_new_subnet_could_go(client: Client) -> None:
    document = client.post(ESTATE, NETWORKED, "application/json").json()
    hub, lab = document["subnets"]
    assert (hub["network"], hub["free_prefix"]) == ("vnet-hub", "10.20.1.64/27")
    assert "network" not in lab  # no network holds 10.9.0.0/27: nothing to say
    assert hub["verdict"] == (
        "Does not fit: 10.20.1.0/29 has 3 free for the 7 addresses of pe-hub, 4 short. A new, "
        "empty /27 or larger subnet would hold them. 10.20.1.64/27 is free in vnet-hub."
    )
    assert document["endpoints"][0]["warnings"][0].endswith("10.20.1.64/27 is free in vnet-hub.")


def test_it_says_when_no_new_subnet_fits_in_the_network(client: Client) -> None:
    full = {
        **NETWORKED,
        "networks": [{**NETWORKED["networks"][0], "address_space": ["10.20.1.0/27"]}],
    }
    document = client.post(ESTATE, full, "application/json").json()
    hub = document["subnets"][0]
    assert hub["free_prefix"] is None
    assert hub["verdict"].endswith(
        "vnet-hub has no free /27: add an address range to its address space, or use another "
        "virtual network."
    )


def test_it_names_each_network_problem_by_its_place(client: Client) -> None:
    bad = {
        **NETWORKED,
        "networks": [
            {"name": "-vnet", "address_space": ["10.20.0.1/22"], "subnets": ["fd00::/64"]},
            {"name": "vnet-b", "colour": "blue"},
        ],
    }
    response = client.post(ESTATE, bad, "application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["/networks/0/name"][0].startswith("A virtual network name is 2 to 64 letters")
    assert errors["/networks/0/address_space"] == [
        "'10.20.0.1/22' has host bits set; did you mean 10.20.0.0/22?"
    ]
    assert errors["/networks/0/subnets"] == [
        "'fd00::/64' is IPv6; ACR private endpoints are IPv4 only."
    ]
    assert "/networks/1/colour" in errors
    assert errors["/networks/1/address_space"] == [
        "Give the network's address space: one prefix or more."
    ]
    too_many = {**NETWORKED, "networks": NETWORKED["networks"] * 101}
    response = client.post(ESTATE, too_many, "application/json")
    assert response.json()["errors"] == {
        "/networks": [
            "Give networks as a list of at most 100 objects, each with a name, an "
            "address_space and subnets."
        ]
    }
