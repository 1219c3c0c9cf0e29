"""The az commands the planner prints: a private endpoint with its IP configurations, its DNS
zone group, a private DNS zone and its network link, the A record sets of a zone, and the
registry's replicas.

One place for the exports' scripts, the change's runbook and drift's fixes. Every value
interpolated into a command is quoted for bash here (`shlex.quote`), whatever its source; a
value that is already a shell expression ("$SUBNET_ID", "$address") is passed as such by the
caller. Commands that create something are written to be run again: a guard asks az whether
the thing exists first (`present`, which every printed script defines), so that a script
stopped by a failure can be run again from the top.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence

from planner.core import azure
from planner.core.inputs import RESOURCE_GROUP, SUBSCRIPTION_ID, ZONE_ID
from planner.core.model import Record
from planner.core.quoting import one_line
from planner.core.services import REGISTRY


def in_group(resource_group: str, subscription: str = "") -> str:
    """The options naming a resource group (and its subscription) in a printed command.
    A resource group's name may start with "-" ("-rg" is valid in Azure), which az's parser
    would read as an option: the value is written after "=", as `--resource-group=-rg`,
    which it takes. `resource_group` is a name, or a shell variable already quoted."""
    quoted = resource_group if resource_group.startswith('"$') else shlex.quote(resource_group)
    where = f"--resource-group={quoted}"
    return f"--subscription {shlex.quote(subscription)} {where}" if subscription else where


ZONE_RECORDS_GROUP = in_group('"${ZONE_RESOURCE_GROUP:?}"')
# The functions every printed script defines after `set -euo pipefail`, so that each step can
# be run again after a failure: `present` says whether az shows a resource, `shown` prints what
# az shows of it (nothing when it is not there). az exits with status 3 for a resource that is
# not there (azure-cli, azure/cli/core/util.py: ResourceNotFoundError); any other failure (a
# lost connection, a throttled call) stops the run, rather than passing for "not there".
PRESENT = (
    "# present: whether az shows the resource; shown: what az shows of it (nothing when it is",
    "# not there: az's exit status 3). Any other failure of az stops the run.",
    "present() {",
    "  local status=0 error",
    '  error=$("$@" --output none 2>&1 >/dev/null) || status=$?',
    '  case "$status" in 0) return 0 ;; 3) return 1 ;; esac',
    "  printf '%s\\n' \"$error\" >&2",
    '  exit "$status"',
    "}",
    "shown() {",
    "  local status=0 error",
    '  { error=$("$@" 2>&1 1>&3 3>&-); } 3>&1 || status=$?',
    '  case "$status" in 0 | 3) return 0 ;; esac',
    "  printf '%s\\n' \"$error\" >&2",
    '  return "$status"',
    "}",
)
SCRIPT_START = ("#!/usr/bin/env bash",)
STRICT = "set -euo pipefail"


def guarded(check: str, action: Sequence[str]) -> list[str]:
    """`action` (command lines) only when `check` (an az show) finds nothing."""
    return [f"if ! present {check}; then", *(f"  {line}" for line in action), "fi"]


def create_endpoint(
    name: str,
    group: str,
    subnet_id: str,
    connection: str,
    ip_configurations: Iterable[tuple[str, str]],
    location: str | None = None,
    manual: bool = False,
    registry_id: str = '"$REGISTRY_ID"',
    nic_name: str = "",
    tags: Sequence[tuple[str, str]] = (),
    request_message: str = "",
) -> list[str]:
    """`az network private-endpoint create` with an --ip-config for each (member name,
    address) pair (none with dynamic allocation), by manual request (approved by the
    registry's owner) when `manual`; `group`, `subnet_id`, `location` and `registry_id` are
    shell text. A re-created endpoint keeps its network interface's name, its tags and its
    request message."""
    return [
        "az network private-endpoint create \\",
        f"  --name {shlex.quote(name)} \\",
        f"  {group} \\",
        *([f"  --location {location} \\"] if location else []),
        f"  --subnet {subnet_id} \\",
        f"  --private-connection-resource-id {registry_id} \\",
        f"  --group-id {REGISTRY.group_id} \\",
        f"  --connection-name {shlex.quote(connection)} \\",
        *(["  --manual-request true \\"] if manual else []),
        *kept_options(nic_name, tags, request_message),
        *(
            f"  --ip-config name={shlex.quote(member)} group-id={REGISTRY.group_id} "
            f"member-name={shlex.quote(member)} private-ip-address={shlex.quote(address)} \\"
            for member, address in ip_configurations
        ),
        "  --output none",
    ]


def kept_options(nic_name: str, tags: Sequence[tuple[str, str]], message: str) -> list[str]:
    """What a re-created endpoint keeps: its request message, network interface name, tags."""
    options = []
    if message:
        options.append(f"  --request-message {shlex.quote(message)} \\")
    if nic_name:
        options.append(f"  --nic-name {shlex.quote(nic_name)} \\")
    if tags:
        pairs = " ".join(shlex.quote(f"{key}={value}") for key, value in tags)
        options.append(f"  --tags {pairs} \\")
    return options


def show_endpoint(name: str, group: str) -> str:
    return f"az network private-endpoint show --name {shlex.quote(name)} {group}"


def delete_endpoint(name: str, group: str) -> str:
    """Deleting an endpoint that is gone already is no error: the command runs again."""
    return f"az network private-endpoint delete --name {shlex.quote(name)} {group} --output none"


def endpoint_address(name: str, group: str, fqdn: str) -> str:
    """`address=` the address Azure gave the endpoint's member of `fqdn` (customDnsConfigs, a
    dynamic endpoint's addresses too); the FQDN is a checked DNS name."""
    query = f"customDnsConfigs[?fqdn=='{dns_text(fqdn)}'].ipAddresses[0]"
    return f'address=$(shown {show_endpoint(name, group)} --query "{query}" --output tsv)'


def dns_text(name: str) -> str:
    """A DNS name, or an IPv4 address, for a JMESPath literal inside double quotes: letters,
    digits, dots, hyphens and underscores only (anything else could end the quoting)."""
    if not name or not all(c.isascii() and (c.isalnum() or c in "._-") for c in name):
        raise ValueError(f"not a DNS name or address: {name!r}")
    return name


def create_zone_group(group: str, endpoint: str, zone: str, zone_reference: str) -> list[str]:
    """A private DNS zone group on `endpoint`, unless it has one; `zone_reference`: the zone's
    name (in `group`) or its resource id, as shell text."""
    return guarded(
        show_zone_group(group, endpoint, azure.ZONE_GROUP_NAME),
        [
            f"az network private-endpoint dns-zone-group create {group} \\",
            f"  --endpoint-name {shlex.quote(endpoint)} --name {azure.ZONE_GROUP_NAME} \\",
            f"  --private-dns-zone {zone_reference} "
            f"--zone-name {shlex.quote(azure.zone_configuration_name(zone))} --output none",
        ],
    )


def zone_group_command(
    verb: str, group: str, endpoint: str, name: str, zone_reference: str, config: str
) -> str:
    """`dns-zone-group create` (the group and its first zone) or `add` (a further zone)."""
    return (
        f"az network private-endpoint dns-zone-group {verb} {group} "
        f"--endpoint-name {shlex.quote(endpoint)} --name {shlex.quote(name)} "
        f"--private-dns-zone {zone_reference} --zone-name {shlex.quote(config)} --output none"
    )


def show_zone_group(group: str, endpoint: str, name: str) -> str:
    return (
        f"az network private-endpoint dns-zone-group show {group} "
        f"--endpoint-name {shlex.quote(endpoint)} --name {shlex.quote(name)}"
    )


def zone_address(zone_id: str) -> str:
    """The options naming a private DNS zone's subscription and resource group in a record
    command: from its resource id when it is known, else the variable that stops the run
    until it is set. The one decision for the change's runbook and drift's fixes."""
    found = ZONE_ID.match(zone_id.strip())
    if found and SUBSCRIPTION_ID.fullmatch(found[1]) and RESOURCE_GROUP.fullmatch(found[2]):
        return in_group(found[2], found[1])
    return ZONE_RECORDS_GROUP


def create_zone(group: str, zone: str, link: str, subnet_variable: str) -> list[str]:
    """The zone, and its link to the virtual network of the subnet in `subnet_variable`;
    each unless it is there."""
    quoted = shlex.quote(zone)
    return [
        *guarded(
            f"az network private-dns zone show {group} --name {quoted}",
            [f"az network private-dns zone create {group} --name {quoted} --output none"],
        ),
        *link_network(group, zone, link, subnet_variable),
    ]


def link_network(group: str, zone: str, name: str, subnet_variable: str) -> list[str]:
    where = f"{group} --zone-name {shlex.quote(zone)}"
    return guarded(
        f"az network private-dns link vnet show {where} --name {shlex.quote(name)}",
        [
            f"az network private-dns link vnet create {where} \\",
            f"  --name {shlex.quote(name)} --registration-enabled false \\",
            f'  --virtual-network "${{{subnet_variable}%/subnets/*}}" --output none',
        ],
    )


def create_records(group: str, zone: str, records: Iterable[Record]) -> list[str]:
    """Each record set with its one address (each can be run again)."""
    return [
        line
        for record in records
        for line in add_address(zone, record.name, str(record.value), group)
    ]


def zone_option(zone: str, group: str = ZONE_RECORDS_GROUP) -> str:
    return f"{group} --zone-name {shlex.quote(zone)}"


# The record commands below take `group`: the options naming the zone's resource group, as
# shell text (by default a variable). Each can be run again: it looks at the record set
# first, and changes only what is not yet as wanted.
def record_set(zone: str, name: str, group: str) -> str:
    shown = f"{zone_option(zone, group)} --name {shlex.quote(name)}"
    return f"az network private-dns record-set a show {shown}"


def holds_address(zone: str, name: str, address: str, group: str) -> str:
    """`found=` what az shows of `address` in the record set: the address when the set holds
    it, nothing otherwise (nor when the set is absent); `address` is a literal (checked) or
    "$address"."""
    literal = address.strip('"') if address.startswith('"$') else dns_text(address)
    query = f"aRecords[?ipv4Address=='{literal}'].ipv4Address"
    return f'found=$(shown {record_set(zone, name, group)} --query "{query}" --output tsv)'


def add_address(zone: str, name: str, address: str, group: str = ZONE_RECORDS_GROUP) -> list[str]:
    """The record set with `address` among its addresses: created (with the TTL a zone group
    writes) when absent, the address added when missing. `address` is a literal address or
    a shell expression ("$address")."""
    value = address if address.startswith('"$') else shlex.quote(address)
    return [
        *guarded(
            record_set(zone, name, group),
            [
                f"az network private-dns record-set a create {zone_option(zone, group)} "
                f"--name {shlex.quote(name)} --ttl {azure.RECORD_TTL} --output none"
            ],
        ),
        holds_address(zone, name, address, group),
        'if [ -z "$found" ]; then',
        f"  az network private-dns record-set a add-record {zone_option(zone, group)} "
        f"--record-set-name {shlex.quote(name)} --ipv4-address {value} --output none",
        "fi",
    ]


def add_record(zone: str, name: str, ip: str, group: str = ZONE_RECORDS_GROUP) -> tuple[str, ...]:
    """Create the record set and give it its one address."""
    return tuple(add_address(zone, name, ip, group))


def remove_address(
    zone: str, name: str, address: str, group: str = ZONE_RECORDS_GROUP
) -> list[str]:
    """`address` taken out of the record set, when it is there (the set is kept)."""
    return [
        holds_address(zone, name, address, group),
        'if [ -n "$found" ]; then',
        f"  az network private-dns record-set a remove-record {zone_option(zone, group)} "
        f"--record-set-name {shlex.quote(name)} --ipv4-address {shlex.quote(address)} "
        "--keep-empty-record-set --output none",
        "fi",
    ]


def correct_record(
    zone: str,
    name: str,
    found: Iterable[str],
    wanted: str | None,
    ttl: int,
    group: str = ZONE_RECORDS_GROUP,
) -> tuple[str, ...]:
    """Add `wanted` if missing, then remove every other address (clients never get none),
    and set the zone group's TTL. (`record-set a update --set ttl=` is az's generic update of
    the record set.)"""
    found = tuple(found)
    commands: list[str] = []
    if wanted is not None and wanted not in found:
        commands += add_address(zone, name, wanted, group)
    for address in found:
        if address != wanted:
            commands += remove_address(zone, name, address, group)
    if ttl != azure.RECORD_TTL:
        commands.append(
            f"az network private-dns record-set a update {zone_option(zone, group)} "
            f"--name {shlex.quote(name)} --set ttl={azure.RECORD_TTL} --output none"
        )
    return tuple(commands)


def delete_record(zone: str, name: str, group: str = ZONE_RECORDS_GROUP) -> tuple[str, ...]:
    """Deleting a record set that is gone already is no error: the command runs again."""
    return (
        f"az network private-dns record-set a delete {zone_option(zone, group)} "
        f"--name {shlex.quote(name)} --yes --output none",
    )


def rewrite_record(
    zone: str, name: str, ip: str, group: str = ZONE_RECORDS_GROUP
) -> tuple[str, ...]:
    """The record set made exactly `ip`, with the zone group's TTL, whatever it held (nobody
    said): the address added first, then every other one taken out, so that the name never
    resolves to nothing meanwhile. `ip` is a literal address or "$address"."""
    literal = ip if ip.startswith('"$') else shlex.quote(ip)
    listed = f'{record_set(zone, name, group)} --query "aRecords[].ipv4Address" --output tsv'
    return (
        *add_address(zone, name, ip, group),
        f"held=$(shown {listed})",
        "for found in $held; do",
        f'  if [ "$found" != {literal} ]; then',
        f"    az network private-dns record-set a remove-record {zone_option(zone, group)} "
        f'--record-set-name {shlex.quote(name)} --ipv4-address "$found" --output none',
        "  fi",
        "done",
        f"az network private-dns record-set a update {zone_option(zone, group)} "
        f"--name {shlex.quote(name)} --set ttl={azure.RECORD_TTL} --output none",
    )


def comment(text: str) -> str:
    """Text for a `#` comment line of a printed script: one line, whatever it holds."""
    return one_line(text)
