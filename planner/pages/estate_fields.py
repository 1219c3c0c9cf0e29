"""The estate page's form: its fields as typed, the estate document they stand for, and that
document's problems (keyed by JSON pointer) placed back on the fields.

The form posts plain indexed names: `registry`, `cloud`, `regions`, `regional_endpoints`, `dns`,
`zone_id`, `allocation`, `resolver_ip`, then per endpoint row `endpoints-N-name`, `-subnet`,
`-in_use`, `-zone_scope` and the row's own `-dns`, `-zone_id` and `-allocation`, then
`what_if-add_regions`, `what_if-add_replicas` and `what_if-enable_regional_endpoints`. They
become the JSON document that POST /api/v1/estate takes, and read_estate() validates it: the
page has no rules of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict

from planner.core import Cloud
from planner.core.addresses import count
from planner.core.deployed.endpoints import DeployedEndpoint, EndpointList, read_private_endpoints
from planner.core.deployed.graph import (
    SubnetInventory,
    SubnetState,
    endpoint_state,
    networks_of,
    read_graph,
)
from planner.core.deployed.places import MAX_TEXT_CHARACTERS, Unreadable, described, load_json
from planner.core.estate import EndpointPlan, Estate, EstateRequest, Growth, estate, fitting
from planner.core.inputs import split_list, split_names
from planner.core.model import AddressMode, DnsMode
from planner.core.network import Network, network_document
from planner.core.subnet_map import MOST_CELLS, SharedSubnet, SubnetMap, plan_map
from planner.forms import DEPLOYMENT_FIELDS, ListField, StrictBooleanField
from planner.forms.estate import (
    DOCUMENT_KEYS,
    MAX_ENDPOINTS,
    DocumentInvalid,
    EndpointForm,
    EstateRegistryForm,
    WhatIfForm,
    read_estate,
)
from planner.pages.help import HELP as PAGE_HELP
from planner.pages.shared import pointer_parts

# Rows the page holds: Azure's default limit of endpoints per registry (seven fields a row stay
# under the settings' DATA_UPLOAD_MAX_NUMBER_FIELDS). The API plans up to MAX_ENDPOINTS.
MAX_ROWS = 200
assert MAX_ROWS <= MAX_ENDPOINTS

REGISTRY_FIELDS = tuple(EstateRegistryForm.base_fields)
ROW_FIELDS = tuple(EndpointForm.base_fields)  # name, subnet, in_use, zone_scope, dns...
WHAT_IF_FIELDS = tuple(WhatIfForm.base_fields)
ROW_NAME = re.compile(r"endpoints-(\d{1,6})-(?:" + "|".join(ROW_FIELDS) + ")")
WHOLE = "whole"  # the key of a problem with a whole part: the document, a row, the what-if
TRUE_WORDS = StrictBooleanField.true_words
TOP_SLOTS = (*REGISTRY_FIELDS, "endpoints", WHOLE)  # "endpoints": the list as a whole

GRAPH_BOX = "graph"  # the estate fill's box for az graph query's output


def split_field(text: str, split: Callable[[str], list[str]] = split_list) -> list[str]:
    """The items of a comma- or space-separated field, as the API's forms split them (region
    names by commas only: a display name has spaces)."""
    return ListField(split=split).to_python(text)


def field_text(value: Any, separator: str = ", ") -> str:
    """A document's value as a form field shows it: a list of strings joined; any other
    non-string as JSON, so that its error message still has something to point at."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return separator.join(value)
    return json.dumps(value)


def checked(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in TRUE_WORDS)


@dataclass(frozen=True)
class EndpointRow:
    name: str = ""
    subnet: str = ""
    in_use: str = ""
    zone_scope: str = ""
    dns: str = ""
    zone_id: str = ""
    allocation: str = ""

    @property
    def blank(self) -> bool:
        """A row nothing was typed into yet: left out of the document."""
        return not any(getattr(self, name).strip() for name in ROW_FIELDS)

    def document(self) -> dict[str, Any]:
        item: dict[str, Any] = {"name": self.name, "subnet": self.subnet}
        item["in_use"] = split_field(self.in_use)
        for name in ("zone_scope", "dns", "zone_id", "allocation"):
            if value := getattr(self, name):
                item[name] = value
        return item


