"""The private endpoint and its private DNS records as Terraform, Bicep and az CLI.

With static allocation each declares a static IP configuration for EVERY member (Azure rejects
a static-IP endpoint that misses one); with dynamic allocation none, and Azure picks them. The
DNS mode decides the rest: a new zone linked to the network with one A record per member
(`new-zone`), A records in an existing zone (`existing-zone`), a private DNS zone group that
has Azure write the records (`zone-group`, and `new-zone` with dynamic addresses), or nothing
(`none`). Only what the planner cannot know is left to fill in: the resource group, the
subnet's and the registry's resource ids (and, for Terraform, the region of the network).
"""

from __future__ import annotations

import shlex
import textwrap
from collections.abc import Iterable

from planner.core import azure
from planner.core.model import Allocation, Deployment, DnsMode, Plan, Record
from planner.core.sizing import DYNAMIC_ADDRESSES_NOTE, STATIC_IP_WARNING


def endpoint_name(plan: Plan) -> str:
    return f"{plan.registry}-private-endpoint"


def comment_lines(text: str, comment: str) -> list[str]:
    """`text` wrapped in comment lines; a resource id is never broken."""
    wrapped = textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)
    return [f"{comment} {line}" for line in wrapped]


def header_comment(about: str, comment: str, static: bool = True) -> list[str]:
    """What a file holds, then the static-IP warning (or the dynamic-address note), as
    `comment` lines."""
    caution = f"WARNING: {STATIC_IP_WARNING}" if static else f"NOTE: {DYNAMIC_ADDRESSES_NOTE}"
    return [*comment_lines(about, comment), *comment_lines(caution, comment)]


def addresses_said(deployment: Deployment, members: int) -> str:
    if deployment.static:
        return f"a static IP for each of its {members} members"
    return f"addresses Azure assigns to its {members} members"


def records_said(deployment: Deployment, zone: str) -> str:
    """What the file does about the private DNS records, after "and"."""
    ttl = f"TTL {azure.RECORD_TTL}"
    if deployment.dns is DnsMode.NEW_ZONE and deployment.static:
        return f"the private DNS zone {zone} with its A records ({ttl})"
    if deployment.dns is DnsMode.NEW_ZONE:
        return f"the private DNS zone {zone}, whose A records ({ttl}) a DNS zone group writes"
    if deployment.dns is DnsMode.EXISTING_ZONE:
        return f"its A records ({ttl}) in the existing private DNS zone {deployment.zone_id}"
    if deployment.dns is DnsMode.ZONE_GROUP:
        return (
            f"a private DNS zone group, through which Azure writes its A records ({ttl}) in "
            f"{deployment.zone_id}"
        )
    return (
        "no DNS resources (dns=none): the zone file and the records table are the hand-off "
        "to whoever runs DNS"
    )


def regional_endpoints_note(plan: Plan, comment: str) -> list[str]:
    """How regional endpoints are enabled, which no azurerm or Bicep setting does."""
    if not plan.regional_endpoints:
        return []
    command = azure.ENABLE_REGIONAL_ENDPOINTS.format(registry=plan.registry)
    return comment_lines(
        f"Regional endpoints are enabled on the registry, not by this file (azurerm has no "
        f"argument for them): {command}.",
        comment,
    )


def _summary(plan: Plan, comment: str) -> list[str]:
    deployment = plan.deployment
    about = (
        f"Private endpoint for the registry {plan.login_server} with "
        f"{addresses_said(deployment, len(plan.allocations))}, and "
        f"{records_said(deployment, plan.zone)}, in the subnet {plan.sizing.subnet.cidr}."
    )
    return [
        *header_comment(about, comment, deployment.static),
        *regional_endpoints_note(plan, comment),
    ]


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


def hcl_zone_group(zone_ids: str) -> list[str]:
    """A private_dns_zone_group block: Azure writes the endpoint's records in the zones."""
    return hcl_block(
        "private_dns_zone_group",
        [("name", f'"{azure.ZONE_GROUP_NAME}"'), ("private_dns_zone_ids", f"[{zone_ids}]")],
    )[:-1]


def hcl_endpoint(
    label: str,
    name: str,
    location: str,
    group: str,
    subnet_id: str,
    plan: Plan,
    zone_id: str = "",
) -> list[str]:
    """An azurerm private endpoint with a static ip_configuration for every member (none with
    dynamic allocation), and a private DNS zone group for the zone `zone_id` when given."""
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
        if allocation.ip is not None
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
        *([hcl_zone_group(zone_id)] if zone_id else []),
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


def hcl_zone_group_target(deployment: Deployment, new_zone: str) -> str:
    """The zone a zone group on the endpoint names (`new_zone`: the expression of the zone the
    file creates), or "" when the endpoint has no zone group."""
    if deployment.dns is DnsMode.ZONE_GROUP:
        return f'"{deployment.zone_id}"'
    if deployment.dns is DnsMode.NEW_ZONE and not deployment.static:
        return new_zone
    return ""


