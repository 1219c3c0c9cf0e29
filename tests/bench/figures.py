"""A benchmark figure: a ratio (or a measurement) against its limit."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    measured: str
    ratio: float
    limit: str
    passed: bool


def at_least(limit: float) -> Callable[[float], bool]:
    return lambda ratio: ratio >= limit


def at_most(limit: float) -> Callable[[float], bool]:
    return lambda ratio: ratio <= limit


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
