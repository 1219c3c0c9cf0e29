"""An estate's private endpoints and private DNS zones as one Terraform, Bicep or az CLI file.

Every endpoint is its own resource, under its own name, with a static IP configuration for
every member (none when Azure assigns them). Every zone scope follows its endpoints' DNS mode
(the same for all of them): `new-zone` is one private DNS zone holding its records, linked once
to the virtual network of each subnet its endpoints sit in (with dynamic addresses, a zone group
on each endpoint writes them); `existing-zone` writes the records into the zone its id names;
`zone-group` puts a zone group on each endpoint; `none` creates nothing. What the planner
cannot know is left to fill in, keyed by endpoint name (subnet id, region) or zone scope
(resource group): Azure refuses two private DNS zones of one name in one resource group, so
with several new zones each scope's zone goes in a resource group of its own.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from planner.core import azure
from planner.core.estate import EndpointPlan, Estate, ZonePlan
from planner.core.model import DnsMode
from planner.core.renderers.infrastructure import (
    addresses_said,
    az_a_records,
    az_endpoint,
    az_existing_zone_group,
    az_link,
    az_zone,
    az_zone_group,
    bicep_a_record,
    bicep_endpoint,
    bicep_existing_zone,
    bicep_link,
    bicep_zone,
    bicep_zone_group,
    comment_lines,
    existing_zone_note,
    hcl_a_record,
    hcl_block,
    hcl_endpoint,
    hcl_variable,
    hcl_vnet_id,
    header_comment,
    records_said,
    regional_endpoints_note,
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
    deployments = [endpoint.plan.deployment for endpoint in estate.endpoints]
    if all(deployment.default for deployment in deployments):
        about = (
            f"{len(estate.endpoints)} private endpoint(s) to the registry {estate.login_server}, "
            f"each with a static IP for each of its {estate.required_ips_per_endpoint} members, "
            f"and {len(estate.zones)} private DNS zone(s) {estate.zone}, one per zone scope "
            f"({scopes}), with their A records (TTL {azure.RECORD_TTL}), each linked to the "
            "virtual networks of its endpoints' subnets."
        )
    else:
        about = " ".join(
            [
                f"{len(estate.endpoints)} private endpoint(s) to the registry "
                f"{estate.login_server}.",
                *(
                    f"Zone scope {zone.scope} ({', '.join(zone.endpoints)}): each endpoint with "
                    f"{addresses_said(zone.deployment, estate.required_ips_per_endpoint)}, and "
                    f"{records_said(zone.deployment, zone.zone)}."
                    for zone in estate.zones
                ),
            ]
        )
    static = any(deployment.static for deployment in deployments)
    lines = header_comment(about, comment, static)
    if static and not all(deployment.static for deployment in deployments):
        lines += header_comment("", comment, static=False)
    return [*lines, *regional_endpoints_note(estate.endpoints[0].plan, comment)]


ZONE_GROUP_NOTE = (
    "Azure refuses two private DNS zones of one name in one resource group: each zone scope's "
    "zone goes in a resource group of its own."
)


def new_zones(estate: Estate) -> tuple[ZonePlan, ...]:
    """The zone scopes whose private DNS zone the file creates."""
    return tuple(zone for zone in estate.zones if zone.deployment.dns is DnsMode.NEW_ZONE)


def scope_of(estate: Estate, endpoint: EndpointPlan) -> ZonePlan:
    return next(zone for zone in estate.zones if zone.scope == endpoint.zone_scope)


def writes_records(zone: ZonePlan) -> bool:
    """Whether the file writes the scope's A records itself (not a zone group, not nobody)."""
    deployment = zone.deployment
    return deployment.static and deployment.dns in (DnsMode.NEW_ZONE, DnsMode.EXISTING_ZONE)


def zone_grouped(zone: ZonePlan) -> bool:
    """Whether each endpoint of the scope has a zone group: Azure writes the records."""
    deployment = zone.deployment
    return deployment.dns is DnsMode.ZONE_GROUP or (
        deployment.dns is DnsMode.NEW_ZONE and not deployment.static
    )


