"""`manage.py change`: a change planned against what is deployed (the document POST
/api/v1/change takes, from a file or collected with --registry). Exit status: 0 fits, 1 does
not fit, 2 invalid input."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError

from planner.core.change.decide import change
from planner.core.change.values import Change
from planner.core.collected import day_two_document
from planner.core.renderers.day_two import change_json, change_runbook, endpoint_verify
from planner.forms.day_two_document import read_change
from planner.management.commands.collect import add_collect_arguments, checked, collected
from planner.management.commands.plan import DOES_NOT_FIT, INVALID, read_document

T = TypeVar("T")


def add_document_argument(parser: ArgumentParser, endpoint: str) -> None:
    parser.add_argument(
        "document",
        metavar="FILE",
        nargs="?",
        help=f"the document POST /api/v1/{endpoint} takes (JSON); - reads stdin; or collect "
        "it with --registry",
    )
    add_collect_arguments(parser, required=False)


def document_or_collected(options: dict[str, Any], reader: Callable[[Any], T], **wanted: Any) -> T:
    """The document FILE, or the one collected for --registry (with `wanted` over what is
    deployed); what collecting left out is in the answer's notes."""
    if bool(options["document"]) == bool(options["registry"]):
        raise CommandError("Give a document FILE or --registry NAME.", returncode=INVALID)
    if options["document"]:
        return read_document(options["document"], reader)
    document = day_two_document(collected(options))
    if "regions" in wanted:
        document.pop("replications", None)
    return checked(document | wanted, reader, "collected document")


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
            choices=tuple(FORMATS),
            help="json: as POST /api/v1/change answers; runbook: the ordered steps as commands; "
            "verify: the bash check of one endpoint after the change (--endpoint)",
        )
        parser.add_argument("--endpoint", help="with --format verify: the endpoint's name")
        parser.add_argument(
            "--regions",
            action="append",
            default=[],
            help="with --registry: the regions as wanted (the home region first); repeated "
            "or comma-separated",
        )
        parser.add_argument(
            "--regional-endpoints",
            choices=("enabled", "disabled"),
            help="with --registry: regional endpoints as wanted; by default as they are",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = wanted_registry(options)
        request = document_or_collected(options, read_change, **wanted)
        result = change(request)
        names = [endpoint.name for endpoint in result.endpoints]
        if options["endpoint"] and options["endpoint"] not in names:
            raise CommandError(
                f"--endpoint: no endpoint {options['endpoint']!r}; name one of {', '.join(names)}.",
                returncode=INVALID,
            )
        text = FORMATS[options["format"]](result, options["endpoint"])
        self.stdout.write(text, ending="")
        if not result.fits:
            sys.exit(DOES_NOT_FIT)


FORMATS: dict[str, Callable[[Change, str | None], str]] = {
    "verify": endpoint_verify,
    "runbook": lambda result, _: change_runbook(result),
    "json": lambda result, _: change_json(result),
}


def wanted_registry(options: dict[str, Any]) -> dict[str, Any]:
    """The registry as wanted from --regions and --regional-endpoints, which go with
    --registry (a document FILE says them itself)."""
    wanted: dict[str, Any] = {}
    if options["regions"]:
        wanted["regions"] = [r for v in options["regions"] for r in v.split(",") if r.strip()]
    if options["regional_endpoints"]:
        wanted["regional_endpoints"] = options["regional_endpoints"] == "enabled"
    if wanted and not options["registry"]:
        raise CommandError(
            "--regions and --regional-endpoints go with --registry; a document FILE says "
            "them itself.",
            returncode=INVALID,
        )
    if options["registry"] and "regions" not in wanted:
        raise CommandError(
            "--regions: give the regions as wanted after the change.", returncode=INVALID
        )
    return wanted
