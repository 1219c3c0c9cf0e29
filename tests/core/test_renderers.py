"""The exports: each parsed back or checked by the tool that will read it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import dns.rdataclass
import dns.rdatatype
import dns.zone
import pygohcl
import pytest
from netaddr import IPNetwork

from planner.core import Plan, PlanRequest, Registry, Subnet, azure, plan
from planner.core.azure import STATIC_IP_WARNING, Cloud
from planner.core.estate import Estate
from planner.core.renderers import plan_exports, plan_json, sizing_json
from planner.core.renderers.azcli import azure_cli
from planner.core.renderers.bicep import bicep
from planner.core.renderers.lists import (
    allocations_csv,
    commented_list,
    firewall_allowlist,
    hosts_file,
)
from planner.core.renderers.terraform import terraform
from planner.core.renderers.zone import zone_file
from planner.core.sizing import REGIONAL_PREVIEW_WARNING
from tests.single import one


def assert_valid_zone(text: str, origin: str, tmp_path: Path) -> dns.zone.Zone:
    """Parses a zone file back with dnspython and has BIND's named-checkzone accept it."""
    zone = dns.zone.from_text(text, origin=None, relativize=True)
    assert zone.origin is not None
    assert zone.origin.to_text() == f"{origin}."
    checker = shutil.which("named-checkzone")
    assert checker, "named-checkzone is missing: `make test` installs bind9-utils"
    path = tmp_path / "checked.zone"
    path.write_text(text)
    checked = subprocess.run(
        [checker, origin, str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return zone


def planned(
    regions: tuple[str, ...] = ("eastus", "westus"),
    regional_endpoints: bool = True,
    subnet: str = "10.0.1.0/28",
    cloud: Cloud = Cloud.PUBLIC,
) -> Plan:
    registry = Registry("contoso", regions, regional_endpoints, cloud)
    return plan(PlanRequest(registry, Subnet(IPNetwork(subnet))))


@pytest.mark.parametrize("cloud", list(Cloud))
def test_it_writes_a_zone_that_dnspython_and_bind_read_back(cloud: Cloud, tmp_path: Path) -> None:
    regions = azure.CLOUDS[cloud].regions[:3]
    result = planned(regions, cloud=cloud)
    zone = assert_valid_zone(zone_file(one(result)), result.zone, tmp_path)

    soa = zone.get_rdataset("@", "SOA")
    assert soa is not None
    assert soa.ttl == azure.SOA_TTL
    assert (soa[0].serial, soa[0].refresh, soa[0].retry, soa[0].expire, soa[0].minimum) == (
        azure.SOA_SERIAL,
        azure.SOA_REFRESH,
        azure.SOA_RETRY,
        azure.SOA_EXPIRE,
        azure.SOA_MINIMUM,
    )
    assert soa[0].mname.to_text() == f"{azure.SOA_HOST}."
    assert soa[0].rname.to_text() == f"{azure.SOA_EMAIL}."
    ns = zone.get_rdataset("@", "NS")
    assert ns is not None
    assert [rdata.target.to_text() for rdata in ns] == [f"{azure.SOA_HOST}."]
    records = {
        (name.to_text(), rdataset.ttl, rdata.address)
        for name, rdataset in zone.iterate_rdatasets(dns.rdatatype.A)
        for rdata in rdataset
    }
    assert records == {(a.record, azure.RECORD_TTL, a.ip) for a in result.allocations}
    assert len(records) == 1 + 2 * len(regions)


def test_it_writes_the_ttl_and_origin_directives(tmp_path: Path) -> None:
    text = zone_file(one(planned()))
    assert re.search(r"^\$TTL 10$", text, re.MULTILINE)
    assert re.search(r"^\$ORIGIN privatelink\.azurecr\.io\.$", text, re.MULTILINE)


def test_it_maps_the_public_names_in_the_hosts_file() -> None:
    result = planned()
    lines = hosts_file(one(result)).splitlines()
    assert lines[0].startswith("#")
    entries = [line.split() for line in lines if not line.startswith("#")]
    assert entries == [[a.ip, a.fqdn] for a in result.allocations]
    assert all(fqdn.endswith(".azurecr.io") and "privatelink" not in fqdn for _, fqdn in entries)
    assert ["10.0.1.5", "contoso.eastus.data.azurecr.io"] in entries


def test_it_lists_each_name_on_port_443_for_the_firewall() -> None:
    result = planned(regional_endpoints=False)
    rules = [
        line for line in firewall_allowlist(one(result)).splitlines() if not line.startswith("#")
    ]
    assert rules == [
        "contoso.azurecr.io:443",
        "contoso.eastus.data.azurecr.io:443",
        "contoso.westus.data.azurecr.io:443",
    ]


def test_it_writes_one_csv_row_per_allocation() -> None:
    result = planned()
    rows = list(csv.DictReader(io.StringIO(allocations_csv(one(result)))))
    assert list(rows[0]) == ["kind", "region", "member_name", "fqdn", "record", "ip"]
    assert [(row["member_name"], row["ip"]) for row in rows] == [
        (a.member_name, a.ip) for a in result.allocations
    ]
    assert rows[0]["region"] == ""
    assert rows[1]["kind"] == "data_endpoint"


def test_it_declares_a_static_ip_for_every_member_in_terraform() -> None:
    result = planned(("eastus", "westus", "northeurope"))
    text = terraform(one(result))
    members = re.findall(
        r'ip_configuration \{\s+name\s+= "(\w+)"\s+private_ip_address = "([\d.]+)"\s+'
        r'subresource_name\s+= "registry"\s+member_name\s+= "(\w+)"',
        text,
    )
    assert [(name, ip) for name, ip, _ in members] == [
        (a.member_name, a.ip) for a in result.allocations
    ]
    assert all(name == member for name, _, member in members)
    assert set(re.findall(r'variable "(\w+)"', text)) == {
        "resource_group_name",
        "location",
        "subnet_id",
        "registry_id",
    }
    assert text.count('resource "azurerm_private_dns_a_record"') == len(result.allocations)


def header_of(text: str, comment: str) -> str:
    """The comment lines a file starts with (after any #! line), as one line of words."""
    header = []
    for line in text.splitlines():
        if line.startswith("#!"):
            continue
        if not line.startswith(comment):
            break
        header.append(line.removeprefix(comment).strip())
    return " ".join(header)


@pytest.mark.parametrize(("export", "comment"), [(terraform, "#"), (bicep, "//"), (azure_cli, "#")])
def test_it_heads_each_infrastructure_file_with_the_static_ip_warning(
    export: Callable[[Estate], str], comment: str
) -> None:
    assert f"WARNING: {STATIC_IP_WARNING}" in header_of(export(one(planned())), comment)


def test_it_writes_terraform_that_hashicorps_hcl_parser_reads() -> None:
    """pygohcl wraps HashiCorp's own HCL2 library (terraform itself cannot be installed from
    the package registries this project uses)."""
    result = planned()
    parsed = pygohcl.loads(terraform(one(result)))
    endpoint = parsed["resource"]["azurerm_private_endpoint"]["registry"]
    configurations = endpoint["ip_configuration"]
    assert [(c["member_name"], c["private_ip_address"]) for c in configurations] == [
        (a.member_name, a.ip) for a in result.allocations
    ]
    assert {c["subresource_name"] for c in configurations} == {"registry"}
    assert endpoint["private_service_connection"]["subresource_names"] == ["registry"]
    records = parsed["resource"]["azurerm_private_dns_a_record"]
    assert sorted((r["name"], r["records"][0], r["ttl"]) for r in records.values()) == sorted(
        (a.record, a.ip, azure.RECORD_TTL) for a in result.allocations
    )
    assert set(parsed["variable"]) == {
        "resource_group_name",
        "location",
        "subnet_id",
        "registry_id",
    }


def assert_aligned_as_terraform_fmt(text: str) -> None:
    """terraform fmt aligns the `=` of consecutive attributes in a block, indents by two; an
    attribute whose value opens on several lines (`azurerm = {`) stands alone."""
    runs: list[list[str]] = [[]]
    for line in text.splitlines():
        if re.match(r"^( {2})+\w+ += ", line) and not line.endswith("{"):
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    assert len(runs) > 5
    for run in filter(None, runs):
        assert len({line.index("=") for line in run}) == 1, run
        width = max(len(line[: line.index("=")].rstrip()) for line in run)
        assert all(line.index("=") == width + 1 for line in run), run


def test_it_aligns_terraform_attributes_as_terraform_fmt_does() -> None:
    assert_aligned_as_terraform_fmt(terraform(one(planned())))


def test_it_declares_a_static_ip_for_every_member_in_bicep() -> None:
    result = planned()
    text = bicep(one(result))
    configurations = re.findall(
        r"groupId: 'registry'\s+memberName: '(\w+)'\s+privateIPAddress: '([\d.]+)'", text
    )
    assert configurations == [(a.member_name, a.ip) for a in result.allocations]
    assert text.count("'Microsoft.Network/privateDnsZones/A@") == len(result.allocations)
    assert text.count("{") == text.count("}")
    assert text.count("[") == text.count("]")
    assert set(re.findall(r"^param (\w+)", text, re.MULTILINE)) == {
        "subnetId",
        "registryId",
        "location",
    }


def fake_az(tmp_path: Path) -> Path:
    """An `az` on PATH that records its arguments, one call per line, and finds nothing: a
    show answers az's "not there" (exit status 3), as on an Azure without the resources."""
    log = tmp_path / "az.log"
    script = tmp_path / "bin" / "az"
    script.parent.mkdir()
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {log}\nfor a in "$@"; do [ "$a" = show ] && exit 3; done\n'
        "exit 0\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return log


def test_it_runs_the_azcli_script_against_a_recording_az(tmp_path: Path) -> None:
    result = planned()
    log = fake_az(tmp_path)
    path = tmp_path / "endpoint.sh"
    path.write_text(azure_cli(one(result)))
    environment = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
        "RESOURCE_GROUP": "rg-network",
        "SUBNET_ID": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/"
        "virtualNetworks/hub/subnets/endpoints",
        "REGISTRY_ID": "/subscriptions/x/resourceGroups/rg/providers/"
        "Microsoft.ContainerRegistry/registries/contoso",
    }
    subprocess.run(["bash", str(path)], env=environment, check=True)

    calls = [c for c in log.read_text().splitlines() if " show " not in f" {c} "]
    create = calls[0]
    assert create.startswith("network private-endpoint create")
    configurations = re.findall(
        r"--ip-config name=(\w+) group-id=registry member-name=\1 private-ip-address=([\d.]+)",
        create,
    )
    assert configurations == [(a.member_name, a.ip) for a in result.allocations]
    vnet = environment["SUBNET_ID"].removesuffix("/subnets/endpoints")
    assert f"--virtual-network {vnet} " in " ".join(calls)
    added = " ".join(call for call in calls if "record-set a add-record" in call)
    records = re.findall(r"--record-set-name (\S+) --ipv4-address (\S+)", added)
    assert records == [(a.record, a.ip) for a in result.allocations]


def test_it_stops_the_azcli_script_when_a_placeholder_is_unset(tmp_path: Path) -> None:
    log = fake_az(tmp_path)
    path = tmp_path / "endpoint.sh"
    path.write_text(azure_cli(one(planned())))
    environment = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "RESOURCE_GROUP": "rg"}
    ran = subprocess.run(["bash", str(path)], env=environment, capture_output=True, text=True)
    assert ran.returncode != 0
    assert "SUBNET_ID" in ran.stderr
    assert not log.exists()


