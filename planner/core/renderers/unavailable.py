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


class FieldRefused(ValueError):
    """The export cannot be made of what one field holds: refused naming that field."""

    field = ""


class ResolverMissing(FieldRefused):
    """The forwarders export needs the resolver's address."""

    field = "resolver_ip"

    def __init__(self) -> None:
        super().__init__(RESOLVER_MISSING)


# The bundle holds every file of every endpoint: its cost grows with them (1,000 endpoints'
# zone files took a worker 0.8 s), so it is made for Azure's default number of endpoints to a
# registry; a larger estate takes its files one export at a time.
BUNDLE_MOST_ENDPOINTS = azure.PRIVATE_ENDPOINTS_PER_REGISTRY


class BundleTooLarge(FieldRefused):
    field = "/endpoints"

    def __init__(self, endpoints: int) -> None:
        super().__init__(
            f"The bundle is made for at most {BUNDLE_MOST_ENDPOINTS} endpoints (Azure's default "
            f"number per registry); this estate has {endpoints:,}. Ask for each export on its "
            "own (terraform, bicep, azcli, zone?scope=, hosts?endpoint=...)."
        )
