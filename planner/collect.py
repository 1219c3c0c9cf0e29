"""Reading a registry's deployed estate through the Azure CLI that is already logged in (`az
login`, GitHub's azure/login, Azure DevOps' AzureCLI task): no credentials pass through the
planner, and every cloud az knows works.

Read-only: every command run is one of READ_ONLY (show, list, a Resource Graph query); any
other is a programming error, refused before it runs. Each prints its full JSON (`--output
json`, never a `--query` projection), which the readers of `planner.core.deployed` read as
they read a pasted document; `planner.core.collected` puts the outputs together. Independent
calls run concurrently (at most `concurrency` at once), each within `timeout` seconds.

The calls, in three rounds: the registry (`az acr show`, `az acr replication list`) and the
check that `az graph` is there (`az extension show`); each connected private endpoint (`az
network private-endpoint show` and its `dns-zone-group list`); then each zone the zone groups
point at (`az network private-dns record-set a list`) beside the Resource Graph query, paged
with its skip token until done.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from typing import Any

from planner.core import azure
from planner.core.addresses import shown
from planner.core.collected import (
    Collected,
    CollectedEndpoint,
    CollectedZone,
    EndpointReference,
    ZoneReference,
    graph_subscriptions,
    read_connections,
    zones_to_read,
)
from planner.core.deployed import Unreadable, described, read_registry_show

# The only commands collect runs: each reads, none changes anything.
READ_ONLY = frozenset(
    {
        ("acr", "show"),
        ("acr", "replication", "list"),
        ("extension", "show"),
        ("network", "private-endpoint", "show"),
        ("network", "private-endpoint", "dns-zone-group", "list"),
        ("network", "private-dns", "record-set", "a", "list"),
        ("graph", "query"),
    }
)
DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 32
DEFAULT_TIMEOUT = 120.0  # seconds per az call: a Resource Graph page can take tens
GRAPH_PAGE = 1000  # `--first` accepts 1-1000 (the resource-graph extension's own check)
MAX_GRAPH_PAGES = 100  # 100,000 rows: what the graph reader takes
GRAPH_EXTENSION = "resource-graph"
# az never installs an extension on its own here (that would change the machine), and never
# prints warnings into what is read.
AZ_ENVIRONMENT = {
    "AZURE_EXTENSION_USE_DYNAMIC_INSTALL": "no",
    "AZURE_CORE_ONLY_SHOW_ERRORS": "true",
    "AZURE_CORE_NO_COLOR": "true",
}
LOGIN = (
    "az is not logged in, or its login has expired: run az login (in a pipeline, the "
    "azure/login action or the AzureCLI task before this step), then collect again."
)
EXTENSION = (
    "az graph comes from the resource-graph extension, which is not installed: run: "
    "az extension add --name resource-graph, then collect again."
)
NOT_INSTALLED = (
    "The Azure CLI (az) is not installed, or not on PATH: install it "
    "(https://learn.microsoft.com/cli/azure/install-azure-cli), run az login, then collect "
    "again."
)


class NotReadOnly(AssertionError):
    """A command outside READ_ONLY: a programming error, never run."""


class CollectError(Exception):
    """Collecting stopped: the message says why and what to run."""


class Failure(Enum):
    """Why an az command failed, read from what it printed on stderr."""

    LOGIN = "login"
    EXTENSION = "extension"
    NOT_FOUND = "not found"
    NO_ACCESS = "no access"
    OTHER = "other"


# What az prints on stderr for each: its own messages ("Please run 'az login' to setup
# account.", "The extension resource-graph is not installed.", "Subscription 'x' not found.",
# from azure-cli's source) and ARM's error codes, which az prints in brackets
# ("(AuthorizationFailed) The client ... does not have authorization to perform action ...").
FAILURE_SIGNS = tuple(
    (failure, re.compile(pattern, re.IGNORECASE))
    for failure, pattern in (
        (Failure.LOGIN, r"az login|AADSTS\d+|refresh token has expired"),
        (Failure.EXTENSION, r"extension resource-graph is not installed|'graph' is misspelled"),
        (
            Failure.NO_ACCESS,
            r"AuthorizationFailed|does not have authorization|SubscriptionNotFound"
            r"|doesn't exist in cloud|InvalidAuthenticationTokenTenant"
            r"|Subscription '[^']*' not found",
        ),
        (Failure.NOT_FOUND, r"NotFound\b|could not be found|was not found"),
    )
)


ARM_ERROR = re.compile(r"\((\w+)\)\s*(.*)")  # az prints ARM's errors as "(Code) Message"


def failure_of(stderr: str) -> Failure:
    return next((f for f, sign in FAILURE_SIGNS if sign.search(stderr)), Failure.OTHER)


@dataclass(frozen=True)
class AzCall:
    """One read-only az command and its options (a tuple value: an option with several)."""

    command: tuple[str, ...]
    options: tuple[tuple[str, str | tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        if self.command not in READ_ONLY:
            raise NotReadOnly(f"az {' '.join(self.command)} is not one of collect's commands")

    @classmethod
    def of(cls, *command: str, **options: str | tuple[str, ...]) -> AzCall:
        return cls(tuple(command), tuple(options.items()))

    def arguments(self) -> list[str]:
        """The argument list after `az`; every value is a separate argument, so nothing is
        read by a shell. Full JSON: no --query."""
        arguments = list(self.command)
        for name, value in self.options:
            values = (value,) if isinstance(value, str) else value
            arguments += [f"--{name.replace('_', '-')}", *values]
        return [*arguments, "--output", "json"]

    @property
    def text(self) -> str:
        return "az " + " ".join(self.command)


class AzFailed(Exception):
    def __init__(self, call: AzCall, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.call = call
        self.failure = failure

    @property
    def first_line(self) -> str:
        """az's message in one line: ARM's error code and the start of its message."""
        lines = [line.strip() for line in str(self).splitlines() if line.strip()]
        line = lines[0].removeprefix("ERROR:").strip() if lines else "no message"
        coded = ARM_ERROR.match(line)
        if coded:
            return f"{coded.group(1)}: {shown(coded.group(2), 160)}"
        return shown(line, 300)


class Az:
    """The logged-in Azure CLI, asked read-only questions."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = DEFAULT_CONCURRENCY,
        executable: str | None = None,
    ) -> None:
        found = executable or shutil.which("az")
        if found is None:
            raise CollectError(NOT_INSTALLED)
        self.executable = found
        self.timeout = timeout
        self.concurrency = concurrency

    def run(self, call: AzCall) -> Any:
        """What the command prints, read as JSON; AzFailed when it fails."""
        try:
            process = subprocess.Popen(
                [self.executable, *call.arguments()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, **AZ_ENVIRONMENT},
                text=True,
                start_new_session=True,  # so that a timeout ends az and what it started
            )
        except OSError:
            raise CollectError(NOT_INSTALLED) from None
        try:
            output, errors = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            stop(process)
            raise CollectError(
                f"{call.text} did not answer within {self.timeout:g} s (--timeout): is the "
                "network to Azure slow or blocked? Nothing was written."
            ) from None
        if process.returncode != 0:
            raise AzFailed(call, failure_of(errors), errors.strip() or f"exit {process.returncode}")
        try:
            return json.loads(output)
        except ValueError:
            raise CollectError(
                f"{call.text} printed no JSON: {shown(output.strip(), 200)!r}"
            ) from None

    def outcome(self, call: AzCall) -> Any | AzFailed:
        try:
            return self.run(call)
        except AzFailed as failed:
            return failed

    def each(self, calls: Sequence[AzCall]) -> list[Any | AzFailed]:
        """Each call's JSON, or its failure, run concurrently."""
        if len(calls) <= 1:
            return [self.outcome(call) for call in calls]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(calls))) as pool:
            return list(pool.map(self.outcome, calls))


