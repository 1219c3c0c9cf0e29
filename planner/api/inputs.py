"""Reading a request's parameters: the query string of a GET, the JSON object of a POST.

Validation itself is the forms'; this module only refuses what is not a set of parameters
at all (a body too large, not JSON, not an object) and parameters nobody asked for.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from planner.api import problems
from planner.forms import SubnetForm

JSON_MEDIA_TYPES = ("application/json",)
MAX_INTEGER_DIGITS = 20  # far more than any count; a JSON integer past it is refused by name
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


Form = TypeVar("Form", bound=SubnetForm)


def validated(request: HttpRequest, form_class: type[Form]) -> Form:
    """A valid form of the GET's query string or the POST's JSON object; otherwise every
    problem at once: each invalid field's messages and each unknown parameter."""
    accepted = tuple(form_class.base_fields)
    parameters = json_body(request) if request.method == "POST" else request.GET
    unknown = sorted(set(parameters) - set(accepted))
    if request.method == "POST" and request.GET:  # a POST reads its body only
        raise invalid(
            {
                name: ["A POST takes its parameters in the JSON body, not in the query string."]
                for name in request.GET
            }
        )
    if unknown:  # reported below; the form must not read them (copying only then is faster)
        parameters = parameters.copy()
        for name in unknown:
            del parameters[name]
    form = form_class(parameters)
    errors = {
        name: [f"Not a parameter of this endpoint; it takes: {', '.join(accepted)}."]
        for name in unknown
    }
    if errors or not form.is_valid():
        errors |= {
            field: [str(message) for message in messages] for field, messages in form.errors.items()
        }
        raise invalid(errors)
    return form


def invalid(errors: dict[str, list[str]]) -> Refused:
    """The 400 answer naming every field in `errors` and all of its messages."""
    return Refused(
        problems.problem(
            problems.INVALID_INPUT, f"Check these parameters: {', '.join(errors)}.", errors
        )
    )


def json_body(request: HttpRequest) -> dict[str, Any]:
    limit: int = settings.PLANNER_MAX_BODY_BYTES
    length = request.META.get("CONTENT_LENGTH")
    if not length:  # a chunked body would read as empty: its size must be known first
        raise Refused(
            problems.problem(
                problems.LENGTH_REQUIRED,
                "Send the body with a Content-Length header, not chunked.",
            )
        )
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
        document = json.loads(
            request.body, object_pairs_hook=distinct_keys, parse_int=bounded_integer
        )
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
    oversized = {
        name: [
            f"A number of {value.digits:,} digits; give a number of at most "
            f"{MAX_INTEGER_DIGITS} digits."
        ]
        for name, value in document.items()
        if isinstance(value, Oversized)
    }
    if oversized:
        raise invalid(oversized)
    return {name: value for name, value in document.items() if value is not None}


@dataclass(frozen=True)
class Oversized:
    """A JSON integer too long to be any parameter's value (Python refuses to read one of
    over 4,300 digits): kept as a marker so that the message can name its field."""

    digits: int


def bounded_integer(text: str) -> int | Oversized:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_INTEGER_DIGITS else Oversized(digits)


def distinct_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's members; a name given twice is refused, not read as its last value."""
    repeated = sorted(
        name for name, times in Counter(name for name, _ in pairs).items() if times > 1
    )
    if repeated:
        raise invalid(
            {name: ["Given more than once in the JSON object; give it once."] for name in repeated}
        )
    return dict(pairs)
