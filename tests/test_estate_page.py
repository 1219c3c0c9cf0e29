"""The estate page: full page or htmx partial, errors on their fields, rows added and removed
without JavaScript, the estate document downloaded and uploaded, downloads, CSRF."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client

from planner.core.deployed.places import MAX_TEXT_CHARACTERS
from planner.core.estate import estate
from planner.forms.estate import DocumentInvalid, read_estate
from planner.pages.estate_fields import MAX_ROWS, EstateFields
from tests.day_two import fixture, narrowed
from tests.test_security import InlineCode

HTMX = {"HX-Request": "true"}
ESTATE = {
    "registry": "contoso",
    "cloud": "public",
    "regions": "eastus, westus",
    "endpoints-0-name": "pe-hub",
    "endpoints-0-subnet": "10.0.1.0/27",
    "endpoints-0-in_use": "10.0.1.4-10.0.1.6",
    "endpoints-0-zone_scope": "",
    "endpoints-1-name": "pe-spoke",
    "endpoints-1-subnet": "10.0.2.0/29",
    "endpoints-1-in_use": "",
    "endpoints-1-zone_scope": "spokes",
}
DOCUMENT = {
    "registry": "contoso",
    "cloud": "public",
    "regions": ["eastus", "westus"],
    "regional_endpoints": False,
    "endpoints": [
        {"name": "pe-hub", "subnet": "10.0.1.0/27", "in_use": ["10.0.1.4-10.0.1.6"]},
        {"name": "pe-spoke", "subnet": "10.0.2.0/29", "in_use": [], "zone_scope": "spokes"},
    ],
}


def as_query(posted: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in posted.items():
        query[name] = value
    return query


def error_of(html: str, slot: str) -> str:
    found = re.search(rf'<p class="error" id="{slot}-error"[^>]*>(.*?)</p>', html, re.S)
    assert found, f"no error slot {slot}"
    return unescape(found.group(1)).strip()


def input_of(html: str, slot: str) -> str:
    found = re.search(rf'<input id="{slot}"[^>]*>', html, re.S)
    assert found, f"no input {slot}"
    return found.group(0)


def row_names(html: str) -> list[str]:
    return re.findall(r'<input id="id_endpoints-\d+-name" name="[^"]+" value="([^"]*)"', html)


def test_it_opens_with_one_empty_row_and_no_errors() -> None:
    response = Client().get("/estate")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form id="estate-form" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert row_names(html) == [""]
    assert error_of(html, "id_registry") == ""
    assert error_of(html, "id_endpoints-0-subnet") == ""
    assert "How it works" in html


def test_it_plans_the_estate_as_the_core_does() -> None:
    response = Client().post("/estate", ESTATE)
    html = unescape(response.content.decode()).replace("<wbr>", "")  # FQDNs break at dots
    expected = estate(read_estate(DOCUMENT))
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert row_names(html) == ["pe-hub", "pe-spoke"]
    assert expected.verdict in html
    assert f"limited by <strong>{expected.limiting.name}</strong>" in html
    for endpoint in expected.endpoints:
        assert f'<h3 id="endpoint-{expected.endpoints.index(endpoint) + 1}-heading">' in html
        for allocation in endpoint.plan.allocations:
            assert (
                f'<code>{allocation.fqdn}</code></td><td class="ip"><code>{allocation.ip}</code>'
                in html
            )
    # pe-hub's picture: its own in-use range, then its planned addresses
    assert 'title="10.0.1.6: in use"' in html
    assert 'title="10.0.1.7: planned, login server (registry)"' in html


def test_it_answers_htmx_with_the_results_partial_and_out_of_band_error_slots() -> None:
    response = Client().post("/estate", ESTATE, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<form" not in html
    assert 'id="id_endpoints-1-subnet-error" hx-swap-oob="true"' in html
    assert 'id="id_what_if-add_regions-error" hx-swap-oob="true"' in html
    assert 'id="id_endpoints-2-name-error"' not in html  # only the rows on the page


def test_it_puts_each_problem_on_its_field_by_json_pointer() -> None:
    posted = ESTATE | {
        "endpoints-0-name": "",  # a blank row: left out of the document
        "endpoints-0-subnet": "",
        "endpoints-0-in_use": "",
        "endpoints-1-subnet": "10.0.2.0/33",
        "endpoints-2-name": "pe-west",
        "endpoints-2-subnet": "10.0.3.0/28",
        "endpoints-3-name": "PE-West",  # Azure's names are case-insensitive
        "endpoints-3-subnet": "10.0.4.0/28",
        "regions": "eastus, wetsus",
        "what_if-add_replicas": "many",
    }
    with pytest.raises(DocumentInvalid) as raised:
        read_estate(EstateFields.posted(as_query(posted)).document())
    by_pointer = raised.value.errors
    assert set(by_pointer) == {
        "/regions",
        "/endpoints/0/subnet",  # the document's endpoint 0 is the page's row 1
        "/endpoints/1/name",
        "/endpoints/2/name",
        "/what_if/add_replicas",
    }
    response = Client().post("/estate", posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert error_of(html, "id_regions") == " ".join(by_pointer["/regions"])
    assert error_of(html, "id_endpoints-1-subnet") == " ".join(by_pointer["/endpoints/0/subnet"])
    assert error_of(html, "id_endpoints-2-name") == " ".join(by_pointer["/endpoints/1/name"])
    assert error_of(html, "id_endpoints-3-name") == " ".join(by_pointer["/endpoints/2/name"])
    assert "names another endpoint too" in error_of(html, "id_endpoints-3-name")
    assert (
        error_of(html, "id_what_if-add_replicas") == "Give the replicas to add as a whole number."
    )
    assert error_of(html, "id_endpoints-0-subnet") == ""
    assert 'aria-invalid="true"' in input_of(html, "id_endpoints-1-subnet")
    assert "id_endpoints-1-subnet-error" in input_of(html, "id_endpoints-1-subnet")
    assert "aria-invalid" not in input_of(html, "id_endpoints-1-name")
    assert "No plan yet" in html

    partial = Client().post("/estate", posted, headers=HTMX)
    assert partial.status_code == 200  # swapped by htmx; no console error for half-typed input
    assert partial["Planner-Invalid"] == "true"
    assert 'id="id_endpoints-1-subnet-error" hx-swap-oob="true"' in partial.content.decode()


def test_it_says_an_estate_without_endpoints_at_the_list() -> None:
    posted = {key: value for key, value in ESTATE.items() if not key.startswith("endpoints-1")}
    posted |= {"endpoints-0-name": "", "endpoints-0-subnet": "", "endpoints-0-in_use": ""}
    html = Client().post("/estate", posted).content.decode()
    assert "Give endpoints as a list of 1 or more" in error_of(html, "id_endpoints")


def test_it_adds_and_removes_rows_without_javascript() -> None:
    added = Client().post("/estate", ESTATE | {"add": "1"})
    html = added.content.decode().replace("<wbr>", "")
    assert added.status_code == 200
    assert row_names(html) == ["pe-hub", "pe-spoke", ""]
    assert "autofocus" in input_of(html, "id_endpoints-2-name")
    assert "Estate of contoso.azurecr.io" in html  # a blank row changes nothing

    removed = Client().post("/estate", ESTATE | {"remove": "0"}).content.decode()
    assert row_names(removed) == ["pe-spoke"]
    assert 'value="10.0.2.0/29"' in input_of(removed, "id_endpoints-0-subnet")
    assert 'name="remove"' not in removed  # the last row stays


def test_it_swaps_the_rows_and_the_answer_for_htmx() -> None:
    html = Client().post("/estate", ESTATE | {"remove": "1"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="endpoint-rows"')
    assert row_names(html) == ["pe-hub"]
    assert re.search(r'<section id="results"[^>]*hx-swap-oob="true"', html)
    assert 'id="id_registry-error" hx-swap-oob="true"' in html
    assert 'id="id_endpoints-1-name-error" hx-swap-oob' not in html  # that row is gone


def test_it_holds_at_most_max_rows() -> None:
    posted = ESTATE | {f"endpoints-{index}-name": f"pe-{index}" for index in range(2, MAX_ROWS + 1)}
    html = Client().post("/estate", posted).content.decode()
    assert len(row_names(html)) == MAX_ROWS
    assert f"at most {MAX_ROWS} endpoints; 1 more were left out" in error_of(html, "id_endpoints")
    assert re.search(r'<button type="submit" name="add" value="1" disabled', html)


def test_it_round_trips_the_estate_document_through_download_and_upload() -> None:
    downloaded = Client().post("/estate/document", ESTATE)
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"] == "application/json"
    assert downloaded["Content-Disposition"] == ('attachment; filename="contoso-estate-input.json"')
    assert json.loads(downloaded.content) == DOCUMENT

    file = SimpleUploadedFile("contoso-estate-input.json", downloaded.content)
    uploaded = Client().post("/estate/upload", {"document": file})
    html = uploaded.content.decode()
    assert uploaded.status_code == 200
    assert row_names(html) == ["pe-hub", "pe-spoke"]
    assert 'value="10.0.1.4-10.0.1.6"' in input_of(html, "id_endpoints-0-in_use")
    assert estate(read_estate(DOCUMENT)).verdict in unescape(html)

    filled = EstateFields.of_document(json.loads(downloaded.content))
    again = Client().post("/estate/document", posted_form(filled))
    assert again.content == downloaded.content


def posted_form(fields: EstateFields) -> dict[str, str]:
    """What the browser posts from a page showing `fields`."""
    form = {
        "registry": fields.registry,
        "cloud": fields.cloud,
        "regions": fields.regions,
        "what_if-add_regions": fields.add_regions,
        "what_if-add_replicas": fields.add_replicas,
    }
    for index, row in enumerate(fields.rows):
        form |= {f"endpoints-{index}-{name}": getattr(row, name) for name in vars(row)}
    return form


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not json", "The file is not a JSON document"),
        (b"[1, 2]", "An estate document is a JSON object"),
        (
            json.dumps({**DOCUMENT, "zones": []}).encode(),
            "Left out what an estate document does not hold: zones.",
        ),
    ],
)
def test_it_says_what_an_upload_lacks(content: bytes, problem: str) -> None:
    file = SimpleUploadedFile("estate.json", content)
    html = Client().post("/estate/upload", {"document": file}).content.decode()
    assert error_of(html, "id_document").startswith(problem)


def test_it_refuses_an_upload_over_the_body_limit(settings: object) -> None:
    settings.PLANNER_MAX_BODY_BYTES = 100  # type: ignore[attr-defined]
    file = SimpleUploadedFile("estate.json", json.dumps(DOCUMENT).encode())
    html = Client().post("/estate/upload", {"document": file}).content.decode()
    assert "at most 100 bytes" in error_of(html, "id_document")
    assert row_names(html) == [""]


def test_it_downloads_the_estate_exports_from_the_form() -> None:
    fitting = ESTATE
    zone = Client().post("/estate/download/zone", fitting | {"part": "spokes"})
    assert zone.status_code == 200
    assert zone["Content-Disposition"] == 'attachment; filename="contoso-spokes.zone"'
    assert "Zone scope spokes: resolves pe-spoke." in zone.content.decode()

    bundle = Client().post("/estate/download/bundle", fitting)
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert "contoso/hosts/pe-hub-hosts.txt" in names

    short = ESTATE | {"endpoints-1-in_use": "10.0.2.4"}  # pe-spoke lacks an address
    refused = Client().post("/estate/download/csv", short)
    assert refused.status_code == 409
    assert "The files come once every endpoint fits." in refused.content.decode()
    assert Client().post("/estate/download/nothing", fitting).status_code == 404


def test_it_enforces_csrf_on_the_form_without_javascript() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/estate", ESTATE).status_code == 403
    assert client.post("/estate/document", ESTATE).status_code == 403
    page = client.get("/estate").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    assert client.post("/estate", ESTATE | {"csrfmiddlewaretoken": token[1]}).status_code == 200


@pytest.mark.parametrize("posted", [None, ESTATE])
def test_it_serves_the_page_without_inline_script_or_style(posted: dict[str, str] | None) -> None:
    response = Client().post("/estate", posted) if posted else Client().get("/estate")
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.found == []


def test_the_single_endpoint_page_links_to_the_estate() -> None:
    assert 'href="/estate"' in Client().get("/").content.decode()


def test_it_asks_for_a_file_when_the_upload_has_none() -> None:
    response = Client().post("/estate/upload", {})
    html = response.content.decode()
    assert response.status_code == 400
    assert error_of(html, "id_document").startswith("Choose an estate document")
    assert "How it works" in html


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        (None, "Choose an estate document"),
        (b'{"registry": ', "The file is not a JSON document"),
        (b"[]", "An estate document is a JSON object"),
    ],
    ids=["no file", "broken JSON", "not an object"],
)
def test_a_failed_upload_keeps_what_was_typed(file: bytes | None, problem: str) -> None:
    """The page posts the form with the upload, to /estate: the fields come back as typed."""
    posted: dict[str, Any] = ESTATE | {"upload": "1"}
    if file is not None:
        posted["document"] = SimpleUploadedFile("estate.json", file)
    response = Client().post("/estate", posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert error_of(html, "id_document").startswith(problem)
    assert row_names(html) == ["pe-hub", "pe-spoke"]
    assert 'value="contoso"' in input_of(html, "id_registry")
    assert estate(read_estate(DOCUMENT)).verdict in unescape(html)  # the plan of the fields
    assert 'id="upload-filled"' not in html


def test_a_good_upload_says_what_it_filled_at_the_pages_address() -> None:
    file = SimpleUploadedFile("estate.json", json.dumps(DOCUMENT).encode())
    response = Client().post("/estate", {"upload": "1", "document": file, "registry": "x"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert re.search(
        r'id="upload-filled" role="status">Filled from estate.json: 2 endpoints.<', html
    )
    assert row_names(html) == ["pe-hub", "pe-spoke"]
    # The page sends the upload with its form to its own address, not to /estate/upload.
    page = Client().get("/estate").content.decode()
    button = re.search(r"<button[^>]*>Upload</button>", page, re.DOTALL)
    assert button is not None
    assert 'form="estate-form" formaction="/estate"' in button.group(0)
    assert 'formenctype="multipart/form-data"' in button.group(0)
    assert re.search(r'<input id="id_document"[^>]*form="estate-form"', page, re.DOTALL)


def test_it_adds_a_row_to_an_empty_form_without_listing_what_is_missing() -> None:
    response = Client().post("/estate", {"cloud": "public", "endpoints-0-name": "", "add": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert row_names(html) == ["", ""]
    assert error_of(html, "id_registry") == ""
    assert "How it works" in html


def listed_endpoints() -> list[dict[str, object]]:
    """`az network private-endpoint list`: contoso's hub and spoke endpoints, and a storage
    account's endpoint in the same group."""
    storage = fixture("pe-dynamic.json")
    storage["name"] = "pe-logs"
    storage["privateLinkServiceConnections"][0]["privateLinkServiceId"] = (
        "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs"
    )
    return [fixture("pe-static.json"), storage, fixture("pe-dynamic.json")]


