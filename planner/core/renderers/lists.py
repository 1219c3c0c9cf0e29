"""Plain lists: a hosts file per endpoint, the firewall allowlist, a CSV of the allocations and
the same allocations as NetBox's IP address import."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from planner.core.estate import Estate
from planner.core.model import Allocation, Plan
from planner.core.renderers.parts import pick_endpoint
from planner.core.renderers.unavailable import AddressesUnknown

HTTPS_PORT = 443
CSV_COLUMNS = ("kind", "region", "member_name", "fqdn", "record", "ip")
# NetBox's bulk import of IP addresses (IPAM > IP Addresses > Import, CSV): the address with its
# prefix length, a status, the DNS name and a description (NetBox's documentation: "IP Address"
# model, https://netboxlabs.com/docs/netbox/en/stable/models/ipam/ipaddress/). A plan's
# addresses are set aside, not yet in use: NetBox's "reserved".
NETBOX_COLUMNS = ("address", "status", "dns_name", "description")
NETBOX_STATUS = "reserved"


def commented_list(plan: Plan, header: Sequence[str], line: Callable[[Allocation], str]) -> str:
    """`header` as # comment lines, then one line per allocation."""
    lines = [
        *(f"# {text}" for text in header),
        *(line(allocation) for allocation in plan.allocations),
    ]
    return "\n".join(lines) + "\n"


def hosts_file(estate: Estate, endpoint: str | None = None) -> str:
    """`ip fqdn` lines of one endpoint (the only one when the estate has one) for the public
    names: clients must use them (the TLS certificate is for them), so a hosts file maps those
    names, never the privatelink ones."""
    plan = pick_endpoint(estate, endpoint).plan
    header = (
        f"Private endpoint addresses of the registry {plan.login_server}, for hosts that",
        "cannot use the private DNS zone (build agents, devices): append to /etc/hosts",
        "(Windows: %SystemRoot%\\System32\\drivers\\etc\\hosts).",
    )
    if not plan.addresses_known:
        raise AddressesUnknown
    return commented_list(plan, header, lambda allocation: f"{allocation.ip} {allocation.fqdn}")


def firewall_allowlist(estate: Estate, _: str | None = None) -> str:
    """The names are the registry's: the same for every endpoint."""
    plan = estate.endpoints[0].plan
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


def allocations_csv(estate: Estate, _: str | None = None) -> str:
    """One row per allocation (the login server's region empty); an estate's rows start with
    the endpoint's name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if estate.single:
        writer.writerow(CSV_COLUMNS)
        writer.writerows(map(allocation_row, estate.endpoints[0].plan.allocations))
        return buffer.getvalue()
    writer.writerow(("endpoint", *CSV_COLUMNS))
    writer.writerows(
        (endpoint.name, *allocation_row(allocation))
        for endpoint in estate.endpoints
        for allocation in endpoint.plan.allocations
    )
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


def netbox_csv(estate: Estate, _: str | None = None) -> str:
    """Every planned address as a row of NetBox's IP address import: the address with its
    subnet's prefix length, reserved, the A record's name in the private zone, and what it is
    for (the endpoint, the member and the public name clients use)."""
    if not estate.addresses_known:
        raise AddressesUnknown
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(NETBOX_COLUMNS)
    for endpoint in estate.endpoints:
        plan, prefix = endpoint.plan, endpoint.plan.sizing.subnet.prefix
        for allocation in plan.allocations:
            where = f" {allocation.region}" if allocation.region else ""
            writer.writerow(
                (
                    f"{allocation.ip}/{prefix}",
                    NETBOX_STATUS,
                    f"{allocation.record}.{plan.zone}",
                    f"{endpoint.name}: {allocation.kind.label}{where} ({allocation.fqdn})",
                )
            )
    return buffer.getvalue()
