"""Why an export cannot be made of a plan: each is answered as a problem, not as a file."""

from __future__ import annotations

from planner.core import azure

ADDRESSES_UNKNOWN = (
    "Azure assigns the addresses of this endpoint (allocation=dynamic), so the planner cannot "
    "name them, and this file needs them. Let a private DNS zone group write the records "
    "(dns=zone-group, or new-zone, which adds one with dynamic allocation), or make the file "
    "once the endpoint is deployed, from the addresses it got (" + azure.DEPLOYED_ADDRESSES + ")."
)
RESOLVER_MISSING = (
    "Give resolver_ip: the IPv4 address of the inbound endpoint of the DNS Private Resolver "
    "(or of a DNS forwarder) in the virtual network, which on-premises DNS forwards to."
)


class AddressesUnknown(ValueError):
    """The export needs addresses and Azure assigns them."""

    def __init__(self) -> None:
        super().__init__(ADDRESSES_UNKNOWN)


class ResolverMissing(ValueError):
    """The forwarders export needs the resolver's address."""

    field = "resolver_ip"

    def __init__(self) -> None:
        super().__init__(RESOLVER_MISSING)
