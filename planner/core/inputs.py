"""Validation of everything a user gives the planner. Every message is written here, once.

Each function takes raw values and returns the core's typed value, or raises
`InvalidInput` with a message that says what is wrong and what would be accepted.
The Django form calls these for the page, the API and the command line alike.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from socket import AF_INET, inet_pton
from typing import Any, TypeVar

from netaddr import IPNetwork

from planner.core import azure
from planner.core.addresses import (
    InvalidInput,
    Span,
    merge,
    parse_cidr,
    parse_span,
    runs,
    shown,
)
from planner.core.azure import Cloud
from planner.core.model import AddressMode, DnsMode

Choice = TypeVar("Choice", bound=StrEnum)
MAX_LISTED_ERRORS = 5  # a long in-use list reports its first few bad entries, then a count

# Caps on what one request may give, far above any valid value (so a near miss still gets its
# field's own message): they bound the work a request causes and the size of the answer to it.
MAX_TEXT_CHARACTERS = 100  # registry (5 to 50), cloud, subnet (at most 18), count, true/false
MAX_ENTRY_CHARACTERS = 100  # one region or in-use entry; a range written in full has 31
MAX_ENTRIES = 100_000  # in-use entries; regions stop sooner, at the cloud's number of regions
MAX_LIST_CHARACTERS = MAX_ENTRIES * 32  # a list as one string: room for MAX_ENTRIES ranges
# Members planned in one estate request, endpoints x members each (the what-if's included):
# Azure's default of 200 endpoints to a registry of 19 regions with regional endpoints (39
# members each) fits, and its largest answer (the bundle) is made in about a second.
MAX_ESTATE_MEMBERS = 8_000


def check_estate_size(endpoints: int, members_each: int) -> None:
    """An estate's size is bounded by what its answers hold: endpoints x members."""
    planned = endpoints * members_each
    if planned > MAX_ESTATE_MEMBERS:
        raise InvalidInput(
            f"{endpoints:,} endpoints of {members_each} members each are {planned:,} addresses "
            f"to plan; one request plans at most {MAX_ESTATE_MEMBERS:,} (e.g. 200 endpoints of "
            "a registry in 19 regions with regional endpoints). Split the estate by zone "
            "scope or network."
        )


REGIONS_MISSING = "Name at least one region: the home region first, then each replica."
REGIONS_OR_COUNT_MISSING = (
    "Name at least one region (the home region first, then each replica), "
    "or give only a replica count to size the subnet."
)
REPLICA_COUNT_MISSING = "Give the replica count: a whole number, the home region counted as one."
REPLICA_COUNT_INVALID = "The replica count is a whole number, the home region counted as one."
REGISTRY_RULE = (
    f"{azure.REGISTRY_NAME_MIN} to {azure.REGISTRY_NAME_MAX} letters and digits, "
    "no dashes or other characters"
)
REGISTRY_MISSING = f"Give the registry name: {REGISTRY_RULE}."
ENDPOINT_NAME_RULE = (
    f"{azure.ENDPOINT_NAME_MIN} to {azure.ENDPOINT_NAME_MAX} letters, digits, underscores, "
    "periods and hyphens, starting with a letter or digit and ending with one or an underscore"
)
SUBNET_MISSING = "Give the subnet as an IPv4 CIDR, e.g. 10.0.1.0/28."
TOO_MANY_ENTRIES = f"A list holds at most {MAX_ENTRIES:,} entries; this one has more."


def check_text(text: str, limit: int = MAX_TEXT_CHARACTERS) -> str:
    """A single value (a name, a CIDR, a count, true/false) of at most `limit` characters."""
    if len(text) > limit:
        raise InvalidInput(f"Give at most {limit} characters; this has {len(text):,}.")
    return text


def check_entries(entries: list[Any]) -> list[Any]:
    """A list's entries: at most MAX_ENTRIES, each text of at most MAX_ENTRY_CHARACTERS (the
    caller refuses what is not text)."""
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(TOO_MANY_ENTRIES)
    try:  # measured in C: 100,000 entries are read in each request that may hold them
        longest = max(map(len, entries), default=0)
    except TypeError:  # an entry without a length (a number): measure the strings alone
        longest = max((len(entry) for entry in entries if isinstance(entry, str)), default=0)
    if longest > MAX_ENTRY_CHARACTERS:
        entry = next(e for e in entries if isinstance(e, str) and len(e) > MAX_ENTRY_CHARACTERS)
        raise InvalidInput(
            f"Each entry is at most {MAX_ENTRY_CHARACTERS} characters; "
            f"'{shown(entry.strip())}' has {len(entry):,}."
        )
    return entries


