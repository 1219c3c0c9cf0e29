"""The estate's Terraform, Bicep and az CLI files and its bundle, each read back by the tool
that will read it (HashiCorp's HCL parser, bash with a recording `az`, named-checkzone)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pygohcl
import pytest
from netaddr import IPNetwork

from planner.core import Registry, Subnet, azure
from planner.core.azure import STATIC_IP_WARNING
from planner.core.estate import EndpointRequest, Estate, EstateRequest, estate
from planner.core.renderers import EXPORTS, bundle
from planner.core.renderers.azcli import azure_cli
from planner.core.renderers.bicep import bicep
from planner.core.renderers.infrastructure import resource_labels
from planner.core.renderers.terraform import terraform
from tests.core.test_renderers import (
    assert_aligned_as_terraform_fmt,
    assert_valid_zone,
    fake_az,
    header_of,
)

LABEL = re.compile(r"^[a-z_][a-z0-9_]*$")


def planned(*endpoints: tuple[str, str, str]) -> Estate:
    """An estate of contoso (two replicas, regional endpoints: 5 members per endpoint) with
    endpoints given as (name, subnet, zone scope)."""
    registry = Registry("contoso", ("eastus", "westus"), True)
    requests = tuple(
        EndpointRequest(name, Subnet(IPNetwork(cidr)), scope) for name, cidr, scope in endpoints
    )
    return estate(EstateRequest(registry, requests))


def one() -> Estate:
    return planned(("pe-hub", "10.0.1.0/28", "pe-hub"))


def three() -> Estate:
    """pe-a and pe.a share a subnet (and a label), pe-a and PE_b share the zone scope hub."""
    return planned(
        ("pe-a", "10.0.1.0/27", "hub"),
        ("pe.a", "10.0.1.0/27", "pe.a"),
        ("PE_b", "10.2.0.0/28", "hub"),
    )


ESTATES = [pytest.param(one, id="one"), pytest.param(three, id="three")]


def test_it_labels_every_name_validly_and_uniquely_even_when_names_collide() -> None:
    names = ["pe-a", "pe.a", "pe_a", "pe_a_2", "1x", "PE-A2"]
    labels = resource_labels(names)
    assert labels == {
        "pe-a": "pe_a",
        "pe.a": "pe_a_3",  # pe_a_2 is pe_a_2's own label
        "pe_a": "pe_a_4",
        "pe_a_2": "pe_a_2",
        "1x": "_1x",
        "PE-A2": "pe_a2",
    }
    assert all(LABEL.match(label) for label in labels.values())
    assert resource_labels(names) == labels  # deterministic


@pytest.mark.parametrize("make", ESTATES)
def test_it_writes_terraform_with_an_endpoint_per_endpoint_and_a_zone_per_scope(
    make: Callable[[], Estate],
) -> None:
    result = make()
    parsed = pygohcl.loads(terraform(result))  # resources come back sorted by label
    resources = parsed["resource"]
    endpoints = resources["azurerm_private_endpoint"]
    labels = resource_labels([endpoint.name for endpoint in result.endpoints])
    assert set(endpoints) == set(labels.values())
    assert all(LABEL.match(label) for label in endpoints)
    for planned_endpoint in result.endpoints:
        endpoint = endpoints[labels[planned_endpoint.name]]
        key = f'"{planned_endpoint.name}"'
        assert endpoint["name"] == planned_endpoint.name
        assert (endpoint["subnet_id"], endpoint["location"]) == (
            f"var.subnet_ids[{key}]",
            f"var.locations[{key}]",
        )
        configurations = endpoint["ip_configuration"]
        assert [(c["member_name"], c["private_ip_address"]) for c in configurations] == [
            (a.member_name, a.ip) for a in planned_endpoint.plan.allocations
        ]
        assert {c["subresource_name"] for c in configurations} == {"registry"}

    zones = resources["azurerm_private_dns_zone"]
    scopes = resource_labels([zone.scope for zone in result.zones])
    assert set(zones) == set(scopes.values())
    assert {zone["name"] for zone in zones.values()} == {result.zone}
    records = resources["azurerm_private_dns_a_record"]
    for zone in result.zones:
        label = scopes[zone.scope]
        held = [
            r
            for r in records.values()
            if r["zone_name"] == f"azurerm_private_dns_zone.{label}.name"
        ]
        assert sorted((r["name"], r["records"], r["ttl"]) for r in held) == sorted(
            (record.name, [record.value], azure.RECORD_TTL) for record in zone.records
        )
        assert {r["resource_group_name"] for r in held} == {zones[label]["resource_group_name"]}
    assert len(records) == sum(len(zone.records) for zone in result.zones)


def test_it_gives_each_zone_scope_a_resource_group_of_its_own_when_there_are_several() -> None:
    parsed = pygohcl.loads(terraform(three()))
    zones = parsed["resource"]["azurerm_private_dns_zone"]
    assert [zone["resource_group_name"] for zone in zones.values()] == [
        'var.zone_resource_group_names["hub"]',
        'var.zone_resource_group_names["pe.a"]',
    ]
    assert parsed["variable"]["zone_resource_group_names"]["type"] == "map(string)"
    single = pygohcl.loads(terraform(one()))
    assert "zone_resource_group_names" not in single["variable"]
    assert [
        z["resource_group_name"] for z in single["resource"]["azurerm_private_dns_zone"].values()
    ] == ["var.resource_group_name"]
    assert {"resource_group_name", "registry_id", "subnet_ids", "locations"} <= set(
        single["variable"]
    )


def test_it_links_each_zone_once_per_subnet_of_its_endpoints() -> None:
    result = planned(
        ("pe-a", "10.0.1.0/27", "hub"),
        ("pe-b", "10.0.1.0/27", "hub"),  # the same subnet: no second link
        ("pe-c", "10.3.0.0/28", "hub"),
        ("pe-d", "10.0.1.0/27", "other"),  # the same subnet in another scope: its own link
    )
    links = pygohcl.loads(terraform(result))["resource"][
        "azurerm_private_dns_zone_virtual_network_link"
    ]
    assert sorted(
        (link["private_dns_zone_name"], link["virtual_network_id"]) for link in links.values()
    ) == [
        (
            "azurerm_private_dns_zone.hub.name",
            'regex("^(.+)/subnets/[^/]+$", var.subnet_ids["pe-a"])[0]',
        ),
        (
            "azurerm_private_dns_zone.hub.name",
            'regex("^(.+)/subnets/[^/]+$", var.subnet_ids["pe-c"])[0]',
        ),
        (
            "azurerm_private_dns_zone.other.name",
            'regex("^(.+)/subnets/[^/]+$", var.subnet_ids["pe-d"])[0]',
        ),
    ]
    text_of_bicep = bicep(result)
    assert text_of_bicep.count("'Microsoft.Network/privateDnsZones/virtualNetworkLinks@") == 3


@pytest.mark.parametrize("make", ESTATES)
def test_it_aligns_the_estates_terraform_as_terraform_fmt_does(make: Callable[[], Estate]) -> None:
    assert_aligned_as_terraform_fmt(terraform(make()))


@pytest.mark.parametrize(
    ("export", "comment"),
    [(terraform, "#"), (bicep, "//"), (azure_cli, "#")],
)
def test_it_heads_each_estate_file_with_what_it_holds_and_the_static_ip_warning(
    export: Callable[[Estate], str], comment: str
) -> None:
    text = header_of(export(three()), comment)
    assert f"WARNING: {STATIC_IP_WARNING}" in text
    assert "3 private endpoint(s) to the registry contoso.azurecr.io" in text


def subnets_per_scope(result: Estate) -> int:
    return sum(
        len({str(e.plan.sizing.subnet.cidr) for e in result.endpoints if e.zone_scope == z.scope})
        for z in result.zones
    )


def bicep_resources(text: str) -> list[tuple[str, str, str]]:
    """(symbol, type, condition) of each resource."""
    return re.findall(r"^resource (\w+) '([^']+)' = (?:if \((.+)\) )?\{$", text, re.MULTILINE)


@pytest.mark.parametrize("make", ESTATES)
def test_it_writes_bicep_with_an_endpoint_per_endpoint_and_a_zone_per_scope(
    make: Callable[[], Estate],
) -> None:
    result = make()
    text = bicep(result)
    resources = bicep_resources(text)
    symbols = [symbol for symbol, _, _ in resources]
    assert len(set(symbols)) == len(symbols)
    kinds = Counter(kind.split("@")[0] for _, kind, _ in resources)
    assert kinds == {
        "Microsoft.Network/privateEndpoints": len(result.endpoints),
        "Microsoft.Network/privateDnsZones": len(result.zones),
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks": subnets_per_scope(result),
        "Microsoft.Network/privateDnsZones/A": sum(len(zone.records) for zone in result.zones),
    }
    bodies = re.split(
        r"^resource \w+ 'Microsoft.Network/privateEndpoints@[^']+' = .*$", text, flags=re.MULTILINE
    )[1:]
    for endpoint, body in zip(result.endpoints, bodies, strict=True):
        body = body.split("\nresource ")[0]
        assert f"  name: '{endpoint.name}'" in body
        assert f"subnetIds['{endpoint.name}']" in body
        assert f"locations['{endpoint.name}']" in body
        assert re.findall(r"memberName: '(\w+)'\s+privateIPAddress: '([\d.]+)'", body) == [
            (a.member_name, a.ip) for a in endpoint.plan.allocations
        ]
    assert re.findall(r"ipv4Address: '([\d.]+)'", text) == [
        record.value for zone in result.zones for record in zone.records
    ]
    assert text.count("{") == text.count("}")
    assert text.count("[") == text.count("]")
    params = set(re.findall(r"^param (\w+)", text, re.MULTILINE))
    assert params == {"registryId", "subnetIds", "locations"} | (
        {"zoneScope"} if len(result.zones) > 1 else set()
    )


def test_it_deploys_the_bicep_of_several_scopes_once_per_resource_group() -> None:
    resources = bicep_resources(bicep(three()))
    conditions = Counter(
        (kind.split("@")[0].rsplit("/", 1)[-1], condition) for _, kind, condition in resources
    )
    assert conditions == {
        ("privateEndpoints", "empty(zoneScope)"): 3,
        ("privateDnsZones", "zoneScope == 'hub'"): 1,
        ("virtualNetworkLinks", "zoneScope == 'hub'"): 2,
        ("A", "zoneScope == 'hub'"): 5,
        ("privateDnsZones", "zoneScope == 'pe.a'"): 1,
        ("virtualNetworkLinks", "zoneScope == 'pe.a'"): 1,
        ("A", "zoneScope == 'pe.a'"): 5,
    }
    assert all(condition == "" for _, _, condition in bicep_resources(bicep(one())))


SUBNET_ID = (
    "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/{}/subnets/s"
)


def run_script(
    result: Estate, tmp_path: Path, environment: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    fake_az(tmp_path)
    path = tmp_path / "estate.sh"
    path.write_text(azure_cli(result))
    return subprocess.run(
        ["bash", str(path)],
        env={"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def placeholders(result: Estate) -> dict[str, str]:
    """Every variable the script checks, each with a value that names it."""
    names = re.findall(r'^: "\$\{(\w+):\?', azure_cli(result), re.MULTILINE)
    return {
        name: SUBNET_ID.format(f"vnet-{name.lower()}")
        if name.startswith("SUBNET_ID_")
        else f"value-{name.lower()}"
        for name in names
    }


@pytest.mark.parametrize("make", ESTATES)
def test_it_runs_the_estates_azcli_script_against_a_recording_az(
    make: Callable[[], Estate], tmp_path: Path
) -> None:
    result = make()
    environment = placeholders(result)
    ran = run_script(result, tmp_path, environment)
    assert ran.returncode == 0, ran.stderr
    calls = [c for c in (tmp_path / "az.log").read_text().splitlines() if " show " not in c]
    labels = resource_labels([e.name for e in result.endpoints])

    creates = [call for call in calls if call.startswith("network private-endpoint create ")]
    assert len(creates) == len(result.endpoints)
    for endpoint, create in zip(result.endpoints, creates, strict=True):
        label = labels[endpoint.name].upper()
        assert f"--name {endpoint.name} " in create
        assert f"--resource-group={environment['RESOURCE_GROUP']} " in create
        assert f"--location {environment[f'LOCATION_{label}']} " in create
        assert f"--subnet {environment[f'SUBNET_ID_{label}']} " in create
        assert f"--private-connection-resource-id {environment['REGISTRY_ID']} " in create
        configurations = re.findall(
            r"--ip-config name=(\w+) group-id=registry member-name=\1 private-ip-address=([\d.]+)",
            create,
        )
        assert configurations == [(a.member_name, a.ip) for a in endpoint.plan.allocations]
        assert create.count("--ip-config") == len(endpoint.plan.allocations)

    known = ("network private-endpoint create ", "network private-dns ")
    assert all(call.startswith(known) and call.endswith(" --output none") for call in calls)
    zones = [call for call in calls if call.startswith("network private-dns zone create ")]
    assert len(zones) == len(result.zones)
    added = [call for call in calls if "record-set a add-record" in call]
    assert len(added) == sum(len(zone.records) for zone in result.zones)
    scopes = resource_labels([zone.scope for zone in result.zones])
    for zone in result.zones:
        group = environment["RESOURCE_GROUP"]
        if len(result.zones) > 1:
            group = environment[f"ZONE_RESOURCE_GROUP_{scopes[zone.scope].upper()}"]
        in_zone = [call for call in added if f"--resource-group={group} " in call]
        assert re.findall(r"--record-set-name (\S+) --ipv4-address (\S+)", " ".join(in_zone)) == [
            (record.name, record.value) for record in zone.records
        ]
        assert any(
            call.startswith(f"network private-dns zone create --resource-group={group} ")
            for call in zones
        )
    links = [call for call in calls if call.startswith("network private-dns link vnet create ")]
    assert all(
        re.search(r"--virtual-network /subscriptions/x/\S+/virtualNetworks/vnet-[\w-]+ ", link)
        for link in links
    )


def test_it_stops_the_estates_azcli_script_when_an_endpoints_placeholder_is_unset(
    tmp_path: Path,
) -> None:
    result = three()
    environment = placeholders(result)
    del environment["LOCATION_PE_B"]
    ran = run_script(result, tmp_path, environment)
    assert ran.returncode != 0
    assert "LOCATION_PE_B" in ran.stderr
    assert not (tmp_path / "az.log").exists()


def test_it_bundles_every_file_with_predictable_names(tmp_path: Path) -> None:
    result = three()
    archive = zipfile.ZipFile(io.BytesIO(bundle(result)))
    names = archive.namelist()
    assert names == [
        "contoso/contoso-estate.json",
        "contoso/contoso-allocations.csv",
        "contoso/contoso-estate.tf",
        "contoso/contoso-estate.bicep",
        "contoso/contoso-estate.sh",
        "contoso/contoso-firewall.txt",
        "contoso/contoso-netbox-ip-addresses.csv",
        "contoso/zones/hub.privatelink.azurecr.io.zone",
        "contoso/zones/pe.a.privatelink.azurecr.io.zone",
        "contoso/hosts/pe-a-hosts.txt",
        "contoso/hosts/pe.a-hosts.txt",
        "contoso/hosts/PE_b-hosts.txt",
    ]
    for name, render in [
        ("tf", terraform),
        ("bicep", bicep),
        ("sh", azure_cli),
    ]:
        assert archive.read(f"contoso/contoso-estate.{name}").decode() == render(result)
    for zone in result.zones:
        text = archive.read(f"contoso/zones/{zone.scope}.{zone.zone}.zone").decode()
        checked = assert_valid_zone(text, zone.zone, tmp_path)
        addresses = sorted(rdata.address for _, _, rdata in checked.iterate_rdatas("A"))
        assert addresses == sorted(record.value for record in zone.records)
    assert bundle(three()) == bundle(result)  # the same estate, the same bytes


def test_it_offers_the_infrastructure_files_as_whole_estate_exports() -> None:
    result = one()
    exports = {name: EXPORTS[name] for name in ("terraform", "bicep", "azcli")}
    assert all(export.whole for export in exports.values())
    assert [export.filename_for(result) for export in exports.values()] == [
        "contoso-estate.tf",
        "contoso-estate.bicep",
        "contoso-estate.sh",
    ]
    assert exports["terraform"].render(result, None) == terraform(result)


def test_it_lists_each_scopes_zone_in_plan_order(tmp_path: Path) -> None:
    registry = Registry("contoso", ("westus", "eastus"), True)
    request = EstateRequest(
        registry, (EndpointRequest("pe", Subnet(IPNetwork("10.0.1.0/28")), "pe"),)
    )
    text = EXPORTS["zone"].render(estate(request), None)
    zone = assert_valid_zone(text, azure.CLOUDS[registry.cloud].private_zone, tmp_path)
    names = [name.to_text() for name in zone.nodes if name.to_text() != "@"]
    assert names == [
        "contoso",
        "contoso.westus.data",
        "contoso.eastus.data",
        "contoso.westus.geo",
        "contoso.eastus.geo",
    ]


def test_it_labels_thousands_of_names_that_give_one_label_apart() -> None:
    """Names that all give `x_x_x_x` get _2, _3, ... and never a label one of them gives by
    itself (here `x_x_x_x_2`, given by its own name)."""
    names = [f"x-x.x_x{'-' * (n % 3)}{n}" if n % 2 else "x-x.x_x" + "." * n for n in range(1, 3000)]
    names.append("x_x_x_x_2")
    labels = resource_labels(names)
    assert len(set(labels.values())) == len(names)
    assert labels["x_x_x_x_2"] == "x_x_x_x_2"
    assert all(LABEL.match(label) for label in labels.values())
