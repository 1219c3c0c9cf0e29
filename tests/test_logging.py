"""What the production logging writes: run in a fresh interpreter, as the settings configure it."""

from __future__ import annotations

import subprocess
import sys

from tests.test_settings import ROOT, production_env

BAD_HOST_REQUESTS = """
import django
django.setup()
from django.test import Client
for path in ("/", "/api/v1/plan"):
    response = Client(raise_request_exception=False).get(path, headers={"host": "evil.example"})
    assert response.status_code == 400, response.status_code
"""


def test_it_logs_each_refused_host_on_one_line_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", BAD_HOST_REQUESTS],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "planner.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = (
        "ERROR django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS."
    )
    assert result.stderr.splitlines() == [line, line]
