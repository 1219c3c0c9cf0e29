"""The exit status follows the verdict, for every command and every format: 0 fits, 1 does not
fit (the JSON printed all the same), 2 invalid input. A pipeline runs `plan ... > plan.json &&
deploy`: a plan that does not fit must stop it, whatever the format asked.

An estate's what-if is information: it changes the status only with --fail-on-what-if."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import execute_from_command_line

from planner.core.renderers import EXPORTS, plan_exports
from tests.day_two import change_document, fixture


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str


def run(*arguments: str) -> Ran:
    """The command as a shell runs it (CommandError and sys.exit become the status)."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            execute_from_command_line(["manage.py", *arguments])
        except SystemExit as exited:
            status = exited.code if isinstance(exited.code, int) else 1
    return Ran(status, out.getvalue(), err.getvalue())


PLAN = ["--registry", "contoso", "--regions", "eastus,westus", "--resolver-ip", "10.50.0.4"]
FITS = [*PLAN, "--subnet", "10.0.1.0/28"]
SHORT = [*PLAN, "--subnet", "10.0.1.0/29", "--in-use", "10.0.1.4"]  # 2 free for 3
PLAN_FORMATS = sorted(plan_exports())


@pytest.mark.parametrize("name", PLAN_FORMATS)
def test_a_plan_that_fits_exits_0_in_every_format(name: str) -> None:
    ran = run("plan", *FITS, "--format", name)
    assert (ran.status, ran.stderr) == (0, "")
    assert ran.stdout


@pytest.mark.parametrize("name", PLAN_FORMATS)
def test_a_plan_that_does_not_fit_exits_1_in_every_format(name: str) -> None:
    ran = run("plan", *SHORT, "--format", name)
    assert ran.status == 1
    if name == "json":  # printed all the same: the pipeline keeps what it was told
        document = json.loads(ran.stdout)
        assert document["fits"] is False
        assert document["warnings"][0].startswith("Does not fit: the plan needs 3 addresses")
        assert ran.stderr == ""
    else:  # a file of addresses that do not exist is not made
        assert ran.stdout == ""
        assert "Does not fit: the plan needs 3 addresses and 10.0.1.0/29 has 2 free" in ran.stderr


def test_a_sizing_follows_its_verdict_too() -> None:
    fits = run("plan", "--replica-count", "2", "--subnet", "10.0.1.0/29")
    short = run("plan", "--replica-count", "3", "--subnet", "10.0.1.0/29")
    assert (fits.status, json.loads(fits.stdout)["fits"]) == (0, True)
    assert (short.status, json.loads(short.stdout)["fits"]) == (1, False)


def test_invalid_input_exits_2_in_every_format() -> None:
    for name in PLAN_FORMATS:
        ran = run("plan", *PLAN, "--subnet", "10.0.1.0/33", "--format", name)
        assert (ran.status, ran.stdout) == (2, "")
        assert "--subnet:" in ran.stderr


ESTATE: dict[str, Any] = {
    "registry": "contoso",
    "regions": ["eastus", "westus"],
    "resolver_ip": "10.50.0.4",
    "endpoints": [
        {"name": "pe-hub", "subnet": "10.0.1.0/27"},
        {"name": "pe-spoke", "subnet": "10.1.2.0/29"},
    ],
}
GROWN = {**ESTATE, "what_if": {"add_regions": ["northeurope"]}}  # pe-spoke's /29 is full
SHORT_ESTATE = {**ESTATE, "regional_endpoints": True}  # 5 addresses: the /29 has 3
ESTATE_FORMATS = sorted(set(EXPORTS) - {"bundle"})
PARTS = {"scope": "pe-hub", "endpoint": "pe-hub"}


def estate(tmp_path: Path, document: dict[str, Any], name: str, *options: str) -> Ran:
    path = tmp_path / "estate.json"
    path.write_text(json.dumps(document))
    part = EXPORTS[name].part
    chosen = [f"--{part}", PARTS[part]] if part else []
    return run("plan", "--estate", str(path), "--format", name, *chosen, *options)


@pytest.mark.parametrize("name", ESTATE_FORMATS)
def test_an_estate_exits_0_when_it_fits_even_when_its_what_if_does_not(
    tmp_path: Path, name: str
) -> None:
    ran = estate(tmp_path, GROWN, name)
    assert (ran.status, ran.stderr) == (0, "")
    assert ran.stdout
    if name == "json":
        answer = json.loads(ran.stdout)
        assert (answer["fits"], answer["what_if"]["fits"]) == (True, False)


@pytest.mark.parametrize("name", ESTATE_FORMATS)
def test_a_what_if_counts_when_asked(tmp_path: Path, name: str) -> None:
    blocked = estate(tmp_path, GROWN, name, "--fail-on-what-if")
    assert blocked.status == 1
    assert blocked.stdout  # the files are right: printed, and the status says the what-if
    one_more = {**ESTATE, "what_if": {"add_replicas": 1}}
    assert (
        estate(tmp_path, one_more, name, "--fail-on-what-if").status == 1
    )  # the /29 holds no fourth address: one more replica is blocked
    alone = estate(tmp_path, ESTATE, name, "--fail-on-what-if")
    assert alone.status == 0  # no what-if asked: nothing to fail on


@pytest.mark.parametrize("name", ESTATE_FORMATS)
def test_an_estate_that_does_not_fit_exits_1(tmp_path: Path, name: str) -> None:
    ran = estate(tmp_path, SHORT_ESTATE, name)
    assert ran.status == 1
    if name == "json":
        assert json.loads(ran.stdout)["fits"] is False
    else:
        assert ran.stdout == ""
        assert "Does not fit: 1 of 2 private endpoint(s) lack addresses" in ran.stderr


def test_a_bundle_follows_the_estate(tmp_path: Path) -> None:
    path = tmp_path / "estate.json"
    path.write_text(json.dumps(GROWN))
    assert run("plan", "--estate", str(path), "--bundle", str(tmp_path / "a")).status == 0
    failing = run(
        "plan", "--estate", str(path), "--bundle", str(tmp_path / "b"), "--fail-on-what-if"
    )
    assert failing.status == 1
    path.write_text(json.dumps(SHORT_ESTATE))
    short = run("plan", "--estate", str(path), "--bundle", str(tmp_path / "c"))
    assert short.status == 1
    assert not (tmp_path / "c").exists()


def test_the_what_if_option_goes_with_an_estate() -> None:
    ran = run("plan", *FITS, "--fail-on-what-if")
    assert ran.status == 2
    assert "--fail-on-what-if go with --estate" in ran.stderr


def test_the_help_says_the_statuses() -> None:
    ran = run("plan", "--help")
    text = " ".join(ran.stdout.split())
    assert "0 the plan fits; 1 it does not fit (the JSON is printed all the same" in text
    assert "--fail-on-what-if" in text


@pytest.mark.parametrize("name", ["json", "runbook", "verify"])
def test_a_change_that_does_not_fit_exits_1_in_every_format(tmp_path: Path, name: str) -> None:
    endpoints = [{"deployed": fixture("pe-static.json"), "subnet": "10.0.1.0/29",
                  "in_use": ["10.0.1.7"]}]  # fmt: skip
    path = tmp_path / "change.json"
    for document, status in ((change_document(), 0), (change_document(endpoints=endpoints), 1)):
        path.write_text(json.dumps(document))
        chosen = ["--endpoint", "pe-contoso-hub"] if name == "verify" else []
        ran = run("change", str(path), "--format", name, *chosen)
        assert ran.status == status, ran.stderr
        assert ran.stdout
