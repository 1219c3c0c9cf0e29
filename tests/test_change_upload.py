"""/change takes files: the document `acr-pe-planner collect` writes is planned as it is, an
estate document gives the regions wanted, each az output fills its box, a zone file is the
zone file; the page says what it read. And each page's "Try it with sample data"."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings

from planner.pages.samples import PLAN_QUERY, sample, sample_text
from tests.day_two import fixture, zone_file


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def upload(name: str, content: Any) -> SimpleUploadedFile:
    text = content if isinstance(content, str) else json.dumps(content)
    return SimpleUploadedFile(name, text.encode())


def page(client: Client, *files: SimpleUploadedFile, **fields: str) -> tuple[int, str]:
    answer = client.post("/change", {"action": "change", **fields, "files": list(files)})
    return answer.status_code, unescape(answer.content.decode())


def test_the_day_two_document_is_planned_as_it_is(client: Client) -> None:
    status, html = page(client, upload("contoso-day-two.json", sample("change")))
    assert status == 200
    assert (
        "contoso-day-two.json: the day-two document of contoso: 2 endpoints (pe-contoso-hub, "
        "pe-contoso-spoke), "
        "the zone's records, the graph query's answer; planned as it is (the boxes are left "
        "aside)." in html
    )
    assert "Runbook" in html
    assert "northeurope" in html


def test_drift_checks_an_uploaded_document(client: Client) -> None:
    status, html = page(client, upload("drift.json", sample("drift")), action="drift")
    assert status == 200
    assert "Drift in privatelink.azurecr.io" in html


def test_az_outputs_fill_their_boxes_and_plan_with_the_typed_fields(client: Client) -> None:
    files = [
        upload("pe.json", fixture("pe-static.json")),
        upload("graph.json", fixture("graph.json")),
        upload("records.json", fixture("records-rest.json")),  # the REST API's shape too
    ]
    status, html = page(
        client, *files, registry="contoso", regions="eastus, westeurope, northeurope"
    )
    assert status == 200
    assert "pe.json: read as the private endpoint (az network private-endpoint show)." in html
    assert "graph.json: read as the graph query's answer." in html
    assert "records.json: read as the zone's A records." in html
    assert "Runbook" in html
    box = re.search(r'<textarea id="id_deployed"[^>]*>([^<]*)</textarea>', html)
    assert box is not None
    assert json.loads(box.group(1)) == fixture("pe-static.json")  # the page shows what it read


def test_an_estate_document_gives_the_regions_wanted(client: Client) -> None:
    estate = {**sample("estate"), "regions": ["eastus", "westeurope", "northeurope"]}
    document = sample("change")
    boxes = {
        "deployed": json.dumps(document["endpoints"][0]["deployed"]),
        "graph": json.dumps(document["graph"]),
        "records": json.dumps(document["records"]),
    }
    status, html = page(client, upload("estate.json", estate), **boxes)
    assert status == 200
    assert (
        "estate.json: an estate document of contoso: its regions (eastus, westeurope, "
        "northeurope) are the regions wanted." in html
    )
    assert "contoso.northeurope.data.azurecr.io" in html  # the change adds it


def test_a_zone_file_is_read_as_the_zone_file(client: Client) -> None:
    document = sample("change")
    del document["records"]
    status, html = page(client, upload("contoso.json", document), upload("zone.txt", zone_file()))
    assert "zone.txt: read as the zone file." in html
    assert status == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "broken.json is not JSON (Expecting property name enclosed in double quotes"),
        ("[" * 100_000, "broken.json is nested too deeply, or has too long a number."),
        ("[" + "9" * 5_000 + "]", "broken.json is nested too deeply, or has too long a number."),
        ([], "broken.json: not a document the page reads: the day-two or estate document"),
        ([fixture("pe-static.json")], "broken.json: a list of private endpoints: give one"),
    ],
)
def test_a_file_it_cannot_read_is_named_with_what_would_be_read(
    client: Client, content: Any, message: str
) -> None:
    status, html = page(client, upload("broken.json", content))
    assert status == 400
    assert message in html
    assert 'id="id_files"' in html
    assert 'aria-invalid="true"' in html


def test_binary_and_too_many_files_are_refused_with_a_reason(client: Client) -> None:
    binary = SimpleUploadedFile("image.png", b"\x89PNG\r\n\x1a\n\xff\xfe")
    status, html = page(client, binary)
    assert status == 400
    assert "image.png: not UTF-8 text (JSON, or a zone file)." in html
    twice = [upload(name, sample("change")) for name in ("a.json", "b.json")]
    status, html = page(client, *twice)
    assert status == 400
    assert "b.json: a second day-two document; give one at a time." in html
    many = [upload(f"pe-{n}.json", fixture("pe-static.json")) for n in range(11)]
    status, html = page(client, *many)
    assert status == 400
    assert "pe-10.json: left out; give at most 10 files." in html


@override_settings(PLANNER_MAX_BODY_BYTES=2_000)
def test_a_body_past_the_limit_is_refused_unread(client: Client) -> None:
    status, html = page(client, upload("big.json", sample("change")))
    assert status == 400
    assert "larger than 2,000 bytes" in html


def test_the_htmx_answer_says_what_it_read(client: Client) -> None:
    answer = client.post(
        "/change",
        {"action": "change", "files": [upload("day-two.json", sample("change"))]},
        headers={"HX-Request": "true"},
    )
    html = unescape(answer.content.decode())
    assert answer.status_code == 200
    assert html.lstrip().startswith('<section id="day-two-results"')
    assert "day-two.json: the day-two document of contoso" in html


def test_each_page_offers_sample_data_that_plans(client: Client) -> None:
    home = client.get("/").content.decode()
    assert f'href="/?{PLAN_QUERY.replace("&", "&amp;")}">Try it with sample data' in home
    planned = client.get("/?" + PLAN_QUERY).content.decode()
    assert "Fits:" in planned
    estate = unescape(client.get("/estate?sample").content.decode())
    assert "Filled with the sample estate: 4 endpoints." in estate
    assert 'value="spoke-app3"' in estate
    assert "Fits:" in estate
    change = unescape(client.get("/change?sample").content.decode())
    assert "Filled with a sample: contoso" in change
    assert 'value="northeurope"' in change
    boxes = dict(re.findall(r'<textarea id="id_(\w+)"[^>]*>([^<]*)</textarea>', change))
    assert json.loads(boxes["deployed"]) == sample("change")["endpoints"][0]["deployed"]


def test_the_sample_documents_are_the_docs_examples() -> None:
    """docs/examples/ links to planner/samples/: one copy, read by the README's commands."""
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs" / "examples"
    for name in ("estate", "change", "drift"):
        assert (docs / f"{name}.json").read_text() == sample_text(name)
