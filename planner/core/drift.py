"""DNS drift: a private zone's records compared with the private endpoint(s) it resolves.

The expected records are the registry's members (`plan.members`), each at the address of the
first endpoint that has it; a later endpoint with another address for the same name collides
with it (one A record per name in a zone). Only this registry's records are judged: a hub
zone holds other registries' too. Records may be given per zone, each with the endpoints
resolved through it (a central hub zone and an isolated one): each zone is judged alone.

Findings are data: a kind, a severity, what was found and expected, a message, and the fixes
as record operations (`Fix`); `renderers/day_two.py` says the fixes as az commands, in the
zone's own resource group when its id is known. The kinds of finding a member's record can
have are one table, `RULES`, each with its severity and the rule that finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from planner.core import azure
from planner.core.addresses import InvalidInput, shown
from planner.core.deployed.endpoints import DeployedEndpoint
from planner.core.deployed.zones import DeployedRecord, DeployedZone
from planner.core.model import Registry
from planner.core.plan import members
from planner.core.services import Kind, Member


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


class FixAction(StrEnum):
    ADD = "add"  # the record set, with its one address
    CORRECT = "correct"  # the wanted address in, every other out, the zone group's TTL
    DELETE = "delete"  # the record set
    REMOVE_ZONE = "remove_zone"  # a separate sub-zone: unlinked and deleted


@dataclass(frozen=True)
class Fix:
    """One operation on the zone that corrects a finding."""

    action: FixAction
    name: str  # the record set (relative to the zone), or the sub-zone to remove
    found: tuple[str, ...] = ()
    wanted: str | None = None
    ttl: int = azure.RECORD_TTL  # the record set's TTL as found


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    severity: Severity
    record: str  # relative to the cloud's private zone
    found: tuple[str, ...]
    expected: tuple[str, ...]
    message: str
    fix: tuple[Fix, ...]  # when there are none, the message says why


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

    @property
    def high(self) -> tuple[Finding, ...]:
        """The findings that make clients fail or leave through the public path."""
        return tuple(f for f in self.findings if f.severity is Severity.HIGH)


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
        seen = Seen(member, records.get(member.record), addresses[member.record])
        findings += [finding for rule in RULES if (finding := rule(seen)) is not None]
    expected_names = {member.record for member in wanted}
    findings += [
        stale(name, record)
        for name, record in records.items()
        if name not in expected_names and registry.service.is_record(name, registry.name)
    ]
    return ZoneDrift(
        zone.zone or private_zone,
        zone.zone_id,
        tuple(endpoint.name for endpoint in resolved.endpoints),
        sum(registry.service.is_record(name, registry.name) for name in records),
        tuple(findings),
    )


@dataclass(frozen=True)
class Seen:
    """What drift sees of one member: its record (None when absent) and every endpoint
    resolved through the zone that holds the member, with its address."""

    member: Member
    record: DeployedRecord | None
    holders: list[tuple[str, str]]

    @property
    def name(self) -> str:
        return self.member.record

    @property
    def expected(self) -> str | None:
        """The first endpoint's address: the zone is planned with it."""
        return self.holders[0][1] if self.holders else None

    @property
    def wanted(self) -> tuple[str, ...]:
        return (self.expected,) if self.expected else ()

    @property
    def found(self) -> tuple[str, ...]:
        return self.record.addresses if self.record else ()

    @property
    def collides(self) -> bool:
        return len({address for _, address in self.holders}) > 1

    def correct(self) -> tuple[Fix, ...]:
        ttl = self.record.ttl if self.record else azure.RECORD_TTL
        return (Fix(FixAction.CORRECT, self.name, self.found, self.expected, ttl),)


# --- The table of what a member's record can show ----------------------------------------------


def collision(seen: Seen) -> Finding | None:
    if not seen.collides:
        return None
    listed = ", ".join(f"{endpoint} {address}" for endpoint, address in seen.holders)
    fix = seen.correct() if seen.record and seen.expected else ()
    why = (
        ""
        if fix
        else " No command: the zone cannot hold both addresses; the record "
        + ("already points to the first endpoint's." if seen.record else "is missing.")
    )
    return Finding(
        FindingKind.COLLISION,
        Severity.HIGH,
        seen.name,
        seen.found,
        seen.wanted,
        f"Endpoints resolved through one zone both have {seen.member.member_name}: {listed}. "
        "A zone holds one A record per name, so one endpoint's clients get the other's "
        f"address. Give each endpoint's network a zone of its own.{why}",
        fix,
    )


