"""PlanForm: the one validation path for the page, the API (query string or JSON) and the CLI.

The rules and their messages live in `planner.core.inputs`; this form only carries values
from a query string, a JSON object or command-line arguments to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.utils.datastructures import MultiValueDict

from planner.core import InvalidInput, PlanRequest, SizingRequest, inputs
from planner.core.azure import Cloud

T = TypeVar("T")
SEPARATORS = re.compile(r"[\s,]+")


def core_check(parse: Callable[..., T], *args: Any) -> T:
    """Call a core parser, turning its InvalidInput into the form's ValidationError."""
    try:
        return parse(*args)
    except InvalidInput as error:
        raise forms.ValidationError(str(error)) from None


class TextField(forms.CharField):
    """A CharField that refuses JSON numbers, lists and objects instead of str()-ing them."""

    def to_python(self, value: Any) -> str:
        if value is not None and not isinstance(value, str):
            raise forms.ValidationError("Give this as a string.")
        return str(super().to_python(value))


class ListWidget(forms.TextInput):
    """Reads every value of a repeated query parameter, or a JSON array, or one string."""

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        if isinstance(data, MultiValueDict):
            return data.getlist(name)
        return data.get(name)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        formatted: str | None = super().format_value(value)
        return formatted


class ListField(forms.Field):
    """A list of words: a JSON array of strings, or strings separated by commas or white space."""

    widget = ListWidget

    def to_python(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
            raise forms.ValidationError(
                "Give a list of strings, or one string separated by commas."
            )
        return [word for item in items for word in SEPARATORS.split(item) if word]


class StrictCheckbox(forms.CheckboxInput):
    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        return data.get(name)


class StrictBooleanField(forms.Field):
    """true/false (also on/off, yes/no, 1/0, and JSON booleans); anything else is an error."""

    widget = StrictCheckbox

    def to_python(self, value: Any) -> bool:
        if value in (None, "") or value is False:
            return False
        if value is True:
            return True
        word = value.strip().lower() if isinstance(value, str) else None
        if word in {"true", "on", "yes", "1"}:
            return True
        if word in {"false", "off", "no", "0"}:
            return False
        raise forms.ValidationError(f"Give true or false, not {str(value)[:40]!r}.")


class PlanForm(forms.Form):
    """Registry, regions (or a count), regional endpoints, subnet, in-use addresses, cloud."""

    registry = TextField(  # not stripped: "contoso\n" is refused, not silently mended
        required=False, strip=False, max_length=200, help_text="5-50 letters and digits"
    )
    cloud = TextField(required=False, help_text="public, usgov or china")
    regions = ListField(required=False, help_text="programmatic names, home region first")
    replica_count = forms.IntegerField(required=False, help_text="the home region counts as one")
    regional_endpoints = StrictBooleanField(required=False)
    subnet = TextField(
        max_length=100,
        error_messages={"required": inputs.SUBNET_MISSING},
    )
    in_use = ListField(required=False, help_text="addresses, ranges a-b and CIDRs")

    def __init__(self, *args: Any, regions_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regions_required = regions_required

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
        named_or_counted = regions or (count is not None and not self.regions_required)
        undecided = any(self.has_error(field) for field in ("cloud", "regions", "replica_count"))
        if not named_or_counted and not undecided:
            self.add_error("regions", inputs.REGIONS_MISSING)
        if regions and not data.get("registry") and not self.has_error("registry"):
            self.add_error("registry", inputs.REGISTRY_MISSING)
        return data

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
