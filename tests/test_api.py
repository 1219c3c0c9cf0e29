"""The API's contract: every endpoint, status code and error path."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.client import FakePayload

from planner.api import problems
from planner.api.middleware import ProblemMiddleware
from planner.core import azure
from planner.core.azure import STATIC_IP_WARNING
from planner.core.inputs import REGIONS_MISSING, REPLICA_COUNT_MISSING
from planner.core.renderers import plan_exports
from planner.core.sizing import REGIONAL_PREVIEW_WARNING
from tests.core.test_renderers import assert_valid_zone

PLAN = "/api/v1/plan"
QUERY = {
    "registry": "contoso",
    "regions": "eastus,westus",
    "regional_endpoints": "true",
    "subnet": "10.0.1.0/28",
}
BODY: dict[str, Any] = {
    "registry": "contoso",
    "regions": ["eastus", "westus"],
    "regional_endpoints": True,
    "subnet": "10.0.1.0/28",
}


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def post(client: Client, path: str, body: Any, **extra: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    document: dict[str, Any] = json.loads(response.content)
    assert document["status"] == status
    assert {"type", "title", "detail", "errors"} <= set(document)
    return document


def test_it_plans_from_a_query_string(client: Client) -> None:
    response = client.get(PLAN, QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["login_server"] == "contoso.azurecr.io"
    assert document["required_ips"] == 5
    assert [a["member_name"] for a in document["allocations"]] == [
        "registry",
        "registry_data_eastus",
        "registry_data_westus",
        "registry_eastus",
        "registry_westus",
    ]
    assert {r["ttl"] for r in document["records"]} == {10}
    assert document["records"][1]["name"] == "contoso.eastus.data"  # relative to the zone


def test_it_answers_a_json_body_as_the_query_string(client: Client) -> None:
    assert post(client, PLAN, BODY).content == client.get(PLAN, QUERY).content


def test_it_keeps_the_documented_field_names(client: Client) -> None:
    document = client.get(PLAN, {**QUERY, "in_use": "10.0.1.4", "replica_count": "2"}).json()
    assert list(document) == [
        "registry",
        "cloud",
        "login_server",
        "zone",
        "regions",
        "regional_endpoints",
        "required_ips",
        "breakdown",
        "subnet",
        "fits",
        "smallest_prefix",
        "headroom_replicas",
        "headroom_limit",
        "allocations",
        "records",
        "warnings",
    ]  # fmt: skip  (regional_endpoints_fit only when regional endpoints are off)
    assert list(document["subnet"]) == [
        "cidr", "size", "reserved", "usable", "in_use", "free_after_plan",
    ]  # fmt: skip
    assert document["subnet"]["in_use"] == 1
    assert document["allocations"][0]["ip"] == "10.0.1.5"


def test_it_answers_a_plan_that_does_not_fit_with_200_and_a_warning(client: Client) -> None:
    response = client.get(PLAN, {**QUERY, "subnet": "10.0.1.0/29"})
    assert response.status_code == 200
    document = response.json()
    assert (document["fits"], document["allocations"], document["records"]) == (False, [], [])
    assert document["warnings"][0] == (
        "Does not fit: the plan needs 5 addresses and 10.0.1.0/29 has 3 free. "
        "A new, empty /27 or larger subnet would hold it."
    )


def test_it_sizes_without_region_names(client: Client) -> None:
    response = client.get(
        "/api/v1/sizing",
        {"replica_count": "3", "regional_endpoints": "true", "subnet": "10.0.1.0/28"},
    )
    assert response.status_code == 200
    assert response.content.count(b"\n") == 1  # compact, as /plan answers
    document = response.json()
    assert document["required_ips"] == 7
    assert document["breakdown"] == {
        "login_server": 1,
        "data_endpoints": 3,
        "regional_endpoints": 3,
    }
    assert (document["fits"], document["smallest_prefix"], document["headroom_replicas"]) == (
        True,
        28,
        2,
    )


def test_it_refuses_region_names_on_sizing(client: Client) -> None:
    response = client.get(
        "/api/v1/sizing", {"replica_count": "2", "subnet": "10.0.1.0/28", "regions": "eastus"}
    )
    assert set(problem_of(response, 400)["errors"]) == {"regions"}


def test_it_asks_sizing_for_a_replica_count(client: Client) -> None:
    response = client.get("/api/v1/sizing", {"subnet": "10.0.1.0/28"})
    assert problem_of(response, 400)["errors"] == {"replica_count": [REPLICA_COUNT_MISSING]}


def test_it_asks_a_plan_for_regions_not_for_a_count(client: Client) -> None:
    response = client.get(PLAN, {**QUERY, "regions": "", "replica_count": "2"})
    assert problem_of(response, 400)["errors"] == {"regions": [REGIONS_MISSING]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subnet": "10.0.1.0/33"}, "subnet"),
        ({"subnet": "10.0.1.1/28"}, "subnet"),
        ({"subnet": "fd00::/64"}, "subnet"),
        ({"subnet": "10.0.1.0/30"}, "subnet"),
        ({"subnet": "0.0.0.0/1"}, "subnet"),
        ({"subnet": "127.0.0.0/24"}, "subnet"),
        ({"subnet": "169.254.0.0/24"}, "subnet"),
        ({"subnet": ""}, "subnet"),
        ({"registry": "abcd"}, "registry"),
        ({"registry": "a" * 51}, "registry"),
        ({"registry": "con-toso"}, "registry"),
        ({"registry": "contoso\n"}, "registry"),
        ({"registry": ""}, "registry"),
        ({"regions": "eastus,eastus"}, "regions"),
        ({"regions": "eastus,westeros"}, "regions"),
        ({"regions": ""}, "regions"),
        ({"regional_endpoints": "maybe"}, "regional_endpoints"),
        ({"in_use": "10.0.2.4"}, "in_use"),
        ({"in_use": "10.0.1.9-10.0.1.5"}, "in_use"),
        ({"replica_count": "3"}, "replica_count"),
        ({"replica_count": "two"}, "replica_count"),
        ({"cloud": "mars"}, "cloud"),
        ({"subnets": "10.0.1.0/28"}, "subnets"),
    ],
)
def test_it_names_the_field_of_a_bad_query(
    client: Client, change: dict[str, str], field: str
) -> None:
    document = problem_of(client.get(PLAN, {**QUERY, **change}), 400)
    assert document["type"] == "/api/v1/docs#problem-invalid-input"
    assert list(document["errors"]) == [field]
    assert all(message for message in document["errors"][field])


def test_it_lists_every_field_problem_at_once(client: Client) -> None:
    query = {
        "registry": "con-toso",
        "regions": "eastus,eastus",
        "regional_endpoints": "maybe",
        "subnet": "10.0.1.1/28",
        "cloud": "public",
        "colud": "usgov",
    }
    document = problem_of(client.get(PLAN, query), 400)
    assert set(document["errors"]) == {
        "registry",
        "regions",
        "regional_endpoints",
        "subnet",
        "colud",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"registry": 12345}, "registry"),
        ({"regions": [1, 2]}, "regions"),
        ({"regions": {"home": "eastus"}}, "regions"),
        ({"replica_count": "many"}, "replica_count"),
        ({"replica_count": 2.5}, "replica_count"),
        ({"regional_endpoints": "maybe"}, "regional_endpoints"),
        ({"subnet": ["10.0.1.0/28"]}, "subnet"),
        ({"in_use": 4}, "in_use"),
        ({"unknown": True}, "unknown"),
    ],
)
def test_it_names_the_field_of_a_wrongly_typed_body(
    client: Client, change: dict[str, Any], field: str
) -> None:
    document = problem_of(post(client, PLAN, {**BODY, **change}), 400)
    assert list(document["errors"]) == [field]


@pytest.mark.parametrize(
    ("body", "named"),
    [([], "an array"), (["eastus"], "an array"), ("contoso", "a string"), (3, "a number"),
     (None, "null")],
)  # fmt: skip
def test_it_refuses_a_body_that_is_not_an_object(client: Client, body: Any, named: str) -> None:
    document = problem_of(post(client, PLAN, body), 400)
    assert document["detail"].endswith(f"not {named}.")
    assert document["errors"] == {
        "body": ['Send a JSON object, e.g. {"subnet": "10.0.1.0/28", ...}.']
    }


@pytest.mark.parametrize(
    "text",
    ['{"registry": "contoso",', "registry=contoso", "\xff\xfe{", "[" * 100_000 + "]" * 100_000],
)
def test_it_answers_400_to_a_json_body_that_cannot_be_read(client: Client, text: str) -> None:
    body = text.encode("latin-1")  # Content-Length: 0 too (the test client omits that one)
    response = client.post(
        PLAN, body, content_type="application/json", CONTENT_LENGTH=str(len(body))
    )
    assert problem_of(response, 400)["type"].endswith("#problem-malformed-json")


def test_it_refuses_a_parameter_given_twice_in_a_body(client: Client) -> None:
    text = '{"registry": "contoso", "subnet": "10.0.1.0/28", "regions": ["eastus"], '
    text += '"subnet": "10.0.2.0/28", "registry": "fabrikam"}'
    response = client.post(PLAN, text, content_type="application/json")
    document = problem_of(response, 400)
    assert sorted(document["errors"]) == ["registry", "subnet"]
    assert "more than once" in document["errors"]["subnet"][0]


@pytest.mark.parametrize("digits", [21, 4_301, 100_000])
def test_it_names_the_field_of_a_json_integer_too_long_to_be_a_count(
    client: Client, digits: int
) -> None:
    text = json.dumps({**BODY, "replica_count": 0})[:-1].replace(": 0", ": " + "9" * digits)
    document = problem_of(client.post(PLAN, text + "}", content_type="application/json"), 400)
    assert list(document["errors"]) == ["replica_count"]
    assert f"{digits:,} digits" in document["errors"]["replica_count"][0]


def test_it_answers_411_to_a_post_without_content_length(client: Client) -> None:
    body = json.dumps(BODY).encode()
    response = client.request(  # as a chunked upload reaches WSGI: no CONTENT_LENGTH at all
        REQUEST_METHOD="POST",
        PATH_INFO=PLAN,
        CONTENT_TYPE="application/json",
        **{"wsgi.input": FakePayload(body)},
    )
    assert problem_of(response, 411)["type"].endswith("#problem-length-required")


def test_it_answers_415_to_an_empty_body_without_a_content_type(client: Client) -> None:
    response = client.post(PLAN, b"", content_type="application/json", CONTENT_LENGTH="0")
    assert problem_of(response, 415)["type"].endswith("#problem-unsupported-media-type")


def test_it_answers_415_to_another_content_type(client: Client) -> None:
    response = client.post(PLAN, QUERY)  # a form post
    assert "multipart/form-data" in problem_of(response, 415)["detail"]


def test_it_answers_413_to_a_body_over_the_limit(client: Client) -> None:
    limit = 4 * 1024 * 1024
    body = {**BODY, "in_use": ["10.0.1.4"] * (limit // 10)}
    document = problem_of(post(client, PLAN, body), 413)
    assert document["limit"] == limit


@override_settings(PLANNER_MAX_BODY_BYTES=100)
def test_it_reads_the_limit_from_the_settings(client: Client) -> None:
    assert problem_of(post(client, PLAN, {**BODY, "registry": "x" * 100}), 413)["limit"] == 100


def test_it_accepts_100000_in_use_entries(client: Client) -> None:
    entries = [f"10.{i // 65536}.{i // 256 % 256}.{i % 256}" for i in range(4, 100_004)]
    body = {**BODY, "subnet": "10.0.0.0/8", "in_use": entries}
    response = post(client, PLAN, body)
    assert response.status_code == 200, response.content[:500]
    document = response.json()
    assert document["subnet"]["in_use"] == 100_000
    assert document["allocations"][0]["ip"] == "10.1.134.164"  # 10.0.0.4 + 100,000


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_it_answers_405_with_allow_to_other_methods(client: Client, method: str) -> None:
    response = getattr(client, method)(PLAN)
    problem_of(response, 405)
    assert response["Allow"] == "GET, POST, HEAD"


def test_it_answers_head_like_get_without_a_body(client: Client) -> None:
    response = client.head(PLAN, QUERY)
    assert response.status_code == 200
    assert response.content == b""


def test_it_answers_405_to_a_post_on_sizing(client: Client) -> None:
    response = post(client, "/api/v1/sizing", {"replica_count": 2, "subnet": "10.0.1.0/28"})
    problem_of(response, 405)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/api/v1/nowhere", "/api/v1/plan/xml", "/api/v2/plan", "/api/"])
def test_it_answers_404_as_a_problem(client: Client, path: str) -> None:
    problem_of(client.get(path, QUERY), 404)


@override_settings(DEBUG=True)
def test_it_never_answers_an_html_page_under_the_api_even_in_debug(client: Client) -> None:
    problem_of(client.get("/api/v2/plan"), 404)


@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_too_many_query_parameters_with_a_400_problem(
    client: Client, debug: bool
) -> None:
    limit = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    query = "&".join(f"p{number}=1" for number in range(limit + 1))
    with override_settings(DEBUG=debug):
        document = problem_of(client.get(f"{PLAN}?{query}"), 400)
    assert document["type"].endswith("#problem-bad-request")


@pytest.mark.parametrize("status", [403, 429, 499, 503])
def test_it_turns_any_other_error_page_into_a_problem(rf: Any, status: int) -> None:
    middleware = ProblemMiddleware(lambda request: HttpResponse("<h1>no</h1>", status=status))
    response = middleware(rf.get("/api/v1/plan"))
    document = problem_of(response, status)
    assert document["type"] == "about:blank"
    untouched = middleware(rf.get("/"))
    assert untouched.content == b"<h1>no</h1>"


def test_it_answers_a_refused_host_with_a_problem(client: Client) -> None:
    problem_of(client.get(PLAN, QUERY, HTTP_HOST="evil.example"), 400)


@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_a_crash_with_a_500_problem(
    client: Client, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    def crash(*args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("planner.api.views.estate", crash)
    with override_settings(DEBUG=debug):
        document = problem_of(client.get(PLAN, QUERY), 500)
    assert "a bug" not in json.dumps(document)


@pytest.mark.parametrize("name", list(plan_exports()))
def test_it_serves_each_export_as_an_attachment(client: Client, name: str) -> None:
    export = plan_exports()[name]
    resolver = {"resolver_ip": "10.0.0.4"} if export.needs_resolver else {}
    response = client.get(f"{PLAN}/{name}", {**QUERY, **resolver})
    assert response.status_code == 200
    assert response["Content-Type"] == export.media_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.split("=", 1)[1].strip('"').startswith("contoso")
    assert post(client, f"{PLAN}/{name}", {**BODY, **resolver}).content == response.content


@pytest.mark.parametrize("name", list(plan_exports()))
def test_it_answers_422_to_an_export_that_does_not_fit(client: Client, name: str) -> None:
    document = problem_of(client.get(f"{PLAN}/{name}", {**QUERY, "subnet": "10.0.1.0/29"}), 422)
    assert document["smallest_prefix"] == 28
    assert document["detail"] == (
        "Does not fit: the plan needs 5 addresses and 10.0.1.0/29 has 3 free. "
        "A new, empty /27 or larger subnet would hold it."
    )


def test_it_validates_exports_like_the_plan(client: Client) -> None:
    document = problem_of(client.get(f"{PLAN}/zone", {**QUERY, "subnet": "10.0.1.0/33"}), 400)
    assert list(document["errors"]) == ["subnet"]


@pytest.mark.parametrize("cloud", ["public", "usgov", "china"])
def test_it_exports_a_zone_file_bind_accepts(client: Client, cloud: str, tmp_path: Path) -> None:
    region = {"public": "eastus,westus", "usgov": "usgovvirginia", "china": "chinaeast2"}[cloud]
    query = {**QUERY, "cloud": cloud, "regions": region, "in_use": "10.0.1.4,10.0.1.6"}
    response = client.get(f"{PLAN}/zone", query)
    assert response.status_code == 200
    document = client.get(PLAN, query).json()
    zone = assert_valid_zone(response.content.decode(), document["zone"], tmp_path)
    assert {name.to_text() for name in zone.nodes} == {"@"} | {
        record["name"] for record in document["records"]
    }


def test_it_exports_the_allocations_as_csv(client: Client) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(f"{PLAN}/csv", QUERY).content.decode())))
    allocations = client.get(PLAN, QUERY).json()["allocations"]
    assert [dict(row) for row in rows] == [
        {key: value or "" for key, value in allocation.items()} for allocation in allocations
    ]


def test_it_serves_the_openapi_document(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/plan",
        "/api/v1/plan/{format}",
        "/api/v1/sizing",
        "/api/v1/estate",
        "/api/v1/estate/{format}",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/change",
        "/api/v1/drift",
    }
    assert "Problem" in document["components"]["schemas"]


def test_it_serves_a_docs_page_that_explains_every_problem_type(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    for kind in problems.PROBLEM_TYPES:
        assert f'id="problem-{kind.slug}"' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host
    for name in plan_exports():
        assert f"<code>{name}</code>" in page


def test_it_refuses_query_parameters_on_a_post(client: Client) -> None:
    response = client.post(
        f"{PLAN}?regions=westus", json.dumps(BODY), content_type="application/json"
    )
    assert problem_of(response, 400)["errors"] == {
        "regions": ["A POST takes its parameters in the JSON body, not in the query string."]
    }


def test_it_answers_problems_at_api_without_a_slash(client: Client) -> None:
    response = client.get("/api")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_it_says_whether_enabling_regional_endpoints_would_fit(client: Client) -> None:
    off = {**QUERY, "regional_endpoints": "false", "regions": "eastus,westus,westeurope"}
    roomy = client.get(PLAN, off).json()  # /28: 11 usable; 4 now, 7 with regional endpoints
    tight = client.get(PLAN, {**off, "in_use": "10.0.1.4-10.0.1.8"}).json()  # 6 free
    assert (roomy["regional_endpoints_fit"], tight["regional_endpoints_fit"]) == (True, False)
    assert tight["fits"] is True
    assert "regional_endpoints_fit" not in client.get(PLAN, QUERY).json()  # already on
    sizing = client.get(
        "/api/v1/sizing",
        {"replica_count": "3", "subnet": "10.0.1.0/28", "in_use": "10.0.1.4-10.0.1.8"},
    )
    assert sizing.json()["regional_endpoints_fit"] is False


def test_it_caps_headroom_at_the_regions_the_cloud_has_left(client: Client) -> None:
    document = client.get(PLAN, {**QUERY, "subnet": "10.0.0.0/8"}).json()
    assert document["headroom_replicas"] == len(azure.CLOUDS[azure.Cloud.PUBLIC].regions) - 2
    assert document["headroom_limit"] == "regions"
    small = client.get(PLAN, QUERY).json()  # /28: 11 usable, 5 planned: 3 more replicas of 2
    assert (small["headroom_replicas"], small["headroom_limit"]) == (3, "addresses")


def test_it_gives_a_sizing_the_warnings_of_a_plan_of_the_same_figures(client: Client) -> None:
    plan_warnings = client.get(PLAN, QUERY).json()["warnings"]
    sizing = client.get(
        "/api/v1/sizing",
        {"replica_count": "2", "regional_endpoints": "true", "subnet": "10.0.1.0/28"},
    ).json()
    assert sizing["warnings"] == plan_warnings
    assert plan_warnings == [
        "Microsoft advises at least a /27 for private-endpoint subnets of geo-replicated "
        "registries; this one is a /28.",
        STATIC_IP_WARNING,
        REGIONAL_PREVIEW_WARNING,
    ]


def test_it_documents_the_new_figures_in_openapi(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("Plan", "Sizing"):
        properties, required = schemas[name]["properties"], schemas[name]["required"]
        assert properties["regional_endpoints_fit"]["type"] == "boolean"
        assert "regional_endpoints_fit" not in required
        assert properties["headroom_limit"]["enum"] == ["addresses", "regions"]
        assert "headroom_limit" in required


def test_it_reads_regions_by_display_name_in_a_query_string_and_a_body(client: Client) -> None:
    query = {"registry": "contoso", "regions": "East US,West Europe", "subnet": "10.0.1.0/28"}
    document = client.get(PLAN, query).json()
    assert document["regions"] == ["eastus", "westeurope"]
    body = {"registry": "contoso", "regions": ["East US 2", "westus"], "subnet": "10.0.1.0/28"}
    assert post(client, PLAN, body).json()["regions"] == ["eastus2", "westus"]


def test_it_plans_a_public_subnet_with_one_more_warning(client: Client) -> None:
    query = {"registry": "contoso", "regions": "eastus", "subnet": "20.0.1.0/28"}
    document = client.get(PLAN, query).json()
    assert document["fits"] is True
    assert isinstance(document["warnings"], list)
    assert any("20.0.1.0/28 is outside the private ranges" in w for w in document["warnings"])
