"""The NetBox export: every planned address as a row of NetBox's IP address import."""

from __future__ import annotations

import csv
import io

import pytest
from netaddr import IPNetwork

from planner.core import Registry, Subnet
from planner.core.estate import EndpointRequest, EstateRequest, estate
from planner.core.model import DEFAULT_DEPLOYMENT, AddressMode, Deployment, DnsMode
from planner.core.renderers.lists import NETBOX_COLUMNS, netbox_csv
from planner.core.renderers.unavailable import AddressesUnknown

REGISTRY = Registry("contoso", ("eastus", "westeurope"), regional_endpoints=True)


def estate_of(*subnets: str, deployment: Deployment = DEFAULT_DEPLOYMENT) -> EstateRequest:
    endpoints = tuple(
        EndpointRequest(f"pe-{n}", Subnet(IPNetwork(cidr)), f"pe-{n}", deployment)
        for n, cidr in enumerate(subnets)
    )
    return EstateRequest(REGISTRY, endpoints, deployment=deployment)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_planned_address_is_a_reserved_row_with_its_prefix_and_record() -> None:
    planned = estate(estate_of("10.0.1.0/27", "10.9.0.0/28"))
    text = netbox_csv(planned)
    assert text.splitlines()[0] == ",".join(NETBOX_COLUMNS)
    read = rows(text)
    allocations = [(e, a) for e in planned.endpoints for a in e.plan.allocations]
    assert len(read) == len(allocations) == 2 * 5
    for row, (endpoint, allocation) in zip(read, allocations, strict=True):
        address, _ = row["address"].split("/")
        assert address == allocation.ip
        assert IPNetwork(row["address"]).cidr == endpoint.subnet.subnet.cidr.cidr
        assert row["status"] == "reserved"
        assert row["dns_name"] == f"{allocation.record}.privatelink.azurecr.io"
        assert row["description"].startswith(f"{endpoint.name}: {allocation.kind.label}")
        assert allocation.fqdn in row["description"]


def test_it_refuses_addresses_azure_assigns() -> None:
    dynamic = Deployment(DnsMode.ZONE_GROUP, "", AddressMode.DYNAMIC)
    with pytest.raises(AddressesUnknown):
        netbox_csv(estate(estate_of("10.0.1.0/27", deployment=dynamic)))
