"""`python -m tests.bench --profile`: where a plan request spends its time, in-process.

cProfile over the whole Django stack (middleware, PlanForm, core, renderer) with production
settings; no server, so gunicorn and the network are left out.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats

from tests.bench.server import HOST, production_env

TOP = 40


def profile(calls: int = 2000, in_use: int = 100_000) -> None:
    os.environ.update(production_env())
    import django
    from django.test import Client

    from tests.bench.__main__ import BIG_SUBNET, REGIONS, in_use_entries, plan_query

    django.setup()
    client = Client(HTTP_HOST=HOST)
    query = plan_query()
    body = json.dumps(
        {
            **plan_query(str(BIG_SUBNET)),
            "regions": REGIONS.split(","),
            "in_use": in_use_entries(in_use),
        }
    )
    client.get("/api/v1/plan", query)  # imports and caches outside the profile

    def plans() -> None:
        for _ in range(calls):
            client.get("/api/v1/plan", query)

    def big_post() -> None:
        client.post("/api/v1/plan", body, content_type="application/json")

    for title, action in (
        (f"{calls:,} x GET /api/v1/plan (3 regions, regional endpoints, a /24)", plans),
        (f"1 x POST /api/v1/plan, {in_use:,} in-use entries in {BIG_SUBNET}", big_post),
    ):
        profiler = cProfile.Profile()
        profiler.runcall(action)
        print(f"\n=== {title}: top {TOP} by cumulative time")
        pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(TOP)
