"""`acr-pe-planner`: the planner's command line without a Django checkout (`pip install .`).

`acr-pe-planner plan ...` is `manage.py plan ...`: the same options, output and exit status
(and so for change, drift and collect).
"""

from __future__ import annotations

import os
import sys

COMMANDS = ("plan", "change", "drift", "collect")


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments[0] not in COMMANDS:
        sys.stderr.write(
            "usage: acr-pe-planner plan|change|drift|collect [options]   (--help lists them)\n"
        )
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["acr-pe-planner", *arguments])
