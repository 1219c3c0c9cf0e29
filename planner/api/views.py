"""API views: a few lines each, form -> core -> renderer. Errors come from `problems`."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt

from planner.api import openapi, problems
from planner.api.inputs import Refused, invalid, json_body, validated
from planner.core import size
from planner.core.estate import Estate, as_estate, estate
from planner.core.renderers import EXPORTS, Export, UnknownPart, plan_exports, sizing_json
from planner.core.renderers.documents import estate_json
from planner.core.renderers.unavailable import AddressesUnknown, FieldRefused
from planner.forms import PlanForm, SizingForm
from planner.forms.estate import DocumentInvalid, read_estate

View = Callable[..., HttpResponse]


def api(*methods: str) -> Callable[[View], View]:
    """Allows `methods` (and HEAD with GET), answers others with 405, and `Refused` with its
    problem. No CSRF check: the API is stateless and reads no cookie."""
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                response = problems.problem(
                    problems.METHOD_NOT_ALLOWED,
                    f"{request.method} is not allowed here; use {' or '.join(methods)}.",
                )
                response["Allow"] = ", ".join(allowed)
                return response
            try:
                return view(request, *args, **kwargs)
            except Refused as refusal:
                return refusal.response

        return guarded

    return decorate


def planned(request: HttpRequest) -> Estate:
    """The plan of the request: the estate of its one endpoint."""
    return estate(as_estate(validated(request, PlanForm).to_request()))


@api("GET", "POST")
def plan_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(estate_json(planned(request)), content_type="application/json")


@api("GET", "POST")
def plan_export(request: HttpRequest, name: str) -> HttpResponse:
    exports = plan_exports()
    export = exports.get(name)
    if export is None:
        return problems.problem(
            problems.NOT_FOUND, f"No export '{name[:40]}'; formats: {', '.join(exports)}."
        )
    result = planned(request)
    if not result.fits:
        sizing = result.endpoints[0].plan.sizing
        return problems.problem(
            problems.DOES_NOT_FIT, sizing.verdict, smallest_prefix=sizing.smallest_prefix
        )
    return exported(export, result, None)


def exported(export: Export, result: Estate, part: str | None) -> HttpResponse:
    """The export's file as an attachment, or the problem that keeps it from being made."""
    try:
        content = export.render(result, part)
    except UnknownPart as problem:
        raise invalid({str(export.part): [str(problem)]}) from None
    except (AddressesUnknown, FieldRefused) as refusal:
        return unavailable(refusal)
    response = HttpResponse(content, content_type=export.media_type)
    response["Content-Disposition"] = content_disposition_header(
        True, export.filename_for(result, part)
    )
    return response


def unavailable(refusal: AddressesUnknown | FieldRefused) -> HttpResponse:
    """An export the plan's options rule out: 422 for addresses Azure assigns, 400 for a
    missing resolver address."""
    if isinstance(refusal, FieldRefused):
        return invalid({refusal.field: [str(refusal)]}).response
    return problems.problem(problems.ADDRESSES_UNKNOWN, str(refusal))


@api("GET")
def sizing_view(request: HttpRequest) -> HttpResponse:
    """Sizing by replica count; region names and the registry belong to /plan, so are refused."""
    sizing = size(validated(request, SizingForm).to_request())
    return HttpResponse(sizing_json(sizing), content_type="application/json")


def planned_estate(request: HttpRequest, parameters: tuple[str, ...] = ()) -> Estate:
    """The estate of the POST's JSON document; every problem at once, by JSON pointer. The
    query string may hold only `parameters`."""
    if unknown := sorted(set(request.GET) - set(parameters)):
        takes = ", ".join(parameters) or "no query parameters; send the estate as the JSON body"
        raise invalid(
            {name[:64]: [f"Not a parameter here; this takes {takes}."] for name in unknown[:20]}
        )
    try:
        return estate(read_estate(json_body(request)))
    except DocumentInvalid as problem:
        raise invalid(problem.errors) from None


@api("POST")
def estate_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(estate_json(planned_estate(request)), content_type="application/json")


@api("POST")
def estate_export(request: HttpRequest, name: str) -> HttpResponse:
    export = EXPORTS.get(name)
    if export is None:
        return problems.problem(
            problems.NOT_FOUND,
            f"No estate export '{name[:40]}'; formats: {', '.join(EXPORTS)}.",
        )
    result = planned_estate(request, (export.part,) if export.part else ())
    if not result.fits:
        return problems.problem(problems.DOES_NOT_FIT, result.verdict)
    return exported(export, result, request.GET.get(export.part) if export.part else None)


@api("GET")
def openapi_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps(openapi.document(), indent=2), content_type="application/json")


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    return problems.problem(problems.NOT_FOUND, f"No API endpoint at {request.path[:100]}.")
