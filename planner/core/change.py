"""A change to a registry with private endpoints, planned as a difference from what is
deployed.

Per endpoint, each member the wanted registry needs is kept (its current address: never
moved), added (the lowest free address of the subnet, avoiding what is used there and every
current member's address, of every endpoint in the subnet), or removed. A static-IP endpoint
cannot take new members: its path is Microsoft's, re-creating it with every member once the
replica exists. A dynamic endpoint gets its new addresses from Azure; the plan checks that the
subnet has them. The DNS changes compare the wanted records with the zone's.
"""

from __future__ import annotations

import re
import shlex
from collections import defaultdict
from dataclasses import dataclass, replace
from enum import StrEnum

from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import Span, Subnet, merge
from planner.core.commands import (
    add_record,
    comment,
    correct_record,
    create_endpoint,
    delete_record,
    rewrite_record,
    zone_options,
)
from planner.core.deployed import (
    DeployedEndpoint,
    DeployedRecord,
    DeployedZone,
    DeployedZoneGroup,
    ZoneConfig,
    inside,
    is_registry_record,
    member_kind,
    zone_id_of,
)
from planner.core.inputs import ZONE_ID
from planner.core.model import Allocation, Kind, Record, Registry
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
VARIABLE = re.compile(r"\$\{([A-Z_]+):\?\}")


def variable(name: str) -> str:
    """A runbook variable for what was not given: the run stops without it."""
    assert name in VARIABLES
    return f'"${{{name}:?}}"'


REGISTRY_GROUP = f"--resource-group {variable('RESOURCE_GROUP')}"
ZONE_GROUP = f"--resource-group {variable('ZONE_RESOURCE_GROUP')}"


class Records(StrEnum):
    """Who wrote an endpoint's records, and so what deleting the endpoint does to them."""

    ZONE_GROUP = "zone group"  # Azure deletes them with the endpoint
    BY_HAND = "by hand"  # they outlive the endpoint
    UNKNOWN = "unknown"  # neither the zone's records nor the zone groups were given


class Status(StrEnum):
    KEPT = "kept"
    ADDED = "added"
    REMOVED = "removed"


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

    def deployed_zones(self) -> dict[str, DeployedZone]:
        """The deployed records by zone scope: given per zone, or `zone` for the first."""
        if self.scope_zones:
            return dict(self.scope_zones)
        first = self.endpoints[0].zone_scope if self.endpoints else ""
        return {first: self.zone} if self.zone is not None else {}


@dataclass(frozen=True)
class MemberChange:
    """A member and its address after the change (None: the subnet has none for it)."""

    status: Status
    allocation: Allocation

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
        """The address as text; "" for an added member the subnet has no address for."""
        return self.allocation.ip or ""


@dataclass(frozen=True)
class EndpointChange:
    name: str
    static: bool
    subnet: str
    zone_scope: str
    members: tuple[MemberChange, ...]
    free_before: int  # free addresses of the subnet before the change (all its endpoints)
    path: str  # what happens to this endpoint, in a sentence
    manual: bool = False  # its connection needs the registry owner's approval
    records_by: Records = Records.UNKNOWN
    zone_groups: tuple[DeployedZoneGroup, ...] = ()  # re-created with the endpoint
    records_lost: tuple[str, ...] = ()  # records Azure deletes with the endpoint
    zone_group_inferred: bool = False  # known only from the records' metadata.creator
    # From the endpoint's JSON when it held them (its id, subnet.id): "" when not.
    subscription: str = ""
    resource_group: str = ""
    subnet_id: str = ""

    @property
    def group(self) -> str:
        """The options that name the endpoint's resource group (and subscription) in a command."""
        if self.resource_group:
            return zone_options(self.subscription, self.resource_group)
        return REGISTRY_GROUP

    def having(self, status: Status) -> tuple[MemberChange, ...]:
        return tuple(member for member in self.members if member.status is status)

    @property
    def fits(self) -> bool:
        return all(member.ip for member in self.having(Status.ADDED))

    @property
    def changes(self) -> bool:
        return bool(self.having(Status.ADDED) or self.having(Status.REMOVED))

    @property
    def recreated(self) -> bool:
        return self.static and self.changes

    @property
    def records(self) -> tuple[Record, ...]:
        """The endpoint's records after the change."""
        return tuple(
            Record(member.record, "A", azure.RECORD_TTL, str_to_int(member.ip))
            for member in self.members
            if member.status is not Status.REMOVED and member.ip
        )


