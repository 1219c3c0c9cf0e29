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

from netaddr import IPNetwork

from planner.core import azure
from planner.core.addresses import Filling, Span, Subnet, merge
from planner.core.model import (
    DEFAULT_DEPLOYMENT,
    Allocation,
    Deployment,
    HeadroomLimit,
    Plan,
    PlanRequest,
    Record,
    Registry,
    SubnetUsage,
    remedy,
)
from planner.core.network import Network, network_of, where
from planner.core.plan import allocated, members, plan_with
from planner.core.sizing import (
    addresses_per_replica,
    advised_prefix,
    headroom,
    required_addresses,
    sized,
    smallest_prefix,
    subnet_usage,
    with_growth,
)


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
    networks: tuple[Network, ...] = ()  # the virtual networks of its subnets, when known


@dataclass(frozen=True, slots=True)
class SubnetPlan:
    """A subnet of the estate with every endpoint planned in it. Endpoints that share a
    subnet share one subnet: its addresses in use (whichever row names them), its free
    addresses and its growth; what does not fit is the subnet's, named with all of them."""

    subnet: Subnet  # as given, with every row's addresses in use: before the estate
    endpoints: tuple[str, ...]  # in document order
    required: int  # the addresses its endpoints need together
    planned: int  # the addresses given to them (to the endpoints that fit)
    headroom_replicas: int
    headroom_limit: HeadroomLimit
    replica_count: int  # of the registry: a new subnet for a geo-replicated one is /27 or more
    network: Network | None = None  # its virtual network, when given
    free_prefix: IPNetwork | None = None  # a new subnet's place there (of the advised size)

    @property
    def cidr(self) -> str:
        return str(self.subnet.cidr.cidr)

    @property
    def shared(self) -> bool:
        return len(self.endpoints) > 1

    @property
    def usable(self) -> int:
        return self.subnet.usable.size

    @property
    def in_use(self) -> int:
        return self.subnet.in_use

    @property
    def free(self) -> int:
        """Free before the estate."""
        return self.subnet.free

    @property
    def fits(self) -> bool:
        """Whether every endpoint in it has its addresses."""
        return self.required <= self.free

    @property
    def missing(self) -> int:
        return max(self.required - self.free, 0)

    @property
    def free_after_plan(self) -> int:
        """Free once every endpoint in it has its addresses (0 when they do not fit)."""
        return max(self.free - self.required, 0)

    @property
    def smallest_prefix(self) -> int:
        return smallest_prefix(self.required)

    @property
    def advised_prefix(self) -> int:
        return advised_prefix(self.smallest_prefix, self.replica_count)

    @property
    def where(self) -> str:
        """Where a new subnet for its endpoints could go, when its network is known."""
        if self.network is None:
            return ""
        return where(self.network.name, self.advised_prefix, self.free_prefix)

    @property
    def named(self) -> str:
        """What a verdict names: the endpoint alone in its subnet, else the subnet with every
        endpoint in it (which one takes its addresses first is only the document's order)."""
        if not self.shared:
            return self.endpoints[0]
        return f"{self.cidr}, shared by {listing(self.endpoints)}"

    @property
    def verdict(self) -> str:
        """One sentence: whether the subnet holds every endpoint in it, and what would."""
        need, whose = self.required, f"the {self.required} addresses of {listing(self.endpoints)}"
        if self.fits:
            return f"Fits: {self.cidr} holds {whose}; {self.free_after_plan:,} free after."
        prefix, smallest, advised = (
            self.subnet.cidr.prefixlen,
            self.smallest_prefix,
            self.advised_prefix,
        )
        return " ".join(
            sentence
            for sentence in (
                f"Does not fit: {self.cidr} has {self.free:,} free for {whose}, "
                f"{need - self.free:,} short.",
                remedy(self.missing, prefix, smallest, advised, "them"),
                self.where,
            )
            if sentence
        )


