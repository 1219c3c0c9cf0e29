"""The exports for each DNS mode and allocation: Terraform parsed by HashiCorp's HCL parser and
aligned as `terraform fmt` aligns it, Bicep's resources, the az script run against a recording
`az` whose every call is checked, zone files checked by BIND, forwarders by named-checkconf."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pygohcl
import pytest
from netaddr import IPNetwork

from planner.core import Plan, PlanRequest, Registry, Subnet, plan
from planner.core.azure import STATIC_IP_WARNING, Cloud
from planner.core.estate import EndpointRequest, Estate, EstateRequest, estate
from planner.core.model import AddressMode, Deployment, DnsMode
from planner.core.renderers import EXPORTS, bundle_files, plan_exports
from planner.core.renderers.azcli import azure_cli
from planner.core.renderers.bicep import bicep
from planner.core.renderers.forwarders import forwarders_text
from planner.core.renderers.lists import allocations_csv, firewall_allowlist, hosts_file
from planner.core.renderers.terraform import terraform
from planner.core.renderers.unavailable import AddressesUnknown, ResolverMissing
from planner.core.renderers.verify import verify_bash, verify_powershell
from planner.core.renderers.zone import zone_file
from planner.core.sizing import DYNAMIC_ADDRESSES_NOTE
from tests.core.test_renderers import assert_aligned_as_terraform_fmt, assert_valid_zone
from tests.single import one

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
ZONE_ID = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/"
    "privateDnsZones/privatelink.azurecr.io"
)
STATIC, DYNAMIC = AddressMode.STATIC, AddressMode.DYNAMIC
# Every combination the inputs accept (existing-zone with dynamic addresses is refused).
MODES = [
    (DnsMode.NEW_ZONE, STATIC),
    (DnsMode.NEW_ZONE, DYNAMIC),
    (DnsMode.EXISTING_ZONE, STATIC),
    (DnsMode.ZONE_GROUP, STATIC),
    (DnsMode.ZONE_GROUP, DYNAMIC),
    (DnsMode.NONE, STATIC),
    (DnsMode.NONE, DYNAMIC),
]
MODE_IDS = [f"{dns.value}-{allocation.value}" for dns, allocation in MODES]


def deployment(dns: DnsMode, allocation: AddressMode, resolver_ip: str = "") -> Deployment:
    return Deployment(dns, ZONE_ID if dns.needs_zone_id else "", allocation, resolver_ip)


def planned(dns: DnsMode, allocation: AddressMode, regional_endpoints: bool = True) -> Plan:
    registry = Registry("contoso", ("eastus", "westus"), regional_endpoints)
    subnet = Subnet(IPNetwork("10.0.1.0/28"))
    return plan(PlanRequest(registry, subnet, deployment(dns, allocation)))


def zone_grouped(dns: DnsMode, allocation: AddressMode) -> bool:
    return dns is DnsMode.ZONE_GROUP or (dns is DnsMode.NEW_ZONE and allocation is DYNAMIC)


def writes_records(dns: DnsMode, allocation: AddressMode) -> bool:
    return allocation is STATIC and dns in (DnsMode.NEW_ZONE, DnsMode.EXISTING_ZONE)


# Terraform


@pytest.mark.parametrize(("dns", "allocation"), MODES, ids=MODE_IDS)
def test_the_terraform_file_runs_on_its_own(
    dns: DnsMode, allocation: AddressMode, tmp_path: Path
) -> None:
    """A root module: the Terraform and azurerm versions it needs and the provider's block
    (`features {}`, which azurerm requires); `terraform fmt` leaves it as it is."""
    text = terraform(one(planned(dns, allocation)))
    parsed = pygohcl.loads(text)
    settings = parsed["terraform"]
    assert settings["required_version"] == ">= 1.5"
    assert settings["required_providers"]["azurerm"] == {
        "source": "hashicorp/azurerm",
        "version": "~> 4.0",
    }
    assert parsed["provider"]["azurerm"] == {"features": {}}
    assert "\n  features {}\n" in text  # a block, as azurerm takes it (pygohcl reads `= {}` alike)
    binary = shutil.which("terraform")
    if binary is None:  # pygohcl's parse above stands; fmt runs where Terraform is installed
        return
    (tmp_path / "main.tf").write_text(text)
    checked = subprocess.run(
        [binary, "fmt", "-check", "-diff", str(tmp_path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    ("cloud", "region", "environment"),
    [(Cloud.USGOV, "usgovvirginia", "usgovernment"), (Cloud.CHINA, "chinanorth3", "china")],
)
def test_the_terraform_provider_is_in_the_registrys_cloud(
    cloud: Cloud, region: str, environment: str
) -> None:
    registry = Registry("contoso", (region,), False, cloud)
    text = terraform(one(plan(PlanRequest(registry, Subnet(IPNetwork("10.0.1.0/28"))))))
    assert pygohcl.loads(text)["provider"]["azurerm"] == {
        "features": {},
        "environment": environment,
    }


@pytest.mark.parametrize(("dns", "allocation"), MODES, ids=MODE_IDS)
def test_it_writes_terraform_with_the_blocks_of_each_mode(
    dns: DnsMode, allocation: AddressMode
) -> None:
    result = planned(dns, allocation)
    text = terraform(one(result))
    assert_aligned_as_terraform_fmt(text)
    resources = pygohcl.loads(text)["resource"]
    endpoint = resources["azurerm_private_endpoint"]["registry"]

    configurations = endpoint.get("ip_configuration", [])
    if allocation is STATIC:
        assert [(c["member_name"], c["private_ip_address"]) for c in configurations] == [
            (a.member_name, a.ip) for a in result.allocations
        ]
    else:
        assert "ip_configuration" not in endpoint
    group = endpoint.get("private_dns_zone_group")
    if dns is DnsMode.ZONE_GROUP:
        assert group == {"name": "default", "private_dns_zone_ids": [ZONE_ID]}
    elif zone_grouped(dns, allocation):
        assert group == {
            "name": "default",
            "private_dns_zone_ids": ["azurerm_private_dns_zone.registry.id"],
        }
    else:
        assert group is None

    created = dns is DnsMode.NEW_ZONE
    assert ("azurerm_private_dns_zone" in resources) is created
    assert ("azurerm_private_dns_zone_virtual_network_link" in resources) is created
    records = resources.get("azurerm_private_dns_a_record", {})
    if writes_records(dns, allocation):
        assert sorted((r["name"], r["records"][0], r["ttl"]) for r in records.values()) == sorted(
            (a.record, a.ip, 10) for a in result.allocations
        )
    else:
        assert not records
    if dns is DnsMode.EXISTING_ZONE:  # the zone's own resource group, from its id
        assert {(r["zone_name"], r["resource_group_name"]) for r in records.values()} == {
            ("privatelink.azurecr.io", "rg-dns")
        }


@pytest.mark.parametrize(("dns", "allocation"), MODES, ids=MODE_IDS)
def test_it_heads_each_infrastructure_file_with_what_the_mode_does(
    dns: DnsMode, allocation: AddressMode
) -> None:
    for text in (
        terraform(one(planned(dns, allocation))),
        azure_cli(one(planned(dns, allocation))),
    ):
        words = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
        caution = STATIC_IP_WARNING if allocation is STATIC else DYNAMIC_ADDRESSES_NOTE
        assert caution in words
        assert "az acr update --name contoso --regional-endpoints enabled" in words
        if dns.needs_zone_id:
            assert ZONE_ID in words  # whole: a resource id is never broken across lines


def test_it_says_nothing_of_regional_endpoints_in_a_plan_without_them() -> None:
    assert "regional-endpoints" not in terraform(one(planned(DnsMode.NEW_ZONE, STATIC, False)))


# Bicep


def bicep_resources(text: str) -> dict[str, tuple[str, str]]:
    """symbol -> (type, condition or 'existing')."""
    found = re.findall(r"^resource (\w+) '([^']+)' (existing =|=(?: if \((.*)\))?) \{$", text, re.M)
    return {
        symbol: (kind, "existing" if how == "existing =" else condition)
        for symbol, kind, how, condition in found
    }


@pytest.mark.parametrize(("dns", "allocation"), MODES, ids=MODE_IDS)
def test_it_writes_bicep_with_the_resources_of_each_mode(
    dns: DnsMode, allocation: AddressMode
) -> None:
    result = planned(dns, allocation)
    text = bicep(one(result))
    assert text.count("{") == text.count("}")
    assert text.count("[") == text.count("]")
    resources = bicep_resources(text)
    kinds = {kind.split("@")[0] for kind, _ in resources.values()}
    assert "Microsoft.Network/privateEndpoints" in kinds
    assert ("ipConfigurations" in text) is (allocation is STATIC)
    assert ("Microsoft.Network/privateEndpoints/privateDnsZoneGroups" in kinds) is zone_grouped(
        dns, allocation
    )
    if dns is DnsMode.ZONE_GROUP:
        assert f"privateDnsZoneId: '{ZONE_ID}'" in text
    if dns is DnsMode.NEW_ZONE and allocation is DYNAMIC:
        assert "privateDnsZoneId: privateZone.id" in text
    created = {
        "Microsoft.Network/privateDnsZones",
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    }
    assert (created <= kinds) is (dns is DnsMode.NEW_ZONE)
    records = [s for s, (kind, _) in resources.items() if "privateDnsZones/A@" in kind]
    assert len(records) == (len(result.allocations) if writes_records(dns, allocation) else 0)
    if dns is DnsMode.EXISTING_ZONE:  # deployed again, into the zone's resource group
        assert resources["privateZone"] == (
            "Microsoft.Network/privateDnsZones@2020-06-01",
            "existing",
        )
        assert resources["privateEndpoint"][1] == "part == 'endpoint'"
        assert {resources[s][1] for s in records} == {"part == 'records'"}
        assert f"--subscription {SUBSCRIPTION} --resource-group=rg-dns" in text


# az CLI

# Each command the scripts run, with the options it takes (`az ... --help`; the dns-zone-group
# ones from the az network private-endpoint dns-zone-group reference). None: a flag-free option
# that takes one value; "many": --ip-config, which takes key=value words.
AZ_COMMANDS: dict[tuple[str, ...], dict[str, Any]] = {
    ("network", "private-endpoint", "create"): {
        "required": {"--name", "--resource-group", "--subnet", "--private-connection-resource-id",
                     "--group-id", "--connection-name"},
        "optional": {"--location", "--ip-config", "--output"},
    },
    ("network", "private-endpoint", "dns-zone-group", "create"): {
        "required": {"--resource-group", "--endpoint-name", "--name", "--private-dns-zone",
                     "--zone-name"},
        "optional": {"--output"},
    },
    ("network", "private-dns", "zone", "create"): {
        "required": {"--resource-group", "--name"}, "optional": {"--output", "--query"},
    },
    ("network", "private-dns", "zone", "show"): {
        "required": {"--resource-group", "--name"}, "optional": {"--output", "--query"},
    },
    ("network", "private-dns", "link", "vnet", "create"): {
        "required": {"--resource-group", "--zone-name", "--name", "--registration-enabled",
                     "--virtual-network"},
        "optional": {"--output"},
    },
    ("network", "private-dns", "record-set", "a", "create"): {
        "required": {"--resource-group", "--zone-name", "--name", "--ttl"},
        "optional": {"--output", "--subscription"},
    },
    ("network", "private-dns", "record-set", "a", "add-record"): {
        "required": {"--resource-group", "--zone-name", "--record-set-name", "--ipv4-address"},
        "optional": {"--output", "--subscription"},
    },
}  # fmt: skip
IP_CONFIG = re.compile(
    r"name=(\w+) group-id=registry member-name=\1 private-ip-address=\d+\.\d+\.\d+\.\d+"
)


def recording_az(tmp_path: Path) -> Path:
    """An `az` on PATH that records each call, one argument a line and a blank line after; it
    answers `--query id` with a made-up resource id, as az would print one, and finds nothing
    else: a show of what the script is about to create answers "not there" (exit status 3)."""
    log = tmp_path / "az.log"
    script = tmp_path / "bin" / "az"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" >> {log}\n'
        f"echo >> {log}\n"
        'case " $* " in *" --query id "*) echo /subscriptions/made-up/zone; exit 0;; esac\n'
        'case " $* " in *" show "*) exit 3;; esac\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return log


def run(text: str, tmp_path: Path, environment: dict[str, str]) -> list[list[str]]:
    """The script run with `environment` against a recording az: each call's arguments."""
    log = recording_az(tmp_path)
    path = tmp_path / "script.sh"
    path.write_text(text)
    environment = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", **environment}
    subprocess.run(["bash", str(path)], env=environment, check=True)
    calls = log.read_text().split("\n\n")
    # the guards' shows (what is there already) are left out: the real parser checks them
    return [call.split("\n") for call in calls if call and "show" not in call.split("\n")[:5]]


