"""How the pages set long names, addresses and commands, and the region names they suggest.

`{{ fqdn|wrap_after:"." }}`: an FQDN that may break after its dots and nowhere else.
`{{ text|runbook_steps }}`: a runbook cut into its numbered steps, each copied on its own.
`{{ label|numbered:3 }}`: "Replica {n} region" as the label of the third input.
`{{ finding.kind|words }}`: "wrong_address" as "wrong address".
`{{ warning|in_short }}`: a long warning's one sentence, said first (the whole one on demand).
`{% region_datalists %}`: each cloud's regions as a <datalist> for the region inputs.
`{% grown_pickers fields.regions fields.cloud as pickers %}`: an input per region named, and
one more, empty (`name=` reads every value of that name from a posted form instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from django import template
from django.utils.safestring import SafeString, mark_safe

from planner.core import InvalidInput, azure
from planner.core.inputs import split_names
from planner.pages.pickers import RegionPickers, region_pickers

register = template.Library()

# The page says these warnings in one sentence and opens the whole text on demand; the API
# and the files keep the whole text.
IN_SHORT = {
    azure.STATIC_IP_WARNING: "Static IPs: adding a replica later fails while this endpoint lacks "
    "the replica's addresses, and re-creating the endpoint is an outage.",
}


@register.filter
def in_short(warning: str) -> str:
    """The warning's one sentence, or nothing when it is short already."""
    return IN_SHORT.get(warning, "")


LONG_WORD = 24  # characters: longer than any region's name; a registry's may have 50


@register.filter
def wrap_after(name: object, separator: str = ".") -> SafeString:
    """The name escaped, with a line-break opportunity after each separator: an FQDN wraps
    between its labels ("contoso.northeurope.|data.azurecr.io"), a member name between its
    words ("registry_data_|germanywestcentral"), never inside one. A word longer than
    LONG_WORD (a 50-letter registry name) may also break inside where a line has no room for
    it, and only there (planner.css), so that no table outgrows a phone."""
    words = [
        f'<span class="long-word">{escape(word)}</span>' if len(word) > LONG_WORD else escape(word)
        for word in str(name).split(separator)
    ]
    return mark_safe(f"{separator}<wbr>".join(words))  # every word escaped above


@register.filter
def numbered(label: str, number: int) -> str:
    """A label with its number: "Replica {n} region" of 3 is "Replica 3 region"."""
    return label.replace("{n}", str(number))


STEP = re.compile(r"^# \d+\. ", re.MULTILINE)  # a runbook step's title: "# 2. Change the..."


@dataclass(frozen=True)
class Step:
    title: str  # "" for the summary before the first step
    text: str  # the lines to run (and their comments), as they are copied


@register.filter
def runbook_steps(runbook: str) -> list[Step]:
    """The summary, then each step with its title line: a runbook as the page lists it."""
    starts = [found.start() for found in STEP.finditer(runbook)]
    cuts = [0, *starts, len(runbook)]
    steps = []
    for start, end in pairwise(cuts):
        text = runbook[start:end].strip("\n")
        if not text:
            continue
        title = text.partition("\n")[0].removeprefix("# ") if start in starts else ""
        steps.append(Step(title, text))
    return steps


@dataclass(frozen=True)
class RegionList:
    cloud: str
    options: tuple[tuple[str, str], ...]  # each region's programmatic and display name


@register.inclusion_tag("planner/region_datalists.html")
def region_datalists() -> dict[str, tuple[RegionList, ...]]:
    """A <datalist> per cloud: each option's value is a region's programmatic name and its
    label the display name; Chromium matches typed text against both."""
    return {
        "lists": tuple(
            RegionList(
                cloud.value,
                tuple((region, facts.display_names[region]) for region in facts.regions),
            )
            for cloud, facts in azure.CLOUDS.items()
        )
    }


@register.simple_tag
def grown_pickers(given: object, cloud: str = "", name: str = "") -> RegionPickers:
    """The region inputs of a list that grows: one per region named (by commas, or one per
    posted value of `name`), then an empty one while the cloud has regions left."""
    getlist = getattr(given, "getlist", None)
    texts = getlist(name) if name and getlist else [str(given or "")]
    try:
        names = [entry for text in texts for entry in split_names(text)]
    except InvalidInput:  # a list too long to read: its field's message says so
        names = []
    return region_pickers(names, str(len(names) + 1), cloud)


@register.filter
def words(name: str) -> str:
    """A name of the API's (a finding's kind) as words: its underscores as spaces."""
    return str(name).replace("_", " ")