def carried_drop(data: QueryDict) -> int:
    """The rows an upload left out, carried by the form (its hidden `dropped_rows`) until the
    person leaves them out on purpose (the `leave_out` button): a form that lost rows is
    never planned or saved as if it were the whole estate."""
    if data.get("leave_out"):
        return 0
    text = data.get("dropped_rows", "")
    if not (text.isascii() and text.isdecimal() and len(text) <= 7):
        return 0
    return min(int(text), MAX_ENDPOINTS)


@dataclass(frozen=True)
class EstateFields:
    """What the page's form holds, as typed."""

    registry: str = ""
    cloud: str = Cloud.PUBLIC.value
    regions: str = ""
    regional_endpoints: bool = False
    dns: str = ""
    zone_id: str = ""
    allocation: str = ""
    resolver_ip: str = ""
    rows: tuple[EndpointRow, ...] = (EndpointRow(),)
    add_regions: str = ""
    add_replicas: str = ""
    enable_regional_endpoints: bool = False
    dropped_rows: int = 0  # rows past MAX_ROWS, posted or uploaded
    networks: str = ""  # the document's networks as JSON: filled from the graph, kept as is

    @classmethod
    def posted(cls, data: QueryDict) -> EstateFields:
        indices = sorted({int(found[1]) for key in data if (found := ROW_NAME.fullmatch(key))})
        rows = tuple(
            EndpointRow(*(data.get(f"endpoints-{index}-{name}", "") for name in ROW_FIELDS))
            for index in indices[:MAX_ROWS]
        )
        return cls(
            registry=data.get("registry", ""),
            cloud=data.get("cloud", ""),
            regions=", ".join(data.getlist("regions")),
            regional_endpoints=checked(data.get("regional_endpoints")),
            **{name: data.get(name, "") for name in DEPLOYMENT_FIELDS},
            rows=rows or (EndpointRow(),),
            add_regions=", ".join(data.getlist("what_if-add_regions")),  # an input each
            add_replicas=data.get("what_if-add_replicas", ""),
            enable_regional_endpoints=checked(data.get("what_if-enable_regional_endpoints")),
            dropped_rows=max(len(indices) - MAX_ROWS, 0) + carried_drop(data),
            networks=data.get("networks", ""),
        )

    @classmethod
    def of_document(cls, document: Mapping[str, Any]) -> EstateFields:
        """The fields that stand for an uploaded document."""
        items = document.get("endpoints")
        items = items if isinstance(items, list) else []
        rows = tuple(
            EndpointRow(*(field_text(item.get(name)) for name in ROW_FIELDS))
            if isinstance(item, dict)
            else EndpointRow()
            for item in items[:MAX_ROWS]
        )
        what_if = document.get("what_if")
        what_if = what_if if isinstance(what_if, dict) else {}
        return cls(
            registry=field_text(document.get("registry")),
            cloud=field_text(document.get("cloud")) or Cloud.PUBLIC.value,
            regions=field_text(document.get("regions")),
            regional_endpoints=checked(document.get("regional_endpoints")),
            **{name: field_text(document.get(name)) for name in DEPLOYMENT_FIELDS},
            rows=rows or (EndpointRow(),),
            add_regions=field_text(what_if.get("add_regions")),
            add_replicas=field_text(what_if.get("add_replicas")),
            enable_regional_endpoints=checked(what_if.get("enable_regional_endpoints")),
            dropped_rows=max(len(items) - MAX_ROWS, 0),
            networks=json.dumps(document["networks"]) if "networks" in document else "",
        )

    @property
    def positions(self) -> tuple[int, ...]:
        """The row of each endpoint in the document (blank rows are left out)."""
        return tuple(index for index, row in enumerate(self.rows) if not row.blank)

    def document(self) -> dict[str, Any]:
        """The estate document, as POST /api/v1/estate takes it and read_estate() reads it."""
        document: dict[str, Any] = {
            "registry": self.registry,
            "cloud": self.cloud,
            "regions": split_field(self.regions, split_names),
            "regional_endpoints": self.regional_endpoints,
            **{name: value for name in DEPLOYMENT_FIELDS if (value := getattr(self, name))},
            "endpoints": [self.rows[index].document() for index in self.positions],
        }
        what_if: dict[str, Any] = {}
        if self.add_regions.strip():
            what_if["add_regions"] = split_field(self.add_regions, split_names)
        if replicas := self.add_replicas.strip():
            what_if["add_replicas"] = int(replicas) if replicas.isdecimal() else replicas
        if self.enable_regional_endpoints:
            what_if["enable_regional_endpoints"] = True
        if what_if:
            document["what_if"] = what_if
        if self.networks.strip():
            document["networks"] = parsed(self.networks)
        return document

    @property
    def filename(self) -> str:
        """The document's file name: the registry's, when it is a plain name."""
        name = self.registry.strip().lower()
        return f"{name if name.isalnum() and name.isascii() else 'registry'}-estate-input.json"

    @property
    def untouched(self) -> bool:
        """Nothing typed yet: adding a row to an empty form need not list what is missing."""
        typed = (self.registry, self.regions, self.add_regions, self.add_replicas)
        return not any(text.strip() for text in typed) and all(row.blank for row in self.rows)

    @property
    def asks_what_if(self) -> bool:
        """Whether a what-if is typed: its answer has something to say."""
        typed = (self.add_regions, self.add_replicas)
        return any(text.strip() for text in typed) or self.enable_regional_endpoints

    @property
    def full(self) -> bool:
        return len(self.rows) >= MAX_ROWS

    def with_row(self) -> EstateFields:
        return self if self.full else replace(self, rows=(*self.rows, EndpointRow()))

    def without_row(self, index: str) -> EstateFields:
        """The fields without row `index` (counted from 0); the last row stays."""
        if not index.isdecimal() or int(index) >= len(self.rows) or len(self.rows) == 1:
            return self
        return replace(self, rows=tuple(r for i, r in enumerate(self.rows) if i != int(index)))


