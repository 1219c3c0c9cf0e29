"""`manage.py collect` (and drift and change with --registry) against a stand-in `az` on PATH
that answers from recorded shapes and fails the test on any command that is not read-only
(tests/collect_standin.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from planner.collect import READ_ONLY, AzCall, CollectError, NotReadOnly
from planner.core import azure
from planner.core.estate import estate
from planner.forms.estate import read_estate
from tests.collect_standin import (
    FORBIDDEN,
    HUB_ZONE,
    NO_EXTENSION,
    NO_REGISTRY,
    NO_SUBSCRIPTION,
    NOT_LOGGED_IN,
    PARTNER_SUBSCRIPTION,
    SCRIPT,
    SPOKE_ZONE,
    SUBSCRIPTION,
    StandIn,
    World,
    by_hand,
    contoso_world,
    dashed_world,
    graph_options,
    graph_pages,
    records_options,
)
from tests.day_two import fixture

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def standin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """The stand-in az first on PATH, answering for contoso; no test may see a violation."""
    stand_in = StandIn(tmp_path, contoso_world())
    for name, value in stand_in.environment().items():
        monkeypatch.setenv(name, value)
    yield stand_in
    stand_in.check()


def run(command: str, *arguments: str) -> tuple[int, str, str]:
    """The command in-process: its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *arguments, stdout=out, stderr=err)
    except CommandError as problem:
        return problem.returncode, out.getvalue(), str(problem)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def collected(*more: str) -> tuple[dict[str, Any], str]:
    status, out, err = run("collect", "--registry", "contoso", *more)
    assert status == 0, err
    return json.loads(out), err


def test_the_collected_document_is_the_one_assembled_by_hand_from_the_same_outputs(
    standin: StandIn,
) -> None:
    document, err = collected()
    notes = document.pop("notes")
    assert document == by_hand()
    (partner,) = notes  # the endpoint az cannot read is named, and left out
    assert partner.startswith(
        f"Left out pe-contoso-partner (resource group rg-partner, subscription "
        f"{PARTNER_SUBSCRIPTION}): az could not read it (AuthorizationFailed: "
    )
    assert f"Note: {partner}" in err


def test_it_runs_only_read_only_commands_and_reads_their_full_json(standin: StandIn) -> None:
    collected()
    calls = standin.calls()
    assert all(tuple(c[: c.index(next(a for a in c if a.startswith("--")))]) in READ_ONLY
               for c in calls)  # fmt: skip
    assert all(c[-2:] == ["--output", "json"] and "--query" not in c for c in calls)
    words = [" ".join(a for a in c if not a.startswith("-"))[:40] for c in calls]
    # 3 for the registry, 2 per approved endpoint (1 for the pending one: no zone groups),
    # 1 per zone, 1 per graph page.
    assert len(calls) == 3 + 2 + 2 + 1 + 2 + 2 + 2, words


def test_it_reads_the_second_page_of_the_graph_with_the_skip_token(standin: StandIn) -> None:
    document, _ = collected()
    first, second = document["graph"]
    assert first["skip_token"]
    assert second["skip_token"] is None
    graph_calls = [c for c in standin.calls() if c[:2] == ["graph", "query"]]
    assert ["--skip-token" in c for c in graph_calls] == [False, True]
    assert graph_calls[1][graph_calls[1].index("--skip-token") + 1] == first["skip_token"]
    # The spoke's subnet is only on the second page: change finds it there.
    status, out, err = run(
        "change", "--registry", "contoso", "--regions", "eastus,westeurope,northeurope"
    )
    assert status == 0, err
    spoke = json.loads(out)["endpoints"][1]
    assert (spoke["name"], spoke["subnet"]) == ("pe-contoso-spoke", "10.0.2.0/28")


