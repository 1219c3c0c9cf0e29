"""Every runbook the planner prints, run by bash on the model of Azure (tests/azure_model.py)
as an engineer runs it: generated deployed states (static or dynamic endpoints, records
written by a zone group, known from metadata alone or by hand, or not given; manual or
automatic connections; a replica's member present or absent; regional endpoints on or off;
replicas added, removed or both), each read through the same document the API and the CLI
take. After the runbook: no command failed, the registry is as wanted, every name resolves to
the address its endpoint holds, and only the endpoints the change re-creates were ever out of
reach, in one window. A run stopped by a failure finishes when run again, and a second run of
a finished runbook changes nothing."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from planner.core.change.decide import change
from planner.core.change.values import Change
from planner.core.renderers.runbook import change_script
from planner.forms.day_two_document import read_change
from tests.azure_model import (
    SUBSCRIPTION,
    Endpoint,
    Model,
    RecordSet,
    SubnetState,
    Zone,
)

FIXTURES = Path(__file__).parent / "fixtures" / "day_two"
HOME, OTHERS = "eastus", ("westeurope", "northeurope", "uksouth")
WRITERS = ("zone-group", "metadata", "by-hand", "unknown")


@dataclass(frozen=True)
class EndpointSpec:
    static: bool
    manual: bool
    lacks: bool  # lacks the member of a replica that exists (created before it)
    location: str  # its virtual network's region
    nic_name: str
    tags: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Scenario:
    replicas: tuple[str, ...]  # as they are, the home region first
    regional: bool
    writer: str
    endpoints: tuple[EndpointSpec, ...]
    wanted: tuple[str, ...]
    wanted_regional: bool


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    others = draw(st.lists(st.sampled_from(OTHERS), max_size=2, unique=True))
    replicas = (HOME, *others)
    writer = draw(st.sampled_from(WRITERS))
    count = draw(st.integers(1, 3)) if writer == "zone-group" else 1
    endpoints = tuple(
        EndpointSpec(
            static=draw(st.booleans()),
            manual=draw(st.booleans()),
            lacks=len(replicas) > 1 and draw(st.booleans()),
            location=draw(st.sampled_from(["eastus", "westeurope"])),
            nic_name=draw(st.sampled_from(["", f"nic-pe-{n}"])),
            tags=draw(st.sampled_from([(), (("env", "prod"), ("team", "net ops"))])),
        )
        for n in range(count)
    )
    kept = [r for r in others if draw(st.booleans())]  # the others not kept are removed
    added = draw(st.lists(st.sampled_from([r for r in OTHERS if r not in replicas]), max_size=1))
    regional = draw(st.booleans())
    return Scenario(
        replicas,
        regional,
        writer,
        endpoints,
        (HOME, *kept, *added),
        regional or draw(st.booleans()),
    )


def subnet_id(number: int) -> str:
    return (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/"
        f"virtualNetworks/vnet-{number}/subnets/snet-pe"
    )


def zone_id(number: int) -> str:
    return (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-dns-{number}/providers/"
        "Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
    )


def deployed(scenario: Scenario) -> Model:
    """Azure as the scenario says it is: each endpoint in a /27 of its own virtual network
    (two addresses of other resources there), resolved through a zone of its own."""
    model = Model("contoso", HOME, list(scenario.replicas), scenario.regional)
    model.group_locations = {"rg-network": "westus"}  # not the networks' regions
    for number, spec in enumerate(scenario.endpoints):
        cidr = f"10.{number}.1.0/27"
        hosts = [str(a) for a in IPv4Network(cidr)]
        subnet = SubnetState(subnet_id(number), cidr, spec.location, {hosts[4], hosts[9]})
        model.subnets[subnet.subnet_id] = subnet
        zone = Zone(zone_id(number), model.zone_name)
        model.zones[zone.zone_id.lower()] = zone
        names = model.member_names()
        if spec.lacks:  # the newest replica's data endpoint: created before it
            names = [n for n in names if n != f"registry_data_{scenario.replicas[-1]}"]
        endpoint = Endpoint(
            f"pe-{number}", "rg-network", spec.location, subnet.subnet_id, spec.static, {},
            spec.manual, True, spec.nic_name, dict(spec.tags),
            "Please approve: platform team" if spec.manual else "", guid=model.guid(),
        )  # fmt: skip
        model.endpoints[endpoint.key] = endpoint
        picked = model.free(subnet)[: len(names)] if spec.static else model.pick(subnet, len(names))
        endpoint.members = dict(zip(names, picked, strict=True))
        model.resolves_in[endpoint.key] = zone.zone_id.lower()
        if scenario.writer in ("zone-group", "metadata"):
            endpoint.groups = {"default": [("privatelink-azurecr-io", zone.zone_id)]}
            model.write_group_records(endpoint)
        else:
            for member, address in endpoint.members.items():
                zone.records[model.record_name(member)] = RecordSet([address], 3600)
    return model


def document(model: Model, scenario: Scenario) -> dict[str, Any]:
    """The day-two document from what az prints of the model (as collect puts it together)."""
    endpoints: list[dict[str, Any]] = []
    for number, endpoint in enumerate(model.endpoints.values()):
        subnet = model.subnets[endpoint.subnet]
        item: dict[str, Any] = {
            "deployed": model.endpoint_json(endpoint),
            "subnet": subnet.cidr,
            "in_use": sorted(subnet.others),
        }
        if scenario.writer == "zone-group":
            options = {"--endpoint-name": [endpoint.name], "--resource-group": ["rg-network"]}
            item["zone_groups"] = model.zone_group_list(options)
        endpoints.append(item)
        del number
    shown: dict[str, Any] = {
        "registry": "contoso",
        "regions": list(scenario.wanted),
        "regional_endpoints": scenario.wanted_regional,
        "replications": model.replication_list({"--registry": ["contoso"]}),
        "acr_show": model.registry_json(),
        "endpoints": endpoints,
    }
    records = {"--zone-name": [model.zone_name]}
    if scenario.writer == "zone-group":
        shown["zones"] = [
            {
                "zone_id": zone.zone_id,
                "records": model.record_list(records | {"--resource-group": [zone.resource_group]}),
            }
            for zone in model.zones.values()
        ]
    elif scenario.writer in ("metadata", "by-hand"):
        (zone,) = model.zones.values()
        shown["records"] = model.record_list(records | {"--resource-group": [zone.resource_group]})
    return shown


def planned(scenario: Scenario) -> tuple[Model, Change]:
    model = deployed(scenario)
    plan = change(read_change(document(model, scenario)))
    if currently_in_test_context():  # a failing example shows the scenario and its runbook
        note(repr(scenario))
        note(change_script(plan))
    return model, plan


def run(model: Model, plan: Change) -> Any:
    with tempfile.TemporaryDirectory(prefix="runbook-") as folder:
        variables = {"CONNECTION_NAME": "new", "ZONE_RESOURCE_GROUP": "rg-dns-0"}  # as set by hand
        return model.run_script(change_script(plan), Path(folder), variables)


def assert_as_planned(model: Model, plan: Change, scenario: Scenario) -> None:
    """The registry is as wanted, and every name of it resolves to the address its endpoint
    holds, in the zone that endpoint is resolved through."""
    assert model.unknown == []
    assert model.replicas == list(scenario.wanted) or set(model.replicas) == set(scenario.wanted)
    assert model.regional == scenario.wanted_regional
    wanted = set(model.member_names())
    for endpoint in model.endpoints.values():
        assert endpoint.approved
        for member, address in endpoint.members.items():
            if member in wanted:
                assert model.resolves(endpoint.name, model.record_name(member)) == [address], member
    assert {e.name.lower() for e in plan.endpoints} == set(model.endpoints)


def assert_outage_only_where_needed(model: Model, plan: Change) -> None:
    """Only a re-created endpoint is ever out of reach, in one window, and it is back by the
    end; the others' clients reach the registry at every step."""
    recreated = {e.name.lower() for e in plan.endpoints if e.recreated}
    for key in model.resolves_in:
        ups = [call.up[key] for call in model.calls]
        if key not in recreated:
            assert all(ups), (key, [c.argv[:3] for c in model.calls if not c.up[key]])
            continue
        assert ups[-1], key
        down = [index for index, up in enumerate(ups) if not up]
        assert down == list(range(down[0], down[-1] + 1)) if down else True, key


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios())
def test_every_runbook_leaves_azure_as_planned(scenario: Scenario) -> None:
    model, plan = planned(scenario)
    assert plan.fits
    ran = run(model, plan)
    assert ran.returncode == 0, ran.stderr + "\n" + change_script(plan)
    assert_as_planned(model, plan, scenario)
    assert_outage_only_where_needed(model, plan)
    # run again: nothing is done twice, nobody is out of reach, nothing changes
    before = (model.replicas, model.regional, repr(model.endpoints), repr(model.zones))
    model.calls.clear()
    again = run(model, plan)
    assert again.returncode == 0, again.stderr
    assert all(all(call.up.values()) for call in model.calls)
    assert (model.replicas, model.regional, repr(model.endpoints), repr(model.zones)) == before


