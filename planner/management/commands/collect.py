"""`manage.py collect`: a registry's deployed estate read through the logged-in Azure CLI
(read-only), written as the day-two document that `change` and `drift` take, or with
`--estate` as the estate document that `plan --estate` takes. Exit status: 0 written, 2 when
it cannot be collected (the reason on stderr)."""

from __future__ import annotations

import json
import os
import tempfile
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError

from planner.collect import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT,
    MAX_CONCURRENCY,
    Az,
    CollectError,
    collect,
)
from planner.core.addresses import InvalidInput
from planner.core.collected import (
    Collected,
    allocation_differences,
    collected_estate,
    day_two_document,
)
from planner.core.deployed.places import Unreadable, described
from planner.core.estate import estate
from planner.core.inputs import parse_registry
from planner.forms.estate import DocumentInvalid, read_estate
from planner.management.commands.plan import INVALID, invalid_document

T = TypeVar("T")


def add_collect_arguments(parser: ArgumentParser, required: bool) -> None:
    """The options that name what to collect, and how."""
    parser.add_argument(
        "--registry",
        required=required,
        help="the registry's name: read what is deployed through the logged-in az (read-only)",
    )
    parser.add_argument(
        "--subscription",
        default="",
        help="the registry's subscription (name or id); by default az's current one",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds each az call may take (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"az calls at once (1 to {MAX_CONCURRENCY}, default {DEFAULT_CONCURRENCY})",
    )


def collected(options: dict[str, Any], stderr: Any = None) -> Collected:
    """What az prints for the registry; its notes on `stderr` when given (else the answer
    says them). CommandError (exit 2) when it cannot be collected."""
    try:
        registry = parse_registry(options["registry"])
    except InvalidInput as problem:
        raise CommandError(f"--registry: {problem}", returncode=INVALID) from None
    subscription = options["subscription"].strip()
    if subscription.startswith("-") or len(subscription) > 128:
        raise CommandError("--subscription: give its name or id.", returncode=INVALID)
    if not 0 < options["timeout"] <= 3600:
        raise CommandError("--timeout: give 1 to 3600 seconds.", returncode=INVALID)
    if not 1 <= options["concurrency"] <= MAX_CONCURRENCY:
        raise CommandError(f"--concurrency: give 1 to {MAX_CONCURRENCY}.", returncode=INVALID)
    try:
        az = Az(options["timeout"], options["concurrency"])
        result = collect(registry, az, subscription)
    except CollectError as problem:
        raise CommandError(str(problem), returncode=INVALID) from None
    for note in result.notes if stderr is not None else ():
        stderr.write(f"Note: {note}")
    return result


def checked(document: dict[str, Any], reader: Callable[[Any], T], what: str) -> T:
    """A collected document read as a file of it would be."""
    try:
        return reader(document)
    except DocumentInvalid as problem:
        raise invalid_document(problem, what) from None


class Command(BaseCommand):
    requires_system_checks = ()
    help = (
        "Reads a registry's deployed private endpoints, their DNS zone groups, the zones' "
        "records and the subnets' addresses through the logged-in Azure CLI (read-only), and "
        "writes the document drift and change take (with --estate: the estate document). "
        "Exit status: 0 written, 2 when it cannot be collected."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_collect_arguments(parser, required=True)
        parser.add_argument(
            "--estate",
            action="store_true",
            help="write the estate document (plan --estate) instead of the day-two one",
        )
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        result = collected(options, self.stderr)
        try:
            document = self.estate(result) if options["estate"] else day_two_document(result)
        except Unreadable as error:
            raise CommandError(
                f"What az printed cannot be read: {described(error)}", returncode=INVALID
            ) from None
        text = json.dumps(document, indent=1) + "\n"
        if options["output"]:
            write(Path(options["output"]), text)
            self.stderr.write(f"wrote {options['output']}")
        else:
            self.stdout.write(text, ending="")

    def estate(self, result: Collected) -> dict[str, Any]:
        """The estate document, planned once here so that its notes say where the plan's
        addresses differ from the deployed ones."""
        written = collected_estate(result)
        notes = list(written.notes)
        try:
            planned = estate(read_estate(written.document))
        except DocumentInvalid as problem:
            notes += [f"{place}: {' '.join(m)}" for place, m in problem.errors.items()]
        else:
            notes += allocation_differences(planned, written.deployed)
        for note in notes[len(result.notes) :]:
            self.stderr.write(f"Note: {note}")
        return written.document


def write(path: Path, text: str) -> None:
    """The file whole or not at all."""
    try:
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, delete=False, encoding="utf-8"
        ) as temporary:
            temporary.write(text)
        os.replace(temporary.name, path)
    except OSError as error:
        raise CommandError(f"--output: {error.strerror}: {path}", returncode=INVALID) from None
