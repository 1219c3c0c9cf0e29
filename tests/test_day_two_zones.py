"""Records per zone in the day-two document (`zones`, what collect writes): each zone's
resource id and records, tied to the endpoints whose DNS zone groups point at it; drift
judges each zone alone and reports per zone. The single-zone shape stays as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from planner.core.change.decide import change
from planner.core.drift import drift
from planner.forms.day_two_document import read_change, read_drift
from planner.forms.estate import DocumentInvalid
from tests.collect_standin import HUB_ZONE, SPOKE_ZONE
from tests.day_two import client_flattened, drift_document, fixture, zone_file

HUB = {
    "deployed": fixture("pe-static.json"),
    "zone_groups": client_flattened(fixture("zone-groups-rest.json")),
}
SPOKE = {"deployed": fixture("pe-dynamic.json"), "zone_groups": fixture("zone-groups-spoke.json")}


def zoned(**more: Any) -> dict[str, Any]:
    """contoso with a hub endpoint in the central zone and a spoke in an isolated one."""
    return {
        "registry": "contoso",
        "regions": ["eastus", "westeurope"],
        "endpoints": [HUB, SPOKE],
        "graph": fixture("graph.json"),
        "zones": [
            {"zone_id": HUB_ZONE, "records": fixture("records.json")},
            {"zone_id": SPOKE_ZONE, "records": fixture("records-spoke.json")},
        ],
    } | more


def problems(reader: Any, document: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(DocumentInvalid) as raised:
        reader(document)
    return raised.value.errors


def test_each_zone_is_judged_with_its_own_endpoints() -> None:
    result = drift(read_drift(zoned()))
    hub, spoke = result.zones
    assert (hub.zone_id, hub.endpoints, hub.findings) == (HUB_ZONE, ("pe-contoso-hub",), ())
    assert spoke.endpoints == ("pe-contoso-spoke",)
    assert [(f.kind.value, f.record) for f in spoke.findings] == [
        ("missing", "contoso.westeurope.data")
    ]
    # One zone for both would have seen the spoke's addresses collide with the hub's.
    single = drift(read_drift(drift_document(endpoints=[HUB, SPOKE])))
    assert "collision" in {f.kind.value for f in single.findings}


def test_two_endpoints_whose_groups_point_at_one_zone_collide_there() -> None:
    spoke = {**SPOKE, "zone_groups": HUB["zone_groups"]}
    document = zoned(endpoints=[HUB, spoke], zones=[zoned()["zones"][0]])
    (hub_zone,) = drift(read_drift(document)).zones
    assert hub_zone.endpoints == ("pe-contoso-hub", "pe-contoso-spoke")
    assert "collision" in {f.kind.value for f in hub_zone.findings}


def test_a_separate_zone_under_the_private_zone_is_named_for_that_zone() -> None:
    separate = SPOKE_ZONE.replace("privatelink.azurecr.io", "eastus.data.privatelink.azurecr.io")
    groups = json.loads(json.dumps(SPOKE["zone_groups"]).replace(SPOKE_ZONE, separate))
    records = [
        {
            "name": "contoso",
            "ttl": 10,
            "aRecords": [{"ipv4Address": "10.0.2.8"}],
            "id": f"{separate}/A/contoso",
        }
    ]
    document = zoned(
        endpoints=[HUB, {**SPOKE, "zone_groups": groups}],
        zones=[zoned()["zones"][0], {"zone_id": separate, "records": records}],
    )
    _, spoke = drift(read_drift(document)).zones
    assert spoke.zone == "eastus.data.privatelink.azurecr.io"
    assert spoke.findings[0].kind.value == "separate_zone"


def test_an_endpoint_no_zone_resolves_is_named_in_a_note() -> None:
    untied = {"deployed": fixture("pe-dynamic.json"), "zone_groups": []}
    result = drift(read_drift(zoned(endpoints=[HUB, untied], zones=zoned()["zones"][:1])))
    assert result.notes == (
        "pe-contoso-spoke: no zone given resolves it (none of its DNS zone groups points at "
        "one of zones), so its records are not checked.",
    )


def test_notes_given_are_said_again_first() -> None:
    result = drift(read_drift(zoned(notes=["Left out pe-x: az could not read it."])))
    assert result.notes[0] == "Left out pe-x: az could not read it."


@pytest.mark.parametrize(
    ("more", "place", "words"),
    [
        ({"records": []}, "/zones", "Give zones, or records, not both."),
        ({"zones": {}}, "/zones", "Give zones as a list"),
        ({"zones": [{"zone_id": "privatelink.azurecr.io", "records": []}]}, "/zones/0/zone_id",
         "Give the zone's resource id: /subscriptions/"),
        ({"zones": [{"zone_id": HUB_ZONE}]}, "/zones/0/records", "Give the zone's records"),
        ({"zones": [{"zone_id": HUB_ZONE, "records": [], "zone": "x"}]}, "/zones/0/zone",
         "Not a field here"),
        ({"zones": [{"zone_id": HUB_ZONE, "records": []}] * 2}, "/zones/1/zone_id",
         "This zone is given twice."),
        ({"zones": [{"zone_id": SPOKE_ZONE, "records": fixture("records.json")}]},
         "/zones/0/records/0/id", "names another zone than zone_id"),
        ({"zones": [{"zone_id": HUB_ZONE.replace("azurecr.io", "blob.core.windows.net"),
                     "records": []}]}, "/zones/0/zone_id", "the registry's private zone is"),
        ({"zones": [{"zone_id": HUB_ZONE, "records": [{"name": "contoso"}]}]},
         "/zones/0/records/0/ttl", "Expected a TTL"),
        ({"notes": "left out"}, "/notes", "Give notes as a list"),
    ],
)  # fmt: skip
def test_a_bad_zone_is_named_by_its_place(more: dict[str, Any], place: str, words: str) -> None:
    errors = problems(read_drift, zoned(**more))
    assert place in errors, errors
    assert words in " ".join(errors[place])


def test_drift_needs_a_zone_and_each_zone_an_endpoint() -> None:
    errors = problems(read_drift, zoned(zones=[]))
    assert "Give at least one zone's records" in errors["/zones"][0]
    alone = zoned(endpoints=[HUB])
    assert problems(read_drift, alone)["/zones/1/zone_id"] == [
        "No endpoint's zone group points at this zone: give each endpoint's zone_groups "
        "(what az network private-endpoint dns-zone-group list prints)."
    ]


def test_change_gives_each_zone_a_scope_and_compares_it_with_that_zones_records() -> None:
    request = read_change(zoned(regions=["eastus", "westeurope", "northeurope"]))
    assert [state.zone_scope for state in request.endpoints] == ["rg-dns", "rg-spoke"]
    result = change(request)
    spoke = next(zone for zone in result.zones if zone.scope == "rg-spoke")
    assert spoke.compared_with == "zone"
    # The isolated zone lacks the westeurope record (the hub zone has it): only this scope
    # adds it.
    assert ("add", "contoso.westeurope.data", ("10.0.2.9",)) in [
        (c.action, c.name, c.after) for c in spoke.changes
    ]
    hub = next(zone for zone in result.zones if zone.scope == "rg-dns")
    assert "contoso.westeurope.data" not in {c.name for c in hub.changes}
    # A scope the document names wins over the zone's.
    named = zoned(endpoints=[HUB, {**SPOKE, "zone_scope": "spokes"}])
    assert [s.zone_scope for s in read_change(named).endpoints] == ["rg-dns", "spokes"]


def test_change_takes_no_zones_at_all() -> None:
    request = read_change(zoned(zones=[]))
    assert request.scope_zones == ()
    assert change(request).zones[0].compared_with == "endpoint"


def test_the_api_answers_per_zone_and_keeps_the_single_zone_shape(client: Client) -> None:
    answer = client.post("/api/v1/drift", json.dumps(zoned()), "application/json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [(z["zone_id"], z["clean"]) for z in body["zones"]] == [
        (HUB_ZONE, True),
        (SPOKE_ZONE, False),
    ]
    assert (body["zone"], body["records_checked"]) == ("privatelink.azurecr.io", 5)
    old = client.post("/api/v1/drift", json.dumps(drift_document()), "application/json").json()
    (only,) = old["zones"]
    assert (only["zone"], only["records_checked"], only["findings"]) == (
        old["zone"],
        old["records_checked"],
        old["findings"],
    )
    assert only["endpoints"] == ["pe-contoso-hub"]
    bad = client.post("/api/v1/drift", json.dumps(zoned(zones=[{}])), "application/json")
    assert bad.status_code == 400
    assert "/zones/0/zone_id" in bad.json()["errors"]


def test_a_zone_file_without_an_origin_is_read_as_the_clouds_private_zone() -> None:
    """Azure China: a zone file without $ORIGIN is privatelink.azurecr.cn's, not the public
    cloud's (it was refused: "the records come from privatelink.azurecr.io")."""
    text = json.dumps(fixture("pe-static.json"))
    for public, china in (("azurecr.io", "azurecr.cn"), ("westeurope", "chinanorth3"),
                          ("eastus", "chinaeast2")):  # fmt: skip
        text = text.replace(public, china)
    zone_text = "\n".join(
        line.replace("westeurope", "chinanorth3").replace("eastus", "chinaeast2")
        for line in zone_file().splitlines()
        if not line.startswith("$ORIGIN")
    )
    document = {
        "registry": "contoso",
        "cloud": "china",
        "regions": ["chinaeast2", "chinanorth3"],
        "endpoints": [{"deployed": json.loads(text)}],
        "zone_file": zone_text,
    }
    checked = drift(read_drift(document))
    assert checked.zone == "privatelink.azurecr.cn"
    assert checked.clean, checked.findings
