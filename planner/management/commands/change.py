"""`manage.py change`: a change planned against what is deployed (the document POST
/api/v1/change takes). Exit status: 0 fits, 1 does not fit, 2 invalid input."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from planner.core.change import change
from planner.core.renderers.day_two import change_json, change_runbook, endpoint_verify
from planner.day_two_forms import read_change
from planner.estate_forms import EstateInvalid, load_document
from planner.management.commands.plan import DOES_NOT_FIT, INVALID, read_capped

T = TypeVar("T")


def read_document(source: str, reader: Callable[[Any], T]) -> T:
    """The document in the file `source` (- for stdin), read by `reader`; problems by place."""
    limit: int = settings.PLANNER_MAX_BODY_BYTES
    try:
        raw = sys.stdin.buffer.read(limit + 1) if source == "-" else read_capped(source, limit)
    except OSError as error:
        raise CommandError(f"{error.strerror}: {source}", returncode=INVALID) from None
    try:
        return reader(load_document(raw, limit))
    except EstateInvalid as problem:
        lines = [
            f"{place or '(document)'}: {message}"
            for place, messages in problem.errors.items()
            for message in messages
        ]
        raise CommandError("invalid document\n" + "\n".join(lines), returncode=INVALID) from None


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
