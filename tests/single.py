"""Test glue: a plan already made, as the estate of one endpoint the renderers take."""

from __future__ import annotations

from planner.core import Plan, Subnet
from planner.core.estate import EndpointPlan, Estate, endpoint_name, zones
from planner.core.inputs import parse_cidr


def one(plan: Plan) -> Estate:
    """`plan` as a single plan's estate (as `as_estate` would make it, without planning again)."""
    name = endpoint_name(plan.registry)
    subnet = Subnet(parse_cidr(plan.sizing.subnet.cidr))
    endpoints = (EndpointPlan(name, name, plan, subnet),)
    return Estate(
        plan.registry,
        endpoints,
        zones(endpoints, plan.zone),
        (),
        None,
        plan.deployment,
        single=True,
    )
