"""`manage.py change`: a change planned against what is deployed (the document POST
/api/v1/change takes). Exit status: 0 fits, 1 does not fit, 2 invalid input."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from planner.core.change import change
from planner.core.renderers.day_two import change_json, change_runbook, endpoint_verify
from planner.day_two_forms import read_change
from planner.management.commands.plan import DOES_NOT_FIT, INVALID, read_document


def add_document_argument(parser: ArgumentParser, endpoint: str) -> None:
    parser.add_argument(
        "document",
        metavar="FILE",
        help=f"the document POST /api/v1/{endpoint} takes (JSON); - reads stdin",
    )


class Command(BaseCommand):
    requires_system_checks = ()
    help = (
        "Plans a change to a registry (replicas, regional endpoints) against its deployed "
        "private endpoints: members kept, added and removed, the runbook, the DNS changes. "
        "Exit status: 0 fits, 1 does not fit, 2 invalid input."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_document_argument(parser, "change")
        parser.add_argument(
            "--format",
            default="json",
            choices=("json", "runbook", "verify"),
            help="json: as POST /api/v1/change answers; runbook: the ordered steps as commands; "
            "verify: the bash check of one endpoint after the change (--endpoint)",
        )
        parser.add_argument("--endpoint", help="with --format verify: the endpoint's name")

    def handle(self, *args: Any, **options: Any) -> None:
        result = change(read_document(options["document"], read_change))
        names = [endpoint.name for endpoint in result.endpoints]
        if options["endpoint"] and options["endpoint"] not in names:
            raise CommandError(
                f"--endpoint: no endpoint {options['endpoint']!r}; name one of {', '.join(names)}.",
                returncode=INVALID,
            )
        if options["format"] == "verify":
            text = endpoint_verify(result, options["endpoint"])
        elif options["format"] == "runbook":
            text = change_runbook(result)
        else:
            text = change_json(result)
        self.stdout.write(text, ending="")
        if not result.fits:
            sys.exit(DOES_NOT_FIT)
