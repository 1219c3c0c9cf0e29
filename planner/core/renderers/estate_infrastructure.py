"""An estate's private endpoints and private DNS zones as one Terraform, Bicep or az CLI file.

Every endpoint is its own resource, under its own name, with a static IP configuration for
every member; every zone scope is one private DNS zone holding its records, linked once to the
virtual network of each subnet its endpoints sit in. What the planner cannot know is left to
fill in, keyed by endpoint name (subnet id, region) or zone scope (resource group): Azure
refuses two private DNS zones of one name in one resource group, so with several scopes each
scope's zone goes in a resource group of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planner.core import azure
from planner.core.estate import EndpointPlan, Estate, ZonePlan
from planner.core.renderers.infrastructure import (
    az_a_records,
    az_endpoint,
    az_link,
    az_zone,
    bicep_a_record,
    bicep_endpoint,
    bicep_link,
    bicep_zone,
    comment_lines,
    hcl_a_record,
    hcl_block,
    hcl_endpoint,
    hcl_variable,
    hcl_vnet_id,
    header_comment,
)


def resource_labels(names: Sequence[str]) -> dict[str, str]:
    """A label for each name, fit for a Terraform or Bicep identifier and, in upper case, a
    shell variable: lower-case letters, digits and underscores, starting with a letter or an
    underscore. Names that give the same label get `_2`, `_3`... in order; a label that some
    name gives by itself is never handed out as another's suffixed one."""
    bases = [re.sub(r"[^a-z0-9_]", "_", name.lower()) for name in names]
    bases = [f"_{base}" if not base[:1].isalpha() and base[:1] != "_" else base for base in bases]
    natural = set(bases)
    labels: dict[str, str] = {}
    for name, base in zip(names, bases, strict=True):
        label, number = base, 1
        while label in labels.values() or (number > 1 and label in natural):
            number += 1
            label = f"{base}_{number}"
        labels[name] = label
    return labels


@dataclass(frozen=True)
class Labels:
    """The estate's resource labels: each endpoint, zone scope, virtual network link and record."""

    endpoints: dict[str, str]
    scopes: dict[str, str]
    links: dict[tuple[str, str], str]  # (scope, endpoint)
    records: dict[tuple[str, str], str]  # (scope, record name)

    @classmethod
    def of(cls, estate: Estate) -> Labels:
        links = [(zone.scope, e.name) for zone in estate.zones for e in linked(estate, zone)]
        records = [(zone.scope, record.name) for zone in estate.zones for record in zone.records]
        return cls(
            resource_labels([endpoint.name for endpoint in estate.endpoints]),
            resource_labels([zone.scope for zone in estate.zones]),
            dict(zip(links, resource_labels([f"{s}_{e}" for s, e in links]).values(), strict=True)),
            dict(
                zip(
                    records, resource_labels([f"{s}_{r}" for s, r in records]).values(), strict=True
                )
            ),
        )


def linked(estate: Estate, zone: ZonePlan) -> tuple[EndpointPlan, ...]:
    """The first endpoint of the scope in each of its subnets: the zone is linked once to each
    subnet's virtual network, found from that endpoint's subnet id."""
    subnets: dict[str, EndpointPlan] = {}
    for endpoint in estate.endpoints:
        if endpoint.zone_scope == zone.scope:
            subnets.setdefault(str(endpoint.plan.sizing.subnet.cidr), endpoint)
    return tuple(subnets.values())


def _summary(estate: Estate, comment: str) -> list[str]:
    scopes = ", ".join(zone.scope for zone in estate.zones)
    about = (
        f"{len(estate.endpoints)} private endpoint(s) to the registry {estate.login_server}, "
        f"each with a static IP for each of its {estate.required_ips_per_endpoint} members, and "
        f"{len(estate.zones)} private DNS zone(s) {estate.zone}, one per zone scope ({scopes}), "
        f"with their A records (TTL {azure.RECORD_TTL}), each linked to the virtual networks of "
        "its endpoints' subnets."
    )
    return header_comment(about, comment)


ZONE_GROUP_NOTE = (
    "Azure refuses two private DNS zones of one name in one resource group: each zone scope's "
    "zone goes in a resource group of its own."
)


