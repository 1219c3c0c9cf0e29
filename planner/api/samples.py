"""Sample exchanges for the docs page: real requests answered by the API's own views at the
time the page is asked for, so the samples cannot drift from what the API says."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from planner.api.views import plan_export, plan_view
from planner.core.api_examples import get_command, post_command

PLAN_QUERY = "registry=contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/28"
INVALID_BODY = {"registry": "con-toso", "regions": ["eastus", "wetsus"], "subnet": "10.0.1.5/28"}
TOO_SMALL_QUERY = PLAN_QUERY.replace("/28", "/29")


@dataclass(frozen=True)
class Exchange:
    title: str
    command: str  # the request, as curl
    status: int
    content_type: str
    body: str  # the answer's JSON, indented


def exchanges(absolute: Callable[[str], str]) -> list[Exchange]:
    """A plan (200), invalid input (400) and an export of a plan that does not fit (422);
    `absolute` makes a path a URL of this server."""
    factory = RequestFactory()
    plan_path = reverse("api:plan")
    zone_path = reverse("api:plan-export", args=["zone"])
    cases: list[tuple[str, str, HttpRequest, Callable[..., HttpResponse], dict[str, Any]]] = [
        (
            "200: a plan",
            get_command(absolute(plan_path), PLAN_QUERY),
            factory.get(f"{plan_path}?{PLAN_QUERY}"),
            plan_view,
            {},
        ),
        (
            "400: invalid input, every field's problems at once",
            post_command(absolute(plan_path), INVALID_BODY),
            factory.post(plan_path, json.dumps(INVALID_BODY), content_type="application/json"),
            plan_view,
            {},
        ),
        (
            "422: an export of a plan that does not fit",
            get_command(absolute(zone_path), TOO_SMALL_QUERY),
            factory.get(f"{zone_path}?{TOO_SMALL_QUERY}"),
            plan_export,
            {"name": "zone"},
        ),
    ]
    answered = []
    for title, command, request, view, arguments in cases:
        response = view(request, **arguments)
        body = json.dumps(json.loads(response.content), indent=2)
        answered.append(
            Exchange(title, command, response.status_code, response["Content-Type"], body)
        )
    return answered
