"""`az graph query`: a subnet inventory from Azure Resource Graph, and a subnet's state in it."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from netaddr import IPNetwork
from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import (
    InvalidInput,
    Span,
    merge,
    parse_address,
    parse_cidr,
    runs,
    shown,
    span_text,
    within,
)
from planner.core.deployed.endpoints import DeployedEndpoint
from planner.core.deployed.places import (
    MAX_ADDRESSES_PER_NAME,
    MAX_ITEMS,
    Unreadable,
    inside,
    items_of,
    object_at,
    objects,
    pointer,
)
from planner.core.network import Network


@dataclass(frozen=True)
class SubnetInventory:
    subnet_id: str  # lower case
    prefixes: tuple[str, ...]
    addresses: tuple[str, ...]  # every address the graph lists in it
    used: tuple[Span, ...] = ()  # the same addresses, merged once when the graph is read
    configurations: int | None = None  # the subnet's own count of IP configurations
    address_space: tuple[str, ...] = ()  # its virtual network's (IPv4) prefixes


def graph_command() -> str:
    """The one command that lists every address held in a subnet and every subnet's prefix;
    `az graph` comes from the resource-graph extension (az offers to add it)."""
    return "\n".join((azure.GRAPH_EXTENSION, azure.GRAPH_COMMAND.format(query=azure.GRAPH_QUERY)))


def graph_shortfall(pages: list[Any]) -> str:
    """What is missing when the pages of a graph answer hold fewer rows than the last one's
    `total_records`: Resource Graph truncated the query it could not page (az only warns).
    Empty when nothing is, or when the pages do not say (answers saved without it)."""
    last = pages[-1] if pages and isinstance(pages[-1], dict) else {}
    total = last.get(azure.GRAPH_TOTAL)
    if total is None:
        return ""
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        return f"Expected {azure.GRAPH_TOTAL} as a whole number."
    rows = sum(len(p.get(azure.GRAPH_ROWS) or ()) for p in pages if isinstance(p, dict))
    if rows >= total:
        return ""
    return (
        f"The pages hold {rows:,} rows of the query's {total:,} ({azure.GRAPH_TOTAL}): "
        "Resource Graph truncated the answer, so addresses in some subnets may be missing "
        "and none is planned on. Run the query again (every page, with --skip-token, as a "
        "list); with az, look for its warning 'Unable to paginate the results of the query'."
    )


def read_graph(value: Any) -> tuple[SubnetInventory, ...]:
    """The output of `graph_command()`; a list of such outputs (pages) is read as one. Each
    subnet's addresses are converted and merged here, once."""
    listed = isinstance(value, list)
    pages = value if listed else [value]
    inventory = Inventory()
    rows_read = 0
    for page_number, page in enumerate(items_of(pages, (), "pages")):
        at: tuple[str | int, ...] = (page_number,) if listed else ()
        answer = object_at(page, at, "the output of az graph query")
        if answer.get(azure.GRAPH_SKIP_TOKEN) and not listed:
            raise Unreadable(
                pointer(*at, azure.GRAPH_SKIP_TOKEN),
                "The answer is one page of several (skip_token is set): run the query again "
                "with --skip-token for each further page and give the pages as a list.",
            )
        rows = items_of(answer.get(azure.GRAPH_ROWS), (*at, azure.GRAPH_ROWS), "data")
        rows_read += len(rows)
        if rows_read > MAX_ITEMS:
            raise Unreadable(pointer(*at), f"More than {MAX_ITEMS:,} rows.")
        for row, place in objects(rows, (*at, azure.GRAPH_ROWS), "a row"):
            inventory.add(row, place)
    missing = graph_shortfall(pages)
    if missing:
        last: tuple[int, ...] = (len(pages) - 1,) if listed else ()
        raise Unreadable(pointer(*last, azure.GRAPH_TOTAL), missing)
    return inventory.subnets()


