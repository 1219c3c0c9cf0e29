"""Reading a day-two document: what is deployed, and the registry as wanted (a change) or as
it is (drift). Every problem is reported at once by its JSON pointer, as for an estate.

    {"registry": "contoso", "cloud": "public",
     "regions": ["eastus", "westeurope"]  or  "replications": <az acr replication list>,
     "regional_endpoints": false,
     "acr_show": <az acr show>  (the registry's home region, regions and regional endpoints,
                 for whatever the fields above leave out),
     "endpoints": [{"deployed": <az network private-endpoint show>,
                    "subnet": "10.0.1.0/27", "in_use": [...], "zone_scope": "hub",
                    "zone_groups": <az network private-endpoint dns-zone-group list>}, ...],
     "graph": <az graph query output>  (fills each endpoint's subnet and in_use instead),
     "records": <az network private-dns record-set a list>  or  "zone_file": "<BIND text>",
     "zone": "privatelink.azurecr.io"  (the zone the records come from; by default the
             cloud's, or what the record sets' ids say),
     or, records per zone (what `collect` writes):
     "zones": [{"zone_id": "/subscriptions/.../privateDnsZones/privatelink.azurecr.io",
                "records": <az network private-dns record-set a list>}, ...]
             (each zone resolves the endpoints whose zone_groups point at its id),
     "notes": ["..."]  (what collecting left out, carried into the answer's notes)}

Every az JSON may be in the az form or the REST form (`az rest`, the portal's JSON view). An
endpoint whose connection is not approved is left out with a note in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from planner.core import InvalidInput, Subnet, azure, inputs
from planner.core.addresses import shown
from planner.core.change.values import ChangeRequest, EndpointState
from planner.core.collected import zone_scopes
from planner.core.deployed.endpoints import DeployedEndpoint, NotApproved, read_private_endpoint
from planner.core.deployed.graph import (
    SubnetInventory,
    address_outside,
    read_graph,
    subnet_name,
    subnet_state,
)
from planner.core.deployed.places import Unreadable, listed, pointer, zone_id_of
from planner.core.deployed.registry import DeployedRegistry, read_registry_show, read_replications
from planner.core.deployed.zones import (
    DeployedZone,
    DeployedZoneGroup,
    read_record_sets,
    read_zone_file,
    read_zone_groups,
)
from planner.core.drift import DriftRequest, ResolvedZone, relative_names
from planner.core.model import Registry
from planner.forms import registry_from
from planner.forms.estate import (
    MAX_ENDPOINTS,
    DocumentInvalid,
    EndpointForm,
    EstateRegistryForm,
    capped,
    form_errors,
    unknown_keys,
)

REGISTRY_KEYS = tuple(EstateRegistryForm.base_fields)
DOCUMENT_KEYS = (
    *REGISTRY_KEYS,
    "acr_show",
    "replications",
    "endpoints",
    "graph",
    "records",
    "zone_file",
    "zone",
    "zones",
    "notes",
)
ENDPOINT_KEYS = ("deployed", "subnet", "in_use", "zone_scope", "zone_groups")
ZONE_KEYS = ("zone_id", "records")
MAX_ZONES = 100  # zones a registry's endpoints' zone groups point at
MAX_NOTES, MAX_NOTE_CHARACTERS = 1_000, 2_000
Errors = dict[str, list[str]]


def unreadable(error: Unreadable, *place: str | int) -> tuple[str, list[str]]:
    where = error.place if error.place.startswith("/") or not error.place else ""
    line = f" ({error.place})" if error.place and not where else ""
    return pointer(*place) + where, [str(error) + line]


@dataclass(frozen=True)
class AsItIs:
    """The registry as az showed it, when the document held az's output: its regions (az acr
    replication list, or az acr show) and whether regional endpoints are on (az acr show)."""

    regions: tuple[str, ...] | None = None
    regional_endpoints: bool | None = None


def read_registry(
    document: dict[str, Any],
    errors: Errors,
    notes: list[str],
    drift: bool = False,
    connected: str = "",
    as_it_is: list[AsItIs] | None = None,
) -> Registry | None:
    """The registry from its fields; what they leave out from `acr_show` (az acr show): the
    name, the cloud, the regions (with `replications`, the home region first) and whether
    regional endpoints are on; the name, last, from the endpoints' connection (`connected`).

    A change goes to the regions given; drift checks the registry as it is, so it takes the
    regions from `replications` or `acr_show` when they are given too. Either way the notes
    say which was used; what az showed goes to `as_it_is`."""
    fields = {name: document[name] for name in REGISTRY_KEYS if name in document}
    if fields.get("registry") == "":  # a form's empty field: not given
        del fields["registry"]
    try:
        shown_registry = shown_fields(document, fields, drift)
        regions, source = given_regions(document, shown_registry)
    except BoxUnreadable as error:
        errors.update([unreadable(error, error.box)])
        return None
    if regions is not None:
        regions_used(fields, regions, source, drift, notes)
    if as_it_is is not None:
        regional = shown_registry.regional_endpoints if shown_registry else None
        as_it_is.append(AsItIs(regions or None, regional))
    if "registry" not in fields and connected:
        fields["registry"] = connected
        notes.append(
            f"Registry {connected}: from the endpoint's connection (privateLinkServiceId)."
        )
    form = EstateRegistryForm(fields)
    if not form.is_valid():
        form_errors(form, (), errors)
        return None
    return registry_from(form.cleaned_data)


class BoxUnreadable(Unreadable):
    """What az printed in one of the document's fields (`box`) cannot be read."""

    def __init__(self, error: Unreadable, box: str) -> None:
        super().__init__(error.place, str(error))
        self.box = box


