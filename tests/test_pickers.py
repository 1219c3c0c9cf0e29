from __future__ import annotations

from planner.core import azure
from planner.pages.pickers import by_programmatic_name, region_pickers, resize


def selected(names: list[str], count: str | None, cloud: str | None = None) -> list[str]:
    return [picker.selected for picker in region_pickers(names, count, cloud).pickers]


def test_it_draws_one_empty_home_region_picker_for_an_empty_form() -> None:
    pickers = region_pickers([], None, None)
    assert [(p.label, p.selected) for p in pickers.pickers] == [("Home region", "")]
    assert pickers.choices == azure.PUBLIC_REGIONS


def test_it_draws_one_picker_per_replica_and_fills_the_named_regions() -> None:
    assert selected(["eastus"], "3") == ["eastus", "", ""]
    assert selected(["eastus", "westus"], None) == ["eastus", "westus"]


def test_it_never_hides_a_named_region_when_the_count_is_smaller() -> None:
    assert selected(["eastus", "westus", "uksouth"], "2") == ["eastus", "westus", "uksouth"]


def test_it_ignores_a_count_that_is_not_a_usable_number() -> None:
    assert selected([], "-1") == [""]
    assert selected([], "many") == [""]
    assert selected([], "999") == [""]


def test_it_offers_the_regions_of_the_chosen_cloud_and_flags_others() -> None:
    pickers = region_pickers(["chinaeast", "EastUS"], None, "china")
    assert pickers.choices == azure.CHINA_REGIONS
    assert [(p.selected, p.known) for p in pickers.pickers] == [
        ("chinaeast", True),
        ("EastUS", False),  # as typed, for its owner to mend
    ]


def test_it_keeps_the_first_regions_when_the_count_is_lowered() -> None:
    assert resize(["eastus", "westus", "uksouth"], "1") == ["eastus"]
    assert resize(["eastus"], "3") == ["eastus"]
    assert resize(["eastus", "westus"], "") == ["eastus", "westus"]


def test_it_labels_each_choice_with_its_display_name() -> None:
    pickers = region_pickers(["West Europe"], None, "public")
    assert ("eastus2", "East US 2") in pickers.options
    assert [p.selected for p in pickers.pickers] == ["westeurope"]


def test_it_names_each_known_region_by_its_programmatic_name_and_keeps_the_rest() -> None:
    names = ["West Europe", "eastus 2", "westeurope", "West Eurup", "eastus, westus"]
    assert by_programmatic_name(names, "public") == [
        "westeurope",
        "eastus2",
        "westeurope",
        "West Eurup",  # unknown: as typed
        "eastus, westus",  # a list in one value: left to the form
    ]
    assert by_programmatic_name(["West Europe"], "china") == ["West Europe"]
    assert by_programmatic_name(["China North 3"], "china") == ["chinanorth3"]
