"""`python -m tests.bench`: the ratios (plan, estate, hostile bodies), then the slow-client run.
`python -m tests.bench --load`: the load run. `--slow-clients`: the slow-client run alone.
`--hostile-pages`: the hostile page requests alone (figure 9, through nginx).
`python -m tests.bench --profile`: where a plan request's time goes (cProfile, in-process).
`python -m tests.bench.typing`: figures 10a and 10b alone (keystroke to re-planned page).

Each starts the planner with production settings on a free loopback port (the ratios on gunicorn
alone, which they measure; the load and slow-client runs on `make serve`'s nginx in front of
gunicorn) and prints a table; the exit status is 1 when a figure misses its limit (or the load
run saw an error or a 5xx, or the slow-client run too few or too slow answers).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import platform
import random
import statistics
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from tests.bench.estate import estate_of_one_ratio, estate_page_figure, large_estate_ratio
from tests.bench.figures import Figure, at_least, at_most, median_seconds
from tests.bench.hostile import hostile_figures
from tests.bench.hostile_pages import hostile_page_figures
from tests.bench.load import Call, send_all, timed, wrk
from tests.bench.server import collectstatic, gunicorn, proxied
from tests.bench.slow_clients import slow_clients
from tests.bench.typing import figures as typing_figures

WORKERS = os.cpu_count() or 2
REGIONS = "eastus,westus,northeurope"
EXPORTS = ("json", "zone", "hosts", "firewall", "terraform", "bicep", "azcli", "csv")
IN_USE_ENTRIES = 100_000
BIG_SUBNET = ipaddress.ip_network("10.0.0.0/8")


def plan_query(subnet: str = "10.0.1.0/24", registry: str = "contoso") -> dict[str, str]:
    """3 regions, regional endpoints on: the issue's reference request."""
    return {
        "registry": registry,
        "regions": REGIONS,
        "regional_endpoints": "true",
        "subnet": subnet,
    }


def in_use_entries(count: int, seed: int = 5) -> list[str]:
    """Distinct scattered addresses in 10.0.0.0/8, as a user would paste them."""
    first, last = int(BIG_SUBNET.network_address), int(BIG_SUBNET.broadcast_address)
    values = random.Random(seed).sample(range(first + 4, last), count)
    return [str(ipaddress.IPv4Address(value)) for value in values]


def throughput_ratio(url: str, seconds: int, connections: int, rounds: int) -> Figure:
    """Alternates /healthz and /plan runs: the median of the rounds' ratios, so that a burst of
    other work on the machine spoils one round, not the figure."""
    plan = Call.get("/api/v1/plan", plan_query())
    health = Call.get("/healthz")
    for call in (health, plan):  # warm up both paths
        wrk(url, [call], 1, connections)
    measured = []
    for _ in range(rounds):
        health_rps = wrk(url, [health], seconds, connections).throughput
        plan_rps = wrk(url, [plan], seconds, connections).throughput
        measured.append((plan_rps / health_rps, plan_rps, health_rps))
    ratio, plan_rps, health_rps = statistics.median_low(measured)
    return Figure(
        "1. GET /api/v1/plan req/s over /healthz req/s",
        f"{plan_rps:,.0f} / {health_rps:,.0f} req/s",
        ratio,
        ">= 0.45",
        at_least(0.45)(ratio),
    )


def big_post_ratio(port: int, runs: int) -> Figure:
    entries = in_use_entries(IN_USE_ENTRIES)
    request = Call.post(
        "/api/v1/plan",
        {
            "registry": "contoso",
            "regions": REGIONS.split(","),
            "regional_endpoints": True,
            "subnet": str(BIG_SUBNET),
            "in_use": entries,
        },
    )
    timed(port, request)  # warm up
    parse = median_seconds(lambda: [ipaddress.ip_address(entry) for entry in entries], runs)
    post = statistics.median(timed(port, request) for _ in range(runs))
    ratio = post / parse
    return Figure(
        f"2. POST {IN_USE_ENTRIES:,} in-use in /8 over stdlib parse",
        f"{post * 1000:,.0f} / {parse * 1000:,.0f} ms",
        ratio,
        "<= 2",
        at_most(2)(ratio),
    )


def subnet_size_ratio(url: str, seconds: int, connections: int, rounds: int) -> Figure:
    """Mean time per plan from wrk's throughput at a fixed concurrency; each subnet's median
    over rounds that take the three in turn."""
    subnets = ("10.0.1.0/24", "10.1.0.0/16", "10.0.0.0/8")
    samples: dict[str, list[float]] = {subnet: [] for subnet in subnets}
    for _ in range(rounds):
        for subnet in subnets:
            call = Call.get("/api/v1/plan", plan_query(subnet))
            samples[subnet].append(
                1000 * connections / wrk(url, [call], seconds, connections).throughput
            )
    per_plan_ms = {subnet: statistics.median(times) for subnet, times in samples.items()}
    ratio = max(per_plan_ms.values()) / min(per_plan_ms.values())
    return Figure(
        "3. plan time, slowest over fastest of /24 /16 /8",
        " / ".join(f"{per_plan_ms[subnet]:.2f}" for subnet in subnets) + " ms",
        ratio,
        "<= 1.20",
        at_most(1.20)(ratio),
    )


