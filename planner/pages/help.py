"""The help under the pages' fields: one line each, the rest on demand.

The API's and the command line's help (the forms' help texts) says more, and how a query
string or a JSON body writes a value; a page says what a person filling it needs at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.core import azure
from planner.forms import DEPLOYMENT_LABELS
from planner.forms import HELP as FORM_HELP

# The fields' names as their labels on the page say them, and where the error summary links.
LABELS = {
    "registry": "Registry name",
    "cloud": "Cloud",
    "replica_count": "Replicas",
    "regions": "Regions",
    "regional_endpoints": "Regional endpoints enabled",
    "subnet": "Subnet",
    "in_use": "Addresses already in use",
    **DEPLOYMENT_LABELS,
}


@dataclass(frozen=True)
class FieldHelp:
    """A field's help on the page: one line under it, the rest on demand. What a query string
    or a JSON body writes differently is the API's documentation (its fields' descriptions)."""

    name: str
    label: str
    line: str
    more: str = ""


HELP = {
    name: FieldHelp(name, LABELS[name], *text)
    for name, text in {
        "registry": (f"Letters and digits, as in {azure.example_login_server()}.",),
        "cloud": ("Public by default.",),
        "replica_count": ("The home region included.",),
        "regions": (
            "By programmatic or display name: eastus or East US.",
            "A further box appears as the last is filled. Without names, the count of replicas "
            "alone sizes the subnet; with them, it must equal their number.",
        ),
        "regional_endpoints": (
            "One more address per replica.",
            f"For {azure.example_regional_name()}; a preview feature.",
        ),
        "subnet": (
            f"The endpoint's subnet: an IPv4 CIDR, /{azure.LARGEST_PREFIX} to "
            f"/{azure.SMALLEST_PREFIX}.",
            f"Azure reserves {azure.RESERVED_PER_SUBNET} addresses in each subnet; the plan "
            "allocates from the others.",
        ),
        "in_use": (
            "Addresses, ranges or CIDRs, by commas or lines.",
            "Ranges as 10.0.1.4-10.0.1.6, or 10.0.1.4-6 within the last octet; the planner "
            "allocates around them.",
        ),
        "dns": ("What the Terraform, Bicep and az files do about DNS.", FORM_HELP["dns"]),
        "zone_id": ("With existing-zone or zone-group: the zone's id.", FORM_HELP["zone_id"]),
        "allocation": ("Static IP configurations, or Azure's choice.", FORM_HELP["allocation"]),
        "resolver_ip": (
            "For the forwarders file: the resolver's inbound address.",
            FORM_HELP["resolver_ip"],
        ),
    }.items()
}
