"""The picture of a subnet: which addresses are reserved, in use, planned or free.

A subnet up to a /22 (1,024 addresses) is drawn whole, one cell per address. A larger one is
summarised: its counts, plus the block of 256 to 1,024 addresses around the planned ones (or
around the first free address). Nothing here walks the whole subnet: the cost is the drawn
block plus one pass over the in-use spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from netaddr import IPNetwork
from netaddr.strategy.ipv4 import int_to_str

from planner.core.addresses import Span, Subnet, clip, lowest_free, reserved, span_text
from planner.core.model import Plan, Sizing

LARGEST_DRAWN_PREFIX = 22  # up to 1,024 cells: every address drawn
MOST_CELLS = 1 << (32 - LARGEST_DRAWN_PREFIX)
MAX_LISTED_FREE_RANGES = 8  # a /8 with scattered in-use entries has thousands
WINDOW_PREFIXES = (24, 23, 22)  # a larger subnet draws the smallest of these around the plan
COLUMNS = 32


class Role(StrEnum):
    RESERVED = "reserved"
    IN_USE = "in-use"
    PLANNED = "planned"
    OTHER = "other"  # planned for another endpoint in the same subnet
    FREE = "free"

    @property
    def label(self) -> str:
        return "other endpoints" if self is Role.OTHER else self.replace("-", " ")


@dataclass(frozen=True)
class Cell:
    address: str
    role: Role
    note: str = ""  # what a reserved or planned address is for

    @property
    def title(self) -> str:
        return f"{self.address}: {self.role.label}" + (f", {self.note}" if self.note else "")


@dataclass(frozen=True)
class Row:
    first: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class RoleCount:
    role: Role
    count: int

    @property
    def shown(self) -> str:
        return f"{self.count:,}"


@dataclass(frozen=True)
class ReservedAddress:
    address: str
    note: str


@dataclass(frozen=True)
class SubnetFacts:
    """What the picture shows, as text: for screen readers, touch screens and copying."""

    network: str
    netmask: str
    first_usable: str
    last_usable: str
    reserved: tuple[ReservedAddress, ...]
    free_ranges: tuple[str, ...]  # after the plan, lowest first, at most MAX_LISTED_FREE_RANGES
    more_free_ranges: int  # free ranges not listed


@dataclass(frozen=True)
class Run:
    """Consecutive drawn addresses of one role: the picture as a list, for those who cannot
    point at its squares (a phone's are too small to tap)."""

    first: str
    last: str
    role: Role
    count: int

    @property
    def span(self) -> str:
        return self.first if self.count == 1 else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class SubnetMap:
    cidr: str
    size: int
    drawn: str  # the CIDR of the drawn block: the subnet itself when it is small enough
    rows: tuple[Row, ...]
    counts: tuple[RoleCount, ...]  # over the whole subnet, in legend order
    planned_outside: int  # planned addresses that lie outside the drawn block
    facts: SubnetFacts

    @property
    def whole(self) -> bool:
        return self.drawn == self.cidr

    @property
    def columns(self) -> int:
        return len(self.rows[0].cells)

    @property
    def runs(self) -> tuple[Run, ...]:
        """The drawn cells, run by run of one role, lowest first."""
        runs: list[Run] = []
        for cell in (cell for row in self.rows for cell in row.cells):
            if runs and runs[-1].role is cell.role:
                last = runs[-1]
                runs[-1] = Run(last.first, cell.address, cell.role, last.count + 1)
            else:
                runs.append(Run(cell.address, cell.address, cell.role, 1))
        return tuple(runs)


def plan_map(
    subnet: Subnet,
    plan: Plan,
    most_cells: int = MOST_CELLS,
    shared: SharedSubnet | None = None,
) -> SubnetMap:
    """The members at the sizing's addresses: the plan's own, or with dynamic allocation the
    ones Azure would take first (it assigns them); at most `most_cells` addresses drawn. In a
    subnet `shared` with other endpoints, their addresses are drawn as theirs."""
    assigned = "" if plan.addresses_known else ", assigned by Azure"
    planned = [
        (
            address,
            f"{allocation.kind.label} ({allocation.member_name or allocation.region}{assigned})",
        )
        for allocation, address in zip(plan.allocations, plan.sizing.addresses, strict=True)
    ]
    return draw(subnet, planned, most_cells, shared)


@dataclass(frozen=True)
class SharedSubnet:
    """A subnet several endpoints take addresses from: every address planned in it (sorted)
    and the subnet once they are all used, made once for all its endpoints' pictures."""

    planned: tuple[int, ...]
    after: Subnet

    @classmethod
    def of(cls, subnet: Subnet, planned: Sequence[int]) -> SharedSubnet:
        ordered = tuple(sorted(planned))
        return cls(ordered, subnet.with_used(ordered))


def sizing_map(subnet: Subnet, sizing: Sizing) -> SubnetMap:
    """Sizing names no members: the planned cells are the sizing's addresses, numbered."""
    wanted = len(sizing.addresses)
    planned = [
        (address, f"address {number} of {wanted}")
        for number, address in enumerate(sizing.addresses, start=1)
    ]
    return draw(subnet, planned)


def draw(
    subnet: Subnet,
    planned: Sequence[tuple[int, str]],
    most_cells: int = MOST_CELLS,
    shared: SharedSubnet | None = None,
) -> SubnetMap:
    """The picture of `subnet`, with `planned` addresses (as integers) and what each is for;
    in a `shared` subnet, the other endpoints' addresses too."""
    network, in_use = subnet.cidr, subnet.used
    block = drawn_block(subnet, [address for address, _ in planned], most_cells)
    roles = [Role.FREE] * block.size
    notes = [""] * block.size

    def mark(address: int, role: Role, note: str) -> None:
        if block.first <= address <= block.last:
            roles[address - block.first], notes[address - block.first] = role, note

    # Only the spans from the last one starting at or before the block can reach into it.
    nearby = in_use[max(bisect_right(in_use, Span(block.first, block.last)) - 1, 0) :]
    for span in clip(nearby, Span(block.first, block.last)):
        roles[span.first - block.first : span.last - block.first + 1] = [Role.IN_USE] * span.size
    others = 0
    if shared is not None:  # the block's share of the subnet's planned addresses: bisected
        everyone = shared.planned
        start, end = bisect_left(everyone, block.first), bisect_right(everyone, block.last)
        for address in everyone[start:end]:
            mark(address, Role.OTHER, "another endpoint in this subnet")
        others = len(everyone) - len(planned)
    for address, note in planned:  # after the others: an endpoint's own addresses are its own
        mark(address, Role.PLANNED, note)
    for address, note in reserved(network):  # last: reserved wins over an in-use entry
        mark(address, Role.RESERVED, note)
    cells = [
        Cell(int_to_str(block.first + offset), role, note)
        for offset, (role, note) in enumerate(zip(roles, notes, strict=True))
    ]
    columns = min(COLUMNS, block.size)
    usable, taken = subnet.usable.size, subnet.in_use
    counts = [
        RoleCount(Role.RESERVED, network.size - usable),
        RoleCount(Role.IN_USE, taken),
        RoleCount(Role.PLANNED, len(planned)),
    ]
    if shared is not None:
        counts.append(RoleCount(Role.OTHER, others))
    counts.append(RoleCount(Role.FREE, usable - taken - len(planned) - others))
    after = shared.after if shared is not None else subnet.with_used(a for a, _ in planned)
    return SubnetMap(
        cidr=str(network.cidr),
        size=network.size,
        drawn=str(block.cidr),
        rows=tuple(
            Row(cells[start].address, tuple(cells[start : start + columns]))
            for start in range(0, len(cells), columns)
        ),
        counts=tuple(counts),
        planned_outside=sum(
            1 for address, _ in planned if not block.first <= address <= block.last
        ),
        facts=subnet_facts(after),
    )


def subnet_facts(after: Subnet) -> SubnetFacts:
    """The subnet's figures and its free ranges once the planned addresses are taken (`after`
    has them used)."""
    network, bounds = after.cidr, after.usable
    listed: list[str] = []
    more = 0
    for gap in free_spans(after.used, bounds):
        if len(listed) < MAX_LISTED_FREE_RANGES:
            listed.append(span_text(gap))
        else:
            more += 1
    return SubnetFacts(
        network=str(network.cidr),
        netmask=str(network.netmask),
        first_usable=int_to_str(bounds.first),
        last_usable=int_to_str(bounds.last),
        reserved=tuple(
            ReservedAddress(int_to_str(address), note) for address, note in reserved(network)
        ),
        free_ranges=tuple(listed),
        more_free_ranges=more,
    )


def free_spans(used: Sequence[Span], bounds: Span) -> Iterator[Span]:
    """The gaps between sorted, merged `used` spans within bounds: one step per span."""
    cursor = bounds.first
    for span in clip(used, bounds):
        if span.first > cursor:
            yield Span(cursor, span.first - 1)
        cursor = span.last + 1
    if cursor <= bounds.last:
        yield Span(cursor, bounds.last)


def drawn_block(subnet: Subnet, planned: Sequence[int], most_cells: int = MOST_CELLS) -> IPNetwork:
    """The subnet itself up to a /22; else the smallest /24-/22 holding the planned addresses.
    With fewer `most_cells` (a power of two), the same up to blocks of that size.

    Without planned addresses the block is the /24 around the first free address, or the
    subnet's first /24 when nothing is free.
    """
    network = subnet.cidr
    if network.size <= most_cells:
        return network
    if not planned:
        free = lowest_free(subnet.used, subnet.usable, 1)
        planned = (free[0] if free else network.first,)
    first, last = min(planned), max(planned)
    largest = 32 - (most_cells.bit_length() - 1)  # the prefix of a block of most_cells
    windows = [prefix for prefix in WINDOW_PREFIXES if prefix >= largest] or [largest]
    for prefix in windows:
        block = IPNetwork(f"{int_to_str(first)}/{prefix}").cidr
        if block.first <= last <= block.last:
            return block
    return IPNetwork(f"{int_to_str(first)}/{windows[0]}").cidr
