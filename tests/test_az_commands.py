"""Every az command the planner prints, or runs, passes the real Azure CLI's argument parser.

The texts come through the test client from the inputs the other tests use (test_golden's
PLANS and ESTATES, the day-two fixtures), plus the examples of the README and docs/, the two
commands written in the core, and every command `collect` runs (against the stand-in az).
tests/azcli/parse.py runs azure-cli (pinned in requirements-az.lock, installed into .venv-az
by `make test`) once for all of them: a command passes when az gets as far as asking for a
login or reaching for the network (or, for a local command, runs to its end), and fails on
any argument error.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from planner.core import azure
from planner.core.deployed.graph import graph_command
from tests.azcli.commands import (
    AZ_PYTHON,
    ROOT,
    SUBNET_ID,
    SUBSTITUTED_ID,
    NoStandIn,
    Printed,
    Verdict,
    bicep_commands,
    expand,
    judge,
    readme_commands,
    script_commands,
    with_placeholders,
)
from tests.collect_standin import SUBSCRIPTION, StandIn, contoso_world, key
from tests.day_two import change_document, drift_document, fixture
from tests.test_golden import ESTATES, PLANS

REFUSED = {  # exports answered with a problem, not a file (test_golden records them)
    "plan/unnamed-replicas",
    "plan/count-only",
    "plan/too-small",
    "estate/estate-too-small",
}
RECORD_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
    "Microsoft.Network/privateDnsZones/{zone}/A/{name}"
)


def a_record(
    name: str, *addresses: str, ttl: int = 10, zone: str = "privatelink.azurecr.io"
) -> dict[str, Any]:
    """A record set as `az network private-dns record-set a list` prints it (records.json)."""
    return {
        "name": name,
        "ttl": ttl,
        "aRecords": [{"ipv4Address": address} for address in addresses],
        "id": RECORD_ID.format(zone=zone, name=name),
    }


def hub_records(drop: str = "", *put: dict[str, Any]) -> list[dict[str, Any]]:
    """The fixture zone's record sets (records.json) without `drop`; `put` replaces or adds."""
    replaced = {record["name"] for record in put} | {drop}
    return [r for r in fixture("records.json") if r["name"] not in replaced] + list(put)


def refused(source: str) -> bool:
    return "/".join(source.split("/")[:2]) in REFUSED


# Each change with a command its runbook must hold, so that each kind of step is parsed.
CHANGES: dict[str, tuple[dict[str, Any], str]] = {
    "add-northeurope": (change_document(), "az acr replication create"),
    "remove-westeurope": (change_document(regions=["eastus"]), "az acr replication delete"),
    "enable-regional": (
        change_document(regions=["eastus", "westeurope"], regional_endpoints=True),
        "az acr update",
    ),
}


def dashed(document: Any) -> Any:
    """The document with every resource group named with a leading dash ("-rg-network"),
    which Azure allows and az reads as an option unless written after "="."""
    text = re.sub(r"(?i)(/resourceGroups/)rg-", r"\1-rg-", json.dumps(document))
    return json.loads(text)


CHANGES["dashed-groups"] = (dashed(change_document()), "az acr replication create")
BOTH = [{"deployed": fixture("pe-static.json")}, {"deployed": fixture("pe-dynamic.json")}]
DRIFTS: dict[str, dict[str, Any]] = {  # one per kind of finding, as tests/core/test_drift.py
    "missing": drift_document(records=hub_records("contoso.westeurope.data")),
    "wrong_address": drift_document(records=hub_records("", a_record("contoso", "10.0.1.9"))),
    "extra_address": drift_document(
        records=hub_records("", a_record("contoso", "10.0.1.4", "10.0.2.7"))
    ),
    "stale": drift_document(records=hub_records("", a_record("contoso.westus.data", "10.0.1.12"))),
    # the spoke's address in the record that the hub's clients read too
    "collision": drift_document(
        endpoints=BOTH, records=hub_records("", a_record("contoso", "10.0.2.7"))
    ),
    "ttl": drift_document(records=hub_records("", a_record("contoso", "10.0.1.4", ttl=3600))),
    "separate_zone": drift_document(
        records=[a_record("contoso", "10.0.1.5", zone="eastus.data.privatelink.azurecr.io")]
    ),
}
DRIFTS["dashed-groups"] = dashed(DRIFTS["missing"])
DASHED_PLAN = dashed(PLANS["existing-zone"])
DASHED_ESTATE = dashed(ESTATES["estate-deployments"])

