"""Which document a parsed JSON value is, on what az and the REST API really print: the
day-two fixtures (azure-cli's recorded answers and az's output, named in their README) and
the sample documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.core.deployed.kinds import Kind, kind_of
from tests.day_two import fixture

SAMPLES = Path(__file__).resolve().parents[2] / "planner" / "samples"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("pe-static.json", Kind.DEPLOYED),
        ("pe-dynamic.json", Kind.DEPLOYED),
        ("pe-pending-rest.json", Kind.DEPLOYED),
        ("acr-show-contoso.json", Kind.ACR_SHOW),
        ("acr-show-rest.json", Kind.ACR_SHOW),
        ("replications.json", Kind.REPLICATIONS),
        ("replications-rest.json", Kind.REPLICATIONS),
        ("records.json", Kind.RECORDS),
        ("records-rest.json", Kind.RECORDS),
        ("zone-groups-spoke.json", Kind.ZONE_GROUPS),
        ("zone-groups-rest.json", Kind.ZONE_GROUPS),
        ("graph.json", Kind.GRAPH),
        ("graph-vnet.json", Kind.GRAPH),
    ],
)
def test_each_az_output_is_known_by_its_shape(name: str, kind: Kind) -> None:
    assert kind_of(fixture(name)) is kind


def test_whole_documents_are_known_by_their_endpoints() -> None:
    assert kind_of(json.loads((SAMPLES / "change.json").read_text())) is Kind.DAY_TWO
    assert kind_of(json.loads((SAMPLES / "drift.json").read_text())) is Kind.DAY_TWO
    assert kind_of(json.loads((SAMPLES / "estate.json").read_text())) is Kind.ESTATE


def test_pages_of_a_graph_query_and_a_list_of_endpoints() -> None:
    assert kind_of([fixture("graph.json"), fixture("graph.json")]) is Kind.GRAPH
    assert kind_of([fixture("pe-static.json")]) is Kind.ENDPOINT_LIST


@pytest.mark.parametrize(
    "value", [[], {}, 3, "text", None, [1, 2], {"value": []}, fixture("extension-show.json")]
)
def test_a_shape_that_says_nothing_is_no_kind(value: object) -> None:
    assert kind_of(value) is None
