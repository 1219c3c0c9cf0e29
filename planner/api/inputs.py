"""Reading a request's parameters: the query string of a GET, the JSON object of a POST.

Validation itself is the forms'; this module only refuses what is not a set of parameters
at all (a body too large, not JSON, not an object) and parameters nobody asked for.
"""

from __future__ import annotations

import codecs
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from planner.api import problems
from planner.core.addresses import shown
from planner.core.inputs import MAX_LISTED_ERRORS
from planner.forms import SubnetForm
from planner.forms.estate import MAX_ENDPOINTS

JSON_MEDIA_TYPES = ("application/json",)
MAX_INTEGER_DIGITS = 20  # far more than any count; a JSON integer past it is refused by name
# A plan's parameters are one JSON object holding at most one integer (replica_count); an
# estate holds at most MAX_ENDPOINTS endpoint objects besides itself and its what-if. json.loads
# calls back into Python for each object and integer, so a body of millions stops early.
MAX_JSON_OBJECTS = MAX_ENDPOINTS + 10
MAX_JSON_INTEGERS = 1_000
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
    known = set(accepted)
    unknown = [name for name in parameters if name not in known]
    if request.method == "POST" and request.GET:  # a POST reads its body only
        in_query = "A POST takes its parameters in the JSON body, not in the query string."
        raise invalid(*first_few([(name, in_query) for name in request.GET]))
    if unknown:  # reported below; the form must not read them (copying only then is faster)
        parameters = parameters.copy()
        for name in unknown:
            del parameters[name]
    form = form_class(parameters, auto_id=False)  # never rendered: no element ids to make
    not_accepted = f"Not a parameter of this endpoint; it takes: {', '.join(accepted)}."
    errors, more = first_few([(name, not_accepted) for name in unknown])
    if errors or not form.is_valid():
        errors |= {
            field: [str(message) for message in messages] for field, messages in form.errors.items()
        }
        raise invalid(errors, more)
    return form


def invalid(errors: dict[str, list[str]], more: int = 0) -> Refused:
    """The 400 answer naming every field in `errors` and all of its messages, and how many
    more names were left out of it."""
    names = ", ".join(errors) + (f" and {more:,} more" if more else "")
    return Refused(
        problems.problem(problems.INVALID_INPUT, f"Check these parameters: {names}.", errors)
    )


def first_few(named: Sequence[tuple[str, str]]) -> tuple[dict[str, list[str]], int]:
    """The first MAX_LISTED_ERRORS names (shortened) with their messages, and how many more
    there were: a body of a million unknown names is answered in a few lines, not megabytes."""
    errors = {shown(name): [message] for name, message in named[:MAX_LISTED_ERRORS]}
    return errors, max(len(named) - MAX_LISTED_ERRORS, 0)


def json_body(
    request: HttpRequest, objects: int = MAX_JSON_OBJECTS, integers: int = MAX_JSON_INTEGERS
) -> dict[str, Any]:
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
    counted = CountedValues(objects, integers)
    try:
        document = json.loads(
            utf8_text(request.body),
            object_pairs_hook=counted.json_object,
            parse_int=counted.integer,
        )
    except (ValueError, RecursionError) as error:  # also deep nesting
        raise Refused(
            problems.problem(problems.MALFORMED_JSON, f"The body is not JSON: {error}.")
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
    oversized = [
        (
            name,
            f"A number of {value.digits:,} digits; give a number of at most "
            f"{MAX_INTEGER_DIGITS} digits.",
        )
        for name, value in document.items()
        if isinstance(value, Oversized)
    ]
    if oversized:
        raise invalid(*first_few(oversized))
    return {name: value for name, value in document.items() if value is not None}


def utf8_text(body: bytes) -> str:
    """The body as text: UTF-8 only, as documented. (json.loads would take bytes in UTF-16 or
    UTF-32, or UTF-8 after a byte order mark, guessing the encoding.)"""
    if body.startswith(codecs.BOM_UTF8):
        raise not_utf8("it starts with a byte order mark")
    if b"\x00" in body:  # JSON has no NUL character, UTF-16 and UTF-32 have one per ASCII one
        raise not_utf8("it has NUL bytes, as UTF-16 and UTF-32 have")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise not_utf8(f"byte {error.start} is not UTF-8 ({error.reason})") from None


def not_utf8(reason: str) -> Refused:
    return Refused(
        problems.problem(
            problems.MALFORMED_JSON,
            f"Send the body as JSON in UTF-8, without a byte order mark; {reason}.",
        )
    )


class CountedValues:
    """json.loads hooks for one body: they refuse a body past MAX_JSON_OBJECTS objects or
    MAX_JSON_INTEGERS integers (4 MiB of `{},` took 8 s through the hooks alone)."""

    def __init__(
        self, max_objects: int = MAX_JSON_OBJECTS, max_integers: int = MAX_JSON_INTEGERS
    ) -> None:
        self.objects = 0
        self.integers = 0
        self.max_objects = max_objects
        self.max_integers = max_integers

    def json_object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        self.objects += 1
        if self.objects > self.max_objects:
            raise too_many(f"{self.max_objects:,} JSON objects")
        return distinct_keys(pairs)

    def integer(self, text: str) -> int | Oversized:
        self.integers += 1
        if self.integers > self.max_integers:
            raise too_many(f"{self.max_integers:,} JSON integers")
        return bounded_integer(text)


def too_many(what: str) -> Refused:
    return invalid(
        {"body": [f"The body holds more than {what}; send one object of parameters or an estate."]}
    )


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
    members = dict(pairs)
    if len(members) < len(pairs):
        message = "Given more than once in the JSON object; give it once."
        times = Counter(name for name, _ in pairs)
        raise invalid(*first_few([(name, message) for name, count in times.items() if count > 1]))
    return members
