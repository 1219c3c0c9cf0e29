"""A change to a registry with private endpoints, planned as a difference from what is
deployed, and decided here as data: what happens to each endpoint (its path, and why), to
each member (kept, added, removed) and to each record; the steps in their order, each with
its kind and the endpoints it acts on. `renderers/runbook.py` says the steps as a bash script
and `renderers/day_two.py` as JSON; nothing here prints a command.

Per endpoint, each member the wanted registry needs is kept (its current address: never
moved), added (the lowest free address of the subnet, avoiding what is used there and every
current member's address, of every endpoint in the subnet), or removed. What Microsoft
documents decides the paths; what it does not document is offered as choices, said to be
inferred (see `endpoint_path`). The registry as it is comes from `az acr replication list`
or `az acr show` when they are given (a replica they list is never created again), else from
the endpoints' members.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from enum import StrEnum

from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import Span, Subnet, merge
from planner.core.deployed import (
    DeployedEndpoint,
    DeployedRecord,
    DeployedZone,
    DeployedZoneGroup,
    ZoneConfig,
    inside,
    is_registry_record,
    member_kind,
)
from planner.core.model import Allocation, Kind, Member, Record, Registry
from planner.core.plan import member as member_of
from planner.core.plan import members

# What the pasted JSON did not hold stays a variable of the runbook, written so that a run
# without it stops there ("${NAME:?}": bash reports the name and exits) rather than sending az
# an empty value. Each with what to set it to.
VARIABLES = {
    "RESOURCE_GROUP": "the endpoints' resource group (their ids were not given)",
    "SUBNET_ID": "the endpoint's subnet's resource id (subnet.id was not given)",
    "REGISTRY_ID": "the registry's resource id: az acr show --name <registry> --query id",
    "ZONE_ID": "the private DNS zone's resource id",
    "ZONE_RESOURCE_GROUP": "the private DNS zone's resource group (no record set id named it)",
    "CONNECTION_NAME": "each new connection, as az acr private-endpoint-connection list shows it",
}


class RecordWriter(StrEnum):
    """Who wrote an endpoint's records, and so what deleting the endpoint does to them."""

    ZONE_GROUP = "zone group"  # Azure deletes them with the endpoint
    BY_HAND = "by hand"  # they outlive the endpoint
    UNKNOWN = "unknown"  # neither the zone's records nor the zone groups were given


class Status(StrEnum):
    KEPT = "kept"
    ADDED = "added"
    REMOVED = "removed"


class Path(StrEnum):
    """What happens to an endpoint."""

    UNCHANGED = "unchanged"
    AZURE_CHANGES = "azure"  # dynamic: Azure gives it the new replica's members (or takes them)
    RECREATED = "recreated"  # deleted, and created again with every member: an outage
    LEFT = "left"  # static, for a removal or regional endpoints only: left as it is


@dataclass(frozen=True)
class EndpointState:
    deployed: DeployedEndpoint
    subnet: Subnet  # the endpoint's subnet and the addresses used in it
    zone_scope: str
    # az network private-endpoint dns-zone-group list; None when not given
    zone_groups: tuple[DeployedZoneGroup, ...] | None = None


@dataclass(frozen=True)
class ChangeRequest:
    registry: Registry  # as wanted after the change
    endpoints: tuple[EndpointState, ...]
    zone: DeployedZone | None = None  # the records of the first endpoint's zone, if given
    notes: tuple[str, ...] = ()  # what reading the document left out or could not see
    # The records of each zone scope's zone, when given per zone (then `zone` is not used).
    scope_zones: tuple[tuple[str, DeployedZone], ...] = ()
    # The registry as it is, when az acr replication list or az acr show was given: its
    # regions (the home region first) and whether regional endpoints are on (None: unknown).
    replicas: tuple[str, ...] | None = None
    regional_now: bool | None = None

    def deployed_zones(self) -> dict[str, DeployedZone]:
        """The deployed records by zone scope: given per zone, or `zone` for the first."""
        if self.scope_zones:
            return dict(self.scope_zones)
        first = self.endpoints[0].zone_scope if self.endpoints else ""
        return {first: self.zone} if self.zone is not None else {}


