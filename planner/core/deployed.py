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
import re
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
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
    runs,
    shown,
    span_text,
    within,
)
from planner.core.inputs import (
    MAX_RESOURCE_ID_CHARACTERS,
    REGION_NAMES,
    RESOURCE_GROUP,
    SUBSCRIPTION_ID,
    ZONE_ID,
    ascii_lower,
    parse_endpoint_name,
    region_key,
)
from planner.core.model import Kind
from planner.core.network import Network

MAX_TEXT_CHARACTERS = 2_000_000  # one pasted document or zone file
MAX_ITEMS = 100_000  # rows of a Resource Graph answer; record sets; IP configurations
MAX_ADDRESSES_PER_NAME = 1_000
# dnspython reads about 5,000 records a second here: a zone file is held to a size a hub
# zone of many registries stays under, and to the directives that add no records.
MAX_ZONE_LINES = 5_000
# A line of a zone file: far above an SOA or an A record, and above a long TXT record (a
# DKIM key is about 450 characters). One line of 497,000 TXT strings held a worker for 6 s.
MAX_ZONE_LINE_CHARACTERS = 4_096
MAX_ZONE_LINE_TOKENS = 256
ZONE_DIRECTIVES = frozenset({"$ORIGIN", "$TTL"})  # not $GENERATE (a line makes thousands)
# The record types drift reads; a zone file's other records are left out before dnspython
# reads it (their owners still name the records that follow them).
ZONE_TYPES = frozenset({"A", "SOA", "NS"})
ZONE_CLASSES = frozenset({"IN", "CH", "HS", "CS", "ANY"})
# A connection Azure has approved; anything else (Pending, Rejected, Disconnected) has no
# addresses yet or any more (H: recorded by azure-cli, "Pending" with "Awaiting Approval").
APPROVED = "approved"
# A DNS name as a zone holds it: labels of letters, digits and hyphens (and the underscore
# and wildcard that other records of a hub zone may have), or "@" for the apex. Names read
# from az JSON reach printed commands: nothing else gets through.
DNS_LABEL = re.compile(r"[A-Za-z0-9_*](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")
ZONE_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# What a private DNS zone group writes into each record it creates (H: the record sets'
# metadata in exported zones and azure-cli's recorded answers).
CREATOR = re.compile(r"created by private endpoint (\S+) with resource guid", re.IGNORECASE)
# ARM resource ids: /subscriptions/<id>/resourceGroups/<group>/providers/<namespace>/<type>/
# <name>[/<type>/<name>] (H: "Resource name rules"; compared without regard to case). A name
# of a virtual network or subnet is 1-80 letters, digits, _ . and -.
RESOURCE_NAME = r"[A-Za-z0-9_.-]{1,80}"
ENDPOINT_ID = re.compile(
    rf"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Network"
    rf"/privateEndpoints/({RESOURCE_NAME})",
    re.IGNORECASE,
)
SUBNET_ID = re.compile(
    rf"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Network"
    rf"/virtualNetworks/{RESOURCE_NAME}/subnets/{RESOURCE_NAME}",
    re.IGNORECASE,
)
REGISTRY_ID = re.compile(
    r"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.ContainerRegistry"
    r"/registries/([A-Za-z0-9]{5,50})",
    re.IGNORECASE,
)


class Unreadable(InvalidInput):
    """What `az` printed cannot be read; `place` says where (a JSON pointer, or a line)."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place


class NotApproved(Unreadable):
    """An endpoint whose connection to the registry is not approved: it has no addresses."""

    def __init__(self, place: str, endpoint: str, state: str) -> None:
        super().__init__(
            place,
            f"The endpoint {endpoint}'s connection to the registry is {state}: it has no "
            "addresses until the registry's owner approves it.",
        )
        self.endpoint = endpoint
        self.state = state

    @property
    def note(self) -> str:
        return f"Left out {self.endpoint}: its connection to the registry is {self.state}."


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
    manual: bool = False  # its connection sits in manualPrivateLinkServiceConnections
    # Where it is and what it connects to, from the resource ids az printed ("" when absent
    # or not of a resource id's shape): the endpoint's own id, subnet.id, privateLinkServiceId.
    subscription: str = ""
    resource_group: str = ""
    subnet_resource_id: str = ""  # as printed (subnet_id is lower case, for matching)
    registry_id: str = ""
    # What a re-created endpoint must keep (H: "Manage Azure private endpoints": the network
    # interface's name is set at creation; az network private-endpoint create takes
    # --location, --nic-name, --tags and --request-message): "" or () when az printed none.
    location: str = ""
    nic_name: str = ""  # customNetworkInterfaceName
    tags: tuple[tuple[str, str], ...] = ()
    request_message: str = ""  # the registry connection's requestMessage
    resource_guid: str = ""  # resourceGuid: tells this endpoint from one created again


@dataclass(frozen=True)
class DeployedRecord:
    name: str  # relative to the zone it was read from, lower case; "@" for the apex
    ttl: int
    addresses: tuple[str, ...]
    creator: str = ""  # the endpoint whose DNS zone group wrote it (metadata.creator), lower


@dataclass(frozen=True)
class DeployedZone:
    zone: str  # the zone the records were read from: lower case, no final dot; "" if unknown
    records: tuple[DeployedRecord, ...]
    zone_id: str = ""  # the zone's resource id, when the record sets' ids give it


@dataclass(frozen=True)
class ZoneConfig:
    """One zone of a private DNS zone group, and the records it wrote there."""

    name: str
    zone_id: str
    zone: str  # lower case
    records: tuple[str, ...]  # record set names, relative to the zone


@dataclass(frozen=True)
class DeployedZoneGroup:
    name: str
    configs: tuple[ZoneConfig, ...]


@dataclass(frozen=True)
class DeployedRegistry:
    """A registry as `az acr show` prints it."""

    name: str
    cloud: azure.Cloud | None  # from the login server's suffix
    home: str  # `location`: the home region
    regions: tuple[str, ...]  # the home region first, then the others its host names show
    regional_endpoints: bool | None  # `regionalEndpoints`; None when az printed none


@dataclass(frozen=True)
class SubnetInventory:
    subnet_id: str  # lower case
    prefixes: tuple[str, ...]
    addresses: tuple[str, ...]  # every address the graph lists in it
    used: tuple[Span, ...] = ()  # the same addresses, merged once when the graph is read
    configurations: int | None = None  # the subnet's own count of IP configurations
    address_space: tuple[str, ...] = ()  # its virtual network's (IPv4) prefixes


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
# az prints each resource "client-flattened" (the fields of `properties` merged into their
# object); `az rest` and the portal's JSON view print the REST form, with the fields under
# `properties` at every level and lists as {"value": [...]}. Every reader takes both.

LIST_ENVELOPE = frozenset({"value", "nextLink", "@odata.nextLink"})


def items_of(value: Any, place: tuple[str | int, ...], what: str) -> list[Any]:
    if not isinstance(value, list):
        raise Unreadable(pointer(*place), f"Expected {what} as a JSON array.")
    if len(value) > MAX_ITEMS:
        raise Unreadable(pointer(*place), f"{len(value):,} items; at most {MAX_ITEMS:,}.")
    return value


def listed(
    value: Any, place: tuple[str | int, ...], what: str
) -> tuple[list[Any], tuple[str | int, ...]]:
    """A list as az prints it, or the REST API's envelope {"value": [...]}; and its place."""
    if isinstance(value, dict) and "value" in value and set(value) <= LIST_ENVELOPE:
        if value.get("nextLink") or value.get("@odata.nextLink"):
            raise Unreadable(
                pointer(*place, "nextLink"),
                f"{what} is one page of several (nextLink is set): give every page's items.",
            )
        at = (*place, "value")
        return items_of(value["value"], at, what), at
    return items_of(value, place, what), place