def test_it_names_each_export_file_after_the_registry() -> None:
    result = planned(cloud=Cloud.USGOV, regions=("usgovvirginia",))
    names = {name: export.filename_for(one(result)) for name, export in plan_exports().items()}
    assert names["zone"] == "contoso.privatelink.azurecr.us.zone"
    assert all(filename.startswith("contoso") for filename in names.values())
    assert len(set(names.values())) == len(plan_exports())


def test_it_renders_the_json_export_with_every_figure_of_the_plan() -> None:
    document = json.loads(plan_json(planned(("eastus",), regional_endpoints=False)))
    assert list(document) == [
        "registry", "cloud", "login_server", "zone", "regions", "regional_endpoints",
        "required_ips", "breakdown", "subnet", "fits", "smallest_prefix", "headroom_replicas",
        "headroom_limit", "regional_endpoints_fit", "allocations", "records", "warnings",
    ]  # fmt: skip
    assert document["required_ips"] == 2
    assert document["breakdown"] == {
        "login_server": 1,
        "data_endpoints": 1,
        "regional_endpoints": 0,
    }
    assert document["subnet"] == {
        "cidr": "10.0.1.0/28",
        "size": 16,
        "reserved": ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.15"],
        "usable": 11,
        "in_use": 0,
        "free_after_plan": 9,
    }
    assert (document["fits"], document["smallest_prefix"], document["headroom_replicas"]) == (
        True,
        29,
        9,
    )
    assert (document["headroom_limit"], document["regional_endpoints_fit"]) == ("addresses", True)
    assert document["allocations"][1] == {
        "kind": "data_endpoint",
        "region": "eastus",
        "member_name": "registry_data_eastus",
        "fqdn": "contoso.eastus.data.azurecr.io",
        "record": "contoso.eastus.data",
        "ip": "10.0.1.5",
    }
    assert document["records"][0] == {
        "name": "contoso",
        "type": "A",
        "ttl": 10,
        "value": "10.0.1.4",
    }
    assert document["warnings"] == [STATIC_IP_WARNING]