@dataclass(frozen=True)
class MemberChange:
    """A member and its address after the change: None when the subnet has none for it, or
    when Azure picks it (a dynamic endpoint's new member)."""

    status: Status
    allocation: Allocation
    was: str = ""  # the address it has before the change ("" for an added member)

    @property
    def kind(self) -> Kind:
        return self.allocation.kind

    @property
    def region(self) -> str | None:
        return self.allocation.region

    @property
    def member_name(self) -> str:
        return self.allocation.member_name

    @property
    def fqdn(self) -> str:
        return self.allocation.fqdn

    @property
    def record(self) -> str:
        return self.allocation.record

    @property
    def ip(self) -> str:
        """The address as text; "" when it is not known ahead (see the class)."""
        return self.allocation.ip or ""


@dataclass(frozen=True)
class EndpointChange:
    name: str
    static: bool
    subnet: str
    zone_scope: str
    members: tuple[MemberChange, ...]
    free_before: int  # free addresses of the subnet before the change (all its endpoints)
    path: Path
    reason: str  # why, in a sentence or two: what Microsoft documents, or the choices
    fits: bool  # whether its subnet has the addresses the change adds to it
    manual: bool = False  # its connection needs the registry owner's approval
    records_by: RecordWriter = RecordWriter.UNKNOWN
    zone_groups: tuple[DeployedZoneGroup, ...] = ()  # re-created with the endpoint
    records_lost: tuple[str, ...] = ()  # records Azure deletes with the endpoint
    zone_group_inferred: bool = False  # known only from the records' metadata.creator
    # From the endpoint's JSON when it held them: "" when not.
    subscription: str = ""
    resource_group: str = ""
    subnet_id: str = ""
    location: str = ""
    nic_name: str = ""
    tags: tuple[tuple[str, str], ...] = ()
    request_message: str = ""
    resource_guid: str = ""  # tells the endpoint read from one created again

    def having(self, status: Status) -> tuple[MemberChange, ...]:
        return tuple(member for member in self.members if member.status is status)

    @property
    def changes(self) -> bool:
        return bool(self.having(Status.ADDED) or self.having(Status.REMOVED))

    @property
    def recreated(self) -> bool:
        return self.path is Path.RECREATED

    @property
    def created_static(self) -> bool:
        """Whether it is created again with IP configurations (the addresses it keeps)."""
        return self.recreated and self.static

    @property
    def after(self) -> tuple[MemberChange, ...]:
        """The members it holds after the change (a left endpoint gets no new one)."""
        return tuple(
            member
            for member in self.members
            if member.status is Status.KEPT
            or (member.status is Status.ADDED and self.path is not Path.LEFT)
        )

    @property
    def records(self) -> tuple[Record, ...]:
        """Its records after the change, where the address is known ahead."""
        return tuple(
            Record(member.record, "A", azure.RECORD_TTL, str_to_int(member.ip))
            for member in self.after
            if member.ip
        )


@dataclass(frozen=True)
class RecordChange:
    """One record set of a zone, and what the change does to it. `fill`: the address is the
    one Azure gives `endpoint`'s member `fqdn`, read from the endpoint once it exists."""

    action: str  # add, change, delete, rewrite (written again whatever is there), fill
    name: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    ttl: int = azure.RECORD_TTL  # the record set's TTL before the change
    endpoint: str = ""
    fqdn: str = ""


@dataclass(frozen=True)
class ZoneChange:
    scope: str
    zone: str
    endpoints: tuple[str, ...]
    changes: tuple[RecordChange, ...]
    records: tuple[Record, ...]  # the zone's records of this registry after the change
    compared_with: str  # "zone" when the deployed records were given, else "endpoint"
    zone_id: str = ""  # from the record sets' ids or a zone group's; "" when none said it