def memory_calls(count: int, offset: int) -> list[Call]:
    """Distinct plan requests: every subnet size, every export, GET and POST."""
    subnets = ("10.0.1.0/24", "10.1.0.0/16", "10.0.0.0/8")
    calls = []
    for number in range(offset, offset + count):
        query = plan_query(subnets[number % 3], registry=f"bench{number:06d}")
        if number % 4 == 0:
            calls.append(Call.post("/api/v1/plan", {**query, "regions": REGIONS.split(",")}))
        elif number % 4 == 1:
            calls.append(Call.get(f"/api/v1/plan/{EXPORTS[number % len(EXPORTS)]}", query))
        else:
            calls.append(Call.get("/api/v1/plan", query))
    return calls


def memory_ratio(first: int, last: int) -> Figure:
    with gunicorn(workers=1) as server:
        send_all(server.port, memory_calls(first, 0), connections=4)
        after_first = server.worker_rss_kib()
        send_all(server.port, memory_calls(last - first, first), connections=4)
        after_last = server.worker_rss_kib()
    ratio = after_last / after_first
    return Figure(
        f"4. worker RSS after {last:,} plans over after {first:,}",
        f"{after_last / 1024:.1f} / {after_first / 1024:.1f} MiB",
        ratio,
        "<= 1.05",
        at_most(1.05)(ratio),
    )


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kib / 1024**2:.0f} GiB, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"Django {version('django')}, gunicorn {version('gunicorn')} (sync workers)"
    )


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[column]) for row in (headers, *rows)) for column in range(len(headers))]
    for row in (headers, ["-" * width for width in widths], *rows):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            + " |"
        )


# The slow-client scenario and what must hold meanwhile.
IDLE_CONNECTIONS = 64
SLOW_CONNECTIONS = 16
SLOW_BYTE_INTERVAL_SECONDS = 5
SLOW_CLIENT_SECONDS = 60
MIN_ANSWERED = 0.99
MAX_P99_SECONDS = 1.0


def slow_client_run(seconds: int, direct: bool) -> bool:
    """Probes while 64 idle and 16 slowly-sending connections are held open; `direct` runs it
    against gunicorn alone, to show what nginx is for."""
    with gunicorn(WORKERS) if direct else proxied(WORKERS) as server:
        result = slow_clients(
            server.port,
            plan_query(),
            seconds,
            IDLE_CONNECTIONS,
            SLOW_CONNECTIONS,
            SLOW_BYTE_INTERVAL_SECONDS,
        )
    passed = result.passed(MIN_ANSWERED, MAX_P99_SECONDS)
    print(
        f"\nSlow clients against {'gunicorn alone' if direct else 'nginx in front of gunicorn'}"
        f" ({WORKERS} workers): {result.idle} idle connections and {result.slow} sending a "
        f"header byte every {SLOW_BYTE_INTERVAL_SECONDS} s, held {result.seconds} s (reopened "
        f"when closed); probes of /healthz and a plan GET in turn, one at a time.\n"
    )
    latencies = sorted(result.latencies)

    def ms(seconds: float | None) -> str:
        return "-" if seconds is None else f"{seconds * 1000:.1f} ms"

    print_table(
        ("Probes", "Answered", "p50", "p99", "max", "Closed by server", "Limit", "Result"),
        [
            (
                f"{result.probes:,}",
                f"{result.answered:,} ({result.answered_share:.1%})",
                ms(statistics.median(latencies) if latencies else None),
                ms(result.p99 if latencies else None),
                ms(latencies[-1] if latencies else None),
                f"{result.closed_by_server:,}",
                f">= {MIN_ANSWERED:.0%} answered, p99 < {MAX_P99_SECONDS:.0f} s",
                "PASS" if passed else "FAIL",
            )
        ],
    )
    return passed


