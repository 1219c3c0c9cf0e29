"""Reading an estate document: the registry once, its private endpoints, an optional what-if.

The same field classes and core parsers as the plan's forms validate each part; every problem
is reported at once, named by its JSON pointer (RFC 6901), e.g. `/endpoints/2/subnet`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django import forms
from netaddr import IPNetwork

from planner.core import InvalidInput, azure, inputs
from planner.core.addresses import shown
from planner.core.azure import Cloud
from planner.core.deployed.places import pointer
from planner.core.estate import EndpointRequest, EstateRequest, Growth
from planner.core.model import AddressMode, Deployment, DnsMode
from planner.core.network import Network
from planner.core.plan import members
from planner.forms import (
    HELP,
    CountField,
    ListField,
    PlanForm,
    RegistryForm,
    ResourceIdField,
    StrictBooleanField,
    SubnetForm,
    TextField,
    core_check,
    deployment_from,
    registry_from,
    subnet_from,
)

# A hard cap that bounds the work of one request (Azure's default is 200 per registry).
MAX_ENDPOINTS = 1_000
MAX_LISTED = inputs.MAX_LISTED_ERRORS * 4  # problems named in one answer; the rest are counted


class DocumentInvalid(ValueError):
    """Every problem of a document (an estate, a change or a drift check), keyed by JSON
    pointer: the one exception the readers raise and every surface places."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


class EstateRegistryForm(forms.Form):
    """The registry, once for the whole estate: the plan's own fields and rules."""

    registry = PlanForm.base_fields["registry"]
    cloud = PlanForm.base_fields["cloud"]
    regions = PlanForm.base_fields["regions"]
    regional_endpoints = PlanForm.base_fields["regional_endpoints"]
    dns = PlanForm.base_fields["dns"]
    zone_id = PlanForm.base_fields["zone_id"]
    allocation = PlanForm.base_fields["allocation"]
    resolver_ip = PlanForm.base_fields["resolver_ip"]
    clean_registry = RegistryForm.clean_registry
    clean_cloud = SubnetForm.clean_cloud
    clean_regions = RegistryForm.clean_regions
    clean_dns = RegistryForm.clean_dns
    clean_zone_id = RegistryForm.clean_zone_id
    clean_allocation = RegistryForm.clean_allocation
    clean_resolver_ip = RegistryForm.clean_resolver_ip


OVERRIDE = "; by default the registry's."


class EndpointForm(forms.Form):
    """One private endpoint: its resource name, its subnet, what is used there, its DNS zone."""

    name = TextField(
        strip=False,
        help_text=f"The private endpoint's resource name: {inputs.ENDPOINT_NAME_RULE}.",
        error_messages={"required": f"Give the endpoint's name: {inputs.ENDPOINT_NAME_RULE}."},
    )
    subnet = PlanForm.base_fields["subnet"]
    in_use = ListField(
        required=False,
        help_text=HELP["in_use"] + " Rows with the same subnet share them: the addresses in use "
        "are the subnet's, whichever row lists them.",
    )
    zone_scope = TextField(
        required=False,
        strip=False,
        help_text="The private DNS zone that resolves this endpoint, by a name you choose "
        "(endpoints with the same scope share one zone); by default its own.",
    )
    dns = TextField(required=False, help_text="This endpoint's DNS mode (see dns above)" + OVERRIDE)
    zone_id = ResourceIdField(
        required=False,
        help_text="This endpoint's private DNS zone id, with dns=existing-zone or zone-group"
        + OVERRIDE,
    )
    allocation = TextField(
        required=False, help_text="static or dynamic, for this endpoint" + OVERRIDE
    )
    clean_subnet = SubnetForm.clean_subnet
    clean_in_use = SubnetForm.clean_in_use

    def clean_dns(self) -> DnsMode | None:
        text: str = self.cleaned_data["dns"]
        return core_check(inputs.parse_dns_mode, text) if text.strip() else None

    def clean_allocation(self) -> AddressMode | None:
        text: str = self.cleaned_data["allocation"]
        return core_check(inputs.parse_allocation, text) if text.strip() else None

    def clean_zone_id(self) -> str:
        zone_id: str = self.cleaned_data["zone_id"]
        return zone_id.strip()

    def deployment_over(self, default: Deployment, cloud: Cloud) -> Deployment:
        """The endpoint's deployment: its own choices over the registry's `default`; the
        registry's zone_id goes with a DNS mode that needs one. InvalidInput by field name."""
        data = self.cleaned_data
        dns = data["dns"] or default.dns
        zone_id = data["zone_id"]
        if zone_id:
            zone_id = field_check("zone_id", inputs.parse_zone_id, zone_id, cloud)
        elif dns.needs_zone_id:
            zone_id = default.zone_id
        allocation = data["allocation"] or default.allocation
        field_check("zone_id", inputs.check_zone_id, dns, zone_id)
        field_check("allocation", inputs.check_allocation, dns, allocation)
        return Deployment(dns, zone_id, allocation, default.resolver_ip)

    def clean_name(self) -> str:
        return core_check(inputs.parse_endpoint_name, self.cleaned_data["name"])

    def clean_zone_scope(self) -> str:
        scope: str = self.cleaned_data["zone_scope"]
        return core_check(inputs.parse_endpoint_name, scope, "A zone scope") if scope else ""


