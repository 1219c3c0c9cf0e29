"""Hostile requests at the pages, through `make serve`'s stack (nginx in front of gunicorn):
each a small request that once cost a worker seconds, answered megabytes, or made nginx answer
502. For each: the status and size of its answer, the workers' CPU time for one such request,
and the share of /healthz probes answered while 4 of them run at once, over and over.

Worker time is the CPU time (user and system) the gunicorn workers spent, from /proc.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import re
import statistics
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from planner.core.azure import PUBLIC_REGIONS
from tests.bench.figures import Figure
from tests.bench.server import HOST, Server, proxied
from tests.bench.slow_clients import probe

KIB = 1024
WORKER_SECONDS = 1.0  # the issue's goal: under a second of worker time each
MIN_ANSWERED = 0.99
AT_ONCE = 4
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SUBNET_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-network/providers/"
    "microsoft.network/virtualnetworks/vnet-hub/subnets/{name}"
)
FORM = {"registry": "contoso", "regions": "eastus,westeurope", "subnet": "10.9.0.0/24"}


@dataclass(frozen=True)
class Hostile:
    """One hostile request: what it is, and the answer it must get."""

    name: str
    method: str
    path: str
    form: dict[str, str] | None  # posted as a form (with the CSRF token), or a GET
    statuses: tuple[int, ...]  # the statuses it may get
    most_bytes: int  # the largest answer it may get
    body: bytes | None = None  # a JSON body for the API (no CSRF token)


def graph(addresses: list[str], subnet: str = "snet-pe", prefix: str = "10.0.0.0/16") -> str:
    """What the page's graph query prints for one subnet and its interface addresses."""
    subnet_id = SUBNET_ID.format(name=subnet)
    rows = [{"subnetId": subnet_id, "privateIp": "", "prefix": prefix}]
    rows += [{"subnetId": subnet_id, "privateIp": address, "prefix": ""} for address in addresses]
    return json.dumps({"data": rows})


def estate_rows(endpoints: int) -> dict[str, str]:
    posted = {"registry": "contoso", "cloud": "public", "regions": "eastus"}
    for n in range(endpoints):
        posted[f"endpoints-{n}-name"] = f"pe{n}"
        posted[f"endpoints-{n}-subnet"] = f"10.{n // 64}.{n % 64 * 4}.0/22"
    return posted


def hostile_requests() -> list[Hostile]:
    """The issue's requests (items 3, 4 and 6 of "Hardening the new surfaces")."""
    names = ",".join(["a"] * 4_000)
    scattered = [f"10.0.{n // 4}.{n % 4 * 60 + 10}" for n in range(4, 704)]  # none adjacent
    cut_short = json.dumps({"data": [{"subnetId": SUBNET_ID.format(name="s")}] * 12_000})
    return [
        Hostile("3a. GET / naming 4,000 regions (8 KB link)", "GET", f"/?regions={names}",
                None, (400,), 256 * KIB),
        Hostile("3b. POST /paste/graph naming 30,000 regions", "POST", "/paste/graph",
                {"regions": ",".join(["a"] * 30_000), "graph": "[]"}, (400,), 256 * KIB),
        Hostile("4a. POST /paste/graph, 1.75 MB graph cut short", "POST", "/paste/graph",
                {"graph": cut_short[:1_750_000]}, (400,), 256 * KIB),
        Hostile("4b. POST /estate, 200 rows of /22s (13 KB)", "POST", "/estate",
                estate_rows(200), (200,), 2 * KIB * KIB),
        # The plan page itself, as a GET of its link answers it: 700 addresses in every link.
        Hostile("6a. POST /paste/graph, 700 scattered addresses", "POST", "/paste/graph",
                {**FORM, "graph": graph(scattered)}, (200, 302), 512 * KIB),
        Hostile("6b. POST /paste/graph, a 6,000-character subnet name", "POST", "/paste/graph",
                {**FORM, "graph": graph(["10.0.1.4"], "s" * 6_000, "10.0.1.0/27")},
                (200, 302), 256 * KIB),
        *api_requests(),
    ]  # fmt: skip