def existing_zone_note(deployment: Deployment, comment: str) -> list[str]:
    return comment_lines(
        f"The zone is in the subscription {deployment.zone_subscription}: where that is not "
        "the one the endpoint is deployed in, write these records with credentials (a "
        "provider) for it.",
        comment,
    )


def terraform(plan: Plan) -> str:
    deployment = plan.deployment
    new_zone = deployment.dns is DnsMode.NEW_ZONE
    zone = "azurerm_private_dns_zone.registry.name"
    group = "var.resource_group_name"
    lines = [
        *_summary(plan, "#"),
        "# Set the four variables (e.g. in a .tfvars file); the rest comes from the plan.",
        "",
        *hcl_variable(
            "resource_group_name",
            "Resource group of the endpoint" + (" and the DNS zone." if new_zone else "."),
        ),
        *hcl_variable("location", "Region of the virtual network that holds the subnet."),
        *hcl_variable("subnet_id", f"Resource id of the subnet {plan.sizing.subnet.cidr}."),
        *hcl_variable("registry_id", f"Resource id of the container registry {plan.registry}."),
    ]
    lines += hcl_endpoint(
        "registry",
        endpoint_name(plan),
        "var.location",
        group,
        "var.subnet_id",
        plan,
        hcl_zone_group_target(deployment, "azurerm_private_dns_zone.registry.id"),
    )
    if new_zone:
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
    if deployment.dns is DnsMode.EXISTING_ZONE:
        zone, group = f'"{plan.zone}"', f'"{deployment.zone_resource_group}"'
        lines += [*existing_zone_note(deployment, "#"), ""]
    if deployment.dns in (DnsMode.NEW_ZONE, DnsMode.EXISTING_ZONE) and deployment.static:
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
    """A private endpoint with a static IP configuration for every member (none with dynamic
    allocation)."""
    lines = [
        bicep_resource(symbol, azure.PRIVATE_ENDPOINT_TYPE, condition),
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
    ]
    if not plan.addresses_known:
        return [*lines, "  }", "}"]
    lines.append("    ipConfigurations: [")
    for allocation in plan.allocations:
        lines += bicep_ip_configuration(allocation)
    return [*lines, "    ]", "  }", "}"]


def bicep_zone_group(
    symbol: str, endpoint: str, zone_id: str, zone: str, condition: str = ""
) -> list[str]:
    """A private DNS zone group on the endpoint `endpoint`: Azure writes its records in the
    zone whose id is the expression `zone_id`."""
    return [
        bicep_resource(symbol, azure.ZONE_GROUP_TYPE, condition),
        f"  parent: {endpoint}",
        f"  name: '{azure.ZONE_GROUP_NAME}'",
        "  properties: {",
        "    privateDnsZoneConfigs: [",
        "      {",
        f"        name: '{azure.zone_configuration_name(zone)}'",
        "        properties: {",
        f"          privateDnsZoneId: {zone_id}",
        "        }",
        "      }",
        "    ]",
        "  }",
        "}",
    ]


def bicep_existing_zone(symbol: str, zone: str) -> list[str]:
    """A zone that exists in the resource group the file is deployed to."""
    return [
        f"resource {symbol} '{azure.PRIVATE_DNS_ZONE_TYPE}' existing = {{",
        f"  name: '{zone}'",
        "}",
    ]


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
        bicep_resource(symbol, azure.PRIVATE_DNS_ZONE_TYPE, condition),
        f"  name: '{zone}'",
        "  location: 'global'",
        "}",
    ]


def bicep_link(symbol: str, zone: str, name: str, subnet_id: str, condition: str = "") -> list[str]:
    """Links the zone to the virtual network of the subnet `subnet_id`."""
    kind = azure.ZONE_LINK_TYPE
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
        bicep_resource(symbol, azure.A_RECORD_TYPE, condition),
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


def bicep_deploy(plan: Plan) -> list[str]:
    """How the file is deployed: once; with existing-zone, a second time (part=records) into
    the zone's resource group, since a Bicep file deploys into one resource group."""
    deployment, filename = plan.deployment, f"{plan.registry}-private-endpoint.bicep"
    lines = [
        f"// Deploy: az deployment group create --resource-group <resource-group> "
        f"--template-file {filename}",
        "//   --parameters subnetId=<subnet-resource-id> registryId=<registry-resource-id>",
    ]
    if deployment.dns is DnsMode.EXISTING_ZONE:
        lines += [
            "// then the A records into the existing zone's resource group:",
            f"//   az deployment group create --subscription {deployment.zone_subscription} "
            f"--resource-group {deployment.zone_resource_group}",
            f"//   --template-file {filename} --parameters ... part=records",
        ]
    return lines


