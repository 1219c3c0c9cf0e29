"""A change and a drift check as the API's JSON documents and as text for a terminal."""

from __future__ import annotations

import json
import shlex
from typing import Any

from planner.core.change.values import Change, EndpointChange, Status, ZoneChange
from planner.core.commands import (
    PRESENT,
    SCRIPT_START,
    STRICT,
    ZONE_RECORDS_GROUP,
    add_record,
    comment,
    correct_record,
    delete_record,
    zone_address,
)
from planner.core.drift import Drift, Finding, FindingKind, Fix, FixAction, ZoneDrift
from planner.core.renderers.runbook import change_script, record_commands, step_commands, wrapped
from planner.core.renderers.verify import verify_bash_for
from planner.core.renderers.zone import zone_text


def endpoint_verify(change: Change, name: str | None = None) -> str:
    """The check script of one endpoint after the change (the first when none is named):
    the addresses the plan knows, and those Azure picks read from the file the runbook's
    check step writes."""
    endpoint = next((e for e in change.endpoints if e.name == name), change.endpoints[0])
    return verify_bash_for(change.registry.name, endpoint.after, reads_addresses=True)


def change_document(change: Change) -> dict[str, Any]:
    return {
        "registry": change.registry.name,
        "regions": list(change.registry.regions),
        "regional_endpoints": change.registry.regional_endpoints,
        "zone": change.zone,
        "fits": change.fits,
        "verdict": change.verdict,
        "added_regions": list(change.added_regions),
        "removed_regions": list(change.removed_regions),
        "enable_regional_endpoints": change.enable_regional_endpoints,
        "replicas": list(change.replicas),
        "downtime": change.downtime,
        "notes": list(change.notes),
        "endpoints": [endpoint_document(change, endpoint) for endpoint in change.endpoints],
        "zones": [zone_document(change, zone) for zone in change.zones],
        "runbook": [
            {
                "kind": step.kind.value,
                "title": step.title,
                "commands": list(step_commands(change, step)),
                "note": step.note,
                "outage": step.outage,
            }
            for step in change.runbook
        ],
    }


def endpoint_document(change: Change, endpoint: EndpointChange) -> dict[str, Any]:
    """One endpoint's change: its path and why, and its members by status."""
    return {
        "name": endpoint.name,
        "static": endpoint.static,
        "subnet": endpoint.subnet,
        "zone_scope": endpoint.zone_scope,
        "fits": endpoint.fits,
        "free_before": endpoint.free_before,
        "path": endpoint.reason,
        "outcome": endpoint.path.value,
        "verify": endpoint_verify(change, endpoint.name),
        **{
            status.value: [
                {
                    "kind": member.kind.value,
                    "region": member.region,
                    "member_name": member.member_name,
                    "fqdn": member.fqdn,
                    "record": member.record,
                    "ip": member.ip or None,
                }
                for member in endpoint.having(status)
            ]
            for status in Status
        },
    }


def zone_document(change: Change, zone: ZoneChange) -> dict[str, Any]:
    """One zone scope's record changes, with their commands, and its zone file after."""
    return {
        "scope": zone.scope,
        "zone": zone.zone,
        "endpoints": list(zone.endpoints),
        "compared_with": zone.compared_with,
        "changes": [
            {
                "action": record.action,
                "name": record.name,
                "before": list(record.before),
                "after": list(record.after),
                "commands": record_commands(change, zone, record),
            }
            for record in zone.changes
        ],
        "zone_file": zone_text(
            zone.zone, change.registry.name, zone.records, [f"Zone scope {zone.scope}."]
        ),
    }


def change_json(change: Change) -> str:
    return json.dumps(change_document(change)) + "\n"


def change_runbook(change: Change) -> str:
    """The runbook as the bash script change.sh."""
    return change_script(change)


def fix_commands(zone: ZoneDrift, private_zone: str, fix: Fix) -> list[str]:
    """A fix as az commands: in the registry's private zone (names relative to it), in the
    zone's own subscription and resource group when its id is known. Each can be run again."""
    group = zone_address(zone.zone_id) if zone.zone == private_zone else ZONE_RECORDS_GROUP
    if fix.action is FixAction.ADD and fix.wanted:
        return list(add_record(private_zone, fix.name, fix.wanted, group))
    if fix.action is FixAction.CORRECT:
        return list(correct_record(private_zone, fix.name, fix.found, fix.wanted, fix.ttl, group))
    if fix.action is FixAction.DELETE:
        return list(delete_record(private_zone, fix.name, group))
    quoted = shlex.quote(fix.name)
    group = zone_address(zone.zone_id)
    return [
        f"az network private-dns link vnet list {group} --zone-name {quoted} --output table",
        f"az network private-dns link vnet delete {group} --zone-name {quoted} "
        '--name "${LINK_NAME:?}" --yes',
        f"az network private-dns zone delete {group} --name {quoted} --yes",
    ]