@SETTINGS
@given(scenarios(), st.integers(0, 40))
def test_a_runbook_stopped_by_a_failure_finishes_when_run_again(
    scenario: Scenario, failing: int
) -> None:
    model, plan = planned(scenario)
    model.fail_at = failing
    first = run(model, plan)
    if model.fail_at == -1:  # the failure happened: the run stopped there
        assert first.returncode != 0
        assert "transient failure" in first.stderr
    model.fail_at = -1  # (a runbook of fewer calls finished without it)
    second = run(model, plan)
    assert second.returncode == 0, second.stderr + "\n" + change_script(plan)
    assert_as_planned(model, plan, scenario)


# --- Item 1: a replica az lists is never created again -----------------------------------------


def lacking_hub() -> Scenario:
    """The issue's case: replications eastus, westeurope and northeurope; the static endpoint
    lacks northeurope's member; the regions wanted are the same three."""
    spec = EndpointSpec(True, False, True, "eastus", "", ())
    replicas = ("eastus", "westeurope", "northeurope")
    return Scenario(replicas, False, "zone-group", (spec,), replicas, False)


def test_an_endpoint_lacking_an_existing_replicas_member_is_recreated_and_no_replica_is() -> None:
    scenario = lacking_hub()
    model, plan = planned(scenario)
    assert plan.added_regions == ()
    (endpoint,) = plan.endpoints
    assert endpoint.recreated
    assert "registry_data_northeurope" in endpoint.reason
    assert "Private Endpoint needs to be reconfigured with missing memberNames" in endpoint.reason
    script = change_script(plan)
    assert "az acr replication create" not in script
    ran = run(model, plan)
    assert ran.returncode == 0, ran.stderr
    assert_as_planned(model, plan, scenario)


