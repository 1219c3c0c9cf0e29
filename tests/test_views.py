"""The planning page: full page or htmx partial, permalinks, errors by their fields, paste box."""

from __future__ import annotations

import json
import re
from html import escape, unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from netaddr import IPNetwork

from planner.core import PlanRequest, Registry, SizingRequest, Subnet, plan, size
from planner.core.addresses import reserved
from planner.core.azure import STATIC_IP_WARNING
from planner.core.deployed.graph import graph_command
from planner.core.deployed.places import MAX_TEXT_CHARACTERS
from planner.forms import DraftForm
from planner.pages.home import HELP
from tests.day_two import FIXTURES, narrowed

PERMALINK = "/?registry=contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/28"
HTMX = {"HX-Request": "true"}
DOCUMENTED_ENDPOINTS = """{ "loginServer": "myregistry.azurecr.io",
  "dataEndpoints": [ {"region": "eastus", "endpoint": "myregistry.eastus.data.azurecr.io"},
                     {"region": "westus", "endpoint": "myregistry.westus.data.azurecr.io"} ],
  "regionalEndpoints": [ {"region": "eastus", "endpoint": "myregistry.eastus.geo.azurecr.io"},
                         {"region": "westus", "endpoint": "myregistry.westus.geo.azurecr.io"} ] }"""