class FieldProblem(ValueError):
    """A core check's InvalidInput, with the field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def field_check(field: str, check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except InvalidInput as problem:
        raise FieldProblem(field, str(problem)) from None


class WhatIfForm(forms.Form):
    add_regions = ListField(
        required=False, split=inputs.split_names, help_text="Regions of replicas to add, by name."
    )
    add_replicas = CountField(
        required=False,
        help_text="Replicas to add whose regions are not chosen yet.",
        error_messages={"invalid": "Give the replicas to add as a whole number."},
    )
    enable_regional_endpoints = StrictBooleanField(
        required=False, help_text="Whether regional endpoints would be enabled."
    )


class NetworkForm(forms.Form):
    """A virtual network of the estate's subnets: where a new subnet could go."""

    name = TextField(
        strip=False,
        help_text="The virtual network's name.",
        error_messages={"required": "Give the virtual network's name."},
    )
    address_space = ListField(
        help_text="Its address space: the prefixes az graph query's addressSpace column gives "
        "(properties.addressSpace.addressPrefixes).",
        error_messages={"required": "Give the network's address space: one prefix or more."},
    )
    subnets = ListField(
        required=False, help_text="The prefixes of its subnets: what a new subnet cannot take."
    )

    def clean_name(self) -> str:
        text: str = self.cleaned_data["name"]
        return core_check(inputs.parse_endpoint_name, text, "A virtual network name")

    def clean_address_space(self) -> tuple[IPNetwork, ...]:
        entries: list[str] = self.cleaned_data["address_space"]
        return core_check(inputs.parse_prefixes, entries, "address-space prefixes")

    def clean_subnets(self) -> tuple[IPNetwork, ...]:
        entries: list[str] = self.cleaned_data["subnets"]
        return core_check(inputs.parse_prefixes, entries, "subnet prefixes")


def read_networks(items: Any, errors: dict[str, list[str]]) -> tuple[Network, ...]:
    """The estate's virtual networks (optional): each a name, an address space and subnets."""
    if items is None:
        return ()
    if not isinstance(items, list) or len(items) > inputs.MAX_NETWORKS:
        errors[pointer("networks")] = [
            f"Give networks as a list of at most {inputs.MAX_NETWORKS} objects, each with a "
            "name, an address_space and subnets."
        ]
        return ()
    networks = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[pointer("networks", index)] = [
                "Each network is an object with a name, an address_space and subnets."
            ]
            continue
        unknown_keys(item, tuple(NetworkForm.base_fields), ("networks", index), errors)
        form = NetworkForm({name: item[name] for name in NetworkForm.base_fields if name in item})
        if form.is_valid():
            data = form.cleaned_data
            networks.append(Network(data["name"], data["address_space"], data["subnets"]))
        form_errors(form, ("networks", index), errors)
    return tuple(networks)


DOCUMENT_KEYS = (*EstateRegistryForm.base_fields, "endpoints", "what_if", "networks")


def load_document(raw: bytes, limit: int) -> Any:
    """A JSON document from a file or an upload: at most `limit` bytes of UTF-8, each key of an
    object given once."""
    if len(raw) > limit:
        raise DocumentInvalid(
            {"": [f"The document has {len(raw):,} bytes; the limit is {limit:,}."]}
        )
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=distinct_keys)
    except UnicodeDecodeError:
        raise DocumentInvalid({"": ["The document is not UTF-8 text."]}) from None
    except (ValueError, RecursionError) as error:
        raise DocumentInvalid({"": [f"The document is not JSON: {error}."]}) from None


def distinct_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    repeated = sorted(
        {name for name, times in Counter(name for name, _ in pairs).items() if times > 1}
    )
    if repeated:
        raise ValueError(f"{', '.join(repeated[:5])} given more than once in one object")
    return dict(pairs)