class StepKind(StrEnum):
    DELETE_ENDPOINTS = "delete-endpoints"
    CHANGE_REGISTRY = "change-registry"
    CREATE_ENDPOINT = "create-endpoint"
    APPROVE = "approve"
    CORRECT_DNS = "correct-dns"
    CHECK = "check"


@dataclass(frozen=True)
class Step:
    """One step of the runbook: what it does (its kind, on which endpoints) and why; the
    runbook renderer writes its commands."""

    kind: StepKind
    title: str
    note: str = ""
    endpoints: tuple[str, ...] = ()
    outage: bool = False  # inside an outage: a re-created endpoint is gone meanwhile


@dataclass(frozen=True)
class Change:
    registry: Registry
    zone: str
    added_regions: tuple[str, ...]
    removed_regions: tuple[str, ...]
    enable_regional_endpoints: bool
    endpoints: tuple[EndpointChange, ...]
    zones: tuple[ZoneChange, ...]
    runbook: tuple[Step, ...]
    downtime: str
    notes: tuple[str, ...] = ()
    registry_id: str = ""  # from an endpoint's connection (privateLinkServiceId)
    replicas: tuple[str, ...] = ()  # the registry's regions as they are

    @property
    def fits(self) -> bool:
        return all(endpoint.fits for endpoint in self.endpoints)

    def endpoint(self, name: str) -> EndpointChange:
        return next(e for e in self.endpoints if e.name == name)

    @property
    def given(self) -> tuple[str, ...]:
        """What the runbook took from the pasted JSON instead of asking for it."""
        recreated = [e for e in self.endpoints if e.recreated]
        sentences = [
            f"{e.name}: resource group {e.resource_group} in subscription {e.subscription} "
            "(its id)" + (f", subnet {e.subnet_id} (subnet.id)" if e.subnet_id else "")
            for e in recreated
            if e.resource_group
        ]
        if recreated and self.registry_id:
            sentences.append(f"Registry id {self.registry_id} (the endpoint's connection).")
        sentences += [
            f"Zone scope {zone.scope}: zone {zone.zone_id}."
            for zone in self.zones
            if zone.changes and zone.zone_id
        ]
        return tuple(sentences)

    @property
    def verdict(self) -> str:
        short = [e.name for e in self.endpoints if not e.fits]
        if short:
            return (
                f"Does not fit: {', '.join(short)} lack free addresses for the new members; "
                "the replica add would fail and roll back in every subnet."
            )
        recreated = sum(e.recreated for e in self.endpoints)
        return "Fits" + (
            f": {recreated} endpoint(s) must be re-created (downtime)." if recreated else "."
        )


def inferred_regions(endpoints: tuple[EndpointState, ...]) -> tuple[tuple[str, ...], bool]:
    """The registry's regions and regional endpoints as the endpoints' members show them."""
    regions: dict[str, None] = {}
    regional = False
    for endpoint in endpoints:
        for member in endpoint.deployed.members:
            found = member_kind(member.member_name)
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