def estate_terraform(estate: Estate) -> str:
    labels = Labels.of(estate)
    several = len(estate.zones) > 1
    group = "var.resource_group_name"
    lines = [
        *_summary(estate, "#"),
        "# Set the variables (e.g. in a .tfvars file); subnet_ids and locations are keyed by",
        "# endpoint name"
        + (", zone_resource_group_names by zone scope." if several else ".")
        + " The rest comes from the plan.",
        "",
        *hcl_variable(
            "resource_group_name",
            "Resource group of the private endpoints" + ("." if several else " and the DNS zone."),
        ),
        *hcl_variable(
            "registry_id", f"Resource id of the container registry {estate.registry.name}."
        ),
        *hcl_variable(
            "subnet_ids", "Resource id of each endpoint's subnet, by endpoint name.", "map(string)"
        ),
        *hcl_variable(
            "locations",
            "Region of each endpoint's virtual network, by endpoint name.",
            "map(string)",
        ),
    ]
    if several:
        lines += [
            *comment_lines(ZONE_GROUP_NOTE, "#"),
            "",
            *hcl_variable(
                "zone_resource_group_names",
                "Resource group of each zone scope's private DNS zone, by scope.",
                "map(string)",
            ),
        ]
    for endpoint in estate.endpoints:
        key = f'"{endpoint.name}"'
        lines += hcl_endpoint(
            labels.endpoints[endpoint.name],
            endpoint.name,
            f"var.locations[{key}]",
            group,
            f"var.subnet_ids[{key}]",
            endpoint.plan,
        )
    for zone in estate.zones:
        label = labels.scopes[zone.scope]
        zone_group = f'var.zone_resource_group_names["{zone.scope}"]' if several else group
        zone_name = f"azurerm_private_dns_zone.{label}.name"
        lines += hcl_block(
            f'resource "azurerm_private_dns_zone" "{label}"',
            [("name", f'"{zone.zone}"'), ("resource_group_name", zone_group)],
        )
        for endpoint in linked(estate, zone):
            lines += hcl_block(
                'resource "azurerm_private_dns_zone_virtual_network_link" '
                f'"{labels.links[zone.scope, endpoint.name]}"',
                [
                    ("name", f'"{endpoint.name}"'),
                    ("resource_group_name", zone_group),
                    ("private_dns_zone_name", zone_name),
                    ("virtual_network_id", hcl_vnet_id(f'var.subnet_ids["{endpoint.name}"]')),
                ],
            )
        for record in zone.records:
            label = labels.records[zone.scope, record.name]
            lines += hcl_a_record(label, record, zone_name, zone_group)
    return "\n".join(lines[:-1]) + "\n"


def estate_bicep(estate: Estate) -> str:
    """One deployment when the estate has one zone scope. With several, a Bicep file deploys
    into one resource group, so the file is deployed once for the endpoints and once per zone
    scope into that scope's resource group, `zoneScope` choosing what each deployment holds."""
    labels = Labels.of(estate)
    several = len(estate.zones) > 1
    filename = f"{estate.registry.name}-estate.bicep"
    lines = [
        *_summary(estate, "//"),
        f"// Deploy: az deployment group create --resource-group <resource-group> "
        f"--template-file {filename}",
        "//   --parameters registryId=<registry-resource-id> subnetIds=<object> locations=<object>",
        "// subnetIds and locations are objects keyed by endpoint name.",
    ]
    if several:
        lines += [
            *comment_lines(ZONE_GROUP_NOTE, "//"),
            "// Deploy the endpoints as above, then each zone scope into its resource group:",
            *(
                f"//   az deployment group create --resource-group <zone-group-{zone.scope}> "
                f"--template-file {filename} --parameters ... zoneScope={zone.scope}"
                for zone in estate.zones
            ),
        ]
    lines += [
        "",
        f"@description('Resource id of the container registry {estate.registry.name}.')",
        "param registryId string",
        "",
        "@description('Resource id of the subnet of each endpoint, by endpoint name.')",
        "param subnetIds object",
        "",
        "@description('Region of the virtual network of each endpoint, by endpoint name.')",
        "param locations object",
    ]
    if several:
        lines += [
            "",
            "@description('Empty: deploy the private endpoints; a zone scope: deploy its zone.')",
            "@allowed([",
            "  ''",
            *(f"  '{zone.scope}'" for zone in estate.zones),
            "])",
            "param zoneScope string = ''",
        ]
    for endpoint in estate.endpoints:
        key = f"'{endpoint.name}'"
        lines += [
            "",
            *bicep_endpoint(
                f"endpoint_{labels.endpoints[endpoint.name]}",
                endpoint.name,
                f"locations[{key}]",
                f"subnetIds[{key}]",
                endpoint.plan,
                "empty(zoneScope)" if several else "",
            ),
        ]
    for zone in estate.zones:
        condition = f"zoneScope == '{zone.scope}'" if several else ""
        symbol = f"zone_{labels.scopes[zone.scope]}"
        lines += ["", *bicep_zone(symbol, zone.zone, condition)]
        for endpoint in linked(estate, zone):
            lines += [
                "",
                *bicep_link(
                    f"link_{labels.links[zone.scope, endpoint.name]}",
                    symbol,
                    endpoint.name,
                    f"subnetIds['{endpoint.name}']",
                    condition,
                ),
            ]
        for record in zone.records:
            label = labels.records[zone.scope, record.name]
            lines += ["", *bicep_a_record(f"record_{label}", symbol, record, condition)]
    return "\n".join(lines) + "\n"