def options_of(call: list[str]) -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """A call's command words and each option's values; every call must be well formed: a
    known command, its required options, no unknown or repeated one (but --ip-config), each
    with one non-empty value (--ip-config: its key=value words)."""
    command = tuple(word for word in call[: call.index(next(a for a in call if a[:2] == "--"))])
    assert command in AZ_COMMANDS, call
    options: dict[str, list[str]] = {}
    name = ""
    for word in call[len(command) :]:
        if word.startswith("--"):
            name, equals, value = word.partition("=")  # az's parser takes --name=value
            if equals:
                options.setdefault(name, []).append(value)
                continue
            assert name == "--ip-config" or name not in options, (name, call)
            options.setdefault(name, [])
        else:
            assert name, call
            options[name].append(word)
    known = AZ_COMMANDS[command]
    assert known["required"] <= set(options), (known["required"] - set(options), call)
    assert set(options) <= known["required"] | known["optional"], call
    for name, values in options.items():
        assert values, (name, call)
        assert all(value and "$" not in value for value in values), (name, call)
        if name == "--ip-config":
            configs = [" ".join(values[at : at + 4]) for at in range(0, len(values), 4)]
            assert all(IP_CONFIG.fullmatch(config) for config in configs), call
        else:
            assert len(values) == 1, (name, call)
    return command, options