def read_estate(document: Any) -> EstateRequest:
    """The core's request from a JSON estate document, or DocumentInvalid with every problem."""
    errors: dict[str, list[str]] = {}
    if not isinstance(document, dict):
        raise DocumentInvalid({"": ["The estate is a JSON object with registry and endpoints."]})
    unknown_keys(document, DOCUMENT_KEYS, (), errors)
    registry_form = EstateRegistryForm(
        {name: document[name] for name in EstateRegistryForm.base_fields if name in document}
    )
    registry_valid = registry_form.is_valid()
    form_errors(registry_form, (), errors)
    default = deployment_from(registry_form.cleaned_data) if registry_valid else None
    cloud = registry_form.cleaned_data["cloud"] if registry_valid else None
    endpoints = read_endpoints(document.get("endpoints"), errors, default, cloud)
    networks = read_networks(document.get("networks"), errors)
    what_if = None
    if document.get("what_if") is not None:
        what_if = read_what_if(document["what_if"], registry_form, errors)
    if errors or default is None:
        raise DocumentInvalid(capped(errors))
    registry = registry_from(registry_form.cleaned_data)
    grown = what_if.applied_to(registry) if what_if else registry
    try:
        inputs.check_estate_size(len(endpoints), len(members(grown)))
    except InvalidInput as problem:
        raise DocumentInvalid({pointer("endpoints"): [str(problem)]}) from None
    return EstateRequest(registry, tuple(endpoints), what_if, default, networks=networks)


def read_endpoints(
    items: Any,
    errors: dict[str, list[str]],
    default: Deployment | None = None,
    cloud: Cloud | None = None,
) -> list[EndpointRequest]:
    """The endpoints, each with its deployment over the registry's `default` (when the
    registry is valid); endpoints of one zone scope must share it."""
    if not endpoint_list(items, errors):
        return []
    endpoints = []
    scopes = Scopes()
    listed = 0  # in-use entries so far, in all rows
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[pointer("endpoints", index)] = [
                "Each endpoint is an object with a name and a subnet."
            ]
            continue
        listed += entries_in(item.get("in_use"))
        if listed > inputs.MAX_ENTRIES:
            errors[pointer("endpoints", index, "in_use")] = [ESTATE_ENTRIES]
            return []
        endpoint = read_endpoint(item, index, errors, default, cloud)
        if endpoint is not None and scopes.add(endpoint, index, errors):
            endpoints.append(endpoint)
    unique_names(items, errors)
    return endpoints


def endpoint_list(items: Any, errors: dict[str, list[str]]) -> bool:
    """Whether `items` is a list of 1 to MAX_ENDPOINTS endpoints; else the problem is said."""
    if not isinstance(items, list) or not items:
        errors[pointer("endpoints")] = [
            "Give endpoints as a list of 1 or more objects, each with a name and a subnet."
        ]
        return False
    if len(items) > MAX_ENDPOINTS:
        errors[pointer("endpoints")] = [
            f"{len(items):,} endpoints; an estate has at most {MAX_ENDPOINTS:,} (Azure's default "
            f"is {azure.PRIVATE_ENDPOINTS_PER_REGISTRY} per registry)."
        ]
        return False
    return True


def read_endpoint(
    item: dict[str, Any],
    index: int,
    errors: dict[str, list[str]],
    default: Deployment | None,
    cloud: Cloud | None,
) -> EndpointRequest | None:
    """One endpoint of the list; None when it is invalid (its problems said) or when the
    registry's deployment it builds on is."""
    unknown_keys(item, tuple(EndpointForm.base_fields), ("endpoints", index), errors)
    form = EndpointForm({name: item[name] for name in EndpointForm.base_fields if name in item})
    valid = form.is_valid()
    form_errors(form, ("endpoints", index), errors)
    if not valid or default is None or cloud is None:
        return None
    try:
        deployment = form.deployment_over(default, cloud)
    except FieldProblem as problem:
        errors[pointer("endpoints", index, problem.field)] = [str(problem)]
        return None
    name = form.cleaned_data["name"]
    scope = form.cleaned_data["zone_scope"] or name
    return EndpointRequest(name, subnet_from(form.cleaned_data), scope, deployment)


