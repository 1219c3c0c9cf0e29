"""The picture of a subnet: which addresses are reserved, in use, planned or free.

A subnet up to a /22 (1,024 addresses) is drawn whole, one cell per address. A larger one is
summarised: its counts, plus the block of 256 to 1,024 addresses around the planned ones (or
around the first free address). Nothing here walks the whole subnet: the cost is the drawn
block plus one pass over the in-use spans.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from netaddr import IPAddress, IPNetwork

from planner.core.addresses import Span, clip, lowest_free, usable_bounds
from planner.core.model import Plan, PlanRequest, Sizing, SizingRequest

LARGEST_DRAWN_PREFIX = 22  # up to 1,024 cells: every address drawn
WINDOW_PREFIXES = (24, 23, 22)  # a larger subnet draws the smallest of these around the plan
COLUMNS = 32

# What each address `usable_bounds` leaves out is for, by its offset from the network address
# (from the last address for the end); another reserved address is only "reserved by Azure".
NOTES_FROM_START = ("network address", "default gateway", "Azure DNS", "Azure DNS")
NOTES_FROM_END = ("last address (broadcast)",)


class Role(StrEnum):
    RESERVED = "reserved"
    IN_USE = "in-use"
    PLANNED = "planned"
    FREE = "free"

    @property
    def label(self) -> str:
        return self.replace("-", " ")


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
class SubnetMap:
    cidr: str
    size: int
    drawn: str  # the CIDR of the drawn block: the subnet itself when it is small enough
    rows: tuple[Row, ...]
    counts: tuple[RoleCount, ...]  # over the whole subnet, in legend order
    planned_outside: int  # planned addresses that lie outside the drawn block

    @property
    def whole(self) -> bool:
        return self.drawn == self.cidr

    @property
    def columns(self) -> int:
        return len(self.rows[0].cells)


def plan_map(request: PlanRequest, plan: Plan) -> SubnetMap:
    planned = [
        (IPAddress(allocation.ip), f"{allocation.kind.label} ({allocation.member_name})")
        for allocation in plan.allocations
    ]
    return draw(request.subnet, request.in_use, planned, plan.sizing.subnet.in_use)


def sizing_map(request: SizingRequest, sizing: Sizing) -> SubnetMap:
    """Sizing names no members: the planned cells are where the plan's addresses would go."""
    bounds = usable_bounds(request.subnet)
    wanted = sizing.required_addresses
    addresses = lowest_free(request.in_use, bounds, wanted) if sizing.fits else None
    planned = [
        (IPAddress(address, 4), f"address {number} of {wanted}")
        for number, address in enumerate(addresses or (), start=1)
    ]
    return draw(request.subnet, request.in_use, planned, sizing.subnet.in_use)


def draw(
    subnet: IPNetwork,
    in_use: tuple[Span, ...],
    planned: Sequence[tuple[IPAddress, str]],
    taken: int,
) -> SubnetMap:
    """The picture of `subnet`; `in_use` merged and sorted, `planned` as (address, note),
    `taken` the count of usable addresses in use (the sizing's)."""
    bounds = usable_bounds(subnet)
    block = drawn_block(subnet, in_use, [address for address, _ in planned])
    roles = [Role.FREE] * block.size
    notes = [""] * block.size
    # Only the spans from the last one starting at or before the block can reach into it.
    nearby = in_use[max(bisect_right(in_use, Span(block.first, block.last)) - 1, 0) :]
    for span in clip(nearby, Span(block.first, block.last)):
        roles[span.first - block.first : span.last - block.first + 1] = [Role.IN_USE] * span.size
    for address, note in planned:
        if block.first <= int(address) <= block.last:
            roles[int(address) - block.first] = Role.PLANNED
            notes[int(address) - block.first] = note
    for address in (*range(subnet.first, bounds.first), *range(bounds.last + 1, subnet.last + 1)):
        if block.first <= address <= block.last:
            roles[address - block.first] = Role.RESERVED
            notes[address - block.first] = reserved_note(subnet, address)
    cells = [
        Cell(str(IPAddress(block.first + offset, 4)), role, note)
        for offset, (role, note) in enumerate(zip(roles, notes, strict=True))
    ]
    columns = min(COLUMNS, block.size)
    return SubnetMap(
        cidr=str(subnet.cidr),
        size=subnet.size,
        drawn=str(block.cidr),
        rows=tuple(
            Row(cells[start].address, tuple(cells[start : start + columns]))
            for start in range(0, len(cells), columns)
        ),
        counts=(
            RoleCount(Role.RESERVED, subnet.size - bounds.size),
            RoleCount(Role.IN_USE, taken),
            RoleCount(Role.PLANNED, len(planned)),
            RoleCount(Role.FREE, bounds.size - taken - len(planned)),
        ),
        planned_outside=sum(1 for address, _ in planned if address not in block),
    )


def reserved_note(subnet: IPNetwork, address: int) -> str:
    """What a reserved address is for."""
    from_start, from_end = address - subnet.first, subnet.last - address
    if from_end < len(NOTES_FROM_END):
        return NOTES_FROM_END[from_end]
    if from_start < len(NOTES_FROM_START):
        return NOTES_FROM_START[from_start]
    return "reserved by Azure"


def drawn_block(
    subnet: IPNetwork, in_use: tuple[Span, ...], planned: Sequence[IPAddress]
) -> IPNetwork:
    """The subnet itself up to a /22; else the smallest /24-/22 holding the planned addresses.

    Without planned addresses the block is the /24 around the first free address, or the
    subnet's first /24 when nothing is free.
    """
    if subnet.prefixlen >= LARGEST_DRAWN_PREFIX:
        return subnet
    if not planned:
        planned = (IPAddress(first_free(in_use, usable_bounds(subnet)) or subnet.first, 4),)
    first, last = min(planned), max(planned)
    for prefix in WINDOW_PREFIXES:
        block = IPNetwork(f"{first}/{prefix}").cidr
        if last in block:
            return block
    return IPNetwork(f"{first}/{WINDOW_PREFIXES[0]}").cidr


def first_free(in_use: tuple[Span, ...], bounds: Span) -> int | None:
    """The lowest address in bounds outside the in-use spans."""
    found = lowest_free(in_use, bounds, 1)
    return found[0] if found else None
