"""Production settings come from the environment; without the secrets the app refuses to start."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides: str) -> dict[str, str]:
    """The caller's environment without any DJANGO_ setting, plus a production configuration."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="planner.example.com",
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_it_passes_the_deployment_checks_with_the_production_environment() -> None:
    result = manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_it_refuses_to_start_without_a_production_secret(missing: str) -> None:
    result = manage(production_env(**{missing: ""}), "check")
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_it_refuses_a_blank_allowed_hosts_list() -> None:
    result = manage(production_env(DJANGO_ALLOWED_HOSTS=" , "), "check")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("DJANGO_SECURE_SSL_REDIRECT", "maybe"), ("DJANGO_HSTS_SECONDS", "a year")],
)
def test_it_refuses_a_malformed_flag_and_names_it(name: str, value: str) -> None:
    result = manage(production_env(**{name: value}), "check")
    assert result.returncode != 0
    assert name in result.stderr
    assert repr(value) in result.stderr


def test_it_reports_a_plain_http_deployment_when_the_ssl_redirect_is_turned_off() -> None:
    result = manage(
        production_env(DJANGO_SECURE_SSL_REDIRECT="false"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_it_starts_without_any_configuration_for_local_development() -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    result = manage(env, "check")
    assert result.returncode == 0, result.stderr
