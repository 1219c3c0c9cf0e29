"""A registry's whole estate: every private endpoint, every subnet, one verdict.

Each private endpoint to a registry needs its own set of addresses (1 + N (+ N)), and adding a
replica needs its new addresses in EVERY endpoint's subnet: the estate fits only when every
endpoint fits, and its headroom is the smallest of its endpoints'. Endpoints in the same subnet
(the same CIDR) share it: allocation goes through them in the document's order, each one
avoiding the addresses already given to the ones before it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from netaddr.strategy.ipv4 import str_to_int

from planner.core import azure
from planner.core.addresses import Subnet, merge
from planner.core.model import DEFAULT_DEPLOYMENT, Deployment, Plan, PlanRequest, Record, Registry
from planner.core.plan import plan
from planner.core.sizing import shared


@dataclass(frozen=True)
class EndpointRequest:
    name: str  # the private endpoint's resource name
    subnet: Subnet
    zone_scope: str  # the private DNS zone that resolves it; by default its own name
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry's, or the endpoint's own


@dataclass(frozen=True)
class WhatIf:
    """A change to try on the estate without losing the current plan."""

    add_regions: tuple[str, ...] = ()
    add_replicas: int = 0  # replicas whose regions are not named yet
    enable_regional_endpoints: bool = False

    def applied_to(self, registry: Registry) -> Registry:
        """The registry after the change. Unnamed replicas get placeholder names: only their
        count matters to the addresses."""
        unnamed = tuple(f"replica{number}" for number in range(1, self.add_replicas + 1))
        return replace(
            registry,
            regions=(*registry.regions, *self.add_regions, *unnamed),
            regional_endpoints=registry.regional_endpoints or self.enable_regional_endpoints,
        )


@dataclass(frozen=True)
class EstateRequest:
    registry: Registry
    endpoints: tuple[EndpointRequest, ...]
    what_if: WhatIf | None = None
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry-level default; its resolver_ip


@dataclass(frozen=True)
class EndpointPlan:
    name: str
    zone_scope: str
    plan: Plan  # its figures count every endpoint sharing its subnet

    @property
    def missing(self) -> int:
        """Addresses the endpoint lacks: 0 when it fits."""
        sizing = self.plan.sizing
        return 0 if sizing.fits else sizing.required_addresses - sizing.subnet.free


@dataclass(frozen=True)
class ZonePlan:
    scope: str
    zone: str
    endpoints: tuple[str, ...]  # names, in document order
    records: tuple[Record, ...]  # the first endpoint's: one A record per name in a zone
    deployment: Deployment = DEFAULT_DEPLOYMENT  # its endpoints' (the same for all of them)


@dataclass(frozen=True)
class Shortfall:
    endpoint: str
    fits: bool
    missing: int


@dataclass(frozen=True)
class WhatIfOutcome:
    endpoints: tuple[Shortfall, ...]

    @property
    def fits(self) -> bool:
        return all(endpoint.fits for endpoint in self.endpoints)

    @property
    def blocking(self) -> tuple[Shortfall, ...]:
        return tuple(endpoint for endpoint in self.endpoints if not endpoint.fits)


@dataclass(frozen=True)
class Estate:
    registry: Registry
    login_server: str
    zone: str
    endpoints: tuple[EndpointPlan, ...]
    zones: tuple[ZonePlan, ...]
    warnings: tuple[str, ...]
    what_if: WhatIfOutcome | None
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry-level default; its resolver_ip

    @property
    def fits(self) -> bool:
        return all(endpoint.plan.fits for endpoint in self.endpoints)

    @property
    def required_ips_per_endpoint(self) -> int:
        return self.endpoints[0].plan.sizing.required_addresses

    @property
    def limiting(self) -> EndpointPlan:
        """The first endpoint with the least headroom: the one a new replica runs into."""
        return min(self.endpoints, key=lambda endpoint: endpoint.plan.sizing.headroom_replicas)

    @property
    def headroom_replicas(self) -> int:
        return self.limiting.plan.sizing.headroom_replicas

    @property
    def regional_endpoints_fit(self) -> bool:
        return all(endpoint.plan.sizing.regional_endpoints_fit for endpoint in self.endpoints)

    @property
    def verdict(self) -> str:
        count = len(self.endpoints)
        if self.fits:
            return (
                f"Fits: each of the {count} private endpoint(s) has its "
                f"{self.required_ips_per_endpoint} addresses; {self.limiting.name} limits "
                f"growth to {self.headroom_replicas} more replica(s)."
            )
        short = [endpoint for endpoint in self.endpoints if not endpoint.plan.fits]
        listed = ", ".join(f"{endpoint.name} ({endpoint.missing} short)" for endpoint in short)
        return (
            f"Does not fit: {len(short)} of {count} private endpoint(s) lack addresses: {listed}."
        )


def plan_endpoints(
    registry: Registry, endpoints: tuple[EndpointRequest, ...]
) -> tuple[EndpointPlan, ...]:
    """Each endpoint's plan, in document order, threading each subnet through the endpoints
    that share it; then each one's growth figures, which count all of them."""
    subnets: dict[str, Subnet] = {}
    for endpoint in endpoints:  # the in-use lists of endpoints in one subnet add up
        known = subnets.get(key := str(endpoint.subnet.cidr), Subnet(endpoint.subnet.cidr))
        subnets[key] = Subnet(known.cidr, merge([*known.used, *endpoint.subnet.used]))
    sharing: dict[str, int] = defaultdict(int)
    all_fit: dict[str, bool] = defaultdict(lambda: True)
    planned: list[tuple[EndpointRequest, Plan]] = []
    for endpoint in endpoints:
        key = str(endpoint.subnet.cidr)
        result = plan(PlanRequest(registry, subnets[key], endpoint.deployment))
        subnets[key] = subnets[key].with_used(str_to_int(ip) for ip in result.sizing.addresses)
        sharing[key] += 1
        all_fit[key] = all_fit[key] and result.fits
        planned.append((endpoint, result))
    plans = []
    for endpoint, result in planned:
        key = str(endpoint.subnet.cidr)
        if sharing[key] > 1:  # alone in its subnet, its plan already has these figures
            spare = subnets[key].free if all_fit[key] else -1
            sizing = shared(result.sizing, spare, sharing[key], registry.cloud)
            result = replace(result, sizing=sizing)
        plans.append(EndpointPlan(endpoint.name, endpoint.zone_scope, result))
    return tuple(plans)