ENVIRONMENT = {
    "RESOURCE_GROUP": "rg-network",
    "SUBNET_ID": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/"
    "virtualNetworks/spoke/subnets/endpoints",
    "REGISTRY_ID": "/subscriptions/x/resourceGroups/rg/providers/"
    "Microsoft.ContainerRegistry/registries/contoso",
}


@pytest.mark.parametrize(("dns", "allocation"), MODES, ids=MODE_IDS)
def test_it_runs_the_azcli_script_of_each_mode_with_well_formed_calls(
    dns: DnsMode, allocation: AddressMode, tmp_path: Path
) -> None:
    result = planned(dns, allocation)
    calls = [options_of(call) for call in run(azure_cli(one(result)), tmp_path, ENVIRONMENT)]
    commands = [" ".join(command) for command, _ in calls]
    create = calls[0][1]
    assert commands[0] == "network private-endpoint create"
    configurations = create.get("--ip-config", [])
    if allocation is STATIC:
        assert len([word for word in configurations if word.startswith("name=")]) == len(
            result.allocations
        )
    else:
        assert not configurations
    created = dns is DnsMode.NEW_ZONE
    assert ("network private-dns zone create" in commands) is created
    assert ("network private-dns link vnet create" in commands) is created
    groups = [options for command, options in calls if "dns-zone-group" in command]
    if zone_grouped(dns, allocation):
        expected = ZONE_ID if dns is DnsMode.ZONE_GROUP else "privatelink.azurecr.io"
        assert [group["--private-dns-zone"] for group in groups] == [[expected]]
        assert groups[0]["--endpoint-name"] == ["contoso-private-endpoint"]
        assert groups[0]["--zone-name"] == ["privatelink-azurecr-io"]
    else:
        assert not groups
    added = [options for command, options in calls if command[-1] == "add-record"]
    if writes_records(dns, allocation):
        assert [(a["--record-set-name"][0], a["--ipv4-address"][0]) for a in added] == [
            (r.name, r.value) for r in result.records
        ]
    else:
        assert not added
    if dns is DnsMode.EXISTING_ZONE:
        assert {(a["--subscription"][0], a["--resource-group"][0]) for a in added} == {
            (SUBSCRIPTION, "rg-dns")
        }