Messages = dict[str, list[str]]


@dataclass(frozen=True)
class FieldErrors:
    """A document's problems on the page's fields: `top` by registry field name (`endpoints`
    for the list, WHOLE for the document), `rows` by row field name (WHOLE for the row),
    `what_if` by what-if field name (WHOLE for the what-if)."""

    top: Messages = field(default_factory=dict)
    rows: tuple[Messages, ...] = ()
    what_if: Messages = field(default_factory=dict)

    @classmethod
    def placed(cls, errors: Messages, fields: EstateFields) -> FieldErrors:
        top: Messages = {}
        rows: tuple[Messages, ...] = tuple({} for _ in fields.rows)
        what_if: Messages = {}
        positions = fields.positions
        for pointer, messages in errors.items():
            head, second, third = [*pointer_parts(pointer), "", "", ""][:3]
            if head == "endpoints" and second.isdecimal() and int(second) < len(positions):
                row = rows[positions[int(second)]]
                row.setdefault(third if third in ROW_FIELDS else WHOLE, []).extend(messages)
            elif head == "what_if":
                name = second if second in WHAT_IF_FIELDS else WHOLE
                what_if.setdefault(name, []).extend(messages)
            else:
                name = head if head in TOP_SLOTS else WHOLE
                top.setdefault(name, []).extend(messages)
        if fields.dropped_rows:
            top.setdefault("endpoints", []).append(
                f"The page holds at most {MAX_ROWS} endpoints; {fields.dropped_rows} more were "
                "left out, so nothing is planned or saved (the estate's document would lose "
                f"them): POST /api/v1/estate plans up to {MAX_ENDPOINTS:,}, or leave them out "
                f"to plan these {MAX_ROWS}."
            )
        return cls(top, rows, what_if)

    def slots(self) -> list[tuple[str, list[str]]]:
        """Every error slot of the page, by element id (without "-error"), with its messages:
        empty ones too, so that an htmx answer clears what was corrected."""
        slots = [(slot_id("", name), self.top.get(name, [])) for name in TOP_SLOTS]
        slots += [
            (slot_id(f"endpoints-{index}", name), messages.get(name, []))
            for index, messages in enumerate(self.rows)
            for name in (*ROW_FIELDS, WHOLE)
        ]
        slots += [
            (slot_id("what_if", name), self.what_if.get(name, []))
            for name in (*WHAT_IF_FIELDS, WHOLE)
        ]
        return slots

    def outside_rows(self) -> list[tuple[str, list[str]]]:
        return [slot for slot in self.slots() if not slot[0].startswith("id_endpoints-")]


