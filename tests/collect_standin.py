"""A stand-in `az` for the collect tests: a small Python script on PATH that answers each
command from recorded shapes (tests/fixtures/day_two, each with its source in the README
there) and refuses any command that is not read-only.

The script logs every call (its arguments, when it started and ended) and every violation: a
command outside its own list of read-only commands, a `--query` projection, an output other
than JSON, a command nothing was recorded for. A test's `StandIn.check()` fails on any of
them. The list is the stand-in's own, not the collector's: the referee does not borrow the
player's rules.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.core import azure
from tests.day_two import client_flattened, fixture

SCRIPT = r'''
import json, os, sys, time

READ_ONLY = {
    ("acr", "show"),
    ("acr", "replication", "list"),
    ("extension", "show"),
    ("network", "private-endpoint", "show"),
    ("network", "private-endpoint", "dns-zone-group", "list"),
    ("network", "private-dns", "record-set", "a", "list"),
    ("graph", "query"),
}


def normalized(argv):
    """The command words, then each option with its values, options sorted, no --output."""
    words = []
    rest = list(argv)
    while rest and not rest[0].startswith("-"):
        words.append(rest.pop(0))
    options = {}
    name = None
    for token in rest:
        if token.startswith("-") and not token.startswith("--"):
            # argparse reads "-rg" as an option (az has -g, -n ...), not as a value
            return tuple(words), "", ["json"], {"-": [token]}
        if token.startswith("--"):
            name, equals, value = token.partition("=")  # argparse reads --name=value too
            options.setdefault(name, [])
            if equals:
                options[name].append(value)
        elif name is not None:
            options[name].append(token)
    output = options.pop("--output", None) or options.pop("-o", None)
    parts = [" ".join(words)] + [" ".join([k, *options[k]]) for k in sorted(options)]
    return tuple(words), " ".join(parts), output, options


def log(entry):
    with open(os.environ["AZ_STANDIN_LOG"], "a") as file:
        file.write(json.dumps(entry) + "\n")


def main():
    argv = sys.argv[1:]
    words, key, output, options = normalized(argv)
    started = time.monotonic()
    log({"argv": argv, "event": "start", "at": started})
    problem = ""
    if "-" in options:
        problem = f"az would read {options['-'][0]} as an option, not as a value"
    elif words not in READ_ONLY:
        problem = "not a read-only command"
    elif "--query" in options:
        problem = "a --query projection: collect reads full JSON"
    elif output != ["json"]:
        problem = "not --output json"
    if problem:
        log({"argv": argv, "event": "violation", "problem": problem})
        sys.stderr.write(f"ERROR: stand-in az refuses: {problem}\n")
        sys.exit(99)
    with open(os.environ["AZ_STANDIN_WORLD"]) as file:
        world = json.load(file)
    answer = world["answers"].get(key)
    if answer is None:
        log({"argv": argv, "event": "violation", "problem": "nothing recorded", "key": key})
        sys.stderr.write(f"ERROR: stand-in az has nothing recorded for: {key}\n")
        sys.exit(98)
    time.sleep(answer.get("delay", world.get("delay", 0)))
    if answer.get("stdout") is not None:
        sys.stdout.write(json.dumps(answer["stdout"], indent=2) + "\n")
    sys.stderr.write(answer.get("stderr", ""))
    log({"argv": argv, "event": "end", "at": time.monotonic(), "started": started})
    sys.exit(answer.get("rc", 0))


main()
'''
NAMESPACE: dict[str, Any] = {"__name__": "standin"}
exec(SCRIPT.replace("\nmain()\n", "\n"), NAMESPACE)  # the script's own key function
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
PARTNER_SUBSCRIPTION = "22222222-2222-2222-2222-222222222222"
HUB_ZONE = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/"
    "privateDnsZones/privatelink.azurecr.io"
)
SPOKE_ZONE = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-spoke/providers/Microsoft.Network/"
    "privateDnsZones/privatelink.azurecr.io"
)
REGISTRY_ID = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-registry/providers/"
    "Microsoft.ContainerRegistry/registries/contoso"
)
# What az prints on stderr (azure-cli's own messages, read in its source: _profile.py and
# acr/_utils.py; ARM's AuthorizationFailed as az printed it in Azure/CloudShell#561).
NOT_LOGGED_IN = "ERROR: Please run 'az login' to setup account.\n"
NO_EXTENSION = (
    "ERROR: The extension resource-graph is not installed. Please install the extension via "
    "`az extension add -n resource-graph`.\n"
)
NO_REGISTRY = (
    "ERROR: The resource with name '{name}' and type 'Microsoft.ContainerRegistry/registries' "
    f"could not be found in subscription 'Contoso Production ({SUBSCRIPTION})'.\n"
)
NO_SUBSCRIPTION = (
    "ERROR: Subscription '{subscription}' not found. Check the spelling and casing and try again.\n"
)
FORBIDDEN = (
    "ERROR: (AuthorizationFailed) The client 'pipeline@contoso.com' with object id "
    "'55555555-5555-5555-5555-555555555555' does not have authorization to perform action "
    "'Microsoft.Network/privateEndpoints/read' over scope '/subscriptions/{subscription}/"
    "resourceGroups/{group}/providers/Microsoft.Network' or the scope is invalid. If access was "
    "recently granted, please refresh your credentials.\nCode: AuthorizationFailed\n"
)
# A skip token as Resource Graph gives one: base64 of a small JSON object.
SKIP_TOKEN = "eyIkaWQiOiAiMSIsICJNYXhSb3dzIjogMTAwMCwgIlJvd3NUb1NraXAiOiAxMDAwfQ=="


def key(command: str, **options: str | tuple[str, ...]) -> str:
    """The stand-in's key of a command and its options (as the script reads an argv)."""
    argv = command.split()
    for name, value in options.items():
        argv += [f"--{name.replace('_', '-')}", *((value,) if isinstance(value, str) else value)]
    return str(NAMESPACE["normalized"]([*argv, "--output", "json"])[1])


