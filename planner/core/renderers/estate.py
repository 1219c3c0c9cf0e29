"""An estate's files: one per format covering every endpoint, a zone file per DNS scope, a hosts
file per endpoint, and a zip bundle of all of them with predictable names.

`ESTATE_EXPORTS` lists them for the API (`/api/v1/estate/<format>`) and `manage.py plan
--estate`, as `EXPORTS` does for a single plan.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from planner.core.estate import Estate
from planner.core.renderers import forwarders
from planner.core.renderers.documents import estate_document
from planner.core.renderers.estate_infrastructure import (
    estate_azure_cli,
    estate_bicep,
    estate_terraform,
)
from planner.core.renderers.forwarders import forwarders_text
from planner.core.renderers.lists import CSV_COLUMNS, allocation_row, hosts_file
from planner.core.renderers.verify import verify_bash, verify_powershell
from planner.core.renderers.zone import zone_text


class UnknownPart(LookupError):
    """A zone scope or endpoint name that the estate does not have; the message lists those
    it has."""


def estate_json(estate: Estate) -> str:
    return json.dumps(estate_document(estate)) + "\n"


def estate_csv(estate: Estate) -> str:
    """One row per allocation of every endpoint, the endpoint's name first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("endpoint", *CSV_COLUMNS))
    writer.writerows(
        (endpoint.name, *allocation_row(allocation))
        for endpoint in estate.endpoints
        for allocation in endpoint.plan.allocations
    )
    return buffer.getvalue()


def scope_zone(estate: Estate, scope: str | None) -> str:
    """The zone file of one DNS scope (the only one when the estate has one)."""
    zone = pick(estate.zones, scope, lambda zone: zone.scope, "zone scope")
    about = f"Zone scope {zone.scope}: resolves {', '.join(zone.endpoints)}."
    return zone_text(zone.zone, estate.registry.name, zone.records, about)


def endpoint_hosts(estate: Estate, name: str | None) -> str:
    """The hosts file of one endpoint (the only one when the estate has one)."""
    endpoint = pick(estate.endpoints, name, lambda endpoint: endpoint.name, "endpoint")
    return hosts_file(endpoint.plan)


T = TypeVar("T")


def pick(items: tuple[T, ...], wanted: str | None, name_of: Callable[[T], str], what: str) -> T:
    """The item named `wanted`, or the only one when nothing is asked."""
    names = [name_of(item) for item in items]
    if wanted is None and len(items) == 1:
        return items[0]
    for item, name in zip(items, names, strict=True):
        if name == wanted:
            return item
    listed = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
    asked = (
        f"The estate has {len(items)} of them" if wanted is None else f"No {what} '{wanted[:64]}'"
    )
    article = "an" if what[0] in "aeiou" else "a"
    raise UnknownPart(f"{asked}; name {article} {what}: {listed}.")


def estate_forwarders(estate: Estate) -> str:
    return forwarders_text(
        estate.registry.name, estate.registry.cloud, estate.deployment.resolver_ip
    )


def endpoint_verify(estate: Estate, name: str | None) -> str:
    """The bash check script of one endpoint (the only one when the estate has one)."""
    endpoint = pick(estate.endpoints, name, lambda endpoint: endpoint.name, "endpoint")
    return verify_bash(endpoint.plan)


def endpoint_verify_powershell(estate: Estate, name: str | None) -> str:
    endpoint = pick(estate.endpoints, name, lambda endpoint: endpoint.name, "endpoint")
    return verify_powershell(endpoint.plan)


def bundle_files(estate: Estate) -> dict[str, str]:
    """Every file of the estate, by its name in the bundle: the forwarders with a resolver
    address, zone and hosts files where the addresses are planned (not Azure's to pick)."""
    registry = estate.registry.name
    files = {
        f"{registry}-estate.json": estate_json(estate),
        f"{registry}-allocations.csv": estate_csv(estate),
    }
    for export in ESTATE_EXPORTS.values():
        if export.name == "forwarders" and not estate.deployment.resolver_ip:
            continue
        if export.whole and export.name not in ("json", "csv", "bundle"):
            files[export.filename_for(estate)] = str(export.render(estate, None))
    for zone in estate.zones:
        if zone.deployment.static:
            files[f"zones/{zone.scope}.{zone.zone}.zone"] = scope_zone(estate, zone.scope)
    for endpoint in estate.endpoints:
        if endpoint.plan.addresses_known:
            files[f"hosts/{endpoint.name}-hosts.txt"] = hosts_file(endpoint.plan)
    return files


