"""`python -m tests.bench.collect`: collecting a registry with 200 private endpoints from the
stand-in az (tests/collect_standin.py), each call answered after a fixed delay that stands
for az's own time (its start-up and the round trip to Azure).

The wall time should be the az calls' time divided by the concurrency: the figure is the
effective concurrency (the calls' summed time over the wall time) against the concurrency
asked, and the planner's own CPU time (reading, assembling, checking drift) against the wall
time. Prints a table; exit status 1 when a figure misses its limit.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from planner.collect import Az, AzCall, collect
from planner.core import azure
from planner.core.collected import day_two_document
from planner.core.drift import drift
from tests.collect_standin import SUBSCRIPTION, StandIn, World
from tests.day_two import fixture

ENDPOINTS = 200
ZONES = 20  # every tenth endpoint's zone group writes into a zone of its own group of ten
OTHERS_PER_SUBNET = 10  # addresses other resources hold in each endpoint's subnet
DELAY = 0.25  # seconds per az call: less than a real one (about a second), so the run is short
REGIONS = ("eastus", "westeurope")
REGISTRY_ID = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-registry/providers/"
    "Microsoft.ContainerRegistry/registries/contoso"
)


def subnet_id(number: int) -> str:
    return (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-spoke-{number:03}/providers/"
        f"Microsoft.Network/virtualNetworks/vnet-{number:03}/subnets/snet-pe"
    )


def zone_id(number: int) -> str:
    return (
        f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-dns-{number // 10:02}/providers/"
        "Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
    )


def address(number: int, host: int) -> str:
    return f"10.{number // 4}.0.{(number % 4) * 64 + host}"


def endpoint_json(number: int) -> dict[str, Any]:
    """pe-static.json's shape, for endpoint `number` in its own /26."""
    members = ["registry", *(f"registry_data_{region}" for region in REGIONS)]
    name = f"pe-{number:03}"
    shown: dict[str, Any] = fixture("pe-static.json")
    shown["name"] = name
    shown["id"] = shown["id"].replace("rg-network", f"rg-spoke-{number:03}")
    shown["id"] = shown["id"].replace("pe-contoso-hub", name)
    shown["subnet"] = {"id": subnet_id(number)}
    shown["ipConfigurations"] = [
        {
            "groupId": "registry",
            "memberName": m,
            "name": m,
            "privateIPAddress": address(number, 4 + i),
        }
        for i, m in enumerate(members)
    ]
    shown["customDnsConfigs"] = []
    return shown


def zone_groups(number: int) -> list[dict[str, Any]]:
    return [
        {
            "name": "default",
            "privateDnsZoneConfigs": [
                {
                    "name": "privatelink-azurecr-io",
                    "privateDnsZoneId": zone_id(number),
                    "recordSets": [],
                }
            ],
        }
    ]


def records(zone: int) -> list[dict[str, Any]]:
    """The zone's records: those of the first endpoint writing into it."""
    first = zone * 10
    names = ["contoso", *(f"contoso.{region}.data" for region in REGIONS)]
    return [
        {
            "name": name,
            "ttl": 10,
            "aRecords": [{"ipv4Address": address(first, 4 + i)}],
            "id": f"{zone_id(first)}/A/{name}",
        }
        for i, name in enumerate(names)
    ]


def graph_rows() -> list[dict[str, Any]]:
    rows = []
    for number in range(ENDPOINTS):
        subnet = subnet_id(number).lower()
        held = [address(number, 4 + i) for i in range(3)]
        held += [address(number, 20 + i) for i in range(OTHERS_PER_SUBNET)]
        rows += [{"subnetId": subnet, "privateIp": ip, "prefix": "", "prefixes": []} for ip in held]
        base = address(number, 0)
        rows.append({"subnetId": subnet, "privateIp": "", "prefix": f"{base}/26", "prefixes": None})
    return sorted(rows, key=lambda row: (row["subnetId"], row["privateIp"]))


def token(page: int) -> str:
    return base64.b64encode(json.dumps({"$id": "1", "RowsToSkip": page * 1000}).encode()).decode()


