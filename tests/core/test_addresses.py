from __future__ import annotations

import pytest
from netaddr import IPAddress, IPNetwork, IPSet

from planner.core.addresses import (
    InvalidInput,
    Span,
    clip,
    count,
    lowest_free,
    merge,
    parse_span,
    reserved,
    usable_bounds,
)


def span(text: str) -> Span:
    return parse_span(text)


def test_it_parses_an_address_a_range_and_a_cidr() -> None:
    assert span("10.0.0.9") == Span(int(IPAddress("10.0.0.9")), int(IPAddress("10.0.0.9")))
    assert span("10.0.0.4-10.0.0.6").size == 3
    assert span(" 10.0.0.8/30 ").size == 4


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("10.0.0", "not an IPv4 address"),
        ("010.0.0.1", "not an IPv4 address"),
        ("10.0.0.9-10.0.0.1", "ends before it starts"),
        ("10.0.0.5/30", "did you mean 10.0.0.4/30"),
        ("10.0.0.0/33", "/0 to /32"),
        ("fd00::1/64", "IPv6"),
        ("10.0.0.0/abc", "address/prefix"),
    ],
)
def test_it_refuses_malformed_entries(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_span(text)


def test_it_merges_overlapping_and_adjacent_spans_like_an_ipset() -> None:
    entries = ["10.0.0.4-10.0.0.6", "10.0.0.5", "10.0.0.7", "10.0.0.16/28", "10.0.0.20-10.0.0.40"]
    merged = merge(span(entry) for entry in entries)
    expected = IPSet(["10.0.0.4/30", "10.0.0.16/28", "10.0.0.32/29", "10.0.0.40/32"])
    assert [(first, last) for first, last in merged] == [
        (r.first, r.last) for r in expected.iter_ipranges()
    ]


def test_it_reserves_the_first_four_and_the_last_address() -> None:
    subnet = IPNetwork("10.0.1.0/28")
    assert [(str(IPAddress(address)), note) for address, note in reserved(subnet)] == [
        ("10.0.1.0", "network address"),
        ("10.0.1.1", "default gateway"),
        ("10.0.1.2", "Azure DNS"),
        ("10.0.1.3", "Azure DNS"),
        ("10.0.1.15", "last address (broadcast)"),
    ]
    bounds = usable_bounds(subnet)
    assert (IPAddress(bounds.first), IPAddress(bounds.last)) == (
        IPAddress("10.0.1.4"),
        IPAddress("10.0.1.14"),
    )


def test_it_clips_and_counts_within_bounds() -> None:
    bounds = usable_bounds(IPNetwork("10.0.1.0/28"))
    used = merge([span("10.0.1.0-10.0.1.5"), span("10.0.1.14-10.0.1.15")])
    assert count(clip(used, bounds)) == 3  # .4, .5 and .14


def test_it_takes_the_lowest_free_addresses_around_used_ones() -> None:
    subnet = IPNetwork("10.0.1.0/28")
    used = merge([span("10.0.1.5"), span("10.0.1.7-10.0.1.8")])
    taken = lowest_free(used, usable_bounds(subnet), 4)
    assert [str(IPAddress(a)) for a in taken or ()] == [
        "10.0.1.4",
        "10.0.1.6",
        "10.0.1.9",
        "10.0.1.10",
    ]


def test_it_says_none_when_the_free_addresses_are_too_few() -> None:
    subnet = IPNetwork("10.0.1.0/29")  # .4 .5 .6 usable
    used = merge([span("10.0.1.5")])
    assert lowest_free(used, usable_bounds(subnet), 2) is not None
    assert lowest_free(used, usable_bounds(subnet), 3) is None


@pytest.mark.parametrize("text", ["10.0.0.0/²⁸", "10.0.0.0/¹", "10.0.0.0/٢٨"])
def test_it_reads_only_ascii_digits_as_a_prefix(text: str) -> None:
    with pytest.raises(InvalidInput, match="address/prefix"):
        parse_span(text)


@pytest.mark.parametrize("text", ["10.0.0.4-", "-10.0.0.4", " - "])
def test_it_names_a_range_missing_an_end(text: str) -> None:
    with pytest.raises(InvalidInput, match="without both ends"):
        parse_span(text)


def test_it_reads_a_range_written_with_spaces() -> None:
    assert parse_span("10.0.0.4 - 10.0.0.6").size == 3


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("10.20.1.4-6", "10.20.1.4", "10.20.1.6"),
        ("10.20.1.4 - 6", "10.20.1.4", "10.20.1.6"),
        ("10.20.1.4-4", "10.20.1.4", "10.20.1.4"),
        ("10.20.1.0-255", "10.20.1.0", "10.20.1.255"),
        ("10.20.1.4-10.20.1.6", "10.20.1.4", "10.20.1.6"),  # the full form stays
    ],
)
def test_it_reads_a_short_range_within_the_last_octet(text: str, first: str, last: str) -> None:
    assert parse_span(text) == (span(first).first, span(last).last)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("10.20.1.6-4", "ends before it starts"),
        ("10.20.1.4-256", "0 to 255"),
        ("10.20.1.4-0006", "not an IPv4 address"),
        ("10.20.1.4-٦", "not an IPv4 address"),  # only ASCII digits
        ("10.20.1-6", "not an IPv4 address"),
    ],
)
def test_it_refuses_a_bad_short_range(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_span(text)
