"""Who wrote a static endpoint's records decides what its re-creation does to DNS: a zone
group (given, or known from the records' metadata.creator) is created again with the endpoint
and writes every record; records written by hand outlive it; when nobody can tell, every
record is written again. These decisions are data; tests/test_runbook_model.py runs the
runbooks on the model of Azure."""

from __future__ import annotations

from dataclasses import replace

import pytest
from netaddr import IPNetwork

from planner.core import Registry, Subnet
from planner.core.change.decide import change
from planner.core.change.values import ChangeRequest, EndpointState, RecordWriter, StepKind
from planner.core.deployed.endpoints import DeployedEndpoint, read_private_endpoint
from planner.core.deployed.zones import DeployedZone, read_record_sets, read_zone_groups
from planner.core.renderers.runbook import step_commands
from tests.day_two import client_flattened, fixture

GROWN = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
SHRUNK = Registry("contoso", ("eastus",), False)


def hub() -> DeployedEndpoint:
    return read_private_endpoint(fixture("pe-static.json"))


def state(zone_groups: object = None) -> EndpointState:
    return EndpointState(
        hub(),
        Subnet(IPNetwork("10.0.1.0/27")),
        "hub",
        zone_groups,  # type: ignore[arg-type]
    )


def zone_by_hand() -> DeployedZone:
    zone = read_record_sets(fixture("records.json"))
    return replace(zone, records=tuple(replace(r, creator="") for r in zone.records))


def test_a_zone_group_known_from_the_records_creator_is_recreated() -> None:
    zone = read_record_sets(fixture("records.json"))  # metadata.creator: pe-contoso-hub
    planned = change(ChangeRequest(GROWN, (state(),), zone))
    (endpoint,) = planned.endpoints
    assert endpoint.records_by is RecordWriter.ZONE_GROUP
    assert endpoint.zone_group_inferred
    assert endpoint.records_lost == ("contoso", "contoso.eastus.data", "contoso.westeurope.data")
    assert planned.zones[0].changes == ()  # every record is the zone group's to write


def test_removing_a_replica_leaves_a_static_endpoint_and_deletes_the_stale_record() -> None:
    zone = read_record_sets(fixture("records.json"))
    planned = change(ChangeRequest(SHRUNK, (state(),), zone))
    assert not planned.endpoints[0].recreated
    assert [(c.action, c.name) for c in planned.zones[0].changes] == [
        ("delete", "contoso.westeurope.data")
    ]


@pytest.mark.parametrize("form", ["rest", "az"])
def test_a_zone_group_given_by_its_list_is_recreated_with_its_name_and_zone(form: str) -> None:
    groups_json = fixture("zone-groups-rest.json")
    groups = read_zone_groups(groups_json if form == "rest" else client_flattened(groups_json))
    zone = read_record_sets(fixture("records.json"))
    planned = change(ChangeRequest(GROWN, (state(groups),), zone))
    recreate = next(s for s in planned.runbook if s.kind is StepKind.CREATE_ENDPOINT)
    commands = step_commands(planned, recreate)
    assert (
        "  az network private-endpoint dns-zone-group create "
        # the endpoint's resource group and subscription, from its id
        "--subscription 00000000-0000-0000-0000-000000000000 --resource-group=rg-network "
        "--endpoint-name pe-contoso-hub --name default "
        "--private-dns-zone /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
        "rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io "
        "--zone-name privatelink-azurecr-io --output none"
    ) in commands


def test_without_a_word_on_dns_every_record_is_written_again() -> None:
    """Neither the zone's records nor the zone groups: whoever wrote them, they resolve."""
    planned = change(ChangeRequest(GROWN, (state(),)))
    (endpoint,) = planned.endpoints
    assert endpoint.records_by is RecordWriter.UNKNOWN
    assert {c.action for c in planned.zones[0].changes} == {"rewrite"}


def test_records_written_by_hand_outlive_the_endpoint_and_only_new_ones_are_added() -> None:
    planned = change(ChangeRequest(GROWN, (state(),), zone_by_hand()))
    assert planned.endpoints[0].records_by is RecordWriter.BY_HAND
    assert [(c.action, c.name) for c in planned.zones[0].changes] == [
        ("add", "contoso.northeurope.data")
    ]


def test_a_manual_connection_is_recreated_by_manual_request_and_waits_for_approval() -> None:
    manual = replace(hub(), manual=True, request_message="Please approve")
    zone = read_record_sets(fixture("records.json"))
    planned = change(ChangeRequest(GROWN, (replace(state(), deployed=manual),), zone))
    recreate = next(s for s in planned.runbook if s.kind is StepKind.CREATE_ENDPOINT)
    commands = "\n".join(step_commands(planned, recreate))
    assert "--manual-request true" in commands
    assert "--request-message 'Please approve'" in commands
    assert "until the registry's owner approves" in recreate.title
    assert "until the registry's owner approves the new connection" in planned.downtime
    approve = next(s for s in planned.runbook if s.kind is StepKind.APPROVE)
    assert step_commands(planned, approve)[1].startswith(
        "az acr private-endpoint-connection approve "
    )
