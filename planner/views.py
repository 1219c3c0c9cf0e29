"""Page views: thin, form -> core -> render.

One template per page; an htmx request gets only its `#results` partial (plus the field errors
and, when the count or the cloud changed, the region pickers, swapped out of band).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url
from django_htmx.middleware import HtmxDetails

from planner.core import InvalidInput, Plan, azure, plan, size
from planner.core.pickers import region_pickers, resize
from planner.core.renderers import EXPORTS
from planner.core.show_endpoints import parse_show_endpoints
from planner.core.subnet_map import plan_map, sizing_map
from planner.forms import DraftForm, SizingForm

PAGE_FIELDS = tuple(DraftForm.base_fields)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


# Bad input answers 400 with the full page, 422 with an htmx partial (which base.html tells htmx
# to swap): with DEBUG on, django-htmx's script replaces the whole page on a 400, taking it for
# one of Django's error pages.
INVALID_PAGE = 400
INVALID_PARTIAL = 422


PASTE_FIELD = "endpoints"


@dataclass(frozen=True)
class Download:
    label: str
    description: str
    url: str
    filename: str


# The pages take GET and HEAD only, and change nothing, so there is nothing for CSRF to guard:
# csrf_exempt lets require_safe answer another method with 405 and Allow. Without it the CSRF
# middleware, which runs before the view, answered a POST with its own 403 page.
@csrf_exempt
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@csrf_exempt
@require_safe
@vary_on_headers("HX-Request")
def home(request: HtmxHttpRequest) -> HttpResponse:
    query: QueryDict = request.GET
    if request.htmx.trigger_name == "replica_count":  # pickers beyond a lowered count go
        query = request.GET.copy()
        query.setlist("regions", resize(region_names(query), query.get("replica_count")))
    response = page(request, query)
    if request.htmx:  # the address bar shows the plan's permalink, not the raw form
        push_url(response, f"{reverse('home')}?{permalink(query)}")
    return response


@csrf_exempt
@require_safe
@vary_on_headers("HX-Request")
def paste(request: HtmxHttpRequest) -> HttpResponse:
    """Fills the form from `az acr show-endpoints` output: redirects to the permalink."""
    pasted = request.GET.get(PASTE_FIELD, "")
    try:
        shown = parse_show_endpoints(pasted)
    except InvalidInput as error:
        if request.htmx:
            context = {"paste_error": str(error), "pasted": pasted}
            return render(request, "planner/home.html#paste", context, status=INVALID_PARTIAL)
        return page(request, request.GET, paste_error=str(error), pasted=pasted)
    query = request.GET.copy()
    query["registry"] = shown.registry
    query["cloud"] = shown.cloud.value
    query.setlist("regions", [",".join(shown.regions)])
    query["replica_count"] = str(len(shown.regions))
    query["regional_endpoints"] = "true" if shown.regional_endpoints else ""
    url = f"{reverse('home')}?{permalink(query)}"
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def page(request: HtmxHttpRequest, query: QueryDict, **extra: str) -> HttpResponse:
    """The page for `query`; a bare `/` shows an empty form and no errors."""
    form = DraftForm(query if any(name in query for name in PAGE_FIELDS) else None)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "form": form,
        **outcome(form, query),
        "pickers": region_pickers(
            region_names(query), query.get("replica_count"), query.get("cloud")
        ),
        "clouds": {cloud.value: facts.label for cloud, facts in azure.CLOUDS.items()},
        "facts": azure_facts(),
        "oob": partial,
        "refresh_pickers": request.htmx.trigger_name in ("replica_count", "cloud"),
        **extra,
    }
    template = "planner/home.html#results" if partial else "planner/home.html"
    invalid = INVALID_PARTIAL if partial else INVALID_PAGE
    return render(request, template, context, status=invalid if form.errors or extra else 200)


def outcome(form: DraftForm, query: QueryDict) -> dict[str, Any]:
    """The plan, or the sizing by count, with its picture and links (the API's among them)."""
    if not form.is_valid():
        return {}
    draft, link = form.to_request(), permalink(query)
    subnet = draft.sizing.subnet
    if draft.plan_request is None:
        sizing = size(draft.sizing)
        return {
            "sizing": sizing,
            "picture": sizing_map(subnet, sizing),
            "query": link,
            "api_url": f"{reverse('api:sizing')}?{permalink(query, SizingForm.base_fields)}",
        }
    result = plan(draft.plan_request)
    return {
        "plan": result,
        "sizing": result.sizing,
        "picture": plan_map(subnet, result),
        "downloads": downloads(result, link) if result.fits else [],
        "query": link,
        "api_url": f"{reverse('api:plan')}?{link}",
    }


def downloads(result: Plan, query: str) -> list[Download]:
    return [
        Download(
            export.label,
            export.description,
            f"{reverse('api:plan-export', args=[export.name])}?{query}",
            export.filename_for(result),
        )
        for export in EXPORTS.values()
        if export.offered(result)
    ]


def azure_facts() -> dict[str, str | int]:
    """The Azure facts the introduction quotes (the fields' help is on the form's fields)."""
    return {"reserved_per_subnet": azure.RESERVED_PER_SUBNET}


def region_names(query: QueryDict) -> list[str]:
    """The region names given so far, from repeated or comma-separated `regions`; none when
    the list is over a cap (the form says so)."""
    try:
        names = DraftForm.base_fields["regions"].to_python(",".join(query.getlist("regions")))
    except ValidationError:
        return []
    return list(names or [])


def permalink(query: QueryDict, fields: Iterable[str] = PAGE_FIELDS) -> str:
    """The plan's own query string: the fields that have a value, nothing else."""
    kept = QueryDict(mutable=True)
    for name in fields:
        values = [value for value in query.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode(safe=",/")
