"""`az network private-endpoint show` and `list`: an endpoint, its members and addresses, and
what a re-created endpoint must keep."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planner.core import azure
from planner.core.addresses import (
    InvalidInput,
    shown,
)
from planner.core.deployed.places import (
    ENDPOINT_ID,
    MAX_ITEMS,
    REGISTRY_ID,
    SUBNET_ID,
    Unreadable,
    absent_empty,
    address_at,
    field,
    items_of,
    known_region,
    listed,
    object_at,
    objects,
    pointer,
    resource_id,
    text_at,
)
from planner.core.inputs import (
    ascii_lower,
    parse_endpoint_name,
)
from planner.core.services import REGISTRY

# A connection Azure has approved; anything else (Pending, Rejected, Disconnected) has no
# addresses yet or any more (H: recorded by azure-cli, "Pending" with "Awaiting Approval").
MEMBER_NAMES = ", ".join(shape.member for shape in REGISTRY.shapes)
APPROVED = "approved"


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
    subnet_id, subnet_resource_id = endpoint_subnet(item)
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
    one_address_each(members, configurations_at)
    if len(registries) > 1:
        listed_names = ", ".join(sorted(shown(r) for r in registries)[:3])
        raise Unreadable("", f"The endpoint names several registries: {listed_names}.")
    return DeployedEndpoint(
        name=name,
        subnet_id=subnet_id,
        static=bool(static_members),
        members=tuple(members),
        registry=next(iter(registries), ""),
        manual=manual,
        subnet_resource_id=subnet_resource_id,
        **what_it_keeps(item, name),
    )


def what_it_keeps(item: dict[str, Any], name: str) -> dict[str, Any]:
    """Where the endpoint is (from its own id), what it connects to, and what an endpoint
    created again must keep: location, network interface name, tags, request message; and
    the resource guid that tells it from one created again."""
    where = resource_id(item.get("id"), ENDPOINT_ID)
    own = where is not None and where[2].lower() == name.lower()
    return {
        "subscription": where[0] if where and own else "",
        "resource_group": where[1] if where and own else "",
        "registry_id": registry_resource(item),
        "location": endpoint_location(item),
        "nic_name": nic_name(item),
        "tags": endpoint_tags(item),
        "request_message": request_message(item),
        "resource_guid": resource_guid(item),
    }


def endpoint_subnet(item: dict[str, Any]) -> tuple[str, str]:
    """The endpoint's subnet id in lower case (for matching) and as printed when it is a
    subnet's resource id ("" when az printed none)."""
    subnet_key, id_key = azure.ENDPOINT_SUBNET
    subnet, subnet_at = field(item, subnet_key)
    if subnet is None:
        return "", ""
    given = object_at(subnet, subnet_at, "the subnet")
    subnet_id = text_at(given, id_key, subnet_at, "the subnet's resource id").lower()
    subnet_resource = resource_id(given.get(id_key), SUBNET_ID)
    return subnet_id, subnet_resource[-1] if subnet_resource else ""


def one_address_each(members: list[DeployedMember], place: tuple[str | int, ...]) -> None:
    """A member name has one address: two are refused (at the IP configurations)."""
    seen: dict[str, str] = {}
    for member in members:
        if seen.setdefault(member.member_name, member.ip) != member.ip:
            raise Unreadable(
                pointer(*place), f"Member {shown(member.member_name)} has two addresses."
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
        if group is not None and group != REGISTRY.group_id:
            raise Unreadable(
                pointer(*at, *group_at),
                f"Group {shown(str(group))} is not a registry's ({REGISTRY.group_id}).",
            )
        member = text_at(item, azure.IP_CONFIGURATION_MEMBER, at, "the member name")
        if REGISTRY.member_kind(member) is None:
            raise Unreadable(
                pointer(*at, *field(item, azure.IP_CONFIGURATION_MEMBER)[1]),
                f"{shown(member)} is not a registry member name ({MEMBER_NAMES}, with a known "
                "region).",
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
        found = REGISTRY.member_of_fqdn(fqdn)
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
