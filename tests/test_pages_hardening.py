"""Hostile requests at the pages: answers bounded by what they show, not by what was sent;
the graph paste's redirect within a proxy's header buffer and guarded against other sites;
methods no page takes; drift fixes shown; zone ids and scopes the exports can use."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client
from django.urls import reverse

from planner.core import azure
from planner.middleware import PageCsrfViewMiddleware
from planner.pages.estate_fields import MAX_DRAWN_CELLS, MAX_DRAWN_MEMBERS
from planner.pages.excerpt import SHOWN_CHARACTERS
from planner.pages.home import MAX_REDIRECT_CHARACTERS
from tests.day_two import fixture
from tests.test_day_two_page import pasted
from tests.test_views import DOCUMENTED_ENDPOINTS, error_of

HTMX = {"HX-Request": "true"}
PUBLIC_REGIONS = azure.CLOUDS[azure.Cloud.PUBLIC].regions
SMALL_PAGE = 256 * 1024  # bytes: the page itself with 60 region pickers is about 200 KB
SUBNET_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-network/providers/"
    "microsoft.network/virtualnetworks/vnet-hub/subnets/{name}"
)


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def pickers_of(html: str) -> int:
    return len(re.findall(r'<input id="id_regions_\d+" name="regions"', html))


# --- Item: one region picker per name given ------------------------------------------------


def test_a_link_naming_thousands_of_regions_gets_no_more_pickers_than_regions(
    client: Client,
) -> None:
    response = client.get("/?regions=" + ",".join(["a"] * 4_000))  # an 8 KB link
    html = response.content.decode()
    assert response.status_code == 400
    assert pickers_of(html) == len(PUBLIC_REGIONS)
    assert len(response.content) < SMALL_PAGE
    assert error_of(html, "regions").startswith(
        f"{azure.CLOUDS[azure.Cloud.PUBLIC].label} has {len(PUBLIC_REGIONS)} regions; "
        "4,000 were named."
    )


def test_a_graph_paste_naming_thousands_of_regions_gets_no_more_pickers(client: Client) -> None:
    posted = {"regions": ",".join(["a"] * 30_000), "graph": "[]"}
    response = client.post(reverse("paste-graph"), posted)
    assert response.status_code == 400
    assert pickers_of(response.content.decode()) == len(PUBLIC_REGIONS)
    assert len(response.content) < SMALL_PAGE


# --- Item: answers far larger than requests ---------------------------------------------------


def bad_graph(size: int) -> str:
    """A graph answer cut short after `size` characters: quotes, which HTML escapes in six."""
    row = {"subnetId": SUBNET_ID.format(name="snet"), "privateIp": "10.0.1.4", "prefix": ""}
    rows = json.dumps({"data": [row] * (size // 150 + 1)}, indent=2)
    return rows[:size]


def note_of(html: str, box: str) -> str:
    found = re.search(rf'<p class="note" id="id_{box}-shown">(.*?)</p>', html, re.S)
    assert found, f"no note under {box}"
    return unescape(found.group(1))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_refused_graph_paste_is_shown_again_as_its_start(
    client: Client, headers: dict[str, str]
) -> None:
    graph = bad_graph(1_750_000)
    response = client.post(reverse("paste-graph"), {"graph": graph}, headers=headers)
    html = response.content.decode()
    assert response.status_code == (200 if headers else 400)
    assert len(response.content) < SMALL_PAGE
    assert "is not JSON" in error_of(html, "graph")  # the message stays whole
    shown = re.search(r'<textarea id="id_graph"[^>]*>(.*?)</textarea>', html, re.S)
    assert shown
    assert graph.startswith(unescape(shown.group(1)))
    assert 0 < len(unescape(shown.group(1))) <= SHOWN_CHARACTERS
    assert "1,750,000 characters, too many to show again whole" in note_of(html, "graph")


def test_a_paste_that_was_read_stays_whole_beside_a_refused_one(client: Client) -> None:
    graph = graph_of(SCATTERED[:300])  # 40 KB, longer than a refused paste is shown
    response = client.post(reverse("paste-graph"), {"graph": graph, "deployed": "{"})
    html = response.content.decode()
    assert "is not JSON" in error_of(html, "deployed")
    assert error_of(html, "graph") == ""
    shown = re.search(r'<textarea id="id_graph"[^>]*>(.*?)</textarea>', html, re.S)
    assert shown
    assert unescape(shown.group(1)) == graph
    hostile = graph_of(SCATTERED * 12)  # 1.3 MB, read: kept up to KEPT_CHARACTERS
    answer = client.post(reverse("paste-graph"), {"graph": hostile, "deployed": "{"})
    assert len(answer.content) < SMALL_PAGE
    assert "too many to show again whole" in note_of(answer.content.decode(), "graph")


def test_a_short_refused_paste_is_shown_again_whole(client: Client) -> None:
    response = client.post(reverse("paste-graph"), {"graph": '{"data": [}'})
    html = response.content.decode()
    assert "{&quot;data&quot;: [}</textarea>" in html
    assert 'id="id_graph-shown"' not in html


def test_a_refused_show_endpoints_paste_is_shown_again_as_its_start(client: Client) -> None:
    response = client.get(reverse("paste"), {"endpoints": "{" + " " * 6_000 + "x"})
    assert response.status_code == 400
    assert "6,002 characters" in note_of(response.content.decode(), "endpoints")


def test_refused_fill_boxes_of_the_estate_are_shown_again_as_their_start(client: Client) -> None:
    posted = {"registry": "contoso", "pe_list": bad_graph(1_750_000), "graph": bad_graph(9_000)}
    response = client.post(reverse("estate-fill"), posted)
    html = response.content.decode()
    assert response.status_code == 400
    assert len(response.content) < SMALL_PAGE
    assert "1,750,000 characters" in note_of(html, "pe_list")
    assert "9,000 characters" in note_of(html, "graph")


def test_refused_pastes_of_the_day_two_page_are_shown_again_as_their_start(
    client: Client,
) -> None:
    response = client.post("/change", pasted(deployed=bad_graph(1_750_000)))
    html = response.content.decode()
    assert response.status_code == 400
    assert len(response.content) < SMALL_PAGE
    found = re.search(r'<span class="note" id="id_deployed-shown">(.*?)</span>', html, re.S)
    assert found
    assert "1,750,000 characters" in unescape(found.group(1))


def test_a_day_two_paste_that_was_read_stays_whole_to_edit(client: Client) -> None:
    response = client.post("/change", pasted())
    assert response.status_code == 200
    assert "-shown" not in response.content.decode()


def estate_of(endpoints: int, regions: str, regional: bool = False) -> dict[str, str]:
    """A 13 KB form: `endpoints` rows, each in its own /22."""
    posted = {"registry": "contoso", "cloud": "public", "regions": regions}
    if regional:
        posted["regional_endpoints"] = "true"
    for n in range(endpoints):
        posted[f"endpoints-{n}-name"] = f"pe{n}"
        posted[f"endpoints-{n}-subnet"] = f"10.{n // 64}.{n % 64 * 4}.0/22"
    return posted


def test_the_estate_page_draws_200_22s_within_its_budget_of_cells(client: Client) -> None:
    response = client.post("/estate", estate_of(200, "eastus"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="endpoint-card"') == 200
    assert html.count('<span class="cell ') <= MAX_DRAWN_CELLS  # was 204,800: 13.5 MB
    assert len(response.content) < 2 * 1024 * 1024  # the 200 rows of the form are 0.9 MB


def test_the_estate_page_draws_the_endpoints_whose_members_fit_and_says_so(
    client: Client,
) -> None:
    regions = PUBLIC_REGIONS[:19]  # the most a 200-endpoint estate plans in one request
    response = client.post("/estate", estate_of(200, ",".join(regions), regional=True))
    html = response.content.decode()
    members = 1 + 2 * len(regions)
    drawn = MAX_DRAWN_MEMBERS // members
    assert response.status_code == 200
    assert html.count('class="endpoint-card"') == drawn
    left_out = re.search(r'<p class="note" id="cards-left-out">(.*?)</p>', html, re.S)
    assert left_out
    assert unescape(left_out.group(1)) == (
        f"Drawn below are the first {drawn} of 200 endpoints: the page draws up to "
        f"{MAX_DRAWN_MEMBERS:,} members' addresses and records, and this estate has "
        f"{200 * members:,}. The downloads hold every endpoint."
    )
    assert 'formaction="/estate/download/terraform"' in html
    assert len(response.content) < 2 * 1024 * 1024


def test_an_estate_download_still_holds_every_endpoint(client: Client) -> None:
    every = ",".join(PUBLIC_REGIONS)
    response = client.post("/estate/download/csv", estate_of(60, every, regional=True))
    assert response.status_code == 200
    assert all(f"pe{n}," in response.content.decode() for n in range(60))


# --- Item: the graph paste's redirect -------------------------------------------------------


def graph_of(
    addresses: list[str], name: str = "snet-endpoints", prefix: str = "10.0.0.0/16"
) -> str:
    subnet = SUBNET_ID.format(name=name)
    rows = [{"subnetId": subnet, "privateIp": "", "prefix": prefix}]
    rows += [{"subnetId": subnet, "privateIp": address, "prefix": ""} for address in addresses]
    return json.dumps({"data": rows})


SCATTERED = [f"10.0.{n // 4}.{n % 4 * 60 + 10}" for n in range(4, 704)]
# 700 addresses, none adjacent: 8.4 KB as a list; nginx answered 502 from about 300
FORM = {"registry": "contoso", "regions": "eastus,westeurope", "subnet": "10.9.0.0/24"}


def header_bytes(response: Any) -> int:
    cookies = sum(len(morsel.OutputString()) for morsel in response.cookies.values())
    return cookies + sum(len(name) + len(value) for name, value in response.items())


def test_a_fill_too_long_for_a_redirect_gets_the_filled_page_at_once(client: Client) -> None:
    response = client.post(reverse("paste-graph"), {**FORM, "graph": graph_of(SCATTERED)})
    html = response.content.decode().replace("<wbr>", "")  # FQDNs break at their dots
    assert response.status_code == 200
    assert "Location" not in response
    assert header_bytes(response) < MAX_REDIRECT_CHARACTERS
    assert "Plan for contoso.azurecr.io" in html
    assert 'name="subnet" value="10.0.0.0/16"' in html
    assert ">10.0.1.10,10.0.1.70,10.0.1.130," in html  # the in-use box, filled
    confirmation = re.search(r'<p id="graph-filled"[^>]*>(.*?)</p>', html, re.S)
    assert confirmation
    assert "700 addresses in use" in unescape(confirmation.group(1))


def test_htmx_swaps_in_the_whole_filled_page_when_too_long_for_a_redirect(client: Client) -> None:
    posted = {**FORM, "graph": graph_of(SCATTERED)}
    response = client.post(reverse("paste-graph"), posted, headers=HTMX)
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("body", "innerHTML")
    assert response["HX-Push-Url"] == "false"  # no link in a header: it is as long
    assert header_bytes(response) < MAX_REDIRECT_CHARACTERS
    assert 'id="graph-filled"' in response.content.decode()


def test_a_subnet_name_too_long_for_a_cookie_is_confirmed_on_the_page(client: Client) -> None:
    graph = graph_of(["10.0.1.4"], name="s" * 6_000, prefix="10.0.1.0/27")
    response = client.post(reverse("paste-graph"), {**FORM, "graph": graph})
    assert response.status_code == 200
    assert header_bytes(response) < MAX_REDIRECT_CHARACTERS
    assert "planner_graph_filled" not in response.cookies
    assert 'id="graph-filled"' in response.content.decode()


def test_a_show_endpoints_fill_too_long_for_a_redirect_gets_the_page_at_once(
    client: Client,
) -> None:
    """The in-use list a link keeps makes the redirect as long."""
    query = {"endpoints": DOCUMENTED_ENDPOINTS, "subnet": "10.0.0.0/16"}
    query["in_use"] = ",".join(SCATTERED[:200])
    response = client.get(reverse("paste"), query, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200
    assert header_bytes(response) < MAX_REDIRECT_CHARACTERS
    assert "Filled from az acr show-endpoints" in response.content.decode()


def test_a_short_fill_is_still_redirected_to_its_link(client: Client) -> None:
    response = client.post(reverse("paste-graph"), {**FORM, "graph": graph_of(SCATTERED[:5])})
    assert response.status_code == 302
    assert response["Location"].startswith("/?registry=contoso")


# --- Item: the graph paste is CSRF-checked ---------------------------------------------------


def test_another_site_cannot_post_a_graph_for_the_page_to_confirm() -> None:
    attacker = graph_of(["10.0.1.4"], name="call-1-555-0100", prefix="10.0.1.0/27")
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(reverse("paste-graph"), {"graph": attacker}).status_code == 403


def test_the_graph_button_carries_the_token_and_the_plan_s_get_form_does_not() -> None:
    browser = Client(enforce_csrf_checks=True)
    html = browser.get("/").content.decode()
    button = re.search(r'<button type="submit" formaction="/paste/graph"[^>]*>', html, re.S)
    assert button
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', button.group(0))
    assert token
    assert html.count("csrfmiddlewaretoken") == 1  # no hidden field joins the form's GETs
    graph = graph_of(["10.0.1.4"], prefix="10.0.1.0/27")
    posted = {**FORM, "graph": graph, "csrfmiddlewaretoken": token[1]}
    assert browser.post(reverse("paste-graph"), posted).status_code == 302


# --- Item: drift fixes on /change -----------------------------------------------------------


def test_the_day_two_page_shows_the_commands_that_fix_a_finding(client: Client) -> None:
    records = fixture("records.json")
    records[1]["aRecords"][0]["ipv4Address"] = "10.0.1.9"  # contoso.eastus.data, wrong
    posted = pasted(action="drift", regions="eastus, westeurope", records=json.dumps(records))
    html = client.post("/change", posted).content.decode()
    assert "|join" not in html
    fix = re.search(r'<pre><code id="fix-1">(.*?)</code></pre>', html, re.S)
    assert fix
    commands = [c.strip() for c in unescape(fix.group(1)).split("\n")]
    changed = [c for c in commands if c.split()[5:6] in (["add-record"], ["remove-record"])]
    # the right address in first, then the wrong one out: the name never resolves to nothing
    assert [(c.split()[5], c.split(" --ipv4-address ")[1].split()[0]) for c in changed] == [
        ("add-record", "10.0.1.5"),
        ("remove-record", "10.0.1.9"),
    ]
    assert "drift-fixes.sh" in html  # every fix as one script


# --- Item: methods no page takes -------------------------------------------------------------

PAGES = {
    "/": "GET, HEAD",
    "/healthz": "GET, HEAD",
    "/paste": "GET, HEAD",
    "/paste/graph": "POST",
    "/estate": "GET, POST",
    "/estate/upload": "POST",
    "/estate/fill": "POST",
    "/estate/document": "POST",
    "/estate/download/json": "POST",
    "/change": "GET, POST",
}


@pytest.mark.parametrize("method", ["delete", "put", "patch"])
@pytest.mark.parametrize("path", list(PAGES))
def test_a_page_answers_a_method_it_does_not_take_with_405_and_allow(
    method: str, path: str
) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert response.status_code == 405
    assert response["Allow"] == PAGES[path]


def test_a_post_without_the_token_is_still_refused() -> None:
    """Django's CSRF check, which the deployment check no longer finds by its name."""
    assert issubclass(PageCsrfViewMiddleware, CsrfViewMiddleware)
    assert "planner.middleware.PageCsrfViewMiddleware" in settings.MIDDLEWARE
    assert Client(enforce_csrf_checks=True).post("/estate", {}).status_code == 403


