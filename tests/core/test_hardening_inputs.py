"""The core's input rules against hostile values: linear lists, caps, ASCII names, odd pastes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.core import Cloud, InvalidInput, azure, inputs
from planner.core.show_endpoints import parse_show_endpoints
from planner.pages.pickers import region_pickers

# The old reading of a list string, quadratic on long runs of white space: the reference
# that split_list must agree with on short strings.
OLD_SEPARATORS = re.compile(r"[\s,;]+")
OLD_RANGE_DASH = re.compile(r"\s*-\s*")


def old_split(text: str) -> list[str]:
    return [word for word in OLD_SEPARATORS.split(OLD_RANGE_DASH.sub("-", text)) if word]


@given(st.text(alphabet=" \t\n\u00a0\u3000,;-a1.", max_size=40))
def test_it_splits_a_list_as_the_old_regular_expressions_did(text: str) -> None:
    assert inputs.split_list(text) == old_split(text)


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (
            "10.0.1.4 - 10.0.1.6\n10.0.1.9; 10.0.1.10",
            ["10.0.1.4-10.0.1.6", "10.0.1.9", "10.0.1.10"],
        ),
        ("eastus,westus", ["eastus", "westus"]),
        (" , ;\n", []),
        ("a -, b", ["a-", "b"]),
        ("a ,- b", ["a", "-b"]),
    ],
)
def test_it_splits_lists_on_commas_semicolons_and_white_space(
    text: str, entries: list[str]
) -> None:
    assert inputs.split_list(text) == entries


def test_it_splits_long_runs_of_white_space_in_one_pass() -> None:
    spaces = " " * 1_000_000
    assert inputs.split_list(spaces) == []
    assert inputs.split_list(f"10.0.1.4{spaces}-{spaces}10.0.1.6") == ["10.0.1.4-10.0.1.6"]
    assert inputs.split_list(f"10.0.1.4{spaces}10.0.1.6") == ["10.0.1.4", "10.0.1.6"]
    assert inputs.split_list("-" + spaces + "-") == ["--"]


def test_it_caps_a_list_string_by_characters_and_by_entries() -> None:
    assert len(inputs.split_list("1," * inputs.MAX_ENTRIES)) == inputs.MAX_ENTRIES
    with pytest.raises(InvalidInput, match=f"at most {inputs.MAX_ENTRIES:,} entries"):
        inputs.split_list("1," * (inputs.MAX_ENTRIES + 1))
    with pytest.raises(InvalidInput, match=f"at most {inputs.MAX_LIST_CHARACTERS:,} characters"):
        inputs.split_list(" " * (inputs.MAX_LIST_CHARACTERS + 1))


def test_it_caps_list_entries_and_single_values_by_characters() -> None:
    entry = "x" * (inputs.MAX_ENTRY_CHARACTERS + 1)
    with pytest.raises(InvalidInput, match=f"has {len(entry)}") as raised:
        inputs.check_entries(["eastus", entry])
    assert len(str(raised.value)) < 200
    with pytest.raises(InvalidInput, match=f"at most {inputs.MAX_ENTRIES:,} entries"):
        inputs.check_entries(["1"] * (inputs.MAX_ENTRIES + 1))
    assert inputs.check_entries(["1"] * inputs.MAX_ENTRIES) == ["1"] * inputs.MAX_ENTRIES
    value = "y" * (inputs.MAX_TEXT_CHARACTERS + 1)
    with pytest.raises(InvalidInput, match=f"at most {inputs.MAX_TEXT_CHARACTERS} characters"):
        inputs.check_text(value)
    assert inputs.check_text(value[1:]) == value[1:]


def test_it_caps_regions_at_the_clouds_region_count() -> None:
    regions = azure.CLOUDS[Cloud.USGOV].regions
    assert inputs.parse_regions(regions, Cloud.USGOV) == regions
    with pytest.raises(InvalidInput, match="Azure US Government has 5 regions; 6 were named"):
        inputs.parse_regions([*regions, "usgoviowa"], Cloud.USGOV)


def test_it_lowercases_only_ascii_names() -> None:
    assert inputs.parse_regions(["KoreaCentral"], Cloud.PUBLIC) == ("koreacentral",)
    with pytest.raises(InvalidInput, match="'\u212aoreacentral' is not a region"):
        inputs.parse_regions(["\u212aoreacentral"], Cloud.PUBLIC)
    assert inputs.ascii_lower("EastUS") == "eastus"
    assert inputs.ascii_lower("\u212aorea") == "\u212aorea"


def test_its_pickers_show_a_kelvin_sign_as_an_unknown_region() -> None:
    (picker,) = region_pickers(["\u212aoreacentral"], None, None).pickers
    assert (picker.selected, picker.known) == ("\u212aoreacentral", False)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 100_000, "nested too deeply"),
        ("{" + '"a": {' * 10_000, "nested too deeply"),
        ("9" * 4_301, "number too long"),
        ('{"loginServer": "contoso.azurecr.io", "x": -' + "1" * 5_000 + "}", "number too long"),
    ],
)
def test_it_refuses_a_paste_nested_too_deeply_or_with_a_huge_number(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says) as raised:
        parse_show_endpoints(text)
    assert "az acr show-endpoints --name" in str(raised.value)


def test_it_keeps_non_ascii_names_of_a_paste_for_the_form_to_refuse() -> None:
    pasted = (
        '{"loginServer": "\u212aontoso.azurecr.io", '
        '"dataEndpoints": [{"region": "\u212aorea Central", "endpoint": "x"}]}'
    )
    shown = parse_show_endpoints(pasted)
    assert (shown.registry, shown.regions) == ("\u212aontoso", ("\u212aoreaCentral",))
