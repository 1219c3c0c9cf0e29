"""Plain lists of a plan: a hosts file, a firewall allowlist and a CSV of the allocations."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from planner.core.model import Allocation, Plan
from planner.core.renderers.unavailable import AddressesUnknown

HTTPS_PORT = 443
CSV_COLUMNS = ("kind", "region", "member_name", "fqdn", "record", "ip")


def commented_list(plan: Plan, header: Sequence[str], line: Callable[[Allocation], str]) -> str:
    """`header` as # comment lines, then one line per allocation."""
    lines = [
        *(f"# {text}" for text in header),
        *(line(allocation) for allocation in plan.allocations),
    ]
    return "\n".join(lines) + "\n"


def hosts_file(plan: Plan) -> str:
    """`ip fqdn` lines for the public names: clients must use them (the TLS certificate is for
    them), so a hosts file maps those names, never the privatelink ones."""
    header = (
        f"Private endpoint addresses of the registry {plan.login_server}, for hosts that",
        "cannot use the private DNS zone (build agents, devices): append to /etc/hosts",
        "(Windows: %SystemRoot%\\System32\\drivers\\etc\\hosts).",
    )
    if not plan.addresses_known:
        raise AddressesUnknown
    return commented_list(plan, header, lambda allocation: f"{allocation.ip} {allocation.fqdn}")


def firewall_allowlist(plan: Plan) -> str:
    header = (
        f"Outbound HTTPS allowlist for clients of the registry {plan.login_server}:",
        "its login server and each replica's dedicated data endpoint (these replace the",
        "wide *.blob.core.windows.net rule), and regional endpoints when enabled.",
    )
    rules = commented_list(plan, header, lambda allocation: f"{allocation.fqdn}:{HTTPS_PORT}")
    return rules + "\n".join(no_proxy(plan)) + "\n"


def no_proxy(plan: Plan) -> tuple[str, ...]:
    """Comment lines for clients behind an HTTP proxy: the names to keep off it."""
    names = ",".join(allocation.fqdn for allocation in plan.allocations)
    return (
        "# Clients behind an HTTP proxy: add the names to NO_PROXY (and no_proxy), or pulls",
        "# leave through the proxy instead of the private endpoint:",
        f"# NO_PROXY={names}",
    )


def allocations_csv(plan: Plan) -> str:
    """One row per allocation; the login server's region is empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(allocation_row(allocation) for allocation in plan.allocations)
    return buffer.getvalue()


def allocation_row(allocation: Allocation) -> tuple[str, ...]:
    """An allocation's CSV_COLUMNS."""
    return (
        allocation.kind.value,
        allocation.region or "",
        allocation.member_name,
        allocation.fqdn,
        allocation.record,
        allocation.ip or "",  # empty when Azure assigns it
    )
