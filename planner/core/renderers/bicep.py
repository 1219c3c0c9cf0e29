"""An estate's private endpoints and private DNS zones as Bicep.

A Bicep file deploys into one resource group. When everything goes in one, the file is
deployed once. Otherwise it is deployed once for the endpoints and once per zone scope into
that scope's resource group, a parameter choosing what each deployment holds: a single
plan's `part` (endpoint, records), an estate's `zoneScope`.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.core import azure
from planner.core.commands import in_group
from planner.core.estate import EndpointPlan, Estate, ZonePlan
from planner.core.model import Allocation, DnsMode, Plan, Record
from planner.core.quoting import bicep as quoted
from planner.core.quoting import one_line, shell
from planner.core.renderers.files import filename as file_of
from planner.core.renderers.infrastructure import (
    ZONE_GROUP_NOTE,
    Labels,
    comment_lines,
    link_name,
    linked,
    new_zones,
    scope_of,
    summary,
    writes_records,
    zone_grouped,
)
from planner.core.services import REGISTRY


def bicep_resource(symbol: str, kind: str, condition: str = "") -> str:
    """A resource's first line; `condition` deploys it only when true."""
    return f"resource {symbol} {quoted(kind)} = {f'if ({condition}) ' if condition else ''}{{"


def bicep_endpoint(
    symbol: str, name: str, location: str, subnet_id: str, plan: Plan, condition: str = ""
) -> list[str]:
    """A private endpoint with a static IP configuration for every member (none with dynamic
    allocation)."""
    lines = [
        bicep_resource(symbol, azure.PRIVATE_ENDPOINT_TYPE, condition),
        f"  name: {quoted(name)}",
        f"  location: {location}",
        "  properties: {",
        "    subnet: {",
        f"      id: {subnet_id}",
        "    }",
        "    privateLinkServiceConnections: [",
        "      {",
        f"        name: {quoted(plan.registry.name)}",
        "        properties: {",
        "          privateLinkServiceId: registryId",
        "          groupIds: [",
        f"            {quoted(REGISTRY.group_id)}",
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
        f"  name: {quoted(azure.ZONE_GROUP_NAME)}",
        "  properties: {",
        "    privateDnsZoneConfigs: [",
        "      {",
        f"        name: {quoted(azure.zone_configuration_name(zone))}",
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
        f"resource {symbol} {quoted(azure.PRIVATE_DNS_ZONE_TYPE)} existing = {{",
        f"  name: {quoted(zone)}",
        "}",
    ]


def bicep_ip_configuration(allocation: Allocation) -> list[str]:
    return [
        "      {",
        f"        name: {quoted(allocation.member_name)}",
        "        properties: {",
        f"          groupId: {quoted(REGISTRY.group_id)}",
        f"          memberName: {quoted(allocation.member_name)}",
        f"          privateIPAddress: {quoted(str(allocation.ip))}",
        "        }",
        "      }",
    ]


def bicep_zone(symbol: str, zone: str, condition: str = "") -> list[str]:
    return [
        bicep_resource(symbol, azure.PRIVATE_DNS_ZONE_TYPE, condition),
        f"  name: {quoted(zone)}",
        "  location: 'global'",
        "}",
    ]


def bicep_link(symbol: str, zone: str, name: str, subnet_id: str, condition: str = "") -> list[str]:
    """Links the zone to the virtual network of the subnet `subnet_id`."""
    kind = azure.ZONE_LINK_TYPE
    return [
        bicep_resource(symbol, kind, condition),
        f"  parent: {zone}",
        f"  name: {quoted(name)}",
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
        f"  name: {quoted(record.name)}",
        "  properties: {",
        f"    ttl: {record.ttl}",
        "    aRecords: [",
        "      {",
        f"        ipv4Address: {quoted(str(record.value))}",
        "      }",
        "    ]",
        "  }",
        "}",
    ]


def deployed_apart(estate: Estate) -> tuple[ZonePlan, ...]:
    """The zone scopes deployed into a resource group of their own: every new zone when there
    are several, and the records of every existing zone."""
    apart = len(new_zones(estate)) > 1
    return tuple(
        zone
        for zone in estate.zones
        if (apart and zone.deployment.dns is DnsMode.NEW_ZONE)
        or zone.deployment.dns is DnsMode.EXISTING_ZONE
    )