def test_drift_checks_each_zone_with_the_endpoints_its_zone_groups_point_at(
    standin: StandIn,
) -> None:
    status, out, err = run("drift", "--registry", "contoso", "--format", "json")
    assert status == 1, err
    answer = json.loads(out)
    hub, spoke = answer["zones"]
    # The central hub zone: fabrikam's record is another registry's, left alone.
    assert (hub["zone_id"], hub["endpoints"], hub["clean"]) == (
        HUB_ZONE,
        ["pe-contoso-hub"],
        True,
    )
    assert hub["records_checked"] == 3
    # The isolated zone lacks the spoke's westeurope data record.
    assert (spoke["zone_id"], spoke["endpoints"]) == (SPOKE_ZONE, ["pe-contoso-spoke"])
    assert [(f["kind"], f["record"], f["expected"]) for f in spoke["findings"]] == [
        ("missing", "contoso.westeurope.data", ["10.0.2.9"])
    ]
    assert answer["findings"] == spoke["findings"]
    assert answer["records_checked"] == 5
    assert any(n.startswith("Left out pe-contoso-partner") for n in answer["notes"])
    assert (
        "Left out pe-contoso-pending: its connection to the registry is Pending."
        in (answer["notes"])
    )
    assert err == ""  # the notes are in the answer, not said twice


def test_drift_text_gives_a_heading_per_zone(standin: StandIn) -> None:
    status, out, _ = run("drift", "--registry", "contoso")
    assert status == 1
    assert "1 finding(s) in 2 zones for contoso:" in out
    assert f"Zone {HUB_ZONE}, resolving pe-contoso-hub: no drift" in out
    # its fixes name the zone's own resource group and subscription, from its id
    assert "--subscription 00000000-0000-0000-0000-000000000000 --resource-group=rg-spoke " in out
    assert "ZONE_RESOURCE_GROUP" not in out


def test_a_pending_connection_is_read_and_left_out_with_a_note(standin: StandIn) -> None:
    document, _ = collected()
    pending = document["endpoints"][2]
    assert pending["deployed"]["name"] == "pe-contoso-pending"
    assert "zone_groups" not in pending  # nothing to read before the registry approves it
    names = [c[c.index("--endpoint-name") + 1] for c in standin.calls() if "--endpoint-name" in c]
    assert "pe-contoso-pending" not in names


def test_change_compares_each_zone_scope_with_its_own_zones_records(standin: StandIn) -> None:
    status, out, err = run(
        "change", "--registry", "contoso", "--regions", "eastus", "--regions", "westeurope"
    )
    assert status == 0, err
    zones = {zone["scope"]: zone for zone in json.loads(out)["zones"]}
    assert set(zones) == {"rg-dns", "rg-spoke"}
    assert {zone["compared_with"] for zone in zones.values()} == {"zone"}
    assert zones["rg-dns"]["changes"] == []
    assert [(c["action"], c["name"], c["after"]) for c in zones["rg-spoke"]["changes"]] == [
        ("add", "contoso.westeurope.data", ["10.0.2.9"])
    ]


def test_change_with_registry_needs_the_regions_as_wanted(standin: StandIn) -> None:
    status, _, err = run("change", "--registry", "contoso")
    assert (status, err) == (2, "--regions: give the regions as wanted after the change.")
    status, _, err = run("change", "-", "--regions", "eastus")
    assert status == 2
    assert "go with --registry" in err
    assert standin.calls() == []


