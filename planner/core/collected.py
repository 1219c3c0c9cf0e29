"""A registry's deployed estate put together from what az printed: the day-two document that
`change` and `drift` take, and the estate document that `plan --estate` takes.

`planner.collect` runs the az commands; this module only reads their outputs (through the
readers of `deployed`), so a test assembles the same documents by hand from the same
outputs. What it reads of them to know what to ask next (the endpoints a registry's
connections name, the zones their DNS zone groups point at, the subscriptions of their
subnets) is here too, so the collector decides nothing on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netaddr.strategy.ipv4 import int_to_str, str_to_int

from planner.core import azure
from planner.core.addresses import InvalidInput, Span, shown, span_text
from planner.core.deployed.endpoints import (
    APPROVED,
    DeployedEndpoint,
    NotApproved,
    read_private_endpoint,
)
from planner.core.deployed.graph import SubnetInventory, endpoint_state, networks_of, read_graph
from planner.core.deployed.places import Unreadable, field, items_of, object_at, pointer, zone_id_of
from planner.core.deployed.registry import read_registry_show, read_replications
from planner.core.deployed.zones import read_zone_groups
from planner.core.estate import Estate
from planner.core.inputs import RESOURCE_GROUP, SUBSCRIPTION_ID, parse_endpoint_name
from planner.core.network import network_document

# A private endpoint's resource id, as a registry's connection names it (ARM resource ids
# compare case-insensitively).
PRIVATE_ENDPOINT_ID = re.compile(
    r"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Network"
    r"/privateEndpoints/([^/]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EndpointReference:
    """A private endpoint that one of the registry's connections names, and where
    `az network private-endpoint show` finds it."""

    resource_id: str
    subscription: str
    resource_group: str
    name: str
    status: str  # the connection's state: Approved, Pending, Rejected, Disconnected

    @property
    def approved(self) -> bool:
        return self.status.lower() == APPROVED


@dataclass(frozen=True)
class ZoneReference:
    """A private DNS zone by its resource id, and where `record-set a list` finds it."""

    zone_id: str
    subscription: str
    resource_group: str
    zone: str  # lower case

    @property
    def key(self) -> str:
        return self.zone_id.lower()


@dataclass(frozen=True)
class CollectedEndpoint:
    reference: EndpointReference
    deployed: Any  # az network private-endpoint show
    zone_groups: Any = None  # az network private-endpoint dns-zone-group list; None: not read


@dataclass(frozen=True)
class CollectedZone:
    reference: ZoneReference
    records: Any  # az network private-dns record-set a list


@dataclass(frozen=True)
class Collected:
    """Every az output collect read, in the order it asked."""

    registry: str
    acr_show: Any  # az acr show
    replications: Any  # az acr replication list
    endpoints: tuple[CollectedEndpoint, ...]
    graph: tuple[Any, ...]  # the pages of az graph query, in order
    zones: tuple[CollectedZone, ...]
    notes: tuple[str, ...] = ()  # what could not be read, and was left out


def read_connections(acr_show: Any) -> tuple[EndpointReference, ...]:
    """The private endpoints of `az acr show`'s `privateEndpointConnections` (the az or the
    REST form: `privateEndpoint.id`, `privateLinkServiceConnectionState.status`), each once,
    in the order listed. Their parts reach az commands: each is checked by Azure's rules."""
    item = object_at(acr_show, (), "the output of az acr show")
    value, at = field(item, "privateEndpointConnections")
    found: dict[str, EndpointReference] = {}
    for index, raw in enumerate(items_of(value or [], at, "privateEndpointConnections")):
        place: tuple[str | int, ...] = (*at, index)
        connection = object_at(raw, place, "a private endpoint connection")
        endpoint, endpoint_at = field(connection, "privateEndpoint")
        endpoint_id = endpoint.get("id") if isinstance(endpoint, dict) else None
        id_at = pointer(*place, *endpoint_at, "id")
        if not isinstance(endpoint_id, str):
            raise Unreadable(id_at, "Expected the private endpoint's resource id.")
        state, _ = field(connection, "privateLinkServiceConnectionState")
        status = state.get("status") if isinstance(state, dict) else None
        reference = endpoint_reference(endpoint_id.strip(), id_at)
        status_text = status.strip()[:40] if isinstance(status, str) else ""
        found.setdefault(
            reference.resource_id.lower(),
            EndpointReference(
                reference.resource_id,
                reference.subscription,
                reference.resource_group,
                reference.name,
                status_text or "unknown",
            ),
        )
    return tuple(found.values())


