"""What pasting `az graph query`'s output (and an endpoint's) fills in the planning form:
the subnet and its in-use spans, or each paste box's problem."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.core.addresses import (
    count,
)
from planner.core.deployed.endpoints import DeployedEndpoint, read_private_endpoint
from planner.core.deployed.graph import (
    SubnetInventory,
    SubnetState,
    endpoint_state,
    only_subnet,
    read_graph,
    subnet_name,
    subnet_state,
)
from planner.core.deployed.places import (
    MAX_TEXT_CHARACTERS,
    Unreadable,
    described,
    inside,
    load_json,
)


def graph_summary(state: SubnetState, endpoint: DeployedEndpoint | None) -> str:
    """What a graph paste filled in the planning form, in one sentence."""
    used = count(state.used)
    own = [m.ip for m in endpoint.members if inside(m.ip, state.cidr)] if endpoint else []
    whose = (
        f", {len(own)} of them {endpoint.name}'s own: they stay in use, so remove them from "
        "the list if you plan to re-create the endpoint"
        if endpoint and own
        else ""
    )
    shortfall = f" {state.shortfall}" if state.shortfall else ""
    return (
        f"Filled from az graph query: subnet {state.cidr} "
        f"({subnet_name(state.subnet_id)}), {used} address{'es' if used != 1 else ''} "
        f"in use{whose}.{shortfall}"
    )


class Pasted(StrEnum):
    """What a reader was given, for the problems it names."""

    GRAPH = "graph"  # az graph query's output
    ENDPOINT = "endpoint"  # az network private-endpoint show's


@dataclass(frozen=True)
class GraphFill:
    """What pasting the graph's output (and the endpoint's) fills in the planning form: the
    subnet and its in-use spans, or each box's problem."""

    state: SubnetState | None
    summary: str = ""
    problems: tuple[tuple[Pasted, str], ...] = ()  # (what was pasted, message)


def fill_from_graph(graph_text: str, endpoint_text: str = "") -> GraphFill:
    """The subnet of the endpoint pasted (or the only one the graph lists) and every address
    used in it, from the text of the two paste boxes."""
    problems: list[tuple[Pasted, str]] = []
    inventory: tuple[SubnetInventory, ...] = ()
    endpoint = None
    if not graph_text.strip() and len(graph_text) <= MAX_TEXT_CHARACTERS:
        problems.append((Pasted.GRAPH, "Paste the JSON that the graph query prints."))
    else:
        try:
            inventory = read_graph(load_json(graph_text, "The graph output"))
        except Unreadable as error:
            problems.append((Pasted.GRAPH, described(error)))
    if endpoint_text.strip() or len(endpoint_text) > MAX_TEXT_CHARACTERS:
        try:
            endpoint = read_private_endpoint(load_json(endpoint_text, "The endpoint's JSON"))
        except Unreadable as error:
            problems.append((Pasted.ENDPOINT, described(error)))
    if problems:
        return GraphFill(None, problems=tuple(problems))
    try:
        if endpoint is None:
            state = subnet_state(inventory, only_subnet(inventory))
        else:
            state = endpoint_state(inventory, endpoint)
    except Unreadable as error:
        box = Pasted.ENDPOINT if error.place.startswith("/") else Pasted.GRAPH
        return GraphFill(None, problems=((box, described(error)),))
    return GraphFill(state, graph_summary(state, endpoint))
