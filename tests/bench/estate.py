"""The estate's figures: a large estate over the standard library's floor, an estate of one
over the single plan, and the estate page's partial."""

from __future__ import annotations

import ipaddress
import json
import random
import statistics

from tests.bench.figures import Figure, at_most, median_seconds
from tests.bench.load import Call, timed

REGIONS = (
    "eastus", "westus", "westeurope", "northeurope", "uksouth",
    "japaneast", "australiaeast", "canadacentral", "brazilsouth", "koreacentral",
)  # fmt: skip
ENDPOINTS = 200
IN_USE_ENTRIES = 100_000


def large_estate(seed: int = 11) -> dict[str, object]:
    """200 endpoints, each in its own /16, 10 regions with regional endpoints, 100,000
    scattered in-use addresses spread over the subnets."""
    chooser = random.Random(seed)
    per_subnet = IN_USE_ENTRIES // ENDPOINTS
    endpoints = []
    for number in range(ENDPOINTS):
        subnet = ipaddress.ip_network(f"10.{number}.0.0/16")
        first = int(subnet.network_address)
        offsets = sorted(chooser.sample(range(4, subnet.num_addresses - 1), per_subnet))
        endpoints.append(
            {
                "name": f"pe-{number:03}",
                "subnet": str(subnet),
                "in_use": [str(ipaddress.IPv4Address(first + offset)) for offset in offsets],
            }
        )
    return {
        "registry": "contoso",
        "regions": list(REGIONS),
        "regional_endpoints": True,
        "endpoints": endpoints,
    }


def stdlib_floor(body: bytes) -> None:
    """The least any server must do with the body: read the JSON, parse every address."""
    document = json.loads(body)
    for endpoint in document["endpoints"]:
        ipaddress.ip_network(endpoint["subnet"])
        for entry in endpoint["in_use"]:
            ipaddress.ip_address(entry)


def large_estate_ratio(port: int, runs: int) -> Figure:
    request = Call.post("/api/v1/estate", large_estate())
    assert request.body is not None
    timed(port, request)  # warm up
    floor = median_seconds(lambda: stdlib_floor(request.body or b""), runs)
    post = statistics.median(timed(port, request) for _ in range(runs))
    ratio = post / floor
    return Figure(
        f"5. POST estate of {ENDPOINTS} endpoints, {IN_USE_ENTRIES:,} in-use, over stdlib",
        f"{post * 1000:,.0f} / {floor * 1000:,.0f} ms",
        ratio,
        "<= 2",
        at_most(2)(ratio),
    )


def estate_of_one_ratio(port: int, runs: int) -> Figure:
    """The same input as one endpoint of an estate and as a single plan, both POSTed,
    alternately, with a few in-use entries; medians of many runs."""
    parameters = {
        "registry": "contoso",
        "regions": ["eastus", "westus", "northeurope"],
        "regional_endpoints": True,
    }
    endpoint = {"name": "pe-hub", "subnet": "10.0.1.0/24", "in_use": ["10.0.1.4-10.0.1.20"]}
    single = Call.post(
        "/api/v1/plan", {**parameters, "subnet": endpoint["subnet"], "in_use": endpoint["in_use"]}
    )
    estate = Call.post("/api/v1/estate", {**parameters, "endpoints": [endpoint]})
    for _ in range(20):  # warm up both
        timed(port, single), timed(port, estate)
    plans, estates = [], []
    for _ in range(runs):
        plans.append(timed(port, single))
        estates.append(timed(port, estate))
    ratio = statistics.median(estates) / statistics.median(plans)
    return Figure(
        "6. POST estate of one endpoint over POST /api/v1/plan",
        f"{statistics.median(estates) * 1000:.2f} / {statistics.median(plans) * 1000:.2f} ms",
        ratio,
        "<= 1.20",
        at_most(1.2)(ratio),
    )


def estate_page_figure(runs: int) -> Figure:
    """Server time of the estate page's partial for 20 endpoints (in-process, CPU time: on a
    shared machine the wall time also counts waiting for a core)."""
    from tests.bench.estate_page import ENDPOINTS as PAGE_ENDPOINTS
    from tests.bench.estate_page import main as estate_page

    wall, cpu = estate_page(runs)
    return Figure(
        f"7. estate page partial, {PAGE_ENDPOINTS} endpoints, server CPU time (ms)",
        f"{cpu:.1f} ms CPU, {wall:.1f} ms wall",
        cpu,
        "<= 50",
        at_most(50)(cpu),
    )