# Zone, hosts, CSV, firewall and forwarders


@pytest.mark.parametrize("dns", list(DnsMode))
def test_it_writes_a_zone_bind_accepts_for_every_dns_mode_with_static_addresses(
    dns: DnsMode, tmp_path: Path
) -> None:
    result = planned(dns, STATIC)
    assert_valid_zone(zone_file(one(result)), result.zone, tmp_path)
    assert hosts_file(one(result)).count("azurecr.io") >= len(result.allocations)


@pytest.mark.parametrize("dns", [DnsMode.NEW_ZONE, DnsMode.ZONE_GROUP, DnsMode.NONE])
def test_it_refuses_the_zone_and_hosts_files_of_addresses_azure_assigns(dns: DnsMode) -> None:
    result = planned(dns, DYNAMIC)
    for export in (zone_file, hosts_file, verify_bash, verify_powershell):
        with pytest.raises(AddressesUnknown, match="zone group"):
            export(one(result))
    offered = plan_exports().items()
    assert [name for name, export in offered if not export.offered(one(result))] == [
        "zone",
        "hosts",
        "forwarders",  # no resolver_ip
        "netbox",
        "verify",
        "verify-ps",
    ]


def test_it_lists_every_member_with_addresses_azure_assigns() -> None:
    result = planned(DnsMode.ZONE_GROUP, DYNAMIC)
    assert len(result.allocations) == len(result.records) == 5
    assert {a.ip for a in result.allocations} == {r.value for r in result.records} == {None}
    assert {r.ttl for r in result.records} == {10}
    rows = allocations_csv(one(result)).splitlines()[1:]
    assert len(rows) == 5
    assert all(row.endswith(",") for row in rows)  # the ip column empty
    assert result.fits
    static = planned(DnsMode.ZONE_GROUP, STATIC)
    assert result.sizing.headroom_replicas == static.sizing.headroom_replicas