def single_head(estate: Estate, apart: bool) -> list[str]:
    """How a single plan's file is deployed, and its parameters: once; with existing-zone, a
    second time (part=records) into the zone's resource group."""
    endpoint = estate.endpoints[0]
    deployment, filename = endpoint.plan.deployment, one_line(shell(file_of("bicep", estate)))
    lines = [
        f"// Deploy: az deployment group create --resource-group=<resource-group> "
        f"--template-file {filename}",
        "//   --parameters subnetId=<subnet-resource-id> registryId=<registry-resource-id>",
    ]
    if apart:
        lines += [
            "// then the A records into the existing zone's resource group:",
            "//   az deployment group create "
            + one_line(in_group(deployment.zone_resource_group, deployment.zone_subscription)),
            f"//   --template-file {filename} --parameters ... part=records",
        ]
    lines += [
        "",
        f"@description({quoted(f'Resource id of the subnet {endpoint.plan.sizing.subnet.cidr}.')})",
        "param subnetId string",
        "",
        f"@description({quoted(f'Resource id of the container registry {estate.registry.name}.')})",
        "param registryId string",
        "",
        "@description('Region of the virtual network that holds the subnet.')",
        "param location string = resourceGroup().location",
    ]
    if apart:
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
    return lines


def estate_head(estate: Estate, apart: tuple[ZonePlan, ...]) -> list[str]:
    """How an estate's file is deployed, and its parameters, keyed by endpoint name."""
    filename = one_line(shell(file_of("bicep", estate)))
    lines = [
        f"// Deploy: az deployment group create --resource-group=<resource-group> "
        f"--template-file {filename}",
        "//   --parameters registryId=<registry-resource-id> subnetIds=<object> locations=<object>",
        "// subnetIds and locations are objects keyed by endpoint name.",
    ]
    if apart:
        if len(new_zones(estate)) > 1:
            lines += comment_lines(ZONE_GROUP_NOTE, "//")
        lines.append(
            "// Deploy the endpoints as above, then each zone scope into its resource group:"
        )
        for zone in apart:
            target = (
                one_line(
                    in_group(zone.deployment.zone_resource_group, zone.deployment.zone_subscription)
                )
                if zone.deployment.dns is DnsMode.EXISTING_ZONE
                else f"--resource-group=<zone-group-{zone.scope}>"
            )
            lines.append(
                f"//   az deployment group create {target} "
                f"--template-file {filename} --parameters ... zoneScope={zone.scope}"
            )
    lines += [
        "",
        f"@description({quoted(f'Resource id of the container registry {estate.registry.name}.')})",
        "param registryId string",
        "",
        "@description('Resource id of the subnet of each endpoint, by endpoint name.')",
        "param subnetIds object",
        "",
        "@description('Region of the virtual network of each endpoint, by endpoint name.')",
        "param locations object",
    ]
    if apart:
        lines += [
            "",
            "@description('Empty: deploy the private endpoints; a zone scope: deploy its zone.')",
            "@allowed([",
            "  ''",
            *(f"  {quoted(zone.scope)}" for zone in apart),
            "])",
            "param zoneScope string = ''",
        ]
    if any(zone_grouped(zone) for zone in apart):
        lines += [
            "",
            "@description('Resource group of each new zone that zone groups name, by zone scope.')",
            "param zoneResourceGroups object",
        ]
    return lines