def endpoint_reference(resource_id: str, place: str) -> EndpointReference:
    matched = PRIVATE_ENDPOINT_ID.fullmatch(resource_id)
    if matched is None:
        raise Unreadable(place, f"{shown(resource_id)!r} is not a private endpoint's resource id.")
    subscription, group, name = matched.groups()
    if not (SUBSCRIPTION_ID.fullmatch(subscription) and RESOURCE_GROUP.fullmatch(group)):
        raise Unreadable(place, f"{shown(resource_id)!r} is not a private endpoint's resource id.")
    try:
        name = parse_endpoint_name(name, "The endpoint's name")
    except InvalidInput as problem:
        raise Unreadable(place, str(problem)) from None
    return EndpointReference(resource_id, subscription.lower(), group, name, "")


def zone_reference(zone_id: str) -> ZoneReference | None:
    found = zone_id_of(zone_id)
    if found is None:
        return None
    parts = found[0].split("/")
    return ZoneReference(found[0], parts[2].lower(), parts[4], found[1])


def endpoint_zones(zone_groups: Any) -> tuple[ZoneReference, ...]:
    """The zones an endpoint's DNS zone groups point at, each once."""
    found: dict[str, ZoneReference] = {}
    for group in read_zone_groups(zone_groups):
        for config in group.configs:
            reference = zone_reference(config.zone_id)
            if reference is not None:
                found.setdefault(reference.key, reference)
    return tuple(found.values())


def registry_zone(zone: str, cloud: azure.Cloud) -> bool:
    """Whether drift can judge a zone's records: the cloud's private zone, or a separate
    zone under it (a misconfiguration drift names)."""
    private_zone = azure.CLOUDS[cloud].private_zone
    return zone == private_zone or zone.endswith("." + private_zone)


def zones_to_read(
    endpoints: Iterable[CollectedEndpoint], cloud: azure.Cloud
) -> tuple[tuple[ZoneReference, ...], tuple[str, ...]]:
    """The zones the endpoints' zone groups point at, in order of first appearance, and a
    note for each zone left out (another service's: not a registry's private zone). An
    endpoint without a zone group is named by the day-two reader: no zone resolves it."""
    found: dict[str, ZoneReference] = {}
    notes: list[str] = []
    for endpoint in endpoints:
        if endpoint.zone_groups is None:
            continue
        for zone in endpoint_zones(endpoint.zone_groups):
            if not registry_zone(zone.zone, cloud):
                notes.append(
                    f"Left out the zone {zone.zone} of {endpoint.reference.name}'s zone group: "
                    f"it is not {azure.CLOUDS[cloud].private_zone}."
                )
                continue
            found.setdefault(zone.key, zone)
    return tuple(found.values()), tuple(dict.fromkeys(notes))


def graph_subscriptions(endpoints: Iterable[CollectedEndpoint]) -> tuple[str, ...]:
    """The subscriptions of the endpoints read: an endpoint's subnet is in its own
    subscription (a private endpoint is created in its virtual network's subscription)."""
    return tuple(dict.fromkeys(endpoint.reference.subscription for endpoint in endpoints))


