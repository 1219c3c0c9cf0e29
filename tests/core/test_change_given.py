"""The change asks only for what it was not given: the registry from the endpoint's
connection; the endpoint's resource group, subnet id and the registry's id, and the zone's
resource group, from the pasted JSON (the fixtures in tests/fixtures/day_two, README there). What
is truly unknown stays a variable that stops the run when unset. One document serves the
change and the drift check, and the notes say which regions each used."""

from __future__ import annotations

import copy
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from planner.core.change.decide import change
from planner.core.change.values import VARIABLES
from planner.core.drift import drift
from planner.core.renderers.day_two import change_runbook
from planner.core.renderers.runbook import step_commands, variables
from planner.forms.day_two_document import read_change, read_drift
from planner.forms.estate import DocumentInvalid
from tests.day_two import change_document, drift_document, fixture

HUB_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network/privateEndpoints/pe-contoso-hub"
)
SUBNET = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/"
    "Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-endpoints"
)
REGISTRY = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-registry/providers/"
    "Microsoft.ContainerRegistry/registries/contoso"
)


def commands(document: dict[str, Any]) -> list[str]:
    planned = change(read_change(document))
    return [command for step in planned.runbook for command in step_commands(planned, step)]


def without(document: dict[str, Any], *path: Any) -> dict[str, Any]:
    """The document without the key at `path` (in every record set when path is records)."""
    changed = copy.deepcopy(document)
    if path == ("records", "id"):
        changed["records"] = [{k: v for k, v in r.items() if k != "id"} for r in changed["records"]]
        return changed
    target = changed
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return changed


def hub_only(**more: Any) -> dict[str, Any]:
    """contoso growing into northeurope through its static hub endpoint alone."""
    return change_document(endpoints=[{"deployed": fixture("pe-static.json")}], **more)


def test_it_takes_the_groups_and_ids_from_the_pasted_json() -> None:
    printed = "\n".join(commands(hub_only()))
    assert "--subscription 00000000-0000-0000-0000-000000000000 --resource-group=rg-network" in (
        printed
    )
    assert f"--subnet {SUBNET} " in printed
    assert f"--private-connection-resource-id {REGISTRY} " in printed
    assert "${" not in printed  # no variable left: everything was in the JSON
    planned = change(read_change(hub_only()))
    assert variables(planned) == ()
    assert planned.given[0].startswith("pe-contoso-hub: resource group rg-network")
    assert "Taken from the pasted JSON:" in change_runbook(planned)


def test_the_zone_group_of_a_zone_is_named_by_the_record_sets_ids() -> None:
    document = hub_only()  # northeurope added: the endpoint is re-created with its member
    # No zone group on the endpoint: its records were written by hand, the change writes them.
    document["endpoints"][0]["zone_groups"] = []
    printed = [c for c in commands(document) if "private-dns record-set" in c]
    assert printed
    assert all(
        "--subscription 00000000-0000-0000-0000-000000000000 --resource-group=rg-dns" in c
        for c in printed
    )
    without_ids = [c for c in commands(without(document, "records", "id")) if "record-set" in c]
    assert without_ids
    assert all('--resource-group="${ZONE_RESOURCE_GROUP:?}"' in c for c in without_ids)


@pytest.mark.parametrize(
    ("path", "variable"),
    [
        (("endpoints", 0, "deployed", "id"), "RESOURCE_GROUP"),
        (("endpoints", 0, "deployed", "subnet"), "SUBNET_ID"),
        (("endpoints", 0, "deployed", "privateLinkServiceConnections"), "REGISTRY_ID"),
    ],
)
def test_what_is_not_given_stays_a_variable_that_stops_the_run(
    path: tuple[Any, ...], variable: str, tmp_path: Path
) -> None:
    document = without(hub_only(), *path)
    document["endpoints"][0]["subnet"] = "10.0.1.0/27"  # the graph finds it by its id
    planned = change(read_change(document))
    assert [name for name, _ in variables(planned)] == [variable]
    script = change_runbook(planned).replace("bash verify.sh --http", ":")
    assert f"#   {variable}: {VARIABLES[variable]}" in script
    assert f'"${{{variable}:?}}"' in script
    assert f'"${variable}"' not in script  # never a bare expansion that may be empty
    stopped = run(script, tmp_path, {})
    assert f"{variable}: parameter null or not set" in stopped.stderr
    calls_before = len(stopped.calls)
    ran = run(script, tmp_path, {variable: "given"})
    assert any("private-endpoint create" in call for call in ran.calls), ran.stderr
    assert len(ran.calls) > calls_before  # it went on past the step that needs it