class Symbols:
    """The file's symbolic names and the expressions of each endpoint's inputs: a single
    plan's (privateEndpoint, subnetId...) or an estate's, by label and endpoint name."""

    def __init__(self, estate: Estate, apart: tuple[ZonePlan, ...]) -> None:
        self.labels, self.single, self.apart = Labels.of(estate), estate.single, apart
        self.apart_scopes = {zone.scope for zone in apart}

    def endpoint(self, endpoint: EndpointPlan) -> str:
        return (
            "privateEndpoint" if self.single else f"endpoint_{self.labels.endpoints[endpoint.name]}"
        )

    def zone_group(self, endpoint: EndpointPlan) -> str:
        return "zoneGroup" if self.single else f"zoneGroup_{self.labels.endpoints[endpoint.name]}"

    def zone(self, zone: ZonePlan) -> str:
        return "privateZone" if self.single else f"zone_{self.labels.scopes[zone.scope]}"

    def link(self, zone: ZonePlan, endpoint: EndpointPlan) -> str:
        return "zoneLink" if self.single else f"link_{self.labels.links[zone.scope, endpoint.name]}"

    def record(self, zone: ZonePlan, record: Record) -> str:
        return f"record_{self.labels.records[zone.scope, record.name]}"

    def subnet_id(self, endpoint: EndpointPlan) -> str:
        return "subnetId" if self.single else f"subnetIds[{quoted(endpoint.name)}]"

    def location(self, endpoint: EndpointPlan) -> str:
        return "location" if self.single else f"locations[{quoted(endpoint.name)}]"

    def endpoints_only(self) -> str:
        """The condition of the endpoints' deployment, when the file is deployed more than once."""
        if not self.apart:
            return ""
        return "part == 'endpoint'" if self.single else "empty(zoneScope)"

    def scope_only(self, zone: ZonePlan) -> str:
        """The condition of the zone scope's deployment, when it is deployed apart."""
        if zone.scope not in self.apart_scopes:
            return ""
        return "part == 'records'" if self.single else f"zoneScope == {quoted(zone.scope)}"


def zone_group_target(zone: ZonePlan, symbols: Symbols) -> str:
    """The zone id expression a zone group names: an existing zone's id, the new zone the file
    creates, or (deployed apart) that zone in its own resource group."""
    if zone.deployment.zone_id:
        return quoted(zone.deployment.zone_id)
    if zone.scope in symbols.apart_scopes:
        return (
            f"resourceId(zoneResourceGroups[{quoted(zone.scope)}], "
            f"{quoted(azure.PRIVATE_DNS_ZONE_TYPE.split('@')[0])}, {quoted(zone.zone)})"
        )
    return f"{symbols.zone(zone)}.id"


def zone_groups(endpoints: Iterable[EndpointPlan], zone: ZonePlan, symbols: Symbols) -> list[str]:
    """A zone group on each of `endpoints` when their scope has Azure write the records."""
    if not zone_grouped(zone):
        return []
    lines: list[str] = []
    for endpoint in endpoints:
        lines += [
            "",
            *bicep_zone_group(
                symbols.zone_group(endpoint),
                symbols.endpoint(endpoint),
                zone_group_target(zone, symbols),
                zone.zone,
                symbols.endpoints_only(),
            ),
        ]
    return lines


def bicep(estate: Estate) -> str:
    apart = deployed_apart(estate)
    symbols = Symbols(estate, apart)
    head = single_head(estate, bool(apart)) if estate.single else estate_head(estate, apart)
    lines = [*summary(estate, "//"), *head]
    for endpoint in estate.endpoints:
        lines += [
            "",
            *bicep_endpoint(
                symbols.endpoint(endpoint),
                endpoint.name,
                symbols.location(endpoint),
                symbols.subnet_id(endpoint),
                endpoint.plan,
                symbols.endpoints_only(),
            ),
        ]
        if not estate.single:  # an estate's zone groups follow their endpoints
            lines += zone_groups([endpoint], scope_of(estate, endpoint), symbols)[:None]
    for zone in estate.zones:
        condition, symbol = symbols.scope_only(zone), symbols.zone(zone)
        if zone.deployment.dns is DnsMode.EXISTING_ZONE and not estate.single:
            lines += ["", *bicep_existing_zone(symbol, zone.zone)]
        if zone.deployment.dns is DnsMode.NEW_ZONE:
            lines += ["", *bicep_zone(symbol, zone.zone, condition)]
            for endpoint in linked(estate, zone):
                lines += [
                    "",
                    *bicep_link(
                        symbols.link(zone, endpoint),
                        symbol,
                        link_name(estate, endpoint),
                        symbols.subnet_id(endpoint),
                        condition,
                    ),
                ]
        if estate.single:  # a plan's zone group follows its zone
            lines += zone_groups(estate.endpoints, zone, symbols)
            if zone.deployment.dns is DnsMode.EXISTING_ZONE:
                lines += ["", *bicep_existing_zone(symbol, zone.zone)]
        if writes_records(zone):
            for record in zone.records:
                lines += [
                    "",
                    *bicep_a_record(symbols.record(zone, record), symbol, record, condition),
                ]
    return "\n".join(lines) + "\n"
