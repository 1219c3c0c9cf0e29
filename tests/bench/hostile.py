"""Hostile bodies against one gunicorn worker: each must be answered as it should (read
correctly, or refused with a 400), small, in under a second, and without the worker's memory
growing past four times the body.

The worker's peak memory is read from /proc: writing 5 to clear_refs resets its high-water mark
(VmHWM) to its current size before each request.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.bench.figures import Figure
from tests.bench.load import Call, send
from tests.bench.server import Server

MIB = 1024 * 1024
SMALL_ANSWER = 64 * 1024
FAST_SECONDS = 1.0
MEMORY_FACTOR = 4


def bodies() -> dict[str, tuple[int, dict[str, object]]]:
    """Each hostile body with the status it must get: the white-space ones are valid input (two
    addresses, two regions) that once took 30 s to read; the others must be refused."""
    plan = {"registry": "contoso", "regions": ["eastus"], "subnet": "10.0.0.0/8"}
    spaces = " " * 200_000
    room = 4 * MIB - 1024  # just under the body limit
    unknown = {f"unknown_name_{number:07}": 1 for number in range(room // 27)}  # 27 B each
    entries = ",".join("1" for _ in range(2_000_000))  # 2 B each: 2,000,000 fit in 4 MiB
    return {
        "in_use: 200 KB of spaces in one string": (
            200,
            {**plan, "in_use": f"10.0.0.4{spaces}10.0.0.6"},
        ),
        "regions: 200 KB of spaces in one string": (
            200,
            {**plan, "regions": f"eastus{spaces}westus"},
        ),
        "4 MiB of unknown names": (400, {**plan, **unknown}),
        "2,000,000 in-use entries in one string": (400, {**plan, "in_use": entries}),
    }


def encoded() -> dict[str, tuple[int, bytes]]:
    return {name: (status, json.dumps(body).encode()) for name, (status, body) in bodies().items()}


def status_of(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for {pid}")


def hostile_figures(server: Server) -> list[Figure]:
    (worker,) = server.worker_pids()
    figures = []
    for number, (name, (expected, body)) in enumerate(encoded().items(), start=1):
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # peak := current
        before = status_of(worker, "VmRSS")
        started = time.perf_counter()
        status, answer = send(server.port, Call("POST", "/api/v1/plan", body))
        seconds = time.perf_counter() - started
        growth = max(status_of(worker, "VmHWM") - before, 0)
        factor = growth / len(body)
        passed = (
            status == expected
            and seconds < FAST_SECONDS
            and len(answer) < SMALL_ANSWER
            and factor < MEMORY_FACTOR
        )
        figures.append(
            Figure(
                f"8{'abcd'[number - 1]}. {name} ({len(body) / MIB:.1f} MiB)",
                f"{status} in {seconds * 1000:,.0f} ms, {len(answer):,} B answer, "
                f"+{growth / MIB:.1f} MiB peak",
                factor,
                f"{expected}, < 1 s, < 64 KiB, peak < {MEMORY_FACTOR}x body",
                passed,
            )
        )
    return figures
