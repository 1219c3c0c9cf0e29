from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[1]


def plan_json(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("plan", *args, stdout=out)
    document: dict[str, object] = json.loads(out.getvalue())
    return document


def test_it_prints_the_plan_as_json() -> None:
    document = plan_json(
        "--registry",
        "contoso",
        "--regions",
        "eastus,westus,westeurope",
        "--regional-endpoints",
        "--subnet",
        "10.0.1.0/28",
        "--in-use",
        "10.0.1.4",
    )
    assert document["required_ips"] == 7
    assert document["fits"] is True
    allocations = document["allocations"]
    assert isinstance(allocations, list)
    assert allocations[0]["ip"] == "10.0.1.5"  # .4 is in use
    assert [r["ttl"] for r in document["records"]] == [10] * 7  # type: ignore[attr-defined]


def test_it_sizes_from_a_replica_count_alone() -> None:
    document = plan_json("--replica-count", "2", "--subnet", "10.0.1.0/29")
    assert document["required_ips"] == 3
    assert document["fits"] is True
    assert "allocations" not in document


def test_it_reports_bad_input_per_option() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("plan", "--registry", "x", "--regions", "eastus", "--subnet", "10.0.1.0/30")
    assert raised.value.returncode == 2
    assert "--registry:" in str(raised.value)
    assert "--subnet: An Azure subnet is /2 to /29" in str(raised.value)


def test_it_exits_2_with_messages_on_stderr() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "plan",
            "--regions",
            "eastus,mars",
            "--subnet",
            "10.0.1.5/28",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "did you mean 10.0.1.0/28" in completed.stderr
    assert "'mars' is not a region" in completed.stderr


def test_it_prints_the_same_sizing_as_the_api() -> None:
    from django.test import Client

    out = StringIO()
    call_command(
        "plan",
        "--replica-count",
        "2",
        "--subnet",
        "10.0.1.0/28",
        "--in-use",
        "10.0.1.4,10.0.1.5",
        "--in-use",
        "10.0.1.9",
        stdout=out,
    )
    api = Client().get(
        "/api/v1/sizing",
        {"replica_count": "2", "subnet": "10.0.1.0/28", "in_use": "10.0.1.4,10.0.1.5,10.0.1.9"},
    )
    assert api.status_code == 200
    assert out.getvalue() == api.content.decode()
    assert json.loads(out.getvalue())["subnet"]["in_use"] == 3
