"""The az commands in a printed text, as bash would run them, and the real Azure CLI's verdict
on each (tests/azcli/parse.py, run in the azure-cli virtualenv .venv-az).

A command is read as a person would copy it: backslash continuations joined, comments left
out. Shell variables ("$RESOURCE_GROUP", "${SUBNET_ID%/subnets/*}") and command
substitutions ("$(az ... --query id --output tsv)") are expanded by bash itself, with a fixed
stand-in value for each variable and a resource id for each substitution; an az command inside
a substitution is parsed too. The Bicep file's deploy comments name placeholders
(`<resource-group>`), which get stand-ins of the same kind.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
AZ_PYTHON = ROOT / ".venv-az" / "bin" / "python"
PARSE = Path(__file__).resolve().parent / "parse.py"

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GROUP = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-standin"
SUBNET_ID = f"{GROUP}/providers/Microsoft.Network/virtualNetworks/vnet-standin/subnets/snet-standin"
REGISTRY_ID = f"{GROUP}/providers/Microsoft.ContainerRegistry/registries/contoso"
# What a `$(az ... --query id --output tsv)` prints: a resource id (the printed ones ask for a
# private DNS zone's).
SUBSTITUTED_ID = f"{GROUP}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"

VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
PLACEHOLDER = re.compile(r"<([a-z][a-z0-9-]*)>")


class NoStandIn(Exception):
    """A printed command names a variable or placeholder this harness has no value for."""


def variable_stand_in(name: str) -> str:
    """A fixed value of the kind the variable's name says (an endpoint's label may follow:
    SUBNET_ID_PE_HUB, ZONE_RESOURCE_GROUP_SPOKES)."""
    if name == "SUBSCRIPTION_ID":
        return SUBSCRIPTION
    if name == "REGISTRY_ID":
        return REGISTRY_ID
    if name.startswith("SUBNET_ID"):
        return SUBNET_ID
    if name.startswith("LOCATION"):
        return "eastus"
    if "RESOURCE_GROUP" in name:
        return "-rg-standin"  # a valid name az would read as an option unless after "="
    if name == "LINK_NAME":
        return "link-standin"
    if name == "address":  # what a runbook read from an endpoint: an address
        return "10.0.1.8"
    if name == "CONNECTION_NAME":
        return "connection-standin"
    raise NoStandIn(f"no stand-in value for the variable ${name}: add one in {__name__}")


def placeholder_stand_in(name: str) -> str:
    """`<subnet-resource-id>`, `<resource-group>`, `<zone-group-hub>`, `<object>`."""
    if name == "subnet-resource-id":
        return SUBNET_ID
    if name == "registry-resource-id":
        return REGISTRY_ID
    if name == "resource-group" or name.startswith("zone-group-"):
        return "-rg-standin"
    if name == "object":
        return "'{}'"  # a Bicep object parameter, keyed by endpoint name
    raise NoStandIn(f"no stand-in value for the placeholder <{name}>: add one in {__name__}")


@dataclass(frozen=True)
class Printed:
    """One az command as the tool prints it, and where."""

    source: str
    text: str


def logical_lines(text: str) -> list[str]:
    """Lines with their backslash continuations joined, as bash reads them."""
    lines: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        lines.append(pending + line)
        pending = ""
    if pending:
        lines.append(pending)
    return lines


GUARD = re.compile(r"^(?:if !? ?present |present )(az .*?)(?:; then)?$")


def script_commands(text: str) -> list[str]:
    """The az commands of a bash text (an export, a runbook, a README block): every logical
    line that starts with `az ` (or `$ az `, a console prompt), the az command a guard runs
    (`if ! present az ...; then`), and each `$(az ...)` substitution inside a line (a query
    of what is there); comments are left out."""
    commands = []
    for line in logical_lines(text):
        stripped = line.strip().removeprefix("$ ")
        if stripped.startswith("#"):
            continue
        if stripped.startswith("az "):
            commands.append(stripped)
        elif guard := GUARD.match(stripped):
            commands.append(guard.group(1))
        commands += substitutions(stripped)
    return commands


def substitutions(line: str) -> list[str]:
    """The az commands inside `$( ... )` in a line that is not itself an az command (those
    are parsed whole): each up to its closing parenthesis, quotes respected."""
    if line.startswith("az "):
        return []
    found = []
    line = line.replace("$(shown az ", "$(az ")  # the scripts' function that runs az's show
    start = line.find("$(az ")
    while start >= 0:
        depth, quote, end = 1, "", start + 2
        while end < len(line) and depth:
            character = line[end]
            if quote:
                quote = "" if character == quote else quote
            elif character in "'\"":
                quote = character
            elif character == "(":
                depth += 1
            elif character == ")":
                depth -= 1
            end += 1
        found.append(line[start + 2 : end - 1])
        start = line.find("$(az ", end)
    return found


def bicep_commands(text: str) -> list[str]:
    """The az commands in a Bicep file's `//` comments: a comment that starts with `az `
    (after `Deploy:`) and the indented `--option` comment lines that continue it."""
    commands: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        body = line.strip()
        body = body[2:].strip() if body.startswith("//") else ""
        body = body.removeprefix("Deploy:").strip()
        if body.startswith("az "):
            if current:
                commands.append(" ".join(current))
            current = [body]
        elif current and body.startswith("--"):
            current.append(body)
        elif current:
            commands.append(" ".join(current))
            current = []
    if current:
        commands.append(" ".join(current))
    return commands


def readme_commands(markdown: str) -> list[str]:
    """The az commands in the README's fenced code blocks."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)
    return [command for block in blocks for command in script_commands(block)]


