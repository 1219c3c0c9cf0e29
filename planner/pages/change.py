"""The day-two page: paste what az prints about one private endpoint, its zone's records and
the registry, then plan a change or check for drift. The fields become the document the API
takes, read by the same code; several endpoints go through the API or the CLI.

Without JavaScript the form posts and gets the whole page; htmx swaps in `#day-two-results`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from planner.core.change.decide import change
from planner.core.change.values import Change
from planner.core.deployed.graph import graph_command
from planner.core.deployed.places import Unreadable, load_json
from planner.core.drift import Drift, drift
from planner.core.inputs import spaced_names
from planner.core.renderers.day_two import (
    change_runbook,
    drift_document,
    drift_script,
    endpoint_verify,
)
from planner.forms.day_two_document import read_change, read_drift
from planner.forms.estate import DocumentInvalid
from planner.pages.change_upload import read_uploads
from planner.pages.excerpt import Excerpt, excerpt
from planner.pages.samples import sample
from planner.pages.shared import (
    HtmxHttpRequest,
    PageAnswer,
    field_at,
    is_partial,
    too_long,
)

TEXT_FIELDS = ("registry", "regions", "subnet", "in_use", "zone")
# What a link may fill in (the plan page's "Plan a change" carries its plan over).
PREFILLED = (*TEXT_FIELDS, "cloud", "regional_endpoints")
JSON_FIELDS = {  # the field, and what to paste in it
    "deployed": "az network private-endpoint show --resource-group=<group> --name <endpoint>",
    "graph": "the az graph query below",
    "records": (
        "az network private-dns record-set a list --resource-group=<group> "
        "--zone-name privatelink.azurecr.io"
    ),
    "replications": "az acr replication list -r <registry>",
    "acr_show": "az acr show -n <registry>",
    "zone_groups": (
        "az network private-endpoint dns-zone-group list --resource-group=<group> "
        "--endpoint-name <endpoint>"
    ),
}
# Each box's label: what the JSON is of, in words (not the document's field name).
JSON_LABELS = {
    "deployed": "Deployed",
    "graph": "Graph",
    "records": "Records",
    "replications": "Replications",
    "acr_show": "Registry",
    "zone_groups": "Zone groups",
}
# The error list's names of the fields (the boxes by what their JSON is of).
ERROR_LABELS = {
    **JSON_LABELS,
    "files": "Files",
    "registry": "Registry name",
    "regions": "Regions",
    "subnet": "Subnet",
    "in_use": "Addresses in use",
    "zone_file": "Zone file",
    "zone": "Zone",
}
# Where a problem's JSON pointer lands on the page.
FIELD_OF_PLACE = {
    "/endpoints/0/deployed": "deployed",
    "/endpoints/0/subnet": "subnet",
    "/endpoints/0/in_use": "in_use",
    "/endpoints/0/zone_groups": "zone_groups",
    "/endpoints": "deployed",
    "/graph": "graph",
    "/records": "records",
    "/zone_file": "zone_file",
    "/replications": "replications",
    "/acr_show": "acr_show",
    "/zone": "zone",
}


@dataclass
class DayTwoAnswer:
    action: str = ""
    change: Change | None = None
    drift: Drift | None = None
    runbook: str = ""
    verify: list[tuple[str, str]] = field(default_factory=list)  # endpoint, its check script
    findings: list[dict[str, Any]] = field(default_factory=list)  # drift's, as the API says them
    fixes: str = ""  # drift's fixes as one script
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # field, place, message

    @property
    def registry(self) -> str:
        """The registry answered for: as given, or as the pasted JSON named it."""
        if self.change is not None:
            return self.change.registry.name
        return self.drift.registry if self.drift is not None else ""

    @property
    def high(self) -> int:
        """Drift's findings of high severity: clients fail or leave through the public path."""
        return sum(finding["severity"] == "high" for finding in self.findings)

    @property
    def scripts(self) -> list[tuple[str, str, str]]:
        """Each endpoint's check script with its file name: verify.sh, as the runbook runs
        it, when there is one endpoint."""
        one = len(self.verify) == 1
        return [(name, "verify.sh" if one else f"verify-{name}.sh", s) for name, s in self.verify]


