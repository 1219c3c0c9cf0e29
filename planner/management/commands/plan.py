"""`manage.py plan`: the same plan as the API, from the command line."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from planner.core import SizingRequest, plan, size
from planner.core.renderers import EXPORTS, sizing_document
from planner.forms import PlanForm

OPTION_OF_FIELD = {
    "registry": "--registry",
    "cloud": "--cloud",
    "regions": "--regions",
    "replica_count": "--replica-count",
    "regional_endpoints": "--regional-endpoints",
    "subnet": "--subnet",
    "in_use": "--in-use",
}


class Command(BaseCommand):
    help = (
        "Plans the private endpoint addresses and DNS records of an Azure Container Registry. "
        "Bad input exits with status 2 and the problems on stderr."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--registry", default="", help="registry name, 5-50 letters and digits")
        parser.add_argument(
            "--regions", default="", help="replica regions, comma-separated, home region first"
        )
        parser.add_argument(
            "--replica-count",
            default="",
            help="sizing without region names (or a check on --regions)",
        )
        parser.add_argument(
            "--regional-endpoints", action="store_true", help="regional endpoints are enabled"
        )
        parser.add_argument("--subnet", default="", help="the subnet's IPv4 CIDR, e.g. 10.0.1.0/28")
        parser.add_argument(
            "--in-use",
            action="append",
            default=[],
            help="addresses already taken: addresses, a-b ranges, CIDRs (repeat or comma-separate)",
        )
        parser.add_argument("--cloud", default="public", help="public, usgov or china")
        parser.add_argument(
            "--format",
            default="json",
            choices=list(EXPORTS),
            help="output format: the same text as GET /api/v1/plan/<format>",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        form = PlanForm(
            data={
                "registry": options["registry"],
                "cloud": options["cloud"],
                "regions": options["regions"],
                "replica_count": options["replica_count"],
                "regional_endpoints": options["regional_endpoints"],
                "subnet": options["subnet"],
                "in_use": options["in_use"],
            }
        )
        if not form.is_valid():
            problems = [
                f"{OPTION_OF_FIELD.get(field, field)}: {message}"
                for field, messages in form.errors.items()
                for message in messages
            ]
            raise CommandError("invalid input\n" + "\n".join(problems), returncode=2)
        request = form.to_request()
        export = EXPORTS[options["format"]]
        if isinstance(request, SizingRequest):
            if export.name != "json":
                raise CommandError(
                    f"--format {export.name} needs --regions (and --registry).", returncode=2
                )
            self.stdout.write(json.dumps(sizing_document(size(request)), indent=2))
            return
        result = plan(request)
        if export.name != "json" and not result.fits:
            raise CommandError(result.sizing.warnings[0], returncode=1)
        self.stdout.write(export.render(result), ending="")
