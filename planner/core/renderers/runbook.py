"""The change's runbook as a bash script (change.sh): what `core/change.py` decided, said as az
commands. It stops at the first failure (`set -euo pipefail`), and every step can be run again
after one: each command that creates or deletes something asks az first what is there (the
`present` function, or a query of the resource), so running the script again from the top
finishes the change without doing any step twice.

What the pasted JSON did not hold is a variable written `"${NAME:?}"`: a run without it stops
there rather than sending az an empty value.
"""

from __future__ import annotations

import re
import shlex

from planner.core import azure
from planner.core.change.values import (
    VARIABLES,
    Change,
    EndpointChange,
    RecordChange,
    Status,
    Step,
    StepKind,
    ZoneChange,
)
from planner.core.commands import (
    PRESENT,
    SCRIPT_START,
    STRICT,
    add_address,
    comment,
    correct_record,
    create_endpoint,
    delete_endpoint,
    delete_record,
    dns_text,
    endpoint_address,
    guarded,
    in_group,
    remove_address,
    rewrite_record,
    show_endpoint,
    show_zone_group,
    zone_address,
    zone_group_command,
)

VARIABLE = re.compile(r"\$\{([A-Z_]+):\?\}")


def variable(name: str) -> str:
    """A runbook variable for what was not given: the run stops without it."""
    assert name in VARIABLES
    return f'"${{{name}:?}}"'


def endpoint_group(endpoint: EndpointChange) -> str:
    """The options that name the endpoint's resource group (and subscription) in a command."""
    if endpoint.resource_group:
        return in_group(endpoint.resource_group, endpoint.subscription)
    return in_group(variable("RESOURCE_GROUP"))


def step_commands(change: Change, step: Step) -> tuple[str, ...]:
    """The step's command lines (a multi-line command's lines end with a backslash)."""
    return tuple(RENDER[step.kind](change, step))


def delete_endpoints(change: Change, step: Step) -> list[str]:
    """Each endpoint deleted while it is still the one read (its resourceGuid), or, when the
    JSON did not give that, while it exists and still lacks a member it is re-created for:
    run again, the step leaves the endpoint it created alone."""
    lines = []
    for name in step.endpoints:
        endpoint = change.endpoint(name)
        group = endpoint_group(endpoint)
        show = show_endpoint(name, group)
        delete = f"  {delete_endpoint(name, group)}"
        if endpoint.resource_guid:
            lines += [
                f"found=$(shown {show} --query resourceGuid --output tsv)",
                f'if [ "$found" = {shlex.quote(endpoint.resource_guid)} ]; then',
                delete,
                "fi",
            ]
            continue
        added = next(m for m in endpoint.members if m.status is Status.ADDED)
        if endpoint.static:
            query = f"ipConfigurations[?memberName=='{dns_text(added.member_name)}'].memberName"
        else:
            query = f"customDnsConfigs[?fqdn=='{dns_text(added.fqdn)}'].fqdn"
        lines += [
            f"if present {show}; then",
            f'  found=$(shown {show} --query "{query}" --output tsv)',
            '  if [ -z "$found" ]; then',
            f"  {delete}",
            "  fi",
            "fi",
        ]
    return lines


def change_registry(change: Change, step: Step) -> list[str]:
    name = shlex.quote(change.registry.name)
    lines = []
    for region in change.added_regions:
        replication = f"az acr replication show --registry {name} --name {shlex.quote(region)}"
        lines += guarded(
            replication,
            [
                f"az acr replication create --registry {name} --location "
                f"{shlex.quote(region)} --output none"
            ],
        )
    # No --yes: `az acr replication delete` asks no confirmation and refuses the flag
    # (azure-cli, command_modules/acr/commands.py registers it without confirmation=True).
    for region in change.removed_regions:
        replication = f"az acr replication show --registry {name} --name {shlex.quote(region)}"
        lines += [
            f"if present {replication}; then",
            f"  az acr replication delete --registry {name} --name {shlex.quote(region)} "
            "--output none",
            "fi",
        ]
    if change.enable_regional_endpoints:
        lines.append(f"az acr update --name {name} --regional-endpoints enabled --output none")
    return lines