def document_of(posted: Any) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The API's document from the form's fields; pasted JSON that cannot be read is a
    problem of its field."""
    endpoint: dict[str, Any] = {}
    problems: list[tuple[str, str, str]] = []
    document: dict[str, Any] = {"endpoints": [endpoint]}
    for name, value in pasted(posted, problems):
        (endpoint if name in ENDPOINT_PASTES else document)[name] = value
    document |= typed(posted, set(document))
    if subnet := posted.get("subnet", "").strip():
        endpoint |= {"subnet": subnet, "in_use": posted.get("in_use", "").strip()}
    if "deployed" not in endpoint and not any(p[0] == "deployed" for p in problems):
        problems.append(("deployed", "", "Paste the JSON of az network private-endpoint show."))
    return document, problems


ENDPOINT_PASTES = ("deployed", "zone_groups")  # the endpoint's own; the rest the document's


def pasted(posted: Any, problems: list[tuple[str, str, str]]) -> list[tuple[str, Any]]:
    """The pasted boxes that hold JSON, read; a box that cannot be read is a problem."""
    read = []
    for name in JSON_FIELDS:
        if text := posted.get(name, "").strip():
            try:
                read.append((name, load_json(text, f"The {name} box")))
            except Unreadable as problem:
                problems.append((name, "", str(problem)))
    return read


def typed(posted: Any, given: set[str]) -> dict[str, Any]:
    """The document's typed fields: the registry (else the endpoint's connection names it),
    the cloud, the regions (unless az acr's output stands for them), regional endpoints when
    ticked (unticked: as az acr show says, or off), the zone file and the zone."""
    typed: dict[str, Any] = {}
    for name in ("registry", "cloud", "zone"):
        if value := posted.get(name, "").strip():
            typed[name] = value
    # One input per region, by either of its names ("West Europe" keeps its space); one input
    # may still hold a list, by commas or as programmatic names by spaces.
    regions = [name.strip() for given in posted.getlist("regions") for name in given.split(",")]
    if any(regions) or not {"replications", "acr_show"} & given:
        typed["regions"] = [word for name in regions if name for word in spaced_names(name)]
    if posted.get("regional_endpoints") == "true":
        typed["regional_endpoints"] = True
    if (zone_file := posted.get("zone_file", "")).strip():
        typed["zone_file"] = zone_file
    return typed


def answer(posted: Any, document: dict[str, Any] | None = None) -> DayTwoAnswer:
    """The change or the drift of `document` (a day-two document given whole), else of the
    document the form's fields make."""
    action = "drift" if posted.get("action") == "drift" else "change"
    if document is None:
        document, problems = document_of(posted)
        if problems:
            return DayTwoAnswer(action, errors=problems)
    try:
        if action == "drift":
            found = drift(read_drift(document))
            findings = drift_document(found)["findings"]
            return DayTwoAnswer(action, drift=found, findings=findings, fixes=drift_script(found))
        planned = change(read_change(document))
        scripts = [(e.name, endpoint_verify(planned, e.name)) for e in planned.endpoints]
        return DayTwoAnswer(action, planned, runbook=change_runbook(planned), verify=scripts)
    except DocumentInvalid as invalid:
        errors = [
            (field_at(place, FIELD_OF_PLACE, "deployed"), place, message)
            for place, messages in invalid.errors.items()
            for message in messages
        ]
        return DayTwoAnswer(action, errors=errors)


UPLOADS = "files"  # the file input's name
SAMPLE = "sample"  # /change?sample: the boxes filled with the sample document


def posted_answer(request: HtmxHttpRequest) -> tuple[QueryDict, DayTwoAnswer, list[str]]:
    """The form as posted with what its files filled, its answer, and what the files held."""
    if too_long(request):  # refused unread
        limit = settings.PLANNER_MAX_BODY_BYTES
        problem = f"The form and its files are larger than {limit:,} bytes; give fewer or smaller."
        return QueryDict(mutable=True), DayTwoAnswer(errors=[(UPLOADS, "", problem)]), []
    posted = request.POST.copy()
    uploaded = read_uploads(request.FILES.getlist(UPLOADS), settings.PLANNER_MAX_BODY_BYTES)
    for name, value in uploaded.fields.items():
        posted.setlist(name, value if isinstance(value, list) else [value])
    if uploaded.problems:
        errors = [(UPLOADS, "", problem) for problem in uploaded.problems]
        return posted, DayTwoAnswer(errors=errors), uploaded.read
    return posted, answer(posted, uploaded.document), uploaded.read


def sample_fields() -> tuple[QueryDict, str]:
    """The form filled from the sample day-two document (the registry, the regions wanted,
    and each box with its JSON as az prints it), and the sentence that says so."""
    document = sample("change")
    fields = QueryDict(mutable=True)
    fields["registry"] = document["registry"]
    fields.setlist("regions", document["regions"])
    boxes = {**document["endpoints"][0], **document}
    for name in JSON_FIELDS:
        if name in boxes:
            fields[name] = json.dumps(boxes[name], indent=2)
    regions = ", ".join(document["regions"])
    return fields, (
        f"Filled with a sample: {document['registry']}, its regions wanted {regions}. "
        "Choose Plan the change, or Check drift."
    )


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def day_two_page(request: HtmxHttpRequest) -> HttpResponse:
    sample_note = ""
    if request.method == "POST":
        posted, result, read = posted_answer(request)
    elif SAMPLE in request.GET:  # the sample's boxes filled in, to be planned or checked
        (posted, sample_note), result, read = sample_fields(), DayTwoAnswer(), []
    else:  # a link may fill the fields in; nothing is answered before the form is sent
        posted, result, read = QueryDict(mutable=True), DayTwoAnswer(), []
        for name in PREFILLED:
            if name in request.GET:
                posted.setlist(name, request.GET.getlist(name))
    if result.registry and not posted.get("registry", "").strip():
        posted["registry"] = result.registry  # what the endpoint's connection names
    partial = is_partial(request)
    refused = {name for name, _, _ in result.errors}

    def excerpt_of(name: str) -> Excerpt:
        """A paste as its box shows it again: its start when long and the form was refused."""
        text = posted.get(name, "")
        return excerpt(text, name in refused) if result.errors else Excerpt(text)

    context = {
        "posted": posted,
        "answer": result,
        "read": read,
        "errors": [  # each problem by its field's label, linked to the field
            (name, ERROR_LABELS.get(name, name), place, message)
            for name, place, message in result.errors
        ],
        "sample_note": sample_note,
        "error_fields": refused,
        "json_fields": [
            (name, JSON_LABELS[name], source, excerpt_of(name))
            for name, source in JSON_FIELDS.items()
        ],
        "zone_file": excerpt_of("zone_file"),
        "graph_command": graph_command(),
    }
    template = "planner/change.html#results" if partial else "planner/change.html"
    return PageAnswer(template, context, bool(result.errors)).response(request)
