"""planner.core is plain Python: importing it must not import Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "planner" / "core"


def test_it_imports_every_core_module_without_django() -> None:
    root = CORE.parents[1]
    modules = [
        ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        for path in CORE.rglob("*.py")
    ]
    assert modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not leaked, leaked\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=root)


def test_it_names_no_django_in_the_core_source() -> None:
    for path in CORE.rglob("*.py"):
        source = path.read_text()
        assert "import django" not in source, path
        assert "from django" not in source, path
