"""An estate's private endpoints and private DNS zones as Terraform (azurerm)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from planner.core import azure
from planner.core.estate import EndpointPlan, Estate
from planner.core.model import Deployment, DnsMode, Plan, Record
from planner.core.quoting import hcl
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
    return hcl_block(f"variable {hcl(name)}", [("type", kind), ("description", hcl(description))])


def hcl_vnet_id(subnet_id: str) -> str:
    """The virtual network's id: the subnet's id without its last two segments."""
    return f'regex("^(.+)/subnets/[^/]+$", {subnet_id})[0]'


def hcl_zone_group(zone_ids: str) -> list[str]:
    """A private_dns_zone_group block: Azure writes the endpoint's records in the zones."""
    return hcl_block(
        "private_dns_zone_group",
        [("name", hcl(azure.ZONE_GROUP_NAME)), ("private_dns_zone_ids", f"[{zone_ids}]")],
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
    dynamic allocation), and a private DNS zone group for the zone `zone_id` when given. With
    dns=none, zone groups are someone else's (often Azure Policy's): azurerm removes a zone
    group that is not in the configuration on every apply (`needToRemove := newDnsZoneName ==
    ""` in the provider's private_endpoint_resource.go), so the endpoint ignores them."""
    connection = hcl_block(
        "private_service_connection",
        [
            ("name", hcl(plan.registry.name)),
            ("private_connection_resource_id", "var.registry_id"),
            ("subresource_names", f"[{hcl(REGISTRY.group_id)}]"),
            ("is_manual_connection", "false"),
        ],
    )[:-1]
    configurations = [
        hcl_block(
            "ip_configuration",
            [
                ("name", hcl(allocation.member_name)),
                ("private_ip_address", hcl(str(allocation.ip))),
                ("subresource_name", hcl(REGISTRY.group_id)),
                ("member_name", hcl(allocation.member_name)),
            ],
        )[:-1]
        for allocation in plan.allocations
        if allocation.ip is not None
    ]
    return hcl_block(
        f'resource "azurerm_private_endpoint" {hcl(label)}',
        [
            ("name", hcl(name)),
            ("location", location),
            ("resource_group_name", group),
            ("subnet_id", subnet_id),
        ],
        connection,
        *([hcl_zone_group(zone_id)] if zone_id else []),
        *configurations,
        *([IGNORE_ZONE_GROUPS] if plan.deployment.dns is DnsMode.NONE else []),
    )


IGNORE_ZONE_GROUPS = [
    "# dns=none: keep a zone group added outside Terraform (e.g. by Azure Policy).",
    "lifecycle {",
    "  ignore_changes = [private_dns_zone_group]",
    "}",
]


def hcl_a_record(label: str, record: Record, zone: str, group: str) -> list[str]:
    return hcl_block(
        f'resource "azurerm_private_dns_a_record" {hcl(label)}',
        [
            ("name", hcl(record.name)),
            ("zone_name", zone),
            ("resource_group_name", group),
            ("ttl", str(record.ttl)),
            ("records", f"[{hcl(str(record.value))}]"),
        ],
    )


def existing_zone_note(deployment: Deployment, comment: str) -> list[str]:
    return comment_lines(
        f"The zone is in the subscription {deployment.zone_subscription}: where that is not "
        "the one the endpoint is deployed in, write these records with credentials (a "
        "provider) for it.",
        comment,
    )


def variables(estate: Estate) -> list[str]:
    """What the file asks for: a single plan's four values, or an estate's maps by endpoint
    name (and by zone scope, with several new zones)."""
    creates_zone = bool(new_zones(estate))
    if estate.single:
        plan = estate.endpoints[0].plan
        return [
            "# Set the four variables (e.g. in a .tfvars file); the rest comes from the plan.",
            "",
            *hcl_variable(
                "resource_group_name",
                "Resource group of the endpoint" + (" and the DNS zone." if creates_zone else "."),
            ),
            *hcl_variable("location", "Region of the virtual network that holds the subnet."),
            *hcl_variable("subnet_id", f"Resource id of the subnet {plan.sizing.subnet.cidr}."),
            *hcl_variable(
                "registry_id", f"Resource id of the container registry {estate.registry.name}."
            ),
        ]
    several = len(new_zones(estate)) > 1
    lines = [
        "# Set the variables (e.g. in a .tfvars file); subnet_ids and locations are keyed by",
        "# endpoint name"
        + (", zone_resource_group_names by zone scope." if several else ".")
        + " The rest comes from the plan.",
        "",
        *hcl_variable(
            "resource_group_name",
            "Resource group of the private endpoints"
            + ("." if several or not creates_zone else " and the DNS zone."),
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
    return lines


def apply_order(estate: Estate) -> list[str]:
    """With static addresses: adding a replica later takes three applies, replica first."""
    if not any(endpoint.plan.deployment.static for endpoint in estate.endpoints):
        return []
    steps = "; ".join(f"({n}) {step}" for n, step in enumerate(azure.TERRAFORM_APPLIES, 1))
    return comment_lines(f"Adding a replica later takes three applies, in order: {steps}.", "#")


def inputs(estate: Estate) -> tuple[Callable[[EndpointPlan], str], Callable[[EndpointPlan], str]]:
    """The expressions of an endpoint's subnet id and region."""
    if estate.single:
        return (lambda _: "var.subnet_id"), (lambda _: "var.location")
    return (lambda e: f"var.subnet_ids[{hcl(e.name)}]"), (lambda e: f"var.locations[{hcl(e.name)}]")


def settings(cloud: azure.Cloud) -> list[str]:
    """What makes the file a root module of its own (`terraform init && terraform apply`): the
    Terraform and azurerm it needs, and the provider's block (in the registry's cloud). As a
    module called from another, the provider block goes: the caller configures azurerm."""
    environment = azure.AZURERM_ENVIRONMENT[cloud]
    return [
        "",
        "terraform {",
        f"  required_version = {hcl(azure.TERRAFORM_VERSION)}",
        "",
        "  required_providers {",
        "    azurerm = {",
        f"      source  = {hcl(azure.AZURERM_SOURCE)}",
        f"      version = {hcl(azure.AZURERM_VERSION)}",
        "    }",
        "  }",
        "}",
        "",
        "# azurerm 4 takes the subscription from ARM_SUBSCRIPTION_ID. Used as a module instead,",
        "# leave this block out: the calling module configures the provider.",
        'provider "azurerm" {',
        "  features {}",
        *([] if cloud is azure.Cloud.PUBLIC else ["", f"  environment = {hcl(environment)}"]),
        "}",
        "",
    ]


def terraform(estate: Estate) -> str:
    labels = Labels.of(estate)
    several = len(new_zones(estate)) > 1
    group = "var.resource_group_name"
    subnet_id, location = inputs(estate)
    lines = [*summary(estate, "#"), *apply_order(estate), *settings(estate.registry.cloud)]
    lines += variables(estate)
    for endpoint in estate.endpoints:
        zone = scope_of(estate, endpoint)
        zone_id = ""
        if zone_grouped(zone):
            zone_id = (
                hcl(zone.deployment.zone_id)
                if zone.deployment.zone_id
                else f"azurerm_private_dns_zone.{labels.scopes[zone.scope]}.id"
            )
        lines += hcl_endpoint(
            labels.endpoints[endpoint.name],
            endpoint.name,
            location(endpoint),
            group,
            subnet_id(endpoint),
            endpoint.plan,
            zone_id,
        )
    for zone in estate.zones:
        label = labels.scopes[zone.scope]
        zone_rg = f"var.zone_resource_group_names[{hcl(zone.scope)}]" if several else group
        zone_name = f"azurerm_private_dns_zone.{label}.name"
        if zone.deployment.dns is DnsMode.EXISTING_ZONE:
            zone_rg, zone_name = hcl(zone.deployment.zone_resource_group), hcl(zone.zone)
            lines += [*existing_zone_note(zone.deployment, "#"), ""]
        if zone.deployment.dns is DnsMode.NEW_ZONE:
            lines += hcl_block(
                f'resource "azurerm_private_dns_zone" {hcl(label)}',
                [("name", hcl(zone.zone)), ("resource_group_name", zone_rg)],
            )
            for endpoint in linked(estate, zone):
                lines += hcl_block(
                    'resource "azurerm_private_dns_zone_virtual_network_link" '
                    + hcl(labels.links[zone.scope, endpoint.name]),
                    [
                        ("name", hcl(link_name(estate, endpoint))),
                        ("resource_group_name", zone_rg),
                        ("private_dns_zone_name", zone_name),
                        ("virtual_network_id", hcl_vnet_id(subnet_id(endpoint))),
                    ],
                )
        if writes_records(zone):
            for record in zone.records:
                label = labels.records[zone.scope, record.name]
                lines += hcl_a_record(label, record, zone_name, zone_rg)
    return "\n".join(lines[:-1]) + "\n"