class Scopes:
    """The zone scopes seen so far: each spelt one way, with one deployment."""

    def __init__(self) -> None:
        self.first: dict[str, EndpointRequest] = {}
        self.spellings: dict[str, str] = {}  # each scope by its lower-case form, as first spelt

    def add(self, endpoint: EndpointRequest, index: int, errors: dict[str, list[str]]) -> bool:
        """Whether the endpoint's scope is spelt as before (else it is left out); a deployment
        other than the scope's is a problem of the endpoint's zone_scope."""
        scope, at = endpoint.zone_scope, pointer("endpoints", index, "zone_scope")
        try:
            inputs.check_scope_spelling(scope, self.spellings.setdefault(scope.lower(), scope))
        except InvalidInput as problem:
            errors[at] = [str(problem)]
            return False
        first = self.first.setdefault(scope, endpoint)
        if first.deployment != endpoint.deployment:
            errors[at] = [
                f"Endpoints of one zone scope share its DNS zone and records: give "
                f"{endpoint.name} the dns, zone_id and allocation of {first.name}, or another "
                "zone_scope."
            ]
        return True


def unique_names(items: list[Any], errors: dict[str, list[str]]) -> None:
    """Each endpoint's name is unique, without regard to case."""
    given = [item.get("name") if isinstance(item, dict) else None for item in items]
    names = Counter(name.lower() for name in given if isinstance(name, str))
    for index, name in enumerate(given):
        if isinstance(name, str) and names[name.lower()] > 1:
            errors.setdefault(pointer("endpoints", index, "name"), []).append(
                f"'{shown(name)}' names another endpoint too; each name is unique."
            )


ESTATE_ENTRIES = (
    f"The endpoints list more than {inputs.MAX_ENTRIES:,} in-use entries in all; an estate "
    f"lists at most {inputs.MAX_ENTRIES:,}, as one list may. Rows of one subnet share their "
    "addresses in use: list them once."
)


def entries_in(value: Any) -> int:
    """The entries of an in-use list, about as its field splits them (a range written with
    spaces counts as three); 0 for what the field refuses, which says why."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, str) and len(value) <= inputs.MAX_LIST_CHARACTERS:
        return len(value.replace(",", " ").replace(";", " ").split(None, inputs.MAX_ENTRIES))
    return 0


def read_what_if(
    value: Any, registry_form: EstateRegistryForm, errors: dict[str, list[str]]
) -> Growth | None:
    if not isinstance(value, dict):
        errors[pointer("what_if")] = [
            "what_if is an object: add_regions or add_replicas, and/or enable_regional_endpoints."
        ]
        return None
    unknown_keys(value, tuple(WhatIfForm.base_fields), ("what_if",), errors)
    form = WhatIfForm({name: value[name] for name in WhatIfForm.base_fields if name in value})
    if not form.is_valid():
        form_errors(form, ("what_if",), errors)
        return None
    data = form.cleaned_data
    if data["add_regions"] and data["add_replicas"]:
        errors[pointer("what_if")] = ["Give add_regions or add_replicas, not both."]
        return None
    valid = registry_form.is_valid()
    cloud = registry_form.cleaned_data["cloud"] if valid else Cloud.PUBLIC
    what_if = Growth(
        tuple(inputs.region_name(name, cloud) for name in data["add_regions"]),
        data["add_replicas"] or 0,
        data["enable_regional_endpoints"],
    )
    if valid:  # the new regions are checked against the registry's
        changed = what_if.applied_to(registry_from(registry_form.cleaned_data))
        place = "add_regions" if what_if.add_regions else "add_replicas"
        try:
            if what_if.add_regions:
                inputs.parse_regions(changed.regions, changed.cloud)
            inputs.check_replica_count(len(changed.regions), None, changed.cloud)
        except InvalidInput as problem:
            errors[pointer("what_if", place)] = [str(problem)]
    return what_if


def unknown_keys(
    item: Mapping[str, Any],
    accepted: tuple[str, ...],
    place: tuple[str | int, ...],
    errors: dict[str, list[str]],
) -> None:
    for name in sorted(set(item) - set(accepted))[:MAX_LISTED]:
        errors[pointer(*place, name)] = [
            f"Not a field here; this object takes: {', '.join(accepted)}."
        ]


def form_errors(
    form: forms.Form, place: tuple[str | int, ...], errors: dict[str, list[str]]
) -> None:
    for name, messages in form.errors.items():
        errors[pointer(*place, name)] = [str(message) for message in messages]


def capped(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """At most MAX_LISTED places, then one entry that counts the rest."""
    if len(errors) <= MAX_LISTED:
        return errors
    kept = dict(list(errors.items())[:MAX_LISTED])
    kept[""] = [f"...and {len(errors) - MAX_LISTED:,} more places with problems."]
    return kept
