"""The forms: the one validation path for the page, the API (query string or JSON) and the CLI.

One form per request: SizingForm gives a SizingRequest, PlanForm a PlanRequest, and
DraftForm (the page and the CLI) a Draft: a sizing, and a registry once regions are named.

The rules and their messages live in `planner.core.inputs`; this form only carries values
from a query string, a JSON object or command-line arguments to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Self, TypeVar

from django import forms
from django.utils.datastructures import MultiValueDict

from planner.core import InvalidInput, PlanRequest, Registry, SizingRequest, Subnet, azure, inputs
from planner.core.azure import Cloud
from planner.core.draft import Draft
from planner.core.model import AddressMode, Deployment, DnsMode

T = TypeVar("T")


def core_check(parse: Callable[..., T], *args: Any) -> T:
    """Call a core parser, turning its InvalidInput into the form's ValidationError."""
    try:
        return parse(*args)
    except InvalidInput as error:
        raise forms.ValidationError(str(error)) from None


class Repeated(list[str]):
    """Several values of a query parameter that takes one."""


def one_value(data: Mapping[str, Any], name: str) -> Any:
    """The parameter's value (None when absent); several values of a query string are kept
    to be refused. One look-up: a query string's `get` of an absent name raises inside."""
    if not isinstance(data, MultiValueDict):
        return data.get(name)
    values = data.getlist(name)
    if len(values) > 1:
        return Repeated(values)
    return values[0] if values else None


def refuse_repeated(value: Any) -> None:
    if isinstance(value, Repeated):
        raise forms.ValidationError(f"Give this once; it was given {len(value)} times.")


class QuickCopy:
    """`copy.copy(self)` as copy's generic path makes it (a new object of the class holding
    the same attributes: `copy._reconstruct` of `__reduce_ex__`), without the round trip.
    Django copies every field and widget of a form for each request (`Field.__deepcopy__` and
    `Widget.__deepcopy__` begin with `copy.copy(self)`, then copy the widget, its attrs and
    the error messages): the copy is the same, in half the time of a plan GET's fields."""

    def __copy__(self) -> Self:
        kind = type(self)
        duplicate = kind.__new__(kind)
        duplicate.__dict__.update(self.__dict__)
        return duplicate


