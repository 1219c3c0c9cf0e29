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

import shlex
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from netaddr.strategy.ipv4 import int_to_str, str_to_int

from planner.core import azure
from planner.core.addresses import Span, Subnet, merge
from planner.core.commands import add_record, correct_record, delete_record
from planner.core.deployed import (
    DeployedEndpoint,
    DeployedRecord,
    DeployedZone,
    inside,
    is_registry_record,
    member_kind,
)
from planner.core.model import Kind, Record, Registry
from planner.core.plan import members

REGISTRY_GROUP = '--resource-group "$RESOURCE_GROUP"'


class Status(StrEnum):
    KEPT = "kept"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class EndpointState:
    deployed: DeployedEndpoint
    subnet: Subnet  # the endpoint's subnet and the addresses used in it
    zone_scope: str


@dataclass(frozen=True)
class ChangeRequest:
    registry: Registry  # as wanted after the change
    endpoints: tuple[EndpointState, ...]
    zone: DeployedZone | None = None  # the records of the first endpoint's zone, if given


@dataclass(frozen=True)
class MemberChange:
    status: Status
    kind: Kind
    region: str | None
    member_name: str
    fqdn: str
    record: str  # relative to the private zone
    ip: str  # "" for an added member the subnet has no address for


@dataclass(frozen=True)
class EndpointChange:
    name: str
    static: bool
    subnet: str
    zone_scope: str
    members: tuple[MemberChange, ...]
    free_before: int  # free addresses of the subnet before the change (all its endpoints)
    path: str  # what happens to this endpoint, in a sentence

    def having(self, status: Status) -> tuple[MemberChange, ...]:
        return tuple(member for member in self.members if member.status is status)

    @property
    def fits(self) -> bool:
        return all(member.ip for member in self.having(Status.ADDED))

    @property
    def changes(self) -> bool:
        return bool(self.having(Status.ADDED) or self.having(Status.REMOVED))

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
    action: str  # add, change, delete
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

    @property
    def fits(self) -> bool:
        return all(endpoint.fits for endpoint in self.endpoints)

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
    every current member's address (they are never given again)."""
    used: dict[str, list[Span]] = defaultdict(list)
    cidrs = {}
    for endpoint in request.endpoints:
        key = str(endpoint.subnet.cidr)
        cidrs[key] = endpoint.subnet.cidr
        used[key] += endpoint.subnet.used
        used[key] += [
            Span(value, value)
            for member in endpoint.deployed.members
            if inside(value := str_to_int(member.ip), endpoint.subnet.cidr)
        ]
    return {key: Subnet(cidrs[key], merge(spans)) for key, spans in used.items()}


def change(request: ChangeRequest) -> Change:
    registry = request.registry
    facts = azure.CLOUDS[registry.cloud]
    wanted = members(registry)
    subnets = free_addresses(request)
    planned = []
    for state in request.endpoints:
        key = str(state.subnet.cidr)
        current = {member.member_name: member.ip for member in state.deployed.members}
        added = [member for member in wanted if member.member_name not in current]
        free_before = subnets[key].free
        taken = subnets[key].allocate(len(added))
        new_addresses: tuple[str, ...] = ("",) * len(added)
        if taken is not None:
            subnets[key] = taken[1]
            new_addresses = tuple(int_to_str(value) for value in taken[0])
        given = dict(zip((m.member_name for m in added), new_addresses, strict=True))
        changes = [
            MemberChange(
                Status.KEPT if member.member_name in current else Status.ADDED,
                member.kind,
                member.region,
                member.member_name,
                f"{member.record}.{facts.registry_suffix}",
                member.record,
                current.get(member.member_name) or given[member.member_name],
            )
            for member in wanted
        ]
        wanted_names = {member.member_name for member in wanted}
        changes += removed_members(state.deployed, wanted_names, registry)
        planned.append(
            EndpointChange(
                state.deployed.name,
                state.deployed.static,
                key,
                state.zone_scope,
                tuple(changes),
                free_before,
                endpoint_path(state.deployed, bool(added), free_before, len(added)),
            )
        )
    regions, regional = current_regions(request.endpoints)
    endpoint_changes = tuple(planned)
    zone_changes = zone_differences(endpoint_changes, request.zone, facts.private_zone)
    added_regions = tuple(r for r in registry.regions if r not in regions)
    removed_regions = tuple(r for r in regions if r not in registry.regions)
    enable = registry.regional_endpoints and not regional
    return Change(
        registry=registry,
        zone=facts.private_zone,
        added_regions=added_regions,
        removed_regions=removed_regions,
        enable_regional_endpoints=enable,
        endpoints=endpoint_changes,
        zones=zone_changes,
        runbook=runbook(
            registry, endpoint_changes, zone_changes, added_regions, removed_regions, enable
        ),
        downtime=downtime(endpoint_changes),
    )


