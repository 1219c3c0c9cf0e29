"""The private endpoint and its private DNS zone as Terraform, Bicep and az CLI.

Each declares a static IP configuration for EVERY member (Azure rejects a static-IP endpoint
that misses one) and the zone with one A record per member. Only what the planner cannot
know is left to fill in: the resource group, the subnet's and the registry's resource ids
(and, for Terraform, the region of the virtual network).
"""

from __future__ import annotations

import shlex
import textwrap
from collections.abc import Iterable

from planner.core import azure
from planner.core.model import Plan
from planner.core.sizing import STATIC_IP_WARNING


def endpoint_name(plan: Plan) -> str:
    return f"{plan.registry}-private-endpoint"


def _summary(plan: Plan, comment: str) -> list[str]:
    about = (
        f"Private endpoint for the registry {plan.login_server} with a static IP for each of "
        f"its {len(plan.allocations)} members, and the private DNS zone {plan.zone} with its "
        f"A records (TTL {azure.RECORD_TTL}), in the subnet {plan.sizing.subnet.cidr}."
    )
    lines = [*textwrap.wrap(about, 88), *textwrap.wrap(f"WARNING: {STATIC_IP_WARNING}", 88)]
    return [f"{comment} {line}" for line in lines]


def _aligned(pairs: Iterable[tuple[str, str]], indent: str) -> list[str]:
    """HCL attributes, `=` aligned the way `terraform fmt` aligns them."""
    pairs = list(pairs)
    width = max(len(key) for key, _ in pairs)
    return [f"{indent}{key.ljust(width)} = {value}" for key, value in pairs]


def _hcl_block(header: str, pairs: Iterable[tuple[str, str]], *nested: list[str]) -> list[str]:
    lines = [f"{header} {{", *_aligned(pairs, "  ")]
    for block in nested:
        lines += ["", *(f"  {line}" for line in block)]
    return [*lines, "}", ""]


def _variable(name: str, description: str) -> list[str]:
    return _hcl_block(
        f'variable "{name}"', [("type", "string"), ("description", f'"{description}"')]
    )


def terraform(plan: Plan) -> str:
    zone = "azurerm_private_dns_zone.registry.name"
    group = "var.resource_group_name"
    lines = [
        *_summary(plan, "#"),
        "# Set the four variables (e.g. in a .tfvars file); the rest comes from the plan.",
        "",
        *_variable("resource_group_name", "Resource group of the endpoint and the DNS zone."),
        *_variable("location", "Region of the virtual network that holds the subnet."),
        *_variable("subnet_id", f"Resource id of the subnet {plan.sizing.subnet.cidr}."),
        *_variable("registry_id", f"Resource id of the container registry {plan.registry}."),
    ]
    connection = _hcl_block(
        "private_service_connection",
        [
            ("name", f'"{plan.registry}"'),
            ("private_connection_resource_id", "var.registry_id"),
            ("subresource_names", f'["{azure.GROUP_ID}"]'),
            ("is_manual_connection", "false"),
        ],
    )[:-1]
    configurations = [
        _hcl_block(
            "ip_configuration",
            [
                ("name", f'"{allocation.member_name}"'),
                ("private_ip_address", f'"{allocation.ip}"'),
                ("subresource_name", f'"{azure.GROUP_ID}"'),
                ("member_name", f'"{allocation.member_name}"'),
            ],
        )[:-1]
        for allocation in plan.allocations
    ]
    lines += _hcl_block(
        'resource "azurerm_private_endpoint" "registry"',
        [
            ("name", f'"{endpoint_name(plan)}"'),
            ("location", "var.location"),
            ("resource_group_name", group),
            ("subnet_id", "var.subnet_id"),
        ],
        connection,
        *configurations,
    )
    lines += _hcl_block(
        'resource "azurerm_private_dns_zone" "registry"',
        [("name", f'"{plan.zone}"'), ("resource_group_name", group)],
    )
    lines += _hcl_block(
        'resource "azurerm_private_dns_zone_virtual_network_link" "registry"',
        [
            ("name", f'"{plan.registry}"'),
            ("resource_group_name", group),
            ("private_dns_zone_name", zone),
            ("virtual_network_id", 'regex("^(.+)/subnets/[^/]+$", var.subnet_id)[0]'),
        ],
    )
    for allocation in plan.allocations:
        lines += _hcl_block(
            f'resource "azurerm_private_dns_a_record" "{allocation.member_name}"',
            [
                ("name", f'"{allocation.record}"'),
                ("zone_name", zone),
                ("resource_group_name", group),
                ("ttl", str(azure.RECORD_TTL)),
                ("records", f'["{allocation.ip}"]'),
            ],
        )
    return "\n".join(lines[:-1]) + "\n"