def zone_scopes(zone_ids: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """A zone scope name per zone (keyed by its id in lower case): the zone's resource group,
    when that is a valid scope name and names no other zone or endpoint, else zone-<n>."""
    used = {name.lower() for name in taken}
    scopes: dict[str, str] = {}
    for number, zone_id in enumerate(dict.fromkeys(z.lower() for z in zone_ids), 1):
        reference = zone_reference(zone_id)
        group = reference.resource_group if reference else ""
        try:
            name = parse_endpoint_name(group, "A zone scope")
        except InvalidInput:
            name = ""
        if not name or name.lower() in used:
            name = f"zone-{number}"
        while name.lower() in used:
            name = f"{name}-{number}"
        used.add(name.lower())
        scopes[zone_id] = name
    return scopes


# --- The day-two document -----------------------------------------------------------------


def day_two_document(collected: Collected) -> dict[str, Any]:
    """The document `change` and `drift` take: every output as az printed it."""
    document: dict[str, Any] = {
        "registry": collected.registry,
        "acr_show": collected.acr_show,
        "replications": collected.replications,
        "endpoints": [
            {"deployed": endpoint.deployed}
            | ({} if endpoint.zone_groups is None else {"zone_groups": endpoint.zone_groups})
            for endpoint in collected.endpoints
        ],
        "graph": list(collected.graph),
        "zones": [
            {"zone_id": zone.reference.zone_id, "records": zone.records} for zone in collected.zones
        ],
    }
    if collected.notes:
        document["notes"] = list(collected.notes)
    return document


# --- The estate document -------------------------------------------------------------------


@dataclass(frozen=True)
class EstateDocument:
    document: dict[str, Any]
    notes: tuple[str, ...]
    # Per endpoint, its deployed members and addresses, to compare with the estate's plan.
    deployed: tuple[DeployedEndpoint, ...]


def collected_estate(collected: Collected) -> EstateDocument:
    """The estate document of the deployed registry: its regions as they are, each endpoint
    by its name, its subnet's prefix, the addresses other resources use there, its zone scope
    (endpoints whose zone groups point at one zone share it) and its zone id and allocation.
    Endpoints whose connection is not approved are left out with a note."""
    shown_registry = read_registry_show(collected.acr_show)
    cloud = shown_registry.cloud or azure.Cloud.PUBLIC
    regions = read_replications(collected.replications, shown_registry.home)
    notes = list(collected.notes)
    inventory = read_graph(list(collected.graph))
    read = approved_endpoints(collected.endpoints, notes)
    own = sorted({str_to_int(m.ip) for _, deployed in read for m in deployed.members})
    zone_of = registry_zones(read, cloud)
    scopes = zone_scopes(
        (z.zone_id for z in zone_of.values() if z is not None),
        (deployed.name for _, deployed in read),
    )
    zones = (zone_of, scopes, azure.CLOUDS[cloud].private_zone)
    entries = estate_entries(read, inventory, own, zones, notes)
    document = {
        "registry": shown_registry.name,
        "cloud": cloud.value,
        "regions": list(regions),
        "regional_endpoints": bool(shown_registry.regional_endpoints),
        "endpoints": entries,
    }
    networks = networks_of(inventory, (deployed.subnet_id for _, deployed in read))
    if networks:
        document["networks"] = [network_document(network) for network in networks]
    return EstateDocument(document, tuple(notes), tuple(deployed for _, deployed in read))


def estate_entries(
    read: list[tuple[CollectedEndpoint, DeployedEndpoint]],
    inventory: tuple[SubnetInventory, ...],
    own: list[int],
    zones: tuple[dict[str, ZoneReference | None], dict[str, str], str],
    notes: list[str],
) -> list[dict[str, Any]]:
    """Each endpoint's entry: rows of one subnet share its addresses in use (listed on the
    first), and endpoints whose zone groups point at one zone share its zone scope (`zones`:
    each endpoint's zone, the scope of each zone, the registry's private zone)."""
    zone_of, scopes, private_zone = zones
    first_in_scope: dict[str, dict[str, Any]] = {}
    listed: set[str] = set()  # subnets whose addresses in use an earlier row lists
    entries: list[dict[str, Any]] = []
    for _, deployed in read:
        entry, shortfall = estate_entry(deployed, inventory, own)
        if entry["subnet"] in listed:
            entry["in_use"] = []
        listed.add(entry["subnet"])
        if shortfall and shortfall not in notes:
            notes.append(shortfall)
        zone = zone_of.get(deployed.name)
        if zone is not None and zone.zone == private_zone:
            entry |= {"dns": "zone-group", "zone_id": zone.zone_id}
        else:
            entry["dns"] = "none"
        scope = scopes[zone.key] if zone is not None else deployed.name
        first = first_in_scope.setdefault(scope, entry)
        entry["zone_scope"] = scope_of(entry, first, scope, notes)
        entries.append(entry)
    return entries


def approved_endpoints(
    endpoints: Iterable[CollectedEndpoint], notes: list[str]
) -> list[tuple[CollectedEndpoint, DeployedEndpoint]]:
    """The endpoints read; those whose connection is not approved are left out with a note."""
    read = []
    for endpoint in endpoints:
        try:
            read.append((endpoint, read_private_endpoint(endpoint.deployed)))
        except NotApproved as left_out:
            notes.append(left_out.note)
    return read


def registry_zones(
    read: list[tuple[CollectedEndpoint, DeployedEndpoint]], cloud: azure.Cloud
) -> dict[str, ZoneReference | None]:
    """Each endpoint's zone of the registry's records, as its zone groups point at it."""
    return {
        endpoint.reference.name: next(
            (z for z in endpoint_zones(endpoint.zone_groups) if registry_zone(z.zone, cloud)),
            None,
        )
        for endpoint, _ in read
        if endpoint.zone_groups is not None
    }


def scope_of(entry: dict[str, Any], first: dict[str, Any], scope: str, notes: list[str]) -> str:
    """The entry's zone scope: its zone's, unless its allocation differs from the first
    endpoint's there (an estate's zone scope has one deployment: the second gets its own)."""
    if first is entry or first["allocation"] == entry["allocation"]:
        return scope
    notes.append(
        f"{entry['name']} ({entry['allocation']}) shares a zone with {first['name']} "
        f"({first['allocation']}); an estate plans one allocation per zone scope, so "
        f"{entry['name']} is planned in a zone scope of its own."
    )
    return str(entry["name"])


def estate_entry(
    deployed: DeployedEndpoint, inventory: tuple[SubnetInventory, ...], own: list[int]
) -> tuple[dict[str, Any], str]:
    """One endpoint of the estate document: its subnet as the graph lists it, and the
    addresses used there by anything but the registry's endpoints (whose addresses the
    estate plans); and what the graph may have missed there."""
    try:
        state = endpoint_state(inventory, deployed)
    except Unreadable as problem:
        raise Unreadable(problem.place, f"{deployed.name}: {problem}") from None
    in_use = without(state.used, own)
    return {
        "name": deployed.name,
        "subnet": str(state.cidr),
        "in_use": [span_text(span) for span in in_use],
        "allocation": "static" if deployed.static else "dynamic",
    }, state.shortfall


def without(spans: tuple[Span, ...], values: list[int]) -> tuple[Span, ...]:
    """Sorted, merged spans without the sorted addresses `values`."""
    result: list[Span] = []
    for span in spans:
        first = span.first
        for value in values[bisect_left(values, span.first) : bisect_right(values, span.last)]:
            if value > first:
                result.append(Span(first, value - 1))
            first = value + 1
        if first <= span.last:
            result.append(Span(first, span.last))
    return tuple(result)


def allocation_differences(
    planned: Estate, deployed: tuple[DeployedEndpoint, ...]
) -> tuple[str, ...]:
    """Where the estate's plan of a static endpoint gives a member another address than the
    deployed one: the plan gives the lowest free addresses, Azure kept what it was given.
    The counts (fits, headroom, what a new replica needs) are the same either way."""
    notes = []
    by_name = {endpoint.name: endpoint for endpoint in deployed}
    for endpoint in planned.endpoints:
        found = by_name.get(endpoint.name)
        if found is None:
            continue
        held = {member.member_name: member.ip for member in found.members}
        moved = [
            f"{allocation.member_name} {int_to_str(allocation.address)} (deployed "
            f"{held[allocation.member_name]})"
            for allocation in endpoint.plan.allocations
            if allocation.address is not None
            and allocation.member_name in held
            and int_to_str(allocation.address) != held[allocation.member_name]
        ]
        if moved:
            notes.append(
                f"{endpoint.name}: the estate plans {', '.join(moved)}. Its counts (fits, "
                "headroom) hold for the deployed endpoint; its exports' addresses do not."
            )
    return tuple(notes)
