from __future__ import annotations

from dataclasses import replace

from netaddr import IPNetwork

from planner.core import Cloud, PlanRequest, Registry, SizingRequest, Subnet, azure, plan, size
from planner.core.addresses import merge, parse_span
from planner.core.model import AddressMode, Deployment
from planner.core.services import Kind
from planner.core.what_if import what_ifs


def request(replicas: int, regional: bool, cidr: str, *in_use: str) -> SizingRequest:
    used = merge(parse_span(entry) for entry in in_use)
    return SizingRequest(replicas, regional, Subnet(IPNetwork(cidr), used))


def test_it_sizes_one_and_two_more_replicas_and_regional_endpoints() -> None:
    base = request(3, False, "10.0.1.0/28", "10.0.1.4-10.0.1.9")
    answers = {answer.key: answer for answer in what_ifs(base)}
    assert list(answers) == ["replicas-1", "replicas-2", "regional-endpoints"]
    assert answers["replicas-1"].sizing == size(replace(base, replica_count=4))
    assert answers["replicas-2"].sizing == size(replace(base, replica_count=5))
    assert answers["regional-endpoints"].sizing == size(replace(base, regional_endpoints=True))
    assert [answer.fits for answer in answers.values()] == [True, False, False]
    assert answers["replicas-1"].answer == (
        "Still fits: 5 addresses needed, 0 free after; the smallest subnet that holds it is a /28."
    )
    assert answers["replicas-2"].answer == (
        "Does not fit: 6 addresses needed and 10.0.1.0/28 has 5 free. Free 1 more of its "
        "addresses, or use another subnet: a new, empty /27 or larger subnet would hold it."
    )


def test_it_leaves_out_regional_endpoints_when_they_are_on() -> None:
    keys = [answer.key for answer in what_ifs(request(2, True, "10.0.1.0/24"))]
    assert keys == ["replicas-1", "replicas-2"]


def test_it_says_when_the_cloud_has_no_region_left_to_add() -> None:
    most = len(azure.CLOUDS[Cloud.PUBLIC].regions)
    answers = what_ifs(request(most - 1, True, "10.0.0.0/16"))
    assert answers[0].fits
    assert answers[1].sizing is None
    assert not answers[1].fits
    assert answers[1].answer == (
        f"Azure (public) has {most} regions: a registry with {most - 1} replicas cannot add 2."
    )


def plan_request(
    regions: tuple[str, ...], regional: bool, cidr: str, static: bool = True
) -> PlanRequest:
    mode = AddressMode.STATIC if static else AddressMode.DYNAMIC
    return PlanRequest(
        Registry("contoso", regions, regional),
        Subnet(IPNetwork(cidr)),
        Deployment(allocation=mode),
    )


def test_it_names_the_members_a_replica_adds_while_current_ones_keep_their_addresses() -> None:
    three = plan_request(("eastus", "westus", "westeurope"), True, "10.0.1.0/27")
    four = plan_request(("eastus", "westus", "westeurope", "northeurope"), True, "10.0.1.0/27")
    current = {a.member_name: a.ip for a in plan(three).allocations}
    assert current["registry_westeurope"] == "10.0.1.10"
    # A fresh plan of four replicas moves the regional endpoints up; the growth does not.
    assert {a.member_name: a.ip for a in plan(four).allocations}["registry_westeurope"] == (
        "10.0.1.11"
    )
    answers = {a.key: a for a in what_ifs(size_of(three), three)}
    added = answers["replicas-1"].added
    assert [(m.kind, m.region, m.ip) for m in added] == [
        (Kind.DATA_ENDPOINT, "new replica", "10.0.1.11"),
        (Kind.REGIONAL_ENDPOINT, "new replica", "10.0.1.12"),
    ]
    taken = set(current.values())
    assert not taken & {m.ip for m in added}
    assert [m.region for m in answers["replicas-2"].added] == [
        "new replica 1", "new replica 2", "new replica 1", "new replica 2"
    ]  # fmt: skip


def test_it_names_the_regional_endpoints_of_the_current_regions() -> None:
    two = plan_request(("eastus", "westus"), False, "10.0.1.0/28")
    answers = {a.key: a for a in what_ifs(size_of(two), two)}
    assert [(m.region, m.ip) for m in answers["regional-endpoints"].added] == [
        ("eastus", "10.0.1.7"),
        ("westus", "10.0.1.8"),
    ]


def test_it_names_no_address_when_azure_assigns_them_or_the_change_does_not_fit() -> None:
    dynamic = plan_request(("eastus",), False, "10.0.1.0/28", static=False)
    answers = what_ifs(size_of(dynamic), dynamic)
    assert [m.ip for m in answers[0].added] == [None]
    tight = plan_request(("eastus", "westus", "westeurope"), True, "10.0.1.0/29")
    assert all(answer.added == () for answer in what_ifs(size_of(tight), tight))
    assert all(answer.added == () for answer in what_ifs(size_of(dynamic)))  # a sizing


def size_of(request: PlanRequest) -> SizingRequest:
    registry = request.registry
    return SizingRequest(
        len(registry.regions),
        registry.regional_endpoints,
        request.subnet,
        cloud=registry.cloud,
        allocation=request.deployment.allocation,
    )
