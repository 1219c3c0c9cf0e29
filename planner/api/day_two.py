"""Day two: POST /api/v1/change plans a change against what is deployed; POST /api/v1/drift
checks a private zone's records against the endpoints. Both take the document that
`planner.forms.day_two_document` reads; problems come back by JSON pointer, as for an estate."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

from planner.api.inputs import invalid, json_body
from planner.api.views import api
from planner.core.change.decide import change
from planner.core.drift import drift
from planner.core.renderers.day_two import change_json, drift_json
from planner.forms.day_two_document import read_change, read_drift
from planner.forms.estate import DocumentInvalid

# What az prints is larger than a plan's parameters: a Resource Graph answer has a JSON object
# per row. The body's byte limit still bounds the whole.
MAX_OBJECTS = 150_000
T = TypeVar("T")


def read_document(request: HttpRequest, reader: Callable[[object], T]) -> T:
    if request.GET:
        raise invalid(
            {
                name[:64]: ["Not a parameter here; send the document as the JSON body."]
                for name in list(request.GET)[:20]
            }
        )
    try:
        return reader(json_body(request, MAX_OBJECTS, MAX_OBJECTS))
    except DocumentInvalid as problem:
        raise invalid(problem.errors) from None


@api("POST")
def change_view(request: HttpRequest) -> HttpResponse:
    result = change(read_document(request, read_change))
    return HttpResponse(change_json(result), content_type="application/json")


@api("POST")
def drift_view(request: HttpRequest) -> HttpResponse:
    result = drift(read_document(request, read_drift))
    return HttpResponse(drift_json(result), content_type="application/json")
