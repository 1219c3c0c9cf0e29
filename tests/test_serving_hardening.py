"""`make serve`'s stack against requests nginx answers itself (TRACE, an HTTP/2.0 request
line), methods no page takes, and the per-client limit behind a TLS proxy.

These start the real nginx (and gunicorn), as tests/test_serving.py does.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from planner.api import problems
from tests.bench.server import HOST, Server, collectstatic, proxied
from tests.test_pages_hardening import FORM, SCATTERED, graph_of
from tests.test_serving import (
    PLAN,
    Answer,
    assert_security_headers,
    exchange,
    get,
    nginx_alone,
    problem_of,
)


@pytest.fixture(scope="module", autouse=True)
def static_files() -> None:
    collectstatic()


@pytest.fixture(scope="module")
def stack() -> Iterator[Server]:
    with proxied(workers=1) as server:
        yield server


def request(port: int, method: str, path: str, version: str = "HTTP/1.1") -> Answer:
    return exchange(
        port,
        f"{method} {path} {version}\r\nHost: {HOST}\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n".encode(),
    )


def test_it_answers_trace_under_the_api_with_a_problem(stack: Server) -> None:
    document = problem_of(request(stack.port, "TRACE", PLAN), 405)
    assert document["type"] == problems.METHOD_NOT_ALLOWED.uri
    assert "TRACE" in document["detail"]


def test_it_answers_trace_on_a_page_in_plain_text(stack: Server) -> None:
    answer = request(stack.port, "TRACE", "/")
    assert answer.status == 405
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert_security_headers(answer)
    assert answer.body.startswith(b"405 Method not allowed\n")


@pytest.mark.parametrize("path", [PLAN, "/"])
def test_it_answers_an_http_2_request_line_with_a_problem(stack: Server, path: str) -> None:
    """The request line is not read to its end: API and page get the same problem."""
    document = problem_of(request(stack.port, "GET", path, "HTTP/2.0"), 505)
    assert "HTTP/1.1" in document["detail"]


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH"])
@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/estate", "GET, POST"),
        ("/change", "GET, POST"),
        ("/estate/fill", "POST"),
        ("/", "GET, HEAD"),
    ],
)
def test_it_answers_methods_no_page_takes_with_405_and_allow(
    stack: Server, method: str, path: str, allowed: str
) -> None:
    """Not the CSRF failure page (403): the CSRF check guards POST only."""
    answer = request(stack.port, method, path)
    assert answer.status == 405
    assert answer.headers["Allow"] == allowed


def accept_request(planner: socket.socket) -> socket.socket:
    """The next connection nginx opens to the planner (which never answers it)."""
    connection, _ = planner.accept()
    return connection


def forwarded(forwarded_for: str) -> bytes:
    """A request from the proxy in front, on behalf of the last of `forwarded_for`."""
    return (
        f"GET {PLAN} HTTP/1.1\r\nHost: {HOST}\r\nX-Forwarded-For: {forwarded_for}\r\n\r\n".encode()
    )


def send_from(port: int, forwarded_for: str) -> socket.socket:
    """A request left in progress: the planner never answers it."""
    connection = socket.create_connection((HOST, port), timeout=10)
    connection.sendall(forwarded(forwarded_for))
    return connection


def test_behind_a_trusted_proxy_it_counts_requests_per_forwarded_address() -> None:
    """Every user reaches nginx from the proxy's address: with DJANGO_BEHIND_PROXY=true each
    has a bucket of their own, keyed on the address the proxy appended to X-Forwarded-For."""
    with (
        socket.socket(socket.AF_UNIX) as stuck_planner,
        nginx_alone(stuck_planner, PLANNER_REQUESTS_PER_CLIENT=1, BEHIND_PROXY=True) as port,
        send_from(port, "203.0.113.7, 198.51.100.1"),
    ):
        stuck_planner.settimeout(10)
        with accept_request(stuck_planner):  # 198.51.100.1 has its one request in progress
            with send_from(port, "198.51.100.2"), accept_request(stuck_planner):
                pass  # another user's request reached the planner too
            again = exchange(port, forwarded("203.0.113.9, 198.51.100.1"))
    assert problem_of(again, 503)["type"] == problems.TOO_MANY_REQUESTS_IN_PROGRESS.uri


def test_without_a_trusted_proxy_forwarded_addresses_do_not_escape_the_limit() -> None:
    """A client cannot claim another address to get another bucket."""
    with (
        socket.socket(socket.AF_UNIX) as stuck_planner,
        nginx_alone(stuck_planner, PLANNER_REQUESTS_PER_CLIENT=1, BEHIND_PROXY=False) as port,
        send_from(port, "198.51.100.1"),
    ):
        stuck_planner.settimeout(10)
        with accept_request(stuck_planner):
            other = exchange(port, forwarded("198.51.100.2"))
    assert problem_of(other, 503)["type"] == problems.TOO_MANY_REQUESTS_IN_PROGRESS.uri


def test_a_graph_fill_too_long_for_a_redirect_passes_the_proxy(stack: Server) -> None:
    """nginx reads an answer's headers into one buffer of a memory page: a Location holding
    700 scattered addresses got 502 ("upstream sent too big header")."""
    home = get(stack.port, "/")
    cookie = re.search(r"csrftoken=([^;]+)", home.headers["Set-Cookie"])
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', home.body)
    assert cookie
    assert token
    body = urlencode({**FORM, "graph": graph_of(SCATTERED), "csrfmiddlewaretoken": token[1]})
    answer = exchange(
        stack.port,
        f"POST /paste/graph HTTP/1.1\r\nHost: {HOST}\r\nCookie: csrftoken={cookie[1]}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}".encode(),
    )
    assert answer.status == 200
    assert b'id="graph-filled"' in answer.body
