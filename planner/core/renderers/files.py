"""Each format's file name: a single plan's and an estate's (an estate's per-part files are
named after the zone scope or endpoint). The export table serves files under these names and
the files that say how to run themselves quote them."""

from __future__ import annotations

from planner.core.estate import Estate

FILENAMES: dict[str, tuple[str, str]] = {  # format: (a plan's, an estate's)
    "zone": ("{registry}.{zone}.zone", "{registry}-{part}.zone"),
    "hosts": ("{registry}-hosts.txt", "{registry}-{part}-hosts.txt"),
    "firewall": ("{registry}-firewall.txt", "{registry}-firewall.txt"),
    "forwarders": ("{registry}-forwarders.txt", "{registry}-forwarders.txt"),
    "terraform": ("{registry}-private-endpoint.tf", "{registry}-estate.tf"),
    "bicep": ("{registry}-private-endpoint.bicep", "{registry}-estate.bicep"),
    "azcli": ("{registry}-private-endpoint.sh", "{registry}-estate.sh"),
    "csv": ("{registry}-allocations.csv", "{registry}-allocations.csv"),
    "netbox": ("{registry}-netbox-ip-addresses.csv", "{registry}-netbox-ip-addresses.csv"),
    "json": ("{registry}-plan.json", "{registry}-estate.json"),
    "verify": ("{registry}-verify.sh", "{registry}-{part}-verify.sh"),
    "verify-ps": ("{registry}-verify.ps1", "{registry}-{part}-verify.ps1"),
    "bundle": ("{registry}-estate.zip", "{registry}-estate.zip"),
}


def filename(format: str, estate: Estate, part: str | None = None) -> str:
    single, whole = FILENAMES[format]
    if estate.single:
        return single.format(registry=estate.registry.name, zone=estate.zone)
    return whole.format(registry=estate.registry.name, part=part or "")
