"""A change as data: the request (what is deployed, what is wanted), and what happens to each
endpoint, member, record and zone, with the steps in their order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import Subnet
from planner.core.deployed.endpoints import DeployedEndpoint
from planner.core.deployed.zones import DeployedZone, DeployedZoneGroup
from planner.core.model import Allocation, Record, Registry
from planner.core.services import Kind

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
