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
from planner.core.model import Allocation, Plan, Record
from planner.core.sizing import STATIC_IP_WARNING


def endpoint_name(plan: Plan) -> str:
    return f"{plan.registry}-private-endpoint"


def comment_lines(text: str, comment: str) -> list[str]:
    return [f"{comment} {line}" for line in textwrap.wrap(text, 88)]


def header_comment(about: str, comment: str) -> list[str]:
    """What a file holds, then the static-IP warning, as `comment` lines."""
    return [
        *comment_lines(about, comment),
        *comment_lines(f"WARNING: {STATIC_IP_WARNING}", comment),
    ]


def _summary(plan: Plan, comment: str) -> list[str]:
    about = (
        f"Private endpoint for the registry {plan.login_server} with a static IP for each of "
        f"its {len(plan.allocations)} members, and the private DNS zone {plan.zone} with its "
        f"A records (TTL {azure.RECORD_TTL}), in the subnet {plan.sizing.subnet.cidr}."
    )
    return header_comment(about, comment)


# Terraform


def aligned(pairs: Iterable[tuple[str, str]], indent: str) -> list[str]:
    """HCL attributes, `=` aligned the way `terraform fmt` aligns them."""
    pairs = list(pairs)
    width = max(len(key) for key, _ in pairs)
    return [f"{indent}{key.ljust(width)} = {value}" for key, value in pairs]


def hcl_block(header: str, pairs: Iterable[tuple[str, str]], *nested: list[str]) -> list[str]:
    lines = [f"{header} {{", *aligned(pairs, "  ")]
    for block in nested:
        lines += ["", *(f"  {line}" for line in block)]
    return [*lines, "}", ""]


def hcl_variable(name: str, description: str, kind: str = "string") -> list[str]:
    return hcl_block(f'variable "{name}"', [("type", kind), ("description", f'"{description}"')])


def hcl_vnet_id(subnet_id: str) -> str:
    """The virtual network's id: the subnet's id without its last two segments."""
    return f'regex("^(.+)/subnets/[^/]+$", {subnet_id})[0]'