def shown_fields(
    document: dict[str, Any], fields: dict[str, Any], drift: bool
) -> DeployedRegistry | None:
    """az acr show's registry (None when not given), with what it says filled into the
    registry's `fields` they leave out; drift takes its regional endpoints as they are."""
    if "acr_show" not in document:
        return None
    try:
        shown_registry = read_registry_show(document["acr_show"])
    except Unreadable as error:
        raise BoxUnreadable(error, "acr_show") from None
    fields.setdefault("registry", shown_registry.name)
    if shown_registry.cloud is not None:
        fields.setdefault("cloud", shown_registry.cloud.value)
    if shown_registry.regional_endpoints is not None:
        fields.setdefault("regional_endpoints", shown_registry.regional_endpoints)
        if drift:  # the registry as it is
            fields["regional_endpoints"] = shown_registry.regional_endpoints
    return shown_registry


def given_regions(
    document: dict[str, Any], shown_registry: DeployedRegistry | None
) -> tuple[tuple[str, ...] | None, str]:
    """The regions az printed (replications first, else az acr show's) and which said them."""
    if "replications" in document:
        home = shown_registry.home if shown_registry else ""
        try:
            return read_replications(document["replications"], home), "az acr replication list"
        except Unreadable as error:
            raise BoxUnreadable(error, "replications") from None
    if shown_registry is not None:
        return shown_registry.regions, "az acr show"
    return None, ""


def regions_used(
    fields: dict[str, Any], as_it_is: tuple[str, ...], source: str, drift: bool, notes: list[str]
) -> None:
    """The regions of the registry: those given, or as `source` shows it (for drift, or when
    none are given); a note says which, when both were there."""
    given = fields.get("regions")
    if given in (None, "", []):
        fields["regions"] = list(as_it_is)
        return
    listed_given = ", ".join(given) if isinstance(given, list) else str(given)
    listed = ", ".join(as_it_is)
    if drift:
        fields["regions"] = list(as_it_is)
        notes.append(
            f"Regions: drift checks the registry as {source} shows it ({listed}); the regions "
            f"given ({shown(listed_given)}) are for a change."
        )
    else:
        notes.append(
            f"Regions: the change goes to the regions given ({shown(listed_given)}); {source} "
            f"shows the registry as it is ({listed})."
        )


