"""What every reader of az output shares: the caps, `Unreadable` and its JSON-pointer
places, the two envelopes az prints (client-flattened, and the REST form under `properties`
with lists as {"value": [...]}), names and resource ids, and a member name or FQDN read back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from netaddr import IPNetwork
from netaddr.strategy.ipv4 import str_to_int

from planner.core.addresses import (
    InvalidInput,
    parse_address,
    shown,
)
from planner.core.inputs import (
    MAX_RESOURCE_ID_CHARACTERS,
    REGION_NAMES,
    RESOURCE_GROUP,
    SUBSCRIPTION_ID,
    ZONE_ID,
    ascii_lower,
    region_key,
)
from planner.core.services import ZONE_LABEL

MAX_TEXT_CHARACTERS = 2_000_000  # one pasted document or zone file


MAX_ITEMS = 100_000  # rows of a Resource Graph answer; record sets; IP configurations


MAX_ADDRESSES_PER_NAME = 1_000


# A DNS name as a zone holds it: labels of letters, digits and hyphens (and the underscore
# and wildcard that other records of a hub zone may have), or "@" for the apex. Names read
# from az JSON reach printed commands: nothing else gets through.
DNS_LABEL = re.compile(r"[A-Za-z0-9_*](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")


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


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer to a place in a document (every reader names places so)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


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


def described(error: Unreadable) -> str:
    """A reader's message with its place, for a page or a command that shows it in one line."""
    return f"{error} (at {error.place})" if error.place else str(error)