def estate_terraform(estate: Estate) -> str:
    labels = Labels.of(estate)
    several = len(new_zones(estate)) > 1
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
            "Resource group of the private endpoints"
            + ("." if several or not new_zones(estate) else " and the DNS zone."),
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
        zone = scope_of(estate, endpoint)
        zone_id = ""
        if zone_grouped(zone):
            zone_id = (
                f'"{zone.deployment.zone_id}"'
                if zone.deployment.zone_id
                else f"azurerm_private_dns_zone.{labels.scopes[zone.scope]}.id"
            )
        lines += hcl_endpoint(
            labels.endpoints[endpoint.name],
            endpoint.name,
            f"var.locations[{key}]",
            group,
            f"var.subnet_ids[{key}]",
            endpoint.plan,
            zone_id,
        )
    for zone in estate.zones:
        label = labels.scopes[zone.scope]
        zone_group = f'var.zone_resource_group_names["{zone.scope}"]' if several else group
        zone_name = f"azurerm_private_dns_zone.{label}.name"
        if zone.deployment.dns is DnsMode.EXISTING_ZONE:
            zone_group, zone_name = f'"{zone.deployment.zone_resource_group}"', f'"{zone.zone}"'
            lines += [*existing_zone_note(zone.deployment, "#"), ""]
        if zone.deployment.dns is DnsMode.NEW_ZONE:
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
        if writes_records(zone):
            for record in zone.records:
                label = labels.records[zone.scope, record.name]
                lines += hcl_a_record(label, record, zone_name, zone_group)
    return "\n".join(lines[:-1]) + "\n"


def deployed_apart(estate: Estate) -> tuple[ZonePlan, ...]:
    """The zone scopes a Bicep file deploys into a resource group of their own: every new zone
    when there are several, and the records of every existing zone."""
    apart = len(new_zones(estate)) > 1
    return tuple(
        zone
        for zone in estate.zones
        if (apart and zone.deployment.dns is DnsMode.NEW_ZONE)
        or zone.deployment.dns is DnsMode.EXISTING_ZONE
    )


def estate_bicep(estate: Estate) -> str:
    """One deployment when everything goes in one resource group. Otherwise, as a Bicep file
    deploys into one resource group, the file is deployed once for the endpoints and once per
    zone scope into that scope's resource group, `zoneScope` choosing what each deployment
    holds."""
    labels = Labels.of(estate)
    apart = deployed_apart(estate)
    several = bool(apart)
    filename = f"{estate.registry.name}-estate.bicep"
    lines = [
        *_summary(estate, "//"),
        f"// Deploy: az deployment group create --resource-group <resource-group> "
        f"--template-file {filename}",
        "//   --parameters registryId=<registry-resource-id> subnetIds=<object> locations=<object>",
        "// subnetIds and locations are objects keyed by endpoint name.",
    ]
    if several:
        if len(new_zones(estate)) > 1:
            lines += comment_lines(ZONE_GROUP_NOTE, "//")
        lines.append(
            "// Deploy the endpoints as above, then each zone scope into its resource group:"
        )
        for zone in apart:
            target = (
                f"--subscription {zone.deployment.zone_subscription} --resource-group "
                f"{zone.deployment.zone_resource_group}"
                if zone.deployment.dns is DnsMode.EXISTING_ZONE
                else f"--resource-group <zone-group-{zone.scope}>"
            )
            lines.append(
                f"//   az deployment group create {target} "
                f"--template-file {filename} --parameters ... zoneScope={zone.scope}"
            )
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
            *(f"  '{zone.scope}'" for zone in apart),
            "])",
            "param zoneScope string = ''",
        ]
    grouped_apart = [zone for zone in apart if zone_grouped(zone)]
    if grouped_apart:
        lines += [
            "",
            "@description('Resource group of each new zone that zone groups name, by zone scope.')",
            "param zoneResourceGroups object",
        ]
    endpoints_only = "empty(zoneScope)" if several else ""
    for endpoint in estate.endpoints:
        key = f"'{endpoint.name}'"
        symbol = f"endpoint_{labels.endpoints[endpoint.name]}"
        lines += [
            "",
            *bicep_endpoint(
                symbol,
                endpoint.name,
                f"locations[{key}]",
                f"subnetIds[{key}]",
                endpoint.plan,
                endpoints_only,
            ),
        ]
        zone = scope_of(estate, endpoint)
        if zone_grouped(zone):
            zone_id = f"zone_{labels.scopes[zone.scope]}.id"
            if zone.deployment.zone_id:
                zone_id = f"'{zone.deployment.zone_id}'"
            elif zone in grouped_apart:
                zone_id = (
                    f"resourceId(zoneResourceGroups['{zone.scope}'], "
                    f"'{azure.PRIVATE_DNS_ZONE_TYPE.split('@')[0]}', '{zone.zone}')"
                )
            group_symbol = f"zoneGroup_{labels.endpoints[endpoint.name]}"
            lines += [
                "",
                *bicep_zone_group(group_symbol, symbol, zone_id, zone.zone, endpoints_only),
            ]
    for zone in estate.zones:
        condition = f"zoneScope == '{zone.scope}'" if zone in apart else ""
        symbol = f"zone_{labels.scopes[zone.scope]}"
        if zone.deployment.dns is DnsMode.EXISTING_ZONE:
            lines += ["", *bicep_existing_zone(symbol, zone.zone)]
        if zone.deployment.dns is DnsMode.NEW_ZONE:
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
        if writes_records(zone):
            for record in zone.records:
                label = labels.records[zone.scope, record.name]
                lines += ["", *bicep_a_record(f"record_{label}", symbol, record, condition)]
    return "\n".join(lines) + "\n"