def stop(process: subprocess.Popen[str]) -> None:
    """End az and the processes it started (its Python), then collect what is left."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups of this kind
            process.kill()
    except OSError:
        pass
    process.communicate()


def fatal(failed: AzFailed, what: str) -> CollectError:
    """A failure that stops collecting, in words that say what to do."""
    if failed.failure is Failure.LOGIN:
        return CollectError(LOGIN)
    if failed.failure is Failure.EXTENSION:
        return CollectError(EXTENSION)
    if failed.failure is Failure.NO_ACCESS:
        return CollectError(
            f"No access to {what}: {failed.first_line} Check the subscription (az account "
            "list), or give the login the Reader role there."
        )
    return CollectError(f"{failed.call.text} failed for {what}: {failed.first_line}")


def first_fatal(outcomes: Iterable[Any], what: str) -> None:
    """Raise for the failures among the outcomes, a login failure first."""
    failures = [o for o in outcomes if isinstance(o, AzFailed)]
    for failed in sorted(failures, key=lambda f: f.failure is not Failure.LOGIN):
        raise fatal(failed, what)


def collect(registry: str, az: Az, subscription: str = "") -> Collected:
    """The registry's estate as az prints it: every output collect reads, and what it left
    out (an endpoint or a zone in a subscription the login cannot read), in notes."""
    where = {"subscription": subscription} if subscription else {}
    in_subscription = f"subscription {subscription}" if subscription else "az's subscription"
    shown_json, replications, extension = az.each(
        [
            AzCall.of("acr", "show", name=registry, **where),
            AzCall.of("acr", "replication", "list", registry=registry, **where),
            AzCall.of("extension", "show", name=GRAPH_EXTENSION),
        ]
    )
    failures = [o for o in (shown_json, replications) if isinstance(o, AzFailed)]
    if any(failed.failure is Failure.NOT_FOUND for failed in failures) and not any(
        failed.failure is Failure.LOGIN for failed in failures
    ):
        raise CollectError(
            f"No registry {registry} in {in_subscription}: check its name, and give the "
            "subscription that holds it (--subscription)."
        )
    first_fatal(failures, f"the registry {registry} in {in_subscription}")
    if isinstance(extension, AzFailed):
        raise CollectError(EXTENSION)
    try:
        cloud = read_registry_show(shown_json).cloud or azure.Cloud.PUBLIC
        connections = read_connections(shown_json)
    except Unreadable as error:
        raise CollectError(f"az acr show printed what cannot be read: {described(error)}") from None
    if not connections:
        raise CollectError(
            f"The registry {registry} has no private endpoint connections: there is nothing "
            "deployed to collect."
        )
    endpoints, notes = read_endpoints(az, connections)
    if not endpoints:
        raise CollectError("No private endpoint of the registry could be read: " + " ".join(notes))
    zones, zone_notes = zones_to_read(endpoints, cloud)
    records, graph, record_notes = read_zones_and_graph(az, zones, graph_subscriptions(endpoints))
    return Collected(
        registry,
        shown_json,
        replications,
        endpoints,
        graph,
        records,
        (*notes, *zone_notes, *record_notes),
    )


def read_endpoints(
    az: Az, connections: Sequence[EndpointReference]
) -> tuple[tuple[CollectedEndpoint, ...], list[str]]:
    """Each connected endpoint and (for an approved connection) its DNS zone groups; an
    endpoint the login cannot read is left out with a note naming it."""
    calls: list[AzCall] = []
    for reference in connections:
        where = {"resource_group": reference.resource_group, "subscription": reference.subscription}
        calls.append(AzCall.of("network", "private-endpoint", "show", name=reference.name, **where))
        if reference.approved:
            calls.append(
                AzCall.of(
                    "network",
                    "private-endpoint",
                    "dns-zone-group",
                    "list",
                    endpoint_name=reference.name,
                    **where,
                )
            )
    outcomes = iter(az.each(calls))
    endpoints, notes = [], []
    for reference in connections:
        shown_json = next(outcomes)
        groups = next(outcomes) if reference.approved else None
        failures = [o for o in (shown_json, groups) if isinstance(o, AzFailed)]
        if any(f.failure in (Failure.NO_ACCESS, Failure.NOT_FOUND) for f in failures):
            failed = next(f for f in failures if f.failure is not Failure.OTHER)
            notes.append(
                f"Left out {reference.name} (resource group {reference.resource_group}, "
                f"subscription {reference.subscription}): az could not read it "
                f"({failed.first_line}). Its addresses and records are not checked."
            )
            continue
        first_fatal(failures, f"the endpoint {reference.name}")
        endpoints.append(CollectedEndpoint(reference, shown_json, groups))
    return tuple(endpoints), notes


def read_zones_and_graph(
    az: Az, zones: Sequence[ZoneReference], subscriptions: Sequence[str]
) -> tuple[tuple[CollectedZone, ...], tuple[Any, ...], list[str]]:
    """Each zone's A record sets, and every page of the Resource Graph query (one page after
    another: each asks with the skip token of the one before), side by side."""
    calls = [
        AzCall.of(
            "network",
            "private-dns",
            "record-set",
            "a",
            "list",
            zone_name=zone.zone,
            resource_group=zone.resource_group,
            subscription=zone.subscription,
        )
        for zone in zones
    ]
    # The graph's pages follow one another; the zones are read meanwhile, in the same
    # bounded pool.
    with ThreadPoolExecutor(max_workers=az.concurrency) as pool:
        pages = pool.submit(graph_pages, az, subscriptions)
        outcomes = list(pool.map(az.outcome, calls))
        graph = pages.result()
    records, notes = [], []
    for zone, outcome in zip(zones, outcomes, strict=True):
        if isinstance(outcome, AzFailed):
            if outcome.failure in (Failure.NO_ACCESS, Failure.NOT_FOUND):
                notes.append(
                    f"Left out the zone {zone.zone_id}: az could not read its records "
                    f"({outcome.first_line}). The endpoints it resolves are not checked there."
                )
                continue
            raise fatal(outcome, f"the zone {zone.zone_id}")
        records.append(CollectedZone(zone, outcome))
    return tuple(records), graph, notes


def graph_pages(az: Az, subscriptions: Sequence[str]) -> tuple[Any, ...]:
    """The Resource Graph query's pages: the first, then one per skip token until none."""
    pages: list[Any] = []
    token = ""
    while True:
        options: dict[str, str | tuple[str, ...]] = {
            "graph_query": azure.GRAPH_QUERY,
            "first": str(GRAPH_PAGE),
            "subscriptions": tuple(subscriptions),
        }
        if token:
            options["skip_token"] = token
        call = AzCall.of("graph", "query", **options)
        try:
            page = az.run(call)
        except AzFailed as failed:
            raise fatal(failed, "the Resource Graph query") from None
        pages.append(page)
        following = page.get(azure.GRAPH_SKIP_TOKEN) if isinstance(page, dict) else None
        if not following:
            return tuple(pages)
        if not isinstance(following, str) or following.startswith("-"):
            raise CollectError(
                f"The Resource Graph query's skip_token is not a token: {page!r:.80}"
            )
        if len(pages) >= MAX_GRAPH_PAGES:
            raise CollectError(
                f"The Resource Graph query gave more than {MAX_GRAPH_PAGES} pages of "
                f"{GRAPH_PAGE} rows: more than the graph reader takes."
            )
        token = following
