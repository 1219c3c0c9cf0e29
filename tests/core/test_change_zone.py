"""The runbook of a static endpoint, applied to a small model of Azure: the private zone and
the endpoints. Deleting an endpoint deletes the records its DNS zone group wrote; a zone
group writes a record for each member of its endpoint once the endpoint's connection is
approved; every az command of the runbook is applied in order. After the last step, every
name of the registry resolves to its planned address, whoever wrote the records before."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field, replace

import pytest
from netaddr import IPNetwork

from planner.core import Registry, Subnet
from planner.core.change import Change, ChangeRequest, EndpointState, Records, Status, change
from planner.core.deployed import (
    DeployedEndpoint,
    DeployedZone,
    member_kind,
    read_private_endpoint,
    read_record_sets,
    read_zone_groups,
)
from planner.core.model import Kind
from tests.day_two import client_flattened, fixture

GROWN = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
SHRUNK = Registry("contoso", ("eastus",), False)


class Refused(Exception):
    """Azure (or az) refuses the command: the runbook would stop here."""


@dataclass
class Endpoint:
    members: dict[str, str]  # member name -> address
    approved: bool = True
    groups: set[str] = field(default_factory=set)


@dataclass
class Azure:
    """The zone's A records (name -> addresses, TTL, the endpoint whose group wrote them) and
    the endpoints, changed by each az command as Azure would."""

    registry: str
    records: dict[str, tuple[list[str], int, str]]
    endpoints: dict[str, Endpoint]

    def record_name(self, member: str) -> str:
        kind, region = member_kind(member) or (Kind.LOGIN_SERVER, None)
        return {
            Kind.LOGIN_SERVER: self.registry,
            Kind.DATA_ENDPOINT: f"{self.registry}.{region}.data",
            Kind.REGIONAL_ENDPOINT: f"{self.registry}.{region}.geo",
        }[kind]

    def write_group_records(self, name: str) -> None:
        endpoint = self.endpoints[name]
        if endpoint.groups and endpoint.approved:  # a pending connection has no DNS configs
            for member, ip in endpoint.members.items():
                self.records[self.record_name(member)] = ([ip], 10, name)

    def run(self, command: str) -> None:
        argv = shlex.split(command.replace("\\\n", " "))
        if not argv or argv[0] != "az":
            return  # bash verify.sh, comments
        words = [word for word in argv[1:] if not word.startswith("-")][:5]
        options = options_of(argv)
        if words[:3] == ["network", "private-endpoint", "delete"]:
            name = options["--name"][0]
            self.endpoints.pop(name)
            for record, (_, _, creator) in list(self.records.items()):
                if creator == name:  # the records its zone group wrote go with it
                    del self.records[record]
        elif words[:3] == ["network", "private-endpoint", "create"]:
            members = {
                config["member-name"]: config["private-ip-address"]
                for config in ip_configs(options.get("--ip-config", []))
            }
            manual = options.get("--manual-request") == ["true"]
            self.endpoints[options["--name"][0]] = Endpoint(members, approved=not manual)
        elif words[:3] == ["network", "private-endpoint", "dns-zone-group"]:
            name = options["--endpoint-name"][0]
            assert options["--private-dns-zone"][0], "a zone group names its zone"
            self.endpoints[name].groups.add(options["--name"][0])
            self.write_group_records(name)
        elif words[:3] == ["acr", "private-endpoint-connection", "approve"]:
            for name, endpoint in self.endpoints.items():
                if not endpoint.approved:
                    endpoint.approved = True
                    self.write_group_records(name)
        elif words[:4] == ["network", "private-dns", "record-set", "a"]:
            self.record_set(argv, options)

    def record_set(self, argv: list[str], options: dict[str, list[str]]) -> None:
        verb = argv[5]
        name = (options.get("--name") or options.get("--record-set-name") or [""])[0]
        if verb == "create":
            if name in self.records:  # az sends If-None-Match: *
                raise Refused(f"record set {name} exists")
            self.records[name] = ([], int((options.get("--ttl") or ["3600"])[0]), "")
        elif verb == "add-record":
            addresses, ttl, creator = self.records.get(name, ([], 3600, ""))
            address = options["--ipv4-address"][0]
            if address in addresses:
                raise Refused(f"{name} has {address} already")
            self.records[name] = ([*addresses, address], ttl, creator)
        elif verb == "remove-record":
            addresses, ttl, creator = self.records[name]
            addresses.remove(options["--ipv4-address"][0])
        elif verb == "update":
            addresses, _, creator = self.records[name]
            self.records[name] = (addresses, int(options["--set"][0].split("=")[1]), creator)
        elif verb == "delete":
            self.records.pop(name, None)  # deleting a record set that is not there is no error

    def resolves(self, name: str) -> list[str]:
        return self.records.get(name, ([], 0, ""))[0]


def options_of(argv: list[str]) -> dict[str, list[str]]:
    """Each option and its values (--ip-config takes several words and may be repeated)."""
    options: dict[str, list[str]] = {}
    current = ""
    for word in argv[1:]:
        if word.startswith("--"):
            current = word
            options.setdefault(current, [])
        elif current:
            options[current].append(word)
    return options


def ip_configs(words: list[str]) -> list[dict[str, str]]:
    """The --ip-config values, one dict per configuration (each starts with name=)."""
    configs: list[dict[str, str]] = []
    for word in words:
        key, _, value = word.partition("=")
        if key == "name":
            configs.append({})
        configs[-1][key] = value
    return configs


def azure_now(zone: DeployedZone, hub: DeployedEndpoint, group: bool) -> Azure:
    return Azure(
        "contoso",
        {r.name: (list(r.addresses), r.ttl, r.creator) for r in zone.records},
        {hub.name: Endpoint({m.member_name: m.ip for m in hub.members}, True,
                            {"default"} if group else set())},
    )  # fmt: skip


def applied(planned: Change, azure: Azure) -> Azure:
    for step in planned.runbook:
        for command in step.commands:
            azure.run(command)
    return azure


def assert_every_name_resolves(planned: Change, azure: Azure) -> None:
    (endpoint,) = planned.endpoints
    for member in endpoint.members:
        if member.status is Status.REMOVED:
            assert member.record not in azure.records, member.record
        else:
            assert azure.resolves(member.record) == [member.ip], member.record
    assert azure.resolves("fabrikam") == ["10.0.1.20"]  # another registry's, left alone


def hub() -> DeployedEndpoint:
    return read_private_endpoint(fixture("pe-static.json"))


def state(zone_groups: object = None) -> EndpointState:
    return EndpointState(
        hub(),
        Subnet(IPNetwork("10.0.1.0/27")),
        "hub",
        zone_groups,  # type: ignore[arg-type]
    )


def zone_by_hand() -> DeployedZone:
    zone = read_record_sets(fixture("records.json"))
    return replace(zone, records=tuple(replace(r, creator="") for r in zone.records))


@pytest.mark.parametrize("wanted", [GROWN, SHRUNK], ids=["replica added", "replica removed"])
def test_a_zone_group_known_from_the_records_creator_is_recreated(wanted: Registry) -> None:
    zone = read_record_sets(fixture("records.json"))  # metadata.creator: pe-contoso-hub
    planned = change(ChangeRequest(wanted, (state(),), zone))
    (endpoint,) = planned.endpoints
    assert endpoint.records_by is Records.ZONE_GROUP
    assert endpoint.zone_group_inferred
    assert endpoint.records_lost == ("contoso", "contoso.eastus.data", "contoso.westeurope.data")
    assert_every_name_resolves(planned, applied(planned, azure_now(zone, hub(), group=True)))


@pytest.mark.parametrize("form", ["rest", "az"])
def test_a_zone_group_given_by_its_list_is_recreated_with_its_name_and_zone(form: str) -> None:
    groups_json = fixture("zone-groups-rest.json")
    groups = read_zone_groups(groups_json if form == "rest" else client_flattened(groups_json))
    zone = read_record_sets(fixture("records.json"))
    planned = change(ChangeRequest(GROWN, (state(groups),), zone))
    recreate = next(s for s in planned.runbook if s.title.startswith("Re-create"))
    assert recreate.commands[1] == (
        "az network private-endpoint dns-zone-group create "
        # the endpoint's resource group and subscription, from its id
        "--subscription 00000000-0000-0000-0000-000000000000 --resource-group rg-network "
        "--endpoint-name pe-contoso-hub --name default "
        "--private-dns-zone /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
        "rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io "
        "--zone-name privatelink-azurecr-io --output none"
    )
    assert_every_name_resolves(planned, applied(planned, azure_now(zone, hub(), group=True)))


@pytest.mark.parametrize("group", [True, False], ids=["zone group", "records by hand"])
def test_without_a_word_on_dns_every_record_is_written_again(group: bool) -> None:
    """Neither the zone's records nor the zone groups: whoever wrote them, they resolve."""
    planned = change(ChangeRequest(GROWN, (state(),)))
    (endpoint,) = planned.endpoints
    assert endpoint.records_by is Records.UNKNOWN
    assert {c.action for c in planned.zones[0].changes} == {"rewrite"}
    zone = read_record_sets(fixture("records.json")) if group else zone_by_hand()
    assert_every_name_resolves(planned, applied(planned, azure_now(zone, hub(), group)))