def zones(endpoints: tuple[EndpointPlan, ...], zone: str) -> tuple[ZonePlan, ...]:
    scopes: dict[str, list[EndpointPlan]] = defaultdict(list)
    for endpoint in endpoints:
        scopes[endpoint.zone_scope].append(endpoint)
    return tuple(
        ZonePlan(
            scope,
            zone,
            tuple(e.name for e in members),
            members[0].plan.records,
            members[0].plan.deployment,
        )
        for scope, members in scopes.items()
    )


def estate_warnings(
    endpoints: tuple[EndpointPlan, ...], zone_plans: tuple[ZonePlan, ...]
) -> list[str]:
    warnings = []
    if len(endpoints) > azure.PRIVATE_ENDPOINTS_PER_REGISTRY:
        warnings.append(
            f"{len(endpoints)} private endpoints: a registry has at most "
            f"{azure.PRIVATE_ENDPOINTS_PER_REGISTRY} by default (more on request to support)."
        )
    for zone_plan in zone_plans:
        if len(zone_plan.endpoints) > 1:
            first, *others = zone_plan.endpoints
            warnings.append(
                f"Endpoints {', '.join(zone_plan.endpoints)} share the DNS zone scope "
                f"'{zone_plan.scope}': a zone holds one A record per name, so their records "
                f"overwrite each other. The zone is planned with {first}'s addresses; "
                f"{', '.join(others)} need a zone of their own (another zone_scope)."
            )
    shared: dict[str, list[str]] = defaultdict(list)  # scopes writing into one existing zone
    for zone_plan in zone_plans:
        if zone_plan.deployment.dns.needs_zone_id:
            shared[zone_plan.deployment.zone_id.lower()].append(zone_plan.scope)
    for scopes in shared.values():
        if len(scopes) > 1:
            warnings.append(
                f"Zone scopes {', '.join(scopes)} write into one existing private DNS zone: it "
                "holds one A record per name, so the last endpoint deployed overwrites the "
                "others' records. Clients in every network resolve to that endpoint."
            )
    return warnings


def estate(request: EstateRequest) -> Estate:
    registry = request.registry
    facts = azure.CLOUDS[registry.cloud]
    endpoints = plan_endpoints(registry, request.endpoints)
    zone_plans = zones(endpoints, facts.private_zone)
    outcome = None
    if request.what_if is not None:
        changed = plan_endpoints(request.what_if.applied_to(registry), request.endpoints)
        outcome = WhatIfOutcome(tuple(Shortfall(e.name, e.plan.fits, e.missing) for e in changed))
    return Estate(
        registry=registry,
        login_server=f"{registry.name}.{facts.registry_suffix}",
        zone=facts.private_zone,
        endpoints=endpoints,
        zones=zone_plans,
        warnings=tuple(estate_warnings(endpoints, zone_plans)),
        what_if=outcome,
        deployment=request.deployment,
    )