@dataclass(frozen=True)
class RecordChange:
    action: str  # add, change, delete; rewrite (written again whatever is there)
    name: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    commands: tuple[str, ...]


@dataclass(frozen=True)
class ZoneChange:
    scope: str
    zone: str
    endpoints: tuple[str, ...]
    changes: tuple[RecordChange, ...]
    records: tuple[Record, ...]  # the zone's records of this registry after the change
    compared_with: str  # "zone" when the deployed records were given, else "endpoint"
    zone_id: str = ""  # from the record sets' ids or a zone group's; "" when none said it


@dataclass(frozen=True)
class Step:
    title: str
    commands: tuple[str, ...]
    note: str = ""


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

    @property
    def fits(self) -> bool:
        return all(endpoint.fits for endpoint in self.endpoints)

    @property
    def variables(self) -> tuple[tuple[str, str], ...]:
        """The runbook's variables (what the pasted JSON did not hold), with what each is."""
        used = {
            name: None
            for step in self.runbook
            for command in step.commands
            for name in VARIABLE.findall(command)
        }
        return tuple((name, VARIABLES[name]) for name in used)

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
        return tuple(comment(sentence) for sentence in sentences)

    @property
    def verdict(self) -> str:
        short = [e.name for e in self.endpoints if not e.fits]
        if short:
            return (
                f"Does not fit: {', '.join(short)} lack free addresses for the new members; "
                "the replica add would fail and roll back in every subnet."
            )
        static = sum(e.static and e.changes for e in self.endpoints)
        return "Fits" + (
            f": {static} static-IP endpoint(s) must be re-created (downtime)." if static else "."
        )


def current_regions(endpoints: tuple[EndpointState, ...]) -> tuple[tuple[str, ...], bool]:
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


def records_of(
    state: EndpointState, zone: DeployedZone | None, private_zone: str
) -> tuple[Records, tuple[DeployedZoneGroup, ...], frozenset[str], bool]:
    """Who wrote the endpoint's records: its zone groups (given, or known from the records'
    metadata.creator), someone by hand, or unknown; the groups to re-create; the records
    Azure deletes with the endpoint; whether the group was inferred from the records."""
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
        kind = Records.ZONE_GROUP if state.zone_groups else Records.BY_HAND
        return kind, state.zone_groups, frozenset(written) | created, False
    if created and zone is not None:
        # The zone group's name is not in the records: the portal's name is used (M).
        config = ZoneConfig(
            azure.zone_configuration_name(private_zone),
            zone.zone_id,
            private_zone,
            tuple(sorted(created)),
        )
        return (
            Records.ZONE_GROUP,
            (DeployedZoneGroup(azure.ZONE_GROUP_NAME, (config,)),),
            created,
            True,
        )
    return (Records.BY_HAND if zone is not None else Records.UNKNOWN), (), frozenset(), False


