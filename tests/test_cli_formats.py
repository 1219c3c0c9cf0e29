"""`manage.py plan --format`: the same text as the API's exports."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from planner.core.renderers import plan_exports
from tests.core.test_renderers import assert_valid_zone

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = (
    "--registry", "contoso", "--regions", "eastus,westus", "--regional-endpoints",
    "--subnet", "10.0.1.0/28", "--in-use", "10.0.1.5",
)  # fmt: skip
QUERY = "registry=contoso&regions=eastus,westus&regional_endpoints=true&subnet=10.0.1.0/28"


def printed(*args: str) -> str:
    out = StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("name", list(plan_exports()))
def test_it_prints_what_the_api_exports(name: str) -> None:
    resolver = ("--resolver-ip", "10.0.0.4") if plan_exports()[name].needs_resolver else ()
    query = f"{QUERY}&in_use=10.0.1.5" + ("&resolver_ip=10.0.0.4" if resolver else "")
    api = Client().get(f"/api/v1/plan/{name}?{query}")
    assert api.status_code == 200
    assert printed(*OPTIONS, *resolver, "--format", name) == api.content.decode()


def test_it_prints_a_zone_file_bind_accepts(tmp_path: Path) -> None:
    zone = assert_valid_zone(
        printed(*OPTIONS, "--format", "zone"), "privatelink.azurecr.io", tmp_path
    )
    assert len(zone.nodes) == 1 + 5


def test_it_refuses_an_unknown_format() -> None:
    ran = subprocess.run(
        [sys.executable, "manage.py", "plan", *OPTIONS, "--format", "yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 2
    assert "invalid choice: 'yaml'" in ran.stderr
    assert "terraform" in ran.stderr


def test_it_refuses_an_export_of_a_plan_that_does_not_fit() -> None:
    with pytest.raises(CommandError, match=r"A new, empty /27 or larger subnet would hold it"):
        printed(*OPTIONS[:-4], "--subnet", "10.0.1.0/29", "--format", "hosts")


def test_it_needs_regions_for_an_export() -> None:
    with pytest.raises(CommandError, match="--format csv needs --regions"):
        printed("--replica-count", "2", "--subnet", "10.0.1.0/28", "--format", "csv")
