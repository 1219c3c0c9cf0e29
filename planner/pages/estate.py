"""The estate page: every private endpoint of a registry, planned together.

The form is POSTed (it holds many endpoints, with in-use lists that outgrow a link). htmx
re-plans as fields change and swaps in the `#results` partial, or `#rows` when a row is added
or removed; without JavaScript every button submits the form and gets a full page. Downloads
are POSTs of the same form, so they follow what is typed even before it is planned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from planner.core import azure
from planner.core.deployed.graph import graph_command
from planner.core.renderers import EXPORTS, UnknownPart
from planner.core.renderers.unavailable import FieldRefused
from planner.forms import DEPLOYMENT_CHOICES, DEPLOYMENT_FIELDS, DEPLOYMENT_LABELS
from planner.pages.estate_fields import (
    FILL_BOXES,
    HELP,
    MAX_ROWS,
    ROW_HELP,
    ROW_LABELS,
    Answer,
    EstateFields,
    FieldErrors,
    Filled,
    answer,
    fill_rows,
    read_upload,
    row_views,
)
from planner.pages.excerpt import Excerpt, excerpt
from planner.pages.help import HELP as PAGE_HELP
from planner.pages.samples import sample_text
from planner.pages.shared import (
    INVALID_PAGE,
    SHOWN_HEADER,
    HtmxHttpRequest,
    PageAnswer,
    is_partial,
    keeps_shown,
    too_long,
)

DOES_NOT_FIT = 409  # a download of an estate that does not fit, as the API answers it
FITTING = "fitting"  # a download's button asks for the endpoints that fit


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request", SHOWN_HEADER)
def estate_page(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET" and SAMPLE in request.GET:
        filled = read_upload(sample_text("estate").encode()).fields
        endpoints = len(filled.positions)
        shown = Shown(upload_filled=f"Filled with the sample estate: {endpoints} endpoints.")
        return respond(request, filled, answer(filled), shown)
    if request.method == "GET":
        return respond(request, EstateFields(), blank(EstateFields()))
    if too_long(request) or UPLOAD in request.POST:  # the form, with a document to upload
        return uploaded(request)
    fields = EstateFields.posted(request.POST)
    if "add" in request.POST or "remove" in request.POST:
        added = "add" in request.POST
        removed = request.POST.get("remove", "")
        fields = fields.with_row() if added else fields.without_row(removed)
        planned = blank(fields) if fields.untouched else answer(fields)
        focus = focus_after(fields, added, removed)
        return respond(request, fields, planned, Shown(rows_changed=True, focus=focus))
    return respond(request, fields, answer(fields))


def focus_after(fields: EstateFields, added: bool, removed: str) -> int | str | None:
    """The row to focus once a row is added (the new one) or removed (the one that took its
    place, or the Add button after the last row): not the top of the page."""
    if added:
        return len(fields.rows) - 1
    if not removed.isdecimal():
        return None
    return int(removed) if int(removed) < len(fields.rows) else ADD_BUTTON


@require_POST
def estate_upload(request: HtmxHttpRequest) -> HttpResponse:
    """Fills the form from an uploaded estate document (the API's JSON shape). The page posts
    it to /estate, so that the address stays the page's; this address stays for links."""
    return uploaded(request)


def uploaded(request: HtmxHttpRequest) -> HttpResponse:
    """The form filled from the uploaded document, and what filled it; when the document is
    missing or cannot be read, the form as it was posted, and why."""
    limit = settings.PLANNER_MAX_BODY_BYTES
    if too_long(request):  # refused unread, the fields too
        fields, document = EstateFields(), None
    else:
        fields, document = EstateFields.posted(request.POST), request.FILES.get("document")
    kept = blank(fields) if fields.untouched else answer(fields)
    if document is None or (document.size or 0) > limit:
        problem = f"Choose an estate document: a JSON file of at most {limit:,} bytes."
        return respond(request, fields, kept, Shown(upload_problem=problem, status=INVALID_PAGE))
    upload = read_upload(document.read())
    if upload.unread:
        shown = Shown(upload_problem=upload.problem, status=INVALID_PAGE)
        return respond(request, fields, kept, shown)
    endpoints = len(upload.fields.positions)
    name = (document.name or "the file")[:100]
    filled = f"Filled from {name}: {endpoints} endpoint{pluralize(endpoints)}."
    shown = Shown(upload_problem=upload.problem, upload_filled=filled)
    return respond(request, upload.fields, answer(upload.fields), shown)


UPLOAD = "upload"  # the name of the page's Upload button
SAMPLE = "sample"  # /estate?sample: the form filled with the sample estate


def pluralize(count: int) -> str:
    return "" if count == 1 else "s"


@require_POST
def estate_fill(request: HtmxHttpRequest) -> HttpResponse:
    """Fills the rows from `az network private-endpoint list` and `az graph query` output,
    keeping the registry fields; the boxes' problems next to them, the form as it was."""
    fields = EstateFields.posted(request.POST)
    boxes = {box: request.POST.get(box, "") for box in FILL_BOXES}
    fill = fill_rows(fields, *boxes.values())
    if fill.problems:
        planned = blank(fields) if fields.untouched else answer(fields)
        shown = {box: excerpt(text, box in fill.problems) for box, text in boxes.items()}
        return respond(
            request, fields, planned, Shown(fill=fill, pasted=shown, status=INVALID_PAGE)
        )
    return respond(request, fill.fields, answer(fill.fields), Shown(fill=fill))


@require_POST
def estate_document(request: HtmxHttpRequest) -> HttpResponse:
    """The form as an estate document, to keep (in a git repository) and upload again."""
    fields = EstateFields.posted(request.POST)
    if fields.dropped_rows:  # the document would lose them: said on the page instead
        return respond(request, fields, answer(fields), Shown(status=DOES_NOT_FIT))
    text = json.dumps(fields.document(), indent=2) + "\n"
    return attachment(text, "application/json", fields.filename)


@require_POST
def estate_download(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """An export of the planned estate, as the API's /estate/<format> gives it; the page
    with its problems when there is nothing to download."""
    export = EXPORTS.get(name)
    if export is None:
        raise Http404("No such estate export.")
    fields = EstateFields.posted(request.POST)
    planned = answer(fields)
    if planned.estate is None:
        return respond(request, fields, planned)
    # The endpoints that fit, when asked for (FITTING) while another does not.
    chosen = planned.fitting if FITTING in request.POST else None
    if not planned.estate.fits and chosen is None:
        return respond(request, fields, planned, Shown(status=DOES_NOT_FIT))
    chosen = chosen or planned.estate
    part = request.POST.get("part") if export.part else None
    try:
        content = export.render(chosen, part)
    except (UnknownPart, FieldRefused) as problem:
        return respond(request, fields, planned, Shown(download_problem=str(problem), status=404))
    return attachment(content, export.media_type, export.filename_for(chosen, part))


def blank(fields: EstateFields) -> Answer:
    """No answer and no problems yet: the page as first opened."""
    return Answer(FieldErrors.placed({}, fields), tried=False)


def attachment(content: str | bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass(frozen=True)
class Shown:
    """What the page shows besides its fields and their answer, and the status, when not the
    answer's own."""

    rows_changed: bool = False  # a row was added or removed: htmx swaps the rows
    focus: int | str | None = None  # the row to focus after that, or ADD_BUTTON
    upload_problem: str = ""
    upload_filled: str = ""  # what an upload filled in
    download_problem: str = ""
    fill: Filled | None = None  # what a paste of az output filled in
    pasted: dict[str, Excerpt] = field(default_factory=dict)  # refused pastes, shown again
    status: int | None = None


ADD_BUTTON = "add-endpoint"  # the id of the Add button, focused after the last row goes


def respond(
    request: HtmxHttpRequest, fields: EstateFields, planned: Answer, shown: Shown = Shown()
) -> HttpResponse:
    """The page; for htmx its `#results` partial (or `#rows` when a row was added or
    removed), with the error slots around it swapped out of band. While the fields are
    invalid, an htmx request from a page that shows an estate gets only the error slots and
    the status line: the estate stays on screen, marked out of date (as on the plan page)."""
    partial = is_partial(request)
    keep_shown = keeps_shown(request) and planned.invalid and not shown.rows_changed
    context = page_context(fields, planned, shown) | {"oob": partial, "stale": keep_shown}
    part, oob = partial_of(planned, shown.rows_changed) if partial else ("", {})
    part = "#out-of-date" if keep_shown else part
    template = "planner/estate.html" + part
    answer = PageAnswer(template, context | oob, planned.invalid, keep_shown, shown.status)
    response = answer.response(request)
    if partial and shown.focus == ADD_BUTTON:  # outside the rows htmx swaps: planner.js
        trigger_client_event(response, "planner:focus", {"id": ADD_BUTTON}, after="settle")
    return response


def partial_of(planned: Answer, rows_changed: bool) -> tuple[str, dict[str, Any]]:
    """The partial htmx swaps in, and the error slots swapped out of band around it."""
    if rows_changed:
        return "#rows-update", {
            "results_oob": True,
            "oob_slots": planned.errors.outside_rows(),
        }
    return "#results", {"oob_slots": planned.errors.slots()}


def page_context(fields: EstateFields, planned: Answer, shown: Shown) -> dict[str, Any]:
    return {
        "fields": fields,
        "rows": row_views(fields, planned.errors),
        "row_help": [
            (f"id_endpoints-help-{name}", ROW_LABELS[name], text) for name, text in ROW_HELP.items()
        ],
        "answer": planned,
        "max_rows": MAX_ROWS,
        "focus": shown.focus,
        "upload_problem": shown.upload_problem,
        "upload_filled": shown.upload_filled,
        "download_problem": shown.download_problem,
        "fill": shown.fill,
        "pasted": shown.pasted,
        "graph_command": graph_command(),
        "help": HELP,
        "deployment": [  # the registry's deployment fields: each endpoint row may override
            (
                name,
                DEPLOYMENT_LABELS[name],
                DEPLOYMENT_CHOICES.get(name, ()),
                getattr(fields, name),
                planned.errors.top.get(name, []),
                PAGE_HELP[name],
            )
            for name in DEPLOYMENT_FIELDS
        ],
        "deployment_open": any(
            getattr(fields, name) or planned.errors.top.get(name) for name in DEPLOYMENT_FIELDS
        ),
        "exports": [
            export
            for export in EXPORTS.values()
            if export.whole and (export.name != "forwarders" or fields.resolver_ip.strip())
        ],
        "clouds": {cloud.value: facts.label for cloud, facts in azure.CLOUDS.items()},
    }
