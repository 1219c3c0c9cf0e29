"""Reading what is deployed: a private endpoint, a private zone's records, a registry's
replications, and a subnet inventory from Azure Resource Graph.

Each reader takes what `az` prints (already parsed from JSON, or the text of a zone file)
and returns frozen values, or raises `Unreadable` naming the place of the first problem as a
JSON pointer relative to what it was given ("/ipConfigurations/2/privateIPAddress"), or a
line of a zone file. The field names are in `azure`, each with its source. Every reader is
linear in its input and bounded by the caps below.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import dns.exception
import dns.name
import dns.rdatatype
import dns.zone
from netaddr import IPNetwork
from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import (
    InvalidInput,
    Span,
    count,
    merge,
    parse_address,
    parse_cidr,
    shown,
    span_text,
)
from planner.core.inputs import ascii_lower
from planner.core.model import Kind

MAX_TEXT_CHARACTERS = 2_000_000  # one pasted document or zone file
MAX_ITEMS = 100_000  # rows of a Resource Graph answer; record sets; IP configurations
MAX_ADDRESSES_PER_NAME = 1_000
# dnspython reads about 5,000 records a second here: a zone file is held to a size a hub
# zone of many registries stays under, and to the directives that add no records.
MAX_ZONE_LINES = 5_000
ZONE_DIRECTIVES = frozenset({"$ORIGIN", "$TTL"})  # not $GENERATE (a line makes thousands)


class Unreadable(InvalidInput):
    """What `az` printed cannot be read; `place` says where (a JSON pointer, or a line)."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer to a place in a document (every reader names places so)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


@dataclass(frozen=True)
class DeployedMember:
    member_name: str
    ip: str


@dataclass(frozen=True)
class DeployedEndpoint:
    name: str
    subnet_id: str  # lower case; "" when az printed none
    static: bool  # created with IP configurations: their addresses and members are fixed
    members: tuple[DeployedMember, ...]
    registry: str  # from the connection or the FQDNs; "" when neither names it


@dataclass(frozen=True)
class DeployedRecord:
    name: str  # relative to the zone it was read from, lower case; "@" for the apex
    ttl: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class DeployedZone:
    zone: str  # the zone the records were read from: lower case, no final dot; "" if unknown
    records: tuple[DeployedRecord, ...]


@dataclass(frozen=True)
class SubnetInventory:
    subnet_id: str  # lower case
    prefixes: tuple[str, ...]
    addresses: tuple[str, ...]  # every network interface address in it