def test_the_estate_document_plans_the_deployed_registry(standin: StandIn) -> None:
    document, err = collected("--estate")
    spoke_in_use: list[str] = []  # the graph lists only the spoke endpoint's own there
    assert document == {
        "registry": "contoso",
        "cloud": "public",
        "regions": ["eastus", "westeurope"],
        "regional_endpoints": False,
        "endpoints": [
            {
                "name": "pe-contoso-hub",
                "subnet": "10.0.1.0/27",
                "in_use": ["10.0.1.7"],  # another resource's: the endpoint's own are planned
                "allocation": "static",
                "dns": "zone-group",
                "zone_id": HUB_ZONE,
                "zone_scope": "rg-dns",
            },
            {
                "name": "pe-contoso-spoke",
                "subnet": "10.0.2.0/28",
                "in_use": spoke_in_use,
                "allocation": "dynamic",
                "dns": "zone-group",
                "zone_id": SPOKE_ZONE,
                "zone_scope": "rg-spoke",
            },
        ],
        "networks": [  # where a new subnet could go: each endpoint's virtual network
            {
                "name": "vnet-hub",
                "address_space": ["10.0.0.0/22"],
                "subnets": ["10.0.0.0/24", "10.0.1.32/27", "10.0.1.0/27"],
            },
            {
                "name": "vnet-spoke",
                "address_space": ["10.0.2.0/24", "10.0.3.0/24"],
                "subnets": ["10.0.2.0/28", "10.0.3.0/28"],
            },
        ],
    }
    assert "Note: Left out pe-contoso-pending" in err
    planned = estate(read_estate(document))
    assert planned.fits
    hub = planned.endpoints[0].plan
    held = {
        m["memberName"]: m["privateIPAddress"]
        for m in fixture("pe-static.json")["ipConfigurations"]
    }
    assert {a.member_name: a.ip for a in hub.allocations} == held  # the deployed addresses
    assert "the estate plans" not in err  # no static endpoint's address differs


def test_collect_writes_to_a_file_whole(standin: StandIn, tmp_path: Path) -> None:
    path = tmp_path / "contoso.json"
    status, out, err = run("collect", "--registry", "contoso", "--output", str(path))
    assert (status, out) == (0, "")
    assert json.loads(path.read_text())["registry"] == "contoso"
    assert f"wrote {path}" in err


def test_concurrent_calls_are_bounded(standin: StandIn) -> None:
    world = contoso_world()
    world.delay = 0.05
    standin.update(world)
    collected("--concurrency", "2")
    assert 1 <= standin.most_at_once() <= 2


# --- Errors: exit 2, a message that says what to run, no traceback ---------------------------


def failing(standin: StandIn, change: Any) -> tuple[int, str]:
    world = contoso_world()
    change(world)
    standin.update(world)
    status, _, err = run("collect", "--registry", "contoso")
    return status, err


