"""`manage.py plan`: the same plan as the API, from the command line."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from planner.core import Cloud, SizingRequest, inputs, plan, size
from planner.core.renderers import EXPORTS, sizing_json
from planner.forms import PlanForm


def option(field: str) -> str:
    """The command-line option of a PlanForm field: in_use -> --in-use."""
    return "--" + field.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Plans the private endpoint addresses and DNS records of an Azure Container Registry. "
        "Bad input exits with status 2 and the problems on stderr."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--registry", default="", help=f"registry name: {inputs.REGISTRY_RULE}")
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
        parser.add_argument(
            "--cloud", default=Cloud.PUBLIC.value, help=", ".join(cloud.value for cloud in Cloud)
        )
        parser.add_argument(
            "--format",
            default="json",
            choices=list(EXPORTS),
            help="output format: the same text as GET /api/v1/plan/<format>",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fields = {field: options[field] for field in PlanForm.base_fields}
        fields["in_use"] = ",".join(options["in_use"])  # repeated and comma-separated alike
        form = PlanForm(fields)
        if not form.is_valid():
            problems = [
                f"{option(field)}: {message}"
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
            self.stdout.write(sizing_json(size(request)), ending="")
            return
        result = plan(request)
        if export.name != "json" and not result.fits:
            raise CommandError(result.sizing.warnings[0], returncode=1)
        self.stdout.write(export.render(result), ending="")
