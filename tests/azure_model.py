"""An executable model of Azure's control plane, for every az command the planner prints in a
runbook or a fix: the registry and its replicas, private endpoints (their IP configurations,
connections and DNS zone groups), private DNS zones' A record sets and the subnets' addresses.

A printed script runs as a user runs it, `bash change.sh` under `set -euo pipefail`, with `az`
a bash function that hands each call to this model (over two named pipes) and prints its
answer: `Model.run_script`. Each rule names its source:

- replication create of the home region fails: "Replication could not be created in the same
  location as the registry." (azure-cli, command_modules/acr/replication.py). Of a replica that
  exists: refused here (the planner must never re-run a replica's creation inside an outage).
- a new replica needs its members on every endpoint: a static-IP endpoint without them makes it
  fail, "Private Endpoint needs to be reconfigured with missing memberNames" (ACR
  geo-replication page, "Geo-replica creation fails"); every endpoint's subnet needs the new
  addresses, or it fails and rolls back (the same page); a dynamic endpoint gets the new
  member's address from Azure ("provisions the new member's IP automatically"), and its DNS
  zone group writes the record.
- private-endpoint create without --location lands in its resource group's region (azure-cli
  aaz private_endpoint/_create.py: AAZResourceLocationArgFormat(resource_group_arg=...)); it
  must be in its virtual network's region ("The private endpoint must be deployed in the same
  region and subscription as the virtual network", private-endpoint-overview); static IP
  configurations must list every required member
  (PrivateEndpointIpConfigurationMissingMemberNamesRequiredByFps); a dynamic endpoint's
  addresses are Azure's pick: the highest free here, never the planner's lowest; a manual
  request waits for approval without addresses (azure-cli's recorded pending endpoint).
- deleting an endpoint deletes the records its zone groups wrote (metadata.creator; Microsoft's
  zone group page); deleting what is gone is no error (ARM DELETE).
- record-set a create fails on an existing set (az sends If-None-Match: *, privatedns
  custom.py); add-record creates a missing set with TTL 3600 (custom.py
  _privatedns_add_save_record); remove-record fails on a missing set or address ("Record ...
  not found.") and deletes an emptied set unless --keep-empty-record-set (custom.py
  _privatedns_remove_record); show of a missing resource fails (ResourceNotFound).
- not documented, and modelled as the planner assumes (M): removing a replica takes its members
  from dynamic endpoints (and their zone groups' records), leaves a static endpoint's IP
  configurations; enabling regional endpoints gives dynamic endpoints their regional members and
  leaves static ones as they are.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shlex
import subprocess
import threading
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Any

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
CREATED_BY = "created by private endpoint {name} with resource guid {guid}"


class AzError(Exception):
    """What az prints on stderr when Azure (or az) refuses a call; exit status 1."""

    status = 1


class NotFound(AzError):
    """A resource that is not there: az exits with status 3 (azure-cli, azure/cli/core/util.py:
    ResourceNotFoundError)."""

    status = 3


@dataclass
class Endpoint:
    name: str
    resource_group: str
    location: str
    subnet: str  # the subnet's resource id, lower case
    static: bool
    members: dict[str, str]  # member name -> address (empty while a connection is pending)
    manual: bool = False
    approved: bool = True
    nic_name: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    request_message: str = ""
    groups: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name -> configs
    guid: str = ""
    wanted: dict[str, str] = field(default_factory=dict)  # a pending static one's IP configs

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass
class RecordSet:
    addresses: list[str]
    ttl: int
    creator: str = ""  # the endpoint whose zone group wrote it


@dataclass
class Zone:
    zone_id: str
    name: str
    records: dict[str, RecordSet] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # link name -> virtual network id

    @property
    def resource_group(self) -> str:
        return self.zone_id.split("/")[4]


@dataclass
class SubnetState:
    subnet_id_as_printed: str
    cidr: str
    location: str
    others: set[str] = field(default_factory=set)  # addresses other resources hold

    @property
    def subnet_id(self) -> str:
        return self.subnet_id_as_printed.lower()


@dataclass
class Call:
    argv: list[str]
    status: int
    up: dict[str, bool]  # each endpoint of the start: whether its clients reach it privately


@dataclass
class Model:
    registry: str
    home: str
    replicas: list[str]  # the home region first
    regional: bool
    suffix: str = "azurecr.io"
    zone_name: str = "privatelink.azurecr.io"
    registry_group: str = "rg-registry"
    group_locations: dict[str, str] = field(default_factory=dict)
    subnets: dict[str, SubnetState] = field(default_factory=dict)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)  # by lower-case id
    resolves_in: dict[str, str] = field(default_factory=dict)  # endpoint key -> zone id (lower)
    calls: list[Call] = field(default_factory=list)
    counter: int = 0
    unknown: list[str] = field(default_factory=list)  # calls the model could not answer
    fail_at: int = -1  # the call (counted from 0) that fails once, as a transient error would

    # --- members, names and addresses --------------------------------------------------------

    @property
    def registry_id(self) -> str:
        return (
            f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{self.registry_group}/providers/"
            f"Microsoft.ContainerRegistry/registries/{self.registry}"
        )

    def member_names(
        self, regions: list[str] | None = None, regional: bool | None = None
    ) -> list[str]:
        regions = self.replicas if regions is None else regions
        regional = self.regional if regional is None else regional
        names = ["registry", *(f"registry_data_{r}" for r in regions)]
        return names + ([f"registry_{r}" for r in regions] if regional else [])

    def fqdn(self, member: str) -> str:
        return f"{self.record_name(member)}.{self.suffix}"

    def record_name(self, member: str) -> str:
        if member == "registry":
            return self.registry
        if member.startswith("registry_data_"):
            return f"{self.registry}.{member.removeprefix('registry_data_')}.data"
        return f"{self.registry}.{member.removeprefix('registry_')}.geo"

    def taken(self, subnet: SubnetState) -> set[str]:
        held = {
            address
            for endpoint in self.endpoints.values()
            if endpoint.subnet == subnet.subnet_id
            for address in (*endpoint.members.values(), *endpoint.wanted.values())
        }
        return held | subnet.others

    def free(self, subnet: SubnetState) -> list[str]:
        network = IPv4Network(subnet.cidr)
        hosts = list(network)[4:-1]
        taken = self.taken(subnet)
        return [str(a) for a in hosts if str(a) not in taken]

    def pick(self, subnet: SubnetState, count: int) -> list[str]:
        """Azure's pick for a dynamic endpoint: the highest free addresses (not the lowest,
        which the planner would name)."""
        free = self.free(subnet)
        if len(free) < count:
            raise AzError(f"Subnet {subnet.subnet_id} has {len(free)} free addresses for {count}.")
        return free[::-1][:count]

    def guid(self) -> str:
        self.counter += 1
        return f"00000000-0000-0000-0000-{self.counter:012d}"

    # --- the DNS a client sees -------------------------------------------------------------

    def zone_of(self, endpoint: str) -> Zone:
        """The zone the endpoint's clients ask: as the scenario says, else the registry's
        private zone linked to its virtual network."""
        key = endpoint.lower()
        if key in self.resolves_in:
            return self.zones[self.resolves_in[key]]
        network = self.endpoints[key].subnet.partition("/subnets/")[0]
        linked = [
            zone
            for zone in self.zones.values()
            if zone.name == self.zone_name and network in (v.lower() for v in zone.links.values())
        ]
        assert len(linked) == 1, f"{endpoint}'s network is linked to {len(linked)} zones"
        return linked[0]

    def resolves(self, endpoint: str, name: str) -> list[str]:
        record = self.zone_of(endpoint).records.get(name)
        return list(record.addresses) if record else []

    def up(self, key: str) -> bool:
        """Whether the endpoint's clients reach the registry privately: it exists, approved,
        and its login server's name resolves to its address."""
        endpoint = self.endpoints.get(key)
        if endpoint is None or not endpoint.approved or "registry" not in endpoint.members:
            return False
        return self.resolves(key, self.registry) == [endpoint.members["registry"]]

    def write_group_records(self, endpoint: Endpoint) -> None:
        """A zone group writes a record per member in each of its zones (once approved)."""
        if not endpoint.approved:
            return
        for configs in endpoint.groups.values():
            for _, zone_id in configs:
                zone = self.zones.get(zone_id.lower())
                if zone is None:
                    raise AzError(f"Private DNS zone {zone_id} not found.")
                for member, address in endpoint.members.items():
                    creator = CREATED_BY.format(name=endpoint.name, guid=endpoint.guid)
                    zone.records[self.record_name(member)] = RecordSet([address], 10, creator)

    def drop_group_records(self, endpoint: Endpoint, members: list[str] | None = None) -> None:
        names = None if members is None else {self.record_name(m) for m in members}
        for zone in self.zones.values():
            for name, record in list(zone.records.items()):
                written = record.creator.startswith(f"created by private endpoint {endpoint.name} ")
                if written and (names is None or name in names):
                    del zone.records[name]

    # --- az ------------------------------------------------------------------------------

    def az(self, argv: list[str]) -> tuple[int, str, str]:
        """One az call: its exit status, stdout and stderr."""
        try:
            if len(self.calls) == self.fail_at:
                self.fail_at = -1
                raise AzError("(InternalServerError) A transient failure: try again.")
            out = self.dispatch(argv)
            status, err = 0, ""
        except AzError as refused:
            status, out, err = refused.status, "", f"ERROR: {refused}\n"
        self.calls.append(Call(argv, status, {key: self.up(key) for key in self.resolves_in}))
        return status, out, err

    def dispatch(self, argv: list[str]) -> str:
        words, options = parsed(argv)
        command = " ".join(words)
        handler = COMMANDS.get(command)
        if handler is None:
            raise AssertionError(f"the model knows no az {command}: {shlex.join(argv)}")
        answer = handler(self, options)
        if "--query" in options:
            answer = query(answer, options["--query"][0])
        if answer is None or options.get("--output", ["json"])[0] == "none":
            return ""
        if options.get("--output", ["json"])[0] == "tsv":
            return tsv(answer)
        return json.dumps(answer) + "\n"

    # The commands: each takes the call's options and returns what az prints (as JSON data).

    def acr_show(self, options: Options) -> Any:
        self.check_registry(one(options, "--name"))
        return self.registry_json()

    def registry_json(self) -> dict[str, Any]:
        host = f"{self.registry}.{self.suffix}"
        return {
            "name": self.registry,
            "id": self.registry_id,
            "location": self.home,
            "loginServer": host,
            "regionalEndpoints": "Enabled" if self.regional else "Disabled",
            "dataEndpointHostNames": [
                f"{self.registry}.{r}.data.{self.suffix}" for r in self.replicas
            ],
            "privateEndpointConnections": [],
        }

    def check_registry(self, name: str) -> None:
        if name != self.registry:
            raise NotFound(f"The resource with name '{name}' could not be found.")

    def replication_list(self, options: Options) -> Any:
        self.check_registry(one(options, "--registry"))
        replicas = self.replicas if len(self.replicas) > 1 else []
        return [{"name": r, "location": r, "provisioningState": "Succeeded"} for r in replicas]

    def replication_show(self, options: Options) -> Any:
        self.check_registry(one(options, "--registry"))
        name = one(options, "--name")
        if name not in self.replicas or (name == self.home and len(self.replicas) == 1):
            raise NotFound(f"(ResourceNotFound) Replication {name} not found.")
        return {"name": name, "location": name}

    def replication_create(self, options: Options) -> Any:
        self.check_registry(one(options, "--registry"))
        region = one(options, "--location")
        if region == self.home:
            raise AzError("Replication could not be created in the same location as the registry.")
        if region in self.replicas:
            raise AzError(f"the replica {region} exists: the model refuses creating it again")
        self.grow([*self.replicas, region], self.regional)
        return {"name": region, "location": region}

    def grow(self, regions: list[str], regional: bool) -> None:
        """The registry with more members. A new replica needs them on every static endpoint
        and room in every subnet, or it fails and rolls back; dynamic endpoints get them at
        Azure's pick, and their zone groups write them."""
        wanted = self.member_names(regions, regional)
        new = [m for m in wanted if m not in self.member_names()]
        if regions != self.replicas:
            for endpoint in self.endpoints.values():
                held = endpoint.members or endpoint.wanted
                lacking = [m for m in wanted if m not in held]
                if endpoint.static and lacking:
                    raise AzError(
                        "Private Endpoint needs to be reconfigured with missing memberNames: "
                        + ", ".join(lacking)
                    )
        before = copy.deepcopy(self.endpoints)
        try:
            for endpoint in self.endpoints.values():
                if not endpoint.static and endpoint.approved:
                    more = [m for m in new if m not in endpoint.members]
                    picked = self.pick(self.subnets[endpoint.subnet], len(more))
                    endpoint.members.update(zip(more, picked, strict=True))
        except AzError:
            self.endpoints = before  # rolled back
            raise
        self.replicas, self.regional = regions, regional
        for endpoint in self.endpoints.values():
            self.write_group_records(endpoint)

    def replication_delete(self, options: Options) -> Any:
        self.check_registry(one(options, "--registry"))
        region = one(options, "--name")
        if region not in self.replicas or region == self.home:
            raise NotFound(f"(ResourceNotFound) Replication {region} not found.")
        gone = [f"registry_data_{region}", f"registry_{region}"]
        for endpoint in self.endpoints.values():
            if not endpoint.static:
                self.drop_group_records(endpoint, [m for m in gone if m in endpoint.members])
                for member in gone:
                    endpoint.members.pop(member, None)
        self.replicas = [r for r in self.replicas if r != region]
        return None

    def acr_update(self, options: Options) -> Any:
        self.check_registry(one(options, "--name"))
        if options.get("--regional-endpoints") == ["enabled"] and not self.regional:
            self.grow(list(self.replicas), True)
        return self.registry_json()

    def connection_list(self, options: Options) -> Any:
        self.check_registry(one(options, "--registry-name"))
        return [
            {"name": f"{e.name}.connection", "status": "Approved" if e.approved else "Pending"}
            for e in self.endpoints.values()
        ]

    def connection_approve(self, options: Options) -> Any:
        self.check_registry(one(options, "--registry-name"))
        for endpoint in self.endpoints.values():  # CONNECTION_NAME names the pending one
            if not endpoint.approved:
                endpoint.approved = True
                subnet = self.subnets[endpoint.subnet]
                if endpoint.static:
                    endpoint.members = dict(endpoint.wanted)
                else:
                    names = self.member_names()
                    endpoint.members = dict(zip(names, self.pick(subnet, len(names)), strict=True))
                endpoint.wanted = {}
                self.write_group_records(endpoint)
        return None

    def endpoint(self, options: Options) -> Endpoint:
        name = one(options, "--endpoint-name", "--name")
        endpoint = self.endpoints.get(name.lower())
        if endpoint is None or endpoint.resource_group != one(options, "--resource-group"):
            raise NotFound(f"(ResourceNotFound) The Resource '{name}' was not found.")
        return endpoint

    def endpoint_show(self, options: Options) -> Any:
        return self.endpoint_json(self.endpoint(options))

    def endpoint_json(self, endpoint: Endpoint) -> dict[str, Any]:
        """As az prints it (client-flattened): tests/fixtures/day_two/pe-static.json's shape."""
        connection = {
            "name": self.registry,
            "privateLinkServiceId": self.registry_id,
            "groupIds": ["registry"],
            "requestMessage": endpoint.request_message or None,
            "privateLinkServiceConnectionState": {
                "status": "Approved" if endpoint.approved else "Pending"
            },
        }
        rg = endpoint.resource_group
        return {
            "name": endpoint.name,
            "id": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/"
            f"Microsoft.Network/privateEndpoints/{endpoint.name}",
            "location": endpoint.location,
            "resourceGuid": endpoint.guid,
            "customNetworkInterfaceName": endpoint.nic_name,
            "tags": dict(endpoint.tags) or None,
            "subnet": {"id": self.subnets[endpoint.subnet].subnet_id_as_printed},
            "ipConfigurations": [
                {"groupId": "registry", "memberName": m, "name": m, "privateIPAddress": a}
                for m, a in (endpoint.members or endpoint.wanted).items()
            ]
            if endpoint.static
            else [],
            "customDnsConfigs": [
                {"fqdn": self.fqdn(m), "ipAddresses": [a]} for m, a in endpoint.members.items()
            ]
            if endpoint.approved
            else [],
            "privateLinkServiceConnections": [] if endpoint.manual else [connection],
            "manualPrivateLinkServiceConnections": [connection] if endpoint.manual else [],
        }

    def endpoint_create(self, options: Options) -> Any:
        name = one(options, "--name")
        group = one(options, "--resource-group")
        if name.lower() in self.endpoints:
            raise AzError(f"the endpoint {name} exists: the model refuses creating it again")
        subnet = self.subnets[one(options, "--subnet").lower()]
        location = options.get("--location", [self.group_locations[group]])[0]
        if location != subnet.location:
            raise AzError(
                f"The private endpoint must be deployed in the same region as the virtual "
                f"network ({subnet.location}); it is in {location}."
            )
        if one(options, "--private-connection-resource-id").lower() != self.registry_id.lower():
            raise AzError("Unknown private link resource.")
        configs = ip_configs(options.get("--ip-config", []))
        static = bool(configs)
        if static:
            wanted = {c["member-name"]: c["private-ip-address"] for c in configs}
            missing = [m for m in self.member_names() if m not in wanted]
            if missing:
                raise AzError(
                    "PrivateEndpointIpConfigurationMissingMemberNamesRequiredByFps: "
                    + ", ".join(missing)
                )
            taken = self.taken(subnet)
            network = IPv4Network(subnet.cidr)
            for address in wanted.values():
                if address in taken or IPv4Address(address) not in list(network)[4:-1]:
                    raise AzError(f"Address {address} is not available in the subnet.")
        manual = options.get("--manual-request") == ["true"]
        endpoint = Endpoint(
            name, group, location, subnet.subnet_id, static, {}, manual, not manual,
            one(options, "--nic-name", default=""),
            dict(tag.split("=", 1) for tag in options.get("--tags", [])),
            one(options, "--request-message", default=""),
            guid=self.guid(),
        )  # fmt: skip
        if manual:
            endpoint.wanted = wanted if static else {}
        else:
            names = self.member_names()
            endpoint.members = (
                wanted if static else dict(zip(names, self.pick(subnet, len(names)), strict=True))
            )
        self.endpoints[endpoint.key] = endpoint
        return None

    def endpoint_delete(self, options: Options) -> Any:
        name = one(options, "--name")
        endpoint = self.endpoints.get(name.lower())
        if endpoint is not None and endpoint.resource_group == one(options, "--resource-group"):
            self.drop_group_records(endpoint)  # its zone groups' records go with it
            del self.endpoints[endpoint.key]
        return None

    def zone_group_show(self, options: Options) -> Any:
        endpoint = self.endpoint(options)
        name = one(options, "--name")
        if name not in endpoint.groups:
            raise NotFound(f"(ResourceNotFound) Zone group {name} not found.")
        return self.zone_group_json(endpoint, name)

    def zone_group_json(self, endpoint: Endpoint, name: str) -> dict[str, Any]:
        return {
            "name": name,
            "privateDnsZoneConfigs": [
                {
                    "name": config,
                    "privateDnsZoneId": zone_id,
                    "recordSets": [
                        {"recordSetName": self.record_name(m), "recordType": "A",
                         "ipAddresses": [a], "fqdn": f"{self.record_name(m)}.{self.zone_name}"}
                        for m, a in endpoint.members.items()
                    ],
                }
                for config, zone_id in endpoint.groups[name]
            ],
        }  # fmt: skip

    def zone_group_list(self, options: Options) -> Any:
        endpoint = self.endpoint(options)
        return [self.zone_group_json(endpoint, name) for name in endpoint.groups]

    def zone_group_create(self, options: Options) -> Any:
        endpoint = self.endpoint(options)
        config = (one(options, "--zone-name"), one(options, "--private-dns-zone"))
        name = one(options, "--name")
        if options["verb"] == "add":
            if name not in endpoint.groups:
                raise NotFound(f"(ResourceNotFound) Zone group {name} not found.")
            endpoint.groups[name].append(config)
        else:
            endpoint.groups[name] = [config]
        self.write_group_records(endpoint)
        return None

    def zone(self, options: Options) -> Zone:
        name, group = one(options, "--zone-name"), one(options, "--resource-group")
        for zone in self.zones.values():
            if zone.name == name and zone.resource_group == group:
                return zone
        raise NotFound(f"(ResourceNotFound) The zone {name} was not found in {group}.")

    def zone_create(self, options: Options) -> Any:
        name, group = one(options, "--name"), one(options, "--resource-group")
        zone_id = (
            f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{group}/providers/"
            f"Microsoft.Network/privateDnsZones/{name}"
        )
        if zone_id.lower() in self.zones:  # If-None-Match: * (privatedns custom.py)
            raise AzError(f"(PreconditionFailed) The zone {name} exists in {group}.")
        if any(z.name == name and z.resource_group == group for z in self.zones.values()):
            raise AzError(f"(PreconditionFailed) The zone {name} exists in {group}.")
        self.zones[zone_id.lower()] = Zone(zone_id, name)
        return {"id": zone_id, "name": name}

    def zone_show(self, options: Options) -> Any:
        zone = self.zone({"--zone-name": options["--name"], **options})
        return {"id": zone.zone_id, "name": zone.name}

    def link_show(self, options: Options) -> Any:
        zone, name = self.zone(options), one(options, "--name")
        if name not in zone.links:
            raise NotFound(f"(ResourceNotFound) The link {name} was not found.")
        return {"name": name, "virtualNetwork": {"id": zone.links[name]}}

    def link_create(self, options: Options) -> Any:
        zone, name = self.zone(options), one(options, "--name")
        network = one(options, "--virtual-network")
        if name in zone.links:
            raise AzError(f"(PreconditionFailed) The link {name} exists.")
        for other in self.zones.values():  # "cannot be linked to multiple zones with
            if other.name == zone.name and network.lower() in (  # overlapping namespaces"
                v.lower() for v in other.links.values()
            ):
                raise AzError("A virtual network cannot be linked to multiple zones with "
                              "overlapping namespaces.")  # fmt: skip
        zone.links[name] = network
        return None

    def record(self, options: Options) -> tuple[Zone, str]:
        return self.zone(options), one(options, "--name", "--record-set-name")

    def record_json(self, zone: Zone, name: str) -> dict[str, Any]:
        record = zone.records[name]
        shown: dict[str, Any] = {
            "name": name,
            "id": f"{zone.zone_id}/A/{name}",
            "ttl": record.ttl,
            "aRecords": [{"ipv4Address": a} for a in record.addresses],
        }
        if record.creator:
            shown["metadata"] = {"creator": record.creator}
        return shown

    def record_list(self, options: Options) -> Any:
        zone = self.zone(options)
        return [self.record_json(zone, name) for name in zone.records]

    def record_show(self, options: Options) -> Any:
        zone, name = self.record(options)
        if name not in zone.records:
            raise NotFound(f"(ResourceNotFound) The record set {name} was not found.")
        return self.record_json(zone, name)

    def record_create(self, options: Options) -> Any:
        zone, name = self.record(options)
        if name in zone.records:  # If-None-Match: *
            raise AzError(f"(PreconditionFailed) The record set {name} exists.")
        zone.records[name] = RecordSet([], int(one(options, "--ttl", default="3600")))
        return None

    def record_add(self, options: Options) -> Any:
        zone, name = self.record(options)
        record = zone.records.setdefault(name, RecordSet([], 3600))
        address = one(options, "--ipv4-address")
        if address in record.addresses:
            raise AzError(f"the record set {name} holds {address} already")
        record.addresses.append(address)
        return None

    def record_remove(self, options: Options) -> Any:
        zone, name = self.record(options)
        if name not in zone.records:
            raise NotFound(f"(ResourceNotFound) The record set {name} was not found.")
        record = zone.records[name]
        address = one(options, "--ipv4-address")
        if address not in record.addresses:
            raise AzError(f"Record {{'ipv4_address': '{address}'}} not found.")
        record.addresses.remove(address)
        if not record.addresses and "--keep-empty-record-set" not in options:
            del zone.records[name]
        return None

    def record_update(self, options: Options) -> Any:
        zone, name = self.record(options)
        if name not in zone.records:
            raise NotFound(f"(ResourceNotFound) The record set {name} was not found.")
        key, _, value = one(options, "--set").partition("=")
        assert key == "ttl", key
        zone.records[name].ttl = int(value)
        return None

    def record_delete(self, options: Options) -> Any:
        zone, name = self.record(options)
        zone.records.pop(name, None)  # deleting what is gone is no error
        return None

    # --- running a script ----------------------------------------------------------------

    def run_script(
        self, script: str, tmp: Path, variables: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`bash <script>` with az answered by the model; verify scripts are not run (they
        resolve names on a client in the network)."""
        path = tmp / "script.sh"
        path.write_text(script.replace("bash verify", ": bash verify"))
        with AzPipes(tmp, self) as environment:
            return subprocess.run(
                ["bash", str(path)], cwd=tmp, env=environment | (variables or {}),
                capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip


Options = dict[str, Any]

# The words of an az command before its first option, by the handler that answers it.
COMMANDS = {
    "acr show": Model.acr_show,
    "acr replication list": Model.replication_list,
    "acr replication show": Model.replication_show,
    "acr replication create": Model.replication_create,
    "acr replication delete": Model.replication_delete,
    "acr update": Model.acr_update,
    "acr private-endpoint-connection list": Model.connection_list,
    "acr private-endpoint-connection approve": Model.connection_approve,
    "network private-endpoint show": Model.endpoint_show,
    "network private-endpoint create": Model.endpoint_create,
    "network private-endpoint delete": Model.endpoint_delete,
    "network private-endpoint dns-zone-group show": Model.zone_group_show,
    "network private-endpoint dns-zone-group list": Model.zone_group_list,
    "network private-endpoint dns-zone-group create": Model.zone_group_create,
    "network private-endpoint dns-zone-group add": Model.zone_group_create,
    "network private-dns zone create": Model.zone_create,
    "network private-dns zone show": Model.zone_show,
    "network private-dns link vnet create": Model.link_create,
    "network private-dns link vnet show": Model.link_show,
    "network private-dns record-set a list": Model.record_list,
    "network private-dns record-set a show": Model.record_show,
    "network private-dns record-set a create": Model.record_create,
    "network private-dns record-set a add-record": Model.record_add,
    "network private-dns record-set a remove-record": Model.record_remove,
    "network private-dns record-set a update": Model.record_update,
    "network private-dns record-set a delete": Model.record_delete,
}
REPEATED = frozenset({"--ip-config", "--tags"})  # options whose values are several words
FLAGS = frozenset({"--yes", "--keep-empty-record-set"})


def parsed(argv: list[str]) -> tuple[list[str], Options]:
    """The command's words and its options: `--name value` and `--name=value` alike; the
    options of several words collect them. A value starting with "-" must come as
    `--option=value` (as az reads it), or it is taken for an option."""
    words: list[str] = []
    options: Options = {}
    current = ""
    for word in argv:
        if word.startswith("--"):
            name, equals, value = word.partition("=")
            current = "" if name in FLAGS else name
            options.setdefault(name, [])
            if equals:
                options[name].append(value)
                current = name if name in REPEATED else ""
        elif word.startswith("-") and len(word) > 1 and not word[1].isdigit():
            raise AzError(f"unrecognized arguments: {word}")
        elif current:
            options[current].append(word)
            if current not in REPEATED:
                current = ""
        elif not options:
            words.append(word)
        else:
            raise AzError(f"unrecognized arguments: {word}")
    if words and words[-1] in ("create", "add") and "dns-zone-group" in words:
        options["verb"] = words[-1]
    return words, options


def one(options: Options, *names: str, default: str | None = None) -> str:
    for name in names:
        if options.get(name):
            return str(options[name][0])
    if default is not None:
        return default
    raise AzError(f"the following arguments are required: {names[0]}")


def ip_configs(words: list[str]) -> list[dict[str, str]]:
    configs: list[dict[str, str]] = []
    for word in words:
        key, _, value = word.partition("=")
        if key == "name":
            configs.append({})
        configs[-1][key] = value
    return configs


# The JMESPath queries the planner prints, and nothing else: a query the model cannot answer
# fails the test (a new query must be taught here, with what az would print).
QUERIES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"resourceGuid"), lambda data, g: data.get("resourceGuid")),
    (re.compile(r"id"), lambda data, g: data["id"]),
    (re.compile(r"ipConfigurations\[\?memberName=='([^']+)'\]\.memberName"),
     lambda data, g: [c["memberName"] for c in data["ipConfigurations"]
                      if c["memberName"] == g[0]]),
    (re.compile(r"customDnsConfigs\[\?fqdn=='([^']+)'\]\.fqdn"),
     lambda data, g: [c["fqdn"] for c in data["customDnsConfigs"] if c["fqdn"] == g[0]]),
    (re.compile(r"customDnsConfigs\[\?fqdn=='([^']+)'\]\.ipAddresses\[0\]"),
     lambda data, g: [c["ipAddresses"][0] for c in data["customDnsConfigs"] if c["fqdn"] == g[0]]),
    (re.compile(r"customDnsConfigs\[\]\.\[fqdn, ipAddresses\[0\]\]"),
     lambda data, g: [[c["fqdn"], c["ipAddresses"][0]] for c in data["customDnsConfigs"]]),
    (re.compile(r"aRecords\[\?ipv4Address=='([^']+)'\]\.ipv4Address"),
     lambda data, g: [r["ipv4Address"] for r in data["aRecords"] if r["ipv4Address"] == g[0]]),
    (re.compile(r"aRecords\[\]\.ipv4Address"),
     lambda data, g: [r["ipv4Address"] for r in data["aRecords"]]),
    (re.compile(r"privateDnsZoneConfigs\[\?name=='([^']+)'\]\.name"),
     lambda data, g: [c["name"] for c in data["privateDnsZoneConfigs"] if c["name"] == g[0]]),
]  # fmt: skip


def query(data: Any, text: str) -> Any:
    for pattern, answer in QUERIES:
        if found := pattern.fullmatch(text):
            return answer(data, found.groups())
    raise AssertionError(f"the model cannot answer the query {text!r}")


def tsv(data: Any) -> str:
    """az's --output tsv of a query's answer: one row per item, fields by tabs."""
    if data is None or data == []:
        return ""
    rows = data if isinstance(data, list) else [data]
    return "".join(
        ("\t".join(map(str, row)) if isinstance(row, list) else str(row)) + "\n" for row in rows
    )


# bash hands each az call to the model over two named pipes: the arguments (NUL-separated,
# written then closed), then the answer back (the status, a NUL, stdout, a NUL, stderr).
BASH_AZ = r"""
az() {
  printf '%s\0' "$@" > "$AZ_IN"
  local reply status
  reply=$(cat "$AZ_OUT"; printf x)
  reply=${reply%x}
  status=${reply%%$'\001'*}
  reply=${reply#*$'\001'}
  printf '%s' "${reply%%$'\002'*}"
  printf '%s' "${reply#*$'\002'}" >&2
  return "$status"
}
export -f az
"""


@dataclass
class AzPipes:
    """The named pipes and the thread that answers bash's az calls from the model."""

    folder: Path
    model: Model

    def __enter__(self) -> dict[str, str]:
        self.inbox, self.outbox = self.folder / "az.in", self.folder / "az.out"
        for path in (self.inbox, self.outbox):
            path.unlink(missing_ok=True)
            os.mkfifo(path)
        self.stop = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()
        prelude = self.folder / "az.bash"
        prelude.write_text(BASH_AZ)
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.folder),
            "AZ_IN": str(self.inbox),
            "AZ_OUT": str(self.outbox),
            "BASH_ENV": str(prelude),  # bash reads it first: az is the function above
        }

    def serve(self) -> None:
        while True:
            with open(self.inbox, "rb") as inbox:
                data = inbox.read()
            if self.stop:
                return
            argv = [part.decode() for part in data.split(b"\0")[:-1]]
            try:
                status, out, err = self.model.az(argv)
            except Exception as broken:  # the model knows no such command: the test fails
                self.model.unknown.append(f"{shlex.join(argv)}: {broken}")
                status, out, err = 99, "", f"MODEL: {broken}\n"
            with open(self.outbox, "wb") as outbox:
                outbox.write(f"{status}\1{out}\2{err}".encode())

    def __exit__(self, *exc: object) -> None:
        self.stop = True
        with open(self.inbox, "wb"):  # wake the thread so that it ends
            pass
        self.thread.join(timeout=5)
