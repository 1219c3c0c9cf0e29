from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.http import QueryDict

from planner.core import Cloud
from planner.forms import DraftForm, PlanForm, SizingForm

Form = TypeVar("Form", bound=forms.Form)


def valid(data: Any, form_class: type[Form] = PlanForm) -> Form:  # type: ignore[assignment]
    form = form_class(data)
    assert form.is_valid(), form.errors
    return form


def test_it_reads_a_query_string_into_a_plan_request() -> None:
    query = QueryDict(
        "registry=Contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/28"
        "&in_use=10.0.1.4,10.0.1.6-10.0.1.7"
    )
    request = valid(query).to_request()
    assert request.registry.name == "contoso"
    assert request.registry.regions == ("eastus", "westus")
    assert request.registry.regional_endpoints is True
    assert str(request.subnet.cidr) == "10.0.1.0/28"
    assert sum(span.size for span in request.subnet.used) == 3
    assert request.registry.cloud is Cloud.PUBLIC


def test_it_reads_repeated_region_parameters_in_order() -> None:
    query = QueryDict("registry=contoso&regions=westeurope&regions=eastus&subnet=10.0.1.0/28")
    assert valid(query).to_request().registry.regions == ("westeurope", "eastus")


def test_it_reads_a_json_object() -> None:
    body = {
        "registry": "contoso",
        "regions": ["eastus", "westus"],
        "regional_endpoints": False,
        "replica_count": 2,
        "subnet": "10.0.1.0/28",
        "in_use": ["10.0.1.4", "10.0.1.8/30"],
        "cloud": "public",
    }
    request = valid(body).to_request()
    assert request.registry.regional_endpoints is False
    assert sum(span.size for span in request.subnet.used) == 5


def test_it_sizes_by_replica_count() -> None:
    request = valid({"replica_count": "3", "subnet": "10.0.1.0/28"}, SizingForm).to_request()
    assert (request.replica_count, request.regional_endpoints, request.cloud) == (
        3,
        False,
        Cloud.PUBLIC,
    )


def test_it_drafts_a_sizing_without_region_names_and_a_plan_with_them() -> None:
    sizing = valid({"replica_count": "3", "subnet": "10.0.1.0/28"}, DraftForm).to_request()
    assert (sizing.sizing.replica_count, sizing.registry, sizing.plan_request) == (3, None, None)
    named = {"registry": "contoso", "regions": "eastus,westus", "subnet": "10.0.1.0/28"}
    draft = valid(named, DraftForm).to_request()
    assert draft.sizing.replica_count == 2
    assert draft.plan_request == valid(named).to_request()


def test_it_requires_regions_for_a_plan() -> None:
    form = PlanForm({"registry": "contoso", "replica_count": 3, "subnet": "10.0.1.0/28"})
    assert not form.is_valid()
    assert form.errors == {
        "regions": ["Name at least one region: the home region first, then each replica."]
    }


