"""Arbitrary input at the form, the page and the API: a plan, or a clear refusal, never a crash.

The form answers with is_valid() or errors; the API with 200 or a 4xx problem+json; the page
with 200 or a 4xx. The test client re-raises any exception a view lets through.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any
from urllib.parse import quote_from_bytes

from django.http import HttpResponse, QueryDict
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner.core import SizingRequest, azure, plan, size
from planner.core.renderers import EXPORTS
from planner.forms import DraftForm, PlanForm, SizingForm, SubnetForm

FIELDS = tuple(PlanForm.base_fields)
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Plausible pieces mixed with noise, so that examples reach the deeper checks too.
words = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "contoso",
            "eastus",
            "eastus,westus",
            "public",
            "usgov",
            "china",
            "true",
            "off",
            "3",
            "-1",
            "10.0.1.0/28",
            "10.0.0.0/8",
            "0.0.0.0/0",
            "10.0.1.4",
            "10.0.1.4-10.0.1.9",
            "10.0.1.9-10.0.1.4",
            "10.0.1.0/33",
            "fe80::/64",
            "224.0.0.0/28",
            "1" * 400,
        ]
    ),
)
numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, words),
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
field_names = st.one_of(st.sampled_from(FIELDS), st.text(max_size=15))


@st.composite
def valid_requests(draw: st.DrawFn) -> dict[str, str]:
    """Requests PlanForm accepts: any public regions, any Azure-sized subnet in 10/8, in-use
    addresses inside it (plans that fit and plans that do not)."""
    prefix = draw(st.integers(min_value=8, max_value=29))
    subnet = ipaddress.ip_network((draw(st.integers(0, 2**24 - 1)) + (10 << 24), prefix), False)
    offsets = st.integers(0, subnet.num_addresses - 1)
    in_use = [str(subnet[offset]) for offset in draw(st.lists(offsets, max_size=8))]
    regions = draw(
        st.lists(st.sampled_from(azure.PUBLIC_REGIONS), min_size=1, max_size=5, unique=True)
    )
    return {
        "registry": draw(st.from_regex(r"[a-zA-Z0-9]{5,50}", fullmatch=True)),
        "regions": ",".join(regions),
        "regional_endpoints": draw(st.sampled_from(["true", "false", "on", "0"])),
        "subnet": str(subnet),
        "in_use": ",".join(in_use),
    }


# Anything at all, or a valid request, or one with a field changed: plans and exports too.
json_objects = st.one_of(
    st.dictionaries(field_names, json_values, max_size=9),
    valid_requests(),
    st.tuples(valid_requests(), st.sampled_from(FIELDS), st.one_of(words, json_values)).map(
        lambda change: change[0] | {change[1]: change[2]}
    ),
)
queries = st.one_of(
    st.lists(st.tuples(field_names, words), max_size=12),
    valid_requests().map(lambda request: list(request.items())),
    st.tuples(valid_requests(), st.sampled_from(FIELDS), words).map(
        lambda change: [*change[0].items(), change[1:]]  # repeated: the last one counts
    ),
)


def query_dict(pairs: list[tuple[str, str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query


def sizing_request_of(form: SubnetForm) -> SizingRequest:
    """The sizing each kind of form asks for (a plan's is the sizing of its regions)."""
    if isinstance(form, PlanForm):
        request = form.to_request()
        assert plan(request).sizing == size(request.sizing_request)
        return request.sizing_request
    if isinstance(form, DraftForm):
        return form.to_request().sizing
    assert isinstance(form, SizingForm)
    return form.to_request()


def check_form(form: SubnetForm) -> None:
    """A valid form gives a request the core plans by its rules; else every error is said."""
    valid = form.is_valid()
    event(f"{type(form).__name__} {'valid' if valid else 'invalid'}")
    if valid:
        request = sizing_request_of(form)
        sizing = size(request)
        replicas = request.replica_count
        assert sizing.required_addresses == 1 + replicas * (2 if request.regional_endpoints else 1)
        assert sizing.fits == (sizing.subnet.free >= sizing.required_addresses)
        assert len(sizing.addresses) == (sizing.required_addresses if sizing.fits else 0)
    else:
        assert form.errors
        assert all(messages for messages in form.errors.values())


def check_api(response: HttpResponse) -> None:
    status = response.status_code
    event(f"status {status}")
    assert status == 200 or 400 <= status < 500, (status, response.content[:500])
    if status != 200:
        assert response["Content-Type"] == "application/problem+json", response.content[:500]
        problem = json.loads(response.content)
        assert problem["status"] == status
        assert problem["detail"]


api_paths = st.one_of(
    st.sampled_from(["/api/v1/plan", "/api/v1/sizing"]),
    st.sampled_from([f"/api/v1/plan/{name}" for name in EXPORTS]),
    st.text(max_size=20).map(lambda name: "/api/v1/plan/" + quote_from_bytes(name.encode())),
)


@FUZZ
@given(json_objects, st.sampled_from([PlanForm, SizingForm, DraftForm]))
def test_it_validates_any_json_object_or_says_why(
    values: dict[str, Any], form_class: type[SubnetForm]
) -> None:
    check_form(form_class(values))


@FUZZ
@given(queries)
def test_it_validates_any_query_string_or_says_why(pairs: list[tuple[str, str]]) -> None:
    check_form(DraftForm(query_dict(pairs)))


@FUZZ
@given(api_paths, queries)
def test_it_answers_any_api_query_with_a_plan_or_a_problem(
    path: str, pairs: list[tuple[str, str]]
) -> None:
    check_api(Client().get(path, query_dict(pairs)))


@FUZZ
@given(api_paths, st.one_of(json_objects, json_values))
def test_it_answers_any_json_body_with_a_plan_or_a_problem(path: str, body: Any) -> None:
    check_api(Client().post(path, json.dumps(body), content_type="application/json"))


@FUZZ
@given(
    api_paths,
    st.binary(max_size=300),
    st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]),
)
def test_it_answers_any_raw_body_or_query_with_a_plan_or_a_problem(
    path: str, raw: bytes, content_type: str
) -> None:
    client = Client()
    check_api(client.post(path, raw, content_type=content_type))
    check_api(client.generic("GET", f"{path}?{quote_from_bytes(raw, safe='&=,/')}"))


@FUZZ
@given(queries, st.booleans())
def test_it_answers_any_page_query_with_a_page(pairs: list[tuple[str, str]], htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    response = Client().get("/", query_dict(pairs), headers=headers)
    assert response.status_code == 200 or 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("text/html")
