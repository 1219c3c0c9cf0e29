"""An estate's private endpoints and private DNS zones as a bash script of az commands.

It stops at once unless every placeholder is set in the environment: a single plan's
RESOURCE_GROUP, SUBNET_ID and REGISTRY_ID; an estate's RESOURCE_GROUP, REGISTRY_ID, and per
endpoint SUBNET_ID_<LABEL> and LOCATION_<LABEL> (and, with several new zones,
ZONE_RESOURCE_GROUP_<LABEL> per scope).
"""

from __future__ import annotations

import shlex

from planner.core.commands import (
    PRESENT,
    STRICT,
    comment,
    create_endpoint,
    create_records,
    create_zone,
    create_zone_group,
    guarded,
    in_group,
    link_network,
    show_endpoint,
)
from planner.core.estate import EndpointPlan, Estate, ZonePlan
from planner.core.model import DnsMode
from planner.core.renderers.files import filename
from planner.core.renderers.infrastructure import (
    ZONE_GROUP_NOTE,
    Labels,
    comment_lines,
    link_name,
    linked,
    new_zones,
    summary,
    writes_records,
    zone_grouped,
)

GROUP = in_group('"$RESOURCE_GROUP"')


class Variables:
    """The environment variables the script reads for each endpoint and zone scope."""

    def __init__(self, estate: Estate) -> None:
        self.labels, self.single = Labels.of(estate), estate.single

    def subnet(self, endpoint: EndpointPlan) -> str:
        return "SUBNET_ID" if self.single else self.of("SUBNET_ID", endpoint.name)

    def location(self, endpoint: EndpointPlan) -> str | None:
        return None if self.single else self.of("LOCATION", endpoint.name)

    def zone_resource_group(self, zone: ZonePlan) -> str:
        return f"ZONE_RESOURCE_GROUP_{self.labels.scopes[zone.scope].upper()}"

    def of(self, prefix: str, endpoint: str) -> str:
        return f"{prefix}_{self.labels.endpoints[endpoint].upper()}"


def required(estate: Estate, variables: Variables, several: bool) -> list[str]:
    """The lines that say how to run the script and stop it when a variable is not set."""
    if estate.single:
        checks = [
            ("RESOURCE_GROUP", "the resource group of the endpoint"),
            ("SUBNET_ID", "the resource id of the subnet"),
            ("REGISTRY_ID", "the resource id of the registry"),
        ]
        script = filename("azcli", estate)
        run = f"RESOURCE_GROUP=... SUBNET_ID=... REGISTRY_ID=... bash {shlex.quote(script)}"
        how = [comment(f"# Run: {run}")]
    else:
        checks = [
            ("RESOURCE_GROUP", "the resource group of the endpoints"),
            ("REGISTRY_ID", "the resource id of the registry"),
        ]
        for endpoint in estate.endpoints:
            checks += [
                (
                    variables.subnet(endpoint),
                    f"the resource id of the subnet {endpoint.plan.sizing.subnet.cidr} of "
                    f"{endpoint.name}",
                ),
                (
                    str(variables.location(endpoint)),
                    f"the region of the virtual network of {endpoint.name}",
                ),
            ]
        if several:
            checks += [
                (
                    variables.zone_resource_group(zone),
                    f"the resource group of the DNS zone of the zone scope {zone.scope}",
                )
                for zone in new_zones(estate)
            ]
        how = [
            *comment_lines(
                "Run with every variable checked below set in the environment; LABEL is an "
                f"endpoint's name{' (or a zone scope name)' if several else ''} in upper case "
                "with other characters than letters and digits as _, e.g. "
                f"{variables.subnet(estate.endpoints[0])}.",
                "#",
            ),
            *(comment_lines(ZONE_GROUP_NOTE, "#") if several else []),
        ]
    return [
        *how,
        "# Stops at the first failure; after one, run it again: each command looks at what is",
        "# there first and creates only what is still missing.",
        STRICT,
        *(f': "${{{name}:?set {name} to {meaning}}}"' for name, meaning in checks),
        *PRESENT,
    ]


def azure_cli(estate: Estate) -> str:
    variables = Variables(estate)
    several = len(new_zones(estate)) > 1
    lines = ["#!/usr/bin/env bash", *summary(estate, "#"), *required(estate, variables, several)]
    for endpoint in estate.endpoints:
        location = variables.location(endpoint)
        created = create_endpoint(
            endpoint.name,
            GROUP,
            f'"${variables.subnet(endpoint)}"',
            estate.registry.name,
            (
                (allocation.member_name, allocation.ip)
                for allocation in endpoint.plan.allocations
                if allocation.ip is not None
            ),
            f'"${location}"' if location else None,
        )
        lines += ["", *guarded(show_endpoint(endpoint.name, GROUP), created)]
    for zone in estate.zones:
        lines += scope_commands(estate, zone, variables, several)
    return "\n".join(lines) + "\n"


def scope_commands(
    estate: Estate, zone: ZonePlan, variables: Variables, several: bool
) -> list[str]:
    """The az commands of one zone scope, by its DNS mode."""
    deployment = zone.deployment
    lines = []
    if not estate.single:
        lines += ["", f"# Zone scope {zone.scope}: resolves {', '.join(zone.endpoints)}."]
    elif deployment.dns in (DnsMode.NEW_ZONE, DnsMode.EXISTING_ZONE):
        lines.append("")
    zone_rg = GROUP
    if deployment.dns is DnsMode.NEW_ZONE:
        if several:
            zone_rg = in_group(f'"${variables.zone_resource_group(zone)}"')
        lines += new_zone(estate, zone, variables, zone_rg)
    groups = zone_group_commands(estate, zone, zone_rg, several)
    if estate.single:  # a plan's zone group comes before its records
        lines += groups
    if deployment.dns is DnsMode.EXISTING_ZONE:
        zone_rg = in_group(deployment.zone_resource_group, deployment.zone_subscription)
        lines.append(f"# A records in the existing zone {deployment.zone_id}.")
    if deployment.dns is DnsMode.NONE and not estate.single:
        lines.append("# dns=none: no DNS resources; the planned records are the hand-off.")
    if writes_records(zone):
        lines += create_records(zone_rg, zone.zone, zone.records)
    return lines if estate.single else lines + groups


def new_zone(estate: Estate, zone: ZonePlan, variables: Variables, zone_rg: str) -> list[str]:
    """The zone created and linked to the network of each endpoint it resolves."""
    first, *others = linked(estate, zone)
    lines = create_zone(zone_rg, zone.zone, link_name(estate, first), variables.subnet(first))
    for endpoint in others:
        lines += link_network(
            zone_rg, zone.zone, link_name(estate, endpoint), variables.subnet(endpoint)
        )
    return lines


def zone_group_commands(estate: Estate, zone: ZonePlan, zone_rg: str, several: bool) -> list[str]:
    """A zone group on each endpoint of the scope, when Azure writes its records."""
    if not zone_grouped(zone):
        return []
    deployment = zone.deployment
    reference = shlex.quote(deployment.zone_id or zone.zone)
    if not deployment.zone_id and several:  # the new zone is in another resource group
        reference = (
            f'"$(az network private-dns zone show {zone_rg} --name {zone.zone} '
            '--query id --output tsv)"'
        )
    lines = []
    for endpoint in estate.by_scope[zone.scope]:
        lines += create_zone_group(GROUP, endpoint.name, zone.zone, reference)
    return lines
