"""`make serve`'s stack, started for real: nginx in front of gunicorn on a free loopback port.

nginx must be installed (`make test` installs it through `make system-deps`); nothing here is
skipped without it.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from planner import serve
from planner.api import problems
from tests.bench.server import HOST, Server, collectstatic, free_port, gunicorn, proxied

CLIENT_TIMEOUT = 2  # nginx's header, body and idle timeouts here, in seconds
PLAN = "/api/v1/plan?registry=contoso&regions=eastus,westus&subnet=10.0.1.0/28"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
        "object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.fixture(scope="module", autouse=True)
def static_files() -> None:
    """Production settings serve hashed static files from a manifest: pages need it (a fresh
    clone has none until collectstatic runs, as `make serve` runs it)."""
    collectstatic()


@pytest.fixture(scope="module")
def stack() -> Iterator[Server]:
    with proxied(workers=2, PLANNER_CLIENT_TIMEOUT_SECONDS=str(CLIENT_TIMEOUT)) as server:
        yield server


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def exchange(port: int, request: bytes) -> Answer:
    """Sends raw bytes (requests http.client would refuse to build) and reads the answer."""
    with socket.create_connection((HOST, port), timeout=10) as connection:
        connection.sendall(request)
        response = http.client.HTTPResponse(connection)
        response.begin()
        return Answer(response.status, response.headers, response.read())


def get(port: int, path: str, **headers: str) -> Answer:
    lines = "".join(f"{name.replace('_', '-')}: {value}\r\n" for name, value in headers.items())
    return exchange(port, f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{lines}\r\n".encode())


def assert_security_headers(response: Answer) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_all(name) == [value], name


def problem_of(response: Answer, status: int) -> dict[str, Any]:
    assert response.status == status
    assert response.headers["Content-Type"] == problems.MEDIA_TYPE
    assert_security_headers(response)
    document: dict[str, Any] = json.loads(response.body)
    assert document["status"] == status
    assert set(document) >= {"type", "title", "status", "detail", "errors"}
    assert document["errors"] == {}
    return document


def test_it_answers_a_plan_through_the_proxy_with_the_app_s_headers_once(stack: Server) -> None:
    response = get(stack.port, PLAN)
    assert response.status == 200
    assert json.loads(response.body)["fits"] is True
    assert response.headers["Server"] == "nginx"  # it did go through nginx
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/", PLAN, "/api/v1/docs", "/api/v1/openapi.json"])
def test_it_compresses_pages_and_json_for_a_client_that_takes_gzip(
    stack: Server, path: str
) -> None:
    compressed = get(stack.port, path, Accept_Encoding="gzip")
    plain = get(stack.port, path)
    assert (compressed.status, plain.status) == (200, 200)
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in compressed.headers["Vary"]
    unmasked = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')  # masked anew each time
    assert unmasked.sub(b"", gzip.decompress(compressed.body)) == unmasked.sub(b"", plain.body)
    assert len(compressed.body) < len(plain.body) / 2


def test_it_refuses_a_body_over_the_limit_before_the_app_reads_it(stack: Server) -> None:
    response = exchange(
        stack.port,
        b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 4194305\r\n\r\n{",
    )
    document = problem_of(response, 413)
    assert document["type"] == problems.BODY_TOO_LARGE.uri
    assert document["limit"] == 4194304


def request_line_of(length: int, path: str) -> str:
    """A path that makes `GET <path> HTTP/1.1` exactly `length` characters."""
    padding = length - len(f"GET {path}&pad= HTTP/1.1")
    return f"{path}&pad={'a' * padding}"


def test_it_passes_a_request_line_as_long_as_the_limit(stack: Server) -> None:
    path = request_line_of(serve.REQUEST_LINE_LIMIT, "/healthz?")
    assert get(stack.port, path).status == 200


@pytest.mark.parametrize("path", [PLAN, "/?registry=contoso"])
def test_it_refuses_a_longer_request_line_with_a_problem(stack: Server, path: str) -> None:
    """Too long to read, the request line has no path: API and page get the same problem."""
    answer = get(stack.port, request_line_of(serve.REQUEST_LINE_LIMIT + 1, path))
    assert problem_of(answer, 414)["type"] == problems.REQUEST_LINE_TOO_LONG.uri


@pytest.mark.parametrize("path", ["/api/v1/plan", "/api"])
def test_it_refuses_an_over_long_header_under_the_api_with_a_problem(
    stack: Server, path: str
) -> None:
    document = problem_of(get(stack.port, path, X_Padding="a" * 9000), 431)
    assert document["type"] == problems.HEADERS_TOO_LARGE.uri


def test_it_refuses_an_over_long_header_on_a_page_in_plain_text(stack: Server) -> None:
    response = get(stack.port, "/", X_Padding="a" * 9000)
    assert response.status == 431
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert_security_headers(response)
    assert response.body.startswith(b"431 Request headers too large\n")


def test_it_passes_as_many_headers_as_fit_in_its_buffers(stack: Server) -> None:
    """gunicorn alone refuses more than 100 header fields with its own HTML page."""
    headers = {f"X_Header_{number}": "1" for number in range(150)}
    assert get(stack.port, PLAN, **headers).status == 200


def test_it_refuses_bad_framing_with_a_problem(stack: Server) -> None:
    response = exchange(
        stack.port,
        b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\n",
    )
    assert problem_of(response, 400)["type"] == problems.BAD_REQUEST.uri


def test_it_overwrites_forwarded_scheme_headers_from_clients(stack: Server) -> None:
    """HSTS goes out on https only: a client cannot make a plain request look secure."""
    response = get(stack.port, "/", X_Forwarded_Proto="https", X_Forwarded_Ssl="on")
    assert response.status == 200
    assert "Strict-Transport-Security" not in response.headers


def test_it_passes_the_scheme_on_from_a_tls_proxy_in_front_when_told_to() -> None:
    with proxied(workers=1, DJANGO_BEHIND_PROXY="true") as server:
        secure = get(server.port, "/", X_Forwarded_Proto="https")
        plain = get(server.port, "/")
    assert secure.status == 200
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    assert plain.status == 200
    assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.parametrize(("behind_proxy", "secure"), [("false", False), ("true", True)])
def test_gunicorn_alone_trusts_the_forwarded_scheme_only_behind_a_proxy(
    behind_proxy: str, secure: bool
) -> None:
    """gunicorn trusts X-Forwarded-Proto from loopback unless told otherwise."""
    with gunicorn(workers=1, DJANGO_BEHIND_PROXY=behind_proxy) as server:
        response = get(server.port, "/", X_Forwarded_Proto="https")
    assert response.status == 200
    assert ("Strict-Transport-Security" in response.headers) is secure


@contextmanager
def idle_connections(port: int, count: int) -> Iterator[list[socket.socket]]:
    with ExitStack() as stack:
        yield [
            stack.enter_context(closing(socket.create_connection((HOST, port), timeout=10)))
            for _ in range(count)
        ]


def test_it_keeps_answering_while_idle_connections_wait_and_then_closes_them(
    stack: Server,
) -> None:
    """20 connections that send nothing, 10 times the workers: gunicorn alone would be stuck
    for its 30 s worker timeout."""
    with idle_connections(stack.port, 20) as idle:
        opened = time.monotonic()
        for _ in range(10):
            start = time.monotonic()
            assert get(stack.port, "/healthz").status == 200
            assert time.monotonic() - start < 1
        for connection in idle:
            assert connection.recv(1) == b""  # closed by nginx, without an answer
        assert CLIENT_TIMEOUT - 0.5 < time.monotonic() - opened < CLIENT_TIMEOUT + 3


@contextmanager
def nginx_alone(upstream: socket.socket | None, **settings: Any) -> Iterator[int]:
    """nginx from the launcher's configuration, gunicorn's socket left to the test."""
    port = free_port()
    run_dir = Path(tempfile.mkdtemp(prefix="planner-serve-"))
    try:
        serve.prepare_run_dir(run_dir)
        if upstream is not None:
            upstream.bind(str(run_dir / "gunicorn.sock"))
            (run_dir / "gunicorn.sock").chmod(0o666)  # nginx's workers may run as another user
            upstream.listen(8)
        with pytest.MonkeyPatch.context() as patch:
            for name, value in settings.items():
                patch.setattr(serve.settings, name, value)
            (run_dir / "nginx.conf").write_text(serve.nginx_conf(HOST, port, run_dir))
        command = [serve.nginx_executable(), "-p", str(run_dir), "-c", "nginx.conf", "-e", "stderr"]
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection((HOST, port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def test_it_answers_a_problem_when_the_planner_is_down() -> None:
    with nginx_alone(upstream=None) as port:
        assert problem_of(get(port, PLAN), 502)["type"] == problems.BAD_GATEWAY.uri
        page = get(port, "/")
    assert page.status == 502
    assert page.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert_security_headers(page)


def test_it_limits_the_requests_one_client_has_in_progress() -> None:
    with (
        socket.socket(socket.AF_UNIX) as stuck_planner,  # accepts, never answers
        nginx_alone(stuck_planner, PLANNER_REQUESTS_PER_CLIENT=1) as port,
        socket.create_connection((HOST, port), timeout=10) as first,
    ):
        first.sendall(f"GET {PLAN} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        stuck_planner.settimeout(10)
        in_progress, _ = stuck_planner.accept()  # the first request reached the planner
        with in_progress:
            second = get(port, PLAN)
    assert problem_of(second, 503)["type"] == problems.TOO_MANY_REQUESTS_IN_PROGRESS.uri


def test_it_fills_every_name_of_the_template_and_only_those() -> None:
    assert (
        serve.render("listen {{ listen }};", {"listen": "127.0.0.1:80"}) == "listen 127.0.0.1:80;"
    )
    with pytest.raises(ValueError, match="listen"):
        serve.render("listen {{ listen }};", {})
    with pytest.raises(ValueError, match="port"):
        serve.render("listen {{ listen }};", {"listen": "127.0.0.1:80", "port": "80"})


def test_it_refuses_a_dollar_in_a_string_nginx_would_expand() -> None:
    with pytest.raises(ValueError, match="no \\$"):
        serve.quoted("costs $5")