def bicep(plan: Plan) -> str:
    lines = [
        *_summary(plan, "//"),
        f"// Deploy: az deployment group create --resource-group <resource-group> "
        f"--template-file {plan.registry}-private-endpoint.bicep",
        "//   --parameters subnetId=<subnet-resource-id> registryId=<registry-resource-id>",
        "",
        f"@description('Resource id of the subnet {plan.sizing.subnet.cidr}.')",
        "param subnetId string",
        "",
        f"@description('Resource id of the container registry {plan.registry}.')",
        "param registryId string",
        "",
        "@description('Region of the virtual network that holds the subnet.')",
        "param location string = resourceGroup().location",
        "",
        "resource privateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {",
        f"  name: '{endpoint_name(plan)}'",
        "  location: location",
        "  properties: {",
        "    subnet: {",
        "      id: subnetId",
        "    }",
        "    privateLinkServiceConnections: [",
        "      {",
        f"        name: '{plan.registry}'",
        "        properties: {",
        "          privateLinkServiceId: registryId",
        "          groupIds: [",
        f"            '{azure.GROUP_ID}'",
        "          ]",
        "        }",
        "      }",
        "    ]",
        "    ipConfigurations: [",
    ]
    for allocation in plan.allocations:
        lines += [
            "      {",
            f"        name: '{allocation.member_name}'",
            "        properties: {",
            f"          groupId: '{azure.GROUP_ID}'",
            f"          memberName: '{allocation.member_name}'",
            f"          privateIPAddress: '{allocation.ip}'",
            "        }",
            "      }",
        ]
    lines += [
        "    ]",
        "  }",
        "}",
        "",
        "resource privateZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {",
        f"  name: '{plan.zone}'",
        "  location: 'global'",
        "}",
        "",
        "resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {",
        "  parent: privateZone",
        f"  name: '{plan.registry}'",
        "  location: 'global'",
        "  properties: {",
        "    registrationEnabled: false",
        "    virtualNetwork: {",
        "      id: split(subnetId, '/subnets/')[0]",
        "    }",
        "  }",
        "}",
    ]
    for allocation in plan.allocations:
        lines += [
            "",
            f"resource record_{allocation.member_name} "
            "'Microsoft.Network/privateDnsZones/A@2020-06-01' = {",
            "  parent: privateZone",
            f"  name: '{allocation.record}'",
            "  properties: {",
            f"    ttl: {azure.RECORD_TTL}",
            "    aRecords: [",
            "      {",
            f"        ipv4Address: '{allocation.ip}'",
            "      }",
            "    ]",
            "  }",
            "}",
        ]
    return "\n".join(lines) + "\n"


def azure_cli(plan: Plan) -> str:
    """A bash script; it stops at once unless the three placeholders are set in the environment."""
    group = '--resource-group "$RESOURCE_GROUP"'
    zone = f"--zone-name {shlex.quote(plan.zone)}"
    lines = [
        "#!/usr/bin/env bash",
        *_summary(plan, "#"),
        "# Run: RESOURCE_GROUP=... SUBNET_ID=... REGISTRY_ID=... bash "
        f"{plan.registry}-private-endpoint.sh",
        "set -euo pipefail",
        ': "${RESOURCE_GROUP:?set RESOURCE_GROUP to the resource group of the endpoint}"',
        ': "${SUBNET_ID:?set SUBNET_ID to the resource id of the subnet}"',
        ': "${REGISTRY_ID:?set REGISTRY_ID to the resource id of the registry}"',
        "",
        "az network private-endpoint create \\",
        f"  --name {shlex.quote(endpoint_name(plan))} \\",
        f"  {group} \\",
        '  --subnet "$SUBNET_ID" \\',
        '  --private-connection-resource-id "$REGISTRY_ID" \\',
        f"  --group-id {azure.GROUP_ID} \\",
        f"  --connection-name {shlex.quote(plan.registry)} \\",
        *(
            f"  --ip-config name={allocation.member_name} group-id={azure.GROUP_ID} "
            f"member-name={allocation.member_name} private-ip-address={allocation.ip} \\"
            for allocation in plan.allocations
        ),
        "  --output none",
        "",
        f"az network private-dns zone create {group} --name {shlex.quote(plan.zone)} --output none",
        f"az network private-dns link vnet create {group} {zone} \\",
        f"  --name {shlex.quote(plan.registry)} --registration-enabled false \\",
        '  --virtual-network "${SUBNET_ID%/subnets/*}" --output none',
    ]
    for allocation in plan.allocations:
        name = shlex.quote(allocation.record)
        lines += [
            f"az network private-dns record-set a create {group} {zone} --name {name} "
            f"--ttl {azure.RECORD_TTL} --output none",
            f"az network private-dns record-set a add-record {group} {zone} "
            f"--record-set-name {name} --ipv4-address {allocation.ip} --output none",
        ]
    return "\n".join(lines) + "\n"
