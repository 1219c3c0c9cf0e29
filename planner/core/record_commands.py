"""The az commands that add, correct and delete A records in a private DNS zone: one place
for the change plan's DNS steps and drift's fixes."""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from planner.core import azure
from planner.core.model import Record
from planner.core.renderers.infrastructure import az_a_records

GROUP = '--resource-group "$ZONE_RESOURCE_GROUP"'


def zone_option(zone: str) -> str:
    return f"{GROUP} --zone-name {shlex.quote(zone)}"


def add_record(zone: str, name: str, ip: str) -> tuple[str, ...]:
    """Create the record set and give it its one address."""
    return tuple(az_a_records(GROUP, zone, [Record(name, "A", azure.RECORD_TTL, ip)]))


def correct_record(
    zone: str, name: str, found: Iterable[str], wanted: str | None, ttl: int
) -> tuple[str, ...]:
    """Remove every address but `wanted`, add `wanted` if missing, and set the zone group's
    TTL. (`record-set a update --set ttl=` is az's generic update of the record set.)"""
    found = tuple(found)
    quoted = shlex.quote(name)
    commands = [
        f"az network private-dns record-set a remove-record {zone_option(zone)} "
        f"--record-set-name {quoted} --ipv4-address {address} --keep-empty-record-set "
        "--output none"
        for address in found
        if address != wanted
    ]
    if wanted is not None and wanted not in found:
        commands.append(
            f"az network private-dns record-set a add-record {zone_option(zone)} "
            f"--record-set-name {quoted} --ipv4-address {wanted} --output none"
        )
    if ttl != azure.RECORD_TTL:
        commands.append(
            f"az network private-dns record-set a update {zone_option(zone)} --name {quoted} "
            f"--set ttl={azure.RECORD_TTL} --output none"
        )
    return tuple(commands)


def delete_record(zone: str, name: str) -> tuple[str, ...]:
    return (
        f"az network private-dns record-set a delete {zone_option(zone)} "
        f"--name {shlex.quote(name)} --yes --output none",
    )


def rewrite_record(zone: str, name: str, ip: str) -> tuple[str, ...]:
    """The record written again whatever is there: deleted (nothing happens when it is
    absent), created and given its one address."""
    return (*delete_record(zone, name), *add_record(zone, name, ip))


def comment(text: str) -> str:
    """Text for a `#` comment line of a printed script: one line, whatever it holds."""
    return text.replace("\r", " ").replace("\n", " ")
