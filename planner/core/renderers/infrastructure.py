"""What the Terraform, Bicep and az CLI renderers share: the header comments, the labels of
an estate's resources, and which DNS resources each zone scope gets.

Each of the three renders an estate: every endpoint is its own resource, with a static IP
configuration for every member (Azure rejects a static-IP endpoint that misses one; none with
dynamic allocation). Every zone scope follows its endpoints' DNS mode (the same for all of
them): `new-zone` is one private DNS zone holding its records, linked once to the virtual
network of each subnet its endpoints sit in (with dynamic addresses, a zone group on each
endpoint writes them); `existing-zone` writes the records into the zone its id names;
`zone-group` puts a zone group on each endpoint; `none` creates nothing. What the planner
cannot know is left to fill in: the resource group, the subnets' and the registry's resource
ids (and the regions of the networks). A single plan (an estate of one asked as a plan) names
them as one endpoint's: `subnet_id` rather than `subnet_ids["name"]`.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from planner.core import azure
from planner.core.azure import STATIC_IP_WARNING
from planner.core.estate import EndpointPlan, Estate, ZonePlan
from planner.core.model import Deployment, DnsMode, Registry
from planner.core.quoting import one_line
from planner.core.sizing import DYNAMIC_ADDRESSES_NOTE


def comment_lines(text: str, comment: str) -> list[str]:
    """`text` wrapped in comment lines; a resource id is never broken."""
    wrapped = textwrap.wrap(one_line(text), 88, break_long_words=False, break_on_hyphens=False)
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


def regional_endpoints_note(registry: Registry, comment: str) -> list[str]:
    """How regional endpoints are enabled, which no azurerm or Bicep setting does."""
    if not registry.regional_endpoints:
        return []
    how = azure.ENABLE_REGIONAL_ENDPOINTS_HOW.format(registry=registry.name)
    return comment_lines(
        f"Regional endpoints are enabled on the registry, not by this file: {how}.", comment
    )


def regional_records_note(estate: Estate, comment: str) -> list[str]:
    """Where the file writes regional endpoints' records: their private name is inferred."""
    if not estate.registry.regional_endpoints or not any(map(writes_records, estate.zones)):
        return []
    return comment_lines(azure.REGIONAL_RECORD_INFERRED, comment)


def summary(estate: Estate, comment: str) -> list[str]:
    """What the file holds, the static-IP warning (or the dynamic-address note) and how
    regional endpoints are enabled, as `comment` lines."""
    if estate.single:
        return [
            *single_summary(estate.endpoints[0], comment),
            *regional_records_note(estate, comment),
        ]
    deployments = [endpoint.plan.deployment for endpoint in estate.endpoints]
    about = estate_about(estate, all(deployment.default for deployment in deployments))
    static = any(deployment.static for deployment in deployments)
    lines = header_comment(about, comment, static)
    if static and not all(deployment.static for deployment in deployments):
        lines += header_comment("", comment, static=False)
    return [
        *lines,
        *regional_endpoints_note(estate.registry, comment),
        *regional_records_note(estate, comment),
    ]


def estate_about(estate: Estate, default: bool) -> str:
    """What an estate's file holds, in one paragraph: by zone scope unless every endpoint has
    the `default` deployment."""
    members = estate.required_ips_per_endpoint
    if default:
        scopes = ", ".join(zone.scope for zone in estate.zones)
        return (
            f"{len(estate.endpoints)} private endpoint(s) to the registry {estate.login_server}, "
            f"each with a static IP for each of its {members} members, "
            f"and {len(estate.zones)} private DNS zone(s) {estate.zone}, one per zone scope "
            f"({scopes}), with their A records (TTL {azure.RECORD_TTL}), each linked to the "
            "virtual networks of its endpoints' subnets."
        )
    return " ".join(
        [
            f"{len(estate.endpoints)} private endpoint(s) to the registry {estate.login_server}.",
            *(
                f"Zone scope {zone.scope} ({', '.join(zone.endpoints)}): each endpoint with "
                f"{addresses_said(zone.deployment, members)}, and "
                f"{records_said(zone.deployment, zone.zone)}."
                for zone in estate.zones
            ),
        ]
    )


def single_summary(endpoint: EndpointPlan, comment: str) -> list[str]:
    plan = endpoint.plan
    deployment = plan.deployment
    about = (
        f"Private endpoint for the registry {plan.login_server} with "
        f"{addresses_said(deployment, len(plan.allocations))}, and "
        f"{records_said(deployment, plan.zone)}, in the subnet {plan.sizing.subnet.cidr}."
    )
    return [
        *header_comment(about, comment, deployment.static),
        *regional_endpoints_note(plan.registry, comment),
    ]


def resource_labels(names: Sequence[str]) -> dict[str, str]:
    """A label for each name, fit for a Terraform or Bicep identifier and, in upper case, a
    shell variable: lower-case letters, digits and underscores, starting with a letter or an
    underscore. Names that give the same label get `_2`, `_3`... in order; a label that some
    name gives by itself is never handed out as another's suffixed one. Linear in the names:
    each base remembers the last number it handed out (the ones before are taken for good)."""
    bases = [re.sub(r"[^a-z0-9_]", "_", name.lower()) for name in names]
    bases = [f"_{base}" if not base[:1].isalpha() and base[:1] != "_" else base for base in bases]
    natural = set(bases)
    taken: set[str] = set()
    last: dict[str, int] = defaultdict(lambda: 1)
    labels: dict[str, str] = {}
    for name, base in zip(names, bases, strict=True):
        label, number = base, last[base]
        if number > 1 or label in taken:
            while True:
                number += 1
                label = f"{base}_{number}"
                if label not in taken and label not in natural:
                    break
        last[base] = number
        taken.add(label)
        labels[name] = label
    return labels


@dataclass(frozen=True)
class Labels:
    """The estate's resource labels: each endpoint, zone scope, virtual network link and record.
    A single plan's are the names it always had: `registry`, and each record's member name."""

    endpoints: dict[str, str]
    scopes: dict[str, str]
    links: dict[tuple[str, str], str]  # (scope, endpoint)
    records: dict[tuple[str, str], str]  # (scope, record name)

    @classmethod
    def of(cls, estate: Estate) -> Labels:
        if estate.single:
            (endpoint,), (zone,) = estate.endpoints, estate.zones
            return cls(
                {endpoint.name: "registry"},
                {zone.scope: "registry"},
                {(zone.scope, endpoint.name): "registry"},
                {(zone.scope, a.record): a.member_name for a in endpoint.plan.allocations},
            )
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
    for endpoint in estate.by_scope[zone.scope]:
        subnets.setdefault(str(endpoint.plan.sizing.subnet.cidr), endpoint)
    return tuple(subnets.values())


def link_name(estate: Estate, endpoint: EndpointPlan) -> str:
    """A virtual network link's name: the endpoint's (a single plan's: the registry's)."""
    return estate.registry.name if estate.single else endpoint.name


ZONE_GROUP_NOTE = (
    "Azure refuses two private DNS zones of one name in one resource group: each zone scope's "
    "zone goes in a resource group of its own."
)


def new_zones(estate: Estate) -> tuple[ZonePlan, ...]:
    """The zone scopes whose private DNS zone the file creates."""
    return tuple(zone for zone in estate.zones if zone.deployment.dns is DnsMode.NEW_ZONE)


def scope_of(estate: Estate, endpoint: EndpointPlan) -> ZonePlan:
    return estate.zone_of[endpoint.zone_scope]


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