def split_list(text: str) -> list[str]:
    """The entries of a list written as one string, separated by commas, semicolons or white
    space; white space around a dash is dropped, so "10.0.1.4 - 10.0.1.6" is one range.

    Linear in the text's length: str methods only. The regular expression this replaces
    (white space, a dash, white space) backtracked over a run of white space from each of
    its characters: 200 KB of spaces held a worker for half a minute.
    """
    if len(text) > MAX_LIST_CHARACTERS:
        raise InvalidInput(
            f"A list written as one string is at most {MAX_LIST_CHARACTERS:,} characters; "
            f"this one has {len(text):,}."
        )
    if "-" in text:
        first, *middle, last = text.split("-")
        text = "-".join([first.rstrip(), *(part.strip() for part in middle), last.lstrip()])
    # Splitting at most MAX_ENTRIES times keeps the rest as one string: a list too long costs
    # no more than one at the cap.
    entries = text.replace(",", " ").replace(";", " ").split(None, MAX_ENTRIES)
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(TOO_MANY_ENTRIES)
    return check_entries(entries)


def ascii_lower(name: str) -> str:
    """A name in lower case when it is ASCII, else as given (so that it matches nothing):
    str.lower() turns the Kelvin sign, U+212A, into "k", so koreacentral could be spelt
    without a K."""
    return name.lower() if name.isascii() else name


def parse_cloud(text: str) -> Cloud:
    return parse_choice(text, Cloud, "a cloud")


def parse_choice(text: str, choices: type[Choice], what: str) -> Choice:
    """One of an enum's values: a cloud, a DNS mode, an allocation."""
    try:
        return choices(ascii_lower(text.strip()))
    except ValueError:
        listed = ", ".join(choice.value for choice in choices)
        raise InvalidInput(f"'{shown(text)}' is not {what}; choose one of: {listed}.") from None


def parse_registry(text: str) -> str:
    if not (text.isascii() and text.isalnum()):
        raise InvalidInput(
            f"A registry name is {REGISTRY_RULE}; '{shown(text)}' has something else."
        )
    if not azure.REGISTRY_NAME_MIN <= len(text) <= azure.REGISTRY_NAME_MAX:
        raise InvalidInput(
            f"A registry name is {REGISTRY_RULE}; '{shown(text)}' has {len(text)} characters."
        )
    return text.lower()


def parse_endpoint_name(text: str, what: str = "A private endpoint name") -> str:
    """A private endpoint's resource name, as Azure's naming rules allow it (zone scopes are
    named by the same rule)."""
    allowed = {*azure.ENDPOINT_NAME_INNER}
    ok = (
        text.isascii()
        and azure.ENDPOINT_NAME_MIN <= len(text) <= azure.ENDPOINT_NAME_MAX
        and text[0].isalnum()
        and (text[-1].isalnum() or text[-1] in azure.ENDPOINT_NAME_LAST)
        and all(character.isalnum() or character in allowed for character in text)
    )
    if not ok:
        raise InvalidInput(f"{what} is {ENDPOINT_NAME_RULE}; '{shown(text)}' is not.")
    return text


def check_scope_spelling(scope: str, first: str) -> str:
    """A zone scope spelt as `first`, the scope seen before it with the same letters in any
    case: the estate bundle names a zone file after each scope, and a case-insensitive file
    system (Windows, macOS) holds one file for two names that differ only in case."""
    if scope != first:
        raise InvalidInput(
            f"The zone scope '{shown(scope)}' differs from '{shown(first)}' only in case: the "
            "bundle names a zone file after each, and case-insensitive file systems take the "
            "two for one. Spell them alike to share one zone, or choose another name."
        )
    return scope


def region_key(name: str) -> str:
    """A region name as it is matched: ASCII, lower case, without spaces; a name with another
    character is kept as given, so that it matches nothing."""
    return "".join(name.split()).lower() if name.isascii() else name


# Each cloud's regions by the key of their programmatic and their display names.
REGIONS_BY_KEY = {
    cloud: {
        **{region_key(display): region for region, display in facts.display_names.items()},
        **{region: region for region in facts.regions},
    }
    for cloud, facts in azure.CLOUDS.items()
}


def region_name(name: str, cloud: Cloud) -> str:
    """The programmatic name of a region named by either of its names ("East US 2", "eastus 2"
    and "eastus2" are all eastus2); an unknown name as its key."""
    key = region_key(name)
    return REGIONS_BY_KEY[cloud].get(key, key)


