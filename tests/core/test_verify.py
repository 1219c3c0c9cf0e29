"""The verify scripts: the bash one run against a resolver stub (a `getent` and a `curl` on
PATH that answer from a table), the PowerShell one read for what it checks."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from netaddr import IPNetwork

from planner.core import Plan, PlanRequest, Registry, Subnet, plan
from planner.core.renderers import EXPORTS
from planner.core.renderers.verify import verify_bash, verify_powershell
from tests.single import one


def planned() -> Plan:
    registry = Registry("contoso", ("eastus", "westeurope"), True)
    return plan(PlanRequest(registry, Subnet(IPNetwork("10.0.1.0/28"))))


def executable(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def run(
    tmp_path: Path, answers: dict[str, str], *arguments: str, http: str = "401"
) -> subprocess.CompletedProcess[str]:
    """The script with `getent ahostsv4 NAME` answering from `answers` (as glibc prints it)
    and `curl` printing the status `http`."""
    bin_directory = tmp_path / "bin"
    bin_directory.mkdir(exist_ok=True)
    table = tmp_path / "answers"
    table.write_text("".join(f"{name} {ip}\n" for name, ip in answers.items()))
    executable(
        bin_directory / "getent",
        "#!/bin/sh\n"
        '[ "$1" = ahostsv4 ] || exit 2\n'
        f"ip=$(awk -v n=\"$2\" '$1 == n {{ print $2 }}' {table})\n"
        '[ -n "$ip" ] || exit 2\n'
        'printf "%s       STREAM %s\\n%s       DGRAM\\n" "$ip" "$2" "$ip"\n',
    )
    executable(bin_directory / "curl", f"#!/bin/sh\nprintf {http}\n")
    script = tmp_path / "verify.sh"
    script.write_text(verify_bash(one(planned())))
    return subprocess.run(
        ["bash", str(script), *arguments],
        env={"PATH": f"{bin_directory}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def planned_answers() -> dict[str, str]:
    return {a.fqdn: a.ip for a in planned().allocations}


def test_it_passes_when_every_name_resolves_to_its_planned_address(tmp_path: Path) -> None:
    result = run(tmp_path, planned_answers(), "--http")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "EXPECTED", "RESOLVED", "HTTP", "RESULT"]
    assert len(lines) == 1 + len(planned().allocations) + 1
    assert all(line.split()[-1] == "ok" for line in lines[1:-1])


def test_it_fails_on_a_public_answer_or_no_answer(tmp_path: Path) -> None:
    answers = planned_answers()
    answers["contoso.westeurope.data.azurecr.io"] = "20.50.1.2"  # the public address
    del answers["contoso.eastus.geo.azurecr.io"]
    result = run(tmp_path, answers)
    assert result.returncode == 1
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:-1]}
    assert rows["contoso.westeurope.data.azurecr.io"][2:] == ["20.50.1.2", "-", "MISMATCH"]
    assert rows["contoso.eastus.geo.azurecr.io"][2:] == ["none", "-", "MISMATCH"]
    assert rows["contoso.azurecr.io"][-1] == "ok"
    assert "2 name(s) do not match" in result.stderr


def test_with_http_a_registry_that_does_not_answer_401_fails(tmp_path: Path) -> None:
    result = run(tmp_path, planned_answers(), "--http", http="403")
    assert result.returncode == 1
    rows = [line.split() for line in result.stdout.splitlines()[1:-1]]
    results = {row[0]: row[-1] for row in rows}
    assert results["contoso.azurecr.io"] == "HTTP"
    assert results["contoso.eastus.data.azurecr.io"] == "ok"  # a data endpoint: any answer


def test_the_powershell_script_checks_the_same_names_and_addresses() -> None:
    text = verify_powershell(one(planned()))
    for allocation in planned().allocations:
        assert f"@('{allocation.fqdn}', '{allocation.ip}'," in text
    assert "param([switch]$Http)" in text
    assert "exit 1" in text
    assert text.count("{") == text.count("}")
    assert text.count("(") == text.count(")")


def test_both_scripts_are_exports() -> None:
    assert EXPORTS["verify"].render is verify_bash
    assert EXPORTS["verify-ps"].render is verify_powershell


def test_a_file_of_addresses_gives_what_azure_picked(tmp_path: Path) -> None:
    """The runbook's check step writes what az prints of the endpoint's customDnsConfigs (an
    FQDN and its address a line): verify compares each name with that address, over the plan's."""
    answers = planned_answers()
    answers["contoso.westeurope.data.azurecr.io"] = "10.0.1.14"  # Azure's pick, not the plan's
    assert run(tmp_path, answers).returncode == 1
    given = tmp_path / "expected.tsv"
    given.write_text("contoso.westeurope.data.azurecr.io\t10.0.1.14\n")
    result = run(tmp_path, answers, "--http", str(given))
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if "westeurope.data" in line)
    assert row.split()[1:3] == ["10.0.1.14", "10.0.1.14"]