def api_requests() -> list[Hostile]:
    """The API's (items 1, 2, 4 and 5): labels, a shared graph, an estate too large, a zone
    file line of many strings."""
    from tests.day_two import drift_document, fixture, zone_file

    # 1,000 names that all give the label x_x_x_x_x_x_x_x: the separators -, . and _ in turn
    same_label = [
        "x" + "".join("-._"[n // 3**place % 3] + "x" for place in range(7)) for n in range(1_000)
    ]
    one_label = {
        "registry": "contoso",
        "regions": ["eastus"],
        "endpoints": [
            {"name": name, "subnet": f"10.{n // 256}.{n % 256}.0/28"}
            for n, name in enumerate(same_label)
        ],
    }
    too_large = {
        "registry": "contoso",
        "regions": list(PUBLIC_REGIONS),
        "regional_endpoints": True,
        "endpoints": [
            {"name": f"pe{n}", "subnet": f"10.{n // 256}.{n % 256}.0/24"} for n in range(1_000)
        ],
    }
    hub = fixture("pe-static.json")
    subnet_id = hub["subnet"]["id"].lower()
    rows = [{"subnetId": subnet_id, "privateIp": "", "prefix": "10.0.0.0/14"}]
    rows += [
        {"subnetId": subnet_id, "privateIp": f"10.{1 + n // 60_000}.{n // 240 % 250}.{n % 240 + 8}"}
        for n in range(20_000)
    ]
    shared = {
        "registry": "contoso",
        "regions": ["eastus", "westeurope", "northeurope"],
        "endpoints": [
            {"deployed": {**hub, "name": f"pe-contoso-hub-{n}"}, "zone_scope": f"scope{n}"}
            for n in range(40)
        ],
        "graph": {"data": rows},
    }
    txt = zone_file() + "spam 10 IN TXT " + '"x" ' * 497_000 + "\n"
    shared_subnet = shared_estate(1_000, [20_000])  # the issue's: listed once
    spread = shared_estate(1_000, [100] * 1_000)  # the most an estate may list, on every row
    api = "/api/v1/estate"
    return [
        Hostile("1a. POST /api/v1/estate/terraform, 1,000 names of one label", "POST",
                f"{api}/terraform", None, (200,), 4 * KIB * KIB, encoded(one_label)),
        Hostile("1b. POST /api/v1/estate/bundle, the same estate", "POST", f"{api}/bundle",
                None, (400,), 4 * KIB, encoded(one_label)),
        Hostile("1c. POST /api/v1/estate/bundle, 200 names of one label", "POST",
                f"{api}/bundle", None, (200,), 4 * KIB * KIB, encoded(
                    {**one_label, "endpoints": one_label["endpoints"][:200]})),
        Hostile("2. POST /api/v1/change, 40 endpoints on a 20,000-address graph (3.9 MB)", "POST",
                "/api/v1/change", None, (200,), 4 * KIB * KIB, encoded(shared)),
        Hostile("4c. POST /api/v1/estate, 1,000 endpoints x 58 regions", "POST", api, None,
                (400,), 4 * KIB, encoded(too_large)),
        Hostile("4d. POST /api/v1/estate, 1,000 endpoints in one /14, 20,000 in use listed "
                "once", "POST", api, None, (200,), 4 * KIB * KIB, encoded(shared_subnet)),
        Hostile("4e. POST /api/v1/estate, 1,000 endpoints in one /14, 100 in use on each",
                "POST", api, None, (200,), 4 * KIB * KIB, encoded(spread)),
        Hostile("5. POST /api/v1/drift, a zone-file line of 497,000 strings", "POST",
                "/api/v1/drift", None, (400,), 4 * KIB, encoded(drift_document(
                    records=None, zone_file=txt))),
    ]  # fmt: skip


def shared_estate(endpoints: int, listed: list[int]) -> dict[str, object]:
    """`endpoints` endpoints sharing a /14, the nth listing `listed[n]` addresses in use (every
    other address from 10.20.0.4, so that none merge), with a what-if of one more replica."""

    def address(n: int) -> str:
        return str(ipaddress.IPv4Address("10.20.0.4") + 2 * n)

    rows: list[dict[str, object]] = []
    first = 0
    for n in range(endpoints):
        count = listed[n] if n < len(listed) else 0
        in_use = [address(first + k) for k in range(count)]
        first += count
        row: dict[str, object] = {"name": f"pe{n}", "subnet": "10.20.0.0/14"}
        if in_use:
            row["in_use"] = in_use
        rows.append(row)
    return {
        "registry": "contoso",
        "regions": ["eastus", "westus"],
        "endpoints": rows,
        "what_if": {"add_replicas": 1},
    }


def encoded(document: dict[str, object]) -> bytes:
    return json.dumps({k: v for k, v in document.items() if v is not None}).encode()


def gunicorn_workers(root: int) -> list[int]:
    """The gunicorn workers under `root`: processes running gunicorn whose parent does too."""

    def children(pid: int) -> list[int]:
        path = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(child) for child in path.read_text().split()] if path.exists() else []

    def is_gunicorn(pid: int) -> bool:
        return b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()

    workers, pending = [], [root]
    while pending:
        pid = pending.pop()
        for child in children(pid):
            if is_gunicorn(child) and is_gunicorn(pid):
                workers.append(child)
            pending.append(child)
    return workers


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of `pid` so far; None once it has exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


@dataclass(frozen=True)
class Session:
    """A browser's CSRF cookie and a token for it, from the estate page's form."""

    cookie: str
    token: str

    @classmethod
    def opened(cls, port: int) -> Session:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            connection.request("GET", "/estate")
            response = connection.getresponse()
            html = response.read().decode()
            cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        finally:
            connection.close()
        if cookie is None or token is None:
            raise RuntimeError("no CSRF cookie and token from /estate")
        return cls(cookie[1], token[1])


def send(port: int, hostile: Hostile, session: Session) -> tuple[int, int]:
    """The status and size of the answer (0 and 0 when the connection failed)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        if hostile.body is not None:
            headers = {"Content-Type": "application/json"}
            connection.request(hostile.method, hostile.path, body=hostile.body, headers=headers)
        elif hostile.form is None:
            connection.request(hostile.method, hostile.path)
        else:
            body = urlencode({**hostile.form, "csrfmiddlewaretoken": session.token})
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={session.cookie}",
            }
            connection.request(hostile.method, hostile.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    except OSError:
        return 0, 0
    finally:
        connection.close()


def sent_alone(server: Server, hostile: Hostile, session: Session) -> tuple[float, int, int]:
    """The workers' CPU seconds for `hostile` sent alone (infinite when gunicorn killed the
    worker at its timeout), its answer's status and size."""
    time.sleep(0.2)  # whatever came before is done
    before = {pid: cpu_seconds(pid) for pid in gunicorn_workers(server.process.pid)}
    status, size = send(server.port, hostile, session)
    time.sleep(0.2)  # the worker's work after the answer, too
    spent = 0.0
    for pid, started in before.items():
        ended = cpu_seconds(pid)
        if ended is None or started is None:
            return float("inf"), status, size
        spent += ended - started
    return spent, status, size