def bundle(estate: Estate) -> bytes:
    """A zip of every file; fixed timestamps, so the same estate gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in bundle_files(estate).items():
            info = zipfile.ZipInfo(
                f"{estate.registry.name}/{name}", date_time=(1980, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


@dataclass(frozen=True)
class EstateExport:
    name: str
    label: str
    description: str
    media_type: str
    filename: str  # a pattern: {registry} and {part}
    render: Callable[[Estate, str | None], str | bytes]
    part: str | None = None  # the query parameter that picks a zone scope or an endpoint

    @property
    def whole(self) -> bool:
        """One file for the whole estate (not one per scope or endpoint)."""
        return self.part is None

    def filename_for(self, estate: Estate, part: str | None = None) -> str:
        return self.filename.format(registry=estate.registry.name, part=part or "")


ESTATE_EXPORTS: dict[str, EstateExport] = {
    export.name: export
    for export in (
        EstateExport(
            "json",
            "JSON",
            "the estate document, as POST /api/v1/estate answers it",
            "application/json",
            "{registry}-estate.json",
            lambda estate, _: estate_json(estate),
        ),
        EstateExport(
            "csv",
            "CSV",
            "one row per allocation of every endpoint",
            "text/csv; charset=utf-8; header=present",
            "{registry}-allocations.csv",
            lambda estate, _: estate_csv(estate),
        ),
        EstateExport(
            "terraform",
            "Terraform",
            "an azurerm private endpoint with static IPs per endpoint, a private DNS zone with "
            "its A records per zone scope",
            "text/plain; charset=utf-8",
            "{registry}-estate.tf",
            lambda estate, _: estate_terraform(estate),
        ),
        EstateExport(
            "bicep",
            "Bicep",
            "the same resources in Bicep",
            "text/plain; charset=utf-8",
            "{registry}-estate.bicep",
            lambda estate, _: estate_bicep(estate),
        ),
        EstateExport(
            "azcli",
            "az CLI script",
            "the same resources as a bash script of az commands",
            "text/x-shellscript; charset=utf-8",
            "{registry}-estate.sh",
            lambda estate, _: estate_azure_cli(estate),
        ),
        EstateExport(
            "forwarders",
            forwarders.LABEL,
            forwarders.DESCRIPTION,
            forwarders.MEDIA_TYPE,
            forwarders.FILENAME,
            lambda estate, _: estate_forwarders(estate),
        ),
        EstateExport(
            "zone",
            "Zone file",
            "a BIND master file of one DNS zone scope",
            "text/dns",
            "{registry}-{part}.zone",
            scope_zone,
            part="scope",
        ),
        EstateExport(
            "hosts",
            "hosts file",
            "hosts-file lines for one endpoint",
            "text/plain; charset=utf-8",
            "{registry}-{part}-hosts.txt",
            endpoint_hosts,
            part="endpoint",
        ),
        EstateExport(
            "bundle",
            "Bundle",
            "a zip of every file for every endpoint and zone scope",
            "application/zip",
            "{registry}-estate.zip",
            lambda estate, _: bundle(estate),
        ),
        EstateExport(
            "verify",
            "Check script (bash)",
            "run inside one endpoint's network: resolves every name, compares it with the plan",
            "text/x-shellscript; charset=utf-8",
            "{registry}-{part}-verify.sh",
            endpoint_verify,
            part="endpoint",
        ),
        EstateExport(
            "verify-ps",
            "Check script (PowerShell)",
            "the same check for Windows build agents",
            "text/plain; charset=utf-8",
            "{registry}-{part}-verify.ps1",
            endpoint_verify_powershell,
            part="endpoint",
        ),
    )
}
