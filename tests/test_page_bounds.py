"""What bounds the pages' answers: region pickers, excerpts of refused pastes,
the estate's pictures and cards; and two names the exports take (zone ids, zone scopes)."""

from __future__ import annotations

import pytest
from netaddr import IPNetwork

from planner.core import Cloud, InvalidInput, Registry, azure, inputs
from planner.core.addresses import Subnet
from planner.core.estate import EndpointRequest, EstateRequest, estate
from planner.core.model import DEFAULT_DEPLOYMENT
from planner.core.subnet_map import drawn_block
from planner.pages.estate_fields import (
    MAX_DRAWN_CELLS,
    MAX_DRAWN_MEMBERS,
    cells_each,
    drawn_endpoints,
    pictures,
)
from planner.pages.excerpt import KEPT_CHARACTERS, SHOWN_CHARACTERS, excerpt
from planner.pages.pickers import region_pickers

PUBLIC_REGIONS = azure.CLOUDS[Cloud.PUBLIC].regions


def test_it_draws_no_more_region_pickers_than_the_cloud_has_regions() -> None:
    pickers = region_pickers(["a"] * 4_000, None, None)
    assert pickers.count == len(PUBLIC_REGIONS)
    assert region_pickers(["a"] * 4_000, "4000", None).count == len(PUBLIC_REGIONS)


def test_it_keeps_the_first_names_in_the_pickers_it_draws() -> None:
    names = [*PUBLIC_REGIONS, "eastus"]
    pickers = region_pickers(names, None, None).pickers
    assert [picker.selected for picker in pickers] == list(PUBLIC_REGIONS)


def test_a_short_paste_is_shown_again_whole() -> None:
    text = "x" * SHOWN_CHARACTERS
    assert excerpt(text).text == text
    assert excerpt(text).note == ""


def test_a_long_paste_is_shown_again_as_its_first_lines_with_a_note() -> None:
    lines = "".join(f'  "line {number:05}": true,\n' for number in range(10_000))
    shown = excerpt(lines)
    assert lines.startswith(shown.text)
    assert shown.text.endswith(",\n")  # whole lines
    assert len(shown.text) <= SHOWN_CHARACTERS
    assert f"{len(lines):,} characters" in shown.note
    assert f"its first {len(shown.text):,}" in shown.note


def test_a_paste_that_was_read_is_kept_whole_up_to_a_larger_limit() -> None:
    """Beside a refused paste: only the refused one needs pasting again."""
    text = "x" * KEPT_CHARACTERS
    assert excerpt(text, refused=False).text == text
    longer = excerpt(text + "x", refused=False)
    assert longer.text == text
    assert f"{KEPT_CHARACTERS + 1:,} characters" in longer.note


def test_a_long_paste_of_one_line_is_cut_at_the_limit() -> None:
    shown = excerpt("x" * 2_000_000)
    assert shown.text == "x" * SHOWN_CHARACTERS
    assert "2,000,000 characters" in shown.note


def test_a_smaller_share_draws_a_smaller_block_around_the_planned_addresses() -> None:
    subnet = Subnet(IPNetwork("10.1.0.0/16"))
    planned = [int(IPNetwork("10.1.7.70/32").first)]
    assert str(drawn_block(subnet, planned)) == "10.1.7.0/24"  # the default: a /24 at least
    assert str(drawn_block(subnet, planned, 16)) == "10.1.7.64/28"
    assert str(drawn_block(Subnet(IPNetwork("10.1.0.0/28")), planned, 16)) == "10.1.0.0/28"


def test_the_pictures_of_an_estate_share_one_budget_of_cells() -> None:
    assert cells_each(1) == 1_024
    assert cells_each(200) * 200 <= MAX_DRAWN_CELLS
    assert cells_each(200) == 16


def big_estate(endpoints: int, regions: tuple[str, ...], regional: bool) -> EstateRequest:
    registry = Registry("contoso", regions, regional, Cloud.PUBLIC)
    return EstateRequest(
        registry,
        tuple(
            EndpointRequest(
                f"pe{n}", Subnet(IPNetwork(f"10.{n // 64}.{n % 64 * 4}.0/22")), f"pe{n}"
            )
            for n in range(endpoints)
        ),
        None,
        DEFAULT_DEPLOYMENT,
    )


def test_an_estate_of_200_22s_draws_each_picture_in_its_share() -> None:
    request = big_estate(200, ("eastus",), False)
    drawn = pictures(estate(request))
    assert len(drawn) == 200
    assert sum(len(row.cells) for picture in drawn for row in picture.rows) <= MAX_DRAWN_CELLS
    assert all(picture.counts[2].count == 2 for picture in drawn)  # counts: whole subnet


def test_a_page_draws_the_endpoints_whose_members_fit_its_budget() -> None:
    every_region = PUBLIC_REGIONS
    members = 1 + 2 * len(every_region)
    result = estate(big_estate(200, every_region, True))
    drawn = drawn_endpoints(result)
    assert drawn == MAX_DRAWN_MEMBERS // members
    assert drawn_endpoints(estate(big_estate(3, ("eastus",), False))) == 3


ZONE_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/"
    "Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
)


@pytest.mark.parametrize(
    "zone_id",
    [
        ZONE_ID.replace("privatelink", "privatelin\u212a"),  # the Kelvin sign
        ZONE_ID.replace("Network", "Networ\u212a"),
    ],
)
def test_a_zone_id_is_ascii(zone_id: str) -> None:
    with pytest.raises(InvalidInput, match="U\\+212A"):
        inputs.parse_zone_id(zone_id, Cloud.PUBLIC)
    assert inputs.parse_zone_id(ZONE_ID, Cloud.PUBLIC) == ZONE_ID


def test_zone_scopes_are_spelt_alike_in_every_case() -> None:
    assert inputs.check_scope_spelling("hub", "hub") == "hub"
    with pytest.raises(InvalidInput, match="'Hub' differs from 'hub' only in case"):
        inputs.check_scope_spelling("Hub", "hub")
