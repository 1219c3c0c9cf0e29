"""The az commands the planner prints: a private endpoint with its IP configurations, its DNS
zone group, a private DNS zone and its network link, and the A record sets of a zone.

One place for the exports' scripts, the change plan's runbook and drift's fixes. Every value
interpolated into a command is quoted for bash here (`shlex.quote`), whatever its source; a
value that is already a shell expression ("$SUBNET_ID") is passed as such by the caller.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.model import Record

ZONE_RECORDS_GROUP = '--resource-group "$ZONE_RESOURCE_GROUP"'


def create_endpoint(
    name: str,
    group: str,
    subnet_id: str,
    connection: str,
    ip_configurations: Iterable[tuple[str, str]],
    location: str | None = None,
    manual: bool = False,
    registry_id: str = '"$REGISTRY_ID"',
) -> list[str]:
    """`az network private-endpoint create` with an --ip-config for each (member name,
    address) pair (none with dynamic allocation), by manual request (approved by the
    registry's owner) when `manual`; `group`, `subnet_id`, `location` and `registry_id` are
    shell text."""
    return [
        "az network private-endpoint create \\",
        f"  --name {shlex.quote(name)} \\",
        f"  {group} \\",
        *([f"  --location {location} \\"] if location else []),
        f"  --subnet {subnet_id} \\",
        f"  --private-connection-resource-id {registry_id} \\",
        f"  --group-id {azure.GROUP_ID} \\",
        f"  --connection-name {shlex.quote(connection)} \\",
        *(["  --manual-request true \\"] if manual else []),
        *(
            f"  --ip-config name={shlex.quote(member)} group-id={azure.GROUP_ID} "
            f"member-name={shlex.quote(member)} private-ip-address={shlex.quote(address)} \\"
            for member, address in ip_configurations
        ),
        "  --output none",
    ]


def create_zone_group(group: str, endpoint: str, zone: str, zone_reference: str) -> list[str]:
    """A private DNS zone group on `endpoint`; `zone_reference`: the zone's name (in `group`)
    or its resource id, as shell text."""
    return [
        f"az network private-endpoint dns-zone-group create {group} \\",
        f"  --endpoint-name {shlex.quote(endpoint)} --name {azure.ZONE_GROUP_NAME} \\",
        f"  --private-dns-zone {zone_reference} "
        f"--zone-name {shlex.quote(azure.zone_configuration_name(zone))} --output none",
    ]


def zone_options(subscription: str, resource_group: str) -> str:
    """The options that address a zone in another resource group and subscription."""
    return (
        f"--subscription {shlex.quote(subscription)} --resource-group {shlex.quote(resource_group)}"
    )


def create_zone(group: str, zone: str, link: str, subnet_variable: str) -> list[str]:
    """The zone, and its link to the virtual network of the subnet in `subnet_variable`."""
    return [
        f"az network private-dns zone create {group} --name {shlex.quote(zone)} --output none",
        *link_network(group, zone, link, subnet_variable),
    ]


def link_network(group: str, zone: str, name: str, subnet_variable: str) -> list[str]:
    return [
        f"az network private-dns link vnet create {group} --zone-name {shlex.quote(zone)} \\",
        f"  --name {shlex.quote(name)} --registration-enabled false \\",
        f'  --virtual-network "${{{subnet_variable}%/subnets/*}}" --output none',
    ]


def create_records(group: str, zone: str, records: Iterable[Record]) -> list[str]:
    """Each record set, then its one address."""
    lines = []
    zone_option = f"--zone-name {shlex.quote(zone)}"
    for record in records:
        name = shlex.quote(record.name)
        lines += [
            f"az network private-dns record-set a create {group} {zone_option} --name {name} "
            f"--ttl {record.ttl} --output none",
            f"az network private-dns record-set a add-record {group} {zone_option} "
            f"--record-set-name {name} --ipv4-address {shlex.quote(str(record.value))} "
            "--output none",
        ]
    return lines


def zone_option(zone: str, group: str = ZONE_RECORDS_GROUP) -> str:
    return f"{group} --zone-name {shlex.quote(zone)}"


# The record commands below take `group`: the options naming the zone's resource group, as
# shell text (by default a variable).
def add_record(zone: str, name: str, ip: str, group: str = ZONE_RECORDS_GROUP) -> tuple[str, ...]:
    """Create the record set and give it its one address."""
    record = Record(name, "A", azure.RECORD_TTL, str_to_int(ip))
    return tuple(create_records(group, zone, [record]))


def correct_record(
    zone: str,
    name: str,
    found: Iterable[str],
    wanted: str | None,
    ttl: int,
    group: str = ZONE_RECORDS_GROUP,
) -> tuple[str, ...]:
    """Remove every address but `wanted`, add `wanted` if missing, and set the zone group's
    TTL. (`record-set a update --set ttl=` is az's generic update of the record set.)"""
    found = tuple(found)
    quoted = shlex.quote(name)
    commands = [
        f"az network private-dns record-set a remove-record {zone_option(zone, group)} "
        f"--record-set-name {quoted} --ipv4-address {shlex.quote(address)} "
        "--keep-empty-record-set --output none"
        for address in found
        if address != wanted
    ]
    if wanted is not None and wanted not in found:
        commands.append(
            f"az network private-dns record-set a add-record {zone_option(zone, group)} "
            f"--record-set-name {quoted} --ipv4-address {shlex.quote(wanted)} --output none"
        )
    if ttl != azure.RECORD_TTL:
        commands.append(
            f"az network private-dns record-set a update {zone_option(zone, group)} "
            f"--name {quoted} --set ttl={azure.RECORD_TTL} --output none"
        )
    return tuple(commands)


def delete_record(zone: str, name: str, group: str = ZONE_RECORDS_GROUP) -> tuple[str, ...]:
    return (
        f"az network private-dns record-set a delete {zone_option(zone, group)} "
        f"--name {shlex.quote(name)} --yes --output none",
    )


def rewrite_record(
    zone: str, name: str, ip: str, group: str = ZONE_RECORDS_GROUP
) -> tuple[str, ...]:
    """The record written again whatever is there: deleted (nothing happens when it is
    absent), created and given its one address."""
    return (*delete_record(zone, name, group), *add_record(zone, name, ip, group))


def comment(text: str) -> str:
    """Text for a `#` comment line of a printed script: one line, whatever it holds."""
    return text.replace("\r", " ").replace("\n", " ")
