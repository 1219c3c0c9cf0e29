"""The page's copy-ready curl commands: each one, run through the test client, answers the
page's own plan."""

from __future__ import annotations

import json
import re
import shlex
from html import unescape
from urllib.parse import urlsplit

from django.test import Client
from netaddr import IPNetwork

from planner.core import PlanRequest, Registry, Subnet
from planner.core.addresses import Span
from planner.core.api_examples import curl_commands, plan_body
from planner.core.renderers import plan_exports

QUERY = (
    "registry=contoso&regions=westus,eastus&regional_endpoints=true&subnet=10.0.1.0/27"
    "&in_use=10.0.1.4-6,10.0.1.9"
)


def commands_on(html: str) -> list[list[str]]:
    found = re.findall(r'<code id="curl-\d+">(.*?)</code>', html, re.S)
    return [shlex.split(unescape(text)) for text in found]


def run(client: Client, argv: list[str]) -> object:
    """The curl command's request, sent through the test client."""
    assert argv[0] == "curl"
    url = next(arg for arg in argv if arg.startswith("http://"))
    parts = urlsplit(url)
    assert parts.netloc == "testserver"
    if "-d" in argv:
        assert argv[argv.index("-X") + 1] == "POST"
        assert argv[argv.index("-H") + 1] == "Content-Type: application/json"
        body = argv[argv.index("-d") + 1]
        return client.post(parts.path, body, content_type="application/json")
    return client.get(f"{parts.path}?{parts.query}")


def test_it_gives_a_get_a_post_and_each_export_that_answer_the_pages_plan() -> None:
    client = Client()
    html = client.get(f"/?{QUERY}").content.decode()
    commands = commands_on(html)
    offered = [
        name for name, export in plan_exports().items() if name != "forwarders"
    ]  # no resolver
    assert len(commands) == 2 + len(offered)
    expected = client.get(f"/api/v1/plan?{QUERY}")
    assert expected.status_code == 200
    get, post, *exports = commands
    assert get[:2] == ["curl", "-s"]
    assert run(client, get).content == expected.content  # type: ignore[attr-defined]
    assert run(client, post).content == expected.content  # type: ignore[attr-defined]
    for argv, name in zip(exports, offered, strict=True):
        assert argv[:2] == ["curl", "-sOJ"]
        answer = run(client, argv)
        assert answer.status_code == 200  # type: ignore[attr-defined]
        assert argv[2].startswith(f"http://testserver/api/v1/plan/{name}?")


def test_it_gives_no_commands_for_a_plan_that_does_not_fit_or_a_sizing() -> None:
    client = Client()
    assert commands_on(client.get(f"/?{QUERY.replace('/27', '/29')}").content.decode()) == []
    sizing = client.get("/?replica_count=2&subnet=10.0.1.0/28").content.decode()
    assert commands_on(sizing) == []


def test_it_quotes_every_command_for_the_shell() -> None:
    request = PlanRequest(
        Registry("contoso", ("eastus",), False),
        Subnet(IPNetwork("10.0.1.0/28"), (Span(167772420, 167772422),)),
    )
    body = plan_body(request)
    assert body["in_use"] == ["10.0.1.4-10.0.1.6"]
    get, post, export = curl_commands(
        "http://h/api/v1/plan", "a=it's&b=$(x)", body, [("Zone", "http://h/api/v1/plan/zone")]
    )
    assert shlex.split(get.text) == ["curl", "-s", "http://h/api/v1/plan?a=it's&b=$(x)"]
    assert json.loads(shlex.split(post.text)[-1]) == body
    assert shlex.split(export.text)[-1] == "http://h/api/v1/plan/zone?a=it's&b=$(x)"


def test_it_carries_the_deployment_options_into_the_post_body() -> None:
    client = Client()
    options = "&dns=none&allocation=dynamic"
    html = client.get(f"/?{QUERY}{options}").content.decode()
    get, post, *_ = commands_on(html)
    expected = client.get(f"/api/v1/plan?{QUERY}{options}")
    assert run(client, get).content == expected.content  # type: ignore[attr-defined]
    assert run(client, post).content == expected.content  # type: ignore[attr-defined]