def split_names(text: str) -> list[str]:
    """The entries of a list of names written as one string, separated by commas, semicolons
    or new lines, never by spaces: a region's display name ("East US 2") has them.

    Linear in the text's length: str methods only.
    """
    if len(text) > MAX_LIST_CHARACTERS:
        raise InvalidInput(
            f"A list written as one string is at most {MAX_LIST_CHARACTERS:,} characters; "
            f"this one has {len(text):,}."
        )
    separated = text.replace(";", ",").replace("\r", ",").replace("\n", ",")
    entries = [entry.strip() for entry in separated.split(",", MAX_ENTRIES)]
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(TOO_MANY_ENTRIES)
    return check_entries([word for entry in entries if entry for word in spaced_names(entry)])


# Every cloud's regions by programmatic name.
REGION_NAMES = azure.REGION_NAMES


def spaced_names(entry: str) -> list[str]:
    """An entry of a list of names, or its words when each is a region's programmatic name and
    the entry as a whole names none: lists were once split at spaces too ("eastus westus")."""
    words = entry.split()
    if (
        len(words) > 1
        and all(region_key(word) in REGION_NAMES for word in words)
        and not any(region_key(entry) in known for known in REGIONS_BY_KEY.values())
    ):
        return words
    return [entry]


def parse_regions(names: Sequence[str], cloud: Cloud) -> tuple[str, ...]:
    """Replica regions in order, home region first: known to the cloud, distinct, at least one.
    A region may be named by its programmatic name (eastus2) or its display name (East US 2)."""
    given = [name.strip() for name in names if name.strip()]
    regions = tuple(region_name(name, cloud) for name in given)
    if not regions:
        raise InvalidInput(REGIONS_MISSING)
    facts = azure.CLOUDS[cloud]
    if len(regions) > len(facts.regions):
        raise InvalidInput(
            f"{facts.label} has {len(facts.regions)} regions; {len(regions):,} were named. "
            "Name each replica's region once, the home region first."
        )
    problems = [*unknown_regions(given, regions, facts), *repeated_regions(regions)]
    if problems:
        raise InvalidInput(" ".join(problems))
    return regions


def unknown_regions(
    given: list[str], regions: tuple[str, ...], facts: azure.CloudFacts
) -> list[str]:
    """What is wrong with each name given that is not one of the cloud's regions (the first
    few, then how many more)."""
    unknown = [
        name for name, region in zip(given, regions, strict=True) if region not in facts.regions
    ]
    problems = [_unknown_region(name, facts) for name in unknown[:MAX_LISTED_ERRORS]]
    if len(unknown) > MAX_LISTED_ERRORS:
        problems.append(f"...and {len(unknown) - MAX_LISTED_ERRORS} more unknown.")
    return problems


def repeated_regions(regions: tuple[str, ...]) -> list[str]:
    """The regions named more than once, in one sentence (none: no sentence)."""
    repeated = [name for name, times in Counter(regions).items() if times > 1]
    if not repeated:
        return []
    listed = ", ".join(shown(name) for name in repeated[:MAX_LISTED_ERRORS])
    more = len(repeated) - MAX_LISTED_ERRORS
    return [
        f"Each region may appear once; repeated: {listed}"
        + (f" and {more} more." if more > 0 else ".")
    ]


def _unknown_region(name: str, facts: azure.CloudFacts) -> str:
    close = difflib.get_close_matches(region_key(name), facts.regions, n=1)
    hint = (
        f"did you mean '{close[0]}'?"
        if close
        else f"use names such as {', '.join(facts.regions[:2])}."
    )
    return f"'{shown(name)}' is not a region of {facts.label}; {hint}"


def check_replica_count(count: int, regions: Sequence[str] | None, cloud: Cloud) -> int:
    """A replica count (the home region included), consistent with the regions when named."""
    most = len(azure.CLOUDS[cloud].regions)
    if not 1 <= count <= most:
        raise InvalidInput(
            f"A registry has 1 to {most} replicas in {azure.CLOUDS[cloud].label} "
            f"(the home region counts as one); got {count}."
        )
    if regions and count != len(regions):
        raise InvalidInput(
            f"Replica count {count} does not match the {len(regions)} region(s) named; "
            "name exactly one region per replica."
        )
    return count


FORBIDDEN_SPANS = tuple(
    (Span(network.first, network.last), network) for network in azure.FORBIDDEN_RANGES
)


