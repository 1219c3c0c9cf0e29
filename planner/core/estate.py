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
from functools import cached_property

from planner.core import azure
from planner.core.addresses import Subnet, merge
from planner.core.model import (
    DEFAULT_DEPLOYMENT,
    Allocation,
    Deployment,
    Plan,
    PlanRequest,
    Record,
    Registry,
)
from planner.core.plan import allocated, members, plan_in
from planner.core.sizing import shared


@dataclass(frozen=True, slots=True)
class EndpointRequest:
    name: str  # the private endpoint's resource name
    subnet: Subnet
    zone_scope: str  # the private DNS zone that resolves it; by default its own name
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry's, or the endpoint's own


@dataclass(frozen=True, slots=True)
class Growth:
    """A change to try on the estate without losing the current plan (the what-if asked)."""

    add_regions: tuple[str, ...] = ()
    add_replicas: int = 0  # replicas whose regions are not named yet
    enable_regional_endpoints: bool = False

    @property
    def unnamed(self) -> tuple[str, ...]:
        """The placeholder region names of the replicas whose regions are not named."""
        return tuple(f"replica{number}" for number in range(1, self.add_replicas + 1))

    def applied_to(self, registry: Registry) -> Registry:
        """The registry after the change. Unnamed replicas get placeholder names: only their
        count matters to the addresses."""
        return replace(
            registry,
            regions=(*registry.regions, *self.add_regions, *self.unnamed),
            regional_endpoints=registry.regional_endpoints or self.enable_regional_endpoints,
        )


@dataclass(frozen=True, slots=True)
class EstateRequest:
    registry: Registry
    endpoints: tuple[EndpointRequest, ...]
    what_if: Growth | None = None
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry-level default; its resolver_ip
    single: bool = False  # asked as one plan: the exports name things as a plan's


@dataclass(frozen=True, slots=True)
class EndpointPlan:
    name: str
    zone_scope: str
    plan: Plan  # its figures count every endpoint sharing its subnet
    subnet: Subnet  # the subnet as it stood before its turn: what it was planned in

    @property
    def missing(self) -> int:
        """Addresses the endpoint lacks: 0 when it fits."""
        sizing = self.plan.sizing
        return 0 if sizing.fits else sizing.required_addresses - sizing.subnet.free


@dataclass(frozen=True, slots=True)
class ZonePlan:
    scope: str
    zone: str
    endpoints: tuple[str, ...]  # names, in document order
    records: tuple[Record, ...]  # the first endpoint's: one A record per name in a zone
    deployment: Deployment = DEFAULT_DEPLOYMENT  # its endpoints' (the same for all of them)


@dataclass(frozen=True, slots=True)
class EndpointGrowth:
    """What the growth asked would do to one endpoint."""

    endpoint: str
    fits: bool
    missing: int
    added: tuple[Allocation, ...]  # the new members, each current member keeping its address


@dataclass(frozen=True, slots=True)
class GrowthOutcome:
    """The what-if's answer, per endpoint."""

    endpoints: tuple[EndpointGrowth, ...]

    @property
    def fits(self) -> bool:
        return all(endpoint.fits for endpoint in self.endpoints)

    @property
    def blocking(self) -> tuple[EndpointGrowth, ...]:
        return tuple(endpoint for endpoint in self.endpoints if not endpoint.fits)


@dataclass(frozen=True)
class Estate:
    registry: Registry
    endpoints: tuple[EndpointPlan, ...]
    zones: tuple[ZonePlan, ...]
    warnings: tuple[str, ...]
    what_if: GrowthOutcome | None
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry-level default; its resolver_ip
    single: bool = False  # asked as one plan (see EstateRequest)

    @property
    def login_server(self) -> str:
        return self.registry.login_server

    @property
    def zone(self) -> str:
        return self.registry.private_zone

    @cached_property
    def by_scope(self) -> dict[str, tuple[EndpointPlan, ...]]:
        """Each zone scope's endpoints, in document order."""
        scopes: dict[str, list[EndpointPlan]] = defaultdict(list)
        for endpoint in self.endpoints:
            scopes[endpoint.zone_scope].append(endpoint)
        return {scope: tuple(endpoints) for scope, endpoints in scopes.items()}

    @cached_property
    def zone_of(self) -> dict[str, ZonePlan]:
        """Each zone scope's zone plan."""
        return {zone.scope: zone for zone in self.zones}

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


def shared_subnets(endpoints: tuple[EndpointRequest, ...]) -> dict[str, Subnet]:
    """Each subnet (by CIDR) with the in-use lists of every endpoint in it added up."""
    subnets: dict[str, Subnet] = {}
    for endpoint in endpoints:
        known = subnets.get(key := str(endpoint.subnet.cidr))
        if known is None:  # alone so far: its spans are merged already
            subnets[key] = endpoint.subnet
        else:
            subnets[key] = Subnet(known.cidr, merge([*known.used, *endpoint.subnet.used]))
    return subnets


