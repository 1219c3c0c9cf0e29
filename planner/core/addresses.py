"""Parsing IPv4 input and the address arithmetic of one subnet.

Address sets are kept as sorted, merged ``Span`` tuples of integers. Addresses are read by
inet_pton (strictly, IPv4 only) and networks by netaddr, but its ``IPSet`` is not used for the
arithmetic: for 100,000 scattered in-use entries in a /8, ``IPSet(subnet) - IPSet(in_use)``
builds about 650,000 CIDR objects and takes seconds, while merging spans takes a sort.
Nothing here walks a subnet address by address: cost depends on the number of in-use
entries and of addresses allocated, never on the subnet's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, pairwise
from operator import itemgetter
from socket import AF_INET, inet_pton
from typing import NamedTuple

from netaddr import AddrFormatError, IPNetwork
from netaddr.strategy.ipv4 import int_to_str

from planner.core import azure


class InvalidInput(ValueError):
    """A value a user gave is not acceptable; the message says why and what would be."""


class Span(NamedTuple):
    """An inclusive range of IPv4 addresses as integers."""

    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def shown(text: str, limit: int = 40) -> str:
    """A user's text, shortened for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_address(text: str) -> int:
    """An IPv4 address as an integer, read by inet_pton: four decimal octets, no leading
    zeros, nothing around them (what netaddr's strict reading also asks, through inet_pton
    too). Read in C: 100,000 in-use entries spent most of their time in netaddr's Python
    checks."""
    try:
        return int.from_bytes(inet_pton(AF_INET, text), "big")
    except (OSError, TypeError, ValueError):
        raise InvalidInput(f"'{shown(text)}' is not an IPv4 address.") from None


def parse_cidr(text: str) -> IPNetwork:
    """An IPv4 network written as address/prefix-length, e.g. 10.0.1.0/28."""
    address, slash, prefix = text.partition("/")
    if ":" in text:
        raise InvalidInput(f"'{shown(text)}' is IPv6; ACR private endpoints are IPv4 only.")
    if not slash or not (prefix.isascii() and prefix.isdigit()) or len(prefix) > 2:
        raise InvalidInput(
            f"'{shown(text)}' is not an IPv4 CIDR; write it as address/prefix, e.g. 10.0.1.0/28."
        )
    if int(prefix) > 32:
        raise InvalidInput(
            f"'{shown(text)}' has prefix /{int(prefix)}; an IPv4 prefix is /0 to /32."
        )
    try:
        return IPNetwork(text, version=4)
    except (AddrFormatError, ValueError):
        raise InvalidInput(f"'{shown(address)}' is not an IPv4 address.") from None


def parse_span(text: str) -> Span:
    """One in-use entry: an address, a range 'first-last' (or 'a.b.c.d-e' within the last
    octet), or a CIDR."""
    try:  # most entries: a plain address
        value = int.from_bytes(inet_pton(AF_INET, text), "big")
        return Span(value, value)
    except (OSError, ValueError):
        text = text.strip()
    if "/" in text:
        network = parse_cidr(text)
        if network.ip != network.network:
            raise InvalidInput(f"'{shown(text)}' has host bits set; did you mean {network.cidr}?")
        return Span(network.first, network.last)
    if "-" in text:
        start, _, end = (part.strip() for part in text.partition("-"))
        if not start or not end:
            raise InvalidInput(f"'{shown(text)}' is a range without both ends; write first-last.")
        first = parse_address(start)
        span = Span(first, short_range_end(first, end, text) or parse_address(end))
        if span.first > span.last:
            raise InvalidInput(f"'{shown(text)}' is a range that ends before it starts.")
        return span
    value = parse_address(text)
    return Span(value, value)


def span_text(span: Span) -> str:
    """A span as people write it: an address, or first-last."""
    first = int_to_str(span.first)
    return first if span.size == 1 else f"{first}-{int_to_str(span.last)}"


