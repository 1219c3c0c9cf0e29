"""The page's region pickers: one per replica, home region first, from the raw form values.

These read what the user typed so far (the form may be invalid): they decide only how many
pickers to draw and what each shows; the form's validation says what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planner.core import azure
from planner.core.addresses import InvalidInput
from planner.core.azure import Cloud
from planner.core.inputs import parse_cloud, region_name


@dataclass(frozen=True)
class Picker:
    position: int  # 1 is the home region
    selected: str  # "" when no region is chosen yet
    known: bool  # selected is empty or one of the cloud's regions

    @property
    def label(self) -> str:
        return "Home region" if self.position == 1 else f"Replica {self.position} region"


@dataclass(frozen=True)
class RegionPickers:
    cloud: Cloud  # the chosen cloud, or the public cloud while the choice is not valid
    choices: tuple[str, ...]
    pickers: tuple[Picker, ...]

    @property
    def count(self) -> int:
        return len(self.pickers)

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """Each choice's programmatic name (the value sent) and display name (the label)."""
        names = azure.CLOUDS[self.cloud].display_names
        return tuple((region, names[region]) for region in self.choices)


def wanted_count(count_text: str | None, most: int) -> int | None:
    """The replica count typed, when it is a usable number of pickers."""
    text = (count_text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(most))):
        return None
    return int(text) if 1 <= int(text) <= most else None


def region_pickers(
    names: Sequence[str], count_text: str | None, cloud_text: str | None
) -> RegionPickers:
    """As many pickers as the count asks for, and never fewer than the regions named, up to
    one per region of the cloud.

    A region list longer than the count keeps every name on screen (the form reports the
    mismatch); see `resize` for what the page does when the count itself is changed. Names
    beyond the cloud's number of regions get no picker (the form's one message counts them):
    one picker per name made an 8 KB link of 4,000 names a 13 MB page.
    """
    cloud = chosen_cloud(cloud_text)
    choices = azure.CLOUDS[cloud].regions
    names = [name.strip() for name in by_programmatic_name(names[: len(choices)], cloud_text)]
    shown = max(wanted_count(count_text, len(choices)) or 0, len(names), 1)
    selected = [*names, *[""] * (shown - len(names))]
    return RegionPickers(
        cloud=cloud,
        choices=choices,
        pickers=tuple(
            Picker(position, name, not name or name in choices)
            for position, name in enumerate(selected, start=1)
        ),
    )


def chosen_cloud(cloud_text: str | None) -> Cloud:
    """The cloud chosen, or the public cloud while the choice is not valid."""
    try:
        return parse_cloud(cloud_text or Cloud.PUBLIC.value)
    except InvalidInput:
        return Cloud.PUBLIC


def by_programmatic_name(names: Sequence[str], cloud_text: str | None) -> list[str]:
    """Each name of a region of the cloud as its programmatic name (West Europe and westeurope
    are both westeurope, as a link says it); anything else as typed, for its owner to mend."""
    cloud = chosen_cloud(cloud_text)
    regions = azure.CLOUDS[cloud].regions
    return [known if (known := region_name(name, cloud)) in regions else name for name in names]


def resize(names: Sequence[str], count_text: str | None) -> list[str]:
    """The regions after the replica count was changed to `count_text`: the first ones kept."""
    count = wanted_count(count_text, len(names))
    return list(names[:count]) if count is not None else list(names)