def slot_id(prefix: str, name: str) -> str:
    """The id of a field (or of the fieldset of a whole part): id_registry, id_endpoints-2-subnet,
    id_endpoints-2, id_what_if-add_regions, id_what_if; id_estate for the whole document."""
    if name == WHOLE:
        return f"id_{prefix or 'estate'}"
    return f"id_{prefix}-{name}" if prefix else f"id_{name}"


@dataclass(frozen=True)
class Card:
    endpoint: EndpointPlan
    picture: SubnetMap
    cautions: tuple[str, ...]  # the endpoint's own; those every endpoint has are said once


@dataclass(frozen=True)
class Answer:
    """The page's answer to its fields: the estate, or the problems on the fields."""

    errors: FieldErrors
    request: EstateRequest | None = None
    estate: Estate | None = None
    cards: tuple[Card, ...] = ()
    cautions: tuple[str, ...] = ()  # the estate's, and those every endpoint has
    tried: bool = True  # False before anything was asked: no answer and no problems yet
    fitting: Estate | None = None  # the endpoints that fit, when others do not: their files

    @property
    def invalid(self) -> bool:
        """Asked, and answered with problems rather than an estate."""
        return self.tried and self.estate is None

    @property
    def short(self) -> tuple[EndpointPlan, ...]:
        """The endpoints that lack addresses."""
        endpoints = self.estate.endpoints if self.estate else ()
        return tuple(endpoint for endpoint in endpoints if not endpoint.plan.fits)

    @property
    def short_by(self) -> int:
        """The most addresses a subnet lacks for its endpoints: 0 when every one fits."""
        subnets = self.estate.short if self.estate else ()
        return max((subnet.missing for subnet in subnets), default=0)

    @property
    def what_if(self) -> Growth | None:
        return self.request.what_if if self.request else None

    @property
    def change(self) -> str:
        return change(self.what_if) if self.what_if else ""

    @property
    def left_out(self) -> str:
        """Which endpoints the page does not draw, when it leaves some out; else ""."""
        if self.estate is None or len(self.cards) == len(endpoints := self.estate.endpoints):
            return ""
        members = sum(len(endpoint.plan.allocations) for endpoint in endpoints)
        return (
            f"Drawn below are the first {len(self.cards)} of {len(endpoints)} endpoints: the "
            f"page draws up to {MAX_DRAWN_MEMBERS:,} members' addresses and records, and this "
            f"estate has {members:,}. The downloads hold every endpoint."
        )


# A page draws the endpoints in order while their members fit in MAX_DRAWN_MEMBERS (the rows of
# their allocation and record tables), and their pictures share MAX_DRAWN_CELLS: one cell per
# address of every /22 made 200 endpoints a 13 MB page. Each picture draws an equal share (a
# power of two) around its planned addresses.
MAX_DRAWN_CELLS = 4 * MOST_CELLS  # four whole /22s; 200 endpoints get 16 addresses each
MAX_DRAWN_MEMBERS = 2_000  # 200 endpoints of 3 regions with regional endpoints: 1,400


def drawn_endpoints(result: Estate) -> int:
    """How many endpoints, in order, a page draws: as many as MAX_DRAWN_MEMBERS hold, and at
    least one."""
    members = 0
    for drawn, endpoint in enumerate(result.endpoints):
        members += len(endpoint.plan.allocations)
        if members > MAX_DRAWN_MEMBERS:
            return max(drawn, 1)
    return len(result.endpoints)


def pictures(result: Estate) -> list[SubnetMap]:
    """The pictures a page draws: of the endpoints it draws, each in its share of cells and
    in its subnet as that endpoint was planned in it."""
    drawn = drawn_endpoints(result)
    most_cells = cells_each(drawn)
    shared = shared_subnets(result)
    return [
        plan_map(e.subnet.subnet, e.plan, most_cells, shared.get(e.subnet.cidr))
        for e in result.endpoints[:drawn]
    ]