def finding_commands(finding: Finding, zone: ZoneDrift, private_zone: str) -> list[str]:
    return [line for fix in finding.fix for line in fix_commands(zone, private_zone, fix)]


def finding_document(finding: Finding, zone: ZoneDrift, private_zone: str) -> dict[str, Any]:
    return {
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "record": finding.record,
        "found": list(finding.found),
        "expected": list(finding.expected),
        "message": finding.message,
        "fix": finding_commands(finding, zone, private_zone),
    }


def drift_document(drift: Drift) -> dict[str, Any]:
    """Every zone's findings together (`findings`), and each zone's apart (`zones`)."""
    private_zone = private_zone_of(drift)
    return {
        "registry": drift.registry,
        "zone": drift.zone,
        "records_checked": drift.records_checked,
        "clean": drift.clean,
        "notes": list(drift.notes),
        "findings": [
            finding_document(finding, zone, private_zone)
            for zone in drift.zones
            for finding in zone.findings
        ],
        "zones": [
            {
                "zone": zone.zone,
                "zone_id": zone.zone_id,
                "endpoints": list(zone.endpoints),
                "records_checked": zone.records_checked,
                "clean": zone.clean,
                "findings": [
                    finding_document(finding, zone, private_zone) for finding in zone.findings
                ],
            }
            for zone in drift.zones
        ],
    }


def private_zone_of(drift: Drift) -> str:
    """The registry's private zone: the zone the records were read from, or the one a
    separate sub-zone finding names."""
    for finding in drift.findings:
        if finding.kind is FindingKind.SEPARATE_ZONE:
            return finding.expected[0]
    return drift.zone


def drift_json(drift: Drift) -> str:
    return json.dumps(drift_document(drift)) + "\n"


def drift_text(drift: Drift) -> str:
    """One paragraph per finding with its fix, a heading per zone when there are several;
    notes (what the document carried) marked as notes, each on lines of its own."""
    private_zone = private_zone_of(drift)
    lines = [f"Note: {line}" for note in drift.notes for line in wrapped(note)]
    if len(drift.zones) == 1 and drift.clean:
        lines.append(
            f"No drift: {drift.records_checked} record(s) of {drift.registry} in {drift.zone}."
        )
        return "\n".join(lines) + "\n"
    if len(drift.zones) == 1:
        lines += [f"{len(drift.findings)} finding(s) in {drift.zone} for {drift.registry}:", ""]
        for finding in drift.findings:
            lines += finding_lines(finding, drift.zones[0], private_zone)
        return "\n".join(lines)
    total = "No drift" if drift.clean else f"{len(drift.findings)} finding(s)"
    lines += [f"{total} in {len(drift.zones)} zones for {drift.registry}:", ""]
    for zone in drift.zones:
        state = f"{len(zone.findings)} finding(s)" if zone.findings else "no drift"
        lines.append(
            comment(
                f"Zone {zone.zone_id or zone.zone}, resolving {', '.join(zone.endpoints)}: "
                f"{state}, {zone.records_checked} record(s) of {drift.registry}."
            )
        )
        lines.append("")
        for finding in zone.findings:
            lines += finding_lines(finding, zone, private_zone)
    return "\n".join(lines)


def finding_lines(finding: Finding, zone: ZoneDrift, private_zone: str) -> list[str]:
    commands = finding_commands(finding, zone, private_zone)
    return [
        comment(
            f"[{finding.severity.value}] {finding.kind.value} {finding.record}: "
            f"found {', '.join(finding.found) or 'nothing'}, expected "
            f"{', '.join(finding.expected) or 'no address known'}"
        ),
        *(f"  {line}" for line in wrapped(finding.message)),
        *(["  Fix (bash, with the drift fix script's present function):"] if commands else []),
        *(f"    {line}" for line in commands),
        "",
    ]


def drift_script(drift: Drift) -> str:
    """Every fix as one bash script (drift-fixes.sh): it stops at the first failure, and can
    be run again: each command looks at the record set first."""
    private_zone = private_zone_of(drift)
    lines = [
        *SCRIPT_START,
        comment(f"# Fixes of the DNS drift of {drift.registry}: {len(drift.findings)} finding(s)."),
        "# Each fix looks at what is there first: after a failure, run it again from the top.",
        *(f"# Note: {line}" for note in drift.notes for line in wrapped(note)),
        STRICT,
        *PRESENT,
        "",
    ]
    for zone in drift.zones:
        for finding in zone.findings:
            commands = [
                line for fix in finding.fix for line in fix_commands(zone, private_zone, fix)
            ]
            if commands:
                lines += [
                    comment(f"# [{finding.severity.value}] {finding.kind.value} {finding.record}"),
                    *commands,
                    "",
                ]
    return "\n".join(lines)
