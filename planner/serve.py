"""`python -m planner.serve`: the production stack, nginx in front of gunicorn.

nginx takes the clients and hands gunicorn whole requests over a unix socket (the reasons are
in nginx.conf.template, which this module renders). `make serve` runs it after collectstatic and
`check --deploy`; SIGINT or SIGTERM stops both servers. `--without-proxy` runs gunicorn alone on
HOST:PORT, for a platform whose front end does nginx's part (see docs/serving.md).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, TextIO

from django.conf import settings

from planner.api import problems
from planner.middleware import content_security_policy

# Django reads the settings module on first use of a setting.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "nginx.conf.template"
WORKER_TIMEOUT_SECONDS = 30  # gunicorn's default, stated: nginx's upstream timeout stays below
UPSTREAM_TIMEOUT_SECONDS = WORKER_TIMEOUT_SECONDS - 5
REQUEST_LINE_LIMIT = 8190  # gunicorn's largest; nginx's 8 KiB buffers hold the same
NGINX_WORKER_USER = "www-data"  # when started as root; Debian's nginx runs its workers so too
STARTUP_SECONDS = 30
STOP_SECONDS = 40


def gunicorn_command(bind: str, workers: int, *, behind_nginx: bool) -> list[str]:
    """gunicorn as production runs it, behind nginx (bind `unix:<path>`) or alone.

    gunicorn trusts X-Forwarded-Proto (and its variants) from the addresses in
    --forwarded-allow-ips, 127.0.0.1 by default, and from every unix-socket peer. Alone, it
    trusts no one unless DJANGO_BEHIND_PROXY says a proxy in front sets the header; behind
    nginx, nginx sets or clears every such header itself.
    """
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "planner.wsgi",
        f"--bind={bind}",
        f"--workers={workers}",
        f"--timeout={WORKER_TIMEOUT_SECONDS}",
        f"--limit-request-line={REQUEST_LINE_LIMIT}",
        f"--forwarded-allow-ips={'*' if settings.BEHIND_PROXY else ''}",
        "--no-control-socket",  # one per user by default: two instances would share it
    ]
    if behind_nginx:
        # nginx's header buffers are the limit, and it answers problem+json; gunicorn's own
        # limits (100 fields) would answer its HTML error page for requests nginx accepted.
        command += ["--limit-request-fields=32768", "--limit-request-field_size=0"]
    return command


@dataclass(frozen=True)
class FrontError:
    """An error nginx answers itself: `status` is nginx's code, `kind` what the client gets."""

    status: int
    kind: problems.ProblemType
    detail: str
    extensions: Mapping[str, object]
    # A request line too long to read has no path: a problem for everyone, API or page.
    path_known: bool = True


def front_errors() -> list[FrontError]:
    limit = settings.PLANNER_MAX_BODY_BYTES
    timeout = settings.PLANNER_CLIENT_TIMEOUT_SECONDS
    return [
        FrontError(
            400,
            problems.BAD_REQUEST,
            "The request could not be read: a malformed request line, header or body framing.",
            {},
        ),
        FrontError(404, problems.NOT_FOUND, "No endpoint has this path.", {}),
        FrontError(
            408,
            problems.REQUEST_TIMEOUT,
            f"The request did not arrive in time: its headers are given {timeout} s, and so is "
            "each wait for more of its body.",
            {},
        ),
        # nginx refuses TRACE itself, before any location: no route of the planner takes it.
        FrontError(
            405,
            problems.METHOD_NOT_ALLOWED,
            "The front server answers no TRACE request; the planner's routes take GET, HEAD "
            "or POST (another method reaches the route, whose answer lists them in Allow).",
            {},
        ),
        FrontError(411, problems.LENGTH_REQUIRED, problems.LENGTH_REQUIRED.explanation, {}),
        FrontError(
            413,
            problems.BODY_TOO_LARGE,
            f"The body is larger than the limit of {limit} bytes.",
            {"limit": limit},
        ),
        FrontError(
            414,
            problems.REQUEST_LINE_TOO_LONG,
            f"The request line is longer than {REQUEST_LINE_LIMIT} bytes; "
            "send long in-use lists in a POST body.",
            {},
            path_known=False,
        ),
        # nginx's own code for headers over its buffers; 431 is HTTP's.
        FrontError(494, problems.HEADERS_TOO_LARGE, problems.HEADERS_TOO_LARGE.explanation, {}),
        FrontError(500, problems.SERVER_ERROR, "The front server failed.", {}),
        FrontError(
            501,
            problems.problem_type_for_status(501),
            "The request uses a transfer coding the front server does not support.",
            {},
        ),
        FrontError(502, problems.BAD_GATEWAY, problems.BAD_GATEWAY.explanation, {}),
        FrontError(
            503,
            problems.TOO_MANY_REQUESTS_IN_PROGRESS,
            f"This client address already has {settings.PLANNER_REQUESTS_PER_CLIENT} requests "
            "in progress.",
            {},
        ),
        FrontError(504, problems.GATEWAY_TIMEOUT, problems.GATEWAY_TIMEOUT.explanation, {}),
        FrontError(
            505,
            problems.problem_type_for_status(505),
            "The request line names an HTTP version this server does not speak: send "
            "HTTP/1.1 (or 1.0).",
            {},
            path_known=False,  # the request line was not read to the end
        ),
    ]