# --- Items: zone ids in ASCII, zone scopes spelt alike ---------------------------------------

ZONE_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
    "Microsoft.Network/privateDnsZones/privatelin\u212a.azurecr.io"
)
PLAN = {"registry": "contoso", "regions": "eastus", "subnet": "10.0.1.0/28"}


def test_the_api_refuses_a_zone_id_with_a_kelvin_sign(client: Client) -> None:
    query = urlencode({**PLAN, "dns": "existing-zone", "zone_id": ZONE_ID})
    response = client.get(f"/api/v1/plan/terraform?{query}")
    assert response.status_code == 400
    assert "U+212A" in json.loads(response.content)["errors"]["zone_id"][0]


def test_the_page_refuses_a_zone_id_with_a_kelvin_sign(client: Client) -> None:
    response = client.get("/", {**PLAN, "dns": "existing-zone", "zone_id": ZONE_ID})
    assert response.status_code == 400
    assert "U+212A" in error_of(response.content.decode(), "zone_id")


def estate_document(first: str, second: str) -> dict[str, Any]:
    return {
        "registry": "contoso",
        "regions": ["eastus"],
        "endpoints": [
            {"name": "pe-a", "subnet": "10.0.1.0/28", "zone_scope": first},
            {"name": "pe-b", "subnet": "10.0.2.0/28", "zone_scope": second},
        ],
    }


