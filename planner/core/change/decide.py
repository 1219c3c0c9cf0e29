"""What happens to each endpoint and its members, and why: `change()` decides a whole change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import Span, Subnet, merge
from planner.core.change.records import zone_differences
from planner.core.change.steps import downtime, runbook
from planner.core.change.values import (
    Change,
    ChangeRequest,
    EndpointChange,
    EndpointState,
    MemberChange,
    Path,
    RecordWriter,
    Status,
)
from planner.core.deployed.endpoints import DeployedEndpoint
from planner.core.deployed.places import inside
from planner.core.deployed.zones import DeployedZone, DeployedZoneGroup, ZoneConfig
from planner.core.model import Allocation, Registry
from planner.core.plan import member as member_of
from planner.core.plan import members
from planner.core.services import REGISTRY, Kind, Member


def inferred_regions(endpoints: tuple[EndpointState, ...]) -> tuple[tuple[str, ...], bool]:
    """The registry's regions and regional endpoints as the endpoints' members show them."""
    regions: dict[str, None] = {}
    regional = False
    for endpoint in endpoints:
        for member in endpoint.deployed.members:
            found = REGISTRY.member_kind(member.member_name)
            if found and found[1]:
                regions[found[1]] = None
                regional = regional or found[0] is Kind.REGIONAL_ENDPOINT
    return tuple(regions), regional


def registry_now(request: ChangeRequest) -> Registry:
    """The registry as it is: as az showed it where given, else as the members show it."""
    regions, regional = inferred_regions(request.endpoints)
    if request.replicas is not None:
        regions = request.replicas
    if request.regional_now is not None:
        regional = request.regional_now
    return replace(request.registry, regions=regions, regional_endpoints=regional)


def free_addresses(request: ChangeRequest) -> dict[str, Subnet]:
    """Each subnet with everything used in it: what its endpoints' inputs say is used, and
    every current member's address (they are never given again). Endpoints sharing a subnet
    filled from one graph carry the same spans: each distinct set is merged once."""
    used: dict[str, list[Span]] = defaultdict(list)
    seen: dict[str, list[tuple[Span, ...]]] = defaultdict(list)
    cidrs = {}
    for endpoint in request.endpoints:
        key = str(endpoint.subnet.cidr)
        cidrs[key] = endpoint.subnet.cidr
        spans = endpoint.subnet.used
        if not any(spans is other or spans == other for other in seen[key]):
            seen[key].append(spans)
            used[key] += spans
        used[key] += [
            Span(value, value)
            for member in endpoint.deployed.members
            if inside(value := str_to_int(member.ip), endpoint.subnet.cidr)
        ]
    return {key: Subnet(cidrs[key], merge(spans)) for key, spans in used.items()}


@dataclass(frozen=True)
class Writers:
    """Who wrote an endpoint's records (see `writers`)."""

    kind: RecordWriter
    groups: tuple[DeployedZoneGroup, ...]
    lost: frozenset[str]  # the records Azure deletes with the endpoint
    inferred: bool  # the group is known only from the records' metadata.creator

    def said(self) -> dict[str, Any]:
        """As an endpoint's change says it."""
        return {
            "records_by": self.kind,
            "zone_groups": self.groups,
            "records_lost": tuple(sorted(self.lost)),
            "zone_group_inferred": self.inferred,
        }


def writers(state: EndpointState, zone: DeployedZone | None, private_zone: str) -> Writers:
    """Who wrote the endpoint's records: its zone groups (given, or known from the records'
    metadata.creator), someone by hand, or unknown."""
    name = state.deployed.name.lower()
    created = frozenset(r.name for r in zone.records if r.creator == name) if zone else frozenset()
    if state.zone_groups is not None:
        written = {
            record
            for group in state.zone_groups
            for config in group.configs
            if config.zone == private_zone
            for record in config.records
        }
        kind = RecordWriter.ZONE_GROUP if state.zone_groups else RecordWriter.BY_HAND
        return Writers(kind, state.zone_groups, frozenset(written) | created, False)
    if created and zone is not None:
        # The zone group's name is not in the records: the portal's name is used (M).
        config = ZoneConfig(
            azure.zone_configuration_name(private_zone),
            zone.zone_id,
            private_zone,
            tuple(sorted(created)),
        )
        group = DeployedZoneGroup(azure.ZONE_GROUP_NAME, (config,))
        return Writers(RecordWriter.ZONE_GROUP, (group,), created, True)
    kind = RecordWriter.BY_HAND if zone is not None else RecordWriter.UNKNOWN
    return Writers(kind, (), frozenset(), False)