def estate_azure_cli(estate: Estate) -> str:
    """A bash script that stops at once unless every placeholder is set in the environment:
    RESOURCE_GROUP, REGISTRY_ID, and per endpoint SUBNET_ID_<LABEL> and LOCATION_<LABEL>
    (and, with several zone scopes, ZONE_RESOURCE_GROUP_<LABEL> per scope)."""
    labels = Labels.of(estate)
    several = len(estate.zones) > 1

    def variable(prefix: str, name: str, labelled: dict[str, str]) -> str:
        return f"{prefix}_{labelled[name].upper()}"

    required = [
        ("RESOURCE_GROUP", "the resource group of the endpoints"),
        ("REGISTRY_ID", "the resource id of the registry"),
    ]
    for endpoint in estate.endpoints:
        cidr = endpoint.plan.sizing.subnet.cidr
        required += [
            (
                variable("SUBNET_ID", endpoint.name, labels.endpoints),
                f"the resource id of the subnet {cidr} of {endpoint.name}",
            ),
            (
                variable("LOCATION", endpoint.name, labels.endpoints),
                f"the region of the virtual network of {endpoint.name}",
            ),
        ]
    if several:
        required += [
            (
                variable("ZONE_RESOURCE_GROUP", zone.scope, labels.scopes),
                f"the resource group of the DNS zone of the zone scope {zone.scope}",
            )
            for zone in estate.zones
        ]
    lines = [
        "#!/usr/bin/env bash",
        *_summary(estate, "#"),
        *comment_lines(
            "Run with every variable checked below set in the environment; LABEL is an "
            f"endpoint's name{' (or a zone scope name)' if several else ''} in upper case with "
            "other characters than letters and digits as _, e.g. "
            f"{variable('SUBNET_ID', estate.endpoints[0].name, labels.endpoints)}.",
            "#",
        ),
        *(comment_lines(ZONE_GROUP_NOTE, "#") if several else []),
        "set -euo pipefail",
        *(f': "${{{name}:?set {name} to {meaning}}}"' for name, meaning in required),
    ]
    group = '--resource-group "$RESOURCE_GROUP"'
    for endpoint in estate.endpoints:
        lines += [
            "",
            *az_endpoint(
                endpoint.name,
                group,
                f'"${variable("SUBNET_ID", endpoint.name, labels.endpoints)}"',
                endpoint.plan,
                f'"${variable("LOCATION", endpoint.name, labels.endpoints)}"',
            ),
        ]
    for zone in estate.zones:
        zone_group = (
            f'--resource-group "${variable("ZONE_RESOURCE_GROUP", zone.scope, labels.scopes)}"'
            if several
            else group
        )
        lines += ["", f"# Zone scope {zone.scope}: resolves {', '.join(zone.endpoints)}."]
        first, *others = linked(estate, zone)
        subnet = variable("SUBNET_ID", first.name, labels.endpoints)
        lines += az_zone(zone_group, zone.zone, first.name, subnet)
        for endpoint in others:
            subnet = variable("SUBNET_ID", endpoint.name, labels.endpoints)
            lines += az_link(zone_group, zone.zone, endpoint.name, subnet)
        lines += az_a_records(zone_group, zone.zone, zone.records)
    return "\n".join(lines) + "\n"