def test_it_leaves_regional_endpoints_fit_out_when_they_are_on() -> None:
    document = json.loads(plan_json(planned()))
    assert "regional_endpoints_fit" not in document
    assert document["warnings"][-1] == REGIONAL_PREVIEW_WARNING


def test_it_writes_the_sizing_in_the_plan_documents_style() -> None:
    result = planned()
    sizing, whole = sizing_json(result.sizing), plan_json(result)
    document = json.loads(sizing)
    assert (document["replica_count"], document["regional_endpoints"]) == (2, True)
    shared = {key: value for key, value in json.loads(whole).items() if key in document}
    assert shared == {key: document[key] for key in shared}  # the same figures, the same words
    assert [text.count("\n") for text in (sizing, whole)] == [1, 1]  # one line each
    assert sizing.endswith("}\n")


def test_it_lists_comment_lines_then_a_line_per_allocation() -> None:
    result = planned()
    text = commented_list(result, ("first", "second"), lambda allocation: allocation.record)
    assert text.splitlines() == ["# first", "# second", *(a.record for a in result.allocations)]
    assert text.endswith(result.allocations[-1].record + "\n")


def a_record_names(text: str, origin: str, tmp_path: Path) -> list[str]:
    """The A records' names in the order the zone file lists them (checked by BIND too)."""
    zone = assert_valid_zone(text, origin, tmp_path)
    return [
        name.to_text()
        for name, node in zone.nodes.items()
        if node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.A) is not None
    ]


def test_it_lists_the_zone_in_the_order_of_every_other_export(tmp_path: Path) -> None:
    """Login server, then data endpoints in region order, then regional endpoints."""
    result = planned(regions=("westus", "eastus", "northeurope"))
    zone_order = a_record_names(zone_file(one(result)), result.zone, tmp_path)
    assert zone_order == [
        "contoso",
        "contoso.westus.data",
        "contoso.eastus.data",
        "contoso.northeurope.data",
        "contoso.westus.geo",
        "contoso.eastus.geo",
        "contoso.northeurope.geo",
    ]
    csv_order = [row["record"] for row in csv.DictReader(io.StringIO(allocations_csv(one(result))))]
    hosts_order = [
        line.split()[1] for line in hosts_file(one(result)).splitlines() if not line.startswith("#")
    ]
    suffix = azure.CLOUDS[result.cloud].registry_suffix
    assert zone_order == csv_order
    assert [f"{name}.{suffix}" for name in zone_order] == hosts_order
