"""Page views: thin, form -> core -> render.

One template per page; an htmx request gets only its `#results` partial (plus the field errors,
the error summary and, when the count or the cloud changed, the region pickers, swapped out of
band). While the form is invalid, an htmx request from a page that shows a plan gets only those
out-of-band parts: the plan stays on screen, marked out of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url, reswap, retarget

from planner.core import InvalidInput, azure
from planner.core.deployed.graph import graph_command
from planner.core.draft import drafted
from planner.core.estate import Estate
from planner.core.renderers import plan_exports
from planner.core.show_endpoints import filled_summary, parse_show_endpoints
from planner.forms import (
    DEPLOYMENT_CHOICES,
    DEPLOYMENT_FIELDS,
    PageForm,
    SizingForm,
)
from planner.pages.excerpt import excerpt
from planner.pages.graph_fill import Pasted, fill_from_graph
from planner.pages.help import HELP, LABELS
from planner.pages.pickers import by_programmatic_name, region_pickers, resize
from planner.pages.samples import PLAN_QUERY
from planner.pages.shared import (
    SHOWN_HEADER,
    HtmxHttpRequest,
    PageAnswer,
    is_partial,
    keeps_shown,
)

PAGE_FIELDS = tuple(PageForm.base_fields)
ANCHORS = {"regions": "id_regions_1"}  # a fieldset: its first picker


# The paste boxes of the graph fill, by what each holds (their fields' names).
PASTE_BOXES = {Pasted.GRAPH: "graph", Pasted.ENDPOINT: "deployed"}


PASTE_FIELD = "endpoints"
FILLED_COOKIE = "planner_filled"  # the sentence saying what a paste filled, signed
PASTE_ERRORS = ("paste_error", "graph_error", "deployed_error")
GRAPH_FILLED_COOKIE = "planner_graph_filled"  # the sentence saying what was filled, signed
FILLED_SECONDS = 60
# A redirect carries the filled form's link in Location and the confirmation in a cookie. nginx
# reads an answer's headers into one memory page (proxy_buffer_size, 4 KiB) and answered 502
# past it (from about 300 scattered in-use addresses): a longer fill is answered at once.
MAX_REDIRECT_CHARACTERS = 2_000


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


@dataclass(frozen=True)
class SummaryLink:
    """One line of the error summary: a field, where it is on the page, its messages."""

    label: str
    anchor: str
    messages: list[str]


@csrf_exempt
@require_safe
@vary_on_headers("HX-Request", SHOWN_HEADER)
def home(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.copy()
    if "regions" in query:  # each region named as the link says it: westeurope
        query.setlist("regions", by_programmatic_name(query.getlist("regions"), query.get("cloud")))
    if request.htmx.trigger_name == "replica_count":  # pickers beyond a lowered count go
        query.setlist("regions", resize(region_names(query), query.get("replica_count")))
    response = page(
        request,
        query,
        paste_filled=confirmation(request, FILLED_COOKIE),
        graph_filled=confirmation(request, GRAPH_FILLED_COOKIE),
    )
    for cookie in (FILLED_COOKIE, GRAPH_FILLED_COOKIE):
        if request.COOKIES.get(cookie):  # confirmed once
            response.delete_cookie(cookie, path=reverse("home"), samesite="Lax")
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
        context = {"paste_error": str(error), **shown_again("pasted", pasted, refused=True)}
        if request.htmx:
            return render(request, "planner/home.html#paste", context)  # the box, with why
        return page(request, request.GET, **context)
    query = request.GET.copy()
    query["registry"] = shown.registry
    query["cloud"] = shown.cloud.value
    query.setlist("regions", [",".join(shown.regions)])
    query["replica_count"] = str(len(shown.regions))
    query["regional_endpoints"] = "true" if shown.regional_endpoints else ""
    # A GET: another site can link here with its own paste. The form is filled all the
    # same, but the page says "Filled from ..." only after a paste made on this site.
    summary = filled_summary(shown) if same_origin(request) else ""
    return filled(request, query, FILLED_COOKIE, summary, paste_filled=summary)


def same_origin(request: HttpRequest) -> bool:
    """Whether the browser says the request came from a page of this site (Fetch Metadata:
    Sec-Fetch-Site, sent by every current browser; without it, the answer is no)."""
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


# Posted, not a GET like the paste above: the graph's answer soon outgrows a request line. It
# changes nothing on the server, but the page after it says what was filled: CSRF-checked, so
# that another site cannot post its own graph and have this page confirm it.
@require_POST
@vary_on_headers("HX-Request")
def paste_graph(request: HtmxHttpRequest) -> HttpResponse:
    """Fills the subnet and the in-use addresses from `az graph query` output (and the
    endpoint's `az network private-endpoint show`): redirects to the permalink."""
    graph, endpoint = request.POST.get("graph", ""), request.POST.get("deployed", "")
    fill = fill_from_graph(graph, endpoint)
    if fill.state is None:
        refused = {PASTE_BOXES[pasted]: message for pasted, message in fill.problems}
        context = {
            **{f"{box}_error": message for box, message in refused.items()},
            **shown_again("graph_pasted", graph, refused="graph" in refused),
            **shown_again("deployed_pasted", endpoint, refused="deployed" in refused),
        }
        if request.htmx:
            context["graph_command"] = graph_command()
            return render(request, "planner/home.html#graph-paste", context)
        return page(request, request.POST, **context)
    query = request.POST.copy()
    query["subnet"] = str(fill.state.cidr)
    query["in_use"] = ",".join(fill.state.in_use)
    return filled(request, query, GRAPH_FILLED_COOKIE, fill.summary, graph_filled=fill.summary)


def shown_again(name: str, text: str, refused: bool) -> dict[str, str]:
    """A paste of a refused form as its box shows it again (its start, when long), and the
    note under the box."""
    shown = excerpt(text, refused)
    return {name: shown.text, f"{name}_note": shown.note}


def filled(
    request: HtmxHttpRequest, query: QueryDict, cookie: str, summary: str, **confirmation: str
) -> HttpResponse:
    """A redirect to the filled form's permalink. The page after it confirms what was filled
    (`summary`, none when ""), once: a short-lived signed cookie rather than a query
    parameter, which would stay in the permalink people share. A fill too long for a
    redirect's headers gets the filled page at once, with the `confirmation` (htmx swaps it
    in for the whole page)."""
    url = f"{reverse('home')}?{permalink(query)}"
    value = signing.dumps(summary, salt=cookie) if summary else ""
    if len(url) + len(value) > MAX_REDIRECT_CHARACTERS:
        response = page_answer(request, query, False, confirmation)
        if request.htmx:  # no link in a header either: it is as long
            retarget(reswap(push_url(response, False), "innerHTML"), "body")
        return response
    response = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if value:
        response.set_cookie(
            cookie, value, max_age=FILLED_SECONDS, path=reverse("home"),
            secure=request.is_secure(), httponly=True, samesite="Lax",
        )  # fmt: skip
    return response


def confirmation(request: HttpRequest, cookie: str) -> str:
    """The sentence saying what the paste just before this page filled (signed when it was
    made), or ""."""
    try:
        summary = signing.loads(
            request.COOKIES.get(cookie, ""), salt=cookie, max_age=FILLED_SECONDS
        )
    except signing.BadSignature:
        return ""
    return summary if isinstance(summary, str) else ""


def page(request: HtmxHttpRequest, query: QueryDict, **extra: str) -> HttpResponse:
    """The page for `query`, for htmx its partial; a bare `/` shows an empty form and no
    errors."""
    return page_answer(request, query, is_partial(request), extra)


def page_answer(
    request: HtmxHttpRequest, query: QueryDict, partial: bool, extra: dict[str, str]
) -> HttpResponse:
    form = PageForm(query if any(name in query for name in PAGE_FIELDS) else None)
    keep_shown = keeps_shown(request) and bool(form.errors)
    context = {
        "form": form,
        **outcome(form, query),
        "problems": problems(form),
        "labels": LABELS,
        "help": HELP,
        "sample_query": PLAN_QUERY,
        "deployment": [
            (form[name], DEPLOYMENT_CHOICES.get(name, ()), HELP[name]) for name in DEPLOYMENT_FIELDS
        ],
        "deployment_open": any(query.get(name) for name in DEPLOYMENT_FIELDS),
        "pickers": region_pickers(
            region_names(query), query.get("replica_count"), query.get("cloud")
        ),
        "clouds": {cloud.value: facts.label for cloud, facts in azure.CLOUDS.items()},
        "facts": azure_facts(),
        "graph_command": graph_command(),
        "oob": partial,
        "stale": keep_shown,
        "refresh_pickers": request.htmx.trigger_name in ("replica_count", "cloud"),
        **extra,
    }
    template = "planner/home.html"
    if partial:
        template += "#" + ("out-of-date" if keep_shown else "results")
    refused = form.errors or any(extra.get(box) for box in PASTE_ERRORS)
    return PageAnswer(template, context, bool(refused), keep_shown).response(request)


def problems(form: PageForm) -> list[SummaryLink]:
    """The error summary: each field with an error, in the form's order."""
    return [
        SummaryLink(
            LABELS[name], ANCHORS.get(name, f"id_{name}"), [str(m) for m in form.errors[name]]
        )
        for name in form.fields
        if name in form.errors
    ]


def outcome(form: PageForm, query: QueryDict) -> dict[str, Any]:
    """The plan, or the sizing by count, with its picture, what-ifs and links."""
    if not form.is_valid():
        return {}
    result, link = drafted(form.to_request()), permalink(query)
    counted = query.copy()  # the count validated, also when the link left it to the form
    counted["replica_count"] = str(result.sizing.replica_count)
    sizing_api = f"{reverse('api:sizing')}?{permalink(counted, SizingForm.base_fields)}"
    said = {
        "query": link,
        "what_ifs": result.what_ifs,
        "plan": result.plan,
        "pending": result.pending,
        "rows": result.rows,
        "sizing": result.sizing,
        "picture": result.picture,
        "api_url": sizing_api,
    }
    if result.estate is None:
        return said
    return {
        **said,
        "change_url": change_link(query),
        "estate": result.estate,
        "downloads": downloads(result.estate, link) if result.fits else [],
        "api_url": f"{reverse('api:plan')}?{link}",
    }


def downloads(result: Estate, query: str) -> list[Download]:
    return [
        Download(
            export.label,
            export.description,
            f"{reverse('api:plan-export', args=[export.name])}?{query}",
            export.filename_for(result),
        )
        for export in plan_exports().values()
        if export.offered(result)
    ]


# What the change page takes from a query string: the plan's registry and its endpoint's subnet.
CHANGE_FIELDS = ("registry", "cloud", "regional_endpoints", "subnet", "in_use")


def change_link(query: QueryDict) -> str:
    """The change page with this plan carried over: a deployed registry grows there, every
    current address kept."""
    carried = QueryDict(mutable=True)
    for name in CHANGE_FIELDS:
        if value := query.get(name, "").strip():
            carried[name] = value
    carried["regions"] = ",".join(region_names(query))
    return f"{reverse('day-two')}?{carried.urlencode(safe=',/')}"


def azure_facts() -> dict[str, str | int]:
    """The Azure facts the introduction quotes (the fields' help is on the form's fields)."""
    return {"reserved_per_subnet": azure.RESERVED_PER_SUBNET}


def region_names(query: QueryDict) -> list[str]:
    """The region names given so far, from repeated or comma-separated `regions`; none when
    the list is over a cap (the form says so)."""
    try:
        names = PageForm.base_fields["regions"].to_python(",".join(query.getlist("regions")))
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