def split_option(argument: str) -> list[str]:
    if argument.startswith("--") and "=" in argument:
        return argument.split("=", 1)
    return [argument]


@dataclass
class World:
    """What the stand-in answers, by key."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    delay: float = 0.0

    def answer(
        self,
        command: str,
        stdout: Any = None,
        stderr: str = "",
        rc: int = 0,
        delay: float | None = None,
        **options: str | tuple[str, ...],
    ) -> None:
        entry: dict[str, Any] = {"stdout": stdout, "stderr": stderr, "rc": rc}
        if delay is not None:
            entry["delay"] = delay
        self.answers[key(command, **options)] = entry

    def fail(self, command: str, stderr: str, rc: int = 1, **options: str) -> None:
        self.answer(command, None, stderr, rc, **options)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps({"answers": self.answers, "delay": self.delay}))


class StandIn:
    """The script on PATH, its world and its log."""

    def __init__(self, folder: Path, world: World) -> None:
        self.folder = folder
        self.bin = folder / "bin"
        self.bin.mkdir(exist_ok=True)
        script = self.bin / "az"
        script.write_text(f"#!{sys.executable}\n{SCRIPT}")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        self.world_path = folder / "world.json"
        self.log_path = folder / "calls.jsonl"
        self.world = world
        world.write(self.world_path)

    def environment(self) -> dict[str, str]:
        return {
            "PATH": f"{self.bin}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "AZ_STANDIN_WORLD": str(self.world_path),
            "AZ_STANDIN_LOG": str(self.log_path),
        }

    def update(self, world: World) -> None:
        self.world = world
        world.write(self.world_path)

    def entries(self) -> list[dict[str, Any]]:
        if not self.log_path.exists():
            return []
        return [json.loads(line) for line in self.log_path.read_text().splitlines()]

    def calls(self) -> list[list[str]]:
        """Every command run, in the order they started, each `--name=value` read as
        `--name value` (as az's parser reads it)."""
        return [
            [part for argument in argv for part in split_option(argument)]
            for argv in self.arguments()
        ]

    def arguments(self) -> list[list[str]]:
        """Every command run, its arguments as they were given."""
        return [entry["argv"] for entry in self.entries() if entry["event"] == "start"]

    def violations(self) -> list[dict[str, Any]]:
        return [entry for entry in self.entries() if entry["event"] == "violation"]

    def most_at_once(self) -> int:
        """The most calls that ran at the same time (from the log's start and end times)."""
        events = sorted(
            (entry["at"], 1 if entry["event"] == "start" else -1)
            for entry in self.entries()
            if entry["event"] in ("start", "end")
        )
        running = most = 0
        for _, step in events:
            running += step
            most = max(most, running)
        return most

    def check(self) -> None:
        """Fail the test on any command that is not read-only, or not recorded."""
        assert self.violations() == [], self.violations()


# --- The deployed estate the stand-in answers for -----------------------------------------


def pending_endpoint() -> Any:
    """azure-cli's recorded answer for a --manual-request endpoint (pe-pending-rest.json),
    named and connected as contoso's pe-contoso-pending in rg-spoke."""
    text = json.dumps(fixture("pe-pending-rest.json"))
    text = text.replace("priv_endpoint000005", "pe-contoso-pending")
    text = text.replace(
        "clitest.rg000001/providers/Microsoft.Network", "rg-spoke/providers/Microsoft.Network"
    )
    text = text.replace(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/clitest.rg000001/"
        "providers/Microsoft.ContainerRegistry/registries/testreg000002",
        REGISTRY_ID,
    )
    return json.loads(text)


def graph_pages() -> tuple[dict[str, Any], dict[str, Any]]:
    """graph-vnet.json's rows (the current query's columns) in two pages, the first with a
    skip token (the query orders its rows, so the second follows on)."""
    whole = fixture("graph-vnet.json")
    rows = whole["data"]
    first = {**whole, "data": rows[:5], "count": 5, "skip_token": SKIP_TOKEN}
    second = {**whole, "data": rows[5:], "count": len(rows) - 5, "skip_token": None}
    return first, second


def replications() -> list[dict[str, Any]]:
    """contoso's replications as they are: replications.json before northeurope was added."""
    return [r for r in fixture("replications.json") if r["location"] != "northeurope"]


def endpoint_options(name: str, group: str, subscription: str = SUBSCRIPTION) -> dict[str, str]:
    return {"name": name, "resource_group": group, "subscription": subscription}


def zone_group_options(name: str, group: str) -> dict[str, str]:
    return {"endpoint_name": name, "resource_group": group, "subscription": SUBSCRIPTION}


def graph_options(*more: tuple[str, str]) -> dict[str, str | tuple[str, ...]]:
    return {
        "graph_query": azure.GRAPH_QUERY,
        "first": "1000",
        "subscriptions": (SUBSCRIPTION,),
        **dict(more),
    }


def records_options(group: str) -> dict[str, str]:
    return {
        "zone_name": "privatelink.azurecr.io",
        "resource_group": group,
        "subscription": SUBSCRIPTION,
    }


def contoso_world() -> World:
    """contoso (eastus, westeurope) with four connections: a static hub endpoint whose zone
    group writes into the central hub zone (which holds fabrikam's record too), a dynamic
    spoke endpoint whose zone group writes into an isolated zone (which lacks the westeurope
    data record), a pending one, and one in a subscription the login cannot read. The graph
    answers in two pages."""
    world = World()
    world.answer("acr show", fixture("acr-show-contoso.json"), name="contoso")
    world.answer("acr replication list", replications(), registry="contoso")
    world.answer("extension show", fixture("extension-show.json"), name="resource-graph")
    hub = endpoint_options("pe-contoso-hub", "rg-network")
    spoke = endpoint_options("pe-contoso-spoke", "rg-spoke")
    world.answer("network private-endpoint show", fixture("pe-static.json"), **hub)
    world.answer(
        "network private-endpoint dns-zone-group list",
        client_flattened(fixture("zone-groups-rest.json")),
        **zone_group_options("pe-contoso-hub", "rg-network"),
    )
    world.answer("network private-endpoint show", fixture("pe-dynamic.json"), **spoke)
    world.answer(
        "network private-endpoint dns-zone-group list",
        fixture("zone-groups-spoke.json"),
        **zone_group_options("pe-contoso-spoke", "rg-spoke"),
    )
    world.answer(
        "network private-endpoint show",
        client_flattened(pending_endpoint()),
        **endpoint_options("pe-contoso-pending", "rg-spoke"),
    )
    world.fail(
        "network private-endpoint show",
        FORBIDDEN.format(subscription=PARTNER_SUBSCRIPTION, group="rg-partner"),
        **endpoint_options("pe-contoso-partner", "rg-partner", PARTNER_SUBSCRIPTION),
    )
    world.fail(
        "network private-endpoint dns-zone-group list",
        FORBIDDEN.format(subscription=PARTNER_SUBSCRIPTION, group="rg-partner"),
        endpoint_name="pe-contoso-partner",
        resource_group="rg-partner",
        subscription=PARTNER_SUBSCRIPTION,
    )
    world.answer(
        "network private-dns record-set a list",
        fixture("records.json"),
        **records_options("rg-dns"),
    )
    world.answer(
        "network private-dns record-set a list",
        fixture("records-spoke.json"),
        **records_options("rg-spoke"),
    )
    first, second = graph_pages()
    world.answer("graph query", first, **graph_options())
    world.answer("graph query", second, **graph_options(("skip_token", SKIP_TOKEN)))
    return world


def dashed_world() -> World:
    """contoso_world with every resource group named with a leading dash ("-rg-network"):
    valid in Azure, and read by az as an option unless written after "="."""
    text = json.dumps(contoso_world().answers)
    text = re.sub(
        r"(?i)(/resourceGroups/|--resource-group |\"resourceGroup\": \")rg-", r"\1-rg-", text
    )
    return World(json.loads(text))


def by_hand() -> dict[str, Any]:
    """The day-two document as the az commands and jq of docs/day-two.md put it together from the
    same outputs: what collect must write (but its notes)."""
    return {
        "registry": "contoso",
        "acr_show": fixture("acr-show-contoso.json"),
        "replications": replications(),
        "endpoints": [
            {
                "deployed": fixture("pe-static.json"),
                "zone_groups": client_flattened(fixture("zone-groups-rest.json")),
            },
            {
                "deployed": fixture("pe-dynamic.json"),
                "zone_groups": fixture("zone-groups-spoke.json"),
            },
            {"deployed": client_flattened(pending_endpoint())},
        ],
        "graph": list(graph_pages()),
        "zones": [
            {"zone_id": HUB_ZONE, "records": fixture("records.json")},
            {"zone_id": SPOKE_ZONE, "records": fixture("records-spoke.json")},
        ],
    }