def listing(names: tuple[str, ...]) -> str:
    """Names as a sentence lists them: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True, slots=True)
class EndpointPlan:
    name: str
    zone_scope: str
    plan: Plan  # its addresses given in its turn; its growth figures count its whole subnet
    subnet: SubnetPlan  # its subnet, with every endpoint that shares it

    @property
    def missing(self) -> int:
        """Addresses the endpoint lacks: 0 when it fits."""
        sizing = self.plan.sizing
        return 0 if sizing.fits else sizing.required_addresses - sizing.subnet.free

    @property
    def verdict(self) -> str:
        """In a shared subnet the subnet's verdict, for each endpoint in it; else the plan's,
        with where a new subnet could go when it does not fit and its network is known."""
        subnet = self.subnet
        if subnet.shared:
            return subnet.verdict
        where = f" {subnet.where}" if subnet.where and not subnet.fits else ""
        return self.plan.verdict + where

    @property
    def warnings(self) -> tuple[str, ...]:
        """The plan's warnings, the verdict first when its subnet does not hold it."""
        cautions = self.plan.sizing.cautions
        return cautions if self.subnet.fits else (self.verdict, *cautions)


@dataclass(frozen=True, slots=True)
class ZonePlan:
    scope: str
    zone: str
    endpoints: tuple[str, ...]  # names, in document order
    records: tuple[Record, ...]  # the first endpoint's: one A record per name in a zone
    deployment: Deployment = DEFAULT_DEPLOYMENT  # its endpoints' (the same for all of them)


@dataclass(frozen=True, slots=True)
class EndpointGrowth:
    """What the growth asked would do to one endpoint: in a shared subnet, what it does to the
    subnet (`fits` and `missing` are the subnet's)."""

    endpoint: str
    fits: bool
    missing: int
    added: tuple[Allocation, ...]  # the new members, each current member keeping its address
    subnet: str = ""  # its subnet's CIDR


@dataclass(frozen=True, slots=True)
class BlockedSubnet:
    """A subnet that would not hold the growth, with every endpoint in it."""

    cidr: str
    endpoints: tuple[str, ...]
    missing: int


@dataclass(frozen=True, slots=True)
class GrowthOutcome:
    """The what-if's answer, per endpoint."""

    endpoints: tuple[EndpointGrowth, ...]

    @property
    def fits(self) -> bool:
        return all(endpoint.fits for endpoint in self.endpoints)

    @property
    def blocking(self) -> tuple[BlockedSubnet, ...]:
        """Each subnet that would not hold the growth, once, in document order."""
        blocked: dict[str, BlockedSubnet] = {}
        for endpoint in self.endpoints:
            if endpoint.fits:
                continue
            known = blocked.get(endpoint.subnet)
            names = (*known.endpoints, endpoint.endpoint) if known else (endpoint.endpoint,)
            blocked[endpoint.subnet] = BlockedSubnet(endpoint.subnet, names, endpoint.missing)
        return tuple(blocked.values())


@dataclass(frozen=True)
class Estate:
    registry: Registry
    endpoints: tuple[EndpointPlan, ...]
    zones: tuple[ZonePlan, ...]
    warnings: tuple[str, ...]
    what_if: GrowthOutcome | None
    deployment: Deployment = DEFAULT_DEPLOYMENT  # the registry-level default; its resolver_ip
    single: bool = False  # asked as one plan (see EstateRequest)
    subnets: tuple[SubnetPlan, ...] = ()  # each once, in the order the endpoints name them

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
    def subnet_of(self) -> dict[str, SubnetPlan]:
        """Each subnet by its CIDR."""
        return {subnet.cidr: subnet for subnet in self.subnets}

    @cached_property
    def zone_of(self) -> dict[str, ZonePlan]:
        """Each zone scope's zone plan."""
        return {zone.scope: zone for zone in self.zones}

    @property
    def fits(self) -> bool:
        return all(endpoint.plan.fits for endpoint in self.endpoints)

    @property
    def addresses_known(self) -> bool:
        """Whether the plan names every endpoint's addresses (none is Azure's to pick)."""
        return all(endpoint.plan.addresses_known for endpoint in self.endpoints)

    @property
    def shares_subnets(self) -> bool:
        """Whether endpoints share a subnet (the answer then lists the subnets)."""
        return any(subnet.shared for subnet in self.subnets)

    @property
    def networks_known(self) -> bool:
        """Whether a virtual network is known for some subnet (the answer then lists them)."""
        return any(subnet.network is not None for subnet in self.subnets)

    @property
    def required_ips_per_endpoint(self) -> int:
        return self.endpoints[0].plan.sizing.required_addresses

    @property
    def limiting(self) -> EndpointPlan:
        """The first endpoint with the least headroom: the one a new replica runs into (in a
        shared subnet, the first of its endpoints: the subnet is what runs out)."""
        return min(self.endpoints, key=lambda endpoint: endpoint.plan.sizing.headroom_replicas)

    @property
    def headroom_replicas(self) -> int:
        return self.limiting.plan.sizing.headroom_replicas

    @property
    def regional_endpoints_fit(self) -> bool:
        return all(endpoint.plan.sizing.regional_endpoints_fit for endpoint in self.endpoints)

    @property
    def short(self) -> tuple[SubnetPlan, ...]:
        """The subnets that do not hold their endpoints."""
        return tuple(subnet for subnet in self.subnets if not subnet.fits)

    @property
    def verdict(self) -> str:
        if self.single:  # asked as one plan: its own words
            return self.endpoints[0].plan.verdict
        count = len(self.endpoints)
        if self.fits:
            limiting = self.limiting.subnet
            comma = "," if limiting.shared else ""
            return (
                f"Fits: each of the {count} private endpoint(s) has its "
                f"{self.required_ips_per_endpoint} addresses; {limiting.named}{comma} limits "
                f"growth to {self.headroom_replicas} more replica(s)."
            )
        lacking = sum(not endpoint.plan.fits for endpoint in self.endpoints)
        listed = ", ".join(f"{subnet.named} ({subnet.missing} short)" for subnet in self.short)
        return f"Does not fit: {lacking} of {count} private endpoint(s) lack addresses: {listed}."


