"""`manage.py plan`: the same plan as the API, from the command line."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from planner.core import plan, size
from planner.core.renderers import EXPORTS, sizing_json
from planner.forms import DraftForm, ListField, StrictBooleanField


def option(field: str) -> str:
    """The command-line option of a form field: in_use -> --in-use."""
    return "--" + field.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Plans the private endpoint addresses and DNS records of an Azure Container Registry; "
        "with a replica count and no regions, sizes the subnet. Bad input exits with status 2 "
        "and the problems on stderr."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        """One option per field of the form, with the field's own help text."""
        for name, field in DraftForm.base_fields.items():
            help_text = str(field.help_text)
            if isinstance(field, StrictBooleanField):
                parser.add_argument(option(name), action="store_true", help=help_text)
            elif isinstance(field, ListField):  # repeated and comma-separated alike
                parser.add_argument(option(name), action="append", default=[], help=help_text)
            else:
                parser.add_argument(option(name), default="", help=help_text)
        parser.add_argument(
            "--format",
            default="json",
            choices=list(EXPORTS),
            help="output format: the same text as GET /api/v1/plan/<format>",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fields = {
            name: ",".join(value) if isinstance(value, list) else value
            for name in DraftForm.base_fields
            if (value := options[name]) not in ("", [], False)
        }
        form = DraftForm(fields)
        if not form.is_valid():
            problems = [
                f"{option(field)}: {message}"
                for field, messages in form.errors.items()
                for message in messages
            ]
            raise CommandError("invalid input\n" + "\n".join(problems), returncode=2)
        draft = form.to_request()
        export = EXPORTS[options["format"]]
        if draft.plan_request is None:
            if export.name != "json":
                raise CommandError(
                    f"--format {export.name} needs --regions (and --registry).", returncode=2
                )
            self.stdout.write(sizing_json(size(draft.sizing)), ending="")
            return
        result = plan(draft.plan_request)
        if export.name != "json" and not result.fits:
            raise CommandError(result.verdict, returncode=1)
        self.stdout.write(export.render(result), ending="")