def shared_subnets(result: Estate) -> dict[str, SharedSubnet]:
    """Each shared subnet's planned addresses, for the pictures of the endpoints in it."""
    planned: dict[str, list[int]] = {s.cidr: [] for s in result.subnets if s.shared}
    for endpoint in result.endpoints:
        if endpoint.subnet.cidr in planned:
            planned[endpoint.subnet.cidr].extend(endpoint.plan.sizing.addresses)
    return {
        cidr: SharedSubnet.of(result.subnet_of[cidr].subnet, addresses)
        for cidr, addresses in planned.items()
    }


def cells_each(endpoints: int) -> int:
    """Each picture's share of MAX_DRAWN_CELLS: a power of two, at most a whole /22."""
    share = max(MAX_DRAWN_CELLS // max(endpoints, 1), 1)
    return min(1 << (share.bit_length() - 1), MOST_CELLS)


def answer(fields: EstateFields) -> Answer:
    try:
        request = read_estate(fields.document())
    except DocumentInvalid as problem:
        return Answer(FieldErrors.placed(problem.errors, fields))
    errors = FieldErrors.placed({}, fields)
    if fields.dropped_rows:
        return Answer(errors)
    result = estate(request)
    drawn = pictures(result)
    own = [endpoint.plan.sizing.cautions for endpoint in result.endpoints]
    common = tuple(caution for caution in own[0] if all(caution in other for other in own))
    cards = tuple(
        Card(endpoint, picture, tuple(caution for caution in cautions if caution not in common))
        for endpoint, picture, cautions in zip(
            result.endpoints[: len(drawn)], drawn, own[: len(drawn)], strict=True
        )
    )
    part = fitting(request, result)
    fit = estate(part) if part is not None else None
    return Answer(errors, request, result, cards, (*result.warnings, *common), fitting=fit)


def change(what_if: Growth) -> str:
    """The what-if's change in words: "adding westus2 and enabling regional endpoints"."""
    parts = []
    if what_if.add_regions:
        parts.append(f"adding {', '.join(what_if.add_regions)}")
    if what_if.add_replicas:
        parts.append(f"adding {what_if.add_replicas} replica(s)")
    if what_if.enable_regional_endpoints:
        parts.append("enabling regional endpoints")
    return " and ".join(parts) or "no change"


@dataclass(frozen=True)
class Upload:
    """An uploaded estate document as the form's fields, and what could not be read."""

    fields: EstateFields
    problem: str = ""
    unread: bool = False  # nothing could be read: the form keeps what it had


def flag_problems(document: dict[str, Any]) -> list[str]:
    """The document's true/false fields that POST /api/v1/estate refuses, with its message:
    an upload must not read `regional_endpoints: 1` or "maybe" as off."""
    what_if = document.get("what_if")
    flags = {
        "regional_endpoints": document.get("regional_endpoints"),
        "what_if/enable_regional_endpoints": (
            what_if.get("enable_regional_endpoints") if isinstance(what_if, dict) else None
        ),
    }
    problems = []
    for name, value in flags.items():
        try:
            StrictBooleanField(required=False).clean(value)
        except ValidationError as error:
            problems.append(f"{name}: {' '.join(error.messages)}")
    return problems


def read_upload(content: bytes) -> Upload:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        return Upload(EstateFields(), f"The file is not a JSON document ({error}).", True)
    if not isinstance(document, dict):
        return Upload(
            EstateFields(), "An estate document is a JSON object with registry and endpoints.", True
        )
    items = document.get("endpoints")
    keys = set(document) | {
        f"endpoints/{key}"
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
        for key in item
    }
    wrong = flag_problems(document)
    if wrong:  # read as the API reads them, not turned into "off"
        return Upload(EstateFields(), " ".join(wrong), True)
    accepted = {*DOCUMENT_KEYS, *(f"endpoints/{name}" for name in ROW_FIELDS)}
    ignored = sorted(keys - accepted)
    problem = (
        f"Left out what an estate document does not hold: {', '.join(ignored[:10])}."
        if ignored
        else ""
    )
    return Upload(EstateFields.of_document(document), problem)


ROW_LABELS = {
    "name": "Name",
    "subnet": "Subnet",
    "in_use": "In use (optional)",
    "zone_scope": "Zone scope (optional)",
    "dns": "DNS (optional)",
    "zone_id": "Zone id (optional)",
    "allocation": "Allocation (optional)",
}
ROW_HELP = {name: EndpointForm.base_fields[name].help_text for name in ROW_FIELDS}
# The overrides a row chooses from; empty keeps the registry's.
ROW_CHOICES = {
    name: (("", "the registry's"), *((choice.value, choice.value) for choice in kind))
    for name, kind in (("dns", DnsMode), ("allocation", AddressMode))
}
HELP = {  # the help of the registry's and the what-if's fields, by field name: one line each
    **{name: PAGE_HELP[name].line for name in EstateRegistryForm.base_fields},
    **{name: field.help_text for name, field in WhatIfForm.base_fields.items()},
}


@dataclass(frozen=True)
class RowField:
    name: str  # as posted: endpoints-2-subnet
    label: str
    value: str
    slot_id: str  # the input's id; its error slot is this plus "-error"
    help_id: str  # the help of its column, said once above the rows
    messages: list[str]
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) of a field chosen from a list

    @property
    def chosen(self) -> bool:
        """The value is one of the choices (an uploaded document may hold another)."""
        return any(value == self.value for value, _ in self.choices)