LACKING = (
    "It lacks the member(s) {names} of replicas that exist: Azure refuses further replicas "
    'until then ("Private Endpoint needs to be reconfigured with missing memberNames"), and '
    "Microsoft's remedy is reconfiguring the endpoint to add the member, with no documented "
    "method for registries: it is re-created with every member (inferred)."
)


STATIC_NEW_REPLICA = (
    f"{azure.STATIC_REPLICA_ADD_FAILS} Re-created with every member once the replica exists "
    "(inferred from Microsoft's remedies; or re-create it with dynamic allocation)."
)


STATIC_REGIONAL_ONLY = (
    "Regional endpoints need an address per replica in every endpoint's subnet (Microsoft), "
    "and a static-IP endpoint has no IP configuration for them. Microsoft does not say "
    "whether enabling them fails while a static-IP endpoint lacks them, as adding a replica "
    "does. Left as it is; the choices (inferred): re-create it with every member after "
    "enabling them (an outage), so that its clients reach the regional endpoints privately, "
    "or leave it, and its clients use the login server and data endpoints."
)


STATIC_REMOVAL_ONLY = (
    "Microsoft documents nothing of what removing a replica does to a static-IP endpoint's "
    "IP configurations. Left as it is (the removed members' records are deleted); the choices "
    "(inferred): leave it, its removed members holding their addresses, or re-create it "
    "without them in a window of its own (an outage)."
)


def dynamic_reason(needed: int, free: int) -> str:
    if not needed:
        return (
            "Dynamic allocation: Azure takes the removed replica's members away (not "
            "documented: read the endpoint again afterwards)."
        )
    verdict = "fits" if free >= needed else "does NOT fit"
    return (
        f"Dynamic allocation: Azure adds {needed} address(es) when the replica is created "
        "(Microsoft: it provisions the new member's IP automatically), picking them itself; "
        f"the subnet has {free} free, so it {verdict}. Their records come from the endpoint "
        "once Azure has given them."
    )


def endpoint_path(
    deployed: DeployedEndpoint,
    lacking: list[Member],
    new: list[Member],
    removed: bool,
    new_replica: bool,
    free: int,
) -> tuple[Path, str]:
    """The endpoint's path and why. `lacking`: members of replicas that exist; `new`: members
    the change brings (a new replica's, or regional endpoints'); `new_replica`: whether a
    replica is added."""
    if lacking:
        return Path.RECREATED, LACKING.format(names=", ".join(m.member_name for m in lacking))
    if deployed.static and new and new_replica:
        return Path.RECREATED, STATIC_NEW_REPLICA
    if deployed.static and new:
        return Path.LEFT, STATIC_REGIONAL_ONLY
    if deployed.static and removed:
        return Path.LEFT, STATIC_REMOVAL_ONLY
    if new or removed:
        return Path.AZURE_CHANGES, dynamic_reason(len(new), free)
    return Path.UNCHANGED, "Nothing changes for this endpoint's members."


def change(request: ChangeRequest) -> Change:
    registry = request.registry
    facts = azure.CLOUDS[registry.cloud]
    now = registry_now(request)
    added_regions = tuple(r for r in registry.regions if r not in now.regions)
    removed_regions = tuple(r for r in now.regions if r not in registry.regions)
    enable = registry.regional_endpoints and not now.regional_endpoints
    existing = {member.member_name for member in members(now)}
    subnets = free_addresses(request)
    free = {key: subnet.free for key, subnet in subnets.items()}  # counted once per subnet
    deployed_zones = request.deployed_zones()
    planned = []
    for state in request.endpoints:
        key = str(state.subnet.cidr)
        written = writers(state, deployed_zones.get(state.zone_scope), facts.private_zone)
        result, subnets[key], taken = endpoint_change(
            state, registry, existing, bool(added_regions), (subnets[key], free[key]), written
        )
        free[key] -= taken
        planned.append(result)
    endpoint_changes = tuple(planned)
    zone_changes = zone_differences(endpoint_changes, deployed_zones, facts.private_zone)
    registry_id = next(
        (s.deployed.registry_id for s in request.endpoints if s.deployed.registry_id), ""
    )
    return Change(
        registry=registry,
        zone=facts.private_zone,
        added_regions=added_regions,
        removed_regions=removed_regions,
        enable_regional_endpoints=enable,
        endpoints=endpoint_changes,
        zones=zone_changes,
        runbook=runbook(endpoint_changes, zone_changes, (added_regions, removed_regions, enable)),
        downtime=downtime(endpoint_changes),
        notes=request.notes,
        registry_id=registry_id,
        replicas=now.regions,
    )


