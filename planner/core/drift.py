"""DNS drift: a private zone's records compared with the private endpoint(s) it resolves.

The expected records are the registry's members (`plan.members`), each at the address of the
first endpoint that has it; a later endpoint with another address for the same name collides
with it (one A record per name in a zone). Only this registry's records are judged: a hub
zone holds other registries' too. Records may be given per zone, each with the endpoints
resolved through it (a central hub zone and an isolated one): each zone is judged alone.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from enum import StrEnum

from planner.core import azure
from planner.core.addresses import InvalidInput, shown
from planner.core.commands import ZONE_RECORDS_GROUP as GROUP
from planner.core.commands import add_record, correct_record, delete_record
from planner.core.deployed import (
    DeployedEndpoint,
    DeployedRecord,
    DeployedZone,
    is_registry_record,
)
from planner.core.model import Kind, Member, Registry
from planner.core.plan import members


class Severity(StrEnum):
    HIGH = "high"  # clients fail or leave through the public path
    MEDIUM = "medium"  # wrong for some clients, or a trap for the next change
    LOW = "low"  # differs from what Azure writes, harmless meanwhile


class FindingKind(StrEnum):
    MISSING = "missing"
    WRONG_ADDRESS = "wrong_address"
    EXTRA_ADDRESS = "extra_address"
    STALE = "stale"
    COLLISION = "collision"
    TTL = "ttl"
    SEPARATE_ZONE = "separate_zone"


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    severity: Severity
    record: str  # relative to the cloud's private zone
    found: tuple[str, ...]
    expected: tuple[str, ...]
    message: str
    fix: tuple[str, ...]  # az commands; when there are none, the message says why


@dataclass(frozen=True)
class ResolvedZone:
    """A zone's records and the endpoints resolved through it (whose DNS zone groups point
    at it)."""

    zone: DeployedZone
    endpoints: tuple[DeployedEndpoint, ...]


@dataclass(frozen=True)
class DriftRequest:
    registry: Registry
    endpoints: tuple[DeployedEndpoint, ...]  # resolved through the zone, in order
    zone: DeployedZone
    notes: tuple[str, ...] = ()  # what reading the document left out
    # Each zone with its own endpoints, when records are given per zone; else `zone`
    # resolves every endpoint.
    zones: tuple[ResolvedZone, ...] = ()

    @property
    def resolved(self) -> tuple[ResolvedZone, ...]:
        return self.zones or (ResolvedZone(self.zone, self.endpoints),)


@dataclass(frozen=True)
class ZoneDrift:
    """One zone's records checked against the endpoints resolved through it."""

    zone: str  # the zone's name
    zone_id: str  # its resource id, when known
    endpoints: tuple[str, ...]
    records_checked: int
    findings: tuple[Finding, ...]

    @property
    def clean(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Drift:
    registry: str
    zone: str  # the zone the records were read from (the first, when there are several)
    records_checked: int  # in every zone
    findings: tuple[Finding, ...]  # of every zone, zone by zone
    notes: tuple[str, ...] = ()
    zones: tuple[ZoneDrift, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.findings


def relative_names(zone: DeployedZone, private_zone: str) -> tuple[str, dict[str, DeployedRecord]]:
    """The records by their name relative to the cloud's private zone, and the prefix of a
    separate sub-zone ("eastus.data") they were read from ("" for the zone itself)."""
    name = zone.zone or private_zone
    if name == private_zone:
        prefix = ""
    elif name.endswith("." + private_zone):
        prefix = name[: -len(private_zone) - 1]
    else:
        raise InvalidInput(
            f"The records come from {shown(name)}; the registry's private zone is "
            f"{private_zone}: give that zone's records."
        )

    def relative(label: str) -> str:
        if not prefix:
            return label
        return prefix if label == "@" else f"{label}.{prefix}"

    return prefix, {relative(record.name): record for record in zone.records}


def expected_addresses(
    wanted: tuple[Member, ...], endpoints: tuple[DeployedEndpoint, ...]
) -> dict[str, list[tuple[str, str]]]:
    """Per record name, (endpoint, address) of every endpoint that has its member."""
    by_member = {member.member_name: member.record for member in wanted}
    found: dict[str, list[tuple[str, str]]] = {member.record: [] for member in wanted}
    for endpoint in endpoints:
        for member in endpoint.members:
            if member.member_name in by_member:
                found[by_member[member.member_name]].append((endpoint.name, member.ip))
    return found


def drift(request: DriftRequest) -> Drift:
    """Each zone's records checked against its endpoints; the findings of every zone."""
    checked = tuple(zone_drift(request.registry, resolved) for resolved in request.resolved)
    return Drift(
        request.registry.name,
        checked[0].zone,
        sum(zone.records_checked for zone in checked),
        tuple(finding for zone in checked for finding in zone.findings),
        request.notes,
        checked,
    )


def zone_drift(registry: Registry, resolved: ResolvedZone) -> ZoneDrift:
    zone = resolved.zone
    private_zone = azure.CLOUDS[registry.cloud].private_zone
    prefix, records = relative_names(zone, private_zone)
    wanted = members(registry)
    addresses = expected_addresses(wanted, resolved.endpoints)
    findings: list[Finding] = []
    if prefix:
        findings.append(separate_zone(zone.zone, private_zone))
    # A separate sub-zone answers only for its own names: judge those.
    judged = [m for m in wanted if not prefix or m.record.endswith("." + prefix)]
    for member in judged:
        found = records.get(member.record)
        findings += record_findings(member, found, addresses[member.record], private_zone)
    expected_names = {member.record for member in wanted}
    for name, record in records.items():
        if name not in expected_names and is_registry_record(name, registry.name):
            findings.append(
                Finding(
                    FindingKind.STALE,
                    Severity.MEDIUM,
                    name,
                    record.addresses,
                    (),
                    f"{name} is no member of the registry now (a removed replica, or regional "
                    "endpoints turned off): its address may be given to another resource.",
                    delete_record(private_zone, name),
                )
            )
    return ZoneDrift(
        zone.zone or private_zone,
        zone.zone_id,
        tuple(endpoint.name for endpoint in resolved.endpoints),
        sum(is_registry_record(name, registry.name) for name in records),
        tuple(findings),
    )


def record_findings(
    member: Member,
    record: DeployedRecord | None,
    holders: list[tuple[str, str]],
    zone: str,
) -> list[Finding]:
    name = member.record
    expected = holders[0][1] if holders else None
    wanted = (expected,) if expected else ()
    findings = []
    if len({address for _, address in holders}) > 1:
        listed = ", ".join(f"{endpoint} {address}" for endpoint, address in holders)
        fix = (
            correct_record(zone, name, record.addresses, expected, record.ttl)
            if record and expected
            else ()
        )
        why = (
            ""
            if fix
            else " No command: the zone cannot hold both addresses; the record "
            + ("already points to the first endpoint's." if record else "is missing.")
        )
        findings.append(
            Finding(
                FindingKind.COLLISION,
                Severity.HIGH,
                name,
                record.addresses if record else (),
                wanted,
                f"Endpoints resolved through one zone both have {member.member_name}: "
                f"{listed}. A zone holds one A record per name, so one endpoint's clients get "
                f"the other's address. Give each endpoint's network a zone of its own.{why}",
                fix,
            )
        )
    if record is None:
        if member.kind is Kind.DATA_ENDPOINT:
            why = (
                "pulls hang, or leave through the public path and get 403: the replica's "
                "data endpoint has no private record"
            )
        else:
            why = "clients resolve the public address and leave through the public path"
        # The registry is as it is: its replica exists. No endpoint given has the member
        # when a static-IP endpoint was created before the replica, or a dynamic one was
        # read before Azure added the member.
        missing_address = (
            ""
            if expected
            else f" No command: no endpoint given has the member {member.member_name}, so "
            "its address is not known. A static-IP endpoint must be re-created with every "
            "member (plan the change); a dynamic one gets it from Azure: read the endpoint "
            "again (az network private-endpoint show) and run drift with it."
        )
        findings.append(
            Finding(
                FindingKind.MISSING,
                Severity.MEDIUM if member.kind is Kind.REGIONAL_ENDPOINT else Severity.HIGH,
                name,
                (),
                wanted,
                f"{name} has no record: {why}.{missing_address}",
                add_record(zone, name, expected) if expected else (),
            )
        )
        return findings
    collided = len(findings) > 0
    if expected and expected not in record.addresses and not collided:
        findings.append(
            Finding(
                FindingKind.WRONG_ADDRESS,
                Severity.HIGH,
                name,
                record.addresses,
                wanted,
                f"{name} points to {', '.join(record.addresses) or 'no address'}; the "
                f"endpoint's {member.member_name} is {expected}.",
                correct_record(zone, name, record.addresses, expected, record.ttl),
            )
        )
    elif expected and len(record.addresses) > 1 and not collided:
        findings.append(
            Finding(
                FindingKind.EXTRA_ADDRESS,
                Severity.HIGH,
                name,
                record.addresses,
                wanted,
                f"{name} has {len(record.addresses)} addresses: clients get them in turn, and "
                f"only {expected} is the endpoint's.",
                correct_record(zone, name, record.addresses, expected, record.ttl),
            )
        )
    if record.ttl != azure.RECORD_TTL:
        # TTL alone does not say who wrote a record (az writes 3600 without --ttl, a zone
        # group 10); metadata.creator does.
        writer = (
            f"a DNS zone group of {record.creator} wrote it (metadata.creator)"
            if record.creator
            else "no DNS zone group wrote it (it has no metadata.creator)"
        )
        findings.append(
            Finding(
                FindingKind.TTL,
                Severity.LOW,
                name,
                record.addresses,
                wanted,
                f"{name} has TTL {record.ttl}; a DNS zone group writes {azure.RECORD_TTL}, and "
                f"{writer}. Harmless meanwhile: a change of its address reaches clients only "
                "as their cached answer expires.",
                correct_record(zone, name, (), None, record.ttl),
            )
        )
    return findings


def separate_zone(zone: str, private_zone: str) -> Finding:
    quoted = shlex.quote(zone)
    return Finding(
        FindingKind.SEPARATE_ZONE,
        Severity.HIGH,
        zone,
        (),
        (private_zone,),
        f"The records are in a separate zone {zone}, a known misconfiguration. Microsoft's "
        "private-endpoint DNS page lists {regionName}.data." + private_zone + " with the "
        'footnote "If you are using Azure Private DNS Zones, do not deploy this as an '
        f"additional zone. DNS entries will be automatically added to the existing DNS Zone "
        f'{private_zone}." A linked sub-zone answers for every name under it, so it shadows '
        f"those names in {private_zone}: a lookup of a name the sub-zone lacks fails instead "
        f"of reaching {private_zone}. Move the records into {private_zone}, then unlink and "
        "remove the sub-zone.",
        (
            f"az network private-dns link vnet list {GROUP} --zone-name {quoted} --output table",
            f"az network private-dns link vnet delete {GROUP} --zone-name {quoted} "
            '--name "$LINK_NAME" --yes',
            f"az network private-dns zone delete {GROUP} --name {quoted} --yes",
        ),
    )
