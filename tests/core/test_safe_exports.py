"""What the exports say so that running them against real Azure does no harm: zone groups kept
under dns=none, replicas before static endpoints, rebind protection, inferred record names."""

from __future__ import annotations

from typing import Any

import pygohcl
import pytest
from netaddr import IPNetwork

from planner.core import PlanRequest, Registry, Subnet, azure
from planner.core.estate import as_estate, estate
from planner.core.model import AddressMode, Deployment, DnsMode
from planner.core.renderers.azcli import azure_cli
from planner.core.renderers.bicep import bicep
from planner.core.renderers.forwarders import forwarders
from planner.core.renderers.terraform import terraform
from planner.core.renderers.zone import zone_file


def single(dns: DnsMode = DnsMode.NEW_ZONE, regional: bool = True, static: bool = True) -> Any:
    allocation = AddressMode.STATIC if static else AddressMode.DYNAMIC
    deployment = Deployment(dns=dns, allocation=allocation, resolver_ip="10.50.0.4")
    registry = Registry("contoso", ("eastus", "westus"), regional)
    return estate(as_estate(PlanRequest(registry, Subnet(IPNetwork("10.0.1.0/27")), deployment)))


@pytest.mark.parametrize("static", [True, False])
def test_it_keeps_a_zone_group_azure_policy_added_under_dns_none(static: bool) -> None:
    endpoint = pygohcl.loads(terraform(single(DnsMode.NONE, static=static)))["resource"][
        "azurerm_private_endpoint"
    ]["registry"]
    (lifecycle,) = (
        endpoint["lifecycle"]
        if isinstance(endpoint["lifecycle"], list)
        else [endpoint["lifecycle"]]
    )
    assert lifecycle["ignore_changes"] in (
        ["private_dns_zone_group"],
        ["${private_dns_zone_group}"],
    )


@pytest.mark.parametrize("dns", [DnsMode.NEW_ZONE, DnsMode.ZONE_GROUP, DnsMode.EXISTING_ZONE])
def test_it_leaves_the_zone_group_to_terraform_when_terraform_manages_dns(dns: DnsMode) -> None:
    text = terraform(single(dns) if dns is DnsMode.NEW_ZONE else zone_id_estate(dns))
    assert "ignore_changes" not in text


def zone_id_estate(dns: DnsMode) -> Any:
    zone_id = azure.PRIVATE_DNS_ZONE_ID.format(
        subscription="00000000-0000-0000-0000-000000000000",
        resource_group="rg-dns",
        zone="privatelink.azurecr.io",
    )
    deployment = Deployment(dns=dns, zone_id=zone_id)
    registry = Registry("contoso", ("eastus",), False)
    return estate(as_estate(PlanRequest(registry, Subnet(IPNetwork("10.0.1.0/28")), deployment)))


def test_it_orders_a_later_replica_before_the_static_endpoint_in_three_applies() -> None:
    text = " ".join(line.lstrip("# ") for line in terraform(single()).splitlines())
    steps = [
        text.index(f"({number}) {step}") for number, step in enumerate(azure.TERRAFORM_APPLIES, 1)
    ]
    assert steps == sorted(steps)
    assert "remove the endpoint" in azure.TERRAFORM_APPLIES[0]
    assert "add the replica" in azure.TERRAFORM_APPLIES[1]
    assert "add the endpoint back" in azure.TERRAFORM_APPLIES[2]
    assert (
        azure.TERRAFORM_REPLACES.index("(1) remove")
        < azure.TERRAFORM_REPLACES.index("(2) add the replica")
        < azure.TERRAFORM_REPLACES.index("(3) add the endpoint")
    )
    assert "three applies" not in terraform(single(static=False))  # Azure adds the members


def test_it_lets_rebind_protection_pass_the_registrys_private_answers() -> None:
    text = forwarders(single())
    assert "rebind-domain-ok=/azurecr.io/" in text.splitlines()
    assert '    private-domain: "azurecr.io"' in text.splitlines()
    flat = " ".join(line.lstrip("# ") for line in text.splitlines())
    assert 'except-from { "azurecr.io"; }' in flat


def test_it_says_where_it_writes_a_regional_record_that_its_name_is_inferred() -> None:
    note = azure.REGIONAL_RECORD_INFERRED.split(":")[0][:40]
    for render in (terraform, bicep, azure_cli, zone_file):
        flat = " ".join(line.lstrip("#/; ") for line in render(single()).splitlines())
        assert note in flat, render
        assert note not in " ".join(render(single(regional=False)).splitlines())
    # a zone group writes the records: Azure names them, so nothing is said
    assert note not in " ".join(terraform(single(DnsMode.NEW_ZONE, static=False)).splitlines())


def test_it_says_how_regional_endpoints_are_enabled_with_the_preview_api() -> None:
    flat = " ".join(line.lstrip("# ") for line in terraform(single()).splitlines())
    assert "az acr update --name contoso --regional-endpoints enabled" in flat
    assert "properties.regionalEndpoints: 'Enabled'" in flat
    assert azure.REGIONAL_ENDPOINTS_API in flat
    assert "azurerm has no argument" in flat
