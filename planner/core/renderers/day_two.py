"""A change and a drift check as the API's JSON documents and as text for a terminal."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from planner.core.change import Change, Status, Step
from planner.core.commands import comment
from planner.core.drift import Drift, Finding, ZoneDrift
from planner.core.renderers.verify import verify_bash_for
from planner.core.renderers.zone import zone_text


def endpoint_verify(change: Change, name: str | None = None) -> str:
    """The check script of one endpoint after the change (the first when none is named)."""
    endpoint = next((e for e in change.endpoints if e.name == name), change.endpoints[0])
    kept = [m for m in endpoint.members if m.status is not Status.REMOVED and m.ip]
    return verify_bash_for(change.registry.name, kept)


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
        "downtime": change.downtime,
        "notes": list(change.notes),
        "endpoints": [
            {
                "name": endpoint.name,
                "static": endpoint.static,
                "subnet": endpoint.subnet,
                "zone_scope": endpoint.zone_scope,
                "fits": endpoint.fits,
                "free_before": endpoint.free_before,
                "path": endpoint.path,
                "verify": endpoint_verify(change, endpoint.name),
                **{
                    status.value: [
                        {
                            "kind": member.kind.value,
                            "region": member.region,
                            "member_name": member.member_name,
                            "fqdn": member.fqdn,
                            "record": member.record,
                            "ip": member.ip,
                        }
                        for member in endpoint.having(status)
                    ]
                    for status in Status
                },
            }
            for endpoint in change.endpoints
        ],
        "zones": [
            {
                "scope": zone.scope,
                "zone": zone.zone,
                "endpoints": list(zone.endpoints),
                "compared_with": zone.compared_with,
                "changes": [asdict(record) for record in zone.changes],
                "zone_file": zone_text(
                    zone.zone, change.registry.name, zone.records, [f"Zone scope {zone.scope}."]
                ),
            }
            for zone in change.zones
        ],
        "runbook": [asdict(step) for step in change.runbook],
    }


def change_json(change: Change) -> str:
    return json.dumps(change_document(change)) + "\n"


def step_lines(number: int, step: Step) -> list[str]:
    return [
        f"# {number}. {comment(step.title)}",
        *(f"#    {line}" for line in wrapped(step.note)),
        *step.commands,
        "",
    ]


def wrapped(text: str, width: int = 90) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def change_runbook(change: Change) -> str:
    """The runbook as a bash-readable text: comments, then each step's commands."""
    # Every comment line is one line, whatever a name read from az JSON held.
    lines = [f"# {line}" for line in wrapped(change.verdict)]
    lines += [f"# Note: {line}" for note in change.notes for line in wrapped(note)]
    for endpoint in change.endpoints:
        kept, added, removed = (len(endpoint.having(status)) for status in Status)
        lines.append(
            comment(
                f"# {endpoint.name} ({'static' if endpoint.static else 'dynamic'}, "
                f"{endpoint.subnet}): {kept} kept, {added} added, {removed} removed."
            )
        )
        lines += [
            comment(f"#   {m.status.value} {m.member_name} {m.ip or '(no free address)'}")
            for m in endpoint.members
            if m.status is not Status.KEPT
        ]
    downtime = wrapped(f"Downtime: {change.downtime}")
    lines += [f"# {line}" for line in downtime]
    if change.given:
        lines.append("# Taken from the pasted JSON:")
        lines += [f"#   {line}" for given in change.given for line in wrapped(given, 86)]
    if change.variables:
        lines.append("# Set before running (the runbook stops at the first one unset):")
        lines += [comment(f"#   {name}: {meaning}") for name, meaning in change.variables]
    lines.append("")
    for number, step in enumerate(change.runbook, 1):
        lines += step_lines(number, step)
    return "\n".join(lines)


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind.value,
        "severity": finding.severity.value,
        "record": finding.record,
        "found": list(finding.found),
        "expected": list(finding.expected),
        "message": finding.message,
        "fix": list(finding.fix),
    }


def drift_document(drift: Drift) -> dict[str, Any]:
    """Every zone's findings together (`findings`), and each zone's apart (`zones`)."""
    return {
        "registry": drift.registry,
        "zone": drift.zone,
        "records_checked": drift.records_checked,
        "clean": drift.clean,
        "notes": list(drift.notes),
        "findings": [finding_document(finding) for finding in drift.findings],
        "zones": [
            {
                "zone": zone.zone,
                "zone_id": zone.zone_id,
                "endpoints": list(zone.endpoints),
                "records_checked": zone.records_checked,
                "clean": zone.clean,
                "findings": [finding_document(finding) for finding in zone.findings],
            }
            for zone in drift.zones
        ],
    }


def drift_json(drift: Drift) -> str:
    return json.dumps(drift_document(drift)) + "\n"


def drift_text(drift: Drift) -> str:
    if len(drift.zones) > 1:
        return zones_text(drift)
    notes = "".join(f"Note: {note}\n" for note in drift.notes)
    if drift.clean:
        return (
            f"{notes}No drift: {drift.records_checked} record(s) of {drift.registry} in "
            f"{drift.zone}.\n"
        )
    lines = [
        *(f"Note: {note}" for note in drift.notes),
        f"{len(drift.findings)} finding(s) in {drift.zone} for {drift.registry}:",
        "",
    ]
    for finding in drift.findings:
        lines += finding_lines(finding)
    return "\n".join(lines)


def finding_lines(finding: Finding) -> list[str]:
    return [
        f"[{finding.severity.value}] {finding.kind.value} {finding.record}: "
        f"found {', '.join(finding.found) or 'nothing'}, expected "
        f"{', '.join(finding.expected) or 'no address known'}",
        *(f"  {line}" for line in wrapped(finding.message)),
        *(f"  $ {command}" for command in finding.fix),
        "",
    ]


def zones_text(drift: Drift) -> str:
    """Drift over several zones: a heading per zone (its id says where the fixes go:
    ZONE_RESOURCE_GROUP is its resource group), then its findings."""
    lines = [f"Note: {note}" for note in drift.notes]
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
        lines += [*where_fixes_run(zone), ""]
        for finding in zone.findings:
            lines += finding_lines(finding)
    return "\n".join(lines)


def where_fixes_run(zone: ZoneDrift) -> list[str]:
    """The fixes name the zone's resource group as $ZONE_RESOURCE_GROUP: say which it is."""
    parts = zone.zone_id.split("/")
    if not zone.findings or len(parts) < 5:
        return []
    return [
        comment(
            f"Its fixes run with ZONE_RESOURCE_GROUP={parts[4]}, in subscription {parts[2]} "
            "(az account set --subscription, or add --subscription)."
        )
    ]