def error_of(html: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="id_{field}-error"[^>]*>(.*?)</p>', html, re.S)
    assert found, f"no error slot for {field}"
    return found.group(1).replace("&#x27;", "'").strip()


def selected_regions(html: str) -> list[str]:
    """Each region input's value: a region's programmatic name, what was typed, or ""."""
    return re.findall(r'<input id="id_regions_\d+" name="regions" value="([^"]*)"', html)


def expected_plan() -> PlanRequest:
    return PlanRequest(
        Registry("contoso", ("eastus", "westus"), True), Subnet(IPNetwork("10.0.1.0/28"))
    )


def test_it_shows_an_empty_form_without_errors_when_opened_bare() -> None:
    response = Client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form id="plan-form" method="get"' in html
    assert all(error_of(html, field) == "" for field in ("registry", "regions", "subnet"))
    assert selected_regions(html) == [""]
    assert 'id="allocations"' not in html


def test_it_renders_the_whole_plan_from_a_permalink() -> None:
    response = Client().get(PERMALINK)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert selected_regions(html) == ["eastus", "westus"]
    assert 'name="regional_endpoints" type="checkbox" value="true"' in html
    assert re.search(r'id="id_regional_endpoints"[^>]*checked', html, re.S)
    result = plan(expected_plan())
    rows = [
        re.sub(r"<[^>]+>", "\t", row.replace("<wbr>", "")).split()  # FQDNs break at dots
        for row in re.findall(
            r"<tr>(.*?)</tr>", html.split('id="allocations"')[1].split("</table>")[0]
        )
    ]
    assert rows[1:] == [  # IP right after the kind
        [
            *allocation.kind.label.split(),
            allocation.ip,
            *filter(None, [allocation.region]),
            allocation.member_name,
            allocation.fqdn,
        ]
        for allocation in result.allocations
    ]
    assert "Fits: the plan needs" in html


def test_it_answers_htmx_with_the_results_partial_and_out_of_band_errors() -> None:
    response = Client().get(PERMALINK, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "<form" not in html
    assert 'id="id_subnet-error" hx-swap-oob="true"' in html
    assert 'id="pickers"' not in html  # only a change of count or cloud redraws the pickers
    assert "HX-Request" in response["Vary"]


def test_it_keeps_the_address_bar_on_the_plans_permalink() -> None:
    query = "/?registry=contoso&cloud=public&regions=eastus&regions=&in_use=&subnet=10.0.1.0/28"
    response = Client().get(query + "&endpoints=%7B", headers=HTMX)
    assert response["HX-Push-Url"] == (
        "/?registry=contoso&cloud=public&regions=eastus&subnet=10.0.1.0/28"
    )


def test_it_gives_a_history_restore_request_the_full_page() -> None:
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    html = Client().get(PERMALINK, headers=headers).content.decode()
    assert "<form" in html


def test_it_puts_each_error_next_to_its_field_in_plain_words() -> None:
    response = Client().get("/?registry=contoso&regions=eastu&subnet=10.0.1.0/33")
    html = response.content.decode()
    assert response.status_code == 400
    assert "did you mean 'eastus'?" in error_of(html, "regions")
    assert error_of(html, "subnet") == "An Azure subnet is /2 to /29; '10.0.1.0/33' is /33."
    assert error_of(html, "registry") == ""
    assert selected_regions(html) == ["eastu"]  # kept as typed
    assert 'id="id_subnet" name="subnet" value="10.0.1.0/33"' in html
    assert "No plan yet" in html


def test_it_sends_errors_to_htmx_as_a_200_that_says_it_is_invalid() -> None:
    """Half-typed input is no error of the request: a browser logs every 4xx of a fetch in
    its console. The header tells planner.js to hold the messages while typing goes on."""
    response = Client().get("/?registry=x&regions=eastus&subnet=10.0.1.0/28", headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Planner-Invalid"] == "true"
    valid = Client().get("/?registry=contoso&regions=eastus&subnet=10.0.1.0/28", headers=HTMX)
    assert "Planner-Invalid" not in valid
    assert "5 to 50 letters and digits" in error_of(html, "registry")


def test_it_sizes_by_replica_count_when_no_region_is_named() -> None:
    html = Client().get("/?replica_count=3&regional_endpoints=true&subnet=10.0.1.0/29").content
    sizing = size(SizingRequest(3, True, Subnet(IPNetwork("10.0.1.0/29"))))
    assert not sizing.fits
    assert html.count(sizing.verdict.encode()) == 1  # the verdict, not repeated as a warning
    assert b"A new, empty /27 or larger subnet" in html
    assert b"Downloads" not in html


def test_it_links_every_download_to_the_api_with_the_page_query() -> None:
    html = Client().get(PERMALINK + "&endpoints=ignored").content.decode()
    links = re.findall(r'href="(/api/v1/plan/[^"]+)" download="([^"]+)"', html)
    formats = [urlsplit(url).path.rsplit("/", 1)[1] for url, _ in links]
    assert formats == [
        *("zone", "hosts", "firewall", "terraform", "bicep", "azcli", "csv", "netbox", "json"),
        *("verify", "verify-ps"),
    ]
    for url, _ in links:
        query = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
        assert query == {
            "registry": ["contoso"],
            "regions": ["eastus,westus"],
            "regional_endpoints": ["true"],
            "subnet": ["10.0.1.0/28"],
        }


@pytest.mark.parametrize(
    ("page", "endpoint", "query"),
    [
        (PERMALINK, "/api/v1/plan", parse_qs(urlsplit(PERMALINK).query)),
        (
            "/?registry=contoso&replica_count=2&subnet=10.0.1.0/28",  # no regions: a sizing
            "/api/v1/sizing",
            {"replica_count": ["2"], "subnet": ["10.0.1.0/28"]},
        ),
    ],
)
def test_it_links_the_api_endpoint_that_answers_the_same_query(
    page: str, endpoint: str, query: dict[str, list[str]]
) -> None:
    html = Client().get(page).content.decode()
    url = re.findall(r'<a href="(/api/v1/[^"]+)"><code>', html)[0].replace("&amp;", "&")
    assert urlsplit(url).path == endpoint
    assert parse_qs(urlsplit(url).query) == query
    assert Client().get(url).status_code == 200


def test_each_fields_help_is_one_short_line_and_the_rest_opens_on_demand() -> None:
    html = Client().get("/").content.decode()
    for name in DraftForm.base_fields:
        help_text = re.search(rf'<p class="help" id="id_{name}-help">([^<]*)</p>', html)
        assert help_text is not None, name
        assert unescape(help_text.group(1)) == HELP[name].line
        assert len(HELP[name].line) <= 60, name  # a line of the form's column, near enough
    # Nothing on the page speaks of a query string or a JSON body: that is the API's help.
    assert "query string" not in html
    assert "JSON array" not in html
    assert html.count('<details class="more-help">') == sum(bool(h.more) for h in HELP.values())


def test_it_quotes_the_reservations_the_core_applies() -> None:
    html = " ".join(Client().get("/").content.decode().split())
    per_subnet = len(reserved(IPNetwork("10.0.1.0/28")))
    assert f"Azure reserves {per_subnet} addresses" in html
    page = Client().get(PERMALINK).content.decode()
    assert page.count('class="cell reserved"') == per_subnet


def test_it_downloads_the_zone_file_the_link_names() -> None:
    html = Client().get(PERMALINK).content.decode()
    url, filename = re.findall(r'href="(/api/v1/plan/zone[^"]*)" download="([^"]+)"', html)[0]
    response = Client().get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert filename in response["Content-Disposition"]
    assert b"contoso.eastus.data" in response.content


def test_it_offers_no_download_when_the_plan_does_not_fit() -> None:
    html = Client().get(PERMALINK.replace("/28", "/29")).content.decode()
    assert "Does not fit: the plan needs" in html
    assert "/api/v1/plan/" not in html


def test_it_redraws_the_pickers_when_htmx_changes_the_count() -> None:
    query = "/?replica_count=1&regions=eastus&regions=westus&subnet=10.0.1.0/28&registry=contoso"
    headers = {**HTMX, "HX-Trigger-Name": "replica_count"}
    response = Client().get(query, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="pickers" hx-swap-oob="true">' in html
    assert selected_regions(html) == ["eastus"]
    assert parse_qs(urlsplit(response["HX-Push-Url"]).query)["regions"] == ["eastus"]


def test_it_adds_empty_pickers_when_the_count_grows() -> None:
    headers = {**HTMX, "HX-Trigger-Name": "replica_count"}
    html = Client().get("/?replica_count=3&regions=eastus", headers=headers).content.decode()
    assert selected_regions(html) == ["eastus", "", ""]


def test_it_offers_the_regions_of_the_cloud_chosen() -> None:
    headers = {**HTMX, "HX-Trigger-Name": "cloud"}
    html = Client().get("/?cloud=china&replica_count=1", headers=headers).content.decode()
    assert selected_regions(html) == [""]
    assert 'list="regions-china"' in html  # the page's list of the cloud's regions
    page = Client().get("/?cloud=china&replica_count=1").content.decode()
    china = page.split('<datalist id="regions-china">')[1].split("</datalist>")[0]
    assert '<option value="chinanorth3">China North 3</option>' in china
    assert 'value="eastus"' not in china


@pytest.mark.parametrize(("prefix", "cells"), [("/22", 1024), ("/21", 256), ("/8", 256)])
def test_it_never_draws_more_than_a_22(prefix: str, cells: int) -> None:
    html = Client().get(PERMALINK.replace("10.0.1.0/28", f"10.0.0.0{prefix}")).content.decode()
    assert html.count('<span class="cell ') == cells


def test_it_fills_the_form_from_pasted_show_endpoints_and_keeps_the_subnet() -> None:
    query = {"endpoints": DOCUMENTED_ENDPOINTS, "subnet": "10.0.2.0/27", "registry": "old"}
    response = Client().get(reverse("paste"), query)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/"
    assert parse_qs(target.query) == {
        "registry": ["myregistry"],
        "cloud": ["public"],
        "regions": ["eastus,westus"],
        "replica_count": ["2"],
        "regional_endpoints": ["true"],
        "subnet": ["10.0.2.0/27"],
    }
    assert Client().get(response["Location"]).status_code == 200


def test_it_redirects_htmx_to_the_filled_permalink() -> None:
    response = Client().get(reverse("paste"), {"endpoints": DOCUMENTED_ENDPOINTS}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/?registry=myregistry&")


def test_it_shows_a_paste_error_by_the_box() -> None:
    query = {"endpoints": "{not json", "subnet": "10.0.1.0/28"}
    response = Client().get(reverse("paste"), query)
    html = response.content.decode()
    assert response.status_code == 400
    assert "not JSON" in error_of(html, "endpoints")
    assert "{not json</textarea>" in html
    assert '<details id="paste-box" class="paste" open>' in html
    partial = Client().get(reverse("paste"), query, headers=HTMX)
    assert partial.status_code == 200
    assert partial.content.decode().lstrip().startswith('<details id="paste-box"')


def test_it_gives_the_in_use_addresses_back_as_typed_so_the_form_resubmits() -> None:
    query = (
        "registry=contoso&regions=westeurope&subnet=10.1.2.0/28&in_use=10.1.2.4,10.1.2.7-10.1.2.8"
    )
    html = Client().get(f"/?{query}").content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"in_use\"[^>]*>([^<]*)</textarea>", html)
    assert textarea is not None
    assert textarea.group(1) == "10.1.2.4,10.1.2.7-10.1.2.8"
    again = Client().get(
        "/",
        {
            "registry": "contoso",
            "regions": "westeurope",
            "subnet": "10.1.2.0/28",
            "in_use": textarea.group(1),
        },
    )
    assert again.status_code == 200


def test_it_answers_head_requests_like_get() -> None:
    for url, status in (("/", 200), ("/healthz", 200), (PERMALINK, 200), ("/paste", 400)):
        assert Client().head(url).status_code == status == Client().get(url).status_code, url


def test_it_answers_what_if_beside_the_headroom() -> None:
    query = "/?registry=contoso&regions=eastus,westus,westeurope&subnet=10.0.1.0/28"
    roomy = unescape(Client().get(query).content.decode())
    tight = unescape(Client().get(query + "&in_use=10.0.1.4-10.0.1.8").content.decode())

    def answers(html: str) -> dict[str, str]:
        found = re.findall(
            r'<details class="what-if [^"]*" id="what-if-([^"]+)">\s*<summary>([^<]*): '
            r'<span class="outcome">([^<]*)</span></summary>\s*<p>([^<]*)</p>',
            html,
        )
        return {key: f"{change} ({outcome}): {answer}" for key, change, outcome, answer in found}

    assert answers(roomy) == {
        "replicas-1": "+1 replica (still fits): Still fits: 5 addresses needed, 6 free after; "
        "the smallest subnet that holds it is a /28.",
        "replicas-2": "+2 replicas (still fits): Still fits: 6 addresses needed, 5 free after; "
        "the smallest subnet that holds it is a /28.",
        "regional-endpoints": "Enable regional endpoints (still fits): Still fits: 7 addresses "
        "needed, 4 free after; the smallest subnet that holds it is a /28.",
    }
    assert answers(tight)["regional-endpoints"] == (
        "Enable regional endpoints (would not fit): Does not fit: 7 addresses needed and "
        "10.0.1.0/28 has 6 free. Free 1 more of its addresses, or use another subnet: a new, "
        "empty /27 or larger subnet would hold it."
    )
    assert "regional-endpoints" not in answers(Client().get(PERMALINK).content.decode())  # on


def test_it_shows_the_static_ip_remedies_once_and_no_sentence_twice() -> None:
    html = unescape(Client().get(PERMALINK.replace("/28", "/29")).content.decode())
    sentences = [
        sentence
        for item in re.findall(r'<p class="verdict[^"]*"[^>]*>(.*?)</p>|<li>(.*?)</li>', html, re.S)
        for text in item
        for sentence in text.split(". ")
        if sentence.strip()
    ]
    assert len(sentences) == len(set(sentences)), sentences
    fits = unescape(Client().get(PERMALINK).content.decode())
    assert fits.count(STATIC_IP_WARNING) == 1


def test_it_keeps_the_shown_plan_and_swaps_only_the_messages_while_invalid() -> None:
    query = "/?registry=contoso&regions=eastus&subnet=10.0.1.0/2&in_use=10.9.0.1"
    headers = {**HTMX, "Planner-Shown": "true"}
    response = Client().get(query, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Planner-Invalid"] == "true"
    assert response["HX-Reswap"] == "none"
    assert 'id="results"' not in html  # the plan on screen stays
    assert '<p id="plan-status" class="plan-status" role="status" data-state="stale"' in html
    assert "Out of date: correct Subnet in the form" in unescape(html)
    assert 'id="id_subnet-error" hx-swap-oob="true"' in html
    assert '<div id="error-summary" class="error-summary" tabindex="-1" hx-swap-oob="true">' in html
    assert '<a href="#id_subnet">Subnet</a>: ' in html
    assert "Planner-Shown" in response["Vary"]
    nothing_shown = Client().get(query, headers=HTMX)
    assert "HX-Reswap" not in nothing_shown
    assert "No plan yet" in nothing_shown.content.decode()


def test_it_names_each_field_in_error_in_the_summary_without_javascript() -> None:
    html = unescape(Client().get("/?registry=x&regions=eastu&subnet=10.0.1.0/33").content.decode())
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>: ', html)
    assert links == [
        ("id_registry", "Registry name"),
        ("id_regions_1", "Regions"),
        ("id_subnet", "Subnet"),
    ]
    assert 'class="plan-status" role="status" data-state="current"' in html


def test_it_plans_named_regions_and_sizes_the_rest_but_offers_no_download() -> None:
    response = Client().get("/?registry=contoso&regions=eastus&replica_count=3&subnet=10.0.1.0/28")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<td data-label="Region">(replica \d: region not chosen)</td>', html) == [
        "replica 2: region not chosen",
        "replica 3: region not chosen",
    ]
    assert "/api/v1/plan/" not in html
    assert 'href="/api/v1/sizing?replica_count=3&amp;subnet=10.0.1.0/28"' in html


def test_it_still_refuses_fewer_replicas_than_regions_named() -> None:
    response = Client().get(
        "/?registry=contoso&regions=eastus,westus&replica_count=1&subnet=10.0.1.0/28"
    )
    assert response.status_code == 400
    assert "does not match the 2 region(s) named" in error_of(
        response.content.decode(), "replica_count"
    )


def test_it_sizes_one_replica_when_only_a_subnet_is_given() -> None:
    response = Client().get("/?subnet=10.20.1.0/27")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sizing for 1 replica" in html
    api = re.findall(r'<a href="(/api/v1/sizing[^"]+)"><code>', html)[0].replace("&amp;", "&")
    assert api == "/api/v1/sizing?replica_count=1&subnet=10.20.1.0/27"
    assert Client().get(api).status_code == 200


def test_it_labels_region_options_by_display_name_and_sends_the_programmatic_one() -> None:
    html = Client().get("/", {"regions": "East US 2, West Europe", "replica_count": "2"})
    page = html.content.decode()
    assert '<option value="eastus2">East US 2</option>' in page  # either name is suggested
    assert '<option value="westeurope">West Europe</option>' in page
    assert selected_regions(page) == ["eastus2", "westeurope"]


def test_it_plans_regions_given_by_display_name() -> None:
    query = {"registry": "contoso", "regions": "East US,eastus 2", "subnet": "10.0.1.0/28"}
    response = Client().get("/", query)
    assert response.status_code == 200
    assert "contoso.eastus2.data.azurecr.io" in response.content.decode().replace("<wbr>", "")


FILLED = (
    "Filled from az acr show-endpoints: registry myregistry, cloud public, regions eastus, "
    "westus (home region first: check it), regional endpoints on."
)


SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends from the page itself


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {}],
    ids=["cross-site", "same-site", "no-fetch-metadata"],
)
def test_a_paste_from_another_site_fills_the_form_but_is_not_confirmed(
    headers: dict[str, str],
) -> None:
    """Another site can link to GET /paste with its own paste: the page must not say it was
    filled from az acr show-endpoints (issue 26, item 6)."""
    client = Client()
    query = {"endpoints": DOCUMENTED_ENDPOINTS, "subnet": "10.0.2.0/27"}
    response = client.get(reverse("paste"), query, headers=headers)
    assert response.status_code == 302
    assert "planner_filled" not in response.cookies
    html = client.get(response["Location"]).content.decode()
    assert 'id="paste-filled"' not in html
    assert 'value="myregistry"' in html  # filled all the same


def test_a_confirmation_cookie_is_believed_only_when_signed() -> None:
    client = Client()
    client.cookies["planner_filled"] = "1"  # what the page set before: any site could
    html = client.get("/", {"registry": "attackerreg", "regions": "eastus"}).content.decode()
    assert 'id="paste-filled"' not in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_confirms_what_a_paste_filled_once_without_touching_the_permalink(
    headers: dict[str, str],
) -> None:
    client = Client()
    query = {"endpoints": DOCUMENTED_ENDPOINTS, "subnet": "10.0.2.0/27"}
    response = client.get(reverse("paste"), query, headers=headers | SAME_ORIGIN)
    target = response["HX-Redirect"] if headers else response["Location"]
    assert set(parse_qs(urlsplit(target).query)) <= set(DraftForm.base_fields)
    html = client.get(target).content.decode()
    confirmation = re.search(r'<p id="paste-filled"[^>]*>(.*?)</p>', html, re.S)
    assert confirmation, "no confirmation"
    assert unescape(confirmation.group(1)).strip() == FILLED
    assert '<details id="paste-box" class="paste" open>' in html
    again = client.get(target).content.decode()  # a reload, or the link shared
    assert 'id="paste-filled"' not in again
    assert 'id="paste-filled"' not in Client().get(target).content.decode()


GRAPH = (FIXTURES / "graph.json").read_text()
HUB_ENDPOINT = (FIXTURES / "pe-static.json").read_text()
GRAPH_FILLED = (
    "Filled from az graph query: subnet 10.0.1.0/27 (snet-endpoints), 4 addresses in use, "
    "3 of them pe-contoso-hub's own: they stay in use, so remove them from the list if you "
    "plan to re-create the endpoint."
)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_it_fills_the_subnet_and_in_use_from_the_graph_and_confirms_it_once(
    headers: dict[str, str],
) -> None:
    client = Client()
    form = {"registry": "contoso", "regions": "eastus,westeurope", "subnet": "10.9.0.0/24"}
    posted = {**form, "graph": GRAPH, "deployed": HUB_ENDPOINT}
    response = client.post(reverse("paste-graph"), posted, headers=headers)
    target = response["HX-Redirect"] if headers else response["Location"]
    assert response.status_code == (200 if headers else 302)
    assert parse_qs(urlsplit(target).query) == {
        "registry": ["contoso"],
        "regions": ["eastus,westeurope"],
        "subnet": ["10.0.1.0/27"],
        "in_use": ["10.0.1.4-10.0.1.7"],
    }
    html = client.get(target).content.decode().replace("<wbr>", "")  # FQDNs break at dots
    confirmation = re.search(r'<p id="graph-filled"[^>]*>(.*?)</p>', html, re.S)
    assert confirmation, "no confirmation"
    assert unescape(confirmation.group(1)).strip() == GRAPH_FILLED
    assert '<details id="graph-box" class="paste" open>' in html
    assert "Plan for contoso.azurecr.io" in html
    assert "10.0.1.8" in html  # the first free address after the graph's
    assert 'id="graph-filled"' not in client.get(target).content.decode()


def test_it_takes_the_only_subnet_the_graph_lists_without_the_endpoint() -> None:
    graph = json.loads(GRAPH)
    graph = narrowed(graph, lambda row: "vnet-spoke" in row["subnetId"])
    response = Client().post(reverse("paste-graph"), {"graph": json.dumps(graph)})
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query == {"subnet": ["10.0.2.0/28"], "in_use": ["10.0.2.7-10.0.2.9"]}


def test_it_names_the_box_and_the_place_of_a_graph_paste_problem() -> None:
    graph = json.loads(GRAPH)
    graph["data"][2]["privateIp"] = "10.0.1.300"
    posted = {"graph": json.dumps(graph), "deployed": "{", "subnet": "10.0.1.0/28"}
    response = Client().post(reverse("paste-graph"), posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert error_of(html, "graph").endswith("(at /data/2/privateIp)")
    assert "is not JSON" in error_of(html, "deployed")
    assert '<details id="graph-box" class="paste" open>' in html
    assert 'name="subnet" value="10.0.1.0/28"' in html  # the form as it was
    partial = Client().post(reverse("paste-graph"), {"graph": GRAPH}, headers=HTMX)
    assert partial.status_code == 200
    fragment = partial.content.decode().lstrip()
    assert fragment.startswith('<details id="graph-box"')
    assert "2 subnets with a prefix (snet-endpoints, snet-pe)" in error_of(fragment, "graph")


def test_it_bounds_the_graph_paste_and_asks_for_an_empty_one() -> None:
    too_long = " " * (MAX_TEXT_CHARACTERS + 1)
    response = Client().post(reverse("paste-graph"), {"graph": too_long})
    assert response.status_code == 400
    assert f"at most {MAX_TEXT_CHARACTERS:,} are read" in error_of(
        response.content.decode(), "graph"
    )
    empty = Client().post(reverse("paste-graph"), {"graph": " "})
    assert "Paste the JSON that the graph query prints." in error_of(
        empty.content.decode(), "graph"
    )


def test_the_graph_paste_is_posted_only_and_offers_its_query_to_copy() -> None:
    assert Client().get(reverse("paste-graph")).status_code == 405
    html = Client().get("/").content.decode()
    assert f'<code id="graph-command">{escape(graph_command())}</code>' in html
    assert 'data-copy="graph-command"' in html
    assert 'formaction="/paste/graph" formmethod="post"' in html
    # the pasted graph stays out of every GET the page sends with htmx
    assert 'hx-params="not endpoints,graph,deployed"' in html
    assert 'hx-get="/paste" hx-include="closest form" hx-params="not graph,deployed"' in html


def test_it_says_in_plain_words_when_a_page_request_is_too_large(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = Client().post("/estate", {"registry": "x" * 2_000})
    assert response.status_code == 400
    assert "The planner could not read this request" in response.content.decode()


def test_it_answers_a_bad_request_without_static_files(settings: Any) -> None:
    """Production serves hashed static files from a manifest; the 400 page needs none."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/nonexistent"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = Client().post("/estate", {"registry": "x" * 2_000})
    assert response.status_code == 400
    assert "The planner could not read this request" in response.content.decode()


def test_the_what_ifs_name_what_a_replica_adds_and_link_the_change_page() -> None:
    """Growth keeps every current address: the what-if names the new members' addresses (the
    plan itself keeps its greenfield order), and the page sends a deployed registry to /change
    with the plan carried over."""
    query = (
        "/?registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
        "&subnet=10.0.1.0/27&in_use=10.0.1.4"
    )
    html = unescape(Client().get(query).content.decode())
    added = re.search(r'id="what-if-replicas-1".*?</details>', html, re.DOTALL)
    assert added is not None
    items = re.findall(r"<li>([^<]*)<code>([^<]*)</code></li>", added.group(0))
    assert items == [
        ("data endpoint, new replica: ", "10.0.1.12"),
        ("regional endpoint, new replica: ", "10.0.1.13"),
    ]
    assert "registry_<wbr>westeurope</code></td>" in html  # the plan itself unchanged
    assert '<code>10.0.1.11</code></td><td data-label="Region">westeurope' in html
    link = re.search(r'<p class="note grow-deployed"[^>]*>.*?href="([^"]+)"', html, re.DOTALL)
    assert link is not None
    url = urlsplit(link.group(1))
    assert url.path == "/change"
    assert parse_qs(url.query) == {
        "registry": ["contoso"],
        "regions": ["eastus,westus,westeurope"],
        "regional_endpoints": ["true"],
        "subnet": ["10.0.1.0/27"],
        "in_use": ["10.0.1.4"],
    }
    page = Client().get(link.group(1)).content.decode()  # the change page, filled in
    assert 'id="id_registry" name="registry" value="contoso"' in page
    for region in ("eastus", "westus", "westeurope"):  # one region input each
        assert f'name="regions" value="{region}"' in page
    assert 'name="subnet" value="10.0.1.0/27"' in page
    assert re.search(r'id="id_regional_endpoints"[^>]*\bchecked', page, re.DOTALL)


def test_the_what_ifs_of_a_sizing_name_no_members() -> None:
    html = Client().get("/?replica_count=2&subnet=10.0.1.0/28").content.decode()
    assert "what-if-replicas-1" in html
    assert "added-members" not in html
    assert 'id="grow-deployed"' not in html