class Inventory:
    """The graph's rows gathered per subnet (lower-case id)."""

    def __init__(self) -> None:
        self.prefixes: dict[str, list[str]] = {}
        self.addresses: dict[str, list[str]] = {}
        self.values: dict[str, list[int]] = {}
        self.configurations: dict[str, int] = {}
        self.spaces: dict[str, list[str]] = {}

    def add(self, row: dict[str, Any], place: tuple[str | int, ...]) -> None:
        subnet = row.get(azure.GRAPH_SUBNET)
        if not isinstance(subnet, str):
            raise Unreadable(pointer(*place, azure.GRAPH_SUBNET), "Expected a subnet id.")
        subnet = subnet.lower()
        if not subnet:
            return  # an interface configuration without a subnet
        if row.get(azure.GRAPH_ADDRESS):
            ip, number = graph_address(row[azure.GRAPH_ADDRESS], place)
            self.addresses.setdefault(subnet, []).append(ip)
            self.values.setdefault(subnet, []).append(number)
        if prefixes := row_prefixes(row, place):
            self.prefixes.setdefault(subnet, []).extend(prefixes)
        if space := address_space(row, place):
            self.spaces[subnet] = space
        listed_count = row.get(azure.GRAPH_CONFIGURATIONS)
        if listed_count is not None:
            if not isinstance(listed_count, int) or isinstance(listed_count, bool):
                raise Unreadable(
                    pointer(*place, azure.GRAPH_CONFIGURATIONS), "Expected a whole number."
                )
            count = self.configurations.get(subnet, 0)
            self.configurations[subnet] = count + max(listed_count, 0)

    def subnets(self) -> tuple[SubnetInventory, ...]:
        return tuple(
            SubnetInventory(
                subnet,
                tuple(self.prefixes.get(subnet, ())),
                tuple(self.addresses.get(subnet, ())),
                tuple(runs(sorted(self.values.get(subnet, [])))),
                self.configurations.get(subnet),
                tuple(self.spaces.get(subnet, ())),
            )
            for subnet in sorted({*self.prefixes, *self.addresses})
        )


def graph_address(value: Any, place: tuple[str | int, ...]) -> tuple[str, int]:
    """A row's address as text and as an integer: parsed once."""
    if isinstance(value, str) and (number := dotted_quad(value)) is not None:
        return value, number
    at = pointer(*place, azure.GRAPH_ADDRESS)
    if not isinstance(value, str):
        raise Unreadable(at, "Expected an IPv4 address as text.")
    try:
        return value.strip(), parse_address(value.strip())
    except InvalidInput as problem:
        raise Unreadable(at, str(problem)) from None


OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"


DOTTED_QUAD = re.compile(rf"{OCTET}(?:\.{OCTET}){{3}}")


def dotted_quad(text: str) -> int | None:
    """A plain dotted-quad address as an integer, or None for anything else (which
    `parse_address` then reads or refuses): four decimal octets without leading zeros, as
    inet_pton takes them, matched and converted in C. A graph's tens of thousands of rows
    are read in a fraction of the time netaddr takes."""
    if DOTTED_QUAD.fullmatch(text) is None:
        return None
    return int.from_bytes(socket.inet_aton(text), "big")


def row_prefixes(row: dict[str, Any], place: tuple[str | int, ...]) -> list[str]:
    found = []
    single = row.get(azure.GRAPH_PREFIX)
    if isinstance(single, str) and single:
        found.append((single, (*place, azure.GRAPH_PREFIX)))
    return [*checked_prefixes(found), *listed_prefixes(row, place, azure.GRAPH_PREFIXES)]


def address_space(row: dict[str, Any], place: tuple[str | int, ...]) -> list[str]:
    """A subnet row's virtual network address space (IPv4 prefixes), when the graph gave it."""
    return listed_prefixes(row, place, azure.GRAPH_ADDRESS_SPACE)


def listed_prefixes(row: dict[str, Any], place: tuple[str | int, ...], column: str) -> list[str]:
    """The IPv4 prefixes of a column that holds a list of them (absent or null: none)."""
    several = row.get(column)
    if not isinstance(several, list):
        return []
    return checked_prefixes(
        (prefix, (*place, column, n)) for n, prefix in enumerate(several[:MAX_ADDRESSES_PER_NAME])
    )


def checked_prefixes(found: Iterable[tuple[Any, tuple[str | int, ...]]]) -> list[str]:
    """Each prefix read as an IPv4 CIDR (an IPv6 one of a dual-stack network is left out:
    registry endpoints are IPv4), or Unreadable naming its place."""
    checked = []
    for prefix, at in found:
        if not isinstance(prefix, str):
            raise Unreadable(pointer(*at), "Expected a prefix as text.")
        if ":" in prefix:
            continue  # an IPv6 prefix of a dual-stack subnet: ACR endpoints are IPv4
        try:
            parse_cidr(prefix)
        except InvalidInput as problem:
            raise Unreadable(pointer(*at), str(problem)) from None
        checked.append(prefix)
    return checked


def subnet_name(subnet_id: str) -> str:
    """The last part of a subnet's resource id, for messages."""
    return subnet_id.rstrip("/").rsplit("/", 1)[-1]


def network_id(subnet_id: str) -> str:
    """The virtual network's resource id, from one of its subnets' (lower case)."""
    return subnet_id.lower().partition("/subnets/")[0]


def networks_of(inventory: Iterable[SubnetInventory], subnet_ids: Iterable[str]) -> list[Network]:
    """The virtual networks of the subnets `subnet_ids`, each with its address space and
    every subnet prefix the graph lists in it; none for a network whose address space the
    graph did not give (an output of the query's older versions)."""
    subnets = list(inventory)
    wanted = dict.fromkeys(network_id(subnet_id) for subnet_id in subnet_ids)
    networks = []
    for vnet in wanted:
        its = [s for s in subnets if network_id(s.subnet_id) == vnet]
        space = next((s.address_space for s in its if s.address_space), ())
        if space:
            prefixes = dict.fromkeys(p for s in its for p in s.prefixes)
            networks.append(
                Network(
                    subnet_name(vnet),
                    tuple(parse_cidr(p) for p in space),
                    tuple(parse_cidr(p) for p in prefixes),
                )
            )
    return networks