def removed_members(
    deployed: DeployedEndpoint, wanted: set[str], registry: Registry
) -> list[MemberChange]:
    facts = azure.CLOUDS[registry.cloud]
    removed = []
    for member in deployed.members:
        if member.member_name in wanted:
            continue
        kind, region = member_kind(member.member_name) or (Kind.LOGIN_SERVER, None)
        label = {
            Kind.LOGIN_SERVER: azure.LOGIN_LABEL,
            Kind.DATA_ENDPOINT: azure.DATA_LABEL,
            Kind.REGIONAL_ENDPOINT: azure.REGIONAL_LABEL,
        }[kind].format(registry=registry.name, region=region)
        removed.append(
            MemberChange(
                Status.REMOVED,
                kind,
                region,
                member.member_name,
                f"{label}.{facts.registry_suffix}",
                label,
                member.ip,
            )
        )
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
    endpoints: tuple[EndpointChange, ...], deployed: DeployedZone | None, zone: str
) -> tuple[ZoneChange, ...]:
    """Per zone scope, the records of its first endpoint after the change, compared with the
    deployed zone's records (given for the first scope) or with the endpoint's members."""
    scopes: dict[str, list[EndpointChange]] = defaultdict(list)
    for endpoint in endpoints:
        scopes[endpoint.zone_scope].append(endpoint)
    result = []
    for number, (scope, sharing) in enumerate(scopes.items()):
        first = sharing[0]
        if number == 0 and deployed is not None:
            registry = first.members[0].record  # the login server's record: the registry's name
            before = {r.name: r for r in deployed.records if is_registry_record(r.name, registry)}
            compared = "zone"
        else:
            before = {
                m.record: DeployedRecord(m.record, azure.RECORD_TTL, (m.ip,))
                for m in first.members
                if m.status is not Status.ADDED
            }
            compared = "endpoint"
        # Only records whose address is known can be written ahead (not with dynamic allocation).
        after = {r.name: (r.value, r.ttl) for r in first.records if r.value is not None}
        changes = []
        for name, (value, ttl) in after.items():
            old = before.get(name)
            if old is None:
                changes.append(
                    RecordChange("add", name, (), (value,), add_record(zone, name, value))
                )
            elif old.addresses != (value,) or old.ttl != ttl:
                commands = correct_record(zone, name, old.addresses, value, old.ttl)
                changes.append(RecordChange("change", name, old.addresses, (value,), commands))
        for name, old in before.items():
            if name not in after:
                changes.append(
                    RecordChange("delete", name, old.addresses, (), delete_record(zone, name))
                )
        result.append(
            ZoneChange(
                scope,
                zone,
                tuple(e.name for e in sharing),
                tuple(changes),
                tuple(record for record in first.records if record.name in after),
                compared,
            )
        )
    return tuple(result)


def runbook(
    registry: Registry,
    endpoints: tuple[EndpointChange, ...],
    zones: tuple[ZoneChange, ...],
    added: tuple[str, ...],
    removed: tuple[str, ...],
    enable_regional: bool,
) -> tuple[Step, ...]:
    """The ordered steps: static endpoints go first (Azure refuses a replica while they
    exist), then the registry, then the endpoints again with every member, then DNS."""
    recreated = [e for e in endpoints if e.static and e.changes]
    name = shlex.quote(registry.name)
    steps = []
    if recreated:
        steps.append(
            Step(
                "Delete the static-IP endpoint(s); the outage starts here",
                tuple(
                    f"az network private-endpoint delete --name {shlex.quote(e.name)} "
                    f"{REGISTRY_GROUP} --output none"
                    for e in recreated
                ),
                azure.STATIC_REPLICA_ADD_FAILS,
            )
        )
    registry_commands = [
        f"az acr replication create --registry {name} --location {region} --output none"
        for region in added
    ]
    # No --yes: `az acr replication delete` asks no confirmation and refuses the flag
    # (azure-cli, command_modules/acr/commands.py registers it without confirmation=True).
    registry_commands += [
        f"az acr replication delete --registry {name} --name {region} --output none"
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
        steps.append(
            Step(
                f"Re-create {endpoint.name} with every member; the outage ends when it and "
                "its records are in place",
                (create_command(registry, endpoint),),
                azure.TERRAFORM_REPLACES,
            )
        )
    dns = [
        line
        for zone in zones
        if zone.changes
        for line in (
            f"# zone scope {zone.scope} ({', '.join(zone.endpoints)}): ZONE_RESOURCE_GROUP is "
            "the resource group of its zone",
            *(command for change in zone.changes for command in change.commands),
        )
    ]
    if dns:
        steps.append(
            Step(
                "Correct the private DNS zone",
                tuple(dns),
                "A DNS zone group writes these records itself: with one, check them instead "
                "(drift) and run only what is still missing.",
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


def create_command(registry: Registry, endpoint: EndpointChange) -> str:
    """`az network private-endpoint create` with the endpoint's members after the change:
    kept ones at their current addresses."""
    configurations = [
        f"  --ip-config name={m.member_name} group-id={azure.GROUP_ID} "
        f"member-name={m.member_name} private-ip-address={m.ip} \\"
        for m in endpoint.members
        if m.status is not Status.REMOVED
    ]
    return "\n".join(
        [
            f"az network private-endpoint create --name {shlex.quote(endpoint.name)} \\",
            f'  {REGISTRY_GROUP} --subnet "$SUBNET_ID" \\',
            '  --private-connection-resource-id "$REGISTRY_ID" \\',
            f"  --group-id {azure.GROUP_ID} --connection-name {shlex.quote(registry.name)} \\",
            *configurations,
            "  --output none",
        ]
    )


def downtime(endpoints: tuple[EndpointChange, ...]) -> str:
    recreated = [e.name for e in endpoints if e.static and e.changes]
    if not recreated:
        return (
            "None expected: dynamic endpoints get their new members in place; the new "
            "replica's names resolve once their records exist."
        )
    return (
        f"{', '.join(recreated)}: from the delete until the endpoint is created again and its "
        "records exist, clients in its networks cannot reach the registry privately (with "
        "public access disabled, pulls fail; otherwise they leave through the public path). "
        "The replica's creation falls inside this window: plan a maintenance window."
    )