def estate_azure_cli(estate: Estate) -> str:
    """A bash script that stops at once unless every placeholder is set in the environment:
    RESOURCE_GROUP, REGISTRY_ID, and per endpoint SUBNET_ID_<LABEL> and LOCATION_<LABEL>
    (and, with several new zones, ZONE_RESOURCE_GROUP_<LABEL> per scope)."""
    labels = Labels.of(estate)
    several = len(new_zones(estate)) > 1

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
            for zone in new_zones(estate)
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
        lines += az_scope(estate, zone, labels, group, several)
    return "\n".join(lines) + "\n"


def az_scope(
    estate: Estate, zone: ZonePlan, labels: Labels, group: str, several: bool
) -> list[str]:
    """The az commands of one zone scope, by its DNS mode."""
    deployment = zone.deployment

    def variable(prefix: str, name: str, labelled: dict[str, str]) -> str:
        return f"{prefix}_{labelled[name].upper()}"

    lines = ["", f"# Zone scope {zone.scope}: resolves {', '.join(zone.endpoints)}."]
    zone_group = group
    if deployment.dns is DnsMode.NEW_ZONE:
        if several:
            zone_group = (
                f'--resource-group "${variable("ZONE_RESOURCE_GROUP", zone.scope, labels.scopes)}"'
            )
        first, *others = linked(estate, zone)
        subnet = variable("SUBNET_ID", first.name, labels.endpoints)
        lines += az_zone(zone_group, zone.zone, first.name, subnet)
        for endpoint in others:
            subnet = variable("SUBNET_ID", endpoint.name, labels.endpoints)
            lines += az_link(zone_group, zone.zone, endpoint.name, subnet)
    if deployment.dns is DnsMode.EXISTING_ZONE:
        zone_group = az_existing_zone_group(deployment)
        lines.append(f"# A records in the existing zone {deployment.zone_id}.")
    if deployment.dns is DnsMode.NONE:
        lines.append("# dns=none: no DNS resources; the planned records are the hand-off.")
    if writes_records(zone):
        lines += az_a_records(zone_group, zone.zone, zone.records)
    if zone_grouped(zone):
        reference = shlex.quote(deployment.zone_id) if deployment.zone_id else zone.zone
        if not deployment.zone_id and several:  # the new zone is in another resource group
            reference = (
                f'"$(az network private-dns zone show {zone_group} --name {zone.zone} '
                '--query id --output tsv)"'
            )
        for endpoint in estate.endpoints:
            if endpoint.zone_scope == zone.scope:
                lines += az_zone_group(group, endpoint.name, zone.zone, reference)
    return lines
