"""The JSON documents: the API's plan and sizing answers, and the CLI's `json` format."""

from __future__ import annotations

from typing import Any

from planner.core.model import Plan, Sizing


def sizing_document(sizing: Sizing) -> dict[str, Any]:
    """The sizing figures, as the API and `manage.py plan` give them."""
    usage = sizing.subnet
    return {
        "replica_count": sizing.replica_count,
        "regional_endpoints": sizing.regional_endpoints,
        "required_ips": sizing.required_addresses,
        "breakdown": {
            "login_server": sizing.breakdown.login_server,
            "data_endpoints": sizing.breakdown.data_endpoints,
            "regional_endpoints": sizing.breakdown.regional_endpoints,
        },
        "subnet": {
            "cidr": usage.cidr,
            "size": usage.size,
            "reserved": list(usage.reserved),
            "usable": usage.usable,
            "in_use": usage.in_use,
            "free_after_plan": sizing.free_after_plan,
        },
        "fits": sizing.fits,
        "smallest_prefix": sizing.smallest_prefix,
        "headroom_replicas": sizing.headroom_replicas,
        "headroom_limit": sizing.headroom_limit.value,
        **(
            {}
            if sizing.regional_endpoints
            else {"regional_endpoints_fit": sizing.regional_endpoints_fit}
        ),
        "warnings": list(sizing.warnings),
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The whole plan as a JSON-ready dict: the API's and the CLI's `json` format."""
    sizing = sizing_document(plan.sizing)
    del sizing["replica_count"], sizing["regional_endpoints"], sizing["warnings"]
    return {
        "registry": plan.registry,
        "cloud": plan.cloud.value,
        "login_server": plan.login_server,
        "zone": plan.zone,
        "regions": list(plan.regions),
        "regional_endpoints": plan.regional_endpoints,
        **sizing,
        "allocations": [
            {
                "kind": allocation.kind.value,
                "region": allocation.region,
                "member_name": allocation.member_name,
                "fqdn": allocation.fqdn,
                "record": allocation.record,
                "ip": allocation.ip,
            }
            for allocation in plan.allocations
        ],
        "records": [
            {"name": record.name, "type": record.type, "ttl": record.ttl, "value": record.value}
            for record in plan.records
        ],
        "warnings": list(plan.warnings),
    }
