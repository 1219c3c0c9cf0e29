"""`python -m tests.bench.estate_page`: server time of the estate page's htmx partial.

The issue asks for the partial of a 20-endpoint estate in under 50 ms of server time. This
POSTs it through the whole Django stack in-process (middleware, form fields, read_estate, the
core, 20 subnet pictures and tables) with production settings, and prints the median.
No server and no network: gunicorn's share is the same for every page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from tests.bench.server import HOST, production_env

ENDPOINTS = 20
RUNS = 30


def estate_form(endpoints: int = ENDPOINTS) -> dict[str, str]:
    """3 regions, regional endpoints on, a what-if: each endpoint in its own /26, its first
    ten addresses in use, every fifth one sharing the hub's zone scope."""
    form = {
        "registry": "contoso",
        "cloud": "public",
        "regions": "eastus, westus, northeurope",
        "regional_endpoints": "true",
        "what_if-add_regions": "westeurope",
    }
    for index in range(endpoints):
        form |= {
            f"endpoints-{index}-name": f"pe-{index:02}",
            f"endpoints-{index}-subnet": f"10.{index}.1.0/26",
            f"endpoints-{index}-in_use": f"10.{index}.1.4-10.{index}.1.13",
            f"endpoints-{index}-zone_scope": "hub" if index % 5 == 0 else "",
        }
    return form


def main(runs: int = RUNS) -> tuple[float, float]:
    """The median wall and CPU times, in milliseconds."""
    os.environ.update(production_env())
    import django
    from django.test import Client

    django.setup()
    client = Client(HTTP_HOST=HOST, headers={"HX-Request": "true"})
    form = estate_form()
    wall, cpu = [], []
    for run in range(runs + 3):  # three warm-up runs: imports, template compilation
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post("/estate", form)
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if response.status_code != 200 or b'id="results"' not in response.content:
            sys.exit(f"unexpected answer: HTTP {response.status_code}")
        if run >= 3:
            wall.append(elapsed * 1000)
            cpu.append(elapsed_cpu * 1000)
    median = statistics.median(wall)
    print(f"estate partial, {ENDPOINTS} endpoints, {len(response.content):,} bytes, {runs} runs:")
    print(f"  wall time: median {median:.1f} ms, min {min(wall):.1f}, max {max(wall):.1f}")
    # On a busy machine the wall time includes waiting for a CPU; this is the work itself.
    print(f"  CPU time:  median {statistics.median(cpu):.1f} ms, min {min(cpu):.1f}")
    return median, statistics.median(cpu)


if __name__ == "__main__":
    main()
