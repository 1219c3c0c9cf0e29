"""RFC 9457 problem details: every error the API gives comes from `problem()`.

Each problem type has a stable URI, an anchor of the API's docs page that explains it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

MEDIA_TYPE = "application/problem+json"
DOCS = "/api/v1/docs"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    explanation: str  # for the docs page

    @property
    def uri(self) -> str:
        return f"{DOCS}#problem-{self.slug}" if self.slug else "about:blank"


INVALID_INPUT = ProblemType(
    "invalid-input",
    400,
    "Invalid input",
    "One or more parameters are missing or wrong. errors maps each field to all of its "
    "messages; every field's problems are listed, not only the first.",
)
BAD_REQUEST = ProblemType(
    "bad-request",
    400,
    "Bad request",
    "The request itself could not be read (for instance a host name that is not allowed, or "
    "too many query parameters).",
)
NOT_FOUND = ProblemType(
    "not-found", 404, "Not found", "No endpoint or export format has this path."
)
METHOD_NOT_ALLOWED = ProblemType(
    "method-not-allowed",
    405,
    "Method not allowed",
    "The endpoint does not answer this HTTP method; the Allow header lists those it does.",
)
LENGTH_REQUIRED = ProblemType(
    "length-required",
    411,
    "Length required",
    "A POST body must come with a Content-Length header; a chunked body is not read.",
)
BODY_TOO_LARGE = ProblemType(
    "body-too-large",
    413,
    "Request body too large",
    "The body is larger than the documented limit.",
)
UNSUPPORTED_MEDIA_TYPE = ProblemType(
    "unsupported-media-type",
    415,
    "Body is not sent as JSON",
    "A POST body must be sent with Content-Type: application/json.",
)
MALFORMED_JSON = ProblemType(
    "malformed-json",
    400,
    "Body is not valid JSON",
    "The body was sent as application/json but cannot be read: it is cut short or not JSON, "
    "nested too deeply, or not UTF-8 (no byte order mark, no UTF-16 or UTF-32). detail says "
    "where.",
)
DOES_NOT_FIT = ProblemType(
    "does-not-fit",
    422,
    "The plan does not fit in the subnet",
    "An export needs addresses for every member; the subnet does not have enough free "
    "ones. smallest_prefix names the smallest fresh subnet that would hold the plan.",
)
ADDRESSES_UNKNOWN = ProblemType(
    "addresses-unknown",
    422,
    "The addresses are Azure's to assign",
    "The zone and hosts exports write each member's address; with allocation=dynamic Azure "
    "assigns them when the endpoint is created, so the planner cannot name them. Use a private "
    "DNS zone group (dns=zone-group, or new-zone, which adds one with dynamic allocation), or "
    "make the file from the deployed endpoint's addresses.",
)
SERVER_ERROR = ProblemType(
    "server-error",
    500,
    "Internal error",
    "The planner failed; this is a bug, please report it with the request.",
)
# Answered by the front server (`make serve` runs nginx in front of the app), in the same shape.
REQUEST_TIMEOUT = ProblemType(
    "request-timeout",
    408,
    "Request timeout",
    "The request's headers or body did not arrive in time, and the connection was closed.",
)
REQUEST_LINE_TOO_LONG = ProblemType(
    "request-line-too-long",
    414,
    "Request line too long",
    "The request line (method, path and query string) is longer than 8 KiB; send long "
    "in-use lists in a POST body.",
)
HEADERS_TOO_LARGE = ProblemType(
    "headers-too-large",
    431,
    "Request headers too large",
    "A header line is longer than 8 KiB, or the headers together are over 32 KiB.",
)
BAD_GATEWAY = ProblemType(
    "bad-gateway",
    502,
    "Bad gateway",
    "The front server could not reach the planner (it may be restarting); try again.",
)
TOO_MANY_REQUESTS_IN_PROGRESS = ProblemType(
    "too-many-requests-in-progress",
    503,
    "Too many requests in progress",
    "This client address already has as many requests in progress as the front server "
    "allows at once; send the next one when an answer has arrived.",
)
GATEWAY_TIMEOUT = ProblemType(
    "gateway-timeout",
    504,
    "Gateway timeout",
    "The planner did not answer in time.",
)
APP_PROBLEM_TYPES = (
    INVALID_INPUT,
    BAD_REQUEST,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    LENGTH_REQUIRED,
    BODY_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    MALFORMED_JSON,
    DOES_NOT_FIT,
    ADDRESSES_UNKNOWN,
    SERVER_ERROR,
)
FRONT_SERVER_PROBLEM_TYPES = (
    REQUEST_TIMEOUT,
    REQUEST_LINE_TOO_LONG,
    HEADERS_TOO_LARGE,
    BAD_GATEWAY,
    TOO_MANY_REQUESTS_IN_PROGRESS,
    GATEWAY_TIMEOUT,
)
PROBLEM_TYPES = APP_PROBLEM_TYPES + FRONT_SERVER_PROBLEM_TYPES  # all explained on the docs page
# An error page the app answers is one of its own kinds (its 503 is not the front server's).
BY_STATUS = {  # the type of a status the app answers with no type of its own
    kind.status: kind for kind in APP_PROBLEM_TYPES if kind not in (INVALID_INPUT, MALFORMED_JSON)
}


def problem_document(
    kind: ProblemType,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """The body of a problem; the front server's error pages are rendered from it too."""
    return {
        "type": kind.uri,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "errors": errors or {},
        **extensions,
    }


def problem(
    kind: ProblemType,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    **extensions: Any,
) -> HttpResponse:
    body = problem_document(kind, detail, errors, **extensions)
    return HttpResponse(
        json.dumps(body, indent=2) + "\n", status=kind.status, content_type=MEDIA_TYPE
    )


def problem_type_for_status(status: int) -> ProblemType:
    kind = BY_STATUS.get(status)
    if kind is None:  # RFC 9457's "about:blank": the status code says it all
        known = status in HTTPStatus.__members__.values()
        kind = ProblemType("", status, HTTPStatus(status).phrase if known else "Error", "")
    return kind


def problem_for_status(status: int) -> HttpResponse:
    """A generic problem for an error answered outside the API's views (404, 400, 500...)."""
    kind = problem_type_for_status(status)
    return problem(kind, f"{kind.title}.")
