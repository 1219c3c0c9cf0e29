"""Drift: one test per kind of finding, each with its severity, record, expectation and fix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.core import Registry
from planner.core.addresses import InvalidInput
from planner.core.deployed.endpoints import DeployedEndpoint, read_private_endpoint
from planner.core.deployed.zones import DeployedRecord, DeployedZone, read_record_sets
from planner.core.drift import (
    Drift,
    DriftRequest,
    Finding,
    FindingKind,
    Fix,
    FixAction,
    Severity,
    drift,
)
from planner.core.renderers.day_two import drift_document
from tests.day_two import fixture

CONTOSO = Registry("contoso", ("eastus", "westeurope"), False)


def hub() -> DeployedEndpoint:
    return read_private_endpoint(fixture("pe-static.json"))


def zone(*records: DeployedRecord, name: str = "privatelink.azurecr.io") -> DeployedZone:
    return DeployedZone(name, records)


def deployed_zone() -> DeployedZone:
    return read_record_sets(fixture("records.json"))


def record(name: str, *addresses: str, ttl: int = 10) -> DeployedRecord:
    return DeployedRecord(name, ttl, addresses)


def checked(zone: DeployedZone, registry: Registry = CONTOSO, *more: DeployedEndpoint) -> Drift:
    return drift(DriftRequest(registry, (hub(), *more), zone))


def fixed(result: Drift, finding: Finding) -> list[str]:
    """The finding's fix as the API prints it: az command lines."""
    index = result.findings.index(finding)
    commands: list[str] = drift_document(result)["findings"][index]["fix"]
    return commands


def without(name: str) -> DeployedZone:
    records = deployed_zone().records
    return zone(*(r for r in records if r.name != name))


def test_a_zone_that_matches_its_endpoint_has_no_drift() -> None:
    result = checked(deployed_zone())
    assert result.clean
    assert result.records_checked == 3  # fabrikam's record is another registry's


def test_a_replicas_missing_data_record_is_high_with_the_record_to_add() -> None:
    result = checked(without("contoso.westeurope.data"))
    (finding,) = result.findings
    assert finding.kind is FindingKind.MISSING
    assert finding.severity is Severity.HIGH
    assert finding.record == "contoso.westeurope.data"
    assert finding.expected == ("10.0.1.6",)
    # a linked zone answers NXDOMAIN for a name it lacks: the lookup fails (no public path)
    assert "does not resolve (a private zone answers NXDOMAIN" in finding.message
    assert "NxDomainRedirect" in finding.message
    assert finding.fix == (Fix(FixAction.ADD, "contoso.westeurope.data", (), "10.0.1.6"),)
    (add,) = [c for c in fixed(result, finding) if "add-record" in c]
    assert "--ipv4-address 10.0.1.6" in add


def test_a_new_replica_that_no_endpoint_has_yet_is_missing_without_an_address() -> None:
    grown = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
    (finding,) = checked(deployed_zone(), grown).findings
    assert (finding.kind, finding.record, finding.expected) == (
        FindingKind.MISSING,
        "contoso.northeurope.data",
        (),
    )
    assert "read the endpoint" in finding.message


def test_a_wrong_address_is_replaced() -> None:
    records = [record("contoso", "10.0.1.9"), *without("contoso").records]
    result = checked(zone(*records))
    (finding,) = result.findings
    assert finding.kind is FindingKind.WRONG_ADDRESS
    assert (finding.found, finding.expected) == (("10.0.1.9",), ("10.0.1.4",))
    assert finding.fix == (Fix(FixAction.CORRECT, "contoso", ("10.0.1.9",), "10.0.1.4"),)
    commands = fixed(result, finding)
    add = next(n for n, c in enumerate(commands) if "add-record" in c)
    remove = next(n for n, c in enumerate(commands) if "remove-record" in c)
    assert add < remove  # the right address first: the name never resolves to nothing
    assert "10.0.1.4" in commands[add]
    assert "10.0.1.9" in commands[remove]


def test_an_extra_address_on_a_record_is_removed() -> None:
    records = [record("contoso", "10.0.1.4", "10.0.2.7"), *without("contoso").records]
    result = checked(zone(*records))
    (finding,) = result.findings
    assert finding.kind is FindingKind.EXTRA_ADDRESS
    commands = fixed(result, finding)
    assert [c for c in commands if "remove-record" in c or "add-record" in c] == [
        "  az network private-dns record-set a remove-record --resource-group="
        '"${ZONE_RESOURCE_GROUP:?}" --zone-name privatelink.azurecr.io --record-set-name contoso '
        "--ipv4-address 10.0.2.7 --keep-empty-record-set --output none"
    ]


def test_a_removed_replicas_record_is_stale() -> None:
    records = [*deployed_zone().records, record("contoso.westus.data", "10.0.1.12")]
    result = checked(zone(*records))
    (finding,) = result.findings
    assert (finding.kind, finding.severity, finding.record) == (
        FindingKind.STALE,
        Severity.MEDIUM,
        "contoso.westus.data",
    )
    assert "record-set a delete" in fixed(result, finding)[0]


