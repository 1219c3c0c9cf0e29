"""Run the real Azure CLI's argument parser on many az command lines in one process.

Runs inside the azure-cli virtualenv (.venv-az), not the project's. Reads a JSON list of
argument lists (each starting with "az") on stdin and prints a JSON list of verdicts, one per
command, in order:

- "parsed": az accepted the arguments and went on to the point where it needs Azure: it asked
  for a login ("Please run 'az login'"), or tried to open a network connection; or, for a
  local command (`az extension show`), ran to its end without an error.
- "rejected": az's parser or an argument validator refused the command (an argparse error
  such as "unrecognized arguments", "the following arguments are required",
  "invalid choice"); the message is az's.
- "failed": anything else that stopped the command before it needed Azure; the message
  says what.

No network is used: every socket connection and name lookup fails at once, and is recorded
as the point the command reached. Each command runs through `cli.invoke` as `az` would run
it: the command table, the argument parser, the argument validators, then the command's own
code up to its first call for an account or a connection. Extensions (`az graph`) are loaded
from packages pip installed into this virtualenv, never from the extension index.
"""

from __future__ import annotations

import io
import json
import os
import socket
import sys
import sysconfig
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

LOGIN = "Please run 'az login'"  # azure.cli.core._profile, when no account is logged in


class NetworkBlocked(OSError):
    """Raised instead of any connection: this harness never reaches the network."""


def block_network(reached: list[str]) -> None:
    """Every name lookup and connection fails at once, and says where it was going."""

    def refused(where: object) -> NetworkBlocked:
        reached.append(f"network ({where})")
        return NetworkBlocked(f"no network in the parse harness ({where})")

    def lookup(host: object, *args: Any, **kwargs: Any) -> Any:
        raise refused(host)

    def connect(address: object, *args: Any, **kwargs: Any) -> Any:
        raise refused(address)

    def socket_connect(self: socket.socket, address: object) -> Any:
        raise refused(address)

    socket.getaddrinfo = lookup
    socket.create_connection = connect
    socket.socket.connect = socket_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = socket_connect  # type: ignore[method-assign]


# Extensions the printed commands need, as pip installed them from the lock file: the
# extension's name (its folder), its module and its distribution's name.
EXTENSIONS = (("resource-graph", "azext_resourcegraph", "resource_graph"),)


def extensions(folder: Path) -> str:
    """An extension folder laid out as `az extension add` lays it out (one folder per
    extension with its module and its dist-info), linking the packages pip installed here."""
    site = Path(sysconfig.get_path("purelib"))
    for name, module, distribution in EXTENSIONS:
        (place := folder / name).mkdir(parents=True)
        for found in [site / module, *site.glob(f"{distribution}-*.dist-info")]:
            (place / found.name).symlink_to(found)
    return str(folder)


def quiet_environment() -> None:
    """A fresh, empty configuration: no login, no telemetry, no extension installs."""
    config = tempfile.mkdtemp(prefix="az-parse-", dir=os.environ["HOME"])  # removed with it
    os.environ["AZURE_CONFIG_DIR"] = config
    os.environ["AZURE_EXTENSION_DIR"] = extensions(Path(config) / "cliextensions")
    os.environ["AZURE_CORE_COLLECT_TELEMETRY"] = "false"
    os.environ["AZURE_CORE_NO_COLOR"] = "true"
    os.environ["AZURE_CORE_SURVEY_MESSAGE"] = "false"
    os.environ["AZURE_EXTENSION_USE_DYNAMIC_INSTALL"] = "no"
    os.environ["AZURE_CORE_ONLY_SHOW_ERRORS"] = "true"


def main() -> None:
    commands = json.load(sys.stdin)
    answer = sys.stdout  # az prints on stdout too: only the verdicts go here
    quiet_environment()
    reached: list[str] = []
    block_network(reached)

    from azure.cli.core import azclierror, get_default_cli

    argument_errors = (
        azclierror.ArgumentUsageError,
        azclierror.InvalidArgumentValueError,
        azclierror.MutuallyExclusiveArgumentError,
        azclierror.RequiredArgumentMissingError,
        azclierror.UnrecognizedArgumentError,
        azclierror.ValidationError,
    )
    printed: list[str] = []  # what the parser printed before it stopped

    def record_error(self: azclierror.AzCLIError) -> None:
        printed.append(self.error_msg)

    azclierror.AzCLIError.print_error = record_error  # type: ignore[method-assign]
    raised: list[BaseException] = []

    def record_exception(error: BaseException) -> int:
        raised.append(error)
        return 1

    cli = get_default_cli()
    cli.exception_handler = record_exception
    verdicts = []
    for argv in commands:
        printed.clear()
        reached.clear()
        raised.clear()
        exit_code: Any = None
        output = io.StringIO()
        with redirect_stdout(output), redirect_stderr(output):
            try:
                exit_code = cli.invoke(argv[1:], out_file=output)
            except SystemExit as stop:
                exit_code = stop.code
        message = "; ".join(printed + [f"{type(e).__name__}: {e}" for e in raised])
        if exit_code == 2 or any(isinstance(e, argument_errors) for e in raised):
            verdicts.append({"verdict": "rejected", "message": message or output.getvalue()})
        elif any(str(e).startswith(LOGIN) for e in raised):
            verdicts.append({"verdict": "parsed", "reached": "login", "message": message})
        elif reached:
            verdicts.append({"verdict": "parsed", "reached": reached[0], "message": message})
        elif exit_code == 0 and not raised and not printed:
            # A local command (`az extension show`) that needs no login and ran to its end.
            verdicts.append({"verdict": "parsed", "reached": "completed", "message": ""})
        else:
            why = message or output.getvalue().strip() or f"exit code {exit_code}"
            verdicts.append({"verdict": "failed", "message": why})
    json.dump(verdicts, answer)


if __name__ == "__main__":
    main()