FILL = {
    "registry": "contoso",
    "regions": "eastus, westeurope",
    "endpoints-0-name": "pe-contoso-spoke",
    "endpoints-0-subnet": "10.9.9.0/24",
    "endpoints-0-zone_scope": "spokes",
    "pe_list": json.dumps(listed_endpoints()),
    "graph": json.dumps(fixture("graph.json")),
}


def value_of(html: str, slot: str) -> str:
    found = re.search(rf'<input id="{slot}"[^>]*value="([^"]*)"', html, re.S)
    assert found, f"no input {slot}"
    return unescape(found.group(1))


def test_it_fills_a_row_per_registry_endpoint_from_az_keeping_the_registry_fields() -> None:
    response = Client().post("/estate/fill", FILL)
    html = response.content.decode().replace("<wbr>", "")
    assert response.status_code == 200
    assert row_names(html) == ["pe-contoso-hub", "pe-contoso-spoke"]
    assert value_of(html, "id_endpoints-0-subnet") == "10.0.1.0/27"
    assert value_of(html, "id_endpoints-0-in_use") == "10.0.1.4-10.0.1.7"
    assert value_of(html, "id_endpoints-1-subnet") == "10.0.2.0/28"
    assert value_of(html, "id_endpoints-1-in_use") == "10.0.2.7-10.0.2.9"
    assert value_of(html, "id_endpoints-1-zone_scope") == "spokes"  # the row of that name's
    assert value_of(html, "id_registry") == "contoso"
    assert [value_of(html, f"id_regions_{n}") for n in (1, 2, 3)] == ["eastus", "westeurope", ""]
    confirmation = re.search(r'<p id="fill-filled"[^>]*>(.*?)</p>', html, re.S)
    assert confirmation, "no confirmation"
    assert unescape(confirmation.group(1)) == (
        "Filled 2 endpoint rows from az: pe-contoso-hub (10.0.1.0/27, 4 in use), "
        "pe-contoso-spoke (10.0.2.0/28, 3 in use). Each endpoint's own current addresses are "
        "counted as in use. Left out 1 endpoint to other services."
    )
    assert "Estate of contoso.azurecr.io" in html
    assert '<textarea id="id_pe_list" name="pe_list"' in html
    assert "pe-logs" not in html  # nor is the paste given back


