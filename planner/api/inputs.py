"""Reading a request's parameters: the query string of a GET, the JSON object of a POST.

Validation itself is PlanForm's; this module only refuses what is not a set of parameters
at all (a body too large, not JSON, not an object) and parameters nobody asked for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from planner.api import problems
from planner.forms import PlanForm

JSON_MEDIA_TYPES = ("application/json",)
PLAN_FIELDS = tuple(PlanForm.base_fields)
SIZING_FIELDS = tuple(name for name in PLAN_FIELDS if name not in ("registry", "regions"))
# Sizing has no `regions`: "name a region or give a count" is about its replica_count.
SIZING_RENAMED = {"regions": "replica_count"}
JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


class Refused(Exception):
    """Stops a view with a problem response (the `api` decorator answers with it)."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response)
        self.response = response


def validated(
    request: HttpRequest,
    accepted: tuple[str, ...],
    *,
    regions_required: bool = False,
    renamed: Mapping[str, str] | None = None,
) -> PlanForm:
    """A valid PlanForm of the GET's query string or the POST's JSON object; otherwise every
    problem at once: each invalid field's messages and each unknown parameter."""
    parameters = json_body(request) if request.method == "POST" else request.GET.copy()
    unknown = sorted(set(parameters) - set(accepted))
    for name in unknown:
        del parameters[name]
    form = PlanForm(parameters, regions_required=regions_required)
    errors = {
        name: [f"Not a parameter of this endpoint; it takes: {', '.join(accepted)}."]
        for name in unknown
    }
    if errors or not form.is_valid():
        errors |= {
            (renamed or {}).get(field, field): [str(message) for message in messages]
            for field, messages in form.errors.items()
        }
        raise Refused(
            problems.problem(
                problems.INVALID_INPUT, f"Check these parameters: {', '.join(errors)}.", errors
            )
        )
    return form


def json_body(request: HttpRequest) -> dict[str, Any]:
    limit: int = settings.PLANNER_MAX_BODY_BYTES
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        raise Refused(problems.problem(problems.BAD_REQUEST, "Content-Length is not a number."))
    if int(length) > limit:
        raise Refused(
            problems.problem(
                problems.BODY_TOO_LARGE,
                f"The body has {length} bytes; the limit is {limit} bytes.",
                limit=limit,
            )
        )
    if request.content_type not in JSON_MEDIA_TYPES:
        raise Refused(
            problems.problem(
                problems.UNSUPPORTED_MEDIA_TYPE,
                f"Send the parameters as a JSON object with Content-Type: application/json, "
                f"not {request.content_type or 'no Content-Type'}.",
            )
        )
    try:
        document = json.loads(request.body)
    except (ValueError, RecursionError) as error:  # also UnicodeDecodeError, deep nesting
        raise Refused(
            problems.problem(problems.UNSUPPORTED_MEDIA_TYPE, f"The body is not JSON: {error}.")
        ) from None
    if not isinstance(document, dict):
        raise Refused(
            problems.problem(
                problems.INVALID_INPUT,
                "The body must be a JSON object of parameters, "
                f"not {JSON_TYPES.get(type(document), 'null')}.",
                {"body": ['Send a JSON object, e.g. {"subnet": "10.0.1.0/28", ...}.']},
            )
        )
    return {name: value for name, value in document.items() if value is not None}
