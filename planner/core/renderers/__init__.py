"""Renderers: small pure functions from an estate to what a pipeline or an administrator reads.

A single plan is an estate of one endpoint asked as a plan: every format has one renderer,
and `EXPORTS` lists each once, with the media type and file names it is served with. It
drives `/api/v1/plan/<format>`, `/api/v1/estate/<format>`, `manage.py plan --format`, the
pages' downloads and the OpenAPI document.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from planner.core.estate import Estate
from planner.core.renderers import forwarders as forwarding
from planner.core.renderers.azcli import azure_cli
from planner.core.renderers.bicep import bicep
from planner.core.renderers.documents import (
    compact_json,
    estate_json,
    plan_document,
    plan_json,
    sizing_document,
    sizing_json,
)
from planner.core.renderers.files import filename
from planner.core.renderers.lists import (
    allocations_csv,
    firewall_allowlist,
    hosts_file,
    netbox_csv,
)
from planner.core.renderers.parts import UnknownPart
from planner.core.renderers.terraform import terraform
from planner.core.renderers.unavailable import BUNDLE_MOST_ENDPOINTS, BundleTooLarge
from planner.core.renderers.verify import verify_bash, verify_powershell
from planner.core.renderers.zone import zone_file

Render = Callable[[Estate, str | None], str | bytes]


@dataclass(frozen=True)
class Export:
    name: str
    label: str  # the page's download link
    description: str
    media_type: str
    render: Render
    part: str | None = None  # an estate's query parameter that picks a zone scope or endpoint
    needs_addresses: bool = False  # refused when Azure assigns the addresses
    needs_resolver: bool = False  # made only with resolver_ip

    def offered(self, estate: Estate) -> bool:
        """Whether the export can be made of the estate (the pages list only these)."""
        return (estate.addresses_known or not self.needs_addresses) and (
            bool(estate.deployment.resolver_ip) or not self.needs_resolver
        )

    @property
    def whole(self) -> bool:
        """One file for the whole estate (not one per zone scope or endpoint)."""
        return self.part is None

    def filename_for(self, estate: Estate, part: str | None = None) -> str:
        return filename(self.name, estate, part)


EXPORTS: dict[str, Export] = {
    export.name: export
    for export in (  # the order of the page's downloads
        Export(
            "zone",
            "Zone file",
            "a BIND master file of the private DNS zone (an estate's: of one zone scope)",
            "text/dns",
            zone_file,
            part="scope",
            needs_addresses=True,
        ),
        Export(
            "hosts",
            "hosts file",
            "hosts-file lines mapping the public names to the private addresses (an estate's: "
            "of one endpoint)",
            "text/plain; charset=utf-8",
            hosts_file,
            part="endpoint",
            needs_addresses=True,
        ),
        Export(
            "firewall",
            "Firewall allowlist",
            "the clients' outbound allowlist: each name, port 443",
            "text/plain; charset=utf-8",
            firewall_allowlist,
        ),
        Export(
            "forwarders",
            forwarding.LABEL,
            forwarding.DESCRIPTION,
            forwarding.MEDIA_TYPE,
            forwarding.forwarders,
            needs_resolver=True,
        ),
        Export(
            "terraform",
            "Terraform",
            "azurerm private endpoints with static IPs, private DNS zones and A records",
            "text/plain; charset=utf-8",
            lambda estate, _: terraform(estate),
        ),
        Export(
            "bicep",
            "Bicep",
            "the same resources in Bicep",
            "text/plain; charset=utf-8",
            lambda estate, _: bicep(estate),
        ),
        Export(
            "azcli",
            "az CLI script",
            "the same resources as a bash script of az commands",
            "text/x-shellscript; charset=utf-8",
            lambda estate, _: azure_cli(estate),
        ),
        Export(
            "csv",
            "CSV",
            "one row per allocation: kind, region, member_name, fqdn, record, ip (an estate's "
            "rows start with the endpoint)",
            "text/csv; charset=utf-8; header=present",
            allocations_csv,
        ),
        Export(
            "netbox",
            "NetBox import",
            "the planned addresses as NetBox's IP address import: address (with the subnet's "
            "prefix length), status reserved, dns_name, description",
            "text/csv; charset=utf-8; header=present",
            netbox_csv,
            needs_addresses=True,
        ),
        Export(
            "json",
            "JSON",
            "the document GET /api/v1/plan (or POST /api/v1/estate) answers",
            "application/json",
            estate_json,
        ),
        Export(
            "verify",
            "Check script (bash)",
            "run inside the network (an estate's: one endpoint's): resolves every name and "
            "compares it with the plan",
            "text/x-shellscript; charset=utf-8",
            verify_bash,
            part="endpoint",
            needs_addresses=True,
        ),
        Export(
            "verify-ps",
            "Check script (PowerShell)",
            "the same check for Windows build agents",
            "text/plain; charset=utf-8",
            verify_powershell,
            part="endpoint",
            needs_addresses=True,
        ),
        Export(
            "bundle",
            "Bundle",
            "a zip of every file for every endpoint and zone scope (estates only)",
            "application/zip",
            lambda estate, _: bundle(estate),
        ),
    )
}
ESTATE_ONLY = frozenset({"bundle"})  # a zip of one plan's files is not offered
BUNDLED = ("terraform", "bicep", "azcli", "forwarders", "firewall", "netbox")  # whole files


def plan_exports() -> dict[str, Export]:
    return {name: export for name, export in EXPORTS.items() if name not in ESTATE_ONLY}


def bundle_files(estate: Estate) -> dict[str, str]:
    """Every file of the estate, by its name in the bundle: the forwarders with a resolver
    address, zone and hosts files where the addresses are planned (not Azure's to pick)."""
    if len(estate.endpoints) > BUNDLE_MOST_ENDPOINTS:
        raise BundleTooLarge(len(estate.endpoints))
    registry = estate.registry.name
    files = {
        f"{registry}-estate.json": estate_json(estate),
        f"{registry}-allocations.csv": allocations_csv(estate),
    }
    for name in BUNDLED:
        export = EXPORTS[name]
        if export.offered(estate):
            files[export.filename_for(estate)] = str(export.render(estate, None))
    for zone in estate.zones:
        if zone.deployment.static:
            files[f"zones/{zone.scope}.{zone.zone}.zone"] = zone_file(estate, zone.scope)
    for endpoint in estate.endpoints:
        if endpoint.plan.addresses_known:
            files[f"hosts/{endpoint.name}-hosts.txt"] = hosts_file(estate, endpoint.name)
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


__all__ = [
    "EXPORTS",
    "Export",
    "UnknownPart",
    "bundle",
    "compact_json",
    "plan_document",
    "plan_exports",
    "plan_json",
    "sizing_document",
    "sizing_json",
]