def security_headers() -> dict[str, str]:
    """The headers Django's middleware put on the app's answers, for nginx's own."""
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
    }


def quoted(text: str) -> str:
    """An nginx string: in the quote the text does not use, escapes and newlines as nginx reads
    them. nginx expands $variables in these strings, so none may hold a $."""
    if "$" in text:
        raise ValueError(f"no $ in a string for nginx: {text!r}")
    quote = "'" if '"' in text else '"'
    escaped = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
    return quote + escaped + quote


def error_pages(errors: Sequence[FrontError]) -> str:
    # "=431" sends HTTP's status where nginx's internal one (494) would be answered as a 400.
    return "\n".join(
        f"        error_page {error.status} ={error.kind.status} "
        f"{'$front_errors' if error.path_known else '/_problems'}/{error.kind.status};"
        for error in errors
    )


def error_locations(errors: Sequence[FrontError]) -> str:
    """Internal locations answering each error, with the app's security headers (`always`:
    add_header skips error statuses otherwise). Only here, so the app's own answers do not get
    them twice."""
    headers = "".join(
        f"            add_header {name} {quoted(value)} always;\n"
        for name, value in security_headers().items()
    )
    blocks = []
    for error in errors:
        status = error.kind.status
        document = problems.problem_document(error.kind, error.detail, None, **error.extensions)
        body = json.dumps(document) + "\n"
        text = f"{status} {error.kind.title}\n{error.detail}\n"
        blocks += [
            f"        location = /_problems/{status} {{\n"
            "            internal;\n"
            f"            default_type {problems.MEDIA_TYPE};\n"
            f"{headers}"
            f"            return {status} {quoted(body)};\n"
            "        }",
            f"        location = /_errors/{status} {{\n"
            "            internal;\n"
            '            default_type "text/plain; charset=utf-8";\n'
            f"{headers}"
            f"            return {status} {quoted(text)};\n"
            "        }",
        ]
    return "\n".join(blocks)


def render(template: str, values: Mapping[str, str]) -> str:
    """Fills every {{ name }}; a name without a value, or a value without a name, is a bug."""
    names = set(re.findall(r"\{\{ (\w+) \}\}", template))
    if names != set(values):
        raise ValueError(f"template names {sorted(names)} do not match {sorted(values)}")
    return re.sub(r"\{\{ (\w+) \}\}", lambda match: values[match[1]], template)


def listen_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def nginx_conf(host: str, port: int, run_dir: Path) -> str:
    errors = front_errors()
    behind_proxy = settings.BEHIND_PROXY
    return render(
        TEMPLATE.read_text(),
        {
            "user_directive": f"user {NGINX_WORKER_USER};" if os.geteuid() == 0 else "",
            "run_dir": str(run_dir),
            "listen": listen_address(host, port),
            "client_timeout": str(settings.PLANNER_CLIENT_TIMEOUT_SECONDS),
            "max_body_bytes": str(settings.PLANNER_MAX_BODY_BYTES),
            "requests_per_client": str(settings.PLANNER_REQUESTS_PER_CLIENT),
            "upstream_timeout": str(UPSTREAM_TIMEOUT_SECONDS),
            # Behind a TLS proxy, the client is the proxy: count requests per address it
            # forwards (the last of X-Forwarded-For, which it appended), and pass on the scheme
            # and addresses it saw. Otherwise forwarded headers from the client are overwritten.
            "real_ip": (
                "    set_real_ip_from 0.0.0.0/0;\n"
                "    set_real_ip_from ::/0;\n"
                "    real_ip_header X-Forwarded-For;\n"
                if behind_proxy
                else ""
            ),
            "forwarded_proto": "$http_x_forwarded_proto" if behind_proxy else "$scheme",
            "forwarded_for": "$http_x_forwarded_for" if behind_proxy else "$remote_addr",
            "error_pages": error_pages(errors),
            "error_locations": error_locations(errors),
        },
    )


