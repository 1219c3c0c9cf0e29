"""The API's documentation page: the OpenAPI document in words, with sample exchanges that
the API's own views answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planner.api import openapi
from planner.api.samples import exchanges
from planner.api.views import api


@api("GET")
def docs_view(request: HttpRequest) -> HttpResponse:
    samples = exchanges(request.build_absolute_uri)
    return render(request, "api/docs.html", {**openapi.docs_context(), "samples": samples})