def test_the_model_catches_the_old_runbook_of_item_1() -> None:
    """The runbook the planner printed before (a fixture, from the code before this issue):
    the endpoint's members made northeurope look new, so step 2 created it again inside the
    outage. On the model, bash stops there, the endpoint deleted."""
    model = deployed(lacking_hub())
    old = (FIXTURES / "old-runbook-item-1.sh").read_text()
    with tempfile.TemporaryDirectory(prefix="runbook-") as folder:
        ran = model.run_script("set -e\n" + old, Path(folder))
    assert ran.returncode != 0
    assert "the replica northeurope exists: the model refuses creating it again" in ran.stderr
    assert not model.up("pe-0")  # stopped inside the outage
    assert model.calls[-1].argv[:3] == ["acr", "replication", "create"]


def test_the_model_refuses_what_azure_refuses() -> None:
    model = deployed(lacking_hub())
    for argv, said in [
        (["acr", "replication", "create", "--registry", "contoso", "--location", "eastus"],
         "Replication could not be created in the same location as the registry."),
        (["acr", "replication", "create", "--registry", "contoso", "--location", "uksouth"],
         "Private Endpoint needs to be reconfigured with missing memberNames"),
        (["network", "private-dns", "record-set", "a", "create", "--resource-group",
          "rg-dns-0", "--zone-name", "privatelink.azurecr.io", "--name", "contoso"],
         "PreconditionFailed"),
        (["network", "private-endpoint", "create", "--name", "pe-new", "--resource-group",
          "rg-network", "--subnet", subnet_id(0), "--private-connection-resource-id",
          model.registry_id, "--group-id", "registry", "--connection-name", "c"],
         "same region as the virtual network"),  # no --location: the group's westus
        (["network", "private-endpoint", "show", "--name", "pe-0", "--resource-group", "-rg"],
         "unrecognized arguments: -rg"),
    ]:  # fmt: skip
        status, _, err = model.az(argv)
        assert status == 1
        assert said in err, err