def given_subnets(endpoints: tuple[EndpointRequest, ...]) -> dict[str, Subnet]:
    """Each subnet (by CIDR) with the addresses in use of every endpoint in it, merged once:
    rows of one subnet share them. A subnet given to several endpoints as one object (the
    endpoints that fit, planned again) is counted once."""
    first: dict[str, Subnet] = {}
    more: dict[str, list[Span]] = defaultdict(list)
    for endpoint in endpoints:
        known = first.setdefault(key := str(endpoint.subnet.cidr), endpoint.subnet)
        if endpoint.subnet is not known:
            more[key].extend(endpoint.subnet.used)
    return {
        key: Subnet(subnet.cidr, merge([*subnet.used, *more[key]])) if more.get(key) else subnet
        for key, subnet in first.items()
    }


@dataclass(frozen=True)
class Planned:
    """The fold's result: each endpoint's plan, each subnet, and each subnet's allocation as it
    stands once every endpoint has its addresses (the what-if goes on from there)."""

    endpoints: tuple[EndpointPlan, ...]
    subnets: dict[str, SubnetPlan]
    fillings: dict[str, Filling]


def plan_endpoints(
    registry: Registry,
    endpoints: tuple[EndpointRequest, ...],
    networks: tuple[Network, ...] = (),
) -> Planned:
    """Each endpoint's plan, in document order, each taking the lowest free addresses of its
    subnet once the endpoints before it in that subnet have theirs; then each subnet's
    figures, and each endpoint's growth figures, which count every endpoint in its subnet.
    Linear in the endpoints and the subnets' spans: each subnet is merged once and walked
    once, however many endpoints share it."""
    given = given_subnets(endpoints)
    fillings = {key: subnet.filling() for key, subnet in given.items()}
    usages = {key: subnet_usage(subnet) for key, subnet in given.items()}
    turns = []
    for endpoint in endpoints:
        key = str(endpoint.subnet.cidr)
        turns.append((endpoint, plan_at(registry, fillings[key], usages[key], endpoint)))
    subnets = subnet_plans(registry, given, fillings, turns)
    if networks:
        subnets = placed(subnets, networks)
    plans = []
    for endpoint, result in turns:
        subnet = subnets[str(endpoint.subnet.cidr)]
        spare = subnet.free - subnet.required if subnet.fits else -1
        sizing = with_growth(result.sizing, spare, len(subnet.endpoints), registry.cloud)
        plan = replace(result, sizing=sizing)
        plans.append(EndpointPlan(endpoint.name, endpoint.zone_scope, plan, subnet))
    return Planned(tuple(plans), subnets, fillings)


