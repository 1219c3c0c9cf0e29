"""Picking one zone scope or one endpoint of an estate for the files made per part."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from planner.core.estate import EndpointPlan, Estate

T = TypeVar("T")


class UnknownPart(LookupError):
    """A zone scope or endpoint name that the estate does not have; the message lists those
    it has."""


def pick(items: tuple[T, ...], wanted: str | None, name_of: Callable[[T], str], what: str) -> T:
    """The item named `wanted`, or the only one when nothing is asked."""
    if wanted is None and len(items) == 1:
        return items[0]
    for item in items:
        if name_of(item) == wanted:
            return item
    names = [name_of(item) for item in items]
    listed = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
    asked = (
        f"The estate has {len(items)} of them" if wanted is None else f"No {what} '{wanted[:64]}'"
    )
    article = "an" if what[0] in "aeiou" else "a"
    raise UnknownPart(f"{asked}; name {article} {what}: {listed}.")


def pick_endpoint(estate: Estate, name: str | None) -> EndpointPlan:
    return pick(estate.endpoints, name, lambda endpoint: endpoint.name, "endpoint")