SOURCES = [
    *(f"plan/{case}/{export}" for case in PLANS for export in ("azcli", "bicep")),
    *(f"estate/{case}/{export}" for case in ESTATES for export in ("azcli", "bicep")),
    *(f"change/{case}/{form}" for case in CHANGES for form in ("api", "runbook")),
    *(f"drift/{case}" for case in DRIFTS),
    *(f"dashed/{kind}/{export}" for kind in ("plan", "estate") for export in ("azcli", "bicep")),
    "core/graph_command",
    "core/ENABLE_REGIONAL_ENDPOINTS",
    "core/DEPLOYED_ADDRESSES",
    "collect",
    "docs",
]
VERIFY = "verify scripts"  # they may call no az at all; any they call must parse


class Found(dict[str, list[Printed]]):
    """The printed commands by source."""

    def add(self, source: str, commands: list[str]) -> None:
        self.setdefault(source, []).extend(Printed(source, c) for c in commands)

    def export(self, source: str, response: Any) -> None:
        if refused(source):
            assert response.status_code in (400, 422), source
            self.setdefault(source, [])
            return
        assert response.status_code == 200, (source, response.content[:500])
        text = response.content.decode()
        self.add(
            source, bicep_commands(text) if source.endswith("bicep") else script_commands(text)
        )


def exports(client: Client, found: Found) -> None:
    """The plan's and the estate's az CLI and Bicep exports, and their verify scripts."""
    for case, query in PLANS.items():
        for name in ("azcli", "bicep"):
            found.export(f"plan/{case}/{name}", client.get(f"/api/v1/plan/{name}", query))
        found.add(
            VERIFY, script_commands(client.get("/api/v1/plan/verify", query).content.decode())
        )
    for case, document in ESTATES.items():
        body = json.dumps(document)
        for name in ("azcli", "bicep"):
            response = client.post(f"/api/v1/estate/{name}", body, "application/json")
            found.export(f"estate/{case}/{name}", response)
        for endpoint in document["endpoints"]:
            path = f"/api/v1/estate/verify?endpoint={endpoint['name']}"
            response = client.post(path, body, "application/json")
            found.add(VERIFY, script_commands(response.content.decode()))


def dashed_exports(client: Client, found: Found) -> None:
    """The exports of a plan and an estate whose zone is in a resource group named "-rg-dns"."""
    for name in ("azcli", "bicep"):
        found.export(f"dashed/plan/{name}", client.get(f"/api/v1/plan/{name}", DASHED_PLAN))
        body = json.dumps(DASHED_ESTATE)
        response = client.post(f"/api/v1/estate/{name}", body, "application/json")
        found.export(f"dashed/estate/{name}", response)


def runbooks(client: Client, found: Found) -> None:
    """Each change's runbook from POST /api/v1/change and from `manage.py change`."""
    for case, (document, expected) in CHANGES.items():
        answer = client.post("/api/v1/change", json.dumps(document), "application/json")
        assert answer.status_code == 200, answer.content
        steps = answer.json()["runbook"]
        assert any(c.strip().startswith(expected) for s in steps for c in s["commands"]), case
        commands = [c for s in steps for c in script_commands("\n".join(s["commands"]))]
        found.add(f"change/{case}/api", commands)
        for endpoint in answer.json()["endpoints"]:
            found.add(VERIFY, script_commands(endpoint["verify"]))
        with tempfile.TemporaryDirectory() as folder:
            (path := Path(folder) / "change.json").write_text(json.dumps(document))
            printed = io.StringIO()
            call_command("change", str(path), "--format", "runbook", stdout=printed)
        found.add(f"change/{case}/runbook", script_commands(printed.getvalue()))