def hcl_endpoint(
    label: str, name: str, location: str, group: str, subnet_id: str, plan: Plan
) -> list[str]:
    """An azurerm private endpoint with a static ip_configuration for every member."""
    connection = hcl_block(
        "private_service_connection",
        [
            ("name", f'"{plan.registry}"'),
            ("private_connection_resource_id", "var.registry_id"),
            ("subresource_names", f'["{azure.GROUP_ID}"]'),
            ("is_manual_connection", "false"),
        ],
    )[:-1]
    configurations = [
        hcl_block(
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
    return hcl_block(
        f'resource "azurerm_private_endpoint" "{label}"',
        [
            ("name", f'"{name}"'),
            ("location", location),
            ("resource_group_name", group),
            ("subnet_id", subnet_id),
        ],
        connection,
        *configurations,
    )


def hcl_a_record(label: str, record: Record, zone: str, group: str) -> list[str]:
    return hcl_block(
        f'resource "azurerm_private_dns_a_record" "{label}"',
        [
            ("name", f'"{record.name}"'),
            ("zone_name", zone),
            ("resource_group_name", group),
            ("ttl", str(record.ttl)),
            ("records", f'["{record.value}"]'),
        ],
    )


def terraform(plan: Plan) -> str:
    zone = "azurerm_private_dns_zone.registry.name"
    group = "var.resource_group_name"
    lines = [
        *_summary(plan, "#"),
        "# Set the four variables (e.g. in a .tfvars file); the rest comes from the plan.",
        "",
        *hcl_variable("resource_group_name", "Resource group of the endpoint and the DNS zone."),
        *hcl_variable("location", "Region of the virtual network that holds the subnet."),
        *hcl_variable("subnet_id", f"Resource id of the subnet {plan.sizing.subnet.cidr}."),
        *hcl_variable("registry_id", f"Resource id of the container registry {plan.registry}."),
    ]
    lines += hcl_endpoint(
        "registry", endpoint_name(plan), "var.location", group, "var.subnet_id", plan
    )
    lines += hcl_block(
        'resource "azurerm_private_dns_zone" "registry"',
        [("name", f'"{plan.zone}"'), ("resource_group_name", group)],
    )
    lines += hcl_block(
        'resource "azurerm_private_dns_zone_virtual_network_link" "registry"',
        [
            ("name", f'"{plan.registry}"'),
            ("resource_group_name", group),
            ("private_dns_zone_name", zone),
            ("virtual_network_id", hcl_vnet_id("var.subnet_id")),
        ],
    )
    for allocation, record in zip(plan.allocations, plan.records, strict=True):
        lines += hcl_a_record(allocation.member_name, record, zone, group)
    return "\n".join(lines[:-1]) + "\n"


# Bicep


def bicep_resource(symbol: str, kind: str, condition: str = "") -> str:
    """A resource's first line; `condition` deploys it only when true."""
    return f"resource {symbol} '{kind}' = {f'if ({condition}) ' if condition else ''}{{"


def bicep_endpoint(
    symbol: str, name: str, location: str, subnet_id: str, plan: Plan, condition: str = ""
) -> list[str]:
    """A private endpoint with a static IP configuration for every member."""
    lines = [
        bicep_resource(symbol, "Microsoft.Network/privateEndpoints@2023-11-01", condition),
        f"  name: '{name}'",
        f"  location: {location}",
        "  properties: {",
        "    subnet: {",
        f"      id: {subnet_id}",
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
        lines += bicep_ip_configuration(allocation)
    return [*lines, "    ]", "  }", "}"]


def bicep_ip_configuration(allocation: Allocation) -> list[str]:
    return [
        "      {",
        f"        name: '{allocation.member_name}'",
        "        properties: {",
        f"          groupId: '{azure.GROUP_ID}'",
        f"          memberName: '{allocation.member_name}'",
        f"          privateIPAddress: '{allocation.ip}'",
        "        }",
        "      }",
    ]


def bicep_zone(symbol: str, zone: str, condition: str = "") -> list[str]:
    return [
        bicep_resource(symbol, "Microsoft.Network/privateDnsZones@2020-06-01", condition),
        f"  name: '{zone}'",
        "  location: 'global'",
        "}",
    ]


def bicep_link(symbol: str, zone: str, name: str, subnet_id: str, condition: str = "") -> list[str]:
    """Links the zone to the virtual network of the subnet `subnet_id`."""
    kind = "Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01"
    return [
        bicep_resource(symbol, kind, condition),
        f"  parent: {zone}",
        f"  name: '{name}'",
        "  location: 'global'",
        "  properties: {",
        "    registrationEnabled: false",
        "    virtualNetwork: {",
        f"      id: split({subnet_id}, '/subnets/')[0]",
        "    }",
        "  }",
        "}",
    ]


def bicep_a_record(symbol: str, zone: str, record: Record, condition: str = "") -> list[str]:
    return [
        bicep_resource(symbol, "Microsoft.Network/privateDnsZones/A@2020-06-01", condition),
        f"  parent: {zone}",
        f"  name: '{record.name}'",
        "  properties: {",
        f"    ttl: {record.ttl}",
        "    aRecords: [",
        "      {",
        f"        ipv4Address: '{record.value}'",
        "      }",
        "    ]",
        "  }",
        "}",
    ]


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
        *bicep_endpoint("privateEndpoint", endpoint_name(plan), "location", "subnetId", plan),
        "",
        *bicep_zone("privateZone", plan.zone),
        "",
        *bicep_link("zoneLink", "privateZone", plan.registry, "subnetId"),
    ]
    for allocation, record in zip(plan.allocations, plan.records, strict=True):
        lines += ["", *bicep_a_record(f"record_{allocation.member_name}", "privateZone", record)]
    return "\n".join(lines) + "\n"


# az CLI


def az_endpoint(
    name: str, group: str, subnet_id: str, plan: Plan, location: str | None = None
) -> list[str]:
    """`az network private-endpoint create` with an --ip-config for every member."""
    return [
        "az network private-endpoint create \\",
        f"  --name {shlex.quote(name)} \\",
        f"  {group} \\",
        *([f"  --location {location} \\"] if location else []),
        f"  --subnet {subnet_id} \\",
        '  --private-connection-resource-id "$REGISTRY_ID" \\',
        f"  --group-id {azure.GROUP_ID} \\",
        f"  --connection-name {shlex.quote(plan.registry)} \\",
        *(
            f"  --ip-config name={allocation.member_name} group-id={azure.GROUP_ID} "
            f"member-name={allocation.member_name} private-ip-address={allocation.ip} \\"
            for allocation in plan.allocations
        ),
        "  --output none",
    ]


def az_zone(group: str, zone: str, link: str, subnet_variable: str) -> list[str]:
    """The zone, and its link to the virtual network of the subnet in `subnet_variable`."""
    return [
        f"az network private-dns zone create {group} --name {shlex.quote(zone)} --output none",
        *az_link(group, zone, link, subnet_variable),
    ]


def az_link(group: str, zone: str, name: str, subnet_variable: str) -> list[str]:
    return [
        f"az network private-dns link vnet create {group} --zone-name {shlex.quote(zone)} \\",
        f"  --name {shlex.quote(name)} --registration-enabled false \\",
        f'  --virtual-network "${{{subnet_variable}%/subnets/*}}" --output none',
    ]


def az_a_records(group: str, zone: str, records: Iterable[Record]) -> list[str]:
    lines = []
    zone_option = f"--zone-name {shlex.quote(zone)}"
    for record in records:
        name = shlex.quote(record.name)
        lines += [
            f"az network private-dns record-set a create {group} {zone_option} --name {name} "
            f"--ttl {record.ttl} --output none",
            f"az network private-dns record-set a add-record {group} {zone_option} "
            f"--record-set-name {name} --ipv4-address {record.value} --output none",
        ]
    return lines


def azure_cli(plan: Plan) -> str:
    """A bash script; it stops at once unless the three placeholders are set in the environment."""
    group = '--resource-group "$RESOURCE_GROUP"'
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
        *az_endpoint(endpoint_name(plan), group, '"$SUBNET_ID"', plan),
        "",
        *az_zone(group, plan.zone, plan.registry, "SUBNET_ID"),
        *az_a_records(group, plan.zone, plan.records),
    ]
    return "\n".join(lines) + "\n"
