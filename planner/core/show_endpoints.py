"""Reading what `az acr show-endpoints` prints, to fill the planning form.

Only the shape is checked here: the registry name and the regions it gives go through the
form's usual validation afterwards, so their messages are the usual ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from planner.core import azure
from planner.core.addresses import InvalidInput, shown
from planner.core.azure import Cloud
from planner.core.inputs import ascii_lower

WHAT_TO_PASTE = "Paste the JSON that az acr show-endpoints --name <registry> prints."
MAX_PASTED_CHARACTERS = 100_000


@dataclass(frozen=True)
class ShownEndpoints:
    registry: str
    cloud: Cloud
    regions: tuple[str, ...]  # in the order az prints them
    regional_endpoints: bool


def parse_show_endpoints(text: str) -> ShownEndpoints:
    if not text.strip():
        raise InvalidInput(f"The paste box is empty. {WHAT_TO_PASTE}")
    if len(text) > MAX_PASTED_CHARACTERS:
        raise InvalidInput(
            f"The pasted text has {len(text):,} characters; az acr show-endpoints prints far "
            f"fewer. {WHAT_TO_PASTE}"
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"The pasted text is not JSON ({error.msg}, line {error.lineno}). {WHAT_TO_PASTE}"
        ) from None
    except RecursionError:
        raise InvalidInput(
            f"The pasted JSON is nested too deeply to be what az prints. {WHAT_TO_PASTE}"
        ) from None
    except ValueError:  # Python reads no integer of over 4,300 digits
        raise InvalidInput(
            f"The pasted JSON has a number too long to be what az prints. {WHAT_TO_PASTE}"
        ) from None
    if not isinstance(document, dict):
        raise InvalidInput(
            f"The pasted JSON is not an object with loginServer and dataEndpoints. {WHAT_TO_PASTE}"
        )
    registry, cloud = login_server(document.get("loginServer"))
    regions = endpoint_regions(document, "dataEndpoints")
    if not regions:
        raise InvalidInput(
            f"The pasted JSON lists no dataEndpoints, so it names no region. {WHAT_TO_PASTE}"
        )
    return ShownEndpoints(
        registry=registry,
        cloud=cloud,
        regions=regions,
        regional_endpoints=bool(endpoint_regions(document, "regionalEndpoints")),
    )


def login_server(value: Any) -> tuple[str, Cloud]:
    """The registry name and the cloud, from a login server such as contoso.azurecr.io."""
    suffixes = {facts.registry_suffix: cloud for cloud, facts in azure.CLOUDS.items()}
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            f"The pasted JSON has no loginServer such as contoso.azurecr.io. {WHAT_TO_PASTE}"
        )
    registry, _, suffix = (ascii_lower(part) for part in value.strip().partition("."))
    if suffix not in suffixes:
        raise InvalidInput(
            f"loginServer '{shown(value)}' is not a registry login server; it ends in one of "
            f"{', '.join(suffixes)}."
        )
    return registry, suffixes[suffix]


def endpoint_regions(document: dict[str, Any], key: str) -> tuple[str, ...]:
    """The `region` of each entry of a list such as dataEndpoints; an absent list is empty."""
    entries = document.get(key) or []
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("region"), str) for entry in entries
    ):
        raise InvalidInput(
            f'{key} should be a list of {{"region": ..., "endpoint": ...}} objects. {WHAT_TO_PASTE}'
        )
    # Programmatic names have no spaces; a display name such as "East US" maps to eastus.
    return tuple(ascii_lower(entry["region"].replace(" ", "")) for entry in entries)


def filled_summary(shown: ShownEndpoints) -> str:
    """What a paste filled in the form, in one sentence."""
    regions = ", ".join(shown.regions)
    listed = (
        f"regions {regions} (home region first: check it)"
        if len(shown.regions) > 1
        else f"region {regions}"
    )
    return (
        f"Filled from az acr show-endpoints: registry {shown.registry}, cloud "
        f"{shown.cloud.value}, {listed}, regional endpoints "
        f"{'on' if shown.regional_endpoints else 'off'}."
    )