def plan_endpoints(
    registry: Registry, endpoints: tuple[EndpointRequest, ...]
) -> tuple[tuple[EndpointPlan, ...], dict[str, Subnet]]:
    """Each endpoint's plan, in document order, threading each subnet through the endpoints
    that share it; then each one's growth figures, which count all of them. Also each subnet
    as it stands once every endpoint has its addresses."""
    subnets = shared_subnets(endpoints)
    sharing: dict[str, int] = defaultdict(int)
    all_fit: dict[str, bool] = defaultdict(lambda: True)
    planned: list[tuple[EndpointRequest, Plan, Subnet]] = []
    for endpoint in endpoints:
        before = subnets[key := str(endpoint.subnet.cidr)]
        result = plan_in(registry, before, endpoint.deployment)
        subnets[key] = before.with_used(result.sizing.addresses)
        sharing[key] += 1
        all_fit[key] = all_fit[key] and result.fits
        planned.append((endpoint, result, before))
    plans = []
    for endpoint, result, before in planned:
        key = str(endpoint.subnet.cidr)
        if sharing[key] > 1:  # alone in its subnet, its plan already has these figures
            spare = subnets[key].free if all_fit[key] else -1
            sizing = shared(result.sizing, spare, sharing[key], registry.cloud)
            result = replace(result, sizing=sizing)
        plans.append(EndpointPlan(endpoint.name, endpoint.zone_scope, result, before))
    return tuple(plans), subnets


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


def grown(
    request: EstateRequest,
    growth: Growth,
    current: tuple[EndpointPlan, ...],
    subnets: dict[str, Subnet],
) -> GrowthOutcome:
    """Whether each endpoint would hold the grown registry (`missing`, as a fresh plan of it
    counts), and the members the growth adds with the addresses they would get, the lowest
    free once every current member keeps its own (as a change plans it)."""
    registry = growth.applied_to(request.registry)
    changed, _ = plan_endpoints(registry, request.endpoints)
    have = {member.member_name for member in members(request.registry)}
    new = tuple(member for member in members(registry) if member.member_name not in have)
    outcomes = []
    for endpoint, after in zip(current, changed, strict=True):
        key = str(endpoint.subnet.cidr)
        taken = subnets[key].allocate(len(new)) if endpoint.plan.fits else None
        if taken is not None:
            subnets[key] = taken[1]
        addresses = taken[0] if taken is not None else (None,) * len(new)
        static = endpoint.plan.deployment.static
        outcomes.append(
            EndpointGrowth(
                endpoint.name, after.plan.fits, after.missing, allocated(new, addresses, static)
            )
        )
    return GrowthOutcome(tuple(outcomes))


def estate(request: EstateRequest) -> Estate:
    registry = request.registry
    endpoints, subnets = plan_endpoints(registry, request.endpoints)
    zone_plans = zones(endpoints, registry.private_zone)
    outcome = None
    if request.what_if is not None:
        outcome = grown(request, request.what_if, endpoints, subnets)
    return Estate(
        registry=registry,
        endpoints=endpoints,
        zones=zone_plans,
        warnings=tuple(estate_warnings(endpoints, zone_plans)),
        what_if=outcome,
        deployment=request.deployment,
        single=request.single,
    )


def fitting(request: EstateRequest, planned: Estate) -> EstateRequest | None:
    """The estate of the endpoints that fit, when some do and others not: their files can be
    had before the others are fixed. None when every endpoint fits, or none does. An endpoint
    that does not fit takes no address, and the addresses in use it names stay in use: the
    others' plans stay as they are."""
    fit = {endpoint.name for endpoint in planned.endpoints if endpoint.plan.fits}
    if planned.fits or not fit:
        return None
    subnets = shared_subnets(request.endpoints)
    kept = tuple(
        replace(endpoint, subnet=subnets[str(endpoint.subnet.cidr)])
        for endpoint in request.endpoints
        if endpoint.name in fit
    )
    return replace(request, endpoints=kept, what_if=None)


def endpoint_name(registry: Registry) -> str:
    """The private endpoint's name in a single plan's exports."""
    return f"{registry.name}-private-endpoint"


def as_estate(request: PlanRequest) -> EstateRequest:
    """A single plan: the estate of its one endpoint."""
    name = endpoint_name(request.registry)
    endpoint = EndpointRequest(name, request.subnet, name, request.deployment)
    return EstateRequest(request.registry, (endpoint,), None, request.deployment, single=True)


def plan(request: PlanRequest) -> Plan:
    """One private endpoint's plan: the estate of one endpoint."""
    return estate(as_estate(request)).endpoints[0].plan