@dataclass(frozen=True)
class RowView:
    """An endpoint row as the template draws it."""

    index: int  # from 0, as posted
    slot_id: str  # the row's fieldset, whose error slot takes problems with the whole row
    fields: tuple[RowField, ...]
    messages: list[str]

    @property
    def number(self) -> int:
        return self.index + 1


def row_views(fields: EstateFields, errors: FieldErrors) -> tuple[RowView, ...]:
    return tuple(
        RowView(
            index,
            slot_id(f"endpoints-{index}", WHOLE),
            tuple(
                RowField(
                    f"endpoints-{index}-{name}",
                    ROW_LABELS[name],
                    getattr(row, name),
                    slot_id(f"endpoints-{index}", name),
                    f"id_endpoints-help-{name}",
                    messages.get(name, []),
                    ROW_CHOICES.get(name, ()),
                )
                for name in ROW_FIELDS
            ),
            messages.get(WHOLE, []),
        )
        for index, (row, messages) in enumerate(zip(fields.rows, errors.rows, strict=True))
    )


# --- Filling the rows from what az prints -------------------------------------------------

LIST_BOX = "pe_list"
FILL_BOXES = {  # each paste box, and what to paste in it
    LIST_BOX: "az network private-endpoint list",
    GRAPH_BOX: "az graph query",
}
MAX_NAMED = 5  # endpoints a confirmation names before it counts the rest


@dataclass(frozen=True)
class Filled:
    """The form after filling its rows from az, or each paste box's problems."""

    fields: EstateFields
    summary: str = ""
    problems: Messages = field(default_factory=dict)  # by paste box


def parsed(text: str) -> Any:
    """JSON the page keeps in a hidden field, as the document's reader takes it; what is not
    JSON goes as it is, for the reader to refuse with its place."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def fill_rows(fields: EstateFields, listed: str, graph: str) -> Filled:
    """One row per registry endpoint of `az network private-endpoint list`: its name, and its
    subnet's prefix and used addresses from `az graph query`. The registry fields stay; a row
    of the same name keeps its zone scope and deployment fields."""
    problems: Messages = {}
    read = {
        box: pasted(box, text, problems) for box, text in ((LIST_BOX, listed), (GRAPH_BOX, graph))
    }
    if problems:
        return Filled(fields, problems=problems)
    listing, inventory = read[LIST_BOX], read[GRAPH_BOX]
    registry, ours = registry_endpoints(fields, listing, problems)
    states = [subnet_of(endpoint, inventory, problems) for endpoint in ours]
    if problems:
        return Filled(fields, problems=problems)
    rows = filled_rows(fields, ours, states)
    networks = networks_of(inventory, (e.subnet_id for e in ours))
    filled = replace(
        fields,
        registry=fields.registry if fields.registry.strip() else registry,
        rows=tuple(rows[:MAX_ROWS]),
        dropped_rows=max(len(rows) - MAX_ROWS, 0),
        networks=json.dumps([network_document(n) for n in networks]) if networks else "",
    )
    others = len(listing.endpoints) - len(ours)
    left_out = {"to other services": listing.others, "of other registries": others}
    notes = "".join(f" {note}" for note in listing.notes)
    spaces = networks_summary(networks)
    return Filled(filled, fill_summary(ours, states, left_out) + notes + spaces)


def registry_endpoints(
    fields: EstateFields, listing: EndpointList, problems: Messages
) -> tuple[str, list[DeployedEndpoint]]:
    """The registry (as typed, else the only one the endpoints connect to) and its endpoints
    in the list; what stands in the way is a problem of the list's box."""
    endpoints = listing.endpoints
    registries = sorted({endpoint.registry for endpoint in endpoints if endpoint.registry})
    registry = fields.registry.strip().lower() or (registries[0] if len(registries) == 1 else "")
    if not registry and registries:
        listed_registries = ", ".join(registries[:MAX_NAMED])
        problems[LIST_BOX] = [
            f"The endpoints connect to {len(registries)} registries ({listed_registries}): "
            "give the registry name first."
        ]
    ours = [e for e in endpoints if not e.registry or e.registry == registry]
    if not ours and not problems:
        problems[LIST_BOX] = [
            f"The list has no private endpoint of the registry {registry}.",
            *listing.notes,
        ]
    return registry, ours