@pytest.mark.parametrize("writer", WRITERS)
def test_a_dynamic_endpoint_with_its_records_by_hand_gets_the_address_azure_gave(
    writer: str,
) -> None:
    """Azure picks a dynamic endpoint's new address (the model: the highest free, never the
    planner's lowest): the runbook writes no guessed address, it reads the endpoint."""
    spec = EndpointSpec(False, False, False, "eastus", "", ())
    scenario = Scenario(("eastus",), False, writer, (spec,), ("eastus", "westeurope"), False)
    model, plan = planned(scenario)
    (endpoint,) = plan.endpoints
    added = [m for m in endpoint.members if m.status.value == "added"]
    assert [m.ip for m in added] == [""]
    assert not endpoint.recreated
    ran = run(model, plan)
    assert ran.returncode == 0, ran.stderr
    assert_as_planned(model, plan, scenario)
    address = model.endpoints["pe-0"].members["registry_data_westeurope"]
    assert address == "10.0.1.28"  # Azure's pick: the highest free (.30, .29 held already)
    assert model.resolves("pe-0", "contoso.westeurope.data") == [address]


def test_a_recreated_endpoint_keeps_its_location_nic_tags_groups_and_message() -> None:
    spec = EndpointSpec(True, True, False, "westeurope", "nic-pe-0", (("env", "prod"),))
    scenario = Scenario(("eastus",), False, "zone-group", (spec,), ("eastus", "uksouth"), False)
    model, plan = planned(scenario)
    ran = run(model, plan)
    assert ran.returncode == 0, ran.stderr
    endpoint = model.endpoints["pe-0"]
    assert (endpoint.location, endpoint.nic_name, endpoint.tags) == (
        "westeurope", "nic-pe-0", {"env": "prod"},
    )  # fmt: skip
    assert endpoint.request_message == "Please approve: platform team"
    assert endpoint.manual
    assert endpoint.groups == {"default": [("privatelink-azurecr-io", zone_id(0))]}


@pytest.mark.parametrize(
    "wanted", [("eastus",), ("eastus", "westeurope")], ids=["removal", "regional"]
)
def test_no_outage_without_a_source(wanted: tuple[str, ...]) -> None:
    """Removing a replica, or enabling regional endpoints, with a static endpoint: Microsoft
    documents no failure, so it is not deleted; the choices are said, labelled inferred."""
    spec = EndpointSpec(True, False, False, "eastus", "", ())
    regional = wanted == ("eastus", "westeurope")
    scenario = Scenario(("eastus", "westeurope"), False, "zone-group", (spec,), wanted, regional)
    model, plan = planned(scenario)
    (endpoint,) = plan.endpoints
    assert not endpoint.recreated
    assert "inferred" in endpoint.reason
    assert "delete" not in " ".join(step.kind.value for step in plan.runbook)
    ran = run(model, plan)
    assert ran.returncode == 0, ran.stderr
    assert all(all(call.up.values()) for call in model.calls)


# --- The exports' az script, on an Azure with the registry and its networks alone -------------

ZONE_GROUP_ZONE = zone_id(9)  # a central zone, linked to every network, that zone groups write
ESTATE_SCRIPTS: dict[str, dict[str, Any]] = {
    "new zones, static": {
        "endpoints": [
            {"name": "pe-hub", "subnet": "10.0.1.0/27", "in_use": ["10.0.1.4"]},
            {"name": "pe-spoke", "subnet": "10.1.1.0/27", "zone_scope": "spokes"},
        ],
    },
    "a zone group, dynamic": {  # one endpoint: a zone holds one record per name
        "dns": "zone-group",
        "zone_id": ZONE_GROUP_ZONE,
        "allocation": "dynamic",
        "endpoints": [{"name": "pe-hub", "subnet": "10.0.1.0/27"}],
    },
    "an existing zone, static": {
        "dns": "existing-zone",
        "zone_id": ZONE_GROUP_ZONE,
        "endpoints": [{"name": "pe-hub", "subnet": "10.0.1.0/27"}],
    },
}