def bench(quick: bool) -> bool:
    seconds, connections, rounds = (2, 4, 1) if quick else (3, 4, 3)
    figures = []
    with gunicorn(workers=WORKERS) as server:
        figures.append(throughput_ratio(server.url, seconds, connections, rounds))
        figures.append(big_post_ratio(server.port, runs=3 if quick else 5))
        figures.append(subnet_size_ratio(server.url, seconds, connections, rounds))
    figures.append(memory_ratio(1_000, 2_000 if quick else 10_000))
    with gunicorn(workers=WORKERS) as server:
        figures.append(large_estate_ratio(server.port, runs=3 if quick else 5))
        figures.append(estate_of_one_ratio(server.port, runs=50 if quick else 300))
    with gunicorn(workers=1) as server:
        figures.extend(hostile_figures(server))
    figures.append(estate_page_figure(runs=10 if quick else 30))
    figures.extend(hostile_page_figures(WORKERS, seconds=4 if quick else HOSTILE_SECONDS))
    figures.extend(typing_figures())
    print(f"Machine: {machine()}")
    print(f"gunicorn: {WORKERS} workers (1 for figures 4 and 8); wrk: {connections} connections.\n")
    print_figures(figures)
    slow_clients_passed = slow_client_run(15 if quick else SLOW_CLIENT_SECONDS, direct=False)
    return all(figure.passed for figure in figures) and slow_clients_passed


HOSTILE_SECONDS = 10  # of /healthz probes while each hostile page request runs 4 at once


def print_figures(figures: Sequence[Figure]) -> None:
    print_table(
        ("Figure", "Measured", "Ratio", "Limit", "Result"),
        [
            (f.name, f.measured, f"{f.ratio:.2f}", f.limit, "PASS" if f.passed else "FAIL")
            for f in figures
        ],
    )


def hostile_pages(quick: bool) -> bool:
    """Figure 9 alone: the hostile page requests through nginx in front of gunicorn."""
    figures = hostile_page_figures(WORKERS, seconds=4 if quick else HOSTILE_SECONDS)
    print(f"Machine: {machine()}")
    print(f"nginx in front of gunicorn, {WORKERS} workers; ratio: /healthz answered.\n")
    print_figures(figures)
    return all(figure.passed for figure in figures)


def load_calls() -> list[Call]:
    """Every plan and export endpoint, GET and POST, in several subnets."""
    calls = []
    for subnet in ("10.0.1.0/24", "10.1.0.0/16", "10.0.0.0/8"):
        query = plan_query(subnet)
        calls.append(Call.get("/api/v1/plan", query))
        calls.append(Call.post("/api/v1/plan", {**query, "regions": REGIONS.split(",")}))
        calls += [Call.get(f"/api/v1/plan/{name}", query) for name in EXPORTS]
        calls.append(Call.get("/api/v1/sizing", {"replica_count": "3", "subnet": subnet}))
        calls.append(Call.get("/", query))
    return calls


def load(seconds: int, connections: int) -> bool:
    with proxied(workers=WORKERS) as server:
        result = wrk(server.url, load_calls(), seconds, connections, threads=2)
    counts = result.counts
    print(f"Machine: {machine()}")
    print(
        f"Load: {seconds} s, {connections} connections, {len(load_calls())} distinct plan/export "
        f"requests, nginx in front of gunicorn {WORKERS} workers.\n"
    )
    print_table(
        ("Requests", "req/s", "2xx", "3xx", "4xx", "5xx", "non-2xx/3xx", "socket errors", "p99"),
        [
            (
                f"{result.requests:,}",
                f"{result.throughput:,.0f}",
                *(f"{counts[name]:,}" for name in ("2xx", "3xx", "4xx", "5xx", "non_2xx_3xx")),
                f"{result.socket_errors:,}",
                f"{counts['latency_p99_us'] / 1000:.0f} ms",
            )
        ],
    )
    return result.socket_errors == 0 and counts["non_2xx_3xx"] == 0 and counts["5xx"] == 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--load", action="store_true", help="the load run instead of the ratios")
    parser.add_argument("--seconds", type=int, default=20, help="load run length")
    parser.add_argument("--connections", type=int, default=32, help="load run connections")
    parser.add_argument("--quick", action="store_true", help="shorter runs, for a smoke test")
    parser.add_argument(
        "--slow-clients", action="store_true", help="the slow-client run alone (60 s)"
    )
    parser.add_argument(
        "--direct", action="store_true", help="the slow-client run against gunicorn alone"
    )
    parser.add_argument(
        "--hostile-pages",
        action="store_true",
        help="figure 9 alone: hostile page requests through nginx (about 2 minutes)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile a plan request in-process instead"
    )
    options = parser.parse_args()
    if options.profile:
        from tests.bench.profile import profile

        profile()
        return 0
    collectstatic()
    if options.load:
        passed = load(options.seconds, options.connections)
    elif options.slow_clients:
        passed = slow_client_run(SLOW_CLIENT_SECONDS, options.direct)
    elif options.hostile_pages:
        passed = hostile_pages(options.quick)
    else:
        passed = bench(options.quick)
    print("\nPASS" if passed else "\nFAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