def short_range_end(first: int, end: str, text: str) -> int | None:
    """The last address of a range written a.b.c.d-e (e, 0 to 255, replaces the last octet),
    or None when `end` is not such a number (it may be a whole address)."""
    if not (end.isascii() and end.isdigit() and len(end) <= 3):
        return None
    if int(end) > 255:
        raise InvalidInput(
            f"'{shown(text)}' ends in {end}; a short range a.b.c.d-e ends in a number 0 to 255."
        )
    return (first & ~0xFF) | int(end)


def runs(addresses: list[int]) -> list[Span]:
    """Sorted addresses (repeats allowed) as merged spans: each run of consecutive ones."""
    if not addresses:
        return []
    # Where a run ends: the address after it is more than one above it (found in one pass).
    ends = [n for n, (a, b) in enumerate(pairwise(addresses), 1) if b > a + 1]
    starts = [0, *ends]
    return [
        Span(addresses[start], addresses[end - 1])
        for start, end in zip(starts, [*ends, len(addresses)], strict=True)
    ]


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, non-overlapping, non-adjacent spans covering exactly the input."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.first <= merged[-1].last + 1:
            if span.last > merged[-1].last:
                merged[-1] = Span(merged[-1].first, span.last)
        else:
            merged.append(span)
    return tuple(merged)


def usable_bounds(subnet: IPNetwork) -> Span:
    """The addresses Azure leaves to the subnet's users: everything outside is reserved.

    The one function that turns Azure's reservations (`azure.RESERVED_AT_START` and
    `azure.RESERVED_AT_END`) into addresses.
    """
    return Span(
        subnet.first + len(azure.RESERVED_AT_START), subnet.last - len(azure.RESERVED_AT_END)
    )


def reserved(subnet: IPNetwork) -> tuple[tuple[int, str], ...]:
    """Each address Azure reserves in the subnet, in order, with what it is for."""
    bounds = usable_bounds(subnet)
    return (
        *zip(range(subnet.first, bounds.first), azure.RESERVED_AT_START, strict=True),
        *zip(range(bounds.last + 1, subnet.last + 1), azure.RESERVED_AT_END, strict=True),
    )


def clip(spans: Iterable[Span], bounds: Span) -> Iterator[Span]:
    """The parts of sorted spans that lie within bounds."""
    for span in spans:
        if span.last < bounds.first:
            continue
        if span.first > bounds.last:
            return
        if bounds.first <= span.first and span.last <= bounds.last:
            yield span  # nearly every span: no new tuple
        else:
            yield Span(max(span.first, bounds.first), min(span.last, bounds.last))


def within(spans: tuple[Span, ...], bounds: Span) -> tuple[Span, ...]:
    """The parts of sorted, merged spans that lie within bounds: the spans between them
    sliced whole (found by bisection), only the two at the edges cut."""
    start = bisect_left(spans, bounds.first, key=lambda span: span.last)
    end = bisect_right(spans, bounds.last, key=lambda span: span.first)
    inside = spans[start:end]
    if inside and (inside[0].first < bounds.first or inside[-1].last > bounds.last):
        return tuple(clip(inside, bounds))  # at most the two edges are new
    return inside


def count(spans: Iterable[Span]) -> int:
    """The addresses in spans: summed in C (an estate fill counts a subnet's 90,000 spans for
    each of its endpoints)."""
    listed = spans if isinstance(spans, tuple | list) else tuple(spans)
    return int(sum(map(itemgetter(1), listed)) - sum(map(itemgetter(0), listed)) + len(listed))


