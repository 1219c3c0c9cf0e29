"""`pip install .` gives pipelines `acr-pe-planner`, which works without the checkout.

The package is built into a wheel once and installed, without its dependencies, into a fresh
virtual environment that borrows the project's installed dependencies through a .pth file (no
download); the command then runs from a folder outside the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESTATE = {
    "registry": "contoso",
    "regions": ["eastus", "westeurope"],
    "endpoints": [
        {"name": "hub-eus", "subnet": "10.0.1.0/27", "in_use": ["10.0.1.4-10.0.1.9"]},
        {"name": "spoke-app1", "subnet": "10.1.2.0/29"},
    ],
}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment with the package installed."""
    work = tmp_path_factory.mktemp("console")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(work / "wheels"), str(ROOT)],
        check=True,
    )  # fmt: skip
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
    python = work / "venv" / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((work / "wheels").glob("acr_endpoint_planner-*.whl"))
    # --ignore-installed: the borrowed site-packages may hold the package already (an
    # environment that installed it, not a checkout); the fresh one must get its own copy.
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", str(wheel)],
        check=True,
    )
    return work / "venv" / "bin"


def run(command: list[str | Path], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The command as a pipeline runs it: no settings module in the environment."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, text=True, env=environment
    )


def test_it_installs_the_command_and_the_package_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    where = run([installed / "python", "-c", "import planner; print(planner.__file__)"], tmp_path)
    assert where.stdout.startswith(str(installed.parent)), where.stdout + where.stderr
    assert (installed / "acr-pe-planner").exists()


def test_it_prints_what_manage_py_plan_prints(installed: Path, tmp_path: Path) -> None:
    options = ["--registry", "contoso", "--regions", "eastus,westus", "--subnet", "10.0.1.0/28"]
    for output in ("json", "zone", "terraform"):
        console = run(
            [installed / "acr-pe-planner", "plan", *options, "--format", output], tmp_path
        )
        checkout = run([sys.executable, "manage.py", "plan", *options, "--format", output], ROOT)
        assert console.returncode == checkout.returncode == 0, console.stderr
        assert console.stdout == checkout.stdout


def test_it_gates_a_pipeline_on_the_estate(installed: Path, tmp_path: Path) -> None:
    document = json.dumps(ESTATE)
    fits = run([installed / "acr-pe-planner", "plan", "--estate", "-"], tmp_path, document)
    assert fits.returncode == 0, fits.stderr
    assert json.loads(fits.stdout)["limiting_endpoint"] == "spoke-app1"
    grown = json.dumps({**ESTATE, "what_if": {"add_regions": ["northeurope"]}})
    planner = [installed / "acr-pe-planner", "plan", "--estate", "-"]
    informed = run(planner, tmp_path, grown)
    assert informed.returncode == 0  # the estate fits: its what-if is information
    blocked = run([*planner, "--fail-on-what-if"], tmp_path, grown)
    assert blocked.returncode == 1
    assert json.loads(blocked.stdout)["what_if"]["blocking"] == [
        {"endpoint": "spoke-app1", "missing": 1, "subnet": "10.1.2.0/29",
         "endpoints": ["spoke-app1"]}
    ]  # fmt: skip
    invalid = run([installed / "acr-pe-planner", "plan", "--estate", "-"], tmp_path, "{}")
    assert invalid.returncode == 2
    assert "/registry: Give the registry name" in invalid.stderr


def test_it_says_how_to_use_it_without_a_command(installed: Path, tmp_path: Path) -> None:
    bare = run([installed / "acr-pe-planner"], tmp_path)
    assert bare.returncode == 2
    assert bare.stderr == (
        "usage: acr-pe-planner plan|change|drift|collect [options]   (--help lists them)\n"
    )