def create_endpoint_step(change: Change, step: Step) -> list[str]:
    (name,) = step.endpoints
    endpoint = change.endpoint(name)
    group = endpoint_group(endpoint)
    registry_id = shlex.quote(change.registry_id) if change.registry_id else variable("REGISTRY_ID")
    subnet = shlex.quote(endpoint.subnet_id) if endpoint.subnet_id else variable("SUBNET_ID")
    configurations = (
        [(m.member_name, m.ip) for m in endpoint.after] if endpoint.created_static else []
    )
    created = create_endpoint(
        endpoint.name,
        group,
        subnet,
        change.registry.name,
        configurations,
        location=shlex.quote(endpoint.location) if endpoint.location else None,
        manual=endpoint.manual,
        registry_id=registry_id,
        nic_name=endpoint.nic_name,
        tags=endpoint.tags,
        request_message=endpoint.request_message,
    )
    return [*guarded(show_endpoint(endpoint.name, group), created), *zone_groups(endpoint)]


def zone_groups(endpoint: EndpointChange) -> list[str]:
    """The endpoint's DNS zone groups again, after the endpoint, with their names and zones:
    each writes every member's record in its zones."""
    group = endpoint_group(endpoint)
    lines = []
    for zone_group in endpoint.zone_groups:
        shown = show_zone_group(group, endpoint.name, zone_group.name)
        for number, config in enumerate(zone_group.configs):
            zone_id = shlex.quote(config.zone_id) if config.zone_id else variable("ZONE_ID")
            verb = "create" if number == 0 else "add"
            command = zone_group_command(
                verb, group, endpoint.name, zone_group.name, zone_id, config.name
            )
            if number == 0:
                lines += guarded(shown, [command])
            else:
                query = f"privateDnsZoneConfigs[?name=='{dns_text(config.name)}'].name"
                lines += [
                    f'found=$(shown {shown} --query "{query}" --output tsv)',
                    'if [ -z "$found" ]; then',
                    f"  {command}",
                    "fi",
                ]
    return lines


def approve(change: Change, step: Step) -> list[str]:
    name = shlex.quote(change.registry.name)
    return [
        f"az acr private-endpoint-connection list --registry-name {name} --output table",
        f"az acr private-endpoint-connection approve --registry-name {name} "
        f"--name {variable('CONNECTION_NAME')} --description "
        + shlex.quote("Re-created: " + ", ".join(step.endpoints)),
    ]


def correct_dns(change: Change, step: Step) -> list[str]:
    lines = []
    for zone in change.zones:
        if not zone.changes:
            continue
        where = f"zone {zone.zone_id}" if zone.zone_id else "ZONE_RESOURCE_GROUP is its zone's"
        lines.append(comment(f"# zone scope {zone.scope} ({', '.join(zone.endpoints)}): {where}"))
        for record in zone.changes:
            lines += record_commands(change, zone, record)
    return lines


def record_commands(change: Change, zone: ZoneChange, record: RecordChange) -> list[str]:
    """One record set's commands: each can be run again (it looks first)."""
    group = zone_address(zone.zone_id)
    name = record.name
    if record.action == "delete":
        return list(delete_record(zone.zone, name, group))
    if record.action == "rewrite":
        return list(rewrite_record(zone.zone, name, record.after[0], group))
    if record.action == "add":
        return add_address(zone.zone, name, record.after[0], group)
    if record.action == "change":
        return list(
            correct_record(zone.zone, name, record.before, record.after[0], record.ttl, group)
        )
    return fill(change, zone, record, group)


def fill(change: Change, zone: ZoneChange, record: RecordChange, group: str) -> list[str]:
    """The record given the address Azure gave the endpoint's member, read from it; the
    other addresses it had taken out."""
    endpoint = change.endpoint(record.endpoint)
    read = endpoint_address(endpoint.name, endpoint_group(endpoint), record.fqdn)
    missing = comment(
        f"{endpoint.name} has no address for {record.fqdn} yet: run this step again once "
        "Azure has given it"
    )
    lines = [
        read,
        f'[ -n "$address" ] || {{ echo {shlex.quote(missing)} >&2; exit 1; }}',
        *add_address(zone.zone, record.name, '"$address"', group),
    ]
    for old in record.before:
        lines += [
            f'if [ "$address" != {shlex.quote(old)} ]; then',
            *(f"  {line}" for line in remove_address(zone.zone, record.name, old, group)),
            "fi",
        ]
    if record.ttl != azure.RECORD_TTL and record.before:
        lines += list(correct_record(zone.zone, record.name, (), None, record.ttl, group))
    return lines


