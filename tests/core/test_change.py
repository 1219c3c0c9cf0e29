"""A change as a difference: kept members never move, no address is given twice, the static
path is Microsoft's; properties over random deployments, checked against netaddr.IPSet."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from netaddr import IPAddress, IPNetwork, IPRange, IPSet

from planner.core import Registry, Subnet
from planner.core.azure import PUBLIC_REGIONS
from planner.core.change.decide import change
from planner.core.change.values import ChangeRequest, EndpointState, Path, Status, StepKind
from planner.core.deployed.endpoints import DeployedEndpoint, DeployedMember, read_private_endpoint
from planner.core.inputs import parse_in_use
from planner.core.plan import members
from planner.core.renderers.runbook import step_commands
from tests.day_two import fixture

SUBNETS = ("10.0.0.0/28", "10.0.0.0/27", "10.0.1.0/27")
REGIONS = PUBLIC_REGIONS[:8]


@st.composite
def deployments(draw: st.DrawFn) -> ChangeRequest:
    """A registry as deployed (its endpoints with current addresses), and a wanted one."""
    current = Registry(
        "contoso",
        tuple(draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3, unique=True))),
        draw(st.booleans()),
    )
    wanted = Registry(
        "contoso",
        tuple(draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4, unique=True))),
        draw(st.booleans()),
    )
    taken: dict[str, set[int]] = {}
    states = []
    for number in range(draw(st.integers(1, 4))):
        cidr = IPNetwork(draw(st.sampled_from(SUBNETS)))
        used = taken.setdefault(str(cidr), set())
        free = [a for a in range(cidr.first + 4, cidr.last) if a not in used]
        needed = members(current)
        if len(free) < len(needed):
            continue
        addresses = draw(st.permutations(free))[: len(needed)]
        used.update(addresses)
        deployed = DeployedEndpoint(
            f"pe-{number}",
            "",
            draw(st.booleans()),
            tuple(
                DeployedMember(member.member_name, str(IPAddress(address)))
                for member, address in zip(needed, addresses, strict=True)
            ),
            "contoso",
        )
        offsets = draw(st.lists(st.integers(0, cidr.size - 1), max_size=5))
        in_use = parse_in_use([str(IPAddress(cidr.first + o)) for o in offsets], cidr)
        scope = draw(st.sampled_from(["hub", f"own{number}"]))
        states.append(EndpointState(deployed, Subnet(cidr, in_use), scope))
    return ChangeRequest(wanted, tuple(states or [hub_state()]))


def hub_state() -> EndpointState:
    """The static hub endpoint, without a DNS zone group (its records outlive it)."""
    deployed = read_private_endpoint(fixture("pe-static.json"))
    return EndpointState(deployed, Subnet(IPNetwork("10.0.1.0/27")), "hub", zone_groups=())


@settings(max_examples=200)
@given(deployments())
def test_a_kept_member_keeps_its_address(request: ChangeRequest) -> None:
    result = change(request)
    for state, planned in zip(request.endpoints, result.endpoints, strict=True):
        current = {m.member_name: m.ip for m in state.deployed.members}
        for member in planned.having(Status.KEPT):
            assert member.ip == current[member.member_name]
        assert {m.member_name for m in planned.having(Status.REMOVED)} == set(current) - {
            m.member_name for m in members(request.registry)
        }


@settings(max_examples=200)
@given(deployments())
def test_no_address_is_given_twice_nor_one_in_use(request: ChangeRequest) -> None:
    result = change(request)
    used: dict[str, IPSet] = {}
    for state in request.endpoints:  # the oracle: every in-use span and every current member
        cidr = str(state.subnet.cidr)
        spans = IPSet(IPRange(span.first, span.last) for span in state.subnet.used)
        current = IPSet(IPAddress(m.ip) for m in state.deployed.members)
        used[cidr] = used.get(cidr, IPSet()) | spans | current
    given_out: dict[str, list[IPAddress]] = {}
    for state, planned in zip(request.endpoints, result.endpoints, strict=True):
        cidr = state.subnet.cidr
        reserved = IPSet([IPRange(cidr.first, cidr.first + 3), IPAddress(cidr.last)])
        free = IPSet([cidr]) - reserved - used[str(cidr)] - IPSet(given_out.get(str(cidr), []))
        # A static endpoint left as it is takes no address; the others take one per new
        # member: named when the endpoint is created again static (the lowest free ones),
        # counted (and kept free of the others) when Azure picks them.
        needed = 0 if planned.path is Path.LEFT else len(planned.having(Status.ADDED))
        assert planned.fits == (len(free) >= needed)
        if planned.fits and needed:
            lowest = sorted(free)[:needed]
            named = [IPAddress(m.ip) for m in planned.having(Status.ADDED) if m.ip]
            assert named in ([], lowest)
            assert bool(named) == planned.created_static
            given_out.setdefault(str(cidr), []).extend(lowest)
    for addresses in given_out.values():
        assert len(addresses) == len(set(addresses))


def test_adding_a_replica_to_a_static_endpoint_recreates_it_with_every_member() -> None:
    state = hub_state()
    wanted = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
    result = change(ChangeRequest(wanted, (state,)))
    (endpoint,) = result.endpoints
    assert [(m.status, m.member_name, m.ip) for m in endpoint.members] == [
        (Status.KEPT, "registry", "10.0.1.4"),
        (Status.KEPT, "registry_data_eastus", "10.0.1.5"),
        (Status.KEPT, "registry_data_westeurope", "10.0.1.6"),
        (Status.ADDED, "registry_data_northeurope", "10.0.1.7"),
    ]
    assert endpoint.path is Path.RECREATED
    assert [step.kind for step in result.runbook] == [
        StepKind.DELETE_ENDPOINTS,
        StepKind.CHANGE_REGISTRY,
        StepKind.CREATE_ENDPOINT,
        StepKind.CORRECT_DNS,
        StepKind.CHECK,
    ]
    assert [step.outage for step in result.runbook] == [True, True, True, True, False]
    assert result.runbook[2].title.startswith("Re-create pe-contoso-hub")
    registry = "\n".join(step_commands(result, result.runbook[1]))
    assert "az acr replication create --registry contoso --location northeurope" in registry
    create = "\n".join(step_commands(result, result.runbook[2]))
    assert create.count("--ip-config") == 4
    assert "member-name=registry_data_eastus private-ip-address=10.0.1.5" in create
    assert "must be replaced" in result.runbook[2].note  # Terraform's replace-on-change
    assert "pe-contoso-hub" in result.downtime
    (zone,) = result.zones
    assert [(c.action, c.name, c.after) for c in zone.changes] == [
        ("add", "contoso.northeurope.data", ("10.0.1.7",))
    ]


def test_a_dynamic_endpoint_needs_no_outage_only_room() -> None:
    deployed = read_private_endpoint(fixture("pe-dynamic.json"))
    cidr = IPNetwork("10.0.2.0/28")  # 11 usable: 3 members (.7 to .9) and 8 others in use
    full = Subnet(cidr, parse_in_use(["10.0.2.4-10.0.2.6", "10.0.2.10-10.0.2.14"], cidr))
    wanted = Registry("contoso", ("eastus", "westeurope", "northeurope"), False)
    result = change(ChangeRequest(wanted, (EndpointState(deployed, full, "spoke"),)))
    assert not result.fits
    assert "does NOT fit" in result.endpoints[0].reason
    assert not any(step.title.startswith("Delete") for step in result.runbook)
    roomy = Subnet(IPNetwork("10.0.2.0/28"))
    result = change(ChangeRequest(wanted, (EndpointState(deployed, roomy, "spoke"),)))
    assert result.fits
    assert result.downtime.startswith("None expected")


def test_removing_a_replica_deletes_its_record_and_frees_nothing_in_place() -> None:
    state = hub_state()
    result = change(ChangeRequest(Registry("contoso", ("eastus",), False), (state,)))
    (endpoint,) = result.endpoints
    assert [m.member_name for m in endpoint.having(Status.REMOVED)] == ["registry_data_westeurope"]
    assert result.removed_regions == ("westeurope",)
    assert [(c.action, c.name) for c in result.zones[0].changes] == [
        ("delete", "contoso.westeurope.data")
    ]
