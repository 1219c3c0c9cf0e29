"""One quoting function per target language (planner/core/quoting.py), each read back by that
language's own reader where one runs here (bash, HashiCorp's HCL parser through pygohcl), by
a reader written from the language's documented rules where none does (Bicep, PowerShell),
and the renderers' files with hostile values in every place a value goes."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pygohcl
from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPNetwork

from planner.core import PlanRequest, Registry, Subnet, azure
from planner.core.estate import as_estate, estate
from planner.core.model import Deployment, DnsMode
from planner.core.quoting import bicep, hcl, one_line, powershell, printable, shell
from planner.core.renderers.bicep import bicep as bicep_file
from planner.core.renderers.terraform import terraform
from planner.core.renderers.verify import verify_bash_for, verify_powershell_for
from planner.core.services import Kind

# What each language would read as code in a string: interpolations, template directives,
# quotes of every kind, escapes, new lines, terminal escapes and bidirectional marks.
HOSTILE = [
    '${file("/etc/passwd")}',
    "$${x}",
    "%{ if true }x%{ endif }",
    "%%{x}",
    "'\"\\",
    "\\${x}",
    "a\nb\r\tc",
    "\u2018quoted\u2019 \u201aand\u201b",
    "$(touch marker)`touch marker`",
    "\x1b[2J\u202eevil\u202c\x00",
]
# Text of any kind: hypothesis's default excludes surrogates, which no file can hold.
TEXT = st.text(max_size=40)


def read_hcl(literal: str) -> str:
    return str(pygohcl.loads(f"value = {literal}\n")["value"])


def read_bicep(literal: str) -> str:
    """A Bicep string literal as Bicep reads it (data-types, "Strings"); an unescaped "${"
    would be an interpolation: refused here, as it would be code there."""
    assert literal[0] == literal[-1] == "'"
    body, out, at = literal[1:-1], [], 0
    escapes = {"\\": "\\", "'": "'", "n": "\n", "r": "\r", "t": "\t", "$": "$"}
    while at < len(body):
        character = body[at]
        assert character != "'", "an unescaped quote ends the string"
        if character == "\\":
            following = body[at + 1]
            if following == "u":
                end = body.index("}", at)
                out.append(chr(int(body[at + 3 : end], 16)))
                at = end + 1
                continue
            out.append(escapes[following])
            at += 2
            continue
        assert not body.startswith("${", at), "an interpolation"
        out.append(character)
        at += 1
    return "".join(out)


POWERSHELL_QUOTES = "'\u2018\u2019\u201a\u201b"


def read_powershell(literal: str) -> str:
    """A single-quoted PowerShell string as PowerShell reads it (about_Quoting_Rules): any
    of the quotes ends it unless doubled; nothing else is special."""
    assert literal[0] == literal[-1] == "'"
    body, out, at = literal[1:-1], [], 0
    while at < len(body):
        if body[at] in POWERSHELL_QUOTES:
            assert body[at + 1 : at + 2] == body[at], "an undoubled quote ends the string"
            at += 1
        out.append(body[at])
        at += 1
    return "".join(out)


@settings(max_examples=300)
@given(TEXT)
def test_hcl_reads_every_text_back_as_it_was(value: str) -> None:
    # HCL reads every string in Unicode's NFC form (its native syntax specification,
    # "Template Literals"): the value as HCL itself would hold it.
    assert read_hcl(hcl(value)) == unicodedata.normalize("NFC", value)


@given(TEXT)
def test_bicep_reads_every_text_back_as_it_was(value: str) -> None:
    assert read_bicep(bicep(value)) == value


@given(TEXT)
def test_powershell_reads_every_text_back_as_it_was(value: str) -> None:
    assert read_powershell(powershell(value)) == value


def test_each_hostile_value_is_read_back_intact() -> None:
    for value in HOSTILE:
        assert read_hcl(hcl(value)) == value
        assert read_bicep(bicep(value)) == value
        assert read_powershell(powershell(value)) == value


def test_the_readers_catch_what_is_not_quoted() -> None:
    """The checks can fail: a raw value is code in each language."""
    assert read_hcl('"${upper("x")}"') == 'upper("x")'  # HCL read an expression
    for reader, raw in ((read_bicep, "'${x}'"), (read_powershell, "'it's'")):
        try:
            reader(raw)
        except AssertionError:
            continue
        raise AssertionError(f"{raw} read as plain text")


def test_bash_reads_every_hostile_word_back_as_it_was(tmp_path: Path) -> None:
    words = [value.replace("\x00", "") for value in HOSTILE]  # no argument holds a NUL
    script = "printf '%s\\0' " + " ".join(shell(word) for word in words)
    ran = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, check=True)
    assert ran.stdout.decode().split("\0")[:-1] == words
    assert not (tmp_path / "marker").exists()


def test_comments_and_terminal_text_hold_no_control_or_bidi_character() -> None:
    text = "a\nb\r\x1b[2J\u202ec\u2028d\x85e"
    assert one_line(text) == "a b  [2J c d e"
    assert printable("x\ny\x1b\u202e") == "x\ny"


def group(value: str) -> str:
    """A resource group holding `value` (a resource id cannot hold a "/" in a name)."""
    return "rg" + value.replace("/", "")


def hostile_estate(value: str) -> object:
    """A plan whose registry name and existing zone's resource group hold `value`: the
    readers refuse such names, the core is given them here to show the renderers quote."""
    zone_id = azure.PRIVATE_DNS_ZONE_ID.format(
        subscription="00000000-0000-0000-0000-000000000000",
        resource_group=group(value),
        zone="privatelink.azurecr.io",
    )
    deployment = Deployment(dns=DnsMode.EXISTING_ZONE, zone_id=zone_id)
    registry = Registry(f"contoso{value}", ("eastus",), False)
    return estate(as_estate(PlanRequest(registry, Subnet(IPNetwork("10.0.1.0/28")), deployment)))


def test_terraform_holds_hostile_values_intact() -> None:
    for value in HOSTILE:
        parsed = pygohcl.loads(terraform(hostile_estate(value)))
        endpoint = parsed["resource"]["azurerm_private_endpoint"]["registry"]
        assert endpoint["private_service_connection"]["name"] == f"contoso{value}"
        records = parsed["resource"]["azurerm_private_dns_a_record"]
        assert {r["resource_group_name"] for r in records.values()} == {group(value)}
        assert {r["name"] for r in records.values()} >= {f"contoso{value}"}


BICEP_STRING = re.compile(r"'(?:[^'\\]|\\.)*'")


def test_bicep_holds_hostile_values_intact() -> None:
    for value in HOSTILE:
        code = [line for line in bicep_file(hostile_estate(value)).splitlines()
                if not line.lstrip().startswith("//")]  # fmt: skip
        text = "\n".join(code)
        strings = [read_bicep(literal) for literal in BICEP_STRING.findall(text)]
        assert f"contoso{value}" in strings  # the connection's name, as one string
        assert f"Resource id of the container registry contoso{value}." in strings


def test_the_check_scripts_hold_hostile_names_intact(tmp_path: Path) -> None:
    """verify.sh runs with a hostile name: it is checked as one name, and runs nothing."""
    name = "x$(touch marker)`touch marker`;touch marker.azurecr.io"

    class Member:
        fqdn, ip, kind = name, "10.0.1.4", Kind.LOGIN_SERVER

    script = verify_bash_for("contoso", [Member()])
    ran = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert ran.returncode == 1  # it does not resolve: a mismatch, said
    assert name in ran.stdout
    assert not (tmp_path / "marker").exists()
    checks = [line for line in verify_powershell_for("contoso", [Member()]).splitlines()
              if line.strip().startswith("@(")]  # fmt: skip
    literal = checks[0].strip()[2:].split(", ")[0]
    assert read_powershell(literal) == name