def test_records_written_by_hand_outlive_the_endpoint_and_only_new_ones_are_added() -> None:
    zone = zone_by_hand()
    planned = change(ChangeRequest(GROWN, (state(),), zone))
    assert planned.endpoints[0].records_by is Records.BY_HAND
    assert [(c.action, c.name) for c in planned.zones[0].changes] == [
        ("add", "contoso.northeurope.data")
    ]
    assert_every_name_resolves(planned, applied(planned, azure_now(zone, hub(), group=False)))


def test_a_manual_connection_is_recreated_by_manual_request_and_waits_for_approval() -> None:
    manual = replace(hub(), manual=True)
    zone = read_record_sets(fixture("records.json"))
    planned = change(ChangeRequest(GROWN, (replace(state(), deployed=manual),), zone))
    recreate = next(s for s in planned.runbook if s.title.startswith("Re-create"))
    assert "--manual-request true" in recreate.commands[0]
    assert "until the registry's owner approves" in recreate.title
    assert "until the registry's owner approves the new connection" in planned.downtime
    approve = next(s for s in planned.runbook if s.title.startswith("The registry's owner"))
    assert approve.commands[1].startswith("az acr private-endpoint-connection approve ")
    azure = azure_now(zone, hub(), group=True)
    for step in planned.runbook[: planned.runbook.index(approve)]:
        for command in step.commands:
            azure.run(command)
    assert azure.resolves("contoso") == []  # pending: the outage lasts until approval
    for command in approve.commands:
        azure.run(command)
    assert_every_name_resolves(planned, azure)


def test_the_model_catches_the_old_runbook() -> None:
    """The runbook before zone groups were read (as if no record named its writer): step 4
    added the new member's record only, and the login server and existing data records were
    gone after the outage."""
    planned = change(ChangeRequest(GROWN, (state(),), zone_by_hand()))
    zone = read_record_sets(fixture("records.json"))
    azure = applied(planned, azure_now(zone, hub(), group=True))
    assert azure.resolves("contoso") == []
    with pytest.raises(AssertionError):
        assert_every_name_resolves(planned, azure)


def test_the_model_refuses_what_azure_refuses() -> None:
    azure = azure_now(zone_by_hand(), hub(), group=False)
    with pytest.raises(Refused):  # az record-set a create sends If-None-Match: *
        azure.run(
            "az network private-dns record-set a create --zone-name privatelink.azurecr.io "
            "--name contoso --ttl 10"
        )
