"""The planner with production settings on a free loopback port: gunicorn alone, or nginx in
front of it as `make serve` runs them."""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
STARTUP_SECONDS = 30
STOP_SECONDS = 60  # the launcher's own bound on stopping nginx and gunicorn is lower
SERVE = [sys.executable, "-m", "planner.serve"]


def production_env() -> dict[str, str]:
    """DEBUG off with a generated secret; plain http on loopback, so no SSL redirect."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="planner.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_kib(self) -> int:
        """Resident memory of the only worker, from /proc/<pid>/status."""
        (pid,) = self.worker_pids()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for worker {pid}")


def collectstatic() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(),
        check=True,
        timeout=120,
    )


def wait_until_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {STARTUP_SECONDS} s")


@contextmanager
def running(command: list[str], port: int, env: dict[str, str]) -> Iterator[Server]:
    """Runs `command` until the block ends; its log goes to a file, shown when anything fails."""
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(port, process)
            yield Server(process, port)
        except BaseException:
            log.seek(0)
            print(f"the server's log (last lines):\n{log.read()[-4000:]}", file=sys.stderr)
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def gunicorn(workers: int, **settings: str) -> Iterator[Server]:
    """gunicorn alone, as `python -m planner.serve --without-proxy` runs it (no access log: it
    would measure the disk). `settings` adds to the production environment."""
    port = free_port()
    command = [
        *SERVE,
        "--without-proxy",
        "--no-access-log",
        f"--host={HOST}",
        f"--port={port}",
        f"--workers={workers}",
    ]
    with running(command, port, {**production_env(), **settings}) as server:
        yield server


@contextmanager
def proxied(workers: int, **settings: str) -> Iterator[Server]:
    """`make serve`'s stack: nginx on a free loopback port in front of gunicorn, run by
    `python -m planner.serve` in a fresh run directory."""
    port = free_port()
    # Under /tmp, not pytest's private directories: nginx's workers must reach the socket.
    run_dir = Path(tempfile.mkdtemp(prefix="planner-serve-"))
    command = [*SERVE, f"--host={HOST}", f"--port={port}", f"--workers={workers}"]
    command.append(f"--run-dir={run_dir}")
    try:
        with running(command, port, {**production_env(), **settings}) as server:
            yield server
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