def test_it_ends_the_firewall_list_with_a_no_proxy_line_of_every_name() -> None:
    result = planned(DnsMode.NEW_ZONE, STATIC)
    lines = firewall_allowlist(one(result)).splitlines()
    assert lines[-1] == "# NO_PROXY=" + ",".join(a.fqdn for a in result.allocations)
    assert [line for line in lines if not line.startswith("#")] == [
        f"{a.fqdn}:443" for a in result.allocations
    ]


@pytest.mark.parametrize("cloud", list(Cloud))
def test_it_forwards_the_public_zone_in_a_configuration_bind_accepts(
    cloud: Cloud, tmp_path: Path
) -> None:
    text = forwarders_text("contoso", cloud, "10.0.0.4")
    public = {"public": "azurecr.io", "usgov": "azurecr.us", "china": "azurecr.cn"}[cloud]
    assert f'zone "{public}" {{' in text
    assert f'Add-DnsServerConditionalForwarderZone -Name "{public}" -MasterServers 10.0.0.4' in text
    assert f'    name: "{public}."\n    forward-addr: 10.0.0.4' in text
    assert f"server=/{public}/10.0.0.4" in text
    config = text[text.index('zone "') : text.index("\n};") + 3]
    assert "privatelink" not in config
    checker = shutil.which("named-checkconf")
    assert checker, "named-checkconf is missing: `make test` installs bind9-utils"
    path = tmp_path / "named.conf"
    path.write_text(config + "\n")
    checked = subprocess.run([checker, str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"and not privatelink.{public}" in " ".join(text.split())  # and says why


def test_it_needs_the_resolver_for_the_forwarders() -> None:
    with pytest.raises(ResolverMissing, match="resolver_ip"):
        forwarders_text("contoso", Cloud.PUBLIC, "")


# The estate


def estate_of(*endpoints: tuple[str, str, str, Deployment]) -> Estate:
    registry = Registry("contoso", ("eastus", "westus"), False)
    requests = tuple(
        EndpointRequest(name, Subnet(IPNetwork(cidr)), scope, each)
        for name, cidr, scope, each in endpoints
    )
    return estate(EstateRequest(registry, requests, deployment=Deployment(resolver_ip="10.0.0.4")))


def mixed() -> Estate:
    """One endpoint per mode, each in a zone scope of its own, two new zones among them."""
    return estate_of(
        *(
            (f"pe-{index}", f"10.0.{index}.0/28", f"scope{index}", deployment(dns, allocation))
            for index, (dns, allocation) in enumerate(MODES)
        )
    )


def test_it_writes_the_estates_terraform_for_every_mode_at_once() -> None:
    result = mixed()
    text = terraform(result)
    assert_aligned_as_terraform_fmt(text)
    resources = pygohcl.loads(text)["resource"]
    endpoints = resources["azurerm_private_endpoint"]
    for index, (dns, allocation) in enumerate(MODES):
        endpoint = endpoints[f"pe_{index}"]
        assert ("ip_configuration" in endpoint) is (allocation is STATIC), index
        group = endpoint.get("private_dns_zone_group")
        assert (group is not None) is zone_grouped(dns, allocation), index
    assert endpoints["pe_1"]["private_dns_zone_group"]["private_dns_zone_ids"] == [
        "azurerm_private_dns_zone.scope1.id"
    ]
    assert endpoints["pe_3"]["private_dns_zone_group"]["private_dns_zone_ids"] == [ZONE_ID]
    assert set(resources["azurerm_private_dns_zone"]) == {"scope0", "scope1"}
    records = resources["azurerm_private_dns_a_record"].values()
    assert {(r["resource_group_name"], r["zone_name"]) for r in records} == {
        ('var.zone_resource_group_names["scope0"]', "azurerm_private_dns_zone.scope0.name"),
        ("rg-dns", "privatelink.azurecr.io"),
    }


def test_it_writes_the_estates_bicep_for_every_mode_at_once() -> None:
    text = bicep(mixed())
    assert text.count("{") == text.count("}")
    resources = bicep_resources(text)
    groups = {s for s, (kind, _) in resources.items() if "privateDnsZoneGroups" in kind}
    assert groups == {"zoneGroup_pe_1", "zoneGroup_pe_3", "zoneGroup_pe_4"}
    assert "resourceId(zoneResourceGroups['scope1'], 'Microsoft.Network/privateDnsZones'" in text
    assert resources["zone_scope2"][1] == "existing"
    assert "@allowed([\n  ''\n  'scope0'\n  'scope1'\n  'scope2'\n])" in text
    assert f"--subscription {SUBSCRIPTION} --resource-group=rg-dns" in text
    assert text.count("ipConfigurations") == 4  # the static endpoints


def test_it_runs_the_estates_azcli_script_for_every_mode_with_well_formed_calls(
    tmp_path: Path,
) -> None:
    result = mixed()
    environment = {"RESOURCE_GROUP": "rg-network", "REGISTRY_ID": ENVIRONMENT["REGISTRY_ID"]}
    for index in range(len(MODES)):
        environment[f"SUBNET_ID_PE_{index}"] = ENVIRONMENT["SUBNET_ID"] + str(index)
        environment[f"LOCATION_PE_{index}"] = "eastus"
    for scope in ("SCOPE0", "SCOPE1"):
        environment[f"ZONE_RESOURCE_GROUP_{scope}"] = f"rg-{scope.lower()}"
    calls = [options_of(call) for call in run(azure_cli(result), tmp_path, environment)]
    groups = {
        options["--endpoint-name"][0]: options["--private-dns-zone"][0]
        for command, options in calls
        if "dns-zone-group" in command
    }
    assert groups == {
        "pe-1": "/subscriptions/made-up/zone",  # the new zone's id, from another resource group
        "pe-3": ZONE_ID,
        "pe-4": ZONE_ID,
    }
    creates = [options for command, options in calls if command[-1] == "create"]
    assert sum("--ip-config" in options for options in creates) == 4


def test_it_bundles_only_the_files_the_modes_allow() -> None:
    names = set(bundle_files(mixed()))
    assert "contoso-forwarders.txt" in names
    assert {name for name in names if name.startswith("hosts/")} == {
        f"hosts/pe-{index}-hosts.txt" for index, (_, allocation) in enumerate(MODES)
        if allocation is STATIC
    }  # fmt: skip
    assert "forwarders" in EXPORTS