def test_two_endpoints_in_one_zone_collide() -> None:
    spoke = read_private_endpoint(fixture("pe-dynamic.json"))
    result = checked(deployed_zone(), CONTOSO, spoke)
    kinds = {(f.kind, f.record) for f in result.findings}
    assert kinds == {
        (FindingKind.COLLISION, "contoso"),
        (FindingKind.COLLISION, "contoso.eastus.data"),
        (FindingKind.COLLISION, "contoso.westeurope.data"),
    }
    assert all(f.severity is Severity.HIGH for f in result.findings)
    assert "pe-contoso-spoke 10.0.2.7" in result.findings[0].message


def test_a_ttl_other_than_the_zone_groups_is_low() -> None:
    records = [record("contoso", "10.0.1.4", ttl=3600), *without("contoso").records]
    result = checked(zone(*records))
    (finding,) = result.findings
    assert (finding.kind, finding.severity) == (FindingKind.TTL, Severity.LOW)
    assert fixed(result, finding) == [
        "az network private-dns record-set a update --resource-group="
        '"${ZONE_RESOURCE_GROUP:?}" --zone-name privatelink.azurecr.io --name contoso '
        "--set ttl=10 --output none",
    ]


def test_fixes_name_the_zones_own_group_and_subscription_when_its_id_is_known() -> None:
    """The record sets' ids name the zone: its fixes go there, with no variable to set."""
    records = [replace(r, ttl=3600) if r.name == "contoso" else r for r in deployed_zone().records]
    known = replace(deployed_zone(), records=tuple(records))
    result = checked(known)
    assert known.zone_id.endswith("/resourceGroups/rg-dns/providers/Microsoft.Network/"
                                  "privateDnsZones/privatelink.azurecr.io")  # fmt: skip
    (command,) = fixed(result, result.findings[0])
    assert "--subscription 00000000-0000-0000-0000-000000000000 --resource-group=rg-dns " in (
        command
    )
    assert "ZONE_RESOURCE_GROUP" not in command


def test_a_separate_regional_data_zone_is_the_known_misconfiguration() -> None:
    separate = zone(record("contoso", "10.0.1.5"), name="eastus.data.privatelink.azurecr.io")
    result = checked(separate)
    assert [f.kind for f in result.findings] == [FindingKind.SEPARATE_ZONE]
    assert result.findings[0].severity is Severity.HIGH
    assert "zone delete" in fixed(result, result.findings[0])[-1]


def test_records_of_another_zone_are_refused() -> None:
    with pytest.raises(InvalidInput, match=r"privatelink\.azurecr\.io"):
        checked(zone(name="privatelink.blob.core.windows.net"))


def test_a_ttl_finding_names_the_writer_from_metadata_not_from_the_ttl() -> None:
    by_group = [replace(r, ttl=3600) if r.name == "contoso" else r for r in deployed_zone().records]
    (finding,) = checked(zone(*by_group)).findings
    assert (finding.kind, finding.severity) == (FindingKind.TTL, Severity.LOW)
    assert "a DNS zone group of pe-contoso-hub wrote it (metadata.creator)" in finding.message
    assert "written by hand" not in finding.message
    (by_hand,) = checked(
        zone(record("contoso", "10.0.1.4", ttl=3600), *without("contoso").records)
    ).findings
    assert "no DNS zone group wrote it (it has no metadata.creator)" in by_hand.message


def test_a_separate_zone_cites_microsofts_footnote_and_says_it_shadows_names() -> None:
    separate = zone(record("contoso", "10.0.1.5"), name="eastus.data.privatelink.azurecr.io")
    (finding,) = checked(separate).findings
    assert (
        '"If you are using Azure Private DNS Zones, do not deploy this as an additional zone.'
        in (finding.message)
    )
    assert "shadows" in finding.message
    assert "a lookup of a name the sub-zone lacks fails" in finding.message


def test_a_missing_record_of_an_existing_replica_says_why_there_is_no_command() -> None:
    grown = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
    (finding,) = checked(deployed_zone(), grown).findings
    assert finding.fix == ()
    assert "once the replica exists" not in finding.message
    assert "No command: no endpoint given has the member registry_data_northeurope" in (
        finding.message
    )
    assert "read the endpoint again" in finding.message


def test_every_finding_without_a_command_says_why() -> None:
    spoke = read_private_endpoint(fixture("pe-dynamic.json"))
    grown = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
    for result in (checked(deployed_zone(), grown), checked(without("contoso"), CONTOSO, spoke)):
        for finding in result.findings:
            assert finding.fix or "No command" in finding.message, finding


def test_the_zone_in_a_fix_is_quoted_whatever_it_holds() -> None:
    hostile = "$(touch marker).privatelink.azurecr.io"
    result = checked(zone(name=hostile))
    (finding,) = [f for f in result.findings if f.kind is FindingKind.SEPARATE_ZONE]
    assert all("'$(touch marker).privatelink.azurecr.io'" in c for c in fixed(result, finding))
