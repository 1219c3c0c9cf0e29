"""Copy-ready curl commands for the API: the plan's GET, its POST with a JSON body, and each
export, for a base URL and the plan's query string. Quoted with shlex, so that any value a
form accepts pastes safely into a POSIX shell."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netaddr.strategy.ipv4 import int_to_str

from planner.core.model import Deployment, PlanRequest


@dataclass(frozen=True)
class Command:
    label: str
    text: str


def plan_body(request: PlanRequest) -> dict[str, Any]:
    """The JSON object POST /api/v1/plan takes for the request (in-use addresses as merged
    ranges)."""
    registry, subnet = request.registry, request.subnet
    body: dict[str, Any] = {
        "registry": registry.name,
        "cloud": registry.cloud.value,
        "regions": list(registry.regions),
        "regional_endpoints": registry.regional_endpoints,
        "subnet": str(subnet.cidr),
    }
    if subnet.used:
        body["in_use"] = [
            int_to_str(span.first)
            if span.size == 1
            else f"{int_to_str(span.first)}-{int_to_str(span.last)}"
            for span in subnet.used
        ]
    deployment, default = request.deployment, Deployment()
    for name in ("dns", "zone_id", "allocation", "resolver_ip"):  # the options that were given
        if (value := getattr(deployment, name)) != getattr(default, name):
            body[name] = str(value)
    return body


def get_command(url: str, query: str) -> str:
    return f"curl -s {shlex.quote(f'{url}?{query}')}"


def post_command(url: str, body: dict[str, Any]) -> str:
    return (
        f"curl -s -X POST {shlex.quote(url)} -H 'Content-Type: application/json' "
        f"-d {shlex.quote(json.dumps(body))}"
    )


def curl_commands(
    plan_url: str,
    query: str,
    body: dict[str, Any],
    exports: Iterable[tuple[str, str]],
) -> tuple[Command, ...]:
    """The GET and the POST of `plan_url`, then `curl -OJ` for each (label, export URL)."""
    return (
        Command("Plan (GET)", get_command(plan_url, query)),
        Command("Plan (POST, JSON body)", post_command(plan_url, body)),
        *(Command(label, f"curl -sOJ {shlex.quote(f'{url}?{query}')}") for label, url in exports),
    )