def check(change: Change, step: Step) -> list[str]:
    """Each endpoint's addresses as Azure holds them, then its check script with them."""
    one = len(step.endpoints) == 1
    lines = []
    for name in step.endpoints:
        endpoint = change.endpoint(name)
        expected = "expected.tsv" if one else f"expected-{name}.tsv"
        script = "verify.sh" if one else f"verify-{name}.sh"
        query = "customDnsConfigs[].[fqdn, ipAddresses[0]]"
        lines += [
            f'{show_endpoint(name, endpoint_group(endpoint))} --query "{query}" --output tsv '
            f"> {shlex.quote(expected)}",
            f"bash {shlex.quote(script)} --http {shlex.quote(expected)}",
        ]
    return lines


RENDER = {
    StepKind.DELETE_ENDPOINTS: delete_endpoints,
    StepKind.CHANGE_REGISTRY: change_registry,
    StepKind.CREATE_ENDPOINT: create_endpoint_step,
    StepKind.APPROVE: approve,
    StepKind.CORRECT_DNS: correct_dns,
    StepKind.CHECK: check,
}


def variables(change: Change) -> tuple[tuple[str, str], ...]:
    """The runbook's variables (what the pasted JSON did not hold), with what each is."""
    used = {
        name: None
        for step in change.runbook
        for command in step_commands(change, step)
        for name in VARIABLE.findall(command)
    }
    return tuple((name, VARIABLES[name]) for name in used)


def change_script(change: Change) -> str:
    """The runbook as a bash script: what changes and why in comments, then each step."""
    lines = [*SCRIPT_START, *(f"# {line}" for line in wrapped(change.verdict))]
    lines += [f"# Note: {line}" for note in change.notes for line in wrapped(note)]
    for endpoint in change.endpoints:
        lines += endpoint_comments(endpoint)
    lines += [f"# {line}" for line in wrapped(f"Downtime: {change.downtime}")]
    if change.given:
        lines.append("# Taken from the pasted JSON:")
        lines += [f"#   {line}" for given in change.given for line in wrapped(given, 86)]
    if needed := variables(change):
        lines.append("# Set before running (the runbook stops at the first one unset):")
        lines += [comment(f"#   {name}: {meaning}") for name, meaning in needed]
    lines += [
        "# Stops at the first failure; after one, run it again from the top: each step looks",
        "# at what is there first and does only what is still missing.",
        STRICT,
        *PRESENT,
        *refusal(change),
        "",
    ]
    for number, step in enumerate(change.runbook, 1):
        lines += [
            f"# {number}. {comment(step.title)}",
            *(f"#    {line}" for line in wrapped(step.note)),
            *step_commands(change, step),
            "",
        ]
    return "\n".join(lines)


def endpoint_comments(endpoint: EndpointChange) -> list[str]:
    """What happens to one endpoint and why, and each member added or removed."""
    kept, added, removed = (len(endpoint.having(status)) for status in Status)
    allocation = "static" if endpoint.static else "dynamic"
    return [
        comment(
            f"# {endpoint.name} ({allocation}, {endpoint.subnet}, {endpoint.path.value}): "
            f"{kept} kept, {added} added, {removed} removed."
        ),
        *(f"#   {line}" for line in wrapped(endpoint.reason, 86)),
        *(
            comment(f"#   {m.status.value} {m.member_name} {m.ip or unknown(endpoint, m)}")
            for m in endpoint.members
            if m.status is not Status.KEPT
        ),
    ]


def refusal(change: Change) -> list[str]:
    """A change that does not fit stops before anything: the replica would fail and roll back
    after the endpoints were deleted."""
    if change.fits:
        return []
    said = comment(f"{change.verdict} The runbook stops here: nothing was changed.")
    return [f"echo {shlex.quote(said)} >&2", "exit 1"]


def unknown(endpoint: EndpointChange, member: object) -> str:
    """What stands for an address the plan cannot name."""
    if not endpoint.fits:
        return "(no free address)"
    return "(Azure picks it)" if endpoint.path.value != "left" else "(not on this endpoint)"


def wrapped(text: str, width: int = 90) -> list[str]:
    """Text in lines of at most `width` characters, each a comment's one line."""
    lines: list[str] = []
    for word in comment(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