def endpoint_change(
    state: EndpointState,
    registry: Registry,
    existing: set[str],
    new_replica: bool,
    room: tuple[Subnet, int],
    written: Writers,
) -> tuple[EndpointChange, Subnet, int]:
    """One endpoint's change, in its subnet as the endpoints before it left it (`room`: the
    subnet and its free count); the subnet with its new addresses used, and how many it
    took."""
    subnet, free_before = room
    deployed = state.deployed
    current = {member.member_name: member.ip for member in deployed.members}
    wanted = members(registry)
    added = [member for member in wanted if member.member_name not in current]
    lacking = [member for member in added if member.member_name in existing]
    new = [member for member in added if member.member_name not in existing]
    removed = removed_members(deployed, {member.member_name for member in wanted}, registry)
    path, reason = endpoint_path(deployed, lacking, new, bool(removed), new_replica, free_before)
    needed = 0 if path is Path.LEFT else len(added)
    static = deployed.static and path is Path.RECREATED  # Azure picks a dynamic one's
    fits, subnet, named = allocated(subnet, added[:needed], static)
    # A dynamic endpoint created again gets every address anew, from Azure.
    anew = path is Path.RECREATED and not deployed.static
    changes = member_changes(wanted, current, named, anew)
    result = EndpointChange(
        deployed.name,
        deployed.static,
        str(state.subnet.cidr),
        state.zone_scope,
        (*changes, *removed),
        free_before,
        path,
        reason,
        fits,
        **written.said(),
        **kept_when_recreated(deployed),
    )
    return result, subnet, needed if fits else 0


def kept_when_recreated(deployed: DeployedEndpoint) -> dict[str, Any]:
    """What an endpoint created again keeps of the one deployed: where it is, its network
    interface's name, tags and request message, and the resource guid that tells them apart."""
    return {
        "manual": deployed.manual,
        "subscription": deployed.subscription,
        "resource_group": deployed.resource_group,
        "subnet_id": deployed.subnet_resource_id,
        "location": deployed.location,
        "nic_name": deployed.nic_name,
        "tags": deployed.tags,
        "request_message": deployed.request_message,
        "resource_guid": deployed.resource_guid,
    }


def allocated(
    subnet: Subnet, added: list[Member], static: bool
) -> tuple[bool, Subnet, dict[str, int | None]]:
    """Whether the subnet holds the `added` members, the subnet with their addresses used, and
    each one's address (None when Azure picks it: only a static endpoint's are named)."""
    if not added:
        return True, subnet, {}
    taken = subnet.allocate(len(added))
    if taken is None:
        return False, subnet, {}
    addresses, subnet = taken
    pairs = zip(added, addresses, strict=True)
    return True, subnet, {member.member_name: a if static else None for member, a in pairs}


def member_changes(
    wanted: tuple[Member, ...],
    current: dict[str, str],
    named: dict[str, int | None],
    anew: bool,
) -> list[MemberChange]:
    """Each wanted member kept at its current address (none when Azure gives every address
    anew), or added at the address `named` gives it."""
    return [
        MemberChange(
            Status.KEPT,
            Allocation(m, None if anew else str_to_int(current[m.member_name])),
            current[m.member_name],
        )
        if m.member_name in current
        else MemberChange(Status.ADDED, Allocation(m, named.get(m.member_name)))
        for m in wanted
    ]


def removed_members(
    deployed: DeployedEndpoint, wanted: set[str], registry: Registry
) -> list[MemberChange]:
    """The endpoint's members the registry no longer has, under the names they were read with
    (one whose name is no registry member's is counted as the login server's)."""
    removed = []
    for found in deployed.members:
        if found.member_name in wanted:
            continue
        kind, region = REGISTRY.member_kind(found.member_name) or (Kind.LOGIN_SERVER, None)
        named = replace(member_of(registry, kind, region), member_name=found.member_name)
        address = str_to_int(found.ip) if found.ip else None
        removed.append(MemberChange(Status.REMOVED, Allocation(named, address), found.ip))
    return removed