def networks_only(estate: dict[str, Any], central: bool) -> tuple[Model, dict[str, str]]:
    """The registry (eastus, westeurope) and a virtual network per endpoint; with `central`,
    the central zone, linked to each network. The script's variables for them."""
    model = Model("contoso", HOME, ["eastus", "westeurope"], False)
    model.group_locations = {"rg-network": "westus"}
    variables = {"RESOURCE_GROUP": "rg-network", "REGISTRY_ID": model.registry_id}
    if central:
        zone = Zone(ZONE_GROUP_ZONE, model.zone_name)
        model.zones[zone.zone_id.lower()] = zone
    for number, endpoint in enumerate(estate["endpoints"]):
        subnet = SubnetState(subnet_id(number), endpoint["subnet"], "eastus", set())
        model.subnets[subnet.subnet_id] = subnet
        label = endpoint["name"].upper().replace("-", "_")
        variables |= {
            f"SUBNET_ID_{label}": subnet.subnet_id_as_printed,
            f"LOCATION_{label}": "eastus",
            f"ZONE_RESOURCE_GROUP_{label}": f"rg-{label}",
        }
        if central:
            network = subnet.subnet_id_as_printed.partition("/subnets/")[0]
            model.zones[ZONE_GROUP_ZONE.lower()].links[f"link-{number}"] = network
    variables["ZONE_RESOURCE_GROUP_SPOKES"] = "rg-spokes"
    return model, variables


@pytest.mark.parametrize("case", ESTATE_SCRIPTS)
def test_the_estates_az_script_leaves_azure_as_planned_and_runs_again(case: str) -> None:
    from django.test import Client

    estate = {"registry": "contoso", "regions": ["eastus", "westeurope"]} | ESTATE_SCRIPTS[case]
    client = Client()
    script = client.post("/api/v1/estate/azcli", estate, "application/json").content.decode()
    plan = client.post("/api/v1/estate", estate, "application/json").json()
    model, variables = networks_only(estate, "zone_id" in estate)
    with tempfile.TemporaryDirectory(prefix="estate-") as folder:
        ran = model.run_script(script, Path(folder), variables)
        assert ran.returncode == 0, ran.stderr + script
        for planned_endpoint in plan["endpoints"]:
            endpoint = model.endpoints[planned_endpoint["name"]]
            for allocation in planned_endpoint["allocations"]:
                held = endpoint.members[allocation["member_name"]]
                if allocation["ip"] is not None:  # static: the plan's address
                    assert held == allocation["ip"]
                assert model.resolves(endpoint.name, allocation["record"]) == [held]
        before = (repr(model.endpoints), repr(model.zones))
        again = model.run_script(script, Path(folder), variables)
        assert again.returncode == 0, again.stderr
        assert (repr(model.endpoints), repr(model.zones)) == before
    assert model.unknown == []


def test_the_drift_fix_script_leaves_a_clean_zone_and_runs_again() -> None:
    """Drift in the zone (a wrong address, a missing record, a stale one, TTLs by hand): the
    fix script (drift --format script) on the model, then drift again finds nothing; run
    again, it changes nothing."""
    from planner.core.drift import drift
    from planner.core.renderers.day_two import drift_script
    from planner.forms.day_two_document import read_drift

    spec = EndpointSpec(True, False, False, "eastus", "", ())
    scenario = Scenario(("eastus", "westeurope"), False, "by-hand", (spec,), (), False)
    model = deployed(scenario)
    (zone,) = model.zones.values()
    zone.records["contoso"] = RecordSet(["10.0.1.20"], 3600)  # wrong
    del zone.records["contoso.westeurope.data"]  # missing
    zone.records["contoso.uksouth.data"] = RecordSet(["10.0.1.21"], 10)  # stale

    def checked() -> Any:
        shown = document(model, scenario)
        return drift(
            read_drift(
                {
                    "registry": "contoso",
                    "regions": ["eastus", "westeurope"],
                    "endpoints": [{"deployed": e["deployed"]} for e in shown["endpoints"]],
                    "records": shown["records"],
                }
            )
        )

    found = checked()
    assert {f.kind.value for f in found.findings} == {"wrong_address", "missing", "stale", "ttl"}
    script = drift_script(found)
    with tempfile.TemporaryDirectory(prefix="drift-") as folder:
        ran = model.run_script(script, Path(folder))
        assert ran.returncode == 0, ran.stderr + script
        assert checked().clean
        before = repr(model.zones)
        again = model.run_script(script, Path(folder))
        assert again.returncode == 0, again.stderr
        assert repr(model.zones) == before
    assert model.unknown == []