@dataclass(frozen=True)
class SubnetState:
    """A subnet as Resource Graph lists it: the prefix that holds the endpoint, and every
    address the graph lists in that prefix (an endpoint's own current addresses among them)."""

    subnet_id: str
    cidr: IPNetwork
    used: tuple[Span, ...]
    unseen: int = 0  # IP configurations the subnet counts beyond the addresses the graph lists

    @property
    def in_use(self) -> tuple[str, ...]:
        """The used spans as the forms' in-use field takes them."""
        return span_texts(self.used)

    @property
    def shortfall(self) -> str:
        """What the graph may have missed in this subnet, in a sentence ("" for nothing)."""
        if not self.unseen:
            return ""
        return (
            f"The subnet {subnet_name(self.subnet_id)} counts {self.unseen} more IP "
            "configuration(s) than the graph lists addresses for: resources the query does "
            "not list (a gateway, a firewall, another service's delegated addresses) hold "
            "addresses there. The count is not the number of addresses held (an Application "
            "Gateway v2's instances hold addresses it does not count one by one: "
            "MicrosoftDocs/azure-docs issues 65925 and 118791), so find what holds them; add "
            "them to in_use, or the plan may give out an address that is taken."
        )


@lru_cache(maxsize=4)
def span_texts(spans: tuple[Span, ...]) -> tuple[str, ...]:
    """Spans as text, written once for the endpoints that share a subnet's spans."""
    return tuple(span_text(span) for span in spans)


def subnet_state(
    inventory: Iterable[SubnetInventory], subnet_id: str, near: str = ""
) -> SubnetState:
    """The subnet `subnet_id` from the graph: of its prefixes (a subnet may have several) the
    one holding the address `near`, else its first. The subnet's addresses were merged when
    the graph was read: this takes the part inside the prefix, whatever their number."""
    found = next((s for s in inventory if s.subnet_id == subnet_id.lower()), None)
    if found is None or not found.prefixes:
        raise Unreadable(
            "",
            f"The graph output lists no prefix for the subnet {shown(subnet_name(subnet_id))}: "
            "run the query with the subscription of its virtual network.",
        )
    networks = [parse_cidr(prefix) for prefix in found.prefixes]
    cidr = next((n for n in networks if near and inside(near, n)), networks[0])
    used = found.used
    if found.addresses and not used:  # built without the merged spans (by hand)
        used = merge(Span(v, v) for v in map(str_to_int, found.addresses))
    unseen = 0
    if found.configurations is not None:
        unseen = max(found.configurations - len(found.addresses), 0)
    return SubnetState(found.subnet_id, cidr, within(used, Span(cidr.first, cidr.last)), unseen)


def only_subnet(inventory: Iterable[SubnetInventory]) -> str:
    """The id of the one subnet the graph gives a prefix for, when no endpoint says which."""
    subnets = [subnet.subnet_id for subnet in inventory if subnet.prefixes]
    if len(subnets) != 1:
        listed = ", ".join(shown(subnet_name(subnet)) for subnet in subnets[:5])
        raise Unreadable(
            "",
            f"The graph output lists {len(subnets)} subnets with a prefix"
            + (f" ({listed}{', ...' if len(subnets) > 5 else ''})" if subnets else "")
            + ": paste the endpoint's az network private-endpoint show too, to say which.",
        )
    return subnets[0]


def endpoint_state(inventory: Iterable[SubnetInventory], endpoint: DeployedEndpoint) -> SubnetState:
    """The endpoint's subnet from the graph, matched by the subnet id az printed for it."""
    if not endpoint.subnet_id:
        raise Unreadable(
            pointer(azure.ENDPOINT_SUBNET[0]),
            f"The endpoint {shown(endpoint.name)} names no subnet; az prints subnet.id.",
        )
    state = subnet_state(inventory, endpoint.subnet_id, endpoint.members[0].ip)
    if outside := address_outside(endpoint, state.cidr):
        raise Unreadable(
            "",
            f"{outside}, the prefix the graph lists for "
            f"{shown(subnet_name(endpoint.subnet_id))}: is it the same subnet?",
        )
    return state


def address_outside(endpoint: DeployedEndpoint, cidr: IPNetwork) -> str:
    """Why the endpoint cannot be in `cidr` (the first of its addresses outside), or ""."""
    outside = [m.ip for m in endpoint.members if not inside(m.ip, cidr)]
    return f"The endpoint's address {outside[0]} is not inside {cidr}" if outside else ""