def filled_rows(
    fields: EstateFields, ours: list[DeployedEndpoint], states: list[SubnetState | None]
) -> list[EndpointRow]:
    """A row per endpoint with a subnet; rows of one subnet share its addresses in use, listed
    on the first."""
    kept = {row.name.strip().lower(): row for row in fields.rows if not row.blank}
    listed_once: set[str] = set()
    rows = []
    for endpoint, state in zip(ours, states, strict=True):
        if state is None:
            continue
        first = str(state.cidr) not in listed_once
        listed_once.add(str(state.cidr))
        row = kept.get(endpoint.name.lower(), EndpointRow())
        in_use = ", ".join(state.in_use) if first else ""
        rows.append(replace(row, name=endpoint.name, subnet=str(state.cidr), in_use=in_use))
    return rows


def networks_summary(networks: list[Network]) -> str:
    """What the graph said of the virtual networks: where a new subnet could go."""
    if not networks:
        return ""
    named = ", ".join(
        f"{n.name} ({', '.join(str(p.cidr) for p in n.address_space[:3])})"
        for n in networks[:MAX_NAMED]
    )
    return (
        f" Address space of {named}: a subnet too small is answered with where a new one could go."
    )


def pasted(box: str, text: str, problems: Messages) -> Any:
    """What a paste box holds, read; an empty box or one that cannot be read is a problem."""
    if not text.strip() and len(text) <= MAX_TEXT_CHARACTERS:
        problems[box] = [f"Paste the JSON that {FILL_BOXES[box]} prints."]
        return None
    try:
        value = load_json(text, f"The output of {FILL_BOXES[box]}")
        return read_private_endpoints(value) if box == LIST_BOX else read_graph(value)
    except Unreadable as error:
        problems[box] = [described(error)]
        return None


def subnet_of(
    endpoint: DeployedEndpoint, inventory: tuple[SubnetInventory, ...], problems: Messages
) -> SubnetState | None:
    try:
        return endpoint_state(inventory, endpoint)
    except Unreadable as error:
        box = LIST_BOX if error.place.startswith("/") else GRAPH_BOX
        problems.setdefault(box, []).append(f"{endpoint.name}: {described(error)}")
        return None


def fill_summary(
    endpoints: list[DeployedEndpoint], states: list[SubnetState | None], left_out: dict[str, int]
) -> str:
    named = [
        f"{endpoint.name} ({state.cidr}, {count(state.used)} in use)"
        for endpoint, state in zip(endpoints, states, strict=True)
        if state is not None
    ]
    more = f" and {len(named) - MAX_NAMED} more" if len(named) > MAX_NAMED else ""
    skipped = "".join(
        f" Left out {number} endpoint{'s' if number != 1 else ''} {which}."
        for which, number in left_out.items()
        if number
    )
    return (
        f"Filled {len(named)} endpoint row{'s' if len(named) != 1 else ''} from az: "
        f"{', '.join(named[:MAX_NAMED])}{more}. Each endpoint's own current addresses are "
        f"counted as in use.{skipped}"
    )