def change(request: ChangeRequest) -> Change:
    registry = request.registry
    facts = azure.CLOUDS[registry.cloud]
    wanted = members(registry)
    subnets = free_addresses(request)
    free = {key: subnet.free for key, subnet in subnets.items()}  # counted once per subnet
    deployed_zones = request.deployed_zones()
    planned = []
    for state in request.endpoints:
        key = str(state.subnet.cidr)
        current = {member.member_name: member.ip for member in state.deployed.members}
        added = [member for member in wanted if member.member_name not in current]
        free_before = free[key]
        taken = subnets[key].allocate(len(added))
        new_addresses: tuple[int | None, ...] = (None,) * len(added)
        if taken is not None:
            subnets[key] = taken[1]
            free[key] -= len(added)
            new_addresses = taken[0]
        given = dict(zip((m.member_name for m in added), new_addresses, strict=True))
        changes = [
            MemberChange(Status.KEPT, Allocation(member, str_to_int(current[member.member_name])))
            if member.member_name in current
            else MemberChange(Status.ADDED, Allocation(member, given[member.member_name]))
            for member in wanted
        ]
        wanted_names = {member.member_name for member in wanted}
        changes += removed_members(state.deployed, wanted_names, registry)
        zone = deployed_zones.get(state.zone_scope)
        written_by, groups, lost, inferred = records_of(state, zone, facts.private_zone)
        planned.append(
            EndpointChange(
                state.deployed.name,
                state.deployed.static,
                key,
                state.zone_scope,
                tuple(changes),
                free_before,
                endpoint_path(state.deployed, bool(added), free_before, len(added)),
                manual=state.deployed.manual,
                records_by=written_by,
                zone_groups=groups,
                records_lost=tuple(sorted(lost)),
                zone_group_inferred=inferred,
                subscription=state.deployed.subscription,
                resource_group=state.deployed.resource_group,
                subnet_id=state.deployed.subnet_resource_id,
            )
        )
    regions, regional = current_regions(request.endpoints)
    endpoint_changes = tuple(planned)
    zone_changes = zone_differences(endpoint_changes, deployed_zones, facts.private_zone)
    added_regions = tuple(r for r in registry.regions if r not in regions)
    removed_regions = tuple(r for r in regions if r not in registry.regions)
    enable = registry.regional_endpoints and not regional
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
        runbook=runbook(
            registry,
            endpoint_changes,
            zone_changes,
            (added_regions, removed_regions, enable),
            registry_id,
        ),
        downtime=downtime(endpoint_changes),
        notes=request.notes,
        registry_id=registry_id,
    )


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
        removed.append(MemberChange(Status.REMOVED, Allocation(named, address)))
    return removed


def endpoint_path(deployed: DeployedEndpoint, adds: bool, free: int, needed: int) -> str:
    if deployed.static and adds:
        return (
            f"{azure.STATIC_REPLICA_ADD_FAILS} Re-create it with every member once the "
            "replica exists (or re-create it with dynamic allocation)."
        )
    if deployed.static:
        return "Static IP configurations: re-created without the removed members."
    if needed:
        verdict = "fits" if free >= needed else "does NOT fit"
        return (
            f"Dynamic allocation: Azure adds {needed} address(es) when the replica is created; "
            f"the subnet has {free} free, so it {verdict}. The planned addresses are the "
            "lowest free ones; Azure may pick others: read the endpoint again afterwards."
        )
    return "Nothing changes for this endpoint's members."


def zone_differences(
    endpoints: tuple[EndpointChange, ...], deployed: dict[str, DeployedZone], zone: str
) -> tuple[ZoneChange, ...]:
    """Per zone scope, the records of its first endpoint after the change, compared with the
    deployed zone's records (where given) or with the endpoint's members.

    A static endpoint re-created in the runbook takes with it the records its DNS zone group
    wrote; its re-created zone group writes every member's record again, so those names are
    left to it. When nobody can tell who wrote an endpoint's records, they are written again
    whatever is there, so that every name resolves after the runbook."""
    scopes: dict[str, list[EndpointChange]] = defaultdict(list)
    for endpoint in endpoints:
        scopes[endpoint.zone_scope].append(endpoint)
    result = []
    for scope, sharing in scopes.items():
        first = sharing[0]
        zone_id = zone_id_given(deployed.get(scope), first, zone)
        group = zone_group(zone_id)
        if scope in deployed:
            registry = first.members[0].record  # the login server's record: the registry's name
            records = deployed[scope].records
            before = {r.name: r for r in records if is_registry_record(r.name, registry)}
            compared = "zone"
        else:
            before = {
                m.record: DeployedRecord(m.record, azure.RECORD_TTL, (m.ip,))
                for m in first.members
                if m.status is not Status.ADDED
            }
            compared = "endpoint"
        recreated = [e for e in sharing if e.recreated]
        for endpoint in recreated:  # deleted with the endpoint in the runbook's first step
            for name in endpoint.records_lost:
                before.pop(name, None)
        # Only records whose address is known can be written ahead (not with dynamic allocation).
        after = {r.name: (r.value, r.ttl) for r in first.records if r.value is not None}
        by_group = (
            {m.record for m in first.members if m.status is not Status.REMOVED}
            if first.recreated
            and first.records_by is Records.ZONE_GROUP
            and any(c.zone == zone for g in first.zone_groups for c in g.configs)
            else set()
        )
        rewrite = first.recreated and first.records_by is Records.UNKNOWN
        changes = []
        for name, (value, ttl) in after.items():
            old = before.get(name)
            if name in by_group:
                continue
            if rewrite:
                changes.append(
                    RecordChange(
                        "rewrite",
                        name,
                        old.addresses if old else (),
                        (value,),
                        rewrite_record(zone, name, value, group),
                    )
                )
            elif old is None:
                changes.append(
                    RecordChange("add", name, (), (value,), add_record(zone, name, value, group))
                )
            elif old.addresses != (value,) or old.ttl != ttl:
                commands = correct_record(zone, name, old.addresses, value, old.ttl, group)
                changes.append(RecordChange("change", name, old.addresses, (value,), commands))
        for name, old in before.items():
            if name not in after and name not in by_group:
                commands = delete_record(zone, name, group)
                changes.append(RecordChange("delete", name, old.addresses, (), commands))
        result.append(
            ZoneChange(
                scope,
                zone,
                tuple(e.name for e in sharing),
                tuple(changes),
                tuple(record for record in first.records if record.name in after),
                compared,
                zone_id,
            )
        )
    return tuple(result)


