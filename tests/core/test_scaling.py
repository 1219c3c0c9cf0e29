"""Planning cost must not depend on the subnet's size: a /8 or a /2 plans like a /24."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from netaddr import IPAddress, IPNetwork, IPSet

from planner.core import PlanRequest, Registry, Subnet, plan
from planner.core.inputs import parse_in_use, parse_subnet


def request_in(cidr: str) -> PlanRequest:
    subnet = parse_subnet(cidr)
    base = IPAddress(subnet.first)
    in_use = [str(base + 4), f"{base + 6}-{base + 9}", str(IPNetwork(f"{base + 16}/30"))]
    return PlanRequest(
        Registry("contoso", ("eastus", "westus", "westeurope"), True),
        Subnet(subnet, parse_in_use(in_use, subnet)),
    )


def lines_executed(work: Callable[[], Any]) -> int:
    """Every Python line run, in our code and in netaddr's, while `work` runs."""
    executed = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal executed
        if event == "line":
            executed += 1
        return tracer

    work()  # one-time work (caches, imports) is not the plan's cost
    gc.disable()  # a collection could run finalizers' lines inside the count
    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
        gc.enable()
    return executed


def test_it_runs_the_same_lines_for_a_slash_24_a_slash_8_and_a_slash_2() -> None:
    counts = {cidr: lines_executed(lambda c=cidr: plan(request_in(c))) for cidr in
              ("10.0.1.0/24", "10.0.0.0/8", "20.0.1.0/24", "0.0.0.0/2")}  # fmt: skip
    assert counts["10.0.1.0/24"] > 100  # the tracer saw the work
    assert counts["10.0.0.0/8"] == counts["10.0.1.0/24"]
    # a /2 is outside the private ranges, so it is compared with a public /24 (one more warning)
    assert counts["0.0.0.0/2"] == counts["20.0.1.0/24"]


def test_it_never_iterates_a_network_or_an_ipset(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object) -> None:
        raise AssertionError(f"walked {self!r} address by address")

    monkeypatch.setattr(IPNetwork, "__iter__", refuse)
    monkeypatch.setattr(IPSet, "__iter__", refuse)
    result = plan(request_in("10.0.0.0/8"))
    assert result.fits
    assert result.sizing.subnet.free == 2**24 - 5 - 1 - 4 - 4


def shared_estate(endpoints: int, in_use: int) -> Any:
    """`endpoints` endpoints in one /16 whose `in_use` scattered addresses (every other one
    from .4 on) are listed once, on the first row; a what-if adds a replica."""
    from planner.core.addresses import Span
    from planner.core.estate import EndpointRequest, EstateRequest, Growth, estate

    cidr = IPNetwork("10.20.0.0/16")
    used = tuple(Span(cidr.first + 4 + 2 * n, cidr.first + 4 + 2 * n) for n in range(in_use))
    rows = tuple(
        EndpointRequest(f"pe-{n}", Subnet(cidr, used if n == 0 else ()), f"pe-{n}")
        for n in range(endpoints)
    )
    registry = Registry("contoso", ("eastus", "westus"), False)
    return lambda: estate(EstateRequest(registry, rows, Growth(add_replicas=1)))


def test_endpoints_sharing_a_subnet_cost_linear_time() -> None:
    """Twice the endpoints and twice the addresses in use cost twice the lines, not four
    times: the subnet is merged once and walked once, and the what-if goes on from there."""
    small = lines_executed(shared_estate(100, 2_000))
    large = lines_executed(shared_estate(200, 4_000))
    assert small > 10_000  # the tracer saw the work
    assert large < 2.2 * small
