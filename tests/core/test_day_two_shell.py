"""Every printed script and command list of day two (the change's runbook, drift's fixes) run
by bash with `az` stubbed on PATH (a script that records its arguments), on hostile inputs:
through each reader (which refuses them, or quotes what it lets through) and straight into
the core (which quotes every value and keeps comments to one line). A marker file must never
appear, and az must receive each hostile value as one literal argument."""

from __future__ import annotations

import copy
import os
import stat
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from netaddr import IPNetwork

from planner.core import Registry, Subnet
from planner.core.change.decide import change
from planner.core.change.values import VARIABLES, ChangeRequest, EndpointState
from planner.core.deployed.endpoints import DeployedMember, read_private_endpoint
from planner.core.deployed.zones import DeployedRecord, DeployedZone, DeployedZoneGroup, ZoneConfig
from planner.core.drift import DriftRequest, drift
from planner.core.renderers.day_two import change_runbook, drift_script
from planner.core.renderers.runbook import step_commands
from planner.forms.day_two_document import read_change, read_drift
from planner.forms.estate import DocumentInvalid
from tests.day_two import change_document, drift_document, fixture, zone_file

HOSTILE = [
    "$(touch marker)",
    "`touch marker`",
    "x;touch marker",
    "x|touch marker",
    "x&&touch marker",
    "x\ntouch marker",
    "x\rtouch marker",
    "'; touch marker; '",
    '"; touch marker; "',
]


def run(script: str, tmp_path: Path, finds: bool = False) -> list[list[str]]:
    """Run the script with az stubbed; the argument lists az received. The stub finds
    nothing (a show answers az's "not there", status 3, so every guarded create runs) or,
    `finds`, everything (so every guarded delete runs)."""
    stub = tmp_path / "bin"
    stub.mkdir(exist_ok=True)
    az = stub / "az"
    az.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done >> "$AZ_LOG"\n'
                  'printf "\\n" >> "$AZ_LOG"\n'
                  'for a in "$@"; do [ "$a" = show ] && exit "$SHOW_STATUS"; done\n'
                  'exit 0\n')  # fmt: skip
    az.chmod(az.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "az.log"
    log.write_text("")
    environment = {"PATH": f"{stub}:/usr/bin:/bin", "AZ_LOG": str(log), "HOME": str(tmp_path),
                   "SHOW_STATUS": "0" if finds else "3"}  # fmt: skip
    # What the pasted JSON did not hold is a variable the run stops without: set them all.
    environment |= {name: f"{name.lower()}-standin" for name in VARIABLES}
    subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=environment, check=False, timeout=60,
        capture_output=True,
    )  # fmt: skip
    assert not (tmp_path / "marker").exists(), script
    logged = log.read_bytes().decode()  # not read_text: it would turn a CR into a LF
    return [line.split("\0") for line in logged.split("\0\n") if line]


def runbook_script(planned: Any) -> str:
    return change_runbook(planned).replace("bash verify.sh --http", ":")


def fixes_script(result: Any) -> str:
    return drift_script(result)


# --- Straight into the core: quoting and comments, whatever a value holds ------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_runbook_quotes_every_value_it_prints(hostile: str, tmp_path: Path) -> None:
    hub = read_private_endpoint(fixture("pe-static.json"))
    endpoint = replace(
        hub,
        name=f"pe{hostile}",
        members=(*hub.members[:2], DeployedMember(f"registry_data_{hostile}", "10.0.1.6")),
        manual=True,
    )
    group = DeployedZoneGroup(
        f"g{hostile}", (ZoneConfig(f"c{hostile}", f"/zone{hostile}", "privatelink.azurecr.io", ()),)
    )
    state = EndpointState(endpoint, Subnet(IPNetwork("10.0.1.0/27")), f"s{hostile}", (group,))
    registry = Registry("contoso", ("eastus", "northeurope"), True)
    planned = change(ChangeRequest(registry, (state,)))
    calls = run(runbook_script(planned), tmp_path)
    arguments = [argument for call in calls for argument in call]
    assert f"pe{hostile}" in arguments  # one literal argument, as printed
    assert f"g{hostile}" in arguments
    assert "\ntouch" not in runbook_script(planned).replace("\\\n", "").split("#", 1)[0]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_drift_fixes_quote_the_zone_and_record_names(hostile: str, tmp_path: Path) -> None:
    hub = read_private_endpoint(fixture("pe-static.json"))
    stale = DeployedRecord("contoso.westus.data", 10, ("10.0.1.12",))
    records = (DeployedRecord("contoso", 3600, ("10.0.1.9", "10.0.1.4")), stale)
    for zone in (
        DeployedZone(f"{hostile}.privatelink.azurecr.io", records),
        DeployedZone("privatelink.azurecr.io", records),
    ):
        result = drift(DriftRequest(Registry("contoso", ("eastus",), False), (hub,), zone))
        calls = run(fixes_script(result), tmp_path)
        assert calls  # the fixes ran, as literal arguments


# --- Through the readers: refused, or quoted ------------------------------------------------


