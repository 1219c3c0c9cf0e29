"""Load generators: wrk (throughput, the load run) and a small exact-count Python client."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from tests.bench.server import HOST

MIX_SCRIPT = Path(__file__).with_name("mix.lua")


@dataclass(frozen=True)
class Call:
    """One HTTP request: a GET with a query, or a POST with a JSON body."""

    method: str
    path: str
    body: bytes | None = None

    @classmethod
    def get(cls, path: str, query: dict[str, str] | None = None) -> Call:
        return cls("GET", f"{path}?{urlencode(query)}" if query else path)

    @classmethod
    def post(cls, path: str, document: object) -> Call:
        return cls("POST", path, json.dumps(document, separators=(",", ":")).encode())

    def line(self) -> str:
        return f"{self.method} {self.path} {(self.body or b'').decode()}".rstrip()


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    counts: dict[str, int]  # 2xx, 3xx, 4xx, 5xx, non_2xx_3xx, *_errors, timeouts, latencies

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    @property
    def socket_errors(self) -> int:
        errors = ("connect_errors", "read_errors", "write_errors", "timeouts")
        return sum(self.counts[name] for name in errors)


def wrk(
    base_url: str, calls: Sequence[Call], seconds: int, connections: int, threads: int = 1
) -> WrkResult:
    """Runs wrk for `seconds`, cycling through `calls`; counts come from mix.lua's summary."""
    executable = shutil.which("wrk")
    if executable is None:
        raise RuntimeError("wrk is not installed: `make bench` installs it (Debian package wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".requests") as listing:
        listing.write("".join(call.line() + "\n" for call in calls))
        listing.flush()
        completed = subprocess.run(
            [
                executable,
                f"--threads={threads}",
                f"--connections={connections}",
                f"--duration={seconds}s",
                "--timeout=10s",
                f"--script={MIX_SCRIPT}",
                base_url,
            ],
            env={"BENCH_REQUESTS": listing.name},
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    (summary,) = (line for line in completed.stdout.splitlines() if line.startswith("BENCH "))
    fields = dict(item.split("=") for item in summary.split()[1:])
    counts = {name: int(value) for name, value in fields.items()}
    return WrkResult(counts.pop("requests"), counts.pop("duration_us") / 1e6, counts)


def send(port: int, call: Call) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        headers = {"Content-Type": "application/json"} if call.body is not None else {}
        connection.request(call.method, call.path, body=call.body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def timed(port: int, call: Call) -> float:
    """Seconds from sending the request to the last byte of a 200 response, client side."""
    start = time.perf_counter()
    status, body = send(port, call)
    elapsed = time.perf_counter() - start
    if status != 200:
        raise RuntimeError(f"{call.method} {call.path[:80]} answered {status}: {body[:300]!r}")
    return elapsed


def send_all(port: int, calls: Sequence[Call], connections: int) -> None:
    """Sends every call exactly once, `connections` at a time; any non-200 is an error."""
    with ThreadPoolExecutor(connections) as pool:
        for status, body in pool.map(lambda call: send(port, call), calls):
            if status != 200:
                raise RuntimeError(f"answered {status}: {body[:300]!r}")