# --- What happens to each endpoint, and why -------------------------------------------------

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
    key = str(state.subnet.cidr)
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
    taken = subnet.allocate(needed) if needed else ((), subnet)
    fits = taken is not None
    named: dict[str, int | None] = {}
    if taken is not None and needed:
        subnet = taken[1]
        static = deployed.static and path is Path.RECREATED  # Azure picks a dynamic one's
        named = {m.member_name: a if static else None for m, a in zip(added, taken[0], strict=True)}
    # A dynamic endpoint created again gets every address anew, from Azure.
    anew = path is Path.RECREATED and not deployed.static
    changes = [
        MemberChange(
            Status.KEPT,
            Allocation(m, None if anew else str_to_int(current[m.member_name])),
            current[m.member_name],
        )
        if m.member_name in current
        else MemberChange(Status.ADDED, Allocation(m, named.get(m.member_name)))
        for m in wanted
    ]
    result = EndpointChange(
        deployed.name,
        deployed.static,
        key,
        state.zone_scope,
        (*changes, *removed),
        free_before,
        path,
        reason,
        fits,
        manual=deployed.manual,
        records_by=written.kind,
        zone_groups=written.groups,
        records_lost=tuple(sorted(written.lost)),
        zone_group_inferred=written.inferred,
        subscription=deployed.subscription,
        resource_group=deployed.resource_group,
        subnet_id=deployed.subnet_resource_id,
        location=deployed.location,
        nic_name=deployed.nic_name,
        tags=deployed.tags,
        request_message=deployed.request_message,
        resource_guid=deployed.resource_guid,
    )
    return result, subnet, needed if fits else 0


def removed_members(
    deployed: DeployedEndpoint, wanted: set[str], registry: Registry
) -> list[MemberChange]:
    """The endpoint's members the registry no longer has, under the names they were read with
    (one whose name is no registry member's is counted as the login server's)."""
    removed = []
    for found in deployed.members:
        if found.member_name in wanted:
            continue
        kind, region = member_kind(found.member_name) or (Kind.LOGIN_SERVER, None)
        named = replace(member_of(registry, kind, region), member_name=found.member_name)
        address = str_to_int(found.ip) if found.ip else None
        removed.append(MemberChange(Status.REMOVED, Allocation(named, address), found.ip))
    return removed


# --- The records ----------------------------------------------------------------------------


def zone_differences(
    endpoints: tuple[EndpointChange, ...], deployed: dict[str, DeployedZone], zone: str
) -> tuple[ZoneChange, ...]:
    """Per zone scope, the records of its first endpoint after the change, compared with the
    deployed zone's records (where given) or with the endpoint's members."""
    scopes: dict[str, list[EndpointChange]] = defaultdict(list)
    for endpoint in endpoints:
        scopes[endpoint.zone_scope].append(endpoint)
    return tuple(
        scope_change(scope, sharing, deployed.get(scope), zone) for scope, sharing in scopes.items()
    )


def records_before(
    first: EndpointChange, sharing: list[EndpointChange], given: DeployedZone | None
) -> dict[str, DeployedRecord]:
    """This registry's records in the zone before the change, less those Azure deletes with
    the endpoints the runbook deletes: the zone's (given), or the endpoint's members."""
    if given is not None:
        registry = first.members[0].record  # the login server's record: the registry's name
        before = {r.name: r for r in given.records if is_registry_record(r.name, registry)}
    else:
        before = {
            m.record: DeployedRecord(m.record, azure.RECORD_TTL, (m.was,))
            for m in first.members
            if m.status is not Status.ADDED
        }
    for endpoint in sharing:
        if endpoint.recreated:  # deleted with the endpoint in the runbook's first step
            for name in endpoint.records_lost:
                before.pop(name, None)
    return before


def left_to_zone_group(first: EndpointChange, zone: str) -> set[str]:
    """The names the endpoint's zone group writes itself: every member's on a re-created
    endpoint (the group is created again), the new members' on a dynamic one Azure gives
    them (its other records are as the zone has them: corrected where they are not)."""
    writes_here = any(c.zone == zone for g in first.zone_groups for c in g.configs)
    if first.records_by is not RecordWriter.ZONE_GROUP or not writes_here:
        return set()
    if first.path is Path.RECREATED:
        return {member.record for member in first.after}
    if first.path is Path.AZURE_CHANGES:
        return {member.record for member in first.having(Status.ADDED)}
    return set()