def bicep(plan: Plan) -> str:
    deployment = plan.deployment
    existing = deployment.dns is DnsMode.EXISTING_ZONE
    endpoint_only = "part == 'endpoint'" if existing else ""
    lines = [
        *_summary(plan, "//"),
        *bicep_deploy(plan),
        "",
        f"@description('Resource id of the subnet {plan.sizing.subnet.cidr}.')",
        "param subnetId string",
        "",
        f"@description('Resource id of the container registry {plan.registry}.')",
        "param registryId string",
        "",
        "@description('Region of the virtual network that holds the subnet.')",
        "param location string = resourceGroup().location",
    ]
    if existing:
        lines += [
            "",
            "@description('endpoint: deploy the private endpoint; records: its A records, into "
            "the resource group of the zone.')",
            "@allowed([",
            "  'endpoint'",
            "  'records'",
            "])",
            "param part string = 'endpoint'",
        ]
    lines += [
        "",
        *bicep_endpoint(
            "privateEndpoint", endpoint_name(plan), "location", "subnetId", plan, endpoint_only
        ),
    ]
    if deployment.dns is DnsMode.NEW_ZONE:
        lines += [
            "",
            *bicep_zone("privateZone", plan.zone),
            "",
            *bicep_link("zoneLink", "privateZone", plan.registry, "subnetId"),
        ]
    if target := bicep_zone_group_target(deployment, "privateZone.id"):
        lines += ["", *bicep_zone_group("zoneGroup", "privateEndpoint", target, plan.zone)]
    if existing:
        lines += ["", *bicep_existing_zone("privateZone", plan.zone)]
    if deployment.dns in (DnsMode.NEW_ZONE, DnsMode.EXISTING_ZONE) and deployment.static:
        condition = "part == 'records'" if existing else ""
        for allocation, record in zip(plan.allocations, plan.records, strict=True):
            symbol = f"record_{allocation.member_name}"
            lines += ["", *bicep_a_record(symbol, "privateZone", record, condition)]
    return "\n".join(lines) + "\n"


def bicep_zone_group_target(deployment: Deployment, new_zone: str) -> str:
    """The zone id expression a zone group on the endpoint names, or "" for none."""
    if deployment.dns is DnsMode.ZONE_GROUP:
        return f"'{deployment.zone_id}'"
    if deployment.dns is DnsMode.NEW_ZONE and not deployment.static:
        return new_zone
    return ""


# az CLI


def az_endpoint(
    name: str, group: str, subnet_id: str, plan: Plan, location: str | None = None
) -> list[str]:
    """`az network private-endpoint create` with an --ip-config for every member (none with
    dynamic allocation)."""
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
            if allocation.ip is not None
        ),
        "  --output none",
    ]


def az_zone_group(group: str, endpoint: str, zone: str, zone_reference: str) -> list[str]:
    """A private DNS zone group on `endpoint`; `zone_reference`: the zone's name (in `group`)
    or its resource id."""
    return [
        f"az network private-endpoint dns-zone-group create {group} \\",
        f"  --endpoint-name {shlex.quote(endpoint)} --name {azure.ZONE_GROUP_NAME} \\",
        f"  --private-dns-zone {zone_reference} "
        f"--zone-name {azure.zone_configuration_name(zone)} --output none",
    ]


def az_zone_group_target(deployment: Deployment, zone: str) -> str:
    """What a zone group on the endpoint names: the new zone by name (it is in the endpoint's
    resource group), an existing one by id; "" for no zone group."""
    if deployment.dns is DnsMode.ZONE_GROUP:
        return shlex.quote(deployment.zone_id)
    if deployment.dns is DnsMode.NEW_ZONE and not deployment.static:
        return shlex.quote(zone)
    return ""


def az_existing_zone_group(deployment: Deployment) -> str:
    """The options that address the existing zone's resource group and subscription."""
    return (
        f"--subscription {shlex.quote(deployment.zone_subscription)} "
        f"--resource-group {shlex.quote(deployment.zone_resource_group)}"
    )


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
    ]
    deployment = plan.deployment
    if deployment.dns is DnsMode.NEW_ZONE:
        lines += ["", *az_zone(group, plan.zone, plan.registry, "SUBNET_ID")]
    if target := az_zone_group_target(deployment, plan.zone):
        lines += az_zone_group(group, endpoint_name(plan), plan.zone, target)
    if deployment.dns is DnsMode.EXISTING_ZONE:
        group = az_existing_zone_group(deployment)
        lines += ["", f"# A records in the existing zone {deployment.zone_id}."]
    if deployment.dns in (DnsMode.NEW_ZONE, DnsMode.EXISTING_ZONE) and deployment.static:
        lines += az_a_records(group, plan.zone, plan.records)
    return "\n".join(lines) + "\n"
