"""What the pages share: the request htmx describes, the statuses of bad input, where a
problem's JSON pointer lands on a page, and the answer a view gives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# Bad input answers 400 with the full page. An htmx partial for it (half-typed input, as
# every keystroke sends) answers 200 with the fields' messages and says it is invalid in
# INVALID_HEADER: a browser logs every 4xx answer to a fetch as a console error, and with
# DEBUG on django-htmx's script would replace the whole page on a 400.
INVALID_PAGE = 400
INVALID_HEADER = "Planner-Invalid"
# Sent by planner.js when the page shows a plan or a sizing that an invalid form may keep.
SHOWN_HEADER = "Planner-Shown"


def is_partial(request: HtmxHttpRequest) -> bool:
    """Whether htmx asked, for a part of the page (not to restore its history)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def keeps_shown(request: HtmxHttpRequest) -> bool:
    """Whether the page asking shows results that an invalid form leaves on screen, marked
    out of date."""
    return is_partial(request) and SHOWN_HEADER in request.headers


def pointer_parts(pointer: str) -> list[str]:
    """The reference tokens of an RFC 6901 JSON pointer ("/endpoints/0/subnet")."""
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


def field_at(pointer: str, fields: Mapping[str, str], default: str) -> str:
    """The field a problem at `pointer` belongs to: that of the longest prefix `fields` names
    (by whole tokens), else the pointer's first token, else `default`."""
    parts = pointer_parts(pointer)
    for length in range(len(parts), 0, -1):
        prefix = "/" + "/".join(parts[:length])
        if prefix in fields:
            return fields[prefix]
    return parts[0] if parts and parts[0] else default


@dataclass(frozen=True)
class PageAnswer:
    """What a view answers: a template (a partial of it for htmx) and its context; whether the
    input was invalid (the page's 400; htmx's partial 200, said in INVALID_HEADER, on which
    planner.js holds the messages while typing goes on); `keep_shown` leaves the results on
    screen (htmx swaps nothing but the out-of-band parts); `status`, one of its own."""

    template: str
    context: dict[str, Any]
    invalid: bool = False
    keep_shown: bool = False
    status: int | None = None

    def response(self, request: HtmxHttpRequest) -> HttpResponse:
        invalid_page = self.invalid and not is_partial(request)
        status = self.status or (INVALID_PAGE if invalid_page else 200)
        response = render(request, self.template, self.context, status=status)
        if self.invalid:
            response[INVALID_HEADER] = "true"
        return reswap(response, "none") if self.keep_shown else response


def too_long(request: HttpRequest) -> bool:
    """Whether the request's body is longer than a page reads (it is then refused unread)."""
    return int(request.META.get("CONTENT_LENGTH") or 0) > settings.PLANNER_MAX_BODY_BYTES