def read_zone(
    document: dict[str, Any], errors: Errors, required: bool, registry: Registry | None
) -> DeployedZone | None:
    """The records of the single-zone form: record sets, or a zone file (read as the
    registry's cloud's private zone when it has no $ORIGIN and no zone is named)."""
    zone = document.get("zone", "")
    if not isinstance(zone, str) or len(zone) > 253:
        errors[pointer("zone")] = ["Give the zone's name as text, e.g. privatelink.azurecr.io."]
        return None
    records, text = document.get("records"), document.get("zone_file")
    try:
        if records is not None and text is not None:
            errors[pointer("zone_file")] = ["Give records or zone_file, not both."]
        elif records is not None:
            return read_record_sets(records, zone.strip())
        elif text is not None:
            if not isinstance(text, str):
                errors[pointer("zone_file")] = ["Give the zone file as text."]
                return None
            cloud = registry.cloud if registry is not None else azure.Cloud.PUBLIC
            return read_zone_file(text, zone.strip() or azure.CLOUDS[cloud].private_zone)
        elif required:
            errors[pointer("records")] = [
                "Give the zone's records: records (az network private-dns record-set a list) "
                "or zone_file (a BIND master file)."
            ]
    except Unreadable as error:
        errors.update([unreadable(error, "records" if records is not None else "zone_file")])
    return None


