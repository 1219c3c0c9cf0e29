"""What a change does to the private zone's records, per endpoint and per zone."""

from __future__ import annotations

from collections import defaultdict

from planner.core import azure
from planner.core.change.values import (
    EndpointChange,
    MemberChange,
    Path,
    RecordChange,
    RecordWriter,
    Status,
    ZoneChange,
)
from planner.core.deployed.zones import DeployedRecord, DeployedZone
from planner.core.services import REGISTRY


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
        before = {r.name: r for r in given.records if REGISTRY.is_record(r.name, registry)}
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