def lowest_free(used: tuple[Span, ...], bounds: Span, wanted: int) -> tuple[int, ...] | None:
    """The `wanted` lowest addresses (as integers) in bounds outside the merged `used` spans,
    or None when there are fewer.

    Walks the gaps between used spans; each step either takes addresses or passes a span.
    """
    taken: list[int] = []
    cursor = bounds.first
    for span in chain(clip(used, bounds), [Span(bounds.last + 1, bounds.last + 1)]):
        gap_end = min(span.first - 1, bounds.last)
        take = min(wanted - len(taken), gap_end - cursor + 1)
        taken.extend(range(cursor, cursor + max(take, 0)))
        if len(taken) == wanted:
            return tuple(taken)
        cursor = span.last + 1
    return None


@dataclass(frozen=True)
class Subnet:
    """A subnet and the addresses already used in it (merged spans, inside the subnet).

    Allocation returns the addresses and the subnet with them used, so that several private
    endpoints can take their addresses from one subnet in turn.
    """

    cidr: IPNetwork
    used: tuple[Span, ...] = ()

    @cached_property
    def usable(self) -> Span:
        return usable_bounds(self.cidr)

    @cached_property
    def in_use(self) -> int:
        """Used addresses that Azure does not reserve anyway."""
        return count(within(self.used, self.usable))

    @property
    def free(self) -> int:
        return self.usable.size - self.in_use

    def lowest_free(self, wanted: int) -> tuple[int, ...] | None:
        """The `wanted` lowest free addresses, or None when fewer are free."""
        return lowest_free(self.used, self.usable, wanted)

    def allocate(self, wanted: int) -> tuple[tuple[int, ...], Subnet] | None:
        """The `wanted` lowest free addresses and the subnet with them used, or None when
        fewer are free."""
        taken = self.lowest_free(wanted)
        if taken is None:
            return None
        return taken, self.with_used(taken)

    def filling(self) -> Filling:
        """Allocation in turn from this subnet, for the endpoints that share it."""
        return Filling(self)

    def with_used(self, addresses: Iterable[int]) -> Subnet:
        """The subnet with the addresses used: merged into the spans they touch only (a
        subnet of 90,000 scattered addresses is not merged again for each allocation)."""
        added = merge(Span(a, a) for a in addresses)
        if not added:
            return self
        used = self.used
        start = bisect_left(used, added[0].first - 1, key=lambda span: span.last)
        end = bisect_right(used, added[-1].last + 1, key=lambda span: span.first)
        return Subnet(self.cidr, used[:start] + merge([*used[start:end], *added]) + used[end:])


class Filling:
    """Allocation in turn from one subnet: each `take` gets the lowest free addresses once the
    earlier takes have theirs, or none when fewer are free.

    One walk over the subnet's spans serves every take: the addresses taken are always the
    lowest free, so every usable address below the last one taken is used and the next take
    starts there. The cost is linear in the spans and the addresses taken, however many
    endpoints share the subnet (the subnet is not merged again after each of them).
    """

    def __init__(self, subnet: Subnet) -> None:
        self.subnet = subnet
        self.spans = within(subnet.used, subnet.usable)
        self.index = 0  # the first span that may lie at or above the cursor
        self.cursor = subnet.usable.first  # every usable address below it is used
        self.free = subnet.free
        self.taken: list[int] = []  # every address taken, in order

    def take(self, wanted: int) -> tuple[int, ...] | None:
        """The `wanted` lowest free addresses, now used; None (and nothing used) when fewer
        are free."""
        if wanted > self.free:
            return None
        taken: list[int] = []
        end = self.subnet.usable.last + 1
        while len(taken) < wanted:
            used = self.spans[self.index] if self.index < len(self.spans) else Span(end, end)
            if self.cursor < used.first:
                step = min(wanted - len(taken), used.first - self.cursor)
                taken.extend(range(self.cursor, self.cursor + step))
                self.cursor += step
            else:
                self.cursor = max(self.cursor, used.last + 1)
                self.index += 1
        self.free -= wanted
        self.taken.extend(taken)
        return tuple(taken)

    @property
    def in_use(self) -> int:
        """Used addresses that Azure does not reserve: the subnet's and those taken."""
        return self.subnet.usable.size - self.free
