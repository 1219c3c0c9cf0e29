from __future__ import annotations

from django.http import QueryDict

from planner.core import Cloud, PlanRequest, SizingRequest
from planner.forms import PlanForm


def valid(data: object, **kwargs: bool) -> PlanForm:
    form = PlanForm(data, **kwargs)  # type: ignore[arg-type]
    assert form.is_valid(), form.errors
    return form


def test_it_reads_a_query_string_into_a_plan_request() -> None:
    query = QueryDict(
        "registry=Contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/28"
        "&in_use=10.0.1.4,10.0.1.6-10.0.1.7"
    )
    request = valid(query).to_request()
    assert isinstance(request, PlanRequest)
    assert request.registry == "contoso"
    assert request.regions == ("eastus", "westus")
    assert request.regional_endpoints is True
    assert str(request.subnet) == "10.0.1.0/28"
    assert sum(span.size for span in request.in_use) == 3
    assert request.cloud is Cloud.PUBLIC


def test_it_reads_repeated_region_parameters_in_order() -> None:
    query = QueryDict("registry=contoso&regions=westeurope&regions=eastus&subnet=10.0.1.0/28")
    request = valid(query).to_request()
    assert isinstance(request, PlanRequest)
    assert request.regions == ("westeurope", "eastus")


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
    assert isinstance(request, PlanRequest)
    assert request.regional_endpoints is False
    assert sum(span.size for span in request.in_use) == 5


def test_it_sizes_by_replica_count_without_region_names() -> None:
    request = valid({"replica_count": "3", "subnet": "10.0.1.0/28"}).to_request()
    assert isinstance(request, SizingRequest)
    assert request.replica_count == 3


def test_it_requires_regions_for_a_plan_when_asked_to() -> None:
    form = PlanForm(
        {"registry": "contoso", "replica_count": 3, "subnet": "10.0.1.0/28"}, regions_required=True
    )
    assert not form.is_valid()
    assert "at least one region" in form.errors["regions"][0]


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
    assert sum(span.size for span in request.in_use) == 5


def test_it_keeps_json_array_items_whole() -> None:
    form = PlanForm({"registry": "contoso", "regions": ["East US"], "subnet": "10.0.1.0/28"})
    assert not form.is_valid()
    assert form.errors["regions"] == [
        "'east us' is not a region of Azure (public); did you mean 'eastus'?"
    ]


def test_it_asks_for_regions_or_a_count_as_the_use_demands() -> None:
    sizing_allowed = PlanForm({"subnet": "10.0.1.0/28"})
    plan_only = PlanForm({"subnet": "10.0.1.0/28", "replica_count": 2}, regions_required=True)
    count_only = PlanForm({"subnet": "10.0.1.0/28"}, count_required=True)
    assert not sizing_allowed.is_valid()
    assert "or give only a replica count" in sizing_allowed.errors["regions"][0]
    assert not plan_only.is_valid()
    assert plan_only.errors["regions"] == [
        "Name at least one region: the home region first, then each replica."
    ]
    assert not count_only.is_valid()
    assert set(count_only.errors) == {"replica_count"}
    assert "Give the replica count" in count_only.errors["replica_count"][0]


def test_it_refuses_a_json_boolean_or_fraction_as_a_count() -> None:
    for count in (True, 1.5, "two"):
        form = PlanForm({"replica_count": count, "subnet": "10.0.1.0/28"})
        assert not form.is_valid()
        assert form.errors["replica_count"] == [
            "The replica count is a whole number, the home region counted as one."
        ]


def test_it_lists_the_accepted_words_for_a_bad_boolean() -> None:
    form = PlanForm({"replica_count": 1, "subnet": "10.0.1.0/28", "regional_endpoints": 1})
    assert not form.is_valid()
    message = form.errors["regional_endpoints"][0]
    assert "true or false (on/off, yes/no and 1/0 are read too), not '1'" in message


def test_it_takes_only_ascii_digits_as_a_count() -> None:
    for count in ("1.0", "\u0661", "\u00b2", "+1", "1e1"):  # Arabic-Indic one, superscript two
        form = PlanForm({"replica_count": count, "subnet": "10.0.1.0/28"})
        assert not form.is_valid(), count
        assert "replica_count" in form.errors
    assert (
        valid({"replica_count": " 2 ", "subnet": "10.0.1.0/28"}).cleaned_data["replica_count"] == 2
    )
