"""Slow clients: connections that send nothing, or a header byte every few seconds, held open
(and reopened when the server closes them) while probes check that the service still answers.

Against gunicorn alone such connections take its sync workers; `make serve` puts nginx in front.
"""

from __future__ import annotations

import http.client
import select
import socket
import statistics
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlencode

from tests.bench.server import HOST

PROBE_TIMEOUT_SECONDS = 5  # a probe not answered by then counts as not answered
REQUEST_START = f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n".encode()


@dataclass(frozen=True)
class SlowClientResult:
    seconds: float
    idle: int
    slow: int
    probes: int
    answered: int
    latencies: list[float]  # of the answered probes, in seconds
    closed_by_server: int  # attacking connections the server closed (each was reopened)

    @property
    def answered_share(self) -> float:
        return self.answered / self.probes

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies, n=100)[98] if self.latencies else float("inf")

    def passed(self, min_answered: float, max_p99: float) -> bool:
        return self.answered_share >= min_answered and self.p99 < max_p99


class Attackers:
    """`idle` connections that send nothing and `slow` ones that send a header byte every
    `interval` seconds, for `seconds`; every connection the server closes is opened again."""

    def __init__(self, port: int, idle: int, slow: int, interval: float) -> None:
        self.port, self.idle, self.slow, self.interval = port, idle, slow, interval
        self.closed_by_server = 0
        self.stopping = threading.Event()

    def connect(self, slow: bool) -> socket.socket:
        connection = socket.create_connection((HOST, self.port), timeout=5)
        if slow:  # a request line, then a header that never ends
            connection.sendall(REQUEST_START + b"X-Slow: ")
        return connection

    def run(self) -> None:
        connections: dict[socket.socket, bool] = {}  # each connection: is it a slow one?
        next_byte = time.monotonic() + self.interval
        try:
            while not self.stopping.is_set():
                self.top_up(connections)
                readable, _, _ = select.select(list(connections), [], [], 0.2)
                for connection in readable:  # closed (or answered) by the server: reopen
                    del connections[connection]
                    connection.close()
                    self.closed_by_server += 1
                if time.monotonic() >= next_byte:
                    next_byte += self.interval
                    for connection, slow in connections.items():
                        if slow:
                            with suppress(OSError):  # closed: select reports it next round
                                connection.send(b"a")
        finally:
            for connection in connections:
                connection.close()

    def top_up(self, connections: dict[socket.socket, bool]) -> None:
        """Opens what is missing; a server too busy to accept gets another try next round."""
        for slow, wanted in ((False, self.idle), (True, self.slow)):
            for _ in range(wanted - sum(1 for kind in connections.values() if kind is slow)):
                try:
                    connections[self.connect(slow)] = slow
                except OSError:
                    return


def probe(port: int, path: str) -> float | None:
    """Seconds to a 200 answer, or None."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=PROBE_TIMEOUT_SECONDS)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return time.perf_counter() - start if response.status == 200 else None
    except OSError:
        return None
    finally:
        connection.close()


def slow_clients(
    port: int, plan_query: dict[str, str], seconds: int, idle: int, slow: int, interval: float
) -> SlowClientResult:
    """Probes /healthz and a plan GET in turn, one at a time, while the attackers hold on."""
    paths = ("/healthz", f"/api/v1/plan?{urlencode(plan_query)}")
    attackers = Attackers(port, idle, slow, interval)
    thread = threading.Thread(target=attackers.run, daemon=True)
    thread.start()
    time.sleep(1)  # let every attacking connection open first
    latencies: list[float] = []
    probes = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        latency = probe(port, paths[probes % 2])
        probes += 1
        if latency is not None:
            latencies.append(latency)
        time.sleep(0.1)
    attackers.stopping.set()
    thread.join(timeout=10)
    return SlowClientResult(
        seconds, idle, slow, probes, len(latencies), latencies, attackers.closed_by_server
    )