def zone_id_given(deployed: DeployedZone | None, endpoint: EndpointChange, zone: str) -> str:
    """The zone's resource id as the pasted JSON says it: the record sets' ids, or the
    endpoint's DNS zone group for this zone; "" when neither does."""
    if deployed is not None and deployed.zone_id:
        return deployed.zone_id
    configs = (c for g in endpoint.zone_groups for c in g.configs if c.zone == zone)
    return next((c.zone_id for c in configs if c.zone_id), "")


def zone_group(zone_id: str) -> str:
    """The options naming the zone's subscription and resource group in a record command:
    from its id, or the variable when no id was given."""
    found = ZONE_ID.fullmatch(zone_id) if zone_id_of(zone_id) else None
    return zone_options(found[1], found[2]) if found else ZONE_GROUP


def runbook(
    registry: Registry,
    endpoints: tuple[EndpointChange, ...],
    zones: tuple[ZoneChange, ...],
    registry_changes: tuple[tuple[str, ...], tuple[str, ...], bool],
    registry_id: str = "",
) -> tuple[Step, ...]:
    """The ordered steps: static endpoints go first (Azure refuses a replica while they
    exist), then the registry, then the endpoints again with every member and their DNS zone
    groups, the approval of manual connections, then DNS. Every value in a command is
    quoted for the shell; names in comments are single lines. What the pasted JSON held
    (resource groups, subnet and registry ids) is written in; the rest is a variable that
    stops the run when unset. `registry_changes`: the regions added and removed, and whether
    regional endpoints are enabled."""
    added, removed, enable_regional = registry_changes
    recreated = [e for e in endpoints if e.recreated]
    name = shlex.quote(registry.name)
    steps = []
    if recreated:
        steps.append(
            Step(
                "Delete the static-IP endpoint(s); the outage starts here",
                tuple(
                    f"az network private-endpoint delete --name {shlex.quote(e.name)} "
                    f"{e.group} --output none"
                    for e in recreated
                ),
                azure.STATIC_REPLICA_ADD_FAILS + lost_records_note(recreated),
            )
        )
    registry_commands = [
        f"az acr replication create --registry {name} --location {shlex.quote(region)} "
        "--output none"
        for region in added
    ]
    # No --yes: `az acr replication delete` asks no confirmation and refuses the flag
    # (azure-cli, command_modules/acr/commands.py registers it without confirmation=True).
    registry_commands += [
        f"az acr replication delete --registry {name} --name {shlex.quote(region)} --output none"
        for region in removed
    ]
    if enable_regional:
        registry_commands.append(
            f"az acr update --name {name} --regional-endpoints enabled --output none"
        )
    if registry_commands:
        steps.append(
            Step(
                "Change the registry",
                tuple(registry_commands),
                "Every endpoint's subnet must have the new addresses, or this fails and rolls "
                "back. Replications are named after their region unless named otherwise "
                "(check with az acr replication list).",
            )
        )
    for endpoint in recreated:
        ends = (
            "the outage lasts until the registry's owner approves its connection"
            if endpoint.manual
            else "the outage ends when it and its records are in place"
        )
        steps.append(
            Step(
                f"Re-create {comment(endpoint.name)} with every member; {ends}",
                (
                    create_command(registry, endpoint, registry_id),
                    *zone_group_commands(endpoint),
                ),
                azure.TERRAFORM_REPLACES + zone_group_note(endpoint),
            )
        )
    manual = [e for e in recreated if e.manual]
    if manual:
        steps.append(
            Step(
                "The registry's owner approves the new connection(s); the outage ends here",
                (
                    f"az acr private-endpoint-connection list --registry-name {name} "
                    "--output table",
                    f"az acr private-endpoint-connection approve --registry-name {name} "
                    f"--name {variable('CONNECTION_NAME')} --description "
                    + shlex.quote("Re-created: " + ", ".join(e.name for e in manual)),
                ),
                "These endpoints' connections were made by manual request, so the new ones "
                "wait for approval too (a pending connection has no addresses in DNS yet). "
                "CONNECTION_NAME is the connection the list shows for each endpoint.",
            )
        )
    dns = [
        line
        for zone in zones
        if zone.changes
        for line in (
            comment(
                f"# zone scope {zone.scope} ({', '.join(zone.endpoints)}): "
                + (
                    f"zone {zone.zone_id}"
                    if zone.zone_id
                    else "ZONE_RESOURCE_GROUP is the resource group of its zone"
                )
            ),
            *(command for change in zone.changes for command in change.commands),
        )
    ]
    if dns:
        steps.append(
            Step(
                "Correct the private DNS zone",
                tuple(dns),
                "Records a DNS zone group writes are left to it. Records marked rewrite belong "
                "to a re-created endpoint whose zone group nobody showed: they are written "
                "again whatever is there (give the zone's records or the endpoint's "
                "dns-zone-group list to know). Check the others first (drift) and run only "
                "what is still missing.",
            )
        )
    steps.append(
        Step(
            "Check from inside the network",
            ("bash verify.sh --http",),
            "Each endpoint's verify script (in the change's answer) resolves every name on a "
            "client in the endpoint's network and compares it with the addresses above.",
        )
    )
    return tuple(steps)