def drift_fixes(client: Client, found: Found) -> None:
    for case, document in DRIFTS.items():
        answer = client.post("/api/v1/drift", json.dumps(document), "application/json")
        assert answer.status_code == 200, answer.content
        findings = answer.json()["findings"]
        kind = "missing" if case == "dashed-groups" else case
        assert kind in {finding["kind"] for finding in findings}, findings
        fixes = [c for finding in findings for c in finding["fix"]]
        found.add(f"drift/{case}", [c for fix in fixes for c in script_commands(fix)])


def texts(client: Client, found: Found) -> None:
    """Every source's printed commands, through the test client and manage.py."""
    exports(client, found)
    dashed_exports(client, found)
    runbooks(client, found)
    drift_fixes(client, found)
    found.add("core/graph_command", script_commands(graph_command()))
    enable = azure.ENABLE_REGIONAL_ENDPOINTS.format(registry="contoso")
    found.add("core/ENABLE_REGIONAL_ENDPOINTS", [enable])
    # A command and what it does, printed in the 422 of a file that needs known addresses.
    show = azure.DEPLOYED_ADDRESSES.split(" lists ")[0]
    found.add(
        "core/DEPLOYED_ADDRESSES", [show.replace("<group>", "-rg").replace("<endpoint>", "pe")]
    )
    found.add("docs", readme_commands(documentation()))
    found.add("collect", collect_commands())


def documentation() -> str:
    """The README and every page of docs/: their fenced commands."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text() for page in pages)


def collect_commands() -> list[str]:
    """Every command collect runs (against the stand-in az, with --subscription too), as a
    shell would run it."""
    world = contoso_world()
    for command, option in (("acr show", "name"), ("acr replication list", "registry")):
        recorded = world.answers[key(command, **{option: "contoso"})]
        world.answers[key(command, **{option: "contoso", "subscription": SUBSCRIPTION})] = recorded
    with tempfile.TemporaryDirectory() as folder:
        stand_in = StandIn(Path(folder), world)
        saved = {name: os.environ.get(name) for name in stand_in.environment()}
        os.environ.update(stand_in.environment())
        try:
            for more in ((), ("--subscription", SUBSCRIPTION)):
                call_command("collect", "--registry", "contoso", *more,
                             stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        stand_in.check()
        return [shlex.join(["az", *argv]) for argv in stand_in.calls()]


# The harness itself: a bad command is caught, so the tests above cannot pass vacuously.
# They go first in the one az run: a rejection does not spoil the verdicts after it.
BAD = {
    "an option the command lacks": (
        "az acr replication delete --registry contoso --name westeurope --yes --output none",
        "unrecognized arguments: --yes",
    ),
    "a required argument missing": (
        "az network private-dns record-set a create --name contoso --ttl 10",
        "the following arguments are required",
    ),
    "a value not among the choices": (
        "az acr update --name contoso --regional-endpoints maybe",
        "'maybe' is not a valid value for '--regional-endpoints'",
    ),
    "an --ip-config key az does not know": (
        'az network private-endpoint create --name pe --resource-group="$RESOURCE_GROUP" '
        '--subnet "$SUBNET_ID" --private-connection-resource-id "$REGISTRY_ID" '
        "--group-id registry --connection-name contoso --ip-config name=registry member=registry",
        "no field named 'member'",
    ),
    # A resource group may be named "-rg" (the stand-in's is): after a space, az reads it as
    # an option; every printed command writes --resource-group=<value>.
    "a resource group that starts with a dash, after a space": (
        'az network private-endpoint show --name pe --resource-group "$RESOURCE_GROUP"',
        "argument --resource-group/-g: expected one argument",
    ),
    "a command az does not have": (
        "az acr replica list -r contoso",
        "misspelled or not recognized",
    ),
    "an extension command's bad value": (
        "az graph query --first 5000 -q Resources",
        "--first has to be between 1 and 1000",
    ),
}


@pytest.fixture(scope="session")
def verdicts() -> dict[str, list[Verdict]]:
    """Every source's verdicts, from one az process."""
    if not AZ_PYTHON.exists():
        pytest.fail(f"{AZ_PYTHON} is missing: `make test` installs it (requirements-az.lock)")
    printed = Found()
    for case, (text, _) in BAD.items():
        printed.add(f"bad/{case}", [text])
    texts(Client(raise_request_exception=False), printed)
    by_source: dict[str, list[Verdict]] = {source: [] for source in printed}
    for verdict in judge([p for commands in printed.values() for p in commands]):
        by_source[verdict.printed.source].append(verdict)
    return by_source


