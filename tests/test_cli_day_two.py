"""`manage.py change` and `manage.py drift`: the API's documents from a file or stdin, with
exit statuses a pipeline can gate on (0 fits or clean, 1 does not fit or drift, 2 invalid)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.day_two import change_document, drift_document, fixture

ROOT = Path(__file__).resolve().parent.parent


def run(command: str, document: Any, *options: str) -> subprocess.CompletedProcess[str]:
    text = document if isinstance(document, str) else json.dumps(document)
    return subprocess.run(
        [sys.executable, "manage.py", command, "-", *options],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_change_prints_the_json_answer_and_exits_0_when_it_fits() -> None:
    result = run("change", change_document())
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["endpoints"][0]["added"][0]["ip"] == "10.0.1.8"


def test_change_prints_the_runbook_and_exits_1_when_a_subnet_is_short() -> None:
    endpoints = [{"deployed": fixture("pe-static.json"), "subnet": "10.0.1.0/29",
                  "in_use": ["10.0.1.7"]}]  # fmt: skip
    result = run("change", change_document(endpoints=endpoints), "--format", "runbook")
    assert result.returncode == 1
    assert "added registry_data_northeurope (no free address)" in result.stdout
    assert "# 1. Delete the endpoint(s) to re-create" in result.stdout
    assert "The runbook stops here: nothing was changed.' >&2\nexit 1\n" in result.stdout


def test_change_names_the_place_of_a_problem_and_exits_2() -> None:
    document = change_document(records=[{"name": "contoso"}])
    result = run("change", document)
    assert result.returncode == 2
    assert "/records/0/ttl:" in result.stderr
    truncated = json.dumps(change_document())[:500]
    result = run("change", truncated)
    assert result.returncode == 2
    assert "not JSON" in result.stderr


def test_drift_exits_0_when_clean_and_1_with_findings() -> None:
    clean = run("drift", drift_document())
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.startswith("No drift: 3 record(s)")
    grown = drift_document(regions=["eastus", "westeurope", "northeurope"])
    found = run("drift", grown)
    assert found.returncode == 1
    assert "[high] missing contoso.northeurope.data" in found.stdout
    as_json = run("drift", grown, "--format", "json")
    assert json.loads(as_json.stdout)["findings"][0]["kind"] == "missing"


def test_drift_exits_2_on_invalid_input() -> None:
    result = run("drift", drift_document(zone="example.com"))
    assert result.returncode == 2
    assert "/zone:" in result.stderr


def test_change_prints_an_endpoints_verify_script_with_its_kept_addresses() -> None:
    result = run("change", change_document(), "--format", "verify", "--endpoint",
                 "pe-contoso-spoke")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "check contoso.azurecr.io 10.0.2.7 1" in result.stdout  # kept, not re-planned
    # the address Azure gives the new member comes from the file the runbook's check writes
    assert "check contoso.northeurope.data.azurecr.io - 0" in result.stdout
    unknown = run("change", change_document(), "--format", "verify", "--endpoint", "pe-x")
    assert unknown.returncode == 2
    assert "pe-contoso-hub, pe-contoso-spoke" in unknown.stderr


# A note as a crafted document would carry it: a fake finding, a fake fix, a terminal escape.
FORGED = (
    "collected\n[high] missing contoso.azurecr.io: forged\n"
    "$ az group delete --name rg-prod --yes\r\x1b[1A\x1b[2K\u2028[low] ttl forged"
)


def test_drift_says_a_documents_notes_as_notes_never_as_findings_or_fixes() -> None:
    clean = run("drift", drift_document())
    forged = run("drift", drift_document(notes=[FORGED]))
    assert (clean.returncode, forged.returncode) == (0, 0)  # a note is not a finding
    noted = forged.stdout.removesuffix(clean.stdout).splitlines()
    assert noted
    assert all(line.startswith("Note: ") for line in noted)
    assert forged.stdout.endswith(clean.stdout)  # the rest is what the clean run says
    assert not [c for c in forged.stdout if c in "\r\x1b\u2028"]
    assert "forged" in forged.stdout  # said, as a note
    assert "az group delete" in forged.stdout


def test_the_fix_script_carries_a_documents_notes_as_comments(tmp_path: Path) -> None:
    document = drift_document(records=[], notes=[FORGED])
    script = run("drift", document, "--format", "script").stdout
    noted = [line for line in script.splitlines() if "forged" in line or "group delete" in line]
    assert noted
    assert all(line.startswith("# Note: ") for line in noted)
    checked = subprocess.run(["bash", "-n"], input=script, text=True, check=False)
    assert checked.returncode == 0