def lost_records_note(recreated: list[EndpointChange]) -> str:
    lost = [e for e in recreated if e.records_lost]
    if not lost:
        return ""
    listed = "; ".join(f"{e.name}: {', '.join(e.records_lost)}" for e in lost)
    return (
        " Deleting an endpoint deletes the records its DNS zone group wrote (the records'"
        f" metadata.creator names it): {listed}. Its zone group is re-created with it."
    )


def zone_group_commands(endpoint: EndpointChange) -> tuple[str, ...]:
    """The endpoint's DNS zone groups again, after the endpoint: each writes every member's
    record in its zones."""
    commands = []
    endpoint_name = shlex.quote(endpoint.name)
    for group in endpoint.zone_groups:
        for number, config in enumerate(group.configs):
            verb = "create" if number == 0 else "add"
            zone_id = shlex.quote(config.zone_id) if config.zone_id else variable("ZONE_ID")
            commands.append(
                f"az network private-endpoint dns-zone-group {verb} {endpoint.group} "
                f"--endpoint-name {endpoint_name} --name {shlex.quote(group.name)} "
                f"--private-dns-zone {zone_id} --zone-name {shlex.quote(config.name)} "
                "--output none"
            )
    return tuple(commands)


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
        " Its DNS zone group is created again after it, and writes every member's record."
        + inferred
    )


def create_command(registry: Registry, endpoint: EndpointChange, registry_id: str) -> str:
    """`az network private-endpoint create` with the endpoint's members after the change:
    kept ones at their current addresses; by manual request when the deleted one was."""
    return "\n".join(
        create_endpoint(
            endpoint.name,
            endpoint.group,
            shlex.quote(endpoint.subnet_id) if endpoint.subnet_id else variable("SUBNET_ID"),
            registry.name,
            ((m.member_name, m.ip) for m in endpoint.members if m.status is not Status.REMOVED),
            manual=endpoint.manual,
            registry_id=shlex.quote(registry_id) if registry_id else variable("REGISTRY_ID"),
        )
    )


def downtime(endpoints: tuple[EndpointChange, ...]) -> str:
    recreated = [e.name for e in endpoints if e.recreated]
    if not recreated:
        return (
            "None expected: dynamic endpoints get their new members in place; the new "
            "replica's names resolve once their records exist."
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
        "The replica's creation falls inside this window: plan a maintenance window." + approval
    )