class TextInput(QuickCopy, forms.TextInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return one_value(data, name)


class TextField(QuickCopy, forms.CharField):
    """One string: refuses repeated parameters and JSON numbers, lists and objects."""

    widget = TextInput
    limit = inputs.MAX_TEXT_CHARACTERS

    def to_python(self, value: Any) -> str:
        refuse_repeated(value)
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError("Give this as a string.")
        if value is not None:
            core_check(inputs.check_text, value, self.limit)
        return str(super().to_python(value))


class ResourceIdField(TextField):
    limit = inputs.MAX_RESOURCE_ID_CHARACTERS


class CountInput(QuickCopy, forms.NumberInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return one_value(data, name)


class CountField(QuickCopy, forms.IntegerField):
    widget = CountInput

    def to_python(self, value: Any) -> int | None:
        refuse_repeated(value)
        text = core_check(inputs.check_text, value).strip() if isinstance(value, str) else None
        if isinstance(value, bool | float) or (text and not (text.isascii() and text.isdigit())):
            # JSON true or 1.0, "1.0", Arabic-Indic digits: things int() would take are not counts
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        count: int | None = super().to_python(value)
        return count


class ListWidget(QuickCopy, forms.TextInput):
    """A query string's repeated or comma-separated values as one string; a JSON array as is."""

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        if isinstance(data, MultiValueDict):
            return ",".join(data.getlist(name))
        return data.get(name)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        formatted: str | None = super().format_value(value)
        return formatted


class ListField(QuickCopy, forms.Field):
    """A JSON array of strings (each item whole), or one string of items separated by commas,
    semicolons or white space (`split`: by commas, semicolons or new lines only, for names
    that have spaces)."""

    widget = ListWidget

    def __init__(
        self, *, split: Callable[[str], list[str]] = inputs.split_list, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.split = split

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            return core_check(self.split, value)
        if isinstance(value, list):  # counted first: a list over the cap is not read further
            core_check(inputs.check_entries, value)
            try:  # in C: str.strip refuses anything but a string
                return list(filter(None, map(str.strip, value)))
            except TypeError:
                pass
        raise forms.ValidationError("Give a list of strings, or one string separated by commas.")


class StrictCheckbox(QuickCopy, forms.CheckboxInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return one_value(data, name)


JSON_KINDS = {"dict": "object", "list": "array", "NoneType": "null"}


class StrictBooleanField(QuickCopy, forms.Field):
    """true/false (also on/off, yes/no, 1/0, and JSON booleans); anything else is an error."""

    widget = StrictCheckbox
    true_words = frozenset({"true", "on", "yes", "1"})
    false_words = frozenset({"false", "off", "no", "0"})

    def to_python(self, value: Any) -> bool:
        refuse_repeated(value)
        if value in (None, "") or value is False:
            return False
        if value is True:
            return True
        word = core_check(inputs.check_text, value).strip() if isinstance(value, str) else None
        if word is not None and word.isascii():  # "\u212a".lower() is "k"
            word = word.lower()
        if word in self.true_words:
            return True
        if word in self.false_words:
            return False
        given = repr(value[:40]) if isinstance(value, str) else f"the number {str(value)[:40]}"
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            kind = type(value).__name__
            given = f"a JSON {JSON_KINDS.get(kind, kind)}"
        raise forms.ValidationError(
            f"Give true or false (on/off, yes/no and 1/0 are read too, as text), not {given}."
        )


HELP = {
    "registry": f"The registry name: {inputs.REGISTRY_RULE}, as in {azure.example_login_server()}.",
    "cloud": "The Azure cloud: " + ", ".join(cloud.value for cloud in Cloud) + " (default public).",
    "regions": "Replica regions by programmatic name (eastus, westeurope) or display name "
    "(East US, West Europe), home region first; comma-separated in a query string or on the "
    "command line.",
    "replica_count": "The number of replicas, the home region counted as one. Without region "
    "names it sizes the subnet; with them it must equal their number.",
    "regional_endpoints": "Whether regional endpoints are enabled: one more "
    f"address per replica, for {azure.example_regional_name()}; a preview feature.",
    "subnet": "The private endpoint's subnet as an IPv4 CIDR, "
    f"/{azure.LARGEST_PREFIX} to /{azure.SMALLEST_PREFIX}, e.g. 10.0.1.0/28.",
    "in_use": "Addresses already taken in the subnet: addresses, ranges (10.0.1.4-10.0.1.6, or "
    "10.0.1.4-6 within the last octet) or CIDRs, separated by commas or new lines (a JSON array "
    "in a body).",
    "dns": "What the Terraform, Bicep and az CLI exports do about DNS: new-zone (default) "
    f"creates the private DNS zone ({azure.CLOUDS[Cloud.PUBLIC].private_zone}), links it to the "
    "endpoint's virtual network and writes the A records; existing-zone writes the A records "
    "into the zone zone_id names (a central zone in a hub); zone-group puts a private DNS zone "
    "group on the endpoint, so Azure writes and removes the records in zone_id's zone (as Azure "
    "Policy does); none creates no DNS resources (the zone file and the records are the "
    "hand-off). With dynamic allocation, new-zone has a zone group write the new zone's records.",
    "zone_id": "With dns=existing-zone or zone-group: the resource id of the private DNS zone, "
    + inputs.ZONE_ID_SHAPE.format(zone=azure.CLOUDS[Cloud.PUBLIC].private_zone)
    + ".",
    "allocation": "static (default): the planned addresses, as static IP configurations; "
    "dynamic: Azure assigns them (Microsoft's advice for geo-replicated registries): the plan "
    "still checks that they fit, the exports have no IP configurations, and the zone and hosts "
    "files wait until the addresses are known.",
    "resolver_ip": "For the forwarders export: the IPv4 address of the inbound endpoint of the "
    "DNS Private Resolver in Azure that on-premises DNS servers forward the registry's names to.",
}


def replica_count_field(*, required: bool) -> CountField:
    return CountField(
        required=required,
        help_text=HELP["replica_count"],
        error_messages={
            "invalid": inputs.REPLICA_COUNT_INVALID,
            "required": inputs.REPLICA_COUNT_MISSING,
        },
    )


def subnet_from(data: Mapping[str, Any]) -> Subnet:
    """The subnet of a valid form's cleaned data."""
    return Subnet(data["subnet"], data["in_use"])


def registry_from(data: Mapping[str, Any]) -> Registry:
    """The registry of a valid form's cleaned data."""
    return Registry(data["registry"], data["regions"], data["regional_endpoints"], data["cloud"])


DEPLOYMENT_FIELDS = ("dns", "zone_id", "allocation", "resolver_ip")
DEPLOYMENT_LABELS = {
    "dns": "DNS",
    "zone_id": "Existing zone's resource id",
    "allocation": "Addresses",
    "resolver_ip": "DNS resolver for on-premises clients (optional)",
}
# (value, label) pairs; the default is the empty value, so that a link or a document holds
# only what was chosen.
DEPLOYMENT_CHOICES = {
    name: (("", f"{default.value} (default)"), *((c.value, c.value) for c in kind if c != default))
    for name, kind, default in (
        ("dns", DnsMode, DnsMode.NEW_ZONE),
        ("allocation", AddressMode, AddressMode.STATIC),
    )
}


def clean_dns(form: forms.Form) -> DnsMode:
    text: str = form.cleaned_data["dns"]
    return core_check(inputs.parse_dns_mode, text) if text else DnsMode.NEW_ZONE


def clean_zone_id(form: forms.Form) -> str:
    """A zone id of the cloud's private zone, given exactly when the DNS mode uses it."""
    zone_id: str = form.cleaned_data["zone_id"].strip()
    cloud, dns = form.cleaned_data.get("cloud"), form.cleaned_data.get("dns")
    if zone_id and cloud is not None:
        zone_id = core_check(inputs.parse_zone_id, zone_id, cloud)
    return core_check(inputs.check_zone_id, dns, zone_id) if dns is not None else zone_id


def clean_allocation(form: forms.Form) -> AddressMode:
    text: str = form.cleaned_data["allocation"]
    allocation = core_check(inputs.parse_allocation, text) if text else AddressMode.STATIC
    dns = form.cleaned_data.get("dns")
    return core_check(inputs.check_allocation, dns, allocation) if dns is not None else allocation


def clean_resolver_ip(form: forms.Form) -> str:
    text: str = form.cleaned_data["resolver_ip"]
    return core_check(inputs.parse_resolver_ip, text) if text.strip() else ""


def deployment_from(data: Mapping[str, Any]) -> Deployment:
    """The deployment of a valid form's cleaned data."""
    return Deployment(data["dns"], data["zone_id"], data["allocation"], data["resolver_ip"])


class SubnetForm(forms.Form):
    """The fields every request has: the cloud, the regional-endpoints flag and the subnet."""

    cloud = TextField(required=False, help_text=HELP["cloud"])
    regional_endpoints = StrictBooleanField(required=False, help_text=HELP["regional_endpoints"])
    subnet = TextField(help_text=HELP["subnet"], error_messages={"required": inputs.SUBNET_MISSING})
    in_use = ListField(required=False, help_text=HELP["in_use"])

    def clean_cloud(self) -> Cloud:
        return core_check(inputs.parse_cloud, self.cleaned_data["cloud"] or Cloud.PUBLIC.value)

    def clean_subnet(self) -> Any:
        return core_check(inputs.parse_subnet, self.cleaned_data["subnet"])

    def clean_in_use(self) -> Any:
        subnet = self.cleaned_data.get("subnet")
        return core_check(inputs.parse_in_use, self.cleaned_data["in_use"], subnet)

    def subnet_of(self) -> Subnet:
        return subnet_from(self.cleaned_data)


class SizingForm(SubnetForm):
    """A sizing by replica count: the API's /sizing."""

    field_order = ("cloud", "replica_count", "regional_endpoints", "subnet", "in_use")
    replica_count = replica_count_field(required=True)

    def clean_replica_count(self) -> int | None:
        count: int | None = self.cleaned_data["replica_count"]
        cloud = self.cleaned_data.get("cloud")
        if count is None or cloud is None:
            return count
        return core_check(inputs.check_replica_count, count, None, cloud)

    def to_request(self) -> SizingRequest:
        data = self.cleaned_data
        return SizingRequest(
            data["replica_count"], data["regional_endpoints"], self.subnet_of(), data["cloud"]
        )


class RegistryForm(SubnetForm):
    """The registry's fields on top of the subnet's; PlanForm and DraftForm say what is required."""

    field_order = (
        "registry",
        "cloud",
        "regions",
        "replica_count",
        "regional_endpoints",
        "subnet",
        "in_use",
        *DEPLOYMENT_FIELDS,
    )
    # "contoso\n" is refused, not mended
    registry = TextField(required=False, strip=False, help_text=HELP["registry"])
    regions = ListField(required=False, split=inputs.split_names, help_text=HELP["regions"])
    replica_count = replica_count_field(required=False)
    dns = TextField(required=False, help_text=HELP["dns"])
    zone_id = ResourceIdField(required=False, help_text=HELP["zone_id"])
    allocation = TextField(required=False, help_text=HELP["allocation"])
    resolver_ip = TextField(required=False, help_text=HELP["resolver_ip"])
    clean_dns = clean_dns
    clean_zone_id = clean_zone_id
    clean_allocation = clean_allocation
    clean_resolver_ip = clean_resolver_ip

    def clean_registry(self) -> str:
        registry: str = self.cleaned_data["registry"]
        return core_check(inputs.parse_registry, registry) if registry else ""

    def clean_regions(self) -> tuple[str, ...]:
        names: list[str] = self.cleaned_data["regions"]
        cloud = self.cleaned_data.get("cloud")
        if not names or cloud is None:
            return ()
        return core_check(inputs.parse_regions, names, cloud)

    def clean_replica_count(self) -> int | None:
        count: int | None = self.cleaned_data["replica_count"]
        cloud = self.cleaned_data.get("cloud")
        if count is None or cloud is None:
            return count
        return core_check(
            inputs.check_replica_count, count, self.cleaned_data.get("regions"), cloud
        )

    def registry_of(self) -> Registry:
        return registry_from(self.cleaned_data)

    def deployment_of(self) -> Deployment:
        return deployment_from(self.cleaned_data)


class PlanForm(RegistryForm):
    """A plan of one private endpoint: the API's /plan and its exports."""

    registry = TextField(
        strip=False,
        help_text=HELP["registry"],
        error_messages={"required": inputs.REGISTRY_MISSING},
    )
    regions = ListField(
        split=inputs.split_names,
        help_text=HELP["regions"],
        error_messages={"required": inputs.REGIONS_MISSING},
    )

    def to_request(self) -> PlanRequest:
        return PlanRequest(self.registry_of(), self.subnet_of(), self.deployment_of())


class DraftForm(RegistryForm):
    """The page's and the CLI's form: the plan's fields, where a replica count may stand in
    for the regions (a sizing), and the registry is needed only once regions are named."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        regions, count = data.get("regions"), data.get("replica_count")
        undecided = any(self.has_error(name) for name in ("cloud", "regions", "replica_count"))
        if not (regions or count or undecided):
            self.add_error("regions", inputs.REGIONS_OR_COUNT_MISSING)
        if regions and not data.get("registry") and not self.has_error("registry"):
            self.add_error("registry", inputs.REGISTRY_MISSING)
        return data

    def to_request(self) -> Draft:
        data = self.cleaned_data
        count = len(data["regions"]) or data["replica_count"]
        deployment = self.deployment_of()
        sizing = SizingRequest(
            count,
            data["regional_endpoints"],
            self.subnet_of(),
            data["cloud"],
            deployment.allocation,
        )
        return Draft(sizing, self.registry_of() if data["regions"] else None, deployment)


class PageForm(DraftForm):
    """The page's form. Its replica count may run ahead of the regions chosen so far (raising
    the count adds empty pickers: the page plans the named regions and sizes the rest), and
    an absent count is the one the form shows: one per region named, or 1."""

    def clean_replica_count(self) -> int | None:
        count: int | None = self.cleaned_data["replica_count"]
        regions, cloud = self.cleaned_data.get("regions") or (), self.cleaned_data.get("cloud")
        if count is None:
            return max(len(regions), 1)
        if cloud is None:
            return count
        fewer = regions if count < len(regions) else None  # fewer than named is refused
        return core_check(inputs.check_replica_count, count, fewer, cloud)

    def to_request(self) -> Draft:
        """The draft with the count as given, which may run ahead of the regions named."""
        draft = super().to_request()
        sizing = replace(draft.sizing, replica_count=self.cleaned_data["replica_count"])
        return replace(draft, sizing=sizing)


for form_class in (SizingForm, PlanForm, DraftForm, PageForm):
    # The declared order (the order of the API's documents, the CLI's options and the page's
    # links) rather than Django's base-class-first order.
    form_class.base_fields = {name: form_class.base_fields[name] for name in form_class.field_order}
