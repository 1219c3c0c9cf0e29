"""Security headers on every response, and pages that need no inline script or style."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings


def policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: sources for name, sources in directives}


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("/", "testserver"),
        ("/healthz", "testserver"),
        ("/no-such-page", "testserver"),
        ("/api/v1/plan?subnet=10.0.1.0/28&regions=eastus&registry=contoso", "testserver"),
        ("/api/v1/plan", "testserver"),  # a problem
        ("/api/v1/plan", "not-allowed.example"),  # a problem replacing Django's error page
    ],
)
def test_it_sends_the_security_headers(url: str, host: str) -> None:
    response = Client(raise_request_exception=False).get(url, headers={"host": host})
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = policy(response["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


class InlineCode(HTMLParser):
    """What a strict CSP blocks: inline scripts, style elements and attributes, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]
        self.found += [f"style= on <{tag}>" for name in names if name == "style"]
        self.found += [f"{name}= on <{tag}>" for name in names if name.startswith("hx-on")]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?registry=contoso&regions=eastus,westus&regional_endpoints=on&subnet=10.0.1.0/28",
        "/?subnet=not-a-subnet",
    ],
)
def test_it_serves_pages_without_inline_script_or_style(url: str) -> None:
    response = Client().get(url)
    assert response.status_code in (200, 400)
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.found == []


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_redirects_plain_http_to_https_except_the_health_check() -> None:
    page = Client().get("/")
    assert page.status_code == 301
    assert page["Location"].startswith("https://")
    assert Client().get("/healthz").status_code == 200


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_it_trusts_the_proxy_header_when_behind_a_proxy() -> None:
    response = Client().get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