def nginx_executable() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise SystemExit("nginx is not installed: `make serve` installs it (Debian package nginx)")
    return found


def prepare_run_dir(run_dir: Path) -> None:
    """The run directory holds nginx's configuration, pid, temporary files and gunicorn's
    socket. Started as root, nginx's workers run as www-data: they must reach the socket."""
    run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    (run_dir / "gunicorn.sock").unlink(missing_ok=True)
    if os.geteuid() == 0:
        worker = pwd.getpwnam(NGINX_WORKER_USER)
        os.chown(run_dir, worker.pw_uid, worker.pw_gid)
        for parent in run_dir.resolve().parents:
            if not parent.stat().st_mode & 0o001:
                raise SystemExit(
                    f"{parent} is not searchable by others, so nginx's workers "
                    f"({NGINX_WORKER_USER}) cannot reach {run_dir}: choose another --run-dir"
                )


def wait_for_socket(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode}")
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect(str(path))
                return
            except OSError:
                pass
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not listen on {path} within {STARTUP_SECONDS} s")


def copy_lines(source: IO[bytes], target: TextIO) -> None:
    """nginx writes its access log by opening /dev/stdout anew, which fails when that is a
    socket, or a terminal or pipe of another user: it gets a pipe of its own, copied here."""
    for line in source:
        target.buffer.write(line)
        target.flush()


def supervise(gunicorn: subprocess.Popen[bytes], nginx: subprocess.Popen[bytes]) -> int:
    """Runs until a signal or until either server exits; then stops nginx first (no new
    requests, in-flight ones finish), then gunicorn. 0 after a signal, 1 otherwise."""
    stopping: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping and gunicorn.poll() is None and nginx.poll() is None:
        time.sleep(0.2)
    if not stopping:
        which = "gunicorn" if gunicorn.poll() is not None else "nginx"
        print(f"planner.serve: {which} exited; stopping", file=sys.stderr)
    for process, graceful in ((nginx, signal.SIGQUIT), (gunicorn, signal.SIGTERM)):
        if process.poll() is None:
            process.send_signal(graceful)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return 0 if stopping else 1


def serve(host: str, port: int, workers: int, run_dir: Path) -> int:
    nginx = nginx_executable()
    prepare_run_dir(run_dir)
    conf = run_dir / "nginx.conf"
    conf.write_text(nginx_conf(host, port, run_dir))
    socket_path = run_dir / "gunicorn.sock"
    # nginx writes the access log, with the clients' addresses.
    gunicorn = subprocess.Popen(
        gunicorn_command(f"unix:{socket_path}", workers, behind_nginx=True), cwd=ROOT
    )
    try:
        wait_for_socket(socket_path, gunicorn)
        front = subprocess.Popen(
            [nginx, "-p", str(run_dir), "-c", str(conf), "-e", "stderr"], stdout=subprocess.PIPE
        )
        threading.Thread(target=copy_lines, args=(front.stdout, sys.stdout), daemon=True).start()
    except BaseException:
        gunicorn.terminate()
        gunicorn.wait()
        raise
    address = listen_address(host, port)
    print(f"planner.serve: http://{address}/ (nginx, gunicorn {workers} workers)", flush=True)
    return supervise(gunicorn, front)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner.serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--run-dir", type=Path, default=ROOT / ".serve", help="configuration, socket, pid, temp"
    )
    parser.add_argument(
        "--without-proxy",
        action="store_true",
        help="gunicorn alone on HOST:PORT, for a platform front end that does nginx's part",
    )
    parser.add_argument(
        "--no-access-log", action="store_true", help="with --without-proxy: gunicorn's, off"
    )
    options = parser.parse_args(argv)
    if options.without_proxy:
        command = gunicorn_command(
            listen_address(options.host, options.port), options.workers, behind_nginx=False
        )
        if not options.no_access_log:
            command.append("--access-logfile=-")
        os.execv(command[0], command)
    return serve(options.host, options.port, options.workers, options.run_dir.resolve())


if __name__ == "__main__":
    sys.exit(main())