def test_a_hostile_id_is_not_taken_and_leaves_the_variable() -> None:
    document = hub_only()
    deployed = document["endpoints"][0]["deployed"]
    deployed["id"] = HUB_ID.replace("rg-network", "rg$(touch marker)")
    deployed["subnet"]["id"] = SUBNET + ";touch marker"
    document["endpoints"][0]["subnet"] = "10.0.1.0/27"
    connection = deployed["privateLinkServiceConnections"][0]
    connection["privateLinkServiceId"] = REGISTRY.replace("rg-registry", "rg`x`")
    planned = change(read_change(document))
    assert [name for name, _ in variables(planned)] == [
        "RESOURCE_GROUP", "SUBNET_ID", "REGISTRY_ID"
    ]  # fmt: skip
    printed = "\n".join(c for step in planned.runbook for c in step_commands(planned, step))
    assert "marker" not in printed
    assert "`x`" not in printed


def test_an_id_of_another_endpoint_is_not_taken_for_this_one() -> None:
    document = hub_only()
    document["endpoints"][0]["deployed"]["id"] = HUB_ID.replace("pe-contoso-hub", "pe-other")
    planned = change(read_change(document))
    assert ("RESOURCE_GROUP", VARIABLES["RESOURCE_GROUP"]) in variables(planned)


# --- The registry from the endpoint; one document for the change and for drift -------------


def test_the_registry_comes_from_the_endpoints_connection() -> None:
    document = {k: v for k, v in hub_only().items() if k != "registry"}
    request = read_change(document)
    assert request.registry.name == "contoso"
    assert "Registry contoso: from the endpoint's connection (privateLinkServiceId)." in (
        request.notes
    )
    for empty in ({}, {"registry": ""}):
        checked = read_drift({**{k: v for k, v in drift_document().items() if k != "registry"},
                              **empty})  # fmt: skip
        assert checked.registry.name == "contoso"


def test_without_a_registry_anywhere_it_is_asked_for() -> None:
    document = {k: v for k, v in hub_only().items() if k != "registry"}
    for connection in document["endpoints"][0]["deployed"]["privateLinkServiceConnections"]:
        connection["privateLinkServiceId"] = "/subscriptions/x/other"
    deployed = document["endpoints"][0]["deployed"]
    deployed["customDnsConfigs"] = []  # the FQDNs name the registry too
    with pytest.raises(DocumentInvalid) as refused:
        read_change(document)
    assert "/registry" in refused.value.errors


def test_regions_and_replications_together_serve_the_change_and_the_drift_check() -> None:
    wanted = ["eastus", "westeurope", "northeurope", "uksouth"]
    replications = fixture("replications.json")  # eastus, westeurope, northeurope
    both = drift_document(regions=wanted, replications=replications)
    as_it_is = read_drift(both)
    assert as_it_is.registry.regions == ("eastus", "westeurope", "northeurope")
    assert any(
        note.startswith("Regions: drift checks the registry as az acr replication list shows it")
        for note in as_it_is.notes
    )
    drift(as_it_is)  # answered, not refused
    planned = read_change(hub_only(regions=wanted, replications=replications))
    assert planned.registry.regions == tuple(wanted)
    assert any(note.startswith("Regions: the change goes to the regions given") for note in (
        planned.notes))  # fmt: skip


def test_drift_takes_the_regions_from_az_acr_show_too() -> None:
    shown = fixture("acr-show-contoso.json")
    document = drift_document(regions=["eastus", "uksouth"], acr_show=shown)
    checked = read_drift(document)
    assert "uksouth" not in checked.registry.regions
    assert any("as az acr show shows it" in note for note in checked.notes)


# --- Running a runbook with az stubbed (as tests/core/test_day_two_shell.py does) ----------


class Ran:
    def __init__(self, completed: subprocess.CompletedProcess[str], log: Path) -> None:
        self.returncode = completed.returncode
        self.stderr = completed.stderr
        self.calls = [line for line in log.read_text().splitlines() if line]


def run(script: str, tmp_path: Path, variables: dict[str, str]) -> Ran:
    stub = tmp_path / "bin"
    stub.mkdir(exist_ok=True)
    az = stub / "az"
    # It records each call, and finds nothing: a show answers az's "not there" (status 3).
    az.write_text('#!/bin/sh\necho "$*" >> "$AZ_LOG"\n'
                  'for a in "$@"; do [ "$a" = show ] && exit 3; done\nexit 0\n')  # fmt: skip
    az.chmod(az.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "az.log"
    log.write_text("")
    environment = {"PATH": f"{stub}:/usr/bin:/bin", "AZ_LOG": str(log), **variables}
    completed = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=environment, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    return Ran(completed, log)


def test_the_stub_records_each_az_call(tmp_path: Path) -> None:
    ran = run("az one\naz two", tmp_path, {})
    assert ran.calls == ["one", "two"]


def test_drift_takes_regional_endpoints_as_az_acr_show_says() -> None:
    shown = fixture("acr-show-contoso.json")  # regionalEndpoints: Disabled
    assert shown.get("regionalEndpoints", "Disabled") == "Disabled"
    checked = read_drift(drift_document(regional_endpoints=True, acr_show=shown))
    assert checked.registry.regional_endpoints is False
    planned = read_change(hub_only(regional_endpoints=True, acr_show=shown))
    assert planned.registry.regional_endpoints is True  # a change goes where it is asked