def scope_change(
    scope: str, sharing: list[EndpointChange], given: DeployedZone | None, zone: str
) -> ZoneChange:
    """One zone scope's record changes. When nobody can tell who wrote a re-created
    endpoint's records, they are written again whatever is there, so that every name
    resolves after the runbook; a dynamic endpoint's new names get the address Azure gave,
    read from it (`fill`)."""
    first = sharing[0]
    before = records_before(first, sharing, given)
    by_group = left_to_zone_group(first, zone)
    rewrite = first.recreated and first.records_by is RecordWriter.UNKNOWN
    changes = []
    after = set()
    for member in first.after:
        name = member.record
        after.add(name)
        if name in by_group:
            continue
        change = record_change(member, before.get(name), first, rewrite)
        if change is not None:
            changes.append(change)
    for name, old in before.items():
        if name not in after and name not in by_group:
            changes.append(RecordChange("delete", name, old.addresses, (), old.ttl))
    return ZoneChange(
        scope,
        zone,
        tuple(e.name for e in sharing),
        tuple(changes),
        first.records,
        "zone" if given is not None else "endpoint",
        zone_id_given(given, first, zone),
    )


def record_change(
    member: MemberChange, old: DeployedRecord | None, endpoint: EndpointChange, rewrite: bool
) -> RecordChange | None:
    """What the member's record needs, or None when it is as wanted."""
    name, found = member.record, old.addresses if old else ()
    ttl = old.ttl if old else azure.RECORD_TTL
    if not member.ip:  # Azure picks the address: read from the endpoint once it has it
        return RecordChange("fill", name, found, (), ttl, endpoint.name, member.fqdn)
    if rewrite:
        return RecordChange("rewrite", name, found, (member.ip,), ttl)
    if old is None:
        return RecordChange("add", name, (), (member.ip,))
    if old.addresses != (member.ip,) or old.ttl != azure.RECORD_TTL:
        return RecordChange("change", name, found, (member.ip,), ttl)
    return None


def zone_id_given(deployed: DeployedZone | None, endpoint: EndpointChange, zone: str) -> str:
    """The zone's resource id as the pasted JSON says it: the record sets' ids, or the
    endpoint's DNS zone group for this zone; "" when neither does."""
    if deployed is not None and deployed.zone_id:
        return deployed.zone_id
    configs = (c for g in endpoint.zone_groups for c in g.configs if c.zone == zone)
    return next((c.zone_id for c in configs if c.zone_id), "")


# --- The steps --------------------------------------------------------------------------------

REGISTRY_NOTE = (
    "Every endpoint's subnet must have the new addresses, or this fails and rolls back. "
    "Replications are named after their region unless named otherwise (check with az acr "
    "replication list). A replica az lists already is not created again."
)
DNS_NOTE = (
    "Records a DNS zone group writes are left to it. Records marked rewrite belong to a "
    "re-created endpoint whose zone group nobody showed: they are written again whatever is "
    "there (give the zone's records or the endpoint's dns-zone-group list to know). A fill "
    "takes the address Azure gave the endpoint, read from it. Each command checks what is "
    "there first."
)
CHECK_NOTE = (
    "The addresses each endpoint holds, read from Azure (with dynamic allocation Azure picks "
    "them), are what its check script (verify.sh, in the change's answer) compares every "
    "name with, on a client in the endpoint's network."
)


def runbook(
    endpoints: tuple[EndpointChange, ...],
    zones: tuple[ZoneChange, ...],
    registry_changes: tuple[tuple[str, ...], tuple[str, ...], bool],
) -> tuple[Step, ...]:
    """The ordered steps: endpoints to re-create go first (Azure refuses a replica while a
    static one lacks its members), then the registry, then the endpoints again with every
    member and their DNS zone groups, the approval of manual connections, then DNS, then the
    check. The outage lasts from the delete until the endpoints and records are back."""
    recreated = [e for e in endpoints if e.recreated]
    outage = bool(recreated)
    steps = []
    if recreated:
        steps.append(delete_step(recreated))
    if any(registry_changes[:2]) or registry_changes[2]:
        steps.append(
            Step(StepKind.CHANGE_REGISTRY, "Change the registry", REGISTRY_NOTE, (), outage)
        )
    steps += [create_step(endpoint) for endpoint in recreated]
    if manual := tuple(e.name for e in recreated if e.manual):
        steps.append(approve_step(manual))
    if any(zone.changes for zone in zones):
        steps.append(
            Step(StepKind.CORRECT_DNS, "Correct the private DNS zone", DNS_NOTE, (), outage)
        )
    checked = tuple(e.name for e in endpoints)
    steps.append(Step(StepKind.CHECK, "Check from inside the network", CHECK_NOTE, checked))
    return tuple(steps)