@dataclass(frozen=True)
class Availability:
    probes: int
    answered: int
    latencies: list[float]
    statuses: dict[int, int]  # of the hostile requests sent meanwhile

    @property
    def share(self) -> float:
        return self.answered / self.probes if self.probes else 0.0

    @property
    def p99(self) -> float:
        if len(self.latencies) < 2:
            return float("inf")
        return statistics.quantiles(self.latencies, n=100)[98]


def availability(port: int, hostile: Hostile, session: Session, seconds: float) -> Availability:
    """/healthz probes, one at a time, while AT_ONCE clients send `hostile` over and over."""
    stopping = threading.Event()
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def attack() -> None:
        while not stopping.is_set():
            status, _ = send(port, hostile, session)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    attackers = [threading.Thread(target=attack, daemon=True) for _ in range(AT_ONCE)]
    for thread in attackers:
        thread.start()
    time.sleep(0.5)
    latencies: list[float] = []
    probes = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        latency = probe(port, "/healthz")
        probes += 1
        if latency is not None:
            latencies.append(latency)
        time.sleep(0.1)
    stopping.set()
    for thread in attackers:
        thread.join(timeout=70)
    return Availability(probes, len(latencies), latencies, dict(sorted(statuses.items())))


def cpu_text(seconds: float) -> str:
    return "worker killed" if seconds == float("inf") else f"{seconds * 1000:,.0f} ms CPU"


def hostile_page_figures(workers: int, seconds: float) -> list[Figure]:
    """Each request against a stack of its own: a worker still busy with the last one's
    requests would count against the next."""
    figures = []
    for hostile in hostile_requests():
        with proxied(workers) as server:
            session = Session.opened(server.port)
            send(server.port, hostile, session)  # warm up
            runs = [sent_alone(server, hostile, session) for _ in range(3)]
            held = availability(server.port, hostile, session, seconds)
        spent = statistics.median(cpu for cpu, _, _ in runs)
        _, status, size = runs[-1]
        passed = (
            all(run[1] in hostile.statuses for run in runs)
            and max(run[2] for run in runs) <= hostile.most_bytes
            and spent < WORKER_SECONDS
            and held.share >= MIN_ANSWERED
            and set(held.statuses) <= set(hostile.statuses)
        )
        sent = ", ".join(f"{count} x {code}" for code, count in held.statuses.items())
        figures.append(
            Figure(
                hostile.name,
                f"{status}, {size:,} B, {cpu_text(spent)}; /healthz "
                f"{held.answered}/{held.probes} (p99 {held.p99 * 1000:,.0f} ms) with "
                f"{AT_ONCE} at once ({sent})",
                held.share,
                f"{'/'.join(map(str, hostile.statuses))}, <= {hostile.most_bytes // KIB:,} KiB, "
                f"< 1 s CPU, >= {MIN_ANSWERED:.0%}",
                passed,
            )
        )
    return figures