def parse_subnet(text: str) -> IPNetwork:
    """An Azure subnet: one message for every prefix outside /2 to /29 (a /33 too), and white
    space around the slash read ("10.40.8.0 /27" is 10.40.8.0/27)."""
    address, slash, prefix = text.partition("/")
    text = f"{address.strip()}{slash}{prefix.strip()}"
    small, large = azure.SMALLEST_PREFIX, azure.LARGEST_PREFIX
    length = prefix.strip()
    numeric = ":" not in text and length.isascii() and length.isdigit() and len(length) <= 3
    if numeric and not large <= int(length) <= small:
        raise InvalidInput(
            f"An Azure subnet is /{large} to /{small}; '{shown(text)}' is /{int(length)}."
        )
    subnet = parse_cidr(text)
    first, last = subnet.first, subnet.last
    if subnet.value != first:  # the address is not the network's
        raise InvalidInput(f"'{shown(text)}' has host bits set; did you mean {subnet.cidr}?")
    for span, forbidden in FORBIDDEN_SPANS:
        if first <= span.last and span.first <= last:
            raise InvalidInput(
                f"'{shown(text)}' overlaps {forbidden}, which Azure does not allow in a "
                "virtual network."
            )
    return subnet


def parse_in_use(entries: Sequence[str], subnet: IPNetwork | None) -> tuple[Span, ...]:
    """Addresses already taken: addresses, 'first-last' ranges and CIDRs inside the subnet.

    Without a (valid) subnet only the entries' form is checked. Plain addresses, nearly every
    entry of a long list (a 4 MiB body holds about 300,000), are read by inet_pton and checked
    against the subnet once sorted; a list with a problem is read again to name each one.
    """
    low, high = (subnet.first, subnet.last) if subnet is not None else (0, 2**32 - 1)
    singles: list[int] = []
    spans: list[Span] = []
    for entry in entries:
        try:
            singles.append(int.from_bytes(inet_pton(AF_INET, entry), "big"))
        except (OSError, TypeError, ValueError):
            if entry.strip():
                try:
                    spans.append(parse_span(entry))
                except InvalidInput:
                    raise InvalidInput(in_use_problems(entries, subnet)) from None
    singles.sort()
    outside = singles and (singles[0] < low or singles[-1] > high)
    if outside or any(span.first < low or span.last > high for span in spans):
        raise InvalidInput(in_use_problems(entries, subnet))
    return merge([*spans, *runs(singles)]) if spans else tuple(runs(singles))


def in_use_problems(entries: Sequence[str], subnet: IPNetwork | None) -> str:
    """What is wrong with the in-use entries, in their order: the first few, then a count."""
    problems: list[str] = []
    low, high = (subnet.first, subnet.last) if subnet is not None else (0, 2**32 - 1)
    for entry in entries:
        if not entry.strip():
            continue
        try:
            span = parse_span(entry)
        except InvalidInput as error:
            problems.append(str(error))
            continue
        if span.first < low or span.last > high:
            problems.append(f"'{shown(entry.strip())}' is not inside {subnet}.")
    more = len(problems) - MAX_LISTED_ERRORS
    listed = " ".join(problems[:MAX_LISTED_ERRORS])
    return (
        "In-use entries are addresses, ranges (a-b, or a.b.c.d-e) or CIDRs inside the subnet. "
        f"{listed}" + (f" ...and {more} more." if more > 0 else "")
    )


# --- Virtual networks: where a new subnet could go ------------------------------------------
MAX_NETWORKS = 100  # in one estate
MAX_NETWORK_PREFIXES = 3_000  # a virtual network has at most 3,000 subnets (Azure's limit)


def parse_prefixes(entries: Sequence[str], what: str) -> tuple[IPNetwork, ...]:
    """IPv4 prefixes (a virtual network's address space, or its subnets'), at most
    MAX_NETWORK_PREFIXES; the first few problems named."""
    if len(entries) > MAX_NETWORK_PREFIXES:
        raise InvalidInput(
            f"Give at most {MAX_NETWORK_PREFIXES:,} {what}; these are {len(entries):,}."
        )
    prefixes, problems = [], []
    for entry in entries:
        try:
            prefix = parse_cidr(entry)
        except InvalidInput as problem:
            problems.append(str(problem))
            continue
        if prefix.ip != prefix.network:
            problems.append(f"'{shown(entry)}' has host bits set; did you mean {prefix.cidr}?")
        prefixes.append(prefix.cidr)
    if problems:
        more = len(problems) - MAX_LISTED_ERRORS
        raise InvalidInput(
            " ".join(problems[:MAX_LISTED_ERRORS]) + (f" ...and {more} more." if more > 0 else "")
        )
    return tuple(prefixes)