CASE_CLASH = "The zone scope 'hub' differs from 'Hub' only in case"


@pytest.mark.parametrize("path", ["/api/v1/estate", "/api/v1/estate/bundle"])
def test_the_api_refuses_zone_scopes_that_differ_only_in_case(client: Client, path: str) -> None:
    response = client.post(path, estate_document("Hub", "hub"), content_type="application/json")
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert errors["/endpoints/1/zone_scope"][0].startswith(CASE_CLASH)
    shared = client.post(path, estate_document("hub", "hub"), content_type="application/json")
    assert shared.status_code == 200


def test_a_zone_scope_may_not_differ_from_an_endpoint_name_only_in_case(client: Client) -> None:
    document = estate_document("", "PE-A")  # pe-a's scope is its own name
    response = client.post("/api/v1/estate", document, content_type="application/json")
    assert (
        "'PE-A' differs from 'pe-a' only in case"
        in json.loads(response.content)["errors"]["/endpoints/1/zone_scope"][0]
    )


def test_the_estate_page_refuses_zone_scopes_that_differ_only_in_case(client: Client) -> None:
    posted = {**estate_of(2, "eastus"), "endpoints-0-zone_scope": "Hub"}
    posted["endpoints-1-zone_scope"] = "hub"
    response = client.post("/estate", posted)
    html = response.content.decode()
    assert response.status_code == 400
    found = re.search(
        r'<p class="error" id="id_endpoints-1-zone_scope-error"[^>]*>(.*?)</p>', html, re.S
    )
    assert found
    assert unescape(found.group(1)).strip().startswith(CASE_CLASH)


def test_the_command_line_refuses_zone_scopes_that_differ_only_in_case(tmp_path: Path) -> None:
    document = tmp_path / "estate.json"
    document.write_text(json.dumps(estate_document("Hub", "hub")))
    with pytest.raises(CommandError, match=CASE_CLASH):
        call_command("plan", "--estate", str(document), "--bundle", str(tmp_path / "out"))