def read_zones(
    document: dict[str, Any], errors: Errors, registry: Registry | None
) -> list[tuple[int, DeployedZone]] | None:
    """`zones`: each zone's resource id and its record sets (the zone's id on each), with
    their places; None when the document gives its records the single-zone way."""
    if "zones" not in document:
        return None
    given = [key for key in ("records", "zone_file", "zone") if key in document]
    if given:
        errors[pointer("zones")] = [f"Give zones, or {' and '.join(given)}, not both."]
        return None
    items = document["zones"]
    if not isinstance(items, list) or len(items) > MAX_ZONES:
        errors[pointer("zones")] = [
            f"Give zones as a list of at most {MAX_ZONES} objects, each with zone_id and records."
        ]
        return None
    zones: list[tuple[int, DeployedZone]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        try:
            zones.append((index, read_zone_item(item, index, seen, errors, registry)))
        except Refused as refused:
            errors[refused.at] = refused.messages
    return zones


class Refused(Exception):
    """A part of the document refused: its place (a JSON pointer) and why."""

    def __init__(self, at: str, *messages: str) -> None:
        super().__init__(*messages)
        self.at, self.messages = at, list(messages)


def read_zone_item(
    item: Any, index: int, seen: dict[str, int], errors: Errors, registry: Registry | None
) -> DeployedZone:
    """One zone of `zones`, with its records; `seen`: the zone ids given so far."""
    place = ("zones", index)
    if not isinstance(item, dict):
        raise Refused(pointer(*place), "Each zone is an object with zone_id and records.")
    unknown_keys(item, ZONE_KEYS, place, errors)
    zone_id = item.get("zone_id")
    found = zone_id_of(zone_id) if isinstance(zone_id, str) else None
    if found is None or not isinstance(zone_id, str) or found[0] != zone_id.strip():
        shape = inputs.ZONE_ID_SHAPE.format(zone="<zone>")
        raise Refused(pointer(*place, "zone_id"), f"Give the zone's resource id: {shape}.")
    if seen.setdefault(found[0].lower(), index) != index:
        raise Refused(pointer(*place, "zone_id"), "This zone is given twice.")
    if "records" not in item:
        raise Refused(
            pointer(*place, "records"),
            "Give the zone's records: what az network private-dns record-set a list prints.",
        )
    try:
        zone = replace(read_record_sets(item["records"], found[1]), zone_id=found[0])
    except Unreadable as error:
        at, messages = unreadable(error, *place, "records")
        raise Refused(at, *messages) from None
    if elsewhere := foreign_record(item["records"], found[0]):
        raise Refused(
            pointer(*place, "records") + elsewhere,
            "This record set's id names another zone than zone_id.",
        )
    if registry is not None:
        try:
            relative_names(zone, azure.CLOUDS[registry.cloud].private_zone)
        except InvalidInput as problem:
            raise Refused(pointer(*place, "zone_id"), str(problem)) from None
    return zone


def foreign_record(records: Any, zone_id: str) -> str:
    """The place of the first record set whose id names another zone ("" when none does)."""
    items, at = listed(records, (), "records")
    for index, item in enumerate(items):
        resource_id = item.get("id") if isinstance(item, dict) else None
        found = zone_id_of(resource_id) if isinstance(resource_id, str) else None
        if found is not None and found[0].lower() != zone_id.lower():
            return pointer(*at, index, "id")
    return ""


def points_at(groups: tuple[DeployedZoneGroup, ...] | None, zone: DeployedZone) -> bool:
    """Whether one of the endpoint's DNS zone groups writes into the zone."""
    key = zone.zone_id.lower()
    return any(config.zone_id.lower() == key for group in groups or () for config in group.configs)


def read_notes(document: dict[str, Any], errors: Errors) -> list[str]:
    """`notes`: what collecting left out, said again in the answer."""
    notes = document.get("notes", [])
    if (
        not isinstance(notes, list)
        or len(notes) > MAX_NOTES
        or not all(isinstance(n, str) and len(n) <= MAX_NOTE_CHARACTERS for n in notes)
    ):
        errors[pointer("notes")] = [
            f"Give notes as a list of at most {MAX_NOTES:,} texts of at most "
            f"{MAX_NOTE_CHARACTERS:,} characters."
        ]
        return []
    return [note for note in notes if isinstance(note, str)]


def untied_notes(names: list[str]) -> list[str]:
    return [
        f"{name}: no zone given resolves it (none of its DNS zone groups points at one of "
        "zones), so its records are not checked."
        for name in names
    ]


def read_inventory(document: dict[str, Any], errors: Errors) -> dict[str, SubnetInventory]:
    if document.get("graph") is None:
        return {}
    try:
        return {subnet.subnet_id: subnet for subnet in read_graph(document["graph"])}
    except Unreadable as error:
        errors.update([unreadable(error, "graph")])
        return {}


def read_deployed(
    items: Any, errors: Errors, notes: list[str] | None = None
) -> list[tuple[int, dict[str, Any], DeployedEndpoint]]:
    """Each endpoint's `deployed` JSON; an endpoint whose connection is not approved is
    left out with a note."""
    if not isinstance(items, list) or not items:
        errors[pointer("endpoints")] = [
            "Give endpoints as a list of 1 or more objects, each with `deployed`: the JSON of "
            "az network private-endpoint show."
        ]
        return []
    if len(items) > MAX_ENDPOINTS:
        errors[pointer("endpoints")] = [f"At most {MAX_ENDPOINTS:,} endpoints."]
        return []
    read, left_out = [], []
    for index, item in enumerate(items):
        try:
            read.append((index, item, read_deployed_item(item, index, errors)))
        except NotApproved as unapproved:
            left_out.append((index, unapproved))
        except Refused as problem:
            errors[problem.at] = problem.messages
    if left_out and not read and not errors:
        for index, refused in left_out:
            errors[pointer("endpoints", index, "deployed")] = [str(refused)]
    if notes is not None:
        notes += [refused.note for _, refused in left_out]
    names: dict[str, int] = {}
    for index, _, endpoint in read:
        if names.setdefault(endpoint.name.lower(), index) != index:
            errors[pointer("endpoints", index, "deployed", "name")] = [
                f"'{shown(endpoint.name)}' names another endpoint too; each name is unique."
            ]
    return read


def read_deployed_item(item: Any, index: int, errors: Errors) -> DeployedEndpoint:
    """One endpoint's `deployed` JSON (NotApproved when its connection is not approved)."""
    if not isinstance(item, dict):
        raise Refused(pointer("endpoints", index), "Each endpoint is an object with `deployed`.")
    unknown_keys(item, ENDPOINT_KEYS, ("endpoints", index), errors)
    if "deployed" not in item:
        raise Refused(
            pointer("endpoints", index, "deployed"),
            "Give the JSON of az network private-endpoint show.",
        )
    try:
        return read_private_endpoint(item["deployed"])
    except NotApproved:
        raise
    except Unreadable as error:
        at, messages = unreadable(error, "endpoints", index, "deployed")
        raise Refused(at, *messages) from None


def zone_groups(
    index: int, item: dict[str, Any], errors: Errors
) -> tuple[DeployedZoneGroup, ...] | None:
    """The endpoint's DNS zone groups, when given (an empty list: it has none)."""
    if "zone_groups" not in item:
        return None
    try:
        return read_zone_groups(item["zone_groups"])
    except Unreadable as error:
        errors.update([unreadable(error, "endpoints", index, "zone_groups")])
        return None


def check_registry(
    read: list[tuple[int, dict[str, Any], DeployedEndpoint]], registry: Registry, errors: Errors
) -> None:
    for index, _, endpoint in read:
        if endpoint.registry and endpoint.registry != registry.name:
            errors[pointer("endpoints", index, "deployed")] = [
                f"This endpoint connects to the registry {shown(endpoint.registry)}, not "
                f"{registry.name}."
            ]


def endpoint_subnet(
    index: int,
    item: dict[str, Any],
    endpoint: DeployedEndpoint,
    inventory: dict[str, SubnetInventory],
    errors: Errors,
    notes: list[str] | None = None,
) -> Subnet | None:
    """The subnet given with the endpoint, or the one Resource Graph lists for it."""
    place = ("endpoints", index)
    if "subnet" in item:
        form = EndpointForm(
            {"name": endpoint.name, **{k: item[k] for k in ("subnet", "in_use") if k in item}}
        )
        if not form.is_valid():
            form_errors(form, place, errors)
            return None
        subnet = Subnet(form.cleaned_data["subnet"], form.cleaned_data["in_use"])
    elif "in_use" in item:
        errors[pointer(*place, "in_use")] = ["in_use goes with subnet."]
        return None
    else:
        found = inventory.get(endpoint.subnet_id)
        if found is None or not found.prefixes:
            where = f" ({subnet_name(endpoint.subnet_id)})" if endpoint.subnet_id else ""
            errors[pointer(*place, "subnet")] = [
                f"Give the endpoint's subnet{where}: subnet and in_use, or the graph output "
                "that lists it."
            ]
            return None
        state = subnet_state((found,), found.subnet_id, endpoint.members[0].ip)
        subnet = Subnet(state.cidr, state.used)
        if notes is not None and state.shortfall and state.shortfall not in notes:
            notes.append(state.shortfall)
    if outside := address_outside(endpoint, subnet.cidr):
        errors[pointer(*place, "subnet")] = [f"{outside}: is this its subnet?"]
        return None
    return subnet


def zone_scope(index: int, item: dict[str, Any], errors: Errors) -> str:
    scope = item.get("zone_scope") or "default"
    if not isinstance(scope, str):
        errors[pointer("endpoints", index, "zone_scope")] = ["Give the zone scope as text."]
        return "default"
    try:
        return inputs.parse_endpoint_name(scope, "A zone scope")
    except InvalidInput as problem:
        errors[pointer("endpoints", index, "zone_scope")] = [str(problem)]
        return "default"


def start(document: Any) -> Errors:
    if not isinstance(document, dict):
        raise DocumentInvalid({"": ["The document is a JSON object with registry and endpoints."]})
    errors: Errors = {}
    unknown_keys(document, DOCUMENT_KEYS, (), errors)
    return errors


def connected_registry(read: list[tuple[int, dict[str, Any], DeployedEndpoint]]) -> str:
    """The registry the first endpoint connects to, by its connection or FQDNs ("" if none)."""
    return next((endpoint.registry for _, _, endpoint in read if endpoint.registry), "")


def read_change(document: Any) -> ChangeRequest:
    """The change's request, or DocumentInvalid with every problem by JSON pointer."""
    errors = start(document)
    notes = read_notes(document, errors)
    read = read_deployed(document.get("endpoints"), errors, notes)
    shown: list[AsItIs] = []
    registry = read_registry(
        document, errors, notes, connected=connected_registry(read), as_it_is=shown
    )
    inventory = read_inventory(document, errors)
    zones = read_zones(document, errors, registry)
    zone = read_zone(document, errors, False, registry) if zones is None else None
    if registry is not None:
        check_registry(read, registry, errors)
    states, scope_zones, untied = endpoint_states(read, inventory, zones, errors, notes)
    if errors or registry is None:
        raise DocumentInvalid(capped(errors))
    as_it_is = shown[0] if shown else AsItIs()
    return ChangeRequest(
        registry,
        tuple(states),
        zone,
        tuple(notes + untied_notes(untied)),
        tuple(scope_zones.items()),
        as_it_is.regions,
        as_it_is.regional_endpoints,
    )


def endpoint_states(
    read: list[tuple[int, dict[str, Any], DeployedEndpoint]],
    inventory: dict[str, SubnetInventory],
    zones: list[tuple[int, DeployedZone]] | None,
    errors: Errors,
    notes: list[str],
) -> tuple[list[EndpointState], dict[str, DeployedZone], list[str]]:
    """Each endpoint as it stands (those with a subnet); with records given per zone, the zone
    of each scope, and the endpoints whose zone groups point at none of the zones."""
    # Records given per zone: the endpoints whose zone groups point at one zone share its
    # scope (named after its resource group), unless the document names their scope.
    scopes = zone_scopes((z.zone_id for _, z in zones or ()), ("default",))
    states: list[EndpointState] = []
    scope_zones: dict[str, DeployedZone] = {}
    untied: list[str] = []
    for index, item, endpoint in read:
        subnet = endpoint_subnet(index, item, endpoint, inventory, errors, notes)
        scope = zone_scope(index, item, errors)
        groups = zone_groups(index, item, errors)
        if zones is not None:
            tied = next((z for _, z in zones if points_at(groups, z)), None)
            if tied is None:
                untied.append(endpoint.name)
            else:
                scope = scope if item.get("zone_scope") else scopes[tied.zone_id.lower()]
                scope_zones.setdefault(scope, tied)
        if subnet is not None:
            states.append(EndpointState(endpoint, subnet, scope, groups))
    return states, scope_zones, untied


def read_drift(document: Any) -> DriftRequest:
    """The drift check's request: the registry as it is, its endpoints, the zone's records."""
    errors = start(document)
    notes = read_notes(document, errors)
    read = read_deployed(document.get("endpoints"), errors, notes)
    connected = connected_registry(read)
    registry = read_registry(document, errors, notes, drift=True, connected=connected)
    zones = read_zones(document, errors, registry)
    zone = read_zone(document, errors, True, registry) if zones is None else None
    if registry is not None:
        check_registry(read, registry, errors)
    if registry is not None and zone is not None:
        try:
            relative_names(zone, azure.CLOUDS[registry.cloud].private_zone)
        except InvalidInput as problem:
            errors[pointer("zone")] = [str(problem)]
    resolved = resolved_zones(zones, read, errors, notes) if zones is not None else ()
    if resolved:
        zone = resolved[0].zone
    if errors or registry is None or zone is None:
        raise DocumentInvalid(capped(errors))
    endpoints = tuple(endpoint for _, _, endpoint in read)
    return DriftRequest(registry, endpoints, zone, tuple(notes), resolved)


def resolved_zones(
    zones: list[tuple[int, DeployedZone]],
    read: list[tuple[int, dict[str, Any], DeployedEndpoint]],
    errors: Errors,
    notes: list[str],
) -> tuple[ResolvedZone, ...]:
    """Each zone with the endpoints whose zone groups point at it; the others named."""
    if not zones and not any(place.startswith("/zones") for place in errors):
        errors[pointer("zones")] = [
            "Give at least one zone's records: drift checks the zones the endpoints' DNS zone "
            "groups point at, and none was given (an endpoint without a zone group: give its "
            "zone's records and zone instead)."
        ]
    groups = {index: zone_groups(index, item, errors) for index, item, _ in read}
    resolved = []
    for place, zone in zones:
        tied = tuple(endpoint for index, _, endpoint in read if points_at(groups[index], zone))
        if not tied and read:
            errors[pointer("zones", place, "zone_id")] = [
                "No endpoint's zone group points at this zone: give each endpoint's "
                "zone_groups (what az network private-endpoint dns-zone-group list prints)."
            ]
        resolved.append(ResolvedZone(zone, tied))
    untied = [
        endpoint.name
        for index, _, endpoint in read
        if not any(points_at(groups[index], zone) for _, zone in zones)
    ]
    notes += untied_notes(untied)
    return tuple(resolved)