def delete_step(recreated: list[EndpointChange]) -> Step:
    return Step(
        StepKind.DELETE_ENDPOINTS,
        "Delete the endpoint(s) to re-create; the outage starts here",
        "Each one is deleted only while it still lacks a member it is re-created for: the "
        "step runs again without deleting what it created." + lost_records_note(recreated),
        tuple(e.name for e in recreated),
        True,
    )


def create_step(endpoint: EndpointChange) -> Step:
    ends = (
        "the outage lasts until the registry's owner approves its connection"
        if endpoint.manual
        else "the outage ends when it and its records are in place"
    )
    return Step(
        StepKind.CREATE_ENDPOINT,
        f"Re-create {endpoint.name} with every member; {ends}",
        azure.TERRAFORM_REPLACES + zone_group_note(endpoint),
        (endpoint.name,),
        True,
    )


def approve_step(manual: tuple[str, ...]) -> Step:
    return Step(
        StepKind.APPROVE,
        "The registry's owner approves the new connection(s); the outage ends here",
        "These endpoints' connections were made by manual request, so the new ones wait for "
        "approval too (a pending connection has no addresses in DNS yet). CONNECTION_NAME is "
        "the connection the list shows for each endpoint.",
        manual,
        True,
    )


def lost_records_note(recreated: list[EndpointChange]) -> str:
    lost = [e for e in recreated if e.records_lost]
    if not lost:
        return ""
    listed = "; ".join(f"{e.name}: {', '.join(e.records_lost)}" for e in lost)
    return (
        " Deleting an endpoint deletes the records its DNS zone group wrote (the records'"
        f" metadata.creator names it): {listed}. Its zone group is re-created with it."
    )


def zone_group_note(endpoint: EndpointChange) -> str:
    if not endpoint.zone_groups:
        return ""
    inferred = (
        " The records' metadata.creator shows the group but not its name or zone id: it is "
        f"re-created as '{azure.ZONE_GROUP_NAME}' (the portal's name)"
        + (
            ""
            if all(c.zone_id for g in endpoint.zone_groups for c in g.configs)
            else ", with ZONE_ID the zone's resource id"
        )
        + "."
        if endpoint.zone_group_inferred
        else ""
    )
    return (
        " Its DNS zone group is created again after it, with its name and zones, and writes "
        "every member's record." + inferred
    )


def downtime(endpoints: tuple[EndpointChange, ...]) -> str:
    recreated = [e.name for e in endpoints if e.recreated]
    if not recreated:
        return (
            "None expected: no endpoint is deleted; dynamic endpoints get their new members "
            "in place, and the new replica's names resolve once their records exist."
        )
    manual = [e.name for e in endpoints if e.recreated and e.manual]
    approval = (
        f" For {', '.join(manual)} (a manual connection) it lasts until the registry's owner "
        "approves the new connection."
        if manual
        else ""
    )
    return (
        f"{', '.join(recreated)}: from the delete until the endpoint is created again and its "
        "records exist, clients in its networks cannot reach the registry privately (with "
        "public access disabled, pulls fail; otherwise they leave through the public path). "
        "A replica created in this change is created inside this window: plan a maintenance "
        "window." + approval
    )
