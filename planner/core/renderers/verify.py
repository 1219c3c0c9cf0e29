"""A check to run on a client inside the virtual network: it resolves every public name of
the plan, compares each with the planned private address, optionally asks each login and
regional endpoint for /v2/ (401 means the registry answered), prints a table and exits 1 on
any mismatch.

The bash script resolves with `getent ahostsv4` (glibc's resolver, as docker and curl use it,
hosts file included); the PowerShell script with .NET's resolver, on Windows and Linux.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from planner.core.estate import Estate
from planner.core.quoting import one_line, powershell, shell
from planner.core.renderers.parts import pick_endpoint
from planner.core.renderers.unavailable import AddressesUnknown
from planner.core.services import Kind

# A data endpoint serves blobs: any HTTP answer over TLS shows it is reachable.
ANSWERS_V2 = (Kind.LOGIN_SERVER, Kind.REGIONAL_ENDPOINT)


class Named(Protocol):
    """A planned member: an allocation of a plan, or a member of a change."""

    @property
    def kind(self) -> Kind: ...
    @property
    def fqdn(self) -> str: ...
    @property
    def ip(self) -> str | None: ...


def _checks(
    allocations: Sequence[Named],
    line: str,
    quote: Callable[[str], str],
    reads_addresses: bool = False,
) -> list[str]:
    """One check per member, its name and address quoted by `quote` for the script's
    language; the exports table offers these only when the addresses are known. With
    `reads_addresses`, a member whose address Azure picks is checked against the address
    file the runbook writes ("-" stands for it)."""
    if any(a.ip is None or a.ip == "" for a in allocations) and not reads_addresses:
        raise AddressesUnknown
    return [
        line.format(
            fqdn=quote(a.fqdn),
            ip=quote(a.ip or "-"),
            api="1" if a.kind in ANSWERS_V2 else "0",
            kind=a.kind.label,
        )
        for a in allocations
    ]


def verify_bash(estate: Estate, endpoint: str | None = None) -> str:
    """The bash check of one endpoint (the only one when the estate has one)."""
    plan = pick_endpoint(estate, endpoint).plan
    if not plan.addresses_known:
        raise AddressesUnknown
    return verify_bash_for(estate.registry.name, plan.allocations)


def verify_powershell(estate: Estate, endpoint: str | None = None) -> str:
    plan = pick_endpoint(estate, endpoint).plan
    if not plan.addresses_known:
        raise AddressesUnknown
    return verify_powershell_for(estate.registry.name, plan.allocations)


def verify_bash_for(
    registry: str, allocations: Sequence[Named], reads_addresses: bool = False
) -> str:
    return "\n".join(
        [
            "#!/usr/bin/env bash",
            f"# Checks the private names of the registry {one_line(registry)} from inside the "
            "network:",
            "# each public name must resolve to its planned private address, or to the one a",
            "# file of addresses gives (what az network private-endpoint show prints with",
            '# --query "customDnsConfigs[].[fqdn, ipAddresses[0]]" --output tsv).',
            "# Run: bash verify.sh [--http] [ADDRESSES.tsv]   (--http also asks",
            "# https://<name>/v2/ with curl). It changes nothing: run it as often as needed.",
            "# Exit status: 0 all match, 1 a mismatch or an unreachable name.",
            "set -euo pipefail",
            "http=0",
            'addresses=""',
            'for argument in "$@"; do',
            '  case "$argument" in --http) http=1 ;; *) addresses=$argument ;; esac',
            "done",
            "failures=0",
            "printf '%-60s %-15s %-15s %-6s %s\\n' NAME EXPECTED RESOLVED HTTP RESULT",
            "check() {",
            "  local name=$1 expected=$2 api=$3 resolved given code=- result=ok",
            '  if [ -n "$addresses" ]; then',
            '    given=$(awk -v name="$name" \'$1 == name { print $2; exit }\' "$addresses")',
            '    if [ -n "$given" ]; then expected=$given; fi',
            "  fi",
            "  resolved=$(getent ahostsv4 \"$name\" | awk 'NR == 1 { print $1 }' || true)",
            '  if [ "$resolved" != "$expected" ]; then result=MISMATCH; fi',
            '  if [ "$http" = 1 ]; then',
            "    code=$(curl --silent --output /dev/null --write-out '%{http_code}' \\",
            '      --max-time 10 "https://$name/v2/" || true)',
            '    if [ "$api" = 1 ] && [ "$code" != 401 ] && [ "$code" != 200 ]; then',
            "      result=${result/ok/HTTP}",
            '    elif [ "$code" = 000 ]; then result=${result/ok/UNREACHABLE}; fi',
            "  fi",
            '  if [ "$result" != ok ]; then failures=$((failures + 1)); fi',
            '  printf \'%-60s %-15s %-15s %-6s %s\\n\' "$name" "$expected" '
            '"${resolved:-none}" "$code" "$result"',
            "}",
            *_checks(allocations, "check {fqdn} {ip} {api}  # {kind}", shell, reads_addresses),
            'if [ "$failures" -gt 0 ]; then',
            '  echo "$failures name(s) do not match the plan." >&2',
            "  exit 1",
            "fi",
            'echo "Every name resolves to its planned private address."',
            "",
        ]
    )


def verify_powershell_for(registry: str, allocations: Sequence[Named]) -> str:
    return "\n".join(
        [
            f"# Checks the private names of the registry {one_line(registry)} from inside the "
            "network:",
            "# each public name must resolve to its planned private address.",
            "# Run: pwsh ./verify.ps1 [-Http]   (Windows PowerShell 5.1 or PowerShell 7)",
            "# Exit status: 0 all match, 1 a mismatch or an unreachable name.",
            "param([switch]$Http)",
            "$failures = 0",
            "$rows = foreach ($check in @(",
            *_checks(allocations, "    @({fqdn}, {ip}, {api})  # {kind}", powershell),
            ")) {",
            "    $name, $expected, $api = $check",
            "    $resolved = try {",
            "        ([System.Net.Dns]::GetHostAddresses($name) |",
            "            Where-Object { $_.AddressFamily -eq 'InterNetwork' } |",
            "            Select-Object -First 1).IPAddressToString",
            "    } catch { $null }",
            "    $result = if ($resolved -eq $expected) { 'ok' } else { 'MISMATCH' }",
            "    $code = '-'",
            "    if ($Http) {",
            "        try {",
            '            $answer = Invoke-WebRequest -Uri "https://$name/v2/" -UseBasicParsing '
            "-TimeoutSec 10",
            "            $code = [int]$answer.StatusCode",
            "        } catch {",
            "            $response = $_.Exception.Response",
            "            $code = if ($response) { [int]$response.StatusCode } else { 0 }",
            "        }",
            "        if ($result -eq 'ok' -and $api -and $code -ne 401 -and $code -ne 200) "
            "{ $result = 'HTTP' }",
            "        elseif ($result -eq 'ok' -and $code -eq 0) { $result = 'UNREACHABLE' }",
            "    }",
            "    if ($result -ne 'ok') { $failures++ }",
            "    [pscustomobject]@{ Name = $name; Expected = $expected; "
            "Resolved = $resolved; Http = $code; Result = $result }",
            "}",
            "$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Output",
            "if ($failures -gt 0) {",
            '    Write-Error "$failures name(s) do not match the plan."',
            "    exit 1",
            "}",
            "'Every name resolves to its planned private address.'",
            "",
        ]
    )
