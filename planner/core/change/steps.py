"""The runbook's steps in their order, each with its kind, the endpoints it acts on and its
notes, and the downtime they cause."""

from __future__ import annotations

from planner.core import azure
from planner.core.change.values import EndpointChange, Step, StepKind, ZoneChange

REGISTRY_NOTE = (
    "Every endpoint's subnet must have the new addresses, or this fails and rolls back. "
    "Replications are named after their region unless named otherwise (check with az acr "
    "replication list). A replica az lists already is not created again."
)


DNS_NOTE = (
    "Records a DNS zone group writes are left to it. Records marked rewrite belong to a "
    "re-created endpoint whose zone group nobody showed: they are written again whatever is "
    "there (give the zone's records or the endpoint's dns-zone-group list to know). A fill "
    "takes the address Azure gave the endpoint, read from it. Each command checks what is "
    "there first."
)


CHECK_NOTE = (
    "The addresses each endpoint holds, read from Azure (with dynamic allocation Azure picks "
    "them), are what its check script (verify.sh, in the change's answer) compares every "
    "name with, on a client in the endpoint's network."
)


def runbook(
    endpoints: tuple[EndpointChange, ...],
    zones: tuple[ZoneChange, ...],
    registry_changes: tuple[tuple[str, ...], tuple[str, ...], bool],
) -> tuple[Step, ...]:
    """The ordered steps: endpoints to re-create go first (Azure refuses a replica while a
    static one lacks its members), then the registry, then the endpoints again with every
    member and their DNS zone groups, the approval of manual connections, then DNS, then the
    check. The outage lasts from the delete until the endpoints and records are back."""
    recreated = [e for e in endpoints if e.recreated]
    outage = bool(recreated)
    steps = []
    if recreated:
        steps.append(delete_step(recreated))
    if any(registry_changes[:2]) or registry_changes[2]:
        steps.append(
            Step(StepKind.CHANGE_REGISTRY, "Change the registry", REGISTRY_NOTE, (), outage)
        )
    steps += [create_step(endpoint) for endpoint in recreated]
    if manual := tuple(e.name for e in recreated if e.manual):
        steps.append(approve_step(manual))
    if any(zone.changes for zone in zones):
        steps.append(
            Step(StepKind.CORRECT_DNS, "Correct the private DNS zone", DNS_NOTE, (), outage)
        )
    checked = tuple(e.name for e in endpoints)
    steps.append(Step(StepKind.CHECK, "Check from inside the network", CHECK_NOTE, checked))
    return tuple(steps)


def delete_step(recreated: list[EndpointChange]) -> Step:
    return Step(
        StepKind.DELETE_ENDPOINTS,
        "Delete the endpoint(s) to re-create; the outage starts here",
        "Each one is deleted only while it still lacks a member it is re-created for: the "
        "step runs again without deleting what it created." + lost_records_note(recreated),
        tuple(e.name for e in recreated),
        True,
    )


def create_step(endpoint: EndpointChange) -> Step:
    ends = (
        "the outage lasts until the registry's owner approves its connection"
        if endpoint.manual
        else "the outage ends when it and its records are in place"
    )
    return Step(
        StepKind.CREATE_ENDPOINT,
        f"Re-create {endpoint.name} with every member; {ends}",
        azure.TERRAFORM_REPLACES + zone_group_note(endpoint),
        (endpoint.name,),
        True,
    )


def approve_step(manual: tuple[str, ...]) -> Step:
    return Step(
        StepKind.APPROVE,
        "The registry's owner approves the new connection(s); the outage ends here",
        "These endpoints' connections were made by manual request, so the new ones wait for "
        "approval too (a pending connection has no addresses in DNS yet). CONNECTION_NAME is "
        "the connection the list shows for each endpoint.",
        manual,
        True,
    )


def lost_records_note(recreated: list[EndpointChange]) -> str:
    lost = [e for e in recreated if e.records_lost]
    if not lost:
        return ""
    listed = "; ".join(f"{e.name}: {', '.join(e.records_lost)}" for e in lost)
    return (
        " Deleting an endpoint deletes the records its DNS zone group wrote (the records'"
        f" metadata.creator names it): {listed}. Its zone group is re-created with it."
    )


def zone_group_note(endpoint: EndpointChange) -> str:
    if not endpoint.zone_groups:
        return ""
    inferred = (
        " The records' metadata.creator shows the group but not its name or zone id: it is "
        f"re-created as '{azure.ZONE_GROUP_NAME}' (the portal's name)"
        + (
            ""
            if all(c.zone_id for g in endpoint.zone_groups for c in g.configs)
            else ", with ZONE_ID the zone's resource id"
        )
        + "."
        if endpoint.zone_group_inferred
        else ""
    )
    return (
        " Its DNS zone group is created again after it, with its name and zones, and writes "
        "every member's record." + inferred
    )


def downtime(endpoints: tuple[EndpointChange, ...]) -> str:
    recreated = [e.name for e in endpoints if e.recreated]
    if not recreated:
        return (
            "None expected: no endpoint is deleted; dynamic endpoints get their new members "
            "in place, and the new replica's names resolve once their records exist."
        )
    manual = [e.name for e in endpoints if e.recreated and e.manual]
    approval = (
        f" For {', '.join(manual)} (a manual connection) it lasts until the registry's owner "
        "approves the new connection."
        if manual
        else ""
    )
    return (
        f"{', '.join(recreated)}: from the delete until the endpoint is created again and its "
        "records exist, clients in its networks cannot reach the registry privately (with "
        "public access disabled, pulls fail; otherwise they leave through the public path). "
        "A replica created in this change is created inside this window: plan a maintenance "
        "window." + approval
    )
