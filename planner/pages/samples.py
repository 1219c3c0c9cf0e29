"""The sample data behind each page's "Try it with sample data": a plan's query, and the
documents under planner/samples/ (docs/examples/ links to them; the tests read them)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# A three-region registry with regional endpoints, in a /27 where 7 addresses are in use.
PLAN_QUERY = (
    "registry=contoso&regions=eastus,westus,westeurope&regional_endpoints=true"
    "&subnet=10.20.1.0/27&in_use=10.20.1.4-10.20.1.9,10.20.1.12"
)


@cache  # files of the checkout, read once
def sample_text(name: str) -> str:
    return (SAMPLES / f"{name}.json").read_text()


def sample(name: str) -> Any:
    """A fresh copy of the sample document `name` (estate, change, drift)."""
    return json.loads(sample_text(name))
