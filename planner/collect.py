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

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import threading
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
from planner.core.deployed.graph import graph_shortfall
from planner.core.deployed.places import Unreadable, described
from planner.core.deployed.registry import read_registry_show
from planner.core.quoting import printable

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
# A skip token is base64 (the REST API's examples; the resource-graph extension passes it
# through): only those characters, so that nothing in it is an option or a file for az.
SKIP_TOKEN = re.compile(r"[A-Za-z0-9+/=_-]{1,8192}")
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
        read by a shell. A single value is written `--option=value`: az would read a value
        starting with "-" (a resource group may: "-rg") as an option. Full JSON: no --query.

        azure-cli reads `@path` as the content of a file, in a whole argument or after an
        "=" (core's `_expand_file_prefixed_files`): a value from Azure's answers (a skip
        token, a name) starting so would send a local file to Azure. Refused, as is a value
        of several that starts with "-"."""
        arguments = list(self.command)
        for name, value in self.options:
            option = f"--{name.replace('_', '-')}"
            if isinstance(value, str):
                arguments.append(f"{option}={checked_value(option, value)}")
            else:
                arguments += [option, *(checked_value(option, v, alone=True) for v in value)]
        return [*arguments, "--output", "json"]

    @property
    def text(self) -> str:
        return "az " + " ".join(self.command)


def checked_value(option: str, value: str, alone: bool = False) -> str:
    """A value collect hands az: never one az would read as a file (`@...`), nor, `alone`
    (not after an "="), one it would read as an option."""
    if value.startswith("@") or "=@" in value or (alone and value.startswith("-")):
        raise CollectError(
            f"{option}: {shown(printable(value), 80)!r} would be read by az as "
            + ("an option" if value.startswith("-") else "a file to send")
            + "; collect stops rather than pass it on."
        )
    return value


class AzFailed(Exception):
    def __init__(self, call: AzCall, failure: Failure, message: str) -> None:
        super().__init__(message)
        self.call = call
        self.failure = failure

    @property
    def first_line(self) -> str:
        """az's message in one line: ARM's error code and the start of its message."""
        lines = [line.strip() for line in printable(str(self)).splitlines() if line.strip()]
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
        arguments = [self.executable, *call.arguments()]
        try:
            process = subprocess.Popen(
                arguments,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, **AZ_ENVIRONMENT},
                start_new_session=True,  # so that a timeout ends az and what it started
            )
        except OSError as error:
            raise CollectError(not_started(error, arguments)) from None
        try:
            output, errors = bounded(process, self.timeout)
        except subprocess.TimeoutExpired:
            stop(process)
            raise CollectError(
                f"{call.text} did not answer within {self.timeout:g} s (--timeout): is the "
                "network to Azure slow or blocked? Nothing was written."
            ) from None
        except OutputTooLong:
            raise CollectError(
                f"{call.text} printed more than {MAX_OUTPUT:,} bytes, more than collect reads "
                "(a graph page of 1,000 rows is about 0.3 MB). Nothing was written."
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


MAX_OUTPUT = 64 * 1024 * 1024  # bytes one az call may print
MAX_ERRORS = 64 * 1024  # of what it says on stderr: its message is in the first lines


class OutputTooLong(Exception):
    """az printed more than MAX_OUTPUT: it was stopped."""


def bounded(process: subprocess.Popen[bytes], timeout: float) -> tuple[str, str]:
    """What az prints on stdout and stderr, each read as it comes and held only up to its
    cap (a 400 MB answer was held whole, and written); az is stopped when stdout passes
    MAX_OUTPUT. TimeoutExpired when it runs past `timeout`."""
    held = {"out": bytearray(), "err": bytearray()}
    over = threading.Event()

    def drain(name: str, stream: Any, cap: int) -> None:
        buffer = held[name]
        while chunk := stream.read(65536):
            if len(buffer) + len(chunk) > cap:
                buffer.extend(chunk[: cap - len(buffer)])
                if name == "out" and not over.is_set():
                    over.set()
                    kill(process)
            else:
                buffer.extend(chunk)

    readers = [
        threading.Thread(target=drain, args=("out", process.stdout, MAX_OUTPUT), daemon=True),
        threading.Thread(target=drain, args=("err", process.stderr, MAX_ERRORS), daemon=True),
    ]
    for reader in readers:
        reader.start()
    process.wait(timeout=timeout)
    for reader in readers:
        reader.join(timeout=5)  # what az started may hold its output open: ended then
        if reader.is_alive():
            kill(process)
            reader.join()
    if over.is_set():
        raise OutputTooLong
    return held["out"].decode("utf-8", "replace"), held["err"].decode("utf-8", "replace")


def not_started(error: OSError, arguments: list[str]) -> str:
    """Why az could not be started, in words: not installed, or a command line too long."""
    if error.errno == errno.E2BIG:
        length = sum(len(argument) + 1 for argument in arguments)
        return (
            f"az was not run: its command line has {length:,} characters, more than the "
            "system takes (a value from Azure's answer is that long). Nothing was written."
        )
    if error.errno in (errno.ENOENT, errno.EACCES, errno.ENOEXEC):
        return NOT_INSTALLED
    return f"az could not be started: {error.strerror}. Nothing was written."


def kill(process: subprocess.Popen[bytes]) -> None:
    """End az and the processes it started (its Python)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups of this kind
            process.kill()
    except OSError:
        pass


def stop(process: subprocess.Popen[bytes]) -> None:
    """End az and the processes it started (its Python), then wait for it."""
    kill(process)
    process.wait()


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
    registry_failed([shown_json, replications], registry, in_subscription)
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


def registry_failed(outputs: list[Any], registry: str, in_subscription: str) -> None:
    """az acr's failures said: a registry not found (the login being fine), else the first."""
    failures = [output for output in outputs if isinstance(output, AzFailed)]
    if any(failed.failure is Failure.NOT_FOUND for failed in failures) and not any(
        failed.failure is Failure.LOGIN for failed in failures
    ):
        raise CollectError(
            f"No registry {registry} in {in_subscription}: check its name, and give the "
            "subscription that holds it (--subscription)."
        )
    first_fatal(failures, f"the registry {registry} in {in_subscription}")


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
            missing = graph_shortfall(pages)
            if missing:
                raise CollectError(f"The Resource Graph query: {missing} Nothing was written.")
            return tuple(pages)
        if not isinstance(following, str) or not SKIP_TOKEN.fullmatch(following):
            raise CollectError(
                "The Resource Graph query's skip_token is not a token (base64, at most 8,192 "
                f"characters): {shown(printable(str(following)), 80)!r}. Nothing was written."
            )
        if len(pages) >= MAX_GRAPH_PAGES:
            raise CollectError(
                f"The Resource Graph query gave more than {MAX_GRAPH_PAGES} pages of "
                f"{GRAPH_PAGE} rows: more than the graph reader takes."
            )
        token = following