MISSING_FAILS = {
    Kind.LOGIN_SERVER: "logins and pulls fail",
    Kind.DATA_ENDPOINT: "pulls of layers from the replica's data endpoint fail",
    Kind.REGIONAL_ENDPOINT: "requests to the regional endpoint fail",
}


def missing(seen: Seen) -> Finding | None:
    if seen.record is not None:
        return None
    member = seen.member
    # The registry is as it is: its replica exists. No endpoint given has the member when a
    # static-IP endpoint was created before the replica, or a dynamic one was read before
    # Azure added the member.
    unknown = (
        ""
        if seen.expected
        else f" No command: no endpoint given has the member {member.member_name}, so its "
        "address is not known. A static-IP endpoint must be re-created with every member "
        "(plan the change); a dynamic one gets it from Azure: read the endpoint again (az "
        "network private-endpoint show) and run drift with it."
    )
    return Finding(
        FindingKind.MISSING,
        Severity.MEDIUM if member.kind is Kind.REGIONAL_ENDPOINT else Severity.HIGH,
        seen.name,
        (),
        seen.wanted,
        f"{seen.name} has no record: in the networks linked to this zone {member.fqdn} does "
        "not resolve (a private zone answers NXDOMAIN for a name it lacks, unless the link's "
        "resolutionPolicy is NxDomainRedirect, which falls back to the public address), so "
        f"{MISSING_FAILS[member.kind]} there.{unknown}",
        (Fix(FixAction.ADD, seen.name, (), seen.expected),) if seen.expected else (),
    )


def wrong_address(seen: Seen) -> Finding | None:
    record, expected = seen.record, seen.expected
    if record is None or not expected or expected in record.addresses or seen.collides:
        return None
    return Finding(
        FindingKind.WRONG_ADDRESS,
        Severity.HIGH,
        seen.name,
        record.addresses,
        seen.wanted,
        f"{seen.name} points to {', '.join(record.addresses) or 'no address'}; the endpoint's "
        f"{seen.member.member_name} is {expected}.",
        seen.correct(),
    )


def extra_address(seen: Seen) -> Finding | None:
    record, expected = seen.record, seen.expected
    if record is None or not expected or expected not in record.addresses:
        return None
    if len(record.addresses) < 2 or seen.collides:
        return None
    return Finding(
        FindingKind.EXTRA_ADDRESS,
        Severity.HIGH,
        seen.name,
        record.addresses,
        seen.wanted,
        f"{seen.name} has {len(record.addresses)} addresses: clients get them in turn, and "
        f"only {expected} is the endpoint's.",
        seen.correct(),
    )


def ttl(seen: Seen) -> Finding | None:
    record = seen.record
    if record is None or record.ttl == azure.RECORD_TTL:
        return None
    # TTL alone does not say who wrote a record (az writes 3600 without --ttl, a zone group
    # 10); metadata.creator does.
    writer = (
        f"a DNS zone group of {record.creator} wrote it (metadata.creator)"
        if record.creator
        else "no DNS zone group wrote it (it has no metadata.creator)"
    )
    return Finding(
        FindingKind.TTL,
        Severity.LOW,
        seen.name,
        record.addresses,
        seen.wanted,
        f"{seen.name} has TTL {record.ttl}; a DNS zone group writes {azure.RECORD_TTL}, and "
        f"{writer}. Harmless meanwhile: a change of its address reaches clients only as their "
        "cached answer expires.",
        (Fix(FixAction.CORRECT, seen.name, (), None, record.ttl),),
    )


# Each rule of what a member's record may show, in the order findings are listed. Where a
# collision is found, the wrong and extra address rules leave the record to it.
RULES: tuple[Callable[[Seen], Finding | None], ...] = (
    collision,
    missing,
    wrong_address,
    extra_address,
    ttl,
)


def stale(name: str, record: DeployedRecord) -> Finding:
    return Finding(
        FindingKind.STALE,
        Severity.MEDIUM,
        name,
        record.addresses,
        (),
        f"{name} is no member of the registry now (a removed replica, or regional endpoints "
        "turned off): its address may be given to another resource.",
        (Fix(FixAction.DELETE, name, record.addresses),),
    )


def separate_zone(zone: str, private_zone: str) -> Finding:
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
        (Fix(FixAction.REMOVE_ZONE, zone),),
    )