def test_it_fills_the_registry_name_when_it_was_blank() -> None:
    html = Client().post("/estate/fill", FILL | {"registry": ""}).content.decode()
    assert value_of(html, "id_registry") == "contoso"
    other = FILL | {"registry": "fabrikam"}
    refused = Client().post("/estate/fill", other)
    assert refused.status_code == 400
    message = error_of(refused.content.decode(), "id_pe_list")
    assert message == "The list has no private endpoint of the registry fabrikam."


def test_it_names_each_boxs_problem_by_place_and_keeps_the_form() -> None:
    endpoints = listed_endpoints()
    endpoints[2]["customDnsConfigs"][1]["ipAddresses"] = ["10.0.2.300"]  # type: ignore[index]
    graph = fixture("graph.json")
    graph["data"][0]["subnetId"] = 7
    posted = FILL | {"pe_list": json.dumps(endpoints), "graph": json.dumps(graph)}
    response = Client().post("/estate/fill", posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert error_of(html, "id_pe_list").endswith("(at /2/customDnsConfigs/1/ipAddresses/0)")
    assert error_of(html, "id_graph") == "Expected a subnet id. (at /data/0/subnetId)"
    assert row_names(html) == ["pe-contoso-spoke"]  # the form as it was
    assert value_of(html, "id_endpoints-0-subnet") == "10.9.9.0/24"
    assert "10.0.2.300" in html  # the paste given back to correct
    assert '<details id="fill-box" class="paste" open>' in html


def test_it_names_the_endpoint_whose_subnet_the_graph_lacks() -> None:
    graph = fixture("graph.json")
    graph = narrowed(graph, lambda row: "vnet-spoke" not in row["subnetId"])
    html = Client().post("/estate/fill", FILL | {"graph": json.dumps(graph)}).content.decode()
    assert error_of(html, "id_graph").startswith(
        "pe-contoso-spoke: The graph output lists no prefix for the subnet snet-pe"
    )


def test_it_bounds_each_paste_box_and_asks_for_an_empty_one() -> None:
    too_long = FILL | {"pe_list": "[" + " " * MAX_TEXT_CHARACTERS, "graph": ""}
    html = Client().post("/estate/fill", too_long).content.decode()
    assert f"at most {MAX_TEXT_CHARACTERS:,} are read" in error_of(html, "id_pe_list")
    assert error_of(html, "id_graph") == "Paste the JSON that az graph query prints."


def test_the_fill_needs_csrf_and_leaves_the_boxes_out_of_htmx_replanning() -> None:
    assert Client(enforce_csrf_checks=True).post("/estate/fill", FILL).status_code == 403
    html = Client().get("/estate").content.decode()
    assert 'hx-params="not pe_list,graph,document"' in html
    assert 'formaction="/estate/fill"' in html
    assert 'data-copy="graph-command"' in html


SHORT = ESTATE | {"endpoints-1-in_use": "10.0.2.4-10.0.2.5"}  # pe-spoke: 1 free of the 3


def test_an_estate_that_does_not_fit_says_short_by_and_offers_the_files_that_fit() -> None:
    html = unescape(Client().post("/estate", SHORT).content.decode())
    assert "Does not fit: 1 of 2 private endpoint(s) lack addresses: pe-spoke (2 short)." in html
    assert re.search(r"<dt>Headroom</dt><dd>short by 2</dd>", html)
    assert "short by 2 addresses." in html  # pe-spoke's card, not "headroom 0"
    offered = re.search(r'<div class="fitting" id="fitting-downloads">.*?</div>', html, re.S)
    assert offered is not None
    assert "the files of the 1 endpoint that fit (pe-hub)" in offered.group(0)
    assert "<strong>pe-spoke</strong> (short by 2 addresses)" in offered.group(0)
    assert 'name="fitting" value="1"' in offered.group(0)

    csv = Client().post("/estate/download/csv", SHORT | {"fitting": "1"})
    assert csv.status_code == 200
    assert "pe-hub" in csv.content.decode()
    assert "pe-spoke" not in csv.content.decode()
    assert Client().post("/estate/download/csv", SHORT).status_code == 409  # the whole estate


def test_an_htmx_region_typo_keeps_the_estate_shown_and_marks_it_out_of_date() -> None:
    typo = ESTATE | {"regions": "eastus, westuss"}
    kept = Client().post("/estate", typo, headers={**HTMX, "Planner-Shown": "true"})
    html = kept.content.decode()
    assert kept.status_code == 200
    assert kept["Planner-Invalid"] == "true"
    assert kept["HX-Reswap"] == "none"
    assert 'id="results"' not in html  # the estate on screen stays
    assert re.search(
        r'id="plan-status"[^>]*data-state="stale" hx-swap-oob="true">Out of date', html
    )
    assert "westuss" in error_of(html, "id_regions")
    # A page that shows no estate yet gets the answer, as before; a valid form clears the mark.
    first = Client().post("/estate", typo, headers=HTMX)
    assert 'id="results"' in first.content.decode()
    fixed = Client().post("/estate", ESTATE, headers={**HTMX, "Planner-Shown": "true"})
    assert re.search(
        r'id="plan-status"[^>]*data-state="current" hx-swap-oob="true">', fixed.content.decode()
    )
    assert 'data-shown="estate"' in fixed.content.decode()


def test_removing_a_row_focuses_the_next_row_or_the_add_button() -> None:
    middle = Client().post("/estate", ESTATE | {"remove": "0"}).content.decode()
    assert re.search(r'<input id="id_endpoints-0-name"[^>]*autofocus', middle, re.S)
    assert row_names(middle) == ["pe-spoke"]
    last = Client().post("/estate", ESTATE | {"remove": "1"}).content.decode()
    assert re.search(r'id="add-endpoint" autofocus', last)
    assert not re.search(r"<input[^>]*autofocus", last)
    htmx = Client().post("/estate", ESTATE | {"remove": "1"}, headers=HTMX)
    assert json.loads(htmx["HX-Trigger-After-Settle"]) == {"planner:focus": {"id": "add-endpoint"}}


def test_the_fill_keeps_the_virtual_networks_and_a_short_subnet_says_where_to_go() -> None:
    """With the query's addressSpace column the page knows each endpoint's virtual network:
    kept in the form (a hidden field), it says where a new subnet could go; the estate
    document saved from the page holds it too."""
    three_regions = FILL | {
        "regions": "eastus, westeurope, northeurope",
        "regional_endpoints": "true",  # 7 addresses: the spoke's /28 has 8 free
        "graph": json.dumps(fixture("graph-vnet.json")),
    }
    raw = Client().post("/estate/fill", three_regions).content.decode()
    found = re.search(r'<input type="hidden" name="networks" value="([^"]*)"', raw)
    assert found, "no networks field"
    networks = json.loads(unescape(found.group(1)))
    html = unescape(raw)
    assert [n["name"] for n in networks] == ["vnet-hub", "vnet-spoke"]
    assert "Address space of vnet-hub (10.0.0.0/22), vnet-spoke (10.0.2.0/24, 10.0.3.0/24)" in html
    posted = {key: value for key, value in three_regions.items() if key not in ("pe_list", "graph")}
    posted |= {
        "endpoints-0-name": "pe-contoso-hub",
        "endpoints-0-subnet": "10.0.1.0/29",  # too small now: 3 usable for 7
        "networks": unescape(found.group(1)),
    }
    html = unescape(Client().post("/estate", posted).content.decode().replace("<wbr>", ""))
    assert "10.0.1.64/27 is free in vnet-hub." in html
    document = json.loads(Client().post("/estate/document", posted).content)
    assert document["networks"] == networks


def hidden_dropped(html: str) -> str:
    found = re.search(r'<input type="hidden" name="dropped_rows" value="(\d+)">', html)
    return found.group(1) if found else ""


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-js", "htmx"])
def test_rows_an_upload_left_out_are_never_lost_without_a_word(headers: dict[str, str]) -> None:
    """250 endpoints uploaded, 200 shown: every later post still says 50 were left out and
    plans nothing, the document is not saved with 200, until they are left out on purpose
    (issue 26, item 7)."""
    endpoints = [{"name": f"pe-{n}", "subnet": f"10.{n // 256}.{n % 256}.0/28"} for n in range(250)]
    document = {**DOCUMENT, "endpoints": endpoints}
    file = SimpleUploadedFile("big.json", json.dumps(document).encode(), "application/json")
    html = Client().post("/estate/upload", {"document": file}).content.decode()
    assert "50 more were left out" in error_of(html, "id_endpoints")
    assert hidden_dropped(html) == "50"
    # The form as the page posts it next: its 200 rows and the hidden count.
    posted = {
        "registry": "contoso", "regions": "eastus, westus", "dropped_rows": "50",
        **{f"endpoints-{n}-name": f"pe-{n}" for n in range(MAX_ROWS)},
        **{f"endpoints-{n}-subnet": f"10.{n // 256}.{n % 256}.0/28" for n in range(MAX_ROWS)},
    }  # fmt: skip
    again = Client().post("/estate", posted, headers=headers).content.decode()
    assert "50 more were left out" in again
    assert hidden_dropped(again) == "50"
    assert "Estate of contoso" not in again  # nothing planned
    saved = Client().post("/estate/document", posted)
    assert saved.status_code == 409
    assert "Content-Disposition" not in saved
    assert "50 more were left out" in saved.content.decode()
    chosen = Client().post("/estate", {**posted, "leave_out": "1"}, headers=headers)
    left = chosen.content.decode()
    assert "more were left out" not in left
    assert hidden_dropped(left) == ""
    assert "Estate of contoso" in left
    if headers:  # the hidden count is swapped out too, so the next post does not carry it
        assert re.search(r'<div id="dropped-rows" hx-swap-oob="true">\s*</div>', left)
    kept = {k: v for k, v in posted.items() if k != "dropped_rows"}
    downloaded = Client().post("/estate/document", kept)
    assert downloaded.status_code == 200
    assert len(json.loads(downloaded.content)["endpoints"]) == MAX_ROWS


def test_a_forged_dropped_count_is_bounded() -> None:
    for value in ("-1", "x", "1" * 50, "١٢"):
        html = Client().post("/estate", ESTATE | {"dropped_rows": value}).content.decode()
        assert "more were left out" not in html
    html = Client().post("/estate", ESTATE | {"dropped_rows": "9999999"}).content.decode()
    assert "; 1000 more were left out" in error_of(html, "id_endpoints")  # MAX_ENDPOINTS


@pytest.mark.parametrize(
    ("changed", "place"),
    [
        ({"regional_endpoints": 1}, "regional_endpoints"),
        ({"regional_endpoints": "maybe"}, "regional_endpoints"),
        ({"what_if": {"add_replicas": 1, "enable_regional_endpoints": 1}}, "what_if"),
    ],
)
def test_an_upload_reads_true_and_false_as_the_api_does(
    changed: dict[str, Any], place: str
) -> None:
    """`regional_endpoints: 1` was read as off without a word; the API answers 400 for it
    (issue 26, item 8): the upload says the API's message and fills nothing."""
    document = {**DOCUMENT, **changed}
    api = Client().post("/api/v1/estate", json.dumps(document), "application/json")
    assert api.status_code == 400
    (messages,) = [
        m for pointer, m in api.json()["errors"].items() if pointer.startswith(f"/{place}")
    ]
    file = SimpleUploadedFile("flags.json", json.dumps(document).encode(), "application/json")
    response = Client().post("/estate/upload", {"document": file})
    html = response.content.decode()
    assert response.status_code == 400
    problem = error_of(html, "id_document")
    assert messages[0] in problem  # the API's own words
    assert problem.startswith(place)
    assert row_names(html) == [""]  # nothing filled
