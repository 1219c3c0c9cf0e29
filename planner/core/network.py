"""Virtual networks: where a new subnet could go when a subnet is too small.

A virtual network's address space (`properties.addressSpace.addressPrefixes`) less its
subnets' prefixes is what a new subnet may take. netaddr's IPSet does the set arithmetic: a
network has at most a few thousand subnets (Azure's limit is 3,000), and the free prefixes
come out sorted, each an aligned CIDR.
"""

from __future__ import annotations

from dataclasses import dataclass

from netaddr import IPNetwork, IPSet


@dataclass(frozen=True, slots=True)
class Network:
    """A virtual network, as Resource Graph lists it: its name, its address space and the
    prefixes of its subnets."""

    name: str
    address_space: tuple[IPNetwork, ...]
    subnets: tuple[IPNetwork, ...]

    def holds(self, cidr: IPNetwork) -> bool:
        return any(cidr in space for space in self.address_space)

    def free_prefix(self, prefix: int, taken: tuple[IPNetwork, ...] = ()) -> IPNetwork | None:
        """The lowest /`prefix` of the address space that no subnet (nor `taken`) overlaps,
        or None when there is none."""
        free = IPSet(self.address_space) - IPSet([*self.subnets, *taken])
        for block in free.iter_cidrs():  # sorted, each aligned: its first /prefix is too
            if block.prefixlen <= prefix:
                return IPNetwork(f"{block.network}/{prefix}")
        return None


def network_of(networks: tuple[Network, ...], cidr: IPNetwork) -> Network | None:
    """The network whose address space holds the subnet `cidr`, if one is given."""
    return next((network for network in networks if network.holds(cidr)), None)


def where(name: str, prefix: int, found: IPNetwork | None) -> str:
    """Where a new /`prefix` subnet could go in the network `name` (`found`: its first free
    one, or None), in a sentence."""
    if found is None:
        return (
            f"{name} has no free /{prefix}: add an address range to its address space, or use "
            "another virtual network."
        )
    return f"{found.cidr} is free in {name}."


def network_document(network: Network) -> dict[str, object]:
    """A network as the estate document gives it (what `collect --estate` and the estate
    page's fill from the graph write)."""
    return {
        "name": network.name,
        "address_space": [str(prefix.cidr) for prefix in network.address_space],
        "subnets": [str(prefix.cidr) for prefix in network.subnets],
    }
