"""Renderers: small pure functions from a plan to what a pipeline or an administrator reads.

`EXPORTS` lists every format the API (`/api/v1/plan/<format>`) and `manage.py plan --format`
offer, with the media type and file name each is served with.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.core.model import Plan, Sizing
from planner.core.renderers import forwarders
from planner.core.renderers.documents import plan_document, sizing_document
from planner.core.renderers.forwarders import forwarders_text
from planner.core.renderers.infrastructure import azure_cli, bicep, terraform
from planner.core.renderers.lists import allocations_csv, firewall_allowlist, hosts_file
from planner.core.renderers.verify import verify_bash, verify_powershell
from planner.core.renderers.zone import zone_file


def compact_json(document: dict[str, Any]) -> str:
    """The JSON of every plan and sizing answer: one line and a newline, no indent (json's C
    encoder only runs without one; indent=2 was a fifth of a GET's time)."""
    return json.dumps(document) + "\n"


def plan_json(plan: Plan) -> str:
    return compact_json(plan_document(plan))


def sizing_json(sizing: Sizing) -> str:
    return compact_json(sizing_document(sizing))


@dataclass(frozen=True)
class Export:
    name: str
    label: str  # the page's download link
    description: str
    media_type: str
    filename: str  # a pattern: {registry} and {zone}
    render: Callable[[Plan], str]
    needs_addresses: bool = False  # refused when Azure assigns the addresses
    needs_resolver: bool = False  # made only with resolver_ip

    def offered(self, plan: Plan) -> bool:
        """Whether the export can be made of the plan (the page lists only these)."""
        return (plan.addresses_known or not self.needs_addresses) and (
            bool(plan.deployment.resolver_ip) or not self.needs_resolver
        )

    def filename_for(self, plan: Plan) -> str:
        return self.filename.format(registry=plan.registry, zone=plan.zone)


EXPORTS: dict[str, Export] = {
    export.name: export
    for export in (  # the order of the page's downloads
        Export(
            "zone",
            "Zone file",
            "a BIND master file of the private DNS zone",
            "text/dns",
            "{registry}.{zone}.zone",
            zone_file,
            needs_addresses=True,
        ),
        Export(
            "hosts",
            "hosts file",
            "hosts-file lines mapping the public names to the private addresses",
            "text/plain; charset=utf-8",
            "{registry}-hosts.txt",
            hosts_file,
            needs_addresses=True,
        ),
        Export(
            "firewall",
            "Firewall allowlist",
            "the clients' outbound allowlist: each name, port 443",
            "text/plain; charset=utf-8",
            "{registry}-firewall.txt",
            firewall_allowlist,
        ),
        Export(
            "forwarders",
            forwarders.LABEL,
            forwarders.DESCRIPTION,
            forwarders.MEDIA_TYPE,
            forwarders.FILENAME,
            lambda plan: forwarders_text(plan.registry, plan.cloud, plan.deployment.resolver_ip),
            needs_resolver=True,
        ),
        Export(
            "terraform",
            "Terraform",
            "azurerm private endpoint with static IPs, private DNS zone and A records",
            "text/plain; charset=utf-8",
            "{registry}-private-endpoint.tf",
            terraform,
        ),
        Export(
            "bicep",
            "Bicep",
            "private endpoint with static IPs, private DNS zone and A records, in Bicep",
            "text/plain; charset=utf-8",
            "{registry}-private-endpoint.bicep",
            bicep,
        ),
        Export(
            "azcli",
            "az CLI script",
            "the same resources as a bash script of az commands",
            "text/x-shellscript; charset=utf-8",
            "{registry}-private-endpoint.sh",
            azure_cli,
        ),
        Export(
            "csv",
            "CSV",
            "one row per allocation: kind, region, member_name, fqdn, record, ip",
            "text/csv; charset=utf-8; header=present",
            "{registry}-allocations.csv",
            allocations_csv,
        ),
        Export(
            "json",
            "JSON",
            "the plan document, as GET /api/v1/plan answers it",
            "application/json",
            "{registry}-plan.json",
            plan_json,
        ),
        Export(
            "verify",
            "Check script (bash)",
            "run inside the network: resolves every name and compares it with the plan",
            "text/x-shellscript; charset=utf-8",
            "{registry}-verify.sh",
            verify_bash,
            needs_addresses=True,
        ),
        Export(
            "verify-ps",
            "Check script (PowerShell)",
            "the same check for Windows build agents",
            "text/plain; charset=utf-8",
            "{registry}-verify.ps1",
            verify_powershell,
            needs_addresses=True,
        ),
    )
}

__all__ = ["EXPORTS", "Export", "plan_document", "plan_json", "sizing_document", "sizing_json"]