def subnet_plans(
    registry: Registry,
    given: dict[str, Subnet],
    fillings: dict[str, Filling],
    turns: list[tuple[EndpointRequest, Plan]],
) -> dict[str, SubnetPlan]:
    """Each subnet with its endpoints, what they need together and its growth: a replica
    needs its addresses for every endpoint in the subnet."""
    names: dict[str, list[str]] = defaultdict(list)
    required: dict[str, int] = defaultdict(int)
    for endpoint, result in turns:
        names[key := str(endpoint.subnet.cidr)].append(endpoint.name)
        required[key] += result.sizing.required_addresses
    per_replica = addresses_per_replica(registry.regional_endpoints)
    regions_left = len(azure.CLOUDS[registry.cloud].regions) - len(registry.regions)
    subnets = {}
    for key, subnet in given.items():
        spare = subnet.free - required[key]
        replicas, limit = headroom(spare, per_replica * len(names[key]), regions_left)
        subnets[key] = SubnetPlan(
            subnet,
            tuple(names[key]),
            required[key],
            len(fillings[key].taken),
            replicas,
            limit,
            len(registry.regions),
        )
    return subnets


def placed(subnets: dict[str, SubnetPlan], networks: tuple[Network, ...]) -> dict[str, SubnetPlan]:
    """Each subnet with its virtual network, and the first prefix there of the size a new
    subnet for its endpoints would take (the estate's own subnets counted as taken)."""
    own = tuple(subnet.subnet.cidr for subnet in subnets.values())
    found: dict[tuple[str, int], IPNetwork | None] = {}  # once per network and size
    result = {}
    for key, subnet in subnets.items():
        network = network_of(networks, subnet.subnet.cidr)
        if network is not None:
            size = (network.name, subnet.advised_prefix)
            if size not in found:
                found[size] = network.free_prefix(subnet.advised_prefix, own)
            subnet = replace(subnet, network=network, free_prefix=found[size])
        result[key] = subnet
    return result


def plan_at(
    registry: Registry, filling: Filling, usage: SubnetUsage, endpoint: EndpointRequest
) -> Plan:
    """One endpoint's plan in its turn: the subnet as the endpoints before it left it."""
    request = PlanRequest(registry, filling.subnet, endpoint.deployment).sizing_request
    wanted = required_addresses(request.replica_count, request.regional_endpoints).total
    before = replace(usage, in_use=filling.in_use, free=filling.free)
    return plan_with(registry, sized(request, before, filling.take(wanted)), endpoint.deployment)


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


def grown(registry: Registry, growth: Growth, planned: Planned) -> GrowthOutcome:
    """Whether each endpoint's subnet would hold the grown registry (`missing`, as a fresh plan
    of it counts: in a shared subnet, for every endpoint in it), and the members the growth
    adds with the addresses they would get, the lowest free once every current member keeps
    its own (as a change plans it). Counted, not planned again: it costs no second fold."""
    bigger = growth.applied_to(registry)
    have = {member.member_name for member in members(registry)}
    new = tuple(member for member in members(bigger) if member.member_name not in have)
    need = len(members(bigger))
    short = {
        key: max(need * len(subnet.endpoints) - subnet.free, 0)
        for key, subnet in planned.subnets.items()
    }
    outcomes = []
    for endpoint in planned.endpoints:
        key = str(endpoint.subnet.subnet.cidr)
        taken = planned.fillings[key].take(len(new)) if endpoint.plan.fits else None
        addresses = taken if taken is not None else (None,) * len(new)
        static = endpoint.plan.deployment.static
        outcomes.append(
            EndpointGrowth(
                endpoint.name,
                short[key] == 0,
                short[key],
                allocated(new, addresses, static),
                endpoint.subnet.cidr,
            )
        )
    return GrowthOutcome(tuple(outcomes))


def estate(request: EstateRequest) -> Estate:
    registry = request.registry
    planned = plan_endpoints(registry, request.endpoints, request.networks)
    zone_plans = zones(planned.endpoints, registry.private_zone)
    outcome = None
    if request.what_if is not None:
        outcome = grown(registry, request.what_if, planned)
    return Estate(
        registry=registry,
        endpoints=planned.endpoints,
        zones=zone_plans,
        warnings=tuple(estate_warnings(planned.endpoints, zone_plans)),
        what_if=outcome,
        deployment=request.deployment,
        single=request.single,
        subnets=tuple(planned.subnets.values()),
    )


def fitting(request: EstateRequest, planned: Estate) -> EstateRequest | None:
    """The estate of the endpoints that fit, when some do and others not: their files can be
    had before the others are fixed. None when every endpoint fits, or none does. An endpoint
    that does not fit takes no address, and the addresses in use it names stay in use: the
    others' plans stay as they are."""
    fit = {endpoint.name for endpoint in planned.endpoints if endpoint.plan.fits}
    if planned.fits or not fit:
        return None
    subnets = {str(subnet.subnet.cidr): subnet.subnet for subnet in planned.subnets}
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