def load_json(text: str, what: str) -> Any:
    """A pasted or uploaded JSON document (the API's body is read by the API)."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise Unreadable(
            "", f"{what} has {len(text):,} characters; at most {MAX_TEXT_CHARACTERS:,} are read."
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(
            "", f"{what} is not JSON ({error.msg}, line {error.lineno}); is it cut short?"
        ) from None
    except (ValueError, RecursionError):
        raise Unreadable("", f"{what} is nested too deeply, or has too long a number.") from None


# --- Small checks shared by the readers ---------------------------------------------------


def items_of(value: Any, place: tuple[str | int, ...], what: str) -> list[Any]:
    if not isinstance(value, list):
        raise Unreadable(pointer(*place), f"Expected {what} as a JSON array.")
    if len(value) > MAX_ITEMS:
        raise Unreadable(pointer(*place), f"{len(value):,} items; at most {MAX_ITEMS:,}.")
    return value


def object_at(value: Any, place: tuple[str | int, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreadable(pointer(*place), f"Expected {what} as a JSON object.")
    return value


def text_at(item: dict[str, Any], key: str, place: tuple[str | int, ...], what: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Unreadable(pointer(*place, key), f"Expected {what} as text; az prints `{key}`.")
    return value.strip()


def address_at(value: Any, place: tuple[str | int, ...]) -> str:
    if not isinstance(value, str):
        raise Unreadable(pointer(*place), "Expected an IPv4 address as text.")
    try:
        parse_address(value.strip())
    except InvalidInput as problem:
        raise Unreadable(pointer(*place), str(problem)) from None
    return value.strip()


def inside(address: str | int, network: IPNetwork) -> bool:
    """Whether an address (text or integer) lies in the network."""
    value = str_to_int(address) if isinstance(address, str) else address
    return bool(network.first <= value <= network.last)


def absent_empty(value: Any) -> Any:
    """A list az may leave out or print as null."""
    return [] if value is None else value


def flattened(item: dict[str, Any]) -> dict[str, Any]:
    """An IP configuration as az prints it, or as the REST API nests it under properties."""
    nested = item.get("properties")
    return {**item, **nested} if isinstance(nested, dict) else item


# --- Members and FQDNs ------------------------------------------------------------------


def member_kind(member_name: str) -> tuple[Kind, str | None] | None:
    """What a member name is for: the login server, or a region's data or regional
    endpoint; None for a name the registry group does not use."""
    if member_name == azure.LOGIN_MEMBER:
        return Kind.LOGIN_SERVER, None
    data_prefix = azure.DATA_MEMBER.format(region="")
    regional_prefix = azure.REGIONAL_MEMBER.format(region="")
    if member_name.startswith(data_prefix) and len(member_name) > len(data_prefix):
        return Kind.DATA_ENDPOINT, member_name[len(data_prefix) :]
    if member_name.startswith(regional_prefix) and len(member_name) > len(regional_prefix):
        return Kind.REGIONAL_ENDPOINT, member_name[len(regional_prefix) :]
    return None


def member_of_fqdn(fqdn: str) -> tuple[str, str] | None:
    """(registry, member name) of a public FQDN such as contoso.eastus.data.azurecr.io."""
    name = ascii_lower(fqdn.strip().rstrip("."))
    for facts in azure.CLOUDS.values():
        suffix = "." + facts.registry_suffix
        if not name.endswith(suffix):
            continue
        labels = name[: -len(suffix)].split(".")
        if len(labels) == 1:
            return labels[0], azure.LOGIN_MEMBER
        if len(labels) == 3 and labels[2] == "data":
            return labels[0], azure.DATA_MEMBER.format(region=labels[1])
        if len(labels) == 3 and labels[2] == "geo":
            return labels[0], azure.REGIONAL_MEMBER.format(region=labels[1])
    return None


def is_registry_record(name: str, registry: str) -> bool:
    """Whether a record of the private zone is the registry's login, data or regional one
    (a hub zone holds other registries' records too)."""
    parts = name.split(".")
    return name == registry or (
        len(parts) == 3 and parts[0] == registry and parts[2] in ("data", "geo")
    )


# --- az network private-endpoint show -----------------------------------------------------


def read_private_endpoint(value: Any) -> DeployedEndpoint:
    """`az network private-endpoint show` (or one item of `list`)."""
    item = object_at(value, (), "the output of az network private-endpoint show")
    name = text_at(item, azure.ENDPOINT_NAME, (), "the endpoint's name")
    subnet_key, id_key = azure.ENDPOINT_SUBNET
    subnet = item.get(subnet_key)
    subnet_id = ""
    if subnet is not None:
        subnet_id = text_at(
            object_at(subnet, (subnet_key,), "the subnet"),
            id_key,
            (subnet_key,),
            "the subnet's resource id",
        ).lower()
    configurations = absent_empty(item.get(azure.ENDPOINT_IP_CONFIGURATIONS))
    static_members = list(read_ip_configurations(configurations))
    dns_members, registries = read_dns_configs(absent_empty(item.get(azure.ENDPOINT_DNS_CONFIGS)))
    registries |= connection_registries(item)
    members = static_members or dns_members
    if not members:
        raise Unreadable(
            pointer(azure.ENDPOINT_DNS_CONFIGS),
            "The endpoint lists no member addresses: neither ipConfigurations (static) nor "
            "customDnsConfigs (dynamic). Is its connection to the registry approved?",
        )
    seen: dict[str, str] = {}
    for member in members:
        if seen.setdefault(member.member_name, member.ip) != member.ip:
            raise Unreadable(
                pointer(azure.ENDPOINT_IP_CONFIGURATIONS),
                f"Member {shown(member.member_name)} has two addresses.",
            )
    if len(registries) > 1:
        listed = ", ".join(sorted(shown(r) for r in registries)[:3])
        raise Unreadable("", f"The endpoint names several registries: {listed}.")
    return DeployedEndpoint(
        name=name,
        subnet_id=subnet_id,
        static=bool(static_members),
        members=tuple(members),
        registry=next(iter(registries), ""),
    )


def read_ip_configurations(value: Any) -> Iterator[DeployedMember]:
    key = azure.ENDPOINT_IP_CONFIGURATIONS
    for index, raw in enumerate(items_of(value, (key,), "ipConfigurations")):
        item = flattened(object_at(raw, (key, index), "an IP configuration"))
        group = item.get(azure.IP_CONFIGURATION_GROUP)
        if group is not None and group != azure.GROUP_ID:
            raise Unreadable(
                pointer(key, index, azure.IP_CONFIGURATION_GROUP),
                f"Group {shown(str(group))} is not a registry's ({azure.GROUP_ID}).",
            )
        member = text_at(item, azure.IP_CONFIGURATION_MEMBER, (key, index), "the member name")
        if member_kind(member) is None:
            raise Unreadable(
                pointer(key, index, azure.IP_CONFIGURATION_MEMBER),
                f"{shown(member)} is not a registry member name ({azure.LOGIN_MEMBER}, "
                f"{azure.DATA_MEMBER}, {azure.REGIONAL_MEMBER}).",
            )
        ip = address_at(
            item.get(azure.IP_CONFIGURATION_ADDRESS), (key, index, azure.IP_CONFIGURATION_ADDRESS)
        )
        yield DeployedMember(member, ip)


def read_dns_configs(value: Any) -> tuple[list[DeployedMember], set[str]]:
    key = azure.ENDPOINT_DNS_CONFIGS
    members, registries = [], set()
    for index, raw in enumerate(items_of(value, (key,), "customDnsConfigs")):
        item = object_at(raw, (key, index), "a custom DNS config")
        fqdn = text_at(item, azure.DNS_CONFIG_FQDN, (key, index), "the FQDN")
        found = member_of_fqdn(fqdn)
        if found is None:
            raise Unreadable(
                pointer(key, index, azure.DNS_CONFIG_FQDN),
                f"{shown(fqdn)} is not a registry's login server, data or regional endpoint.",
            )
        addresses = items_of(
            item.get(azure.DNS_CONFIG_ADDRESSES),
            (key, index, azure.DNS_CONFIG_ADDRESSES),
            "ipAddresses",
        )
        if len(addresses) != 1:
            raise Unreadable(
                pointer(key, index, azure.DNS_CONFIG_ADDRESSES),
                f"{shown(fqdn)} has {len(addresses)} addresses; a member has one.",
            )
        ip = address_at(addresses[0], (key, index, azure.DNS_CONFIG_ADDRESSES, 0))
        registries.add(found[0])
        members.append(DeployedMember(found[1], ip))
    return members, registries


def connection_registries(item: dict[str, Any]) -> set[str]:
    """The registry names of the endpoint's connections (…/registries/<name>)."""
    names = set()
    for key in ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections"):
        connections = item.get(key)
        if not isinstance(connections, list):
            continue
        for connection in connections[:MAX_ITEMS]:
            target = (
                flattened(connection).get("privateLinkServiceId")
                if isinstance(connection, dict)
                else None
            )
            if isinstance(target, str) and "/registries/" in target.lower():
                names.add(ascii_lower(target.rstrip("/").rsplit("/", 1)[-1]))
    return names


# --- az network private-dns record-set a list, or a zone file -----------------------------


def read_record_sets(value: Any, zone: str = "") -> DeployedZone:
    """`az network private-dns record-set a list -z <zone>`; the zone is read from the
    record sets' ids when `zone` is not given."""
    records, zones = [], set()
    for index, raw in enumerate(items_of(value, (), "the output of record-set a list")):
        item = object_at(raw, (index,), "a record set")
        name = ascii_lower(text_at(item, azure.RECORD_SET_NAME, (index,), "the record's name"))
        ttl = item.get(azure.RECORD_SET_TTL)
        if not isinstance(ttl, int) or isinstance(ttl, bool) or not 0 <= ttl <= 2**31 - 1:
            raise Unreadable(pointer(index, azure.RECORD_SET_TTL), "Expected a TTL in seconds.")
        entries = items_of(
            absent_empty(item.get(azure.RECORD_SET_A)), (index, azure.RECORD_SET_A), "aRecords"
        )
        if len(entries) > MAX_ADDRESSES_PER_NAME:
            raise Unreadable(pointer(index, azure.RECORD_SET_A), "Too many addresses.")
        addresses = tuple(
            address_at(
                object_at(entry, (index, azure.RECORD_SET_A, n), "an A record").get(
                    azure.RECORD_SET_ADDRESS
                ),
                (index, azure.RECORD_SET_A, n, azure.RECORD_SET_ADDRESS),
            )
            for n, entry in enumerate(entries)
        )
        if isinstance(resource_id := item.get("id"), str) and "/privatednszones/" in (
            lowered := resource_id.lower()
        ):
            zones.add(lowered.split("/privatednszones/", 1)[1].split("/", 1)[0])
        records.append(DeployedRecord(name, ttl, addresses))
    if not zone and len(zones) > 1:
        raise Unreadable("", f"The record sets come from {len(zones)} zones; give one zone's.")
    return DeployedZone(ascii_lower(zone or next(iter(zones), "")).rstrip("."), tuple(records))


def read_zone_file(text: str, zone: str) -> DeployedZone:
    """A BIND master file of the zone (its own $ORIGIN wins over `zone`), read by dnspython."""
    if len(text) > MAX_TEXT_CHARACTERS:
        raise Unreadable(
            "",
            f"The zone file has {len(text):,} characters; at most "
            f"{MAX_TEXT_CHARACTERS:,} are read.",
        )
    if (lines := text.count("\n")) > MAX_ZONE_LINES:
        raise Unreadable(
            "", f"The zone file has {lines:,} lines; at most {MAX_ZONE_LINES:,} are read."
        )
    try:
        parsed = dns.zone.from_text(
            text,
            origin=dns.name.from_text(zone),
            relativize=True,
            check_origin=False,
            allow_include=False,  # never a file of this server
            allow_directives=ZONE_DIRECTIVES,
        )
    except dns.exception.SyntaxError as error:
        line, _, reason = str(error).partition(": ")
        place = line.rpartition(":")[2]
        # dnspython counts a line's end before it reports a bad value: "near" is honest.
        where = f"near line {place}" if place.isdigit() else ""
        raise Unreadable(where, f"The zone file is not a master file: {reason or error}.") from None
    except dns.exception.DNSException as error:
        raise Unreadable("", f"The zone file cannot be read: {error}.") from None
    origin = parsed.origin.to_text(omit_final_dot=True).lower() if parsed.origin else zone
    records = []
    for name, node in parsed.nodes.items():
        rdataset = node.get_rdataset(parsed.rdclass, dns.rdatatype.A)
        if rdataset is None:
            continue
        label = name.to_text().lower()
        addresses = tuple(rdata.address for rdata in rdataset)
        records.append(DeployedRecord(label, rdataset.ttl, addresses))
        if len(records) > MAX_ITEMS:
            raise Unreadable("", f"More than {MAX_ITEMS:,} A records.")
    return DeployedZone(origin, tuple(sorted(records, key=lambda record: record.name)))


# --- az acr replication list --------------------------------------------------------------


def read_replications(value: Any) -> tuple[str, ...]:
    """The registry's regions from `az acr replication list`, in the order az prints them."""
    regions = []
    for index, raw in enumerate(items_of(value, (), "the output of az acr replication list")):
        item = object_at(raw, (index,), "a replication")
        regions.append(
            ascii_lower(
                text_at(item, azure.REPLICATION_LOCATION, (index,), "the replication's location")
            )
        )
    if not regions:
        raise Unreadable("", "az acr replication list printed no replication.")
    return tuple(dict.fromkeys(regions))


# --- az graph query -----------------------------------------------------------------------


def graph_command() -> str:
    """The one command that lists every interface address and subnet prefix."""
    return azure.GRAPH_COMMAND.format(query=azure.GRAPH_QUERY)


def read_graph(value: Any) -> tuple[SubnetInventory, ...]:
    """The output of `graph_command()`; a list of such outputs (pages) is read as one."""
    pages = value if isinstance(value, list) else [value]
    prefixes: dict[str, list[str]] = {}
    addresses: dict[str, list[str]] = {}
    rows_read = 0
    for page_number, page in enumerate(items_of(pages, (), "pages")):
        at: tuple[str | int, ...] = (page_number,) if isinstance(value, list) else ()
        answer = object_at(page, at, "the output of az graph query")
        if answer.get(azure.GRAPH_SKIP_TOKEN) and not isinstance(value, list):
            raise Unreadable(
                pointer(*at, azure.GRAPH_SKIP_TOKEN),
                "The answer is one page of several (skip_token is set): run the query again "
                "with --skip-token for each further page and give the pages as a list.",
            )
        rows = items_of(answer.get(azure.GRAPH_ROWS), (*at, azure.GRAPH_ROWS), "data")
        rows_read += len(rows)
        if rows_read > MAX_ITEMS:
            raise Unreadable(pointer(*at), f"More than {MAX_ITEMS:,} rows.")
        for index, raw in enumerate(rows):
            place = (*at, azure.GRAPH_ROWS, index)
            row = object_at(raw, place, "a row")
            subnet = row.get(azure.GRAPH_SUBNET)
            if not isinstance(subnet, str):
                raise Unreadable(pointer(*place, azure.GRAPH_SUBNET), "Expected a subnet id.")
            subnet = subnet.lower()
            if not subnet:
                continue  # an interface configuration without a subnet
            if row.get(azure.GRAPH_ADDRESS):
                ip = address_at(row[azure.GRAPH_ADDRESS], (*place, azure.GRAPH_ADDRESS))
                addresses.setdefault(subnet, []).append(ip)
            for prefix in row_prefixes(row, place):
                prefixes.setdefault(subnet, []).append(prefix)
    return tuple(
        SubnetInventory(subnet, tuple(prefixes.get(subnet, ())), tuple(addresses.get(subnet, ())))
        for subnet in sorted({*prefixes, *addresses})
    )


def row_prefixes(row: dict[str, Any], place: tuple[str | int, ...]) -> list[str]:
    found = []
    single = row.get(azure.GRAPH_PREFIX)
    if isinstance(single, str) and single:
        found.append((single, (*place, azure.GRAPH_PREFIX)))
    several = row.get(azure.GRAPH_PREFIXES)
    if isinstance(several, list):
        for n, prefix in enumerate(several[:MAX_ADDRESSES_PER_NAME]):
            found.append((prefix, (*place, azure.GRAPH_PREFIXES, n)))
    checked = []
    for prefix, at in found:
        if not isinstance(prefix, str):
            raise Unreadable(pointer(*at), "Expected a prefix as text.")
        if ":" in prefix:
            continue  # an IPv6 prefix of a dual-stack subnet: ACR endpoints are IPv4
        try:
            parse_cidr(prefix)
        except InvalidInput as problem:
            raise Unreadable(pointer(*at), str(problem)) from None
        checked.append(prefix)
    return checked


def subnet_name(subnet_id: str) -> str:
    """The last part of a subnet's resource id, for messages."""
    return subnet_id.rstrip("/").rsplit("/", 1)[-1]


# --- Filling the planning forms from the graph ----------------------------------------------


@dataclass(frozen=True)
class SubnetState:
    """A subnet as Resource Graph lists it: the prefix that holds the endpoint, and every
    interface address in that prefix (an endpoint's own current addresses among them)."""

    subnet_id: str
    cidr: IPNetwork
    used: tuple[Span, ...]

    @property
    def in_use(self) -> tuple[str, ...]:
        """The used spans as the forms' in-use field takes them."""
        return tuple(span_text(span) for span in self.used)


def subnet_state(
    inventory: Iterable[SubnetInventory], subnet_id: str, near: str = ""
) -> SubnetState:
    """The subnet `subnet_id` from the graph: of its prefixes (a subnet may have several) the
    one holding the address `near`, else its first."""
    found = next((s for s in inventory if s.subnet_id == subnet_id.lower()), None)
    if found is None or not found.prefixes:
        raise Unreadable(
            "",
            f"The graph output lists no prefix for the subnet {shown(subnet_name(subnet_id))}: "
            "run the query with the subscription of its virtual network.",
        )
    networks = [parse_cidr(prefix) for prefix in found.prefixes]
    cidr = next((n for n in networks if near and inside(near, n)), networks[0])
    addresses = (str_to_int(ip) for ip in found.addresses)
    used = merge(Span(value, value) for value in addresses if inside(value, cidr))
    return SubnetState(found.subnet_id, cidr, used)


def only_subnet(inventory: Iterable[SubnetInventory]) -> str:
    """The id of the one subnet the graph gives a prefix for, when no endpoint says which."""
    subnets = [subnet.subnet_id for subnet in inventory if subnet.prefixes]
    if len(subnets) != 1:
        listed = ", ".join(shown(subnet_name(subnet)) for subnet in subnets[:5])
        raise Unreadable(
            "",
            f"The graph output lists {len(subnets)} subnets with a prefix"
            + (f" ({listed}{', ...' if len(subnets) > 5 else ''})" if subnets else "")
            + ": paste the endpoint's az network private-endpoint show too, to say which.",
        )
    return subnets[0]


def endpoint_state(inventory: Iterable[SubnetInventory], endpoint: DeployedEndpoint) -> SubnetState:
    """The endpoint's subnet from the graph, matched by the subnet id az printed for it."""
    if not endpoint.subnet_id:
        raise Unreadable(
            pointer(azure.ENDPOINT_SUBNET[0]),
            f"The endpoint {shown(endpoint.name)} names no subnet; az prints subnet.id.",
        )
    state = subnet_state(inventory, endpoint.subnet_id, endpoint.members[0].ip)
    outside = [m.ip for m in endpoint.members if not inside(m.ip, state.cidr)]
    if outside:
        raise Unreadable(
            "",
            f"The endpoint's address {outside[0]} is not inside {state.cidr}, the prefix the "
            f"graph lists for {shown(subnet_name(endpoint.subnet_id))}: is it the same subnet?",
        )
    return state


def read_private_endpoints(value: Any) -> tuple[tuple[DeployedEndpoint, ...], int]:
    """`az network private-endpoint list`: the registry endpoints, and how many endpoints to
    other services (a storage account's, a vault's) were left out."""
    endpoints, others = [], 0
    items = items_of(value, (), "the output of az network private-endpoint list")
    for index, raw in enumerate(items):
        item = object_at(raw, (index,), "a private endpoint")
        if not connection_registries(item) and other_service(item):
            others += 1
            continue
        try:
            endpoints.append(read_private_endpoint(item))
        except Unreadable as error:
            raise Unreadable(pointer(index) + error.place, str(error)) from None
    return tuple(endpoints), others


def other_service(item: dict[str, Any]) -> bool:
    """Whether the endpoint connects to something that is not a container registry."""
    for key in ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections"):
        connections = item.get(key)
        for connection in connections[:MAX_ITEMS] if isinstance(connections, list) else []:
            target = (
                flattened(connection).get("privateLinkServiceId")
                if isinstance(connection, dict)
                else None
            )
            if isinstance(target, str) and "/registries/" not in target.lower():
                return True
    return False


def described(error: Unreadable) -> str:
    """A reader's message with its place, for a page that shows it under one box."""
    return f"{error} (at {error.place})" if error.place else str(error)


def graph_summary(state: SubnetState, endpoint: DeployedEndpoint | None) -> str:
    """What a graph paste filled in the planning form, in one sentence."""
    used = count(state.used)
    own = [m.ip for m in endpoint.members if inside(m.ip, state.cidr)] if endpoint else []
    whose = (
        f", {len(own)} of them {endpoint.name}'s own: they stay in use, so remove them from "
        "the list if you plan to re-create the endpoint"
        if endpoint and own
        else ""
    )
    return (
        f"Filled from az graph query: subnet {state.cidr} "
        f"({subnet_name(state.subnet_id)}), {used} address{'es' if used != 1 else ''} "
        f"in use{whose}."
    )


GRAPH_BOX, ENDPOINT_BOX = "graph", "deployed"  # the page's boxes, by their fields' names


@dataclass(frozen=True)
class GraphFill:
    """What pasting the graph's output (and the endpoint's) fills in the planning form: the
    subnet and its in-use spans, or each box's problem."""

    state: SubnetState | None
    summary: str = ""
    problems: tuple[tuple[str, str], ...] = ()  # (box, message)


def fill_from_graph(graph_text: str, endpoint_text: str = "") -> GraphFill:
    """The subnet of the endpoint pasted (or the only one the graph lists) and every address
    used in it, from the text of the two paste boxes."""
    problems: list[tuple[str, str]] = []
    inventory: tuple[SubnetInventory, ...] = ()
    endpoint = None
    if not graph_text.strip() and len(graph_text) <= MAX_TEXT_CHARACTERS:
        problems.append((GRAPH_BOX, "Paste the JSON that the graph query prints."))
    else:
        try:
            inventory = read_graph(load_json(graph_text, "The graph output"))
        except Unreadable as error:
            problems.append((GRAPH_BOX, described(error)))
    if endpoint_text.strip() or len(endpoint_text) > MAX_TEXT_CHARACTERS:
        try:
            endpoint = read_private_endpoint(load_json(endpoint_text, "The endpoint's JSON"))
        except Unreadable as error:
            problems.append((ENDPOINT_BOX, described(error)))
    if problems:
        return GraphFill(None, problems=tuple(problems))
    try:
        if endpoint is None:
            state = subnet_state(inventory, only_subnet(inventory))
        else:
            state = endpoint_state(inventory, endpoint)
    except Unreadable as error:
        box = ENDPOINT_BOX if error.place.startswith("/") else GRAPH_BOX
        return GraphFill(None, problems=((box, described(error)),))
    return GraphFill(state, graph_summary(state, endpoint))