def world() -> World:
    built = World(delay=DELAY)
    shown = fixture("acr-show-contoso.json")
    shown["privateEndpointConnections"] = [
        {
            "privateEndpoint": {
                "id": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-spoke-{n:03}/providers/"
                f"Microsoft.Network/privateEndpoints/pe-{n:03}"
            },
            "privateLinkServiceConnectionState": {"status": "Approved"},
        }
        for n in range(ENDPOINTS)
    ]
    built.answer("acr show", shown, name="contoso")
    replications = [r for r in fixture("replications.json") if r["location"] in REGIONS]
    built.answer("acr replication list", replications, registry="contoso")
    built.answer("extension show", fixture("extension-show.json"), name="resource-graph")
    for n in range(ENDPOINTS):
        where = {"resource_group": f"rg-spoke-{n:03}", "subscription": SUBSCRIPTION}
        built.answer("network private-endpoint show", endpoint_json(n), name=f"pe-{n:03}", **where)
        built.answer(
            "network private-endpoint dns-zone-group list",
            zone_groups(n),
            endpoint_name=f"pe-{n:03}",
            **where,
        )
    for zone in range(ZONES):
        built.answer(
            "network private-dns record-set a list",
            records(zone),
            zone_name="privatelink.azurecr.io",
            resource_group=f"rg-dns-{zone:02}",
            subscription=SUBSCRIPTION,
        )
    rows = graph_rows()
    pages = [rows[start : start + 1000] for start in range(0, len(rows), 1000)]
    for number, page in enumerate(pages):
        options: dict[str, str | tuple[str, ...]] = {
            "graph_query": azure.GRAPH_QUERY,
            "first": "1000",
            "subscriptions": (SUBSCRIPTION,),
        }
        if number:
            options["skip_token"] = token(number)
        following = token(number + 1) if number + 1 < len(pages) else None
        answer = {"data": page, "count": len(page), "skip_token": following}
        built.answer("graph query", answer, **options)
    return built


class TimedAz(Az):
    """The Azure CLI, each call timed as collect sees it: from starting az to its answer."""

    def __init__(self, timeout: float, concurrency: int) -> None:
        super().__init__(timeout, concurrency)
        self.seconds: list[float] = []

    def run(self, call: AzCall) -> Any:
        started = time.perf_counter()
        try:
            return super().run(call)
        finally:
            self.seconds.append(time.perf_counter() - started)  # list.append: thread-safe


def measure(concurrency: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-collect-") as folder:
        stand_in = StandIn(Path(folder), world())
        os.environ.update(stand_in.environment())
        az = TimedAz(timeout=60, concurrency=concurrency)
        cpu, wall = time.process_time(), time.perf_counter()
        collected = collect("contoso", az, "")
        from planner.forms.day_two_document import read_drift  # Django settings are set by then

        result = drift(read_drift(json.loads(json.dumps(day_two_document(collected)))))
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        stand_in.check()
        return {
            "calls": len(stand_in.calls()),
            "zones": len(result.zones),
            "pages": len(collected.graph),
            "az_seconds": sum(az.seconds),
            "wall": wall,
            "cpu": cpu,
            "most_at_once": stand_in.most_at_once(),
        }


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8)
    options = parser.parse_args(arguments)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    figures = measure(options.concurrency)
    effective = figures["az_seconds"] / figures["wall"]
    share = figures["cpu"] / figures["wall"]
    rows = [
        ("az calls", f"{figures['calls']} (3 registry, {2 * ENDPOINTS} endpoints, "
         f"{figures['zones']} zones, {figures['pages']} graph pages)", "", ""),
        ("delay per call (stand-in)", f"{DELAY:g} s", "", ""),
        ("summed az time", f"{figures['az_seconds']:.1f} s", "", ""),
        ("wall time (collect + drift)", f"{figures['wall']:.1f} s", "", ""),
        ("most calls at once", str(figures["most_at_once"]), f"<= {options.concurrency}",
         "PASS" if figures["most_at_once"] <= options.concurrency else "FAIL"),
        ("effective concurrency", f"{effective:.2f}", f">= {0.75 * options.concurrency:g}",
         "PASS" if effective >= 0.75 * options.concurrency else "FAIL"),
        ("planner CPU over wall time", f"{figures['cpu']:.2f} s / {share:.1%}", "<= 10%",
         "PASS" if share <= 0.10 else "FAIL"),
    ]  # fmt: skip
    print("| Figure | Measured | Limit | Result |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if any(row[3] == "FAIL" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
