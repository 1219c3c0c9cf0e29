"""The private DNS zone as a BIND master file, built with dnspython."""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.zone

from planner.core import azure
from planner.core.model import Plan


def private_zone(plan: Plan) -> dns.zone.Zone:
    """The zone Azure would hold: its SOA, an NS at the apex, and one A record per member."""
    zone = dns.zone.Zone(dns.name.from_text(plan.zone))
    soa = (
        f"{azure.SOA_HOST}. {azure.SOA_EMAIL}. {azure.SOA_SERIAL} {azure.SOA_REFRESH} "
        f"{azure.SOA_RETRY} {azure.SOA_EXPIRE} {azure.SOA_MINIMUM}"
    )
    with zone.writer() as transaction:
        transaction.add("@", azure.SOA_TTL, _rdata("SOA", soa))
        transaction.add("@", azure.SOA_TTL, _rdata("NS", f"{azure.SOA_HOST}."))
        for record in plan.records:
            transaction.add(record.name, record.ttl, _rdata(record.type, record.value))
    return zone


def _rdata(kind: str, text: str) -> dns.rdata.Rdata:
    return dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(kind), text)


def zone_file(plan: Plan) -> str:
    header = (
        f"; Private DNS zone {plan.zone} for the registry {plan.registry}"
        f" ({len(plan.records)} A records).\n"
        "; Azure private zones show no NS record; this file names the SOA host\n"
        f"; {azure.SOA_HOST} at the apex so that it is a complete master file.\n"
        f"$TTL {azure.RECORD_TTL}\n"
    )
    return header + private_zone(plan).to_text(relativize=True, want_origin=True)