def test_az_not_installed(standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    status, _, err = run("collect", "--registry", "contoso")
    assert status == 2
    assert err.startswith("The Azure CLI (az) is not installed, or not on PATH")
    assert "az login" in err


def test_az_not_logged_in(standin: StandIn) -> None:
    def logged_out(world: World) -> None:
        world.fail("acr show", NOT_LOGGED_IN, name="contoso")
        world.fail("acr replication list", NOT_LOGGED_IN, registry="contoso")

    status, err = failing(standin, logged_out)
    assert status == 2
    assert "run az login" in err


def test_the_resource_graph_extension_missing(standin: StandIn) -> None:
    status, err = failing(standin, lambda w: w.fail("extension show", NO_EXTENSION,
                                                    name="resource-graph"))  # fmt: skip
    assert status == 2
    assert "run: az extension add --name resource-graph," in err
    assert not [c for c in standin.calls() if c[0] == "network"]  # stopped before the rest


def test_an_unknown_registry(standin: StandIn) -> None:
    world = contoso_world()
    world.fail("acr show", NO_REGISTRY.format(name="nosuch"), rc=3, name="nosuch")
    world.fail("acr replication list", NO_REGISTRY.format(name="nosuch"), rc=3,
               registry="nosuch")  # fmt: skip
    standin.update(world)
    status, _, err = run("collect", "--registry", "nosuch")
    assert status == 2
    assert err.startswith("No registry nosuch in az's subscription: check its name")


def test_a_subscription_without_access(standin: StandIn) -> None:
    other = "33333333-3333-3333-3333-333333333333"
    world = contoso_world()
    message = NO_SUBSCRIPTION.format(subscription=other)
    world.fail("acr show", message, name="contoso", subscription=other)
    world.fail("acr replication list", message, registry="contoso", subscription=other)
    standin.update(world)
    status, _, err = run("collect", "--registry", "contoso", "--subscription", other)
    assert status == 2
    assert err.startswith(f"No access to the registry contoso in subscription {other}: ")
    assert "az account list" in err


def test_a_zone_that_cannot_be_read_is_left_out_with_a_note(standin: StandIn) -> None:
    def forbidden(world: World) -> None:
        message = FORBIDDEN.format(subscription=SUBSCRIPTION, group="rg-spoke")
        world.fail("network private-dns record-set a list", message, **records_options("rg-spoke"))

    world = contoso_world()
    forbidden(world)
    standin.update(world)
    document, err = collected()
    assert [zone["zone_id"] for zone in document["zones"]] == [HUB_ZONE]
    assert f"Left out the zone {SPOKE_ZONE}: az could not read its records" in err
    status, out, _ = run("drift", "--registry", "contoso", "--format", "json")
    answer = json.loads(out)
    assert (status, [z["zone_id"] for z in answer["zones"]]) == (0, [HUB_ZONE])
    assert any(n.startswith("pe-contoso-spoke: no zone given resolves it") for n in answer["notes"])


def test_a_timeout_stops_az_and_says_which_call(standin: StandIn) -> None:
    world = contoso_world()
    world.answer("acr show", fixture("acr-show-contoso.json"), delay=30, name="contoso")
    standin.update(world)
    status, _, err = run("collect", "--registry", "contoso", "--timeout", "0.5")
    assert status == 2
    assert err.startswith("az acr show did not answer within 0.5 s (--timeout)")
    started = [e for e in standin.entries() if e["argv"][:2] == ["acr", "show"]]
    assert [e["event"] for e in started] == ["start"]  # ended by collect, never answered


def test_errors_exit_2_without_a_traceback() -> None:
    """As a pipeline sees it: a separate process, the message on stderr."""
    result = subprocess.run(
        [sys.executable, "manage.py", "collect", "--registry", "contoso"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "The Azure CLI (az) is not installed" in result.stderr
    drift = subprocess.run(
        [sys.executable, "manage.py", "drift", "--registry", "contoso"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert drift.returncode == 2
    assert "Traceback" not in drift.stderr


def test_bad_options_are_refused_before_az_runs(standin: StandIn) -> None:
    for arguments, message in (
        (("--registry", "no"), "--registry: "),
        (("--registry", "contoso", "--concurrency", "0"), "--concurrency: give 1 to 32."),
        (("--registry", "contoso", "--timeout", "0"), "--timeout: give 1 to 3600 seconds."),
        (("--registry", "contoso", "--subscription=-x"), "--subscription: "),
    ):
        status, _, err = run("collect", *arguments)
        assert (status, err.startswith(message)) == (2, True), (arguments, err)
    assert standin.calls() == []


# --- No write command, ever ----------------------------------------------------------------


def test_a_command_that_is_not_read_only_is_a_programming_error() -> None:
    with pytest.raises(NotReadOnly):
        AzCall.of("acr", "replication", "create", registry="contoso", location="westus")
    assert AzCall.of("graph", "query", graph_query="Resources").arguments()[-2:] == [
        "--output",
        "json",
    ]


def test_the_stand_in_fails_the_test_on_a_write_command(tmp_path: Path) -> None:
    stand_in = StandIn(tmp_path, World())
    result = subprocess.run(
        [str(stand_in.bin / "az"), "acr", "replication", "delete", "--registry", "contoso",
         "--name", "westeurope", "--output", "json"],
        capture_output=True, text=True, env={**os.environ, **stand_in.environment()},
        check=False,
    )  # fmt: skip
    assert result.returncode == 99
    with pytest.raises(AssertionError, match="not a read-only command"):
        stand_in.check()


def test_the_stand_in_refuses_a_query_projection(tmp_path: Path) -> None:
    stand_in = StandIn(tmp_path, World())
    subprocess.run(
        [str(stand_in.bin / "az"), "acr", "show", "--name", "contoso", "--query", "id",
         "--output", "tsv"],
        capture_output=True, env={**os.environ, **stand_in.environment()}, check=False,
    )  # fmt: skip
    assert [v["problem"] for v in stand_in.violations()] == [
        "a --query projection: collect reads full JSON"
    ]
    assert "READ_ONLY" in SCRIPT  # its own list, not the collector's


# --- The REST forms that az rest and the portal print are read alike ------------------------


def test_drift_reads_the_rest_forms_of_the_same_estate(standin: StandIn) -> None:
    """The registry, the hub's zone groups and records and the pending endpoint as the REST
    API answers them (azure-cli's recordings, tests/fixtures/day_two/README.md): the same
    findings as from what az prints."""
    world = contoso_world()
    world.answer("acr show", fixture("acr-show-contoso-rest.json"), name="contoso")
    world.answer(
        "network private-endpoint dns-zone-group list",
        fixture("zone-groups-rest.json"),
        endpoint_name="pe-contoso-hub",
        resource_group="rg-network",
        subscription=SUBSCRIPTION,
    )
    world.answer(
        "network private-dns record-set a list",
        fixture("records-rest.json"),
        **records_options("rg-dns"),
    )
    standin.update(world)
    status, out, err = run("drift", "--registry", "contoso", "--format", "json")
    assert status == 1, err
    answer = json.loads(out)
    assert [(z["zone_id"], z["clean"]) for z in answer["zones"]] == [
        (HUB_ZONE, True),
        (SPOKE_ZONE, False),
    ]


def test_the_graph_is_asked_for_the_endpoints_subscriptions(standin: StandIn) -> None:
    collected()
    (first, _) = [c for c in standin.calls() if c[:2] == ["graph", "query"]]
    at = first.index("--subscriptions")
    assert first[at + 1 : at + 2] == [SUBSCRIPTION]  # not the partner's: it was left out
    assert first[first.index("--graph-query") + 1] == azure.GRAPH_QUERY
    assert graph_options()["first"] == first[first.index("--first") + 1]


def test_the_collected_estate_uploads_to_the_estate_page(standin: StandIn) -> None:
    """`collect --estate` then /estate's upload: the page shows the deployed registry."""
    document, _ = collected("--estate")
    upload = SimpleUploadedFile("contoso-estate.json", json.dumps(document).encode())
    html = unescape(Client().post("/estate/upload", {"document": upload}).content.decode())
    assert 'value="pe-contoso-hub"' in html
    assert 'value="pe-contoso-spoke"' in html
    assert "Left out" not in html  # every field of the document is the page's
    assert estate(read_estate(document)).verdict in html


def test_the_console_script_knows_collect() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from planner.cli import main; main(['collect', '--help'])"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--registry REGISTRY" in result.stdout
    assert "--estate" in result.stdout


# --- What collect hands to az (issue 26) ----------------------------------------------------


def pages_with(**first: Any) -> World:
    """contoso's world whose graph's first page is changed by `first`."""
    world = contoso_world()
    page, _ = graph_pages()
    world.answer("graph query", {**page, **first}, **graph_options())
    return world


@pytest.mark.parametrize(
    "token",
    [
        "@/home/engineer/.azure/msal_token_cache.json",  # az would send the file's content
        "x=@/home/engineer/.azure/msal_token_cache.json",  # az expands after "=" too
        "ey\"J9'; rm",
        "a" * 200_000,  # longer than the system takes in one argument
        "ey J9",
    ],
)
def test_a_skip_token_is_handed_to_az_only_when_it_is_one(standin: StandIn, token: str) -> None:
    standin.update(pages_with(skip_token=token))
    status, _, err = run("collect", "--registry", "contoso")
    assert status == 2
    assert err.startswith("The Resource Graph query's skip_token is not a token (base64")
    assert "not installed" not in err
    graph_calls = [c for c in standin.arguments() if c[:2] == ["graph", "query"]]
    assert len(graph_calls) == 1  # the first page only: nothing of the token reached az
    assert all("@" not in argument for call in standin.arguments() for argument in call)


def test_no_value_is_handed_to_az_as_a_file_or_an_option() -> None:
    call = AzCall.of("acr", "show", name="contoso", subscription="-sub")
    assert call.arguments()[2:4] == ["--name=contoso", "--subscription=-sub"]
    for options in ({"name": "@secrets"}, {"name": "a=@secrets"}, {"subscriptions": ("-x",)}):
        with pytest.raises(CollectError, match="would be read by az as"):
            AzCall.of("acr", "show", **options).arguments()


def test_resource_groups_named_with_a_dash_are_collected(standin: StandIn) -> None:
    """ "-rg-network" is a valid name; after a space az reads it as an option (the stand-in,
    as argparse, refuses that), written after "=" it is a value."""
    standin.update(dashed_world())
    document, _ = collected()
    shown = [c for c in standin.arguments() if c[:3] == ["network", "private-endpoint", "show"]]
    assert any("--resource-group=-rg-network" in call for call in shown)
    assert [e["deployed"]["name"] for e in document["endpoints"]][:2] == [
        "pe-contoso-hub",
        "pe-contoso-spoke",
    ]


def test_the_stand_in_reads_a_dashed_value_after_a_space_as_az_does(tmp_path: Path) -> None:
    stand_in = StandIn(tmp_path, dashed_world())
    completed = subprocess.run(
        ["az", "acr", "show", "--name", "contoso", "--resource-group", "-rg", "--output", "json"],
        env=stand_in.environment(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 99
    assert "az would read -rg as an option" in completed.stderr


def test_a_truncated_graph_is_not_taken_for_the_whole(standin: StandIn, tmp_path: Path) -> None:
    """Resource Graph truncates a query it cannot page: no skip token, and fewer rows than
    total_records (az only warns, and AZURE_CORE_ONLY_SHOW_ERRORS hides the warning)."""
    page, _ = graph_pages()
    standin.update(pages_with(skip_token=None, total_records=page["total_records"] + 1000))
    path = tmp_path / "contoso.json"
    status, _, err = run("collect", "--registry", "contoso", "--output", str(path))
    assert status == 2
    assert "The pages hold 5 rows of the query's 1,011 (total_records)" in err
    assert not path.exists()


def test_the_query_projects_id_so_that_resource_graph_pages_it() -> None:
    legs = azure.GRAPH_QUERY.split("| union")
    assert [leg.count("| project id, ") for leg in legs] == [1, 1]


def test_what_az_prints_past_the_cap_stops_it(
    standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planner.collect.MAX_OUTPUT", 100_000)
    page, _ = graph_pages()
    tags = {"tags": {"note": "x" * 200_000}}
    standin.update(pages_with(data=[{**page["data"][0], **tags}, *page["data"][1:]]))
    path = tmp_path / "contoso.json"
    status, _, err = run("collect", "--registry", "contoso", "--output", str(path))
    assert status == 2
    assert "printed more than 100,000 bytes, more than collect reads" in err
    assert not path.exists()


def test_what_az_says_reaches_the_terminal_without_control_or_bidi_characters(
    standin: StandIn,
) -> None:
    world = contoso_world()
    message = FORBIDDEN.format(subscription=SUBSCRIPTION, group="rg-spoke").replace(
        "does not have", "\x1b[2J\x1b]0;owned\x07 \u202egnp.exe\u202c does not have"
    )
    world.fail("network private-dns record-set a list", message, **records_options("rg-spoke"))
    standin.update(world)
    _, err = collected()
    assert f"Left out the zone {SPOKE_ZONE}: az could not read its records" in err
    assert not [c for c in err if c in "\x1b\x07\u202e\u202c"]
    assert "gnp.exe does not have" in err  # the rest of the message is kept


def test_an_argument_list_too_long_is_said_as_such() -> None:
    import errno

    from planner.collect import NOT_INSTALLED, not_started

    too_long = not_started(OSError(errno.E2BIG, "Argument list too long"), ["az", "x" * 200_000])
    assert too_long.startswith("az was not run: its command line has 200,004 characters")
    missing = not_started(FileNotFoundError(errno.ENOENT, "No such file"), ["az"])
    assert missing == NOT_INSTALLED