# --- Deployment: DNS and address allocation ----------------------------------------------
MAX_RESOURCE_ID_CHARACTERS = 400  # a zone id has at most about 230
ZONE_ID_SHAPE = azure.PRIVATE_DNS_ZONE_ID.format(
    subscription="<subscription id>", resource_group="<resource group>", zone="{zone}"
)
SUBSCRIPTION_ID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
RESOURCE_GROUP = re.compile(rf"[-\w.()]{{1,{azure.RESOURCE_GROUP_NAME_MAX}}}(?<!\.)")
ZONE_ID = re.compile(
    r"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\.Network"
    r"/privateDnsZones/([^/]+)",
    re.IGNORECASE,  # ARM resource ids compare case-insensitively
)
ZONE_ID_MISSING = (
    "Give zone_id with dns={dns}: the resource id of the existing private DNS zone, "
    "/subscriptions/<subscription id>/resourceGroups/<resource group>/providers/"
    "Microsoft.Network/privateDnsZones/<private zone>."
)
ZONE_ID_UNUSED = "zone_id goes with dns=existing-zone or dns=zone-group; dns={dns} does not use it."
DYNAMIC_EXISTING_ZONE = (
    "With dynamic allocation Azure picks the addresses, so A records cannot be written into "
    "the existing zone ahead of time: use dns=zone-group with this zone_id (Azure writes the "
    "records), or dns=none."
)


def parse_dns_mode(text: str) -> DnsMode:
    return parse_choice(text, DnsMode, "a DNS mode")


def parse_allocation(text: str) -> AddressMode:
    return parse_choice(text, AddressMode, "an allocation")


def parse_zone_id(text: str, cloud: Cloud) -> str:
    """The resource id of an existing private DNS zone: the cloud's private zone for registries."""
    text = text.strip()
    zone = azure.CLOUDS[cloud].private_zone
    if not text.isascii():
        # As for every other name: matched without regard to case, the Kelvin sign (U+212A)
        # is a "k", so "privatelin\u212a.azurecr.io" passed and reached the exports.
        other = next(character for character in text if not character.isascii())
        raise InvalidInput(
            f"A private DNS zone id is ASCII, {ZONE_ID_SHAPE.format(zone=zone)}; "
            f"'{shown(text)}' has '{other}' (U+{ord(other):04X})."
        )
    found = ZONE_ID.fullmatch(text)
    if found is None:
        raise InvalidInput(
            f"A private DNS zone id is {ZONE_ID_SHAPE.format(zone=zone)}; '{shown(text)}' is not."
        )
    subscription, group, named = found.groups()
    if not SUBSCRIPTION_ID.fullmatch(subscription):
        raise InvalidInput(f"'{shown(subscription)}' is not a subscription id (a GUID).")
    if not RESOURCE_GROUP.fullmatch(group):
        raise InvalidInput(
            f"'{shown(group)}' is not a resource group name: 1 to "
            f"{azure.RESOURCE_GROUP_NAME_MAX} letters, digits, _ ( ) - and ., not ending in '.'."
        )
    if named.lower() != zone:
        raise InvalidInput(
            f"The zone id names the zone '{shown(named)}'; private endpoints of registries in "
            f"{azure.CLOUDS[cloud].label} resolve through {zone}."
        )
    return text


def parse_resolver_ip(text: str) -> str:
    """The address on-premises DNS servers forward the registry's public zone to."""
    text = text.strip()
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        raise InvalidInput(
            f"'{shown(text)}' is not an IPv4 address; give the resolver's inbound endpoint "
            "address, e.g. 10.0.0.4."
        ) from None
    if str(address) == azure.AZURE_DNS:
        raise InvalidInput(
            f"{azure.AZURE_DNS} answers only inside Azure; give the inbound endpoint of a DNS "
            "Private Resolver (or a DNS forwarder) in the virtual network, which asks it."
        )
    return str(address)


def check_zone_id(dns: DnsMode, zone_id: str) -> str:
    """zone_id exactly with the DNS modes that use it."""
    if dns.needs_zone_id and not zone_id:
        raise InvalidInput(ZONE_ID_MISSING.format(dns=dns.value))
    if zone_id and not dns.needs_zone_id:
        raise InvalidInput(ZONE_ID_UNUSED.format(dns=dns.value))
    return zone_id


def check_allocation(dns: DnsMode, allocation: AddressMode) -> AddressMode:
    """No A records to write ahead of time for addresses Azure picks."""
    if dns is DnsMode.EXISTING_ZONE and allocation is AddressMode.DYNAMIC:
        raise InvalidInput(DYNAMIC_EXISTING_ZONE)
    return allocation
