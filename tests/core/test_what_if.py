from __future__ import annotations

from dataclasses import replace

from netaddr import IPNetwork

from planner.core import Cloud, SizingRequest, Subnet, azure, size
from planner.core.addresses import merge, parse_span
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