def object_at(value: Any, place: tuple[str | int, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreadable(pointer(*place), f"Expected {what} as a JSON object.")
    return value


def field(item: dict[str, Any], key: str) -> tuple[Any, tuple[str, ...]]:
    """A field of an object as az prints it, or under its `properties` (the REST form); and
    where it was."""
    if key in item:
        return item[key], (key,)
    nested = item.get("properties")
    if isinstance(nested, dict) and key in nested:
        return nested[key], ("properties", key)
    return None, (key,)


def text_at(item: dict[str, Any], key: str, place: tuple[str | int, ...], what: str) -> str:
    value, at = field(item, key)
    if not isinstance(value, str) or not value.strip():
        raise Unreadable(pointer(*place, *at), f"Expected {what} as text; az prints `{key}`.")
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


def objects(
    items: list[Any], place: tuple[str | int, ...], what: str
) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Each item of a list read at `place`, which must be an object, with its own place."""
    for index, raw in enumerate(items):
        here = (*place, index)
        yield object_at(raw, here, what), here


def objects_in(
    item: dict[str, Any], key: str, place: tuple[str | int, ...], what: str
) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Each object of the list in `item`'s field `key` (absent or null: none), with its place."""
    value, at = field(item, key)
    return objects(items_of(absent_empty(value), (*place, *at), key), (*place, *at), what)


def flattened(item: dict[str, Any]) -> dict[str, Any]:
    """An object as az prints it, or as the REST API nests it under properties."""
    nested = item.get("properties")
    return {**item, **nested} if isinstance(nested, dict) else item


def known_region(name: str) -> bool:
    return region_key(name) in REGION_NAMES


def dns_name(name: str, place: tuple[str | int, ...], what: str) -> str:
    """A record's or a zone's name read from az: "@", or labels of letters, digits, hyphens
    (underscores and a wildcard too: other records of a hub zone have them)."""
    labels = name.rstrip(".").split(".")
    if name != "@" and not (
        name.isascii() and len(name) <= 253 and all(DNS_LABEL.fullmatch(label) for label in labels)
    ):
        raise Unreadable(
            pointer(*place),
            f"{what} {shown(name)!r} is not a DNS name: labels of letters, digits and hyphens "
            "separated by dots.",
        )
    return name


def zone_name(name: str, place: tuple[str | int, ...]) -> str:
    """A private zone's name read from az, lower case without the final dot: labels of
    letters, digits and hyphens only."""
    lowered = ascii_lower(name.strip().rstrip("."))
    if not (
        lowered.isascii()
        and len(lowered) <= 253
        and all(ZONE_LABEL.fullmatch(label) for label in lowered.split("."))
    ):
        raise Unreadable(
            pointer(*place),
            f"{shown(name)!r} is not a zone name: labels of letters, digits and hyphens "
            "separated by dots, e.g. privatelink.azurecr.io.",
        )
    return lowered


def zone_id_of(resource_id: str) -> tuple[str, str] | None:
    """(zone id, zone name) of a private DNS zone's resource id, or of a record set's id
    under it; None when it is not one (or names its parts with other characters)."""
    found = ZONE_ID.match(resource_id.strip())
    if found is None:
        return None
    subscription, group, zone = found.groups()
    if not (SUBSCRIPTION_ID.fullmatch(subscription) and RESOURCE_GROUP.fullmatch(group)):
        return None
    lowered = ascii_lower(zone)
    if not all(ZONE_LABEL.fullmatch(label) for label in lowered.split(".")):
        return None
    return found.group(0), lowered


# --- Members and FQDNs ------------------------------------------------------------------


def member_kind(member_name: str) -> tuple[Kind, str | None] | None:
    """What a member name is for: the login server, or a known region's data or regional
    endpoint; None for a name the registry group does not use."""
    if member_name == azure.LOGIN_MEMBER:
        return Kind.LOGIN_SERVER, None
    data_prefix = azure.DATA_MEMBER.format(region="")
    regional_prefix = azure.REGIONAL_MEMBER.format(region="")
    for kind, prefix in (
        (Kind.DATA_ENDPOINT, data_prefix),
        (Kind.REGIONAL_ENDPOINT, regional_prefix),
    ):
        region = member_name[len(prefix) :]
        # The suffix reaches printed commands (a replication's name): a known region only.
        if member_name.startswith(prefix) and region in REGION_NAMES:
            return kind, region
    return None


def member_of_fqdn(fqdn: str) -> tuple[str, str] | None:
    """(registry, member name) of a public FQDN such as contoso.eastus.data.azurecr.io."""
    name = ascii_lower(fqdn.strip().rstrip("."))
    for facts in azure.CLOUDS.values():
        suffix = "." + facts.registry_suffix
        if not name.endswith(suffix):
            continue
        labels = name[: -len(suffix)].split(".")
        if not labels[0].isalnum():
            return None  # a registry name is letters and digits
        if len(labels) == 1:
            return labels[0], azure.LOGIN_MEMBER
        if len(labels) == 3 and labels[2] == "data" and labels[1] in REGION_NAMES:
            return labels[0], azure.DATA_MEMBER.format(region=labels[1])
        if len(labels) == 3 and labels[2] == "geo" and labels[1] in REGION_NAMES:
            return labels[0], azure.REGIONAL_MEMBER.format(region=labels[1])
    return None


def is_registry_record(name: str, registry: str) -> bool:
    """Whether a record of the private zone is the registry's login, data or regional one
    (a hub zone holds other registries' records too)."""
    parts = name.split(".")
    return name == registry or (
        len(parts) == 3
        and parts[0] == registry
        and parts[2] in ("data", "geo")
        and ZONE_LABEL.fullmatch(parts[1]) is not None
    )


# --- az network private-endpoint show -----------------------------------------------------


def read_private_endpoint(value: Any) -> DeployedEndpoint:
    """`az network private-endpoint show` (or one item of `list`), in the az or REST form.
    An endpoint whose connection to the registry is not approved raises NotApproved."""
    item = object_at(value, (), "the output of az network private-endpoint show")
    raw_name = text_at(item, azure.ENDPOINT_NAME, (), "the endpoint's name")
    try:
        # The name reaches printed commands and comments: Azure's naming rule only.
        name = parse_endpoint_name(raw_name, "The endpoint's name")
    except InvalidInput as problem:
        raise Unreadable(pointer(azure.ENDPOINT_NAME), str(problem)) from None
    subnet_key, id_key = azure.ENDPOINT_SUBNET
    subnet, subnet_at = field(item, subnet_key)
    subnet_id = ""
    if subnet is not None:
        subnet_id = text_at(
            object_at(subnet, subnet_at, "the subnet"),
            id_key,
            subnet_at,
            "the subnet's resource id",
        ).lower()
    registries, manual, state = connections(item)
    configurations, configurations_at = field(item, azure.ENDPOINT_IP_CONFIGURATIONS)
    static_members = list(read_ip_configurations(absent_empty(configurations), configurations_at))
    dns_configs, dns_at = field(item, azure.ENDPOINT_DNS_CONFIGS)
    dns_members, from_fqdns = read_dns_configs(absent_empty(dns_configs), dns_at)
    registries |= from_fqdns
    members = static_members or dns_members
    if state and state.lower() != APPROVED:
        raise NotApproved("", name, state)
    if not members:
        raise Unreadable(
            pointer(*dns_at),
            "The endpoint lists no member addresses: neither ipConfigurations (static) nor "
            "customDnsConfigs (dynamic). Is its connection to the registry approved?",
        )
    seen: dict[str, str] = {}
    for member in members:
        if seen.setdefault(member.member_name, member.ip) != member.ip:
            raise Unreadable(
                pointer(*configurations_at),
                f"Member {shown(member.member_name)} has two addresses.",
            )
    if len(registries) > 1:
        listed_names = ", ".join(sorted(shown(r) for r in registries)[:3])
        raise Unreadable("", f"The endpoint names several registries: {listed_names}.")
    where = resource_id(item.get("id"), ENDPOINT_ID)
    own = where is not None and where[2].lower() == name.lower()
    subnet_resource = resource_id(
        subnet.get(id_key) if isinstance(subnet, dict) else None, SUBNET_ID
    )
    return DeployedEndpoint(
        name=name,
        subnet_id=subnet_id,
        static=bool(static_members),
        members=tuple(members),
        registry=next(iter(registries), ""),
        manual=manual,
        subscription=where[0] if where and own else "",
        resource_group=where[1] if where and own else "",
        subnet_resource_id=subnet_resource[-1] if subnet_resource else "",
        registry_id=registry_resource(item),
        location=endpoint_location(item),
        nic_name=nic_name(item),
        tags=endpoint_tags(item),
        request_message=request_message(item),
        resource_guid=resource_guid(item),
    )


GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def resource_guid(item: dict[str, Any]) -> str:
    """The endpoint's `resourceGuid` (Azure's, new for each endpoint created), or ""."""
    value, _ = field(item, "resourceGuid")
    return value.lower() if isinstance(value, str) and GUID.fullmatch(value) else ""


def endpoint_location(item: dict[str, Any]) -> str:
    """The endpoint's region (`location`, a known region's programmatic name), or ""."""
    value = item.get("location")
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not known_region(value.strip().lower()):
        raise Unreadable(pointer("location"), f"{shown(str(value))} is not a known region.")
    return value.strip().lower()


NIC_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?")


def nic_name(item: dict[str, Any]) -> str:
    """`customNetworkInterfaceName`: a network interface's name (1-80 letters, digits, _ . -,
    starting with a letter or digit, ending with one or _: resource-name-rules), or ""."""
    value, at = field(item, "customNetworkInterfaceName")
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not NIC_NAME.fullmatch(value):
        raise Unreadable(pointer(*at), f"{shown(str(value))} is not a network interface's name.")
    return value


MAX_TAGS = 50  # per resource (Azure's limit: resource-manager "tag resources" page)
TAG_NAME_CHARACTERS, TAG_VALUE_CHARACTERS = 512, 256
TAG_FORBIDDEN = frozenset("<>%&\\?/")  # in tag names (the same page)


def endpoint_tags(item: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The endpoint's tags, as az create takes them again (--tags name=value ...): names
    within Azure's rules, neither starting with "-" (az would read an option) nor holding "="
    (az splits at the first), values of printable characters."""
    value = item.get("tags")
    if value is None:
        return ()
    if not isinstance(value, dict) or len(value) > MAX_TAGS:
        raise Unreadable(pointer("tags"), f"Expected an object of at most {MAX_TAGS} tags.")
    tags = []
    for name, text in value.items():
        at = pointer("tags", name)
        if (
            not 1 <= len(name) <= TAG_NAME_CHARACTERS
            or name.startswith("-")
            or "=" in name
            or any(c in TAG_FORBIDDEN or not c.isprintable() for c in name)
        ):
            raise Unreadable(at, f"{shown(name)} is not a tag name az can give again.")
        if not isinstance(text, str) or len(text) > TAG_VALUE_CHARACTERS or not text.isprintable():
            raise Unreadable(
                at, f"Expected a tag value of at most {TAG_VALUE_CHARACTERS} printable characters."
            )
        tags.append((name, text))
    return tuple(tags)


MAX_REQUEST_MESSAGE = 140  # az: "Restricted to 140 chars" (--request-message)


def request_message(item: dict[str, Any]) -> str:
    """The registry connection's request message (a manual connection's), or ""."""
    for key, _ in CONNECTION_KEYS:
        entries, _ = field(item, key)
        for index, connection in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(connection, dict):
                continue
            message, at = field(connection, "requestMessage")
            if not isinstance(message, str) or not message:
                continue
            if len(message) > MAX_REQUEST_MESSAGE or not message.isprintable():
                raise Unreadable(
                    pointer(key, index, *at),
                    f"Expected a request message of at most {MAX_REQUEST_MESSAGE} printable "
                    "characters.",
                )
            return message
    return ""


def resource_id(value: Any, shape: re.Pattern[str]) -> tuple[str, ...] | None:
    """(subscription, resource group, the shape's other groups..., the id) of a resource id
    of `shape` whose subscription and group are well formed; None when it is not one."""
    if not isinstance(value, str) or len(value) > MAX_RESOURCE_ID_CHARACTERS:
        return None
    found = shape.fullmatch(value.strip())
    if found is None:
        return None
    subscription, group = found.group(1), found.group(2)
    if not (SUBSCRIPTION_ID.fullmatch(subscription) and RESOURCE_GROUP.fullmatch(group)):
        return None
    return (*found.groups(), found.group(0))


def registry_resource(item: dict[str, Any]) -> str:
    """The registry's resource id from the endpoint's connection (privateLinkServiceId)."""
    for target, _, _ in connection_targets(item):
        found = resource_id(target, REGISTRY_ID)
        if found is not None:
            return found[-1]
    return ""


def read_ip_configurations(
    value: Any, place: tuple[str | int, ...] = (azure.ENDPOINT_IP_CONFIGURATIONS,)
) -> Iterator[DeployedMember]:
    for item, at in objects(
        items_of(value, place, "ipConfigurations"), place, "an IP configuration"
    ):
        group, group_at = field(item, azure.IP_CONFIGURATION_GROUP)
        if group is not None and group != azure.GROUP_ID:
            raise Unreadable(
                pointer(*at, *group_at),
                f"Group {shown(str(group))} is not a registry's ({azure.GROUP_ID}).",
            )
        member = text_at(item, azure.IP_CONFIGURATION_MEMBER, at, "the member name")
        if member_kind(member) is None:
            raise Unreadable(
                pointer(*at, *field(item, azure.IP_CONFIGURATION_MEMBER)[1]),
                f"{shown(member)} is not a registry member name ({azure.LOGIN_MEMBER}, "
                f"{azure.DATA_MEMBER}, {azure.REGIONAL_MEMBER}, with a known region).",
            )
        address, address_place = field(item, azure.IP_CONFIGURATION_ADDRESS)
        yield DeployedMember(member, address_at(address, (*at, *address_place)))


def read_dns_configs(
    value: Any, place: tuple[str | int, ...] = (azure.ENDPOINT_DNS_CONFIGS,)
) -> tuple[list[DeployedMember], set[str]]:
    members, registries = [], set()
    for item, at in objects(
        items_of(value, place, "customDnsConfigs"), place, "a custom DNS config"
    ):
        fqdn = text_at(item, azure.DNS_CONFIG_FQDN, at, "the FQDN")
        found = member_of_fqdn(fqdn)
        if found is None:
            raise Unreadable(
                pointer(*at, azure.DNS_CONFIG_FQDN),
                f"{shown(fqdn)} is not a registry's login server, data or regional endpoint "
                "of a known region.",
            )
        addresses = items_of(
            item.get(azure.DNS_CONFIG_ADDRESSES),
            (*at, azure.DNS_CONFIG_ADDRESSES),
            "ipAddresses",
        )
        if len(addresses) != 1:
            raise Unreadable(
                pointer(*at, azure.DNS_CONFIG_ADDRESSES),
                f"{shown(fqdn)} has {len(addresses)} addresses; a member has one.",
            )
        ip = address_at(addresses[0], (*at, azure.DNS_CONFIG_ADDRESSES, 0))
        registries.add(found[0])
        members.append(DeployedMember(found[1], ip))
    return members, registries


CONNECTION_KEYS = (
    (azure.ENDPOINT_CONNECTIONS, False),
    (azure.ENDPOINT_MANUAL_CONNECTIONS, True),
)


def connection_targets(item: dict[str, Any]) -> Iterator[tuple[str, bool, str]]:
    """(privateLinkServiceId, manual, state) of each of the endpoint's connections."""
    for key, manual in CONNECTION_KEYS:
        entries, _ = field(item, key)
        for connection in entries[:MAX_ITEMS] if isinstance(entries, list) else []:
            if not isinstance(connection, dict):
                continue
            target, _ = field(connection, "privateLinkServiceId")
            state, _ = field(connection, "privateLinkServiceConnectionState")
            status = state.get("status") if isinstance(state, dict) else None
            if isinstance(target, str):
                yield target, manual, status if isinstance(status, str) else ""


def connections(item: dict[str, Any]) -> tuple[set[str], bool, str]:
    """The registry names of the endpoint's connections (…/registries/<name>), whether its
    registry connection is a manual one, and that connection's state ("" when unstated)."""
    names, manual, state = set(), False, ""
    for target, is_manual, status in connection_targets(item):
        if "/registries/" not in target.lower():
            continue
        names.add(ascii_lower(target.rstrip("/").rsplit("/", 1)[-1]))
        manual = manual or is_manual
        state = state or status.strip()[:40]
    return names, manual, state


def connection_registries(item: dict[str, Any]) -> set[str]:
    """The registry names of the endpoint's connections (…/registries/<name>)."""
    return connections(item)[0]


# --- az network private-dns record-set a list, or a zone file -----------------------------


def read_record_sets(value: Any, zone: str = "") -> DeployedZone:
    """`az network private-dns record-set a list -z <zone>` (or the REST API's list); the
    zone is read from the record sets' ids when `zone` is not given."""
    records, zones, ids = [], set(), set()
    items, place = listed(value, (), "the output of record-set a list")
    for item, at in objects(items, place, "a record set"):
        name = ascii_lower(text_at(item, azure.RECORD_SET_NAME, at, "the record's name"))
        dns_name(name, (*at, azure.RECORD_SET_NAME), "The record's name")
        ttl, ttl_at = field(item, azure.RECORD_SET_TTL)
        if not isinstance(ttl, int) or isinstance(ttl, bool) or not 0 <= ttl <= 2**31 - 1:
            raise Unreadable(pointer(*at, *ttl_at), "Expected a TTL in seconds.")
        entries, entries_at = field(item, azure.RECORD_SET_A)
        entries = items_of(absent_empty(entries), (*at, *entries_at), "aRecords")
        if len(entries) > MAX_ADDRESSES_PER_NAME:
            raise Unreadable(pointer(*at, *entries_at), "Too many addresses.")
        addresses = tuple(
            address_at(
                object_at(entry, (*at, *entries_at, n), "an A record").get(
                    azure.RECORD_SET_ADDRESS
                ),
                (*at, *entries_at, n, azure.RECORD_SET_ADDRESS),
            )
            for n, entry in enumerate(entries)
        )
        resource_id = item.get("id")
        if isinstance(resource_id, str) and "/privatednszones/" in resource_id.lower():
            found = zone_id_of(resource_id)
            if found is None:
                raise Unreadable(
                    pointer(*at, "id"), "The record set's id does not name a private DNS zone."
                )
            ids.add(found[0])
            zones.add(found[1])
        records.append(DeployedRecord(name, ttl, addresses, creator_of(item)))
    if not zone and len(zones) > 1:
        raise Unreadable("", f"The record sets come from {len(zones)} zones; give one zone's.")
    named = zone_name(zone, ("zone",)) if zone else next(iter(zones), "")
    zone_ids = [i for i in ids if i.lower().endswith("/" + named)] if named else []
    return DeployedZone(named, tuple(records), zone_ids[0] if len(zone_ids) == 1 else "")


def creator_of(item: dict[str, Any]) -> str:
    """The endpoint whose DNS zone group wrote a record set ("" for one written otherwise)."""
    metadata, _ = field(item, "metadata")
    creator = metadata.get("creator") if isinstance(metadata, dict) else None
    found = CREATOR.match(creator.strip()) if isinstance(creator, str) else None
    if found is None:
        return ""
    try:
        return parse_endpoint_name(found.group(1)).lower()
    except InvalidInput:
        return ""


def zone_lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of a zone file that drift needs, numbered: directives, and the A, SOA and NS
    records; other records are left out (dnspython spent seconds on a line of TXT strings),
    their owner kept for the records that follow without one. Each line is held to a
    length and a number of tokens."""
    owner_pending = ""  # the owner of a record left out, while the next line names none
    depth = 0  # open parentheses of a record spanning lines
    keeping = True
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_ZONE_LINE_CHARACTERS:
            raise Unreadable(
                f"line {number}",
                f"Line {number} of the zone file has {len(line):,} characters; at most "
                f"{MAX_ZONE_LINE_CHARACTERS:,} are read.",
            )
        content = line.split(";", 1)[0] if '"' not in line else without_comment(line)
        tokens = content.split()
        if len(tokens) > MAX_ZONE_LINE_TOKENS:
            raise Unreadable(
                f"line {number}",
                f"Line {number} of the zone file has {len(tokens):,} items; at most "
                f"{MAX_ZONE_LINE_TOKENS} are read.",
            )
        if depth:
            depth += content.count("(") - content.count(")")
            if keeping:
                yield number, line
            continue
        if not tokens:
            continue
        if tokens[0].startswith("$"):
            keeping = True
            yield number, line
            continue
        named = not line[:1].isspace()
        owner = tokens[0] if named else ""
        rest = tokens[1:] if named else tokens
        while rest and (rest[0][:1].isdigit() or rest[0].upper() in ZONE_CLASSES):
            rest = rest[1:]  # a TTL or a class
        keeping = bool(rest) and rest[0].upper() in ZONE_TYPES
        depth = max(content.count("(") - content.count(")"), 0)
        if not keeping:
            owner_pending = owner or owner_pending
            continue
        if not named and owner_pending:
            line = owner_pending + line
        owner_pending = ""
        yield number, line


def without_comment(line: str) -> str:
    """A zone file line without its comment, where a quoted string may hold a ";"."""
    quoted = False
    for index, character in enumerate(line):
        if character == '"':
            quoted = not quoted
        elif character == ";" and not quoted:
            return line[:index]
    return line


def read_zone_file(text: str, zone: str) -> DeployedZone:
    """A BIND master file of the zone (its own $ORIGIN wins over `zone`), read by dnspython:
    only the lines drift needs (`zone_lines`)."""
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
    kept = list(zone_lines(text))
    numbers = [number for number, _ in kept]
    try:
        parsed = dns.zone.from_text(
            "\n".join(line for _, line in kept) + ("\n" if text.endswith("\n") else ""),
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
        where = ""
        if place.isdigit() and int(place) > 0 and numbers:
            # dnspython's count is of the lines it was given; the message names the file's.
            where = f"near line {numbers[min(int(place), len(numbers)) - 1]}"
        raise Unreadable(where, f"The zone file is not a master file: {reason or error}.") from None
    except (dns.exception.DNSException, ValueError) as error:  # ValueError: "non-origin SOA"
        raise Unreadable("", f"The zone file cannot be read: {error}.") from None
    origin_text = parsed.origin.to_text(omit_final_dot=True) if parsed.origin else zone
    try:
        origin = zone_name(origin_text, ())
    except Unreadable as problem:
        raise Unreadable("", f"The zone file's origin: {problem}") from None
    records = []
    for name, node in parsed.nodes.items():
        rdataset = node.get_rdataset(parsed.rdclass, dns.rdatatype.A)
        if rdataset is None:
            continue
        label = dns_name(name.to_text().lower(), (), "A record name")
        addresses = tuple(rdata.address for rdata in rdataset)
        records.append(DeployedRecord(label, rdataset.ttl, addresses))
        if len(records) > MAX_ITEMS:
            raise Unreadable("", f"More than {MAX_ITEMS:,} A records.")
    return DeployedZone(origin, tuple(sorted(records, key=lambda record: record.name)))


# --- az network private-endpoint dns-zone-group list --------------------------------------


def read_zone_groups(value: Any) -> tuple[DeployedZoneGroup, ...]:
    """`az network private-endpoint dns-zone-group list --endpoint-name <endpoint>`: each
    group, its zones, and the records it wrote (`recordSets`), in the az or REST form."""
    groups = []
    items, place = listed(value, (), "the output of dns-zone-group list")
    for item, at in objects(items, place, "a DNS zone group"):
        name = checked_name(item, at, "The zone group's name")
        configs = []
        for config, config_at in objects_in(
            item, "privateDnsZoneConfigs", at, "a zone configuration"
        ):
            zone_id = text_at(config, "privateDnsZoneId", config_at, "the zone's resource id")
            found = zone_id_of(zone_id)
            if found is None or found[0] != zone_id:
                raise Unreadable(
                    pointer(*config_at, *field(config, "privateDnsZoneId")[1]),
                    f"{shown(zone_id)!r} is not a private DNS zone's resource id.",
                )
            records = []
            for record, record_at in objects_in(config, "recordSets", config_at, "a record set"):
                record_name = text_at(record, "recordSetName", record_at, "the record's name")
                records.append(
                    dns_name(
                        ascii_lower(record_name), (*record_at, "recordSetName"), "The record's name"
                    )
                )
            configs.append(
                ZoneConfig(
                    checked_name(config, config_at, "The zone configuration's name"),
                    found[0],
                    found[1],
                    tuple(records),
                )
            )
        groups.append(DeployedZoneGroup(name, tuple(configs)))
    return tuple(groups)


def checked_name(item: dict[str, Any], place: tuple[str | int, ...], what: str) -> str:
    """A resource name read from az that reaches printed commands: Azure's naming rule."""
    text = text_at(item, "name", place, what.lower())
    try:
        return parse_endpoint_name(text, what)
    except InvalidInput as problem:
        raise Unreadable(pointer(*place, "name"), str(problem)) from None


# --- az acr show, az acr replication list -------------------------------------------------


def read_registry_show(value: Any) -> DeployedRegistry:
    """`az acr show` (or the REST API's registry): its name, home region (`location`), the
    regions its data and regional host names show, and whether regional endpoints are on
    (`regionalEndpoints`). Replications' `regionEndpointEnabled` is another setting (global
    endpoint routing) and is never read as this one."""
    item = object_at(value, (), "the output of az acr show")
    name = ascii_lower(text_at(item, "name", (), "the registry's name"))
    if not (name.isascii() and name.isalnum()):
        raise Unreadable("/name", f"{shown(name)!r} is not a registry name.")
    home = ascii_lower(text_at(item, "location", (), "the registry's location"))
    if not known_region(home):
        raise Unreadable(
            pointer(*field(item, "location")[1]), f"{shown(home)!r} is not a known region."
        )
    home = region_key(home)
    cloud = None
    login, _ = field(item, "loginServer")
    if isinstance(login, str):
        found = member_of_fqdn(login)
        suffix = ascii_lower(login.strip()).partition(".")[2]
        cloud = next((c for c, f in azure.CLOUDS.items() if f.registry_suffix == suffix), None)
        if found is None or found[0] != name:
            raise Unreadable(
                pointer(*field(item, "loginServer")[1]),
                f"{shown(login)!r} is not the login server of {name}.",
            )
    regions = {home: None}
    for key in ("dataEndpointHostNames", "regionalEndpointHostNames"):
        hosts, hosts_at = field(item, key)
        for n, host in enumerate(items_of(absent_empty(hosts), hosts_at, key)):
            found = member_of_fqdn(host) if isinstance(host, str) else None
            kind = member_kind(found[1]) if found else None
            if found is None or kind is None or kind[1] is None or found[0] != name:
                raise Unreadable(
                    pointer(*hosts_at, n),
                    f"Expected a host name such as {name}.<region>.data.azurecr.io.",
                )
            regions[kind[1]] = None
    regional, regional_at = field(item, "regionalEndpoints")
    if regional is not None and regional not in ("Enabled", "Disabled"):
        raise Unreadable(pointer(*regional_at), "Expected Enabled or Disabled.")
    return DeployedRegistry(
        name,
        cloud,
        home,
        tuple(regions),
        None if regional is None else regional == "Enabled",
    )


def read_replications(value: Any, home: str = "") -> tuple[str, ...]:
    """The registry's regions from `az acr replication list` (or the REST API's list), the
    home region first when it is known. Azure lists them in no documented order, and a
    registry without geo-replicas lists none: then the home region is its one region."""
    regions = []
    items, place = listed(value, (), "the output of az acr replication list")
    for item, at in objects(items, place, "a replication"):
        location = ascii_lower(
            text_at(item, azure.REPLICATION_LOCATION, at, "the replication's location")
        )
        if not known_region(location):
            raise Unreadable(
                pointer(*at, azure.REPLICATION_LOCATION),
                f"{shown(location)!r} is not a known region.",
            )
        regions.append(region_key(location))
    if not regions and not home:
        raise Unreadable(
            "",
            "az acr replication list printed no replication: a registry without geo-replicas "
            "lists none. Give the registry's own JSON too (acr_show: what az acr show prints; "
            "its location is the home region), or give regions.",
        )
    ordered = dict.fromkeys([home] if home else [])
    ordered.update(dict.fromkeys(regions))
    return tuple(ordered)


# --- az graph query -----------------------------------------------------------------------


def graph_command() -> str:
    """The one command that lists every address held in a subnet and every subnet's prefix;
    `az graph` comes from the resource-graph extension (az offers to add it)."""
    return "\n".join((azure.GRAPH_EXTENSION, azure.GRAPH_COMMAND.format(query=azure.GRAPH_QUERY)))


def graph_shortfall(pages: list[Any]) -> str:
    """What is missing when the pages of a graph answer hold fewer rows than the last one's
    `total_records`: Resource Graph truncated the query it could not page (az only warns).
    Empty when nothing is, or when the pages do not say (answers saved without it)."""
    last = pages[-1] if pages and isinstance(pages[-1], dict) else {}
    total = last.get(azure.GRAPH_TOTAL)
    if total is None:
        return ""
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        return f"Expected {azure.GRAPH_TOTAL} as a whole number."
    rows = sum(len(p.get(azure.GRAPH_ROWS) or ()) for p in pages if isinstance(p, dict))
    if rows >= total:
        return ""
    return (
        f"The pages hold {rows:,} rows of the query's {total:,} ({azure.GRAPH_TOTAL}): "
        "Resource Graph truncated the answer, so addresses in some subnets may be missing "
        "and none is planned on. Run the query again (every page, with --skip-token, as a "
        "list); with az, look for its warning 'Unable to paginate the results of the query'."
    )


def read_graph(value: Any) -> tuple[SubnetInventory, ...]:
    """The output of `graph_command()`; a list of such outputs (pages) is read as one. Each
    subnet's addresses are converted and merged here, once."""
    listed = isinstance(value, list)
    pages = value if listed else [value]
    prefixes: dict[str, list[str]] = {}
    addresses: dict[str, list[str]] = {}
    values: dict[str, list[int]] = {}
    configurations: dict[str, int] = {}
    spaces: dict[str, list[str]] = {}
    rows_read = 0
    for page_number, page in enumerate(items_of(pages, (), "pages")):
        at: tuple[str | int, ...] = (page_number,) if listed else ()
        answer = object_at(page, at, "the output of az graph query")
        if answer.get(azure.GRAPH_SKIP_TOKEN) and not listed:
            raise Unreadable(
                pointer(*at, azure.GRAPH_SKIP_TOKEN),
                "The answer is one page of several (skip_token is set): run the query again "
                "with --skip-token for each further page and give the pages as a list.",
            )
        rows = items_of(answer.get(azure.GRAPH_ROWS), (*at, azure.GRAPH_ROWS), "data")
        rows_read += len(rows)
        if rows_read > MAX_ITEMS:
            raise Unreadable(pointer(*at), f"More than {MAX_ITEMS:,} rows.")
        for row, place in objects(rows, (*at, azure.GRAPH_ROWS), "a row"):
            subnet = row.get(azure.GRAPH_SUBNET)
            if not isinstance(subnet, str):
                raise Unreadable(pointer(*place, azure.GRAPH_SUBNET), "Expected a subnet id.")
            subnet = subnet.lower()
            if not subnet:
                continue  # an interface configuration without a subnet
            if row.get(azure.GRAPH_ADDRESS):
                ip, number = graph_address(row[azure.GRAPH_ADDRESS], place)
                addresses.setdefault(subnet, []).append(ip)
                values.setdefault(subnet, []).append(number)
            for prefix in row_prefixes(row, place):
                prefixes.setdefault(subnet, []).append(prefix)
            space = address_space(row, place)
            if space:
                spaces[subnet] = space
            listed_count = row.get(azure.GRAPH_CONFIGURATIONS)
            if listed_count is not None:
                if not isinstance(listed_count, int) or isinstance(listed_count, bool):
                    raise Unreadable(
                        pointer(*place, azure.GRAPH_CONFIGURATIONS), "Expected a whole number."
                    )
                configurations[subnet] = configurations.get(subnet, 0) + max(listed_count, 0)
    missing = graph_shortfall(pages)
    if missing:
        last: tuple[int, ...] = (len(pages) - 1,) if listed else ()
        raise Unreadable(pointer(*last, azure.GRAPH_TOTAL), missing)
    return tuple(
        SubnetInventory(
            subnet,
            tuple(prefixes.get(subnet, ())),
            tuple(addresses.get(subnet, ())),
            tuple(runs(sorted(values.get(subnet, [])))),
            configurations.get(subnet),
            tuple(spaces.get(subnet, ())),
        )
        for subnet in sorted({*prefixes, *addresses})
    )


def graph_address(value: Any, place: tuple[str | int, ...]) -> tuple[str, int]:
    """A row's address as text and as an integer: parsed once."""
    if isinstance(value, str) and (number := dotted_quad(value)) is not None:
        return value, number
    at = pointer(*place, azure.GRAPH_ADDRESS)
    if not isinstance(value, str):
        raise Unreadable(at, "Expected an IPv4 address as text.")
    try:
        return value.strip(), parse_address(value.strip())
    except InvalidInput as problem:
        raise Unreadable(at, str(problem)) from None


OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
DOTTED_QUAD = re.compile(rf"{OCTET}(?:\.{OCTET}){{3}}")


def dotted_quad(text: str) -> int | None:
    """A plain dotted-quad address as an integer, or None for anything else (which
    `parse_address` then reads or refuses): four decimal octets without leading zeros, as
    inet_pton takes them, matched and converted in C. A graph's tens of thousands of rows
    are read in a fraction of the time netaddr takes."""
    if DOTTED_QUAD.fullmatch(text) is None:
        return None
    return int.from_bytes(socket.inet_aton(text), "big")


def row_prefixes(row: dict[str, Any], place: tuple[str | int, ...]) -> list[str]:
    found = []
    single = row.get(azure.GRAPH_PREFIX)
    if isinstance(single, str) and single:
        found.append((single, (*place, azure.GRAPH_PREFIX)))
    return [*checked_prefixes(found), *listed_prefixes(row, place, azure.GRAPH_PREFIXES)]


def address_space(row: dict[str, Any], place: tuple[str | int, ...]) -> list[str]:
    """A subnet row's virtual network address space (IPv4 prefixes), when the graph gave it."""
    return listed_prefixes(row, place, azure.GRAPH_ADDRESS_SPACE)


def listed_prefixes(row: dict[str, Any], place: tuple[str | int, ...], column: str) -> list[str]:
    """The IPv4 prefixes of a column that holds a list of them (absent or null: none)."""
    several = row.get(column)
    if not isinstance(several, list):
        return []
    return checked_prefixes(
        (prefix, (*place, column, n)) for n, prefix in enumerate(several[:MAX_ADDRESSES_PER_NAME])
    )


def checked_prefixes(found: Iterable[tuple[Any, tuple[str | int, ...]]]) -> list[str]:
    """Each prefix read as an IPv4 CIDR (an IPv6 one of a dual-stack network is left out:
    registry endpoints are IPv4), or Unreadable naming its place."""
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


def network_id(subnet_id: str) -> str:
    """The virtual network's resource id, from one of its subnets' (lower case)."""
    return subnet_id.lower().partition("/subnets/")[0]


def networks_of(inventory: Iterable[SubnetInventory], subnet_ids: Iterable[str]) -> list[Network]:
    """The virtual networks of the subnets `subnet_ids`, each with its address space and
    every subnet prefix the graph lists in it; none for a network whose address space the
    graph did not give (an output of the query's older versions)."""
    subnets = list(inventory)
    wanted = dict.fromkeys(network_id(subnet_id) for subnet_id in subnet_ids)
    networks = []
    for vnet in wanted:
        its = [s for s in subnets if network_id(s.subnet_id) == vnet]
        space = next((s.address_space for s in its if s.address_space), ())
        if space:
            prefixes = dict.fromkeys(p for s in its for p in s.prefixes)
            networks.append(
                Network(
                    subnet_name(vnet),
                    tuple(parse_cidr(p) for p in space),
                    tuple(parse_cidr(p) for p in prefixes),
                )
            )
    return networks


# --- Filling the planning forms from the graph ----------------------------------------------


@dataclass(frozen=True)
class SubnetState:
    """A subnet as Resource Graph lists it: the prefix that holds the endpoint, and every
    address the graph lists in that prefix (an endpoint's own current addresses among them)."""

    subnet_id: str
    cidr: IPNetwork
    used: tuple[Span, ...]
    unseen: int = 0  # IP configurations the subnet counts beyond the addresses the graph lists

    @property
    def in_use(self) -> tuple[str, ...]:
        """The used spans as the forms' in-use field takes them."""
        return span_texts(self.used)

    @property
    def shortfall(self) -> str:
        """What the graph may have missed in this subnet, in a sentence ("" for nothing)."""
        if not self.unseen:
            return ""
        return (
            f"The subnet {subnet_name(self.subnet_id)} counts {self.unseen} more IP "
            "configuration(s) than the graph lists addresses for: resources the query does "
            "not list (a gateway, a firewall, another service's delegated addresses) hold "
            "addresses there. The count is not the number of addresses held (an Application "
            "Gateway v2's instances hold addresses it does not count one by one: "
            "MicrosoftDocs/azure-docs issues 65925 and 118791), so find what holds them; add "
            "them to in_use, or the plan may give out an address that is taken."
        )


@lru_cache(maxsize=4)
def span_texts(spans: tuple[Span, ...]) -> tuple[str, ...]:
    """Spans as text, written once for the endpoints that share a subnet's spans."""
    return tuple(span_text(span) for span in spans)


def subnet_state(
    inventory: Iterable[SubnetInventory], subnet_id: str, near: str = ""
) -> SubnetState:
    """The subnet `subnet_id` from the graph: of its prefixes (a subnet may have several) the
    one holding the address `near`, else its first. The subnet's addresses were merged when
    the graph was read: this takes the part inside the prefix, whatever their number."""
    found = next((s for s in inventory if s.subnet_id == subnet_id.lower()), None)
    if found is None or not found.prefixes:
        raise Unreadable(
            "",
            f"The graph output lists no prefix for the subnet {shown(subnet_name(subnet_id))}: "
            "run the query with the subscription of its virtual network.",
        )
    networks = [parse_cidr(prefix) for prefix in found.prefixes]
    cidr = next((n for n in networks if near and inside(near, n)), networks[0])
    used = found.used
    if found.addresses and not used:  # built without the merged spans (by hand)
        used = merge(Span(v, v) for v in map(str_to_int, found.addresses))
    unseen = 0
    if found.configurations is not None:
        unseen = max(found.configurations - len(found.addresses), 0)
    return SubnetState(found.subnet_id, cidr, within(used, Span(cidr.first, cidr.last)), unseen)


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
    if outside := address_outside(endpoint, state.cidr):
        raise Unreadable(
            "",
            f"{outside}, the prefix the graph lists for "
            f"{shown(subnet_name(endpoint.subnet_id))}: is it the same subnet?",
        )
    return state


def address_outside(endpoint: DeployedEndpoint, cidr: IPNetwork) -> str:
    """Why the endpoint cannot be in `cidr` (the first of its addresses outside), or ""."""
    outside = [m.ip for m in endpoint.members if not inside(m.ip, cidr)]
    return f"The endpoint's address {outside[0]} is not inside {cidr}" if outside else ""


@dataclass(frozen=True)
class EndpointList:
    """What `az network private-endpoint list` says of a registry's endpoints."""

    endpoints: tuple[DeployedEndpoint, ...]
    others: int  # endpoints to other services (a storage account's, a vault's), left out
    not_approved: tuple[NotApproved, ...] = ()  # left out: their connection is not approved

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(left_out.note for left_out in self.not_approved)


def read_private_endpoints(value: Any) -> EndpointList:
    """`az network private-endpoint list` (or the REST API's list): the registry endpoints;
    endpoints to other services, and those whose connection awaits approval or was rejected,
    are left out and counted or named."""
    endpoints, others, not_approved = [], 0, []
    items, place = listed(value, (), "the output of az network private-endpoint list")
    for item, at in objects(items, place, "a private endpoint"):
        if not connection_registries(item) and other_service(item):
            others += 1
            continue
        try:
            endpoints.append(read_private_endpoint(item))
        except NotApproved as left_out:
            not_approved.append(left_out)
        except Unreadable as error:
            raise Unreadable(pointer(*at) + error.place, str(error)) from None
    return EndpointList(tuple(endpoints), others, tuple(not_approved))


def other_service(item: dict[str, Any]) -> bool:
    """Whether the endpoint connects to something that is not a container registry."""
    return any("/registries/" not in target.lower() for target, _, _ in connection_targets(item))


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
    shortfall = f" {state.shortfall}" if state.shortfall else ""
    return (
        f"Filled from az graph query: subnet {state.cidr} "
        f"({subnet_name(state.subnet_id)}), {used} address{'es' if used != 1 else ''} "
        f"in use{whose}.{shortfall}"
    )


class Pasted(StrEnum):
    """What a reader was given, for the problems it names."""

    GRAPH = "graph"  # az graph query's output
    ENDPOINT = "endpoint"  # az network private-endpoint show's


@dataclass(frozen=True)
class GraphFill:
    """What pasting the graph's output (and the endpoint's) fills in the planning form: the
    subnet and its in-use spans, or each box's problem."""

    state: SubnetState | None
    summary: str = ""
    problems: tuple[tuple[Pasted, str], ...] = ()  # (what was pasted, message)


def fill_from_graph(graph_text: str, endpoint_text: str = "") -> GraphFill:
    """The subnet of the endpoint pasted (or the only one the graph lists) and every address
    used in it, from the text of the two paste boxes."""
    problems: list[tuple[Pasted, str]] = []
    inventory: tuple[SubnetInventory, ...] = ()
    endpoint = None
    if not graph_text.strip() and len(graph_text) <= MAX_TEXT_CHARACTERS:
        problems.append((Pasted.GRAPH, "Paste the JSON that the graph query prints."))
    else:
        try:
            inventory = read_graph(load_json(graph_text, "The graph output"))
        except Unreadable as error:
            problems.append((Pasted.GRAPH, described(error)))
    if endpoint_text.strip() or len(endpoint_text) > MAX_TEXT_CHARACTERS:
        try:
            endpoint = read_private_endpoint(load_json(endpoint_text, "The endpoint's JSON"))
        except Unreadable as error:
            problems.append((Pasted.ENDPOINT, described(error)))
    if problems:
        return GraphFill(None, problems=tuple(problems))
    try:
        if endpoint is None:
            state = subnet_state(inventory, only_subnet(inventory))
        else:
            state = endpoint_state(inventory, endpoint)
    except Unreadable as error:
        box = Pasted.ENDPOINT if error.place.startswith("/") else Pasted.GRAPH
        return GraphFill(None, problems=((box, described(error)),))
    return GraphFill(state, graph_summary(state, endpoint))