@pytest.mark.parametrize("source", SOURCES)
def test_every_printed_az_command_parses(verdicts: dict[str, list[Verdict]], source: str) -> None:
    judged = verdicts[source]
    if refused(source):
        assert judged == [], f"{source} is refused and prints no command"
        return
    assert judged, f"{source} printed no az command"
    failures = [str(v) for v in judged if v.verdict != "parsed"]
    assert not failures, "az refused:\n" + "\n".join(failures)


def test_the_verify_scripts_commands_parse(verdicts: dict[str, list[Verdict]]) -> None:
    failures = [str(v) for v in verdicts.get(VERIFY, []) if v.verdict != "parsed"]
    assert not failures, "az refused:\n" + "\n".join(failures)


@pytest.mark.parametrize("case", BAD)
def test_the_harness_catches_a_bad_command(verdicts: dict[str, list[Verdict]], case: str) -> None:
    (verdict,) = verdicts[f"bad/{case}"]
    assert verdict.verdict == "rejected", verdict
    assert BAD[case][1] in verdict.message


def test_bash_expands_variables_and_substitutions_as_a_shell_would() -> None:
    texts = [
        'az network private-dns link vnet create --virtual-network "${SUBNET_ID_X%/subnets/*}"',
        'az x --private-dns-zone "$(az network private-dns zone show --name z --query id -o tsv)"',
    ]
    with tempfile.TemporaryDirectory() as folder:
        link, zone_group = expand(texts, Path(folder))
    assert link == [["az", "network", "private-dns", "link", "vnet", "create",
                     "--virtual-network", SUBNET_ID.rsplit("/subnets/", 1)[0]]]  # fmt: skip
    inner, outer = zone_group
    assert inner[:5] == ["az", "network", "private-dns", "zone", "show"]
    assert outer == ["az", "x", "--private-dns-zone", SUBSTITUTED_ID]


def test_a_variable_without_a_stand_in_is_refused_not_guessed() -> None:
    with pytest.raises(NoStandIn, match=r"\$COLOR"), tempfile.TemporaryDirectory() as folder:
        expand(['az acr show --name "$COLOR"'], Path(folder))


def test_commands_are_read_as_a_person_copies_them() -> None:
    script = "# az acr list\naz acr show \\\n  --name contoso  # a comment\necho az acr list\n"
    assert script_commands(script) == ["az acr show   --name contoso  # a comment"]
    bicep = "// Deploy: az deployment group create -g <resource-group>\n//   --template-file f\n"
    assert bicep_commands(bicep) == [
        "az deployment group create -g <resource-group> --template-file f"
    ]
    assert with_placeholders(bicep_commands(bicep)[0]).split()[5] == "-rg-standin"


@pytest.mark.parametrize(
    "source",
    [s for s in SOURCES if "dashed" in s] + ["docs"],
)
def test_a_resource_group_named_with_a_dash_reaches_az_as_a_value(
    verdicts: dict[str, list[Verdict]], source: str
) -> None:
    """The dashed sources (and the docs, with the stand-in "-rg-standin") do print such a
    group, and each reaches az as --resource-group=-rg-...: the parser took every one."""
    dashed = [v for v in verdicts[source] if any(a.startswith("--resource-group=-rg-")
                                                  for a in v.argv)]  # fmt: skip
    assert dashed, f"{source} printed no resource group starting with a dash"
    assert all(v.verdict == "parsed" for v in dashed)
