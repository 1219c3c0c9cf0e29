"""The private DNS zone as a BIND master file, built with dnspython.

The records are written in the plan's order, as every other export lists them: the login
server, then the data endpoints in region order (home region first), then the regional
endpoints in region order; dnspython alone would sort them by name.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.IN.A
import dns.zone

from planner.core import azure
from planner.core.estate import Estate
from planner.core.model import Record
from planner.core.renderers.parts import pick
from planner.core.renderers.unavailable import AddressesUnknown


def private_zone(name: str, records: Iterable[Record]) -> dns.zone.Zone:
    """The zone Azure would hold: its SOA, an NS at the apex, and one A record per member;
    AddressesUnknown when Azure assigns the addresses."""
    records = tuple(records)
    if any(record.value is None for record in records):
        raise AddressesUnknown
    zone = dns.zone.Zone(dns.name.from_text(name))
    with zone.writer() as transaction:
        transaction.add("@", azure.SOA_TTL, SOA)
        transaction.add("@", azure.SOA_TTL, NS)
        for record in records:  # A records built directly: no text to tokenize again
            address = dns.rdtypes.IN.A.A(dns.rdataclass.IN, dns.rdatatype.A, str(record.value))  # type: ignore[no-untyped-call]
            transaction.add(record.name, record.ttl, address)
    return zone


def _rdata(kind: str, text: str) -> dns.rdata.Rdata:
    return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(kind), text)


# The apex of every zone Azure holds: the same SOA and NS (rdata are immutable, so shared).
SOA = _rdata(
    "SOA",
    f"{azure.SOA_HOST}. {azure.SOA_EMAIL}. {azure.SOA_SERIAL} {azure.SOA_REFRESH} "
    f"{azure.SOA_RETRY} {azure.SOA_EXPIRE} {azure.SOA_MINIMUM}",
)
NS = _rdata("NS", f"{azure.SOA_HOST}.")


def zone_file(estate: Estate, scope: str | None = None) -> str:
    """The zone file of one DNS zone scope (the only one when the estate has one)."""
    zone = pick(estate.zones, scope, lambda zone: zone.scope, "zone scope")
    about = (
        [] if estate.single else [f"Zone scope {zone.scope}: resolves {', '.join(zone.endpoints)}."]
    )
    if estate.registry.regional_endpoints:
        about += textwrap.wrap(azure.REGIONAL_RECORD_INFERRED, 88, break_long_words=False)
    return zone_text(zone.zone, estate.registry.name, zone.records, about)


def zone_text(
    name: str, registry: str, records: tuple[Record, ...], about: Sequence[str] = ()
) -> str:
    """The zone `name` with `records` as a master file; `about` adds header lines."""
    header = (
        f"; Private DNS zone {name} for the registry {registry}"
        f" ({len(records)} A records).\n"
        + "".join(f"; {line}\n" for line in about)
        + "; Azure private zones show no NS record; this file names the SOA host\n"
        f"; {azure.SOA_HOST} at the apex so that it is a complete master file.\n"
        f"$TTL {azure.RECORD_TTL}\n"
    )
    return header + master_file(private_zone(name, records), records)


def master_file(zone: dns.zone.Zone, records: Iterable[Record]) -> str:
    """The zone as a master file: $ORIGIN, the apex, then each record's name in the order of
    `records`."""
    assert zone.origin is not None
    names = dict.fromkeys(
        [dns.name.empty, *(dns.name.from_text(record.name, None) for record in records)]
    )
    nodes = (zone.nodes[name].to_text(name, origin=zone.origin, relativize=True) for name in names)
    return f"$ORIGIN {zone.origin.to_text()}\n" + "\n".join(nodes) + "\n"
