"""`manage.py drift`: private zones' records checked against the private endpoints (the
document POST /api/v1/drift takes, from a file or collected with --registry). Exit status: 0
no drift, 1 findings, 2 invalid input or nothing collected."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from planner.core.drift import drift
from planner.core.renderers.day_two import drift_json, drift_script, drift_text
from planner.forms.day_two_document import read_drift
from planner.management.commands.change import add_document_argument, document_or_collected
from planner.management.commands.plan import DOES_NOT_FIT


class Command(BaseCommand):
    requires_system_checks = ()
    help = (
        "Checks a private DNS zone's records against the registry's private endpoints: "
        "missing, wrong, extra, stale and colliding records, TTLs, separate data zones. "
        "Exit status: 0 no drift, 1 findings, 2 invalid input."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_document_argument(parser, "drift")
        parser.add_argument(
            "--format",
            default="text",
            choices=("text", "json", "script"),
            help="text: one paragraph per finding with its fix; json: as POST /api/v1/drift; "
            "script: every fix as one bash script (it stops at the first failure and can be "
            "run again)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = drift(document_or_collected(options, read_drift))
        render = {"json": drift_json, "script": drift_script}.get(options["format"], drift_text)
        self.stdout.write(render(result), ending="")
        if not result.clean:
            sys.exit(DOES_NOT_FIT)