def test_it_reports_every_fields_problem_at_once() -> None:
    form = PlanForm(
        {
            "registry": "ab",
            "regions": ["eastus", "eastus"],
            "regional_endpoints": "maybe",
            "subnet": "10.0.1.0/33",
            "in_use": ["nope"],
            "cloud": "public",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"registry", "regions", "regional_endpoints", "subnet", "in_use"}
    assert "true or false" in form.errors["regional_endpoints"][0]
    assert "'nope' is not an IPv4 address" in form.errors["in_use"][0]


def test_it_refuses_wrong_json_types_with_a_message() -> None:
    form = PlanForm(
        {
            "registry": 12345,
            "regions": "eastus",
            "subnet": ["10.0.1.0/28"],
            "in_use": [1, 2],
            "replica_count": 1.5,
            "regional_endpoints": 3,
        }
    )
    assert not form.is_valid()
    assert form.errors["registry"] == ["Give this as a string."]
    assert form.errors["subnet"] == ["Give this as a string."]
    assert "list of strings" in form.errors["in_use"][0]
    assert "replica_count" in form.errors
    assert "regional_endpoints" in form.errors


def test_it_checks_the_replica_count_against_the_regions() -> None:
    form = PlanForm(
        {
            "registry": "contoso",
            "regions": "eastus,westus",
            "replica_count": "3",
            "subnet": "10.0.1.0/28",
        }
    )
    assert not form.is_valid()
    assert "does not match the 2 region" in form.errors["replica_count"][0]


def test_it_needs_the_registry_name_with_regions() -> None:
    form = PlanForm({"regions": "eastus", "subnet": "10.0.1.0/28"})
    assert not form.is_valid()
    assert "registry name" in form.errors["registry"][0]


def test_it_checks_regions_against_the_chosen_cloud() -> None:
    form = PlanForm(
        {"registry": "contoso", "regions": "eastus", "subnet": "10.0.1.0/28", "cloud": "usgov"}
    )
    assert not form.is_valid()
    assert "Azure US Government" in form.errors["regions"][0]


def test_it_says_nothing_of_regions_when_the_cloud_itself_is_wrong() -> None:
    form = PlanForm(
        {"registry": "contoso", "regions": "eastus", "subnet": "10.0.1.0/28", "cloud": "mars"}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"cloud"}


def test_it_treats_an_absent_checkbox_as_false_and_on_as_true() -> None:
    base = "registry=contoso&regions=eastus&subnet=10.0.1.0/28"
    assert valid(QueryDict(base)).cleaned_data["regional_endpoints"] is False
    assert valid(QueryDict(base + "&regional_endpoints=on")).cleaned_data["regional_endpoints"]


def test_it_refuses_a_single_valued_parameter_given_twice() -> None:
    form = PlanForm(
        QueryDict(
            "registry=contoso&regions=eastus&subnet=10.0.1.0/28&subnet=10.0.2.0/28"
            "&regional_endpoints=true&regional_endpoints=false&replica_count=1&replica_count=1"
        )
    )
    assert not form.is_valid()
    assert set(form.errors) == {"subnet", "regional_endpoints", "replica_count"}
    assert form.errors["subnet"] == ["Give this once; it was given 2 times."]


def test_it_reads_ranges_written_with_spaces_in_a_query_string() -> None:
    query = QueryDict("registry=contoso&regions=eastus&subnet=10.0.1.0/28", mutable=True)
    query["in_use"] = "10.0.1.4 - 10.0.1.6\n10.0.1.9; 10.0.1.10"
    request = valid(query).to_request()
    assert sum(span.size for span in request.subnet.used) == 5


def test_it_keeps_json_array_items_whole() -> None:
    form = PlanForm({"registry": "contoso", "regions": ["eastus westus"], "subnet": "10.0.1.0/28"})
    assert not form.is_valid()
    assert form.errors["regions"][0].startswith(
        "'eastus westus' is not a region of Azure (public);"
    )


def test_it_asks_for_regions_or_a_count_as_the_use_demands() -> None:
    draft = DraftForm({"subnet": "10.0.1.0/28"})
    plan_only = PlanForm({"subnet": "10.0.1.0/28", "replica_count": 2})
    count_only = SizingForm({"subnet": "10.0.1.0/28"})
    assert not draft.is_valid()
    assert draft.errors == {
        "regions": [
            "Name at least one region (the home region first, then each replica), "
            "or give only a replica count to size the subnet."
        ]
    }
    assert not plan_only.is_valid()
    assert plan_only.errors == {
        "registry": [
            "Give the registry name: 5 to 50 letters and digits, no dashes or other characters."
        ],
        "regions": ["Name at least one region: the home region first, then each replica."],
    }
    assert not count_only.is_valid()
    assert count_only.errors == {
        "replica_count": ["Give the replica count: a whole number, the home region counted as one."]
    }


def test_it_asks_for_the_registry_once_regions_are_named() -> None:
    draft = DraftForm({"regions": "eastus", "subnet": "10.0.1.0/28"})
    assert not draft.is_valid()
    assert draft.errors == {
        "registry": [
            "Give the registry name: 5 to 50 letters and digits, no dashes or other characters."
        ]
    }


def test_it_refuses_a_json_boolean_or_fraction_as_a_count() -> None:
    for count in (True, 1.5, "two"):
        form = SizingForm({"replica_count": count, "subnet": "10.0.1.0/28"})
        assert not form.is_valid()
        assert form.errors["replica_count"] == [
            "The replica count is a whole number, the home region counted as one."
        ]


def test_it_lists_the_accepted_words_for_a_bad_boolean() -> None:
    form = SizingForm({"replica_count": 1, "subnet": "10.0.1.0/28", "regional_endpoints": 1})
    assert not form.is_valid()
    message = form.errors["regional_endpoints"][0]
    assert (
        "true or false (on/off, yes/no and 1/0 are read too, as text), not the number 1" in message
    )
    form = SizingForm({"replica_count": 1, "subnet": "10.0.1.0/28", "regional_endpoints": "maybe"})
    assert not form.is_valid()
    assert "not 'maybe'" in form.errors["regional_endpoints"][0]


def test_it_takes_only_ascii_digits_as_a_count() -> None:
    for count in ("1.0", "\u0661", "\u00b2", "+1", "1e1"):  # Arabic-Indic one, superscript two
        form = SizingForm({"replica_count": count, "subnet": "10.0.1.0/28"})
        assert not form.is_valid(), count
        assert form.errors == {
            "replica_count": [
                "The replica count is a whole number, the home region counted as one."
            ]
        }
    form = valid({"replica_count": " 2 ", "subnet": "10.0.1.0/28"}, SizingForm)
    assert form.cleaned_data["replica_count"] == 2


def test_each_form_gets_its_own_fields_and_widgets_as_django_promises() -> None:
    """QuickCopy makes Django's per-form copy faster, not shallower: a form that changes its
    field, widget, attrs or messages changes nobody else's."""
    first, second = PlanForm(), PlanForm()
    for name, declared in PlanForm.base_fields.items():
        field, other = first.fields[name], second.fields[name]
        assert field is not declared
        assert field is not other
        assert field.widget is not declared.widget
        assert field.widget is not other.widget
        assert field.widget.attrs is not other.widget.attrs
        assert field.error_messages is not other.error_messages
        assert field.validators is not other.validators
        assert vars(field).keys() == vars(declared).keys()  # the same attributes, copied
    first.fields["subnet"].required = False
    first.fields["subnet"].widget.attrs["placeholder"] = "changed"
    first.fields["subnet"].error_messages["required"] = "changed"
    fresh = PlanForm()
    assert fresh.fields["subnet"].required
    assert "placeholder" not in fresh.fields["subnet"].widget.attrs
    assert fresh.fields["subnet"].error_messages["required"] != "changed"
    assert not PlanForm({"registry": "contoso", "regions": "eastus"}).is_valid()  # no subnet