def with_placeholders(command: str) -> str:
    """A Bicep comment's placeholders replaced by stand-ins."""
    return PLACEHOLDER.sub(lambda match: placeholder_stand_in(match.group(1)), command)


# bash runs each command with `az` as a function that records its arguments (NUL-separated:
# \x01 and the command's number before each command, \x02 before each az call) and, inside a
# command substitution, prints a resource id.
RECORDER = """
set -u
az() {
  printf '\\2\\0' >> "$AZ_CALLS"
  printf '%s\\0' az "$@" >> "$AZ_CALLS"
  if [ "$BASH_SUBSHELL" -gt 0 ]; then printf '%s\\n' "$SUBSTITUTED_ID"; fi
}
"""


def expand(commands: list[str], folder: Path) -> list[list[list[str]]]:
    """Each command's az calls as bash makes them (an inner substitution's first)."""
    names = sorted({name for c in commands for name in VARIABLE.findall(c)})
    calls = folder / "calls"
    environment = {
        "PATH": "/usr/bin:/bin",
        "AZ_CALLS": str(calls),
        "SUBSTITUTED_ID": SUBSTITUTED_ID,
        **{name: variable_stand_in(name) for name in names},
    }
    script = RECORDER + "".join(
        f"printf '\\1%s\\0' {number} >> \"$AZ_CALLS\"\n{command}\n"
        for number, command in enumerate(commands)
    )
    ran = subprocess.run(
        ["bash", "-s"],
        input=script,
        capture_output=True,
        text=True,
        cwd=folder,  # where a README example's `> file` lands
        env=environment,
        check=False,
    )
    assert ran.returncode == 0, f"bash could not expand the commands: {ran.stderr}"
    expanded: list[list[list[str]]] = [[] for _ in commands]
    number = -1
    for field in calls.read_text().split("\0")[:-1]:
        if field.startswith("\1"):
            number = int(field[1:])
        elif field == "\2":
            expanded[number].append([])
        else:
            expanded[number][-1].append(field)
    return expanded


@dataclass(frozen=True)
class Verdict:
    printed: Printed
    argv: tuple[str, ...]
    verdict: str  # parsed, rejected or failed
    reached: str  # for parsed: login or network
    message: str

    def __str__(self) -> str:
        return (
            f"[{self.printed.source}] {self.printed.text}\n    az: {self.verdict}: {self.message}"
        )


def parse(argvs: list[list[str]]) -> list[dict[str, Any]]:
    """The real Azure CLI's verdict on each argument list, in one process, in an empty
    folder with an empty home (never the user's own ~/.azure)."""
    with tempfile.TemporaryDirectory(prefix="az-home-") as home:
        ran = subprocess.run(
            [str(AZ_PYTHON), str(PARSE)],
            input=json.dumps(argvs),
            capture_output=True,
            text=True,
            cwd=home,
            env={"PATH": "/usr/bin:/bin", "HOME": home},
            check=False,
        )
    assert ran.returncode == 0, f"the parse harness failed: {ran.stderr[-3000:]}"
    verdicts: list[dict[str, Any]] = json.loads(ran.stdout)
    return verdicts


def judge(printed: list[Printed]) -> list[Verdict]:
    """Every printed command (and every az call inside it) judged by the real parser."""
    with tempfile.TemporaryDirectory(prefix="az-commands-") as folder:
        texts = [with_placeholders(p.text) for p in printed]
        expanded = expand(texts, Path(folder))
    calls = [(p, argv) for p, argvs in zip(printed, expanded, strict=True) for argv in argvs]
    for p, argvs in zip(printed, expanded, strict=True):
        assert argvs, f"bash ran no az call for [{p.source}] {p.text}"
    distinct = list(dict.fromkeys(tuple(argv) for _, argv in calls))  # many repeat
    answers = dict(zip(distinct, parse([list(argv) for argv in distinct]), strict=True))
    return [
        Verdict(p, argv, a["verdict"], a.get("reached", ""), a["message"])
        for p, argv, a in ((p, tuple(argv), answers[tuple(argv)]) for p, argv in calls)
    ]
