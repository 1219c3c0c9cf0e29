"""`manage.py plan`: the same plan as the API, from the command line; `--estate` for every
private endpoint of a registry at once."""

from __future__ import annotations

import os
import sys
import tempfile
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from planner.core.draft import drafted
from planner.core.estate import Estate, estate
from planner.core.renderers import EXPORTS, Export, UnknownPart, bundle_files, plan_exports
from planner.core.renderers.documents import sizing_json
from planner.core.renderers.unavailable import AddressesUnknown, FieldRefused
from planner.forms import DraftForm, ListField, StrictBooleanField
from planner.forms.estate import DocumentInvalid, load_document, read_estate

INVALID, DOES_NOT_FIT = 2, 1  # exit statuses a pipeline can gate on


def option(field: str) -> str:
    """The command-line option of a form field: in_use -> --in-use."""
    return "--" + field.replace("_", "-")


class Command(BaseCommand):
    requires_system_checks = ()  # no models or files: nothing for the checks to see
    help = (
        "Plans the private endpoint addresses and DNS records of an Azure Container Registry; "
        "with a replica count and no regions, sizes the subnet; with --estate, plans every "
        "private endpoint of the registry. Exit status, for every format: 0 the plan fits; 1 it "
        "does not fit (the JSON is printed all the same; another format cannot be made of it "
        "and the verdict goes to stderr); 2 invalid input, or an export the options rule out "
        "(the problems on stderr). An estate's what-if is information: it changes the status "
        "only with --fail-on-what-if."
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
            choices=sorted(set(EXPORTS) - {"bundle"}),
            help="output format: the same text as GET /api/v1/plan/<format> "
            "(with --estate: POST /api/v1/estate/<format>)",
        )
        parser.add_argument(
            "--estate",
            metavar="FILE",
            help="an estate document (JSON, as POST /api/v1/estate takes it); - reads stdin",
        )
        parser.add_argument("--scope", help="with --estate --format zone: the zone scope")
        parser.add_argument("--endpoint", help="with --estate --format hosts: the endpoint")
        parser.add_argument(
            "--bundle",
            metavar="DIR",
            help="with --estate: write every file of the estate into DIR",
        )
        parser.add_argument(
            "--fail-on-what-if",
            action="store_true",
            help="with --estate: exit 1 when the estate fits but its what-if does not (by "
            "default a what-if is information and the status is the estate's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["estate"]:
            self.handle_estate(options)
            return
        if any(options[name] for name in ESTATE_OPTIONS):
            raise CommandError(
                f"{', '.join(map(option, ESTATE_OPTIONS))} go with --estate.", returncode=INVALID
            )
        export = plan_exports().get(options["format"])
        if export is None:
            raise CommandError(
                f"--format {options['format']} goes with --estate.", returncode=INVALID
            )
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
            raise CommandError("invalid input\n" + "\n".join(problems), returncode=INVALID)
        result = drafted(form.to_request())
        if result.estate is not None:
            self.write_or_refuse(export, result.estate, None)
        elif export.name == "json":
            self.stdout.write(sizing_json(result.sizing), ending="")
        else:
            raise CommandError(
                f"--format {export.name} needs --regions (and --registry).", returncode=INVALID
            )
        exit_with(result.fits)

    def write_or_refuse(self, export: Export, result: Estate, part: str | None) -> None:
        """The export's text on stdout; of a plan or an estate that does not fit, only the JSON
        (the other formats need every address: the verdict goes to stderr, status 1)."""
        if export.name != "json" and not result.fits:
            raise CommandError(result.verdict, returncode=DOES_NOT_FIT)
        self.write(export, result, part)

    def write(self, export: Export, result: Estate, part: str | None) -> None:
        """The export's text on stdout, or why it cannot be made (exit status INVALID)."""
        try:
            self.stdout.write(str(export.render(result, part)), ending="")
        except UnknownPart as problem:
            raise CommandError(f"--{export.part}: {problem}", returncode=INVALID) from None
        except (AddressesUnknown, FieldRefused) as refusal:
            raise ruled_out(refusal) from None

    def handle_estate(self, options: dict[str, Any]) -> None:
        given = [
            option(name) for name in DraftForm.base_fields if options[name] not in ("", [], False)
        ]
        if given:
            raise CommandError(
                f"--estate takes the registry from its document; leave out {', '.join(given)}.",
                returncode=INVALID,
            )
        result = self.read(options["estate"])
        if options["bundle"]:
            if not result.fits:
                raise CommandError(result.verdict, returncode=DOES_NOT_FIT)
            try:
                written = write_bundle(result, Path(options["bundle"]))
            except FieldRefused as refusal:
                raise ruled_out(refusal) from None
            for name in written:
                self.stderr.write(f"wrote {name}")
        else:
            export = EXPORTS[options["format"]]  # argparse's choices: every export
            self.write_or_refuse(export, result, options[export.part] if export.part else None)
        what_if_fits = result.what_if is None or result.what_if.fits
        exit_with(result.fits and (what_if_fits or not options["fail_on_what_if"]))

    def read(self, source: str) -> Estate:
        return estate(read_document(source, read_estate, "estate", "--estate: "))


ESTATE_OPTIONS = ("bundle", "scope", "endpoint", "fail_on_what_if")


def exit_with(fits: bool) -> None:
    """The status a pipeline gates on, once the answer is printed: 1 when it does not fit."""
    if not fits:
        sys.exit(DOES_NOT_FIT)


T = TypeVar("T")


def read_document(
    source: str, reader: Callable[[Any], T], what: str = "document", option: str = ""
) -> T:
    """The JSON document in the file `source` (- for stdin), read by `reader`; its problems
    listed by place, exit status INVALID."""
    limit: int = settings.PLANNER_MAX_BODY_BYTES
    try:
        raw = sys.stdin.buffer.read(limit + 1) if source == "-" else read_capped(source, limit)
    except OSError as error:
        raise CommandError(f"{option}{error.strerror}: {source}", returncode=INVALID) from None
    try:
        return reader(load_document(raw, limit))
    except DocumentInvalid as problem:
        raise invalid_document(problem, what) from None


def invalid_document(problem: DocumentInvalid, what: str = "document") -> CommandError:
    """A document's problems listed by place, exit status INVALID."""
    lines = [
        f"{place or '(document)'}: {message}"
        for place, messages in problem.errors.items()
        for message in messages
    ]
    return CommandError(f"invalid {what}\n" + "\n".join(lines), returncode=INVALID)


def ruled_out(refusal: AddressesUnknown | FieldRefused) -> CommandError:
    """An export the options rule out: the reason, on the option it is about."""
    where = ""
    if isinstance(refusal, FieldRefused):
        where = (
            f"{refusal.field}: " if refusal.field.startswith("/") else f"{option(refusal.field)}: "
        )
    return CommandError(f"{where}{refusal}", returncode=INVALID)


def read_capped(path: str, limit: int) -> bytes:
    with open(path, "rb") as file:
        return file.read(limit + 1)


def write_bundle(result: Estate, directory: Path) -> list[str]:
    """Every file of the estate into `directory`; each appears whole or not at all."""
    written = []
    for name, text in bundle_files(result).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, delete=False, encoding="utf-8"
        ) as temporary:
            temporary.write(text)
        os.replace(temporary.name, path)
        written.append(str(path))
    return written
