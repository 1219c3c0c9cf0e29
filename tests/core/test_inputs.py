from __future__ import annotations

import pytest
from netaddr import IPNetwork

from planner.core import azure, inputs
from planner.core.addresses import InvalidInput
from planner.core.azure import CLOUDS, Cloud


def test_it_stores_registry_names_in_lower_case() -> None:
    assert inputs.parse_registry("ContosoRegistry1") == "contosoregistry1"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("abcd", "has 4 characters"),
        ("a" * 51, "has 51 characters"),
        ("con-toso", "has something else"),
        ("contoso\n", "has something else"),
        ("contosö", "has something else"),
        ("", "has something else"),
    ],
)
def test_it_refuses_bad_registry_names(name: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        inputs.parse_registry(name)


def test_it_keeps_region_order_home_region_first() -> None:
    assert inputs.parse_regions(["WestEurope", "eastus"], Cloud.PUBLIC) == ("westeurope", "eastus")


def test_it_names_every_region_problem_at_once() -> None:
    with pytest.raises(InvalidInput) as raised:
        inputs.parse_regions(["eastus", "wetsus", "eastus", "mars"], Cloud.PUBLIC)
    message = str(raised.value)
    assert "did you mean 'westus'" in message
    assert "'mars' is not a region" in message
    assert "repeated: eastus" in message


def test_it_knows_regions_per_cloud() -> None:
    assert inputs.parse_regions(["usgovvirginia"], Cloud.USGOV) == ("usgovvirginia",)
    with pytest.raises(InvalidInput, match="not a region of Azure China"):
        inputs.parse_regions(["eastus"], Cloud.CHINA)


def test_it_wants_at_least_one_region() -> None:
    with pytest.raises(InvalidInput, match="at least one region"):
        inputs.parse_regions([" ", ""], Cloud.PUBLIC)


def test_it_checks_the_replica_count_against_the_regions_and_the_cloud() -> None:
    assert inputs.check_replica_count(2, ("eastus", "westus"), Cloud.PUBLIC) == 2
    with pytest.raises(InvalidInput, match="does not match the 2 region"):
        inputs.check_replica_count(3, ("eastus", "westus"), Cloud.PUBLIC)
    with pytest.raises(InvalidInput, match="1 to 5 replicas"):
        inputs.check_replica_count(6, None, Cloud.USGOV)
    with pytest.raises(InvalidInput, match="got 0"):
        inputs.check_replica_count(0, None, Cloud.PUBLIC)
    assert inputs.check_replica_count(len(CLOUDS[Cloud.PUBLIC].regions), None, Cloud.PUBLIC)


@pytest.mark.parametrize("text", ["10.0.1.0/29", "10.0.0.0/8", "0.0.0.0/2", " 10.0.1.0/28 "])
def test_it_accepts_azure_subnets(text: str) -> None:
    assert str(inputs.parse_subnet(text)) == text.strip()


@pytest.mark.parametrize("text", ["10.40.8.0 /27", "10.40.8.0/ 27", " 10.40.8.0 / 27\t"])
def test_it_reads_a_subnet_with_white_space_around_its_slash(text: str) -> None:
    assert str(inputs.parse_subnet(text)) == "10.40.8.0/27"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("10.0.1.0/33", "An Azure subnet is /2 to /29; '10.0.1.0/33' is /33"),  # one message
        ("10.0.1.0/0", "An Azure subnet is /2 to /29; '10.0.1.0/0' is /0"),
        ("10.0.1.0/30", "/2 to /29"),
        ("0.0.0.0/1", "/2 to /29"),
        ("10.0.1.5/28", "did you mean 10.0.1.0/28"),
        ("fd00::/64", "IPv4 only"),
        ("10.0.1.0", "address/prefix"),
        ("banana", "address/prefix"),
        ("127.0.0.0/24", "overlaps 127.0.0.0/8"),
        ("169.254.0.0/24", "overlaps 169.254.0.0/16"),
        ("168.63.129.0/24", "overlaps 168.63.129.16/32"),
        ("224.0.0.0/8", "overlaps 224.0.0.0/4"),
        ("192.0.0.0/2", "overlaps 224.0.0.0/4"),
        ("255.255.255.248/29", "overlaps"),
        ("64.0.0.0/2", "overlaps 127.0.0.0/8"),
    ],
)
def test_it_refuses_subnets_azure_would_refuse(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        inputs.parse_subnet(text)


def test_it_reads_in_use_entries_inside_the_subnet() -> None:
    subnet = inputs.parse_subnet("10.0.1.0/28")
    spans = inputs.parse_in_use(["10.0.1.4", "10.0.1.5-10.0.1.6", "10.0.1.8/30", ""], subnet)
    assert [span.size for span in spans] == [3, 4]


def test_it_lists_the_first_bad_in_use_entries_and_counts_the_rest() -> None:
    subnet = inputs.parse_subnet("10.0.1.0/28")
    bad = [f"10.0.2.{n}" for n in range(9)]
    with pytest.raises(InvalidInput) as raised:
        inputs.parse_in_use(["10.0.1.4", *bad], subnet)
    message = str(raised.value)
    assert "'10.0.2.0' is not inside 10.0.1.0/28" in message
    assert "'10.0.2.5'" not in message
    assert "and 4 more" in message


def test_it_refuses_unknown_clouds_listing_the_choices() -> None:
    assert inputs.parse_cloud("USGov") is Cloud.USGOV
    with pytest.raises(InvalidInput, match="public, usgov, china"):
        inputs.parse_cloud("germany")


def test_it_shortens_long_input_in_messages() -> None:
    with pytest.raises(InvalidInput) as raised:
        inputs.parse_registry("x" * 10_000 + "-")
    assert len(str(raised.value)) < 200


def test_it_reports_a_huge_list_of_bad_regions_briefly() -> None:
    names = ["eastus"] * 50_000 + [f"nowhere{n}" for n in range(50_000)]
    with pytest.raises(InvalidInput) as raised:
        inputs.parse_regions(names, Cloud.PUBLIC)
    message = str(raised.value)
    assert "Azure (public) has 58 regions; 100,000 were named" in message
    assert len(message) < 1_000


def test_it_builds_the_registry_rule_from_the_azure_limits() -> None:
    assert f"{azure.REGISTRY_NAME_MIN} to {azure.REGISTRY_NAME_MAX}" in inputs.REGISTRY_MISSING


def test_it_reads_short_ranges_in_a_list_written_with_spaces() -> None:
    subnet = IPNetwork("10.20.1.0/24")
    entries = inputs.split_list("10.20.1.4 - 6, 10.20.1.10-12")
    assert entries == ["10.20.1.4-6", "10.20.1.10-12"]
    spans = inputs.parse_in_use(entries, subnet)
    assert [(s.first - subnet.first, s.last - subnet.first) for s in spans] == [(4, 6), (10, 12)]


@pytest.mark.parametrize(
    ("names", "cloud", "regions"),
    [
        (["East US", "West Europe"], Cloud.PUBLIC, ("eastus", "westeurope")),
        (["eastus 2", "westus"], Cloud.PUBLIC, ("eastus2", "westus")),
        (["EAST US2"], Cloud.PUBLIC, ("eastus2",)),
        (["  North  Central US "], Cloud.PUBLIC, ("northcentralus",)),
        (["USGov Virginia", "usdod east"], Cloud.USGOV, ("usgovvirginia", "usdodeast")),
        (["China North 3"], Cloud.CHINA, ("chinanorth3",)),
    ],
)
def test_it_reads_regions_by_display_name(
    names: list[str], cloud: Cloud, regions: tuple[str, ...]
) -> None:
    assert inputs.parse_regions(names, cloud) == regions


@pytest.mark.parametrize("name", ["East\u00a0US", "Ea\u017ft US", "East U\u0405", "Ea st U S 9"])
def test_it_refuses_a_display_name_that_is_not_plain_ascii_or_not_a_region(name: str) -> None:
    with pytest.raises(InvalidInput, match="is not a region"):
        inputs.parse_regions([name], Cloud.PUBLIC)


def test_it_names_a_repeated_region_given_by_both_names() -> None:
    with pytest.raises(InvalidInput, match="repeated: eastus2"):
        inputs.parse_regions(["eastus2", "East US 2"], Cloud.PUBLIC)


def test_it_splits_region_names_at_commas_semicolons_and_new_lines_only() -> None:
    assert inputs.split_names("East US, West Europe;eastus 2\r\nwestus,,") == [
        "East US",
        "West Europe",
        "eastus 2",
        "westus",
    ]


def test_it_splits_a_long_list_of_names_in_linear_time() -> None:
    assert inputs.split_names(" " * 200_000 + "," * 50_000) == []


@pytest.mark.parametrize("cloud", list(Cloud))
def test_it_has_a_display_name_for_every_region_and_no_other(cloud: Cloud) -> None:
    facts = CLOUDS[cloud]
    assert set(facts.display_names) == set(facts.regions)
    for region, display in facts.display_names.items():
        assert display.isascii()
        assert inputs.region_name(display, cloud) == region


def test_it_still_splits_programmatic_names_separated_by_spaces() -> None:
    assert inputs.split_names("eastus westus, East US, eastus 2") == [
        "eastus",
        "westus",
        "East US",
        "eastus 2",
    ]