def placed(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


def manual(document: dict[str, Any], message: str) -> dict[str, Any]:
    """The hub endpoint's connection made a manual one, with `message` as its request."""
    changed = copy.deepcopy(document)
    deployed = changed["endpoints"][0]["deployed"]
    (connection,) = deployed.pop("privateLinkServiceConnections")
    deployed["privateLinkServiceConnections"] = []
    deployed["manualPrivateLinkServiceConnections"] = [{**connection, "requestMessage": message}]
    return changed


# The values a reader lets through with any printable character in them: they reach the
# runbook (the re-created hub endpoint keeps them) and must reach az as one literal argument.
FREE_TEXT = {
    "tag value": ("--tags", lambda hostile: f"env={hostile}"),
    "request message": ("--request-message", lambda hostile: f"please{hostile}"),
}


def reader_cases(hostile: str) -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    pe = ("endpoints", 0, "deployed")
    return [
        ("tag value", lambda: placed(change_document(), (*pe, "tags"), {"env": hostile})),
        ("tag name", lambda: placed(change_document(), (*pe, "tags"), {f"n{hostile}": "v"})),
        ("request message", lambda: manual(change_document(), f"please{hostile}")),
        ("endpoint name", lambda: placed(change_document(), (*pe, "name"), f"pe{hostile}")),
        ("member name", lambda: placed(
            change_document(), (*pe, "ipConfigurations", 2, "memberName"),
            f"registry_data_{hostile}")),
        ("dynamic fqdn", lambda: placed(
            change_document(), ("endpoints", 1, "deployed", "customDnsConfigs", 1, "fqdn"),
            f"contoso.{hostile}.data.azurecr.io")),
        ("zone scope", lambda: placed(change_document(), ("endpoints", 1, "zone_scope"), hostile)),
        ("record name", lambda: placed(
            change_document(), ("records", 3, "name"), f"contoso.{hostile}.data")),
        ("record id", lambda: placed(
            change_document(), ("records", 0, "id"),
            f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
            f"Microsoft.Network/privateDnsZones/{hostile}/A/contoso")),
        ("zone", lambda: change_document(zone=f"privatelink.azurecr.io{hostile}")),
        ("replication", lambda: {
            **{k: v for k, v in change_document().items() if k != "regions"},
            "replications": [{"location": f"eastus{hostile}"}]}),
        ("acr show", lambda: change_document(acr_show={"name": f"contoso{hostile}",
                                                       "location": "eastus"})),
        ("zone group", lambda: placed(
            change_document(), ("endpoints", 0, "zone_groups"),
            [{"name": f"default{hostile}", "privateDnsZoneConfigs": []}])),
        ("zone group zone", lambda: placed(
            change_document(), ("endpoints", 0, "zone_groups"),
            [{"name": "default", "privateDnsZoneConfigs": [
                {"name": "c", "privateDnsZoneId": f"/subscriptions/x/{hostile}"}]}])),
    ]  # fmt: skip


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_from_every_reader_are_refused_or_quoted(
    hostile: str, tmp_path: Path
) -> None:
    reached = {}
    for label, document in reader_cases(hostile):
        try:
            planned = change(read_change(document()))
        except DocumentInvalid:
            continue  # refused with a 4xx-style problem naming the place
        reached[label] = run(runbook_script(planned), tmp_path)
    if not hostile.isprintable():
        assert "tag value" not in reached  # a new line is refused, never printed
        return
    assert set(FREE_TEXT) <= set(reached)  # the quoting ran: these reach the script
    for label, (option, argument) in FREE_TEXT.items():
        (created,) = [
            c for c in reached[label] if c[:3] == ["network", "private-endpoint", "create"]
        ]
        assert created[created.index(option) + 1] == argument(hostile), label


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_in_drift_documents_are_refused_or_quoted(
    hostile: str, tmp_path: Path
) -> None:
    documents = [
        drift_document(zone=f"{hostile}.privatelink.azurecr.io"),
        placed(drift_document(), ("records", 0, "name"), f"contoso{hostile}"),
        {**{k: v for k, v in drift_document().items() if k != "records"},
         "zone_file": zone_file().replace("privatelink.azurecr.io.", f"x{hostile}.", 1)},
    ]  # fmt: skip
    for document in documents:
        try:
            result = drift(read_drift(document))
        except DocumentInvalid:
            continue  # refused with a 4xx-style problem naming the place
        pytest.fail(f"a hostile name was read: {result.zones[0].zone}")
    # A note is free text: it reaches the fix script, as comment lines that run nothing.
    ttl = drift_document(records=[{**fixture("records.json")[0], "ttl": 3600}])
    baseline = run(fixes_script(drift(read_drift(ttl))), tmp_path)
    noted = drift(read_drift({**ttl, "notes": [f"note {hostile}"]}))
    assert "# Note: note " in fixes_script(noted)
    assert run(fixes_script(noted), tmp_path) == baseline != []


def test_the_stub_catches_an_unquoted_value(tmp_path: Path) -> None:
    """The check can fail: an unquoted value runs its command."""
    with pytest.raises(AssertionError):
        run("az network private-endpoint delete --name pe$(touch marker)", tmp_path)
    os.remove(tmp_path / "marker")
    assert run("az acr show --name 'pe$(touch marker)'", tmp_path) == [
        ["acr", "show", "--name", "pe$(touch marker)"]
    ]


def test_a_change_document_with_a_replication_delete_prints_no_yes(tmp_path: Path) -> None:
    planned = change(read_change(change_document(regions=["eastus"])))
    deletes = [
        c.strip()
        for s in planned.runbook
        for c in step_commands(planned, s)
        if "replication delete" in c
    ]
    assert deletes == [
        "az acr replication delete --registry contoso --name westeurope --output none"
    ]
    calls = run(runbook_script(planned), tmp_path, finds=True)
    deleted = [c for c in calls if c[:3] == ["acr", "replication", "delete"]]
    assert deleted == [
        ["acr", "replication", "delete", "--registry", "contoso", "--name", "westeurope",
         "--output", "none"]
    ]  # fmt: skip
