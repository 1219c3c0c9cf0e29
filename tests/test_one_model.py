"""A plan is an estate of one endpoint: for every format, the single plan's file and the estate
of that one endpoint give the same records, rules, rows and IP configurations (their names and
placeholders differ: a plan's variables are `subnet_id`, an estate's are keyed by endpoint)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import dns.zone
import pygohcl
import pytest
from django.test import Client

from tests.test_golden import PLANS

PLAN_CASES = [case for case in PLANS if case not in ("unnamed-replicas", "count-only", "too-small")]
ENDPOINT = "contoso-private-endpoint"


def estate_of(query: dict[str, str]) -> dict[str, Any]:
    """The plan's query as an estate document of its one endpoint."""
    registry = query.get("registry", "contoso")
    document: dict[str, Any] = {
        "registry": registry,
        "regions": query["regions"].split(","),
        "regional_endpoints": query.get("regional_endpoints") in ("true", "1"),
        "endpoints": [
            {
                "name": f"{registry}-private-endpoint",
                "subnet": query["subnet"],
                "in_use": query["in_use"].split(",") if "in_use" in query else [],
            }
        ],
    }
    for name in ("cloud", "dns", "zone_id", "allocation", "resolver_ip"):
        if name in query:
            document[name] = query[name]
    return document


def a_records(text: str) -> set[tuple[str, str]]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith(";"))
    zone = dns.zone.from_text(body, check_origin=False)
    return {
        (name.to_text(), rdata.to_text())
        for name, _, rdata in zone.iterate_rdatas("A")  # type: ignore[no-untyped-call]
    }


def uncommented(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def csv_rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row.pop("endpoint", None)
    return rows


def terraform_facts(text: str) -> tuple[Any, ...]:
    resources = pygohcl.loads(text)["resource"]
    endpoints = list(resources["azurerm_private_endpoint"].values())
    configurations = [
        sorted((c["member_name"], c["private_ip_address"]) for c in e.get("ip_configuration", []))
        for e in endpoints
    ]
    groups = [e.get("private_dns_zone_group") for e in endpoints]
    records = sorted(
        (r["name"], tuple(r["records"]), r["ttl"])
        for r in resources.get("azurerm_private_dns_a_record", {}).values()
    )
    return configurations, bool(groups[0]), records, sorted(resources)


def bicep_facts(text: str) -> tuple[Any, ...]:
    members = re.findall(r"memberName: '([^']+)'\s+privateIPAddress: '([^']+)'", text)
    records = re.findall(r"name: '([^']+)'\s+properties: \{\s+ttl: (\d+)\s+aRecords", text)
    kinds = sorted(set(re.findall(r"^resource \S+ '([^@]+)@", text, re.MULTILINE)))
    return sorted(members), sorted(records), kinds


def azcli_facts(text: str) -> tuple[Any, ...]:
    configurations = re.findall(r"--ip-config (.+?) \\", text)
    adds = re.findall(r"--record-set-name (\S+) --ipv4-address (\S+)", text)
    commands = sorted(set(re.findall(r"^az ([a-z -]+?) (?:create|add-record)", text, re.M)))
    return sorted(configurations), sorted(adds), commands


def verify_checks(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if re.match(r"^\s*(check |@\(')", line))


def plan_json(text: str) -> tuple[Any, ...]:
    document = json.loads(text)
    endpoint = document["endpoints"][0] if "endpoints" in document else document
    return endpoint["allocations"], endpoint["records"], endpoint["warnings"]


SAME: dict[str, Callable[[str], Any]] = {
    "zone": a_records,
    "hosts": uncommented,
    "firewall": uncommented,
    "forwarders": str,
    "csv": csv_rows,
    "json": plan_json,
    "terraform": terraform_facts,
    "bicep": bicep_facts,
    "azcli": azcli_facts,
    "verify": verify_checks,
    "verify-ps": verify_checks,
}


@pytest.mark.parametrize("case", PLAN_CASES)
@pytest.mark.parametrize("name", SAME)
def test_a_plan_and_the_estate_of_its_one_endpoint_say_the_same(case: str, name: str) -> None:
    client = Client()
    query = PLANS[case]
    single = client.get(f"/api/v1/plan/{name}", query)
    document = json.dumps(estate_of(query))
    whole = client.post(f"/api/v1/estate/{name}", document, content_type="application/json")
    assert single.status_code == whole.status_code, (single.content[:300], whole.content[:300])
    if single.status_code != 200:
        assert single["Content-Type"] == whole["Content-Type"] == "application/problem+json"
        assert single.json()["type"] == whole.json()["type"]
        return
    facts = SAME[name]
    assert facts(single.content.decode()) == facts(whole.content.decode())
    assert single.content != b""


def test_the_facts_it_compares_tell_two_plans_apart() -> None:
    """The comparison fails on a real difference: another subnet, other addresses."""
    client = Client()
    moved = {**PLANS["default"], "subnet": "10.0.2.0/27", "in_use": "10.0.2.4-10.0.2.6"}
    for name in ("zone", "terraform", "bicep", "azcli", "csv"):
        one = client.get(f"/api/v1/plan/{name}", PLANS["default"]).content.decode()
        other = client.get(f"/api/v1/plan/{name}", moved).content.decode()
        assert SAME[name](one) != SAME[name](other), name
