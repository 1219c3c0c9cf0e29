"""PlanForm: the one validation path for the page, the API (query string or JSON) and the CLI.

The rules and their messages live in `planner.core.inputs`; this form only carries values
from a query string, a JSON object or command-line arguments to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.utils.datastructures import MultiValueDict

from planner.core import InvalidInput, PlanRequest, SizingRequest, inputs
from planner.core.azure import Cloud

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
    if isinstance(data, MultiValueDict) and len(values := data.getlist(name)) > 1:
        return Repeated(values)
    return data.get(name)


def refuse_repeated(value: Any) -> None:
    if isinstance(value, Repeated):
        raise forms.ValidationError(f"Give this once; it was given {len(value)} times.")


class TextInput(forms.TextInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return one_value(data, name)


class TextField(forms.CharField):
    """One string: refuses repeated parameters and JSON numbers, lists and objects."""

    widget = TextInput

    def to_python(self, value: Any) -> str:
        refuse_repeated(value)
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError("Give this as a string.")
        if value is not None:
            core_check(inputs.check_text, value)
        return str(super().to_python(value))


class CountInput(forms.NumberInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return one_value(data, name)


class CountField(forms.IntegerField):
    widget = CountInput

    def to_python(self, value: Any) -> int | None:
        refuse_repeated(value)
        text = core_check(inputs.check_text, value).strip() if isinstance(value, str) else None
        if isinstance(value, bool | float) or (text and not (text.isascii() and text.isdigit())):
            # JSON true or 1.0, "1.0", Arabic-Indic digits: things int() would take are not counts
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        count: int | None = super().to_python(value)
        return count


class ListWidget(forms.TextInput):
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


class ListField(forms.Field):
    """A JSON array of strings (each item whole), or one string of items separated by commas,
    semicolons or white space."""

    widget = ListWidget

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            return core_check(inputs.split_list, value)
        if isinstance(value, list):  # counted first: a list over the cap is not read further
            core_check(inputs.check_entries, value)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise forms.ValidationError(
                "Give a list of strings, or one string separated by commas."
            )
        return [item.strip() for item in value if item.strip()]


class StrictCheckbox(forms.CheckboxInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return one_value(data, name)


class StrictBooleanField(forms.Field):
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
        raise forms.ValidationError(
            f"Give true or false (on/off, yes/no and 1/0 are read too), not {str(value)[:40]!r}."
        )


class PlanForm(forms.Form):
    """Registry, regions (or a count), regional endpoints, subnet, in-use addresses, cloud."""

    registry = TextField(required=False, strip=False)  # "contoso\n" is refused, not mended
    cloud = TextField(required=False)
    regions = ListField(required=False)
    replica_count = CountField(
        required=False, error_messages={"invalid": inputs.REPLICA_COUNT_INVALID}
    )
    regional_endpoints = StrictBooleanField(required=False)
    subnet = TextField(error_messages={"required": inputs.SUBNET_MISSING})
    in_use = ListField(required=False)

    def __init__(
        self,
        *args: Any,
        regions_required: bool = False,
        count_required: bool = False,
        **kwargs: Any,
    ) -> None:
        """regions_required: a plan, not a sizing (the API's /plan). count_required: a sizing
        by count (the API's /sizing)."""
        super().__init__(*args, **kwargs)
        self.regions_required = regions_required
        self.count_required = count_required

    def clean_registry(self) -> str:
        registry: str = self.cleaned_data["registry"]
        return core_check(inputs.parse_registry, registry) if registry else ""

    def clean_cloud(self) -> Cloud:
        return core_check(inputs.parse_cloud, self.cleaned_data["cloud"] or Cloud.PUBLIC.value)

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

    def clean_subnet(self) -> Any:
        return core_check(inputs.parse_subnet, self.cleaned_data["subnet"])

    def clean_in_use(self) -> Any:
        subnet = self.cleaned_data.get("subnet")
        return core_check(inputs.parse_in_use, self.cleaned_data["in_use"], subnet)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        regions, count = data.get("regions"), data.get("replica_count")
        if self.count_required:
            if count is None and not self.has_error("replica_count"):
                self.add_error("replica_count", inputs.REPLICA_COUNT_MISSING)
        elif not (regions or self._undecided("cloud", "regions", "replica_count")):
            if self.regions_required:
                self.add_error("regions", inputs.REGIONS_MISSING)
            elif count is None:
                self.add_error("regions", inputs.REGIONS_OR_COUNT_MISSING)
        if regions and not data.get("registry") and not self.has_error("registry"):
            self.add_error("registry", inputs.REGISTRY_MISSING)
        return data

    def _undecided(self, *fields: str) -> bool:
        return any(self.has_error(field) for field in fields)

    def to_request(self) -> PlanRequest | SizingRequest:
        """The core's request: a full plan when regions are named, else sizing by count."""
        data = self.cleaned_data
        if data["regions"]:
            return PlanRequest(
                registry=data["registry"],
                regions=data["regions"],
                regional_endpoints=data["regional_endpoints"],
                subnet=data["subnet"],
                in_use=data["in_use"],
                cloud=data["cloud"],
            )
        return SizingRequest(
            replica_count=data["replica_count"],
            regional_endpoints=data["regional_endpoints"],
            subnet=data["subnet"],
            in_use=data["in_use"],
        )


class SharedFields(dict[str, forms.Field]):
    """PlanForm instances share their field objects instead of deep-copying them.

    Django deep-copies every field and widget for each form instance; for the API that was a
    third of a plan request. These fields keep no per-request state and nothing changes them
    or their widgets after the class is built, so one set serves every form.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


PlanForm.base_fields = SharedFields(PlanForm.base_fields)
