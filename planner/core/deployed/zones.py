"""`az network private-dns record-set a list`, a zone file, and `az network private-endpoint
dns-zone-group list`: the records a private zone holds and the zone groups that wrote them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import dns.exception
import dns.name
import dns.rdatatype
import dns.zone

from planner.core import azure
from planner.core.addresses import (
    InvalidInput,
    shown,
)
from planner.core.deployed.places import (
    MAX_ADDRESSES_PER_NAME,
    MAX_ITEMS,
    MAX_TEXT_CHARACTERS,
    Unreadable,
    absent_empty,
    address_at,
    dns_name,
    field,
    items_of,
    listed,
    object_at,
    objects,
    objects_in,
    pointer,
    text_at,
    zone_id_of,
    zone_name,
)
from planner.core.inputs import (
    ascii_lower,
    parse_endpoint_name,
)

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


# What a private DNS zone group writes into each record it creates (H: the record sets'
# metadata in exported zones and azure-cli's recorded answers).
CREATOR = re.compile(r"created by private endpoint (\S+) with resource guid", re.IGNORECASE)


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
        addresses = record_addresses(item, at)
        if found := record_zone(item, at):
            ids.add(found[0])
            zones.add(found[1])
        records.append(DeployedRecord(name, ttl, addresses, creator_of(item)))
    if not zone and len(zones) > 1:
        raise Unreadable("", f"The record sets come from {len(zones)} zones; give one zone's.")
    named = zone_name(zone, ("zone",)) if zone else next(iter(zones), "")
    zone_ids = [i for i in ids if i.lower().endswith("/" + named)] if named else []
    return DeployedZone(named, tuple(records), zone_ids[0] if len(zone_ids) == 1 else "")


def record_addresses(item: dict[str, Any], at: tuple[str | int, ...]) -> tuple[str, ...]:
    """A record set's addresses (aRecords: absent or null is none)."""
    entries, entries_at = field(item, azure.RECORD_SET_A)
    entries = items_of(absent_empty(entries), (*at, *entries_at), "aRecords")
    if len(entries) > MAX_ADDRESSES_PER_NAME:
        raise Unreadable(pointer(*at, *entries_at), "Too many addresses.")
    return tuple(
        address_at(
            object_at(entry, (*at, *entries_at, n), "an A record").get(azure.RECORD_SET_ADDRESS),
            (*at, *entries_at, n, azure.RECORD_SET_ADDRESS),
        )
        for n, entry in enumerate(entries)
    )


def record_zone(item: dict[str, Any], at: tuple[str | int, ...]) -> tuple[str, str] | None:
    """(zone id, zone name) of a record set's private DNS zone, when its id names one."""
    resource_id = item.get("id")
    if not (isinstance(resource_id, str) and "/privatednszones/" in resource_id.lower()):
        return None
    found = zone_id_of(resource_id)
    if found is None:
        raise Unreadable(
            pointer(*at, "id"), "The record set's id does not name a private DNS zone."
        )
    return found


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
        content, tokens = zone_line(number, line)
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
        owner, keeping = record_type_kept(line, tokens)
        depth = max(content.count("(") - content.count(")"), 0)
        if not keeping:
            owner_pending = owner or owner_pending
            continue
        yield number, (owner_pending + line if not owner and owner_pending else line)
        owner_pending = ""


def zone_line(number: int, line: str) -> tuple[str, list[str]]:
    """A line's content without its comment, and its tokens, each held to its cap."""
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
    return content, tokens


def record_type_kept(line: str, tokens: list[str]) -> tuple[str, bool]:
    """A record line's owner ("" when it names none) and whether its type is one drift reads."""
    named = not line[:1].isspace()
    owner = tokens[0] if named else ""
    rest = tokens[1:] if named else tokens
    while rest and (rest[0][:1].isdigit() or rest[0].upper() in ZONE_CLASSES):
        rest = rest[1:]  # a TTL or a class
    return owner, bool(rest) and rest[0].upper() in ZONE_TYPES


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
    parsed = parsed_zone(text, zone)
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


def parsed_zone(text: str, zone: str) -> dns.zone.Zone:
    """The lines drift needs, read by dnspython; a syntax error is placed on the file's line."""
    kept = list(zone_lines(text))
    numbers = [number for number, _ in kept]
    try:
        return dns.zone.from_text(
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


def read_zone_groups(value: Any) -> tuple[DeployedZoneGroup, ...]:
    """`az network private-endpoint dns-zone-group list --endpoint-name <endpoint>`: each
    group, its zones, and the records it wrote (`recordSets`), in the az or REST form."""
    groups = []
    items, place = listed(value, (), "the output of dns-zone-group list")
    for item, at in objects(items, place, "a DNS zone group"):
        name = checked_name(item, at, "The zone group's name")
        configs = objects_in(item, "privateDnsZoneConfigs", at, "a zone configuration")
        groups.append(DeployedZoneGroup(name, tuple(zone_config(*c) for c in configs)))
    return tuple(groups)


def zone_config(config: dict[str, Any], at: tuple[str | int, ...]) -> ZoneConfig:
    """One zone of a zone group, and the names of the records it wrote there."""
    zone_id = text_at(config, "privateDnsZoneId", at, "the zone's resource id")
    found = zone_id_of(zone_id)
    if found is None or found[0] != zone_id:
        raise Unreadable(
            pointer(*at, *field(config, "privateDnsZoneId")[1]),
            f"{shown(zone_id)!r} is not a private DNS zone's resource id.",
        )
    records = []
    for record, record_at in objects_in(config, "recordSets", at, "a record set"):
        record_name = text_at(record, "recordSetName", record_at, "the record's name")
        records.append(
            dns_name(ascii_lower(record_name), (*record_at, "recordSetName"), "The record's name")
        )
    name = checked_name(config, at, "The zone configuration's name")
    return ZoneConfig(name, found[0], found[1], tuple(records))


def checked_name(item: dict[str, Any], place: tuple[str | int, ...], what: str) -> str:
    """A resource name read from az that reaches printed commands: Azure's naming rule."""
    text = text_at(item, "name", place, what.lower())
    try:
        return parse_endpoint_name(text, what)
    except InvalidInput as problem:
        raise Unreadable(pointer(*place, "name"), str(problem)) from None
