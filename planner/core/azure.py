"""Azure facts the planner relies on, kept in one place so they can be corrected.

Each fact names its public source. A fact tagged ``# (M)`` is inferred from Microsoft's
examples or from several independent sources rather than stated by a document: correct it
here if Azure says otherwise.

- ACR private endpoints: https://learn.microsoft.com/azure/container-registry/container-registry-private-link
- ACR geo-replication: https://learn.microsoft.com/azure/container-registry/container-registry-geo-replication
- Dedicated data endpoints: https://learn.microsoft.com/azure/container-registry/container-registry-dedicated-data-endpoints
- Private endpoint DNS zones: https://learn.microsoft.com/azure/private-link/private-endpoint-dns
  (China: https://docs.azure.cn/private-link/private-endpoint-dns)
- Subnets: https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq
- Private DNS zone groups: https://learn.microsoft.com/rest/api/virtualnetwork/private-dns-zone-groups
  and https://learn.microsoft.com/cli/azure/network/private-endpoint/dns-zone-group
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from netaddr import IPNetwork


class Cloud(StrEnum):
    PUBLIC = "public"
    USGOV = "usgov"
    CHINA = "china"


@dataclass(frozen=True)
class CloudFacts:
    label: str
    registry_suffix: str  # the public login server is <registry>.<registry_suffix>
    private_zone: str
    regions: tuple[str, ...]
    display_names: dict[str, str]  # programmatic name -> display name, for every region


# Each cloud's regions, by programmatic name (lower case) with the display name the portal and
# `az account list-locations` (displayName) show. Azure adds regions: add them here. A name
# is matched without regard to case or spaces, so "East US 2", "eastus 2" and "EAST US2" all
# name eastus2. Names of the newest regions are tagged (M): inferred from announcements.
PUBLIC_DISPLAY_NAMES = {
    "australiacentral": "Australia Central",
    "australiacentral2": "Australia Central 2",
    "australiaeast": "Australia East",
    "australiasoutheast": "Australia Southeast",
    "austriaeast": "Austria East",  # (M)
    "belgiumcentral": "Belgium Central",  # (M)
    "brazilsouth": "Brazil South",
    "brazilsoutheast": "Brazil Southeast",
    "canadacentral": "Canada Central",
    "canadaeast": "Canada East",
    "centralindia": "Central India",
    "centralus": "Central US",
    "chilecentral": "Chile Central",  # (M)
    "denmarkeast": "Denmark East",  # (M)
    "eastasia": "East Asia",
    "eastus": "East US",
    "eastus2": "East US 2",
    "francecentral": "France Central",
    "francesouth": "France South",
    "germanynorth": "Germany North",
    "germanywestcentral": "Germany West Central",
    "indonesiacentral": "Indonesia Central",  # (M)
    "israelcentral": "Israel Central",
    "italynorth": "Italy North",
    "japaneast": "Japan East",
    "japanwest": "Japan West",
    "jioindiacentral": "Jio India Central",
    "jioindiawest": "Jio India West",
    "koreacentral": "Korea Central",
    "koreasouth": "Korea South",
    "malaysiawest": "Malaysia West",  # (M)
    "mexicocentral": "Mexico Central",
    "newzealandnorth": "New Zealand North",
    "northcentralus": "North Central US",
    "northeurope": "North Europe",
    "norwayeast": "Norway East",
    "norwaywest": "Norway West",
    "polandcentral": "Poland Central",
    "qatarcentral": "Qatar Central",
    "southafricanorth": "South Africa North",
    "southafricawest": "South Africa West",
    "southcentralus": "South Central US",
    "southeastasia": "Southeast Asia",
    "southindia": "South India",
    "spaincentral": "Spain Central",
    "swedencentral": "Sweden Central",
    "switzerlandnorth": "Switzerland North",
    "switzerlandwest": "Switzerland West",
    "uaecentral": "UAE Central",
    "uaenorth": "UAE North",
    "uksouth": "UK South",
    "ukwest": "UK West",
    "westcentralus": "West Central US",
    "westeurope": "West Europe",
    "westindia": "West India",
    "westus": "West US",
    "westus2": "West US 2",
    "westus3": "West US 3",
}
USGOV_DISPLAY_NAMES = {
    "usgovvirginia": "USGov Virginia",
    "usgovtexas": "USGov Texas",
    "usgovarizona": "USGov Arizona",
    "usdodeast": "USDoD East",
    "usdodcentral": "USDoD Central",
}
CHINA_DISPLAY_NAMES = {
    "chinaeast": "China East",
    "chinaeast2": "China East 2",
    "chinaeast3": "China East 3",  # (M)
    "chinanorth": "China North",
    "chinanorth2": "China North 2",
    "chinanorth3": "China North 3",
}

PUBLIC_REGIONS = tuple(PUBLIC_DISPLAY_NAMES)
USGOV_REGIONS = tuple(USGOV_DISPLAY_NAMES)
CHINA_REGIONS = tuple(CHINA_DISPLAY_NAMES)

CLOUDS: dict[Cloud, CloudFacts] = {
    Cloud.PUBLIC: CloudFacts(
        "Azure (public)",
        "azurecr.io",
        "privatelink.azurecr.io",
        PUBLIC_REGIONS,
        PUBLIC_DISPLAY_NAMES,
    ),
    Cloud.USGOV: CloudFacts(
        "Azure US Government",
        "azurecr.us",
        "privatelink.azurecr.us",
        USGOV_REGIONS,
        USGOV_DISPLAY_NAMES,
    ),
    Cloud.CHINA: CloudFacts(
        "Azure China (21Vianet)",
        "azurecr.cn",
        "privatelink.azurecr.cn",  # stated on docs.azure.cn's private-endpoint DNS page
        CHINA_REGIONS,
        CHINA_DISPLAY_NAMES,
    ),
}

# --- Private endpoint members (group id "registry") --------------------------------------
GROUP_ID = "registry"
LOGIN_MEMBER = "registry"
DATA_MEMBER = "registry_data_{region}"
# The private-endpoint page queries requiredMemberName == 'registry_<replica location>'.
REGIONAL_MEMBER = "registry_{region}"

# Public FQDNs and private-zone record names, relative to the registry suffix / private zone.
LOGIN_LABEL = "{name}"
DATA_LABEL = "{name}.{region}.data"
REGIONAL_LABEL = "{name}.{region}.geo"  # (M: the public name is stated, this record is not)
# The exports say so where they write such a record.
REGIONAL_RECORD_INFERRED = (
    "The public name of a regional endpoint, <registry>.<region>.geo.<suffix>, is Microsoft's "
    "(geo-replication page; az acr show's regionalEndpointHostNames); its record name in the "
    "private zone, <registry>.<region>.geo, is inferred: Microsoft's pages ask for a record per "
    "regional endpoint without an example. Check it against the records a DNS zone group "
    "writes."
)


def example_login_server() -> str:
    return f"{LOGIN_LABEL.format(name='contoso')}.{CLOUDS[Cloud.PUBLIC].registry_suffix}"


def example_regional_name() -> str:
    label = REGIONAL_LABEL.format(name="registry", region="region")
    return f"{label}.{CLOUDS[Cloud.PUBLIC].registry_suffix}"


REGION_NAMES = frozenset(region for facts in CLOUDS.values() for region in facts.regions)


# --- Private DNS ------------------------------------------------------------------------
RECORD_TTL = 10  # A records written by a private DNS zone group (M: seen in Microsoft's dig output)
SOA_HOST = "azureprivatedns.net"
SOA_EMAIL = "azureprivatedns-host.microsoft.com"
SOA_SERIAL = 1
SOA_REFRESH = 3600
SOA_RETRY = 300
SOA_EXPIRE = 2419200
SOA_MINIMUM = 10
SOA_TTL = 3600

# --- DNS deployment ------------------------------------------------------------------
# A private DNS zone's resource id (ARM resource ids compare case-insensitively; H: "Resource
# name rules" and the private DNS REST API paths, learn.microsoft.com/rest/api/dns/privatedns).
PRIVATE_DNS_ZONE_ID = (
    "/subscriptions/{subscription}/resourceGroups/{resource_group}"
    "/providers/Microsoft.Network/privateDnsZones/{zone}"
)
RESOURCE_GROUP_NAME_MAX = (
    90  # letters, digits, _ ( ) - and . ; not ending in . (resource-name-rules)
)
# A private DNS zone group on the endpoint: Azure writes (and removes) the endpoint's A records in
# the zones it names, with TTL 10 (see RECORD_TTL).
# - Bicep/ARM: Microsoft.Network/privateEndpoints/privateDnsZoneGroups, properties
#   privateDnsZoneConfigs[{name, properties: {privateDnsZoneId}}] (REST API "Private Dns Zone
#   Groups - Create Or Update"; the 2023-11-01 version is listed among its API versions, the same
#   as the private endpoint's below).
# - azurerm: a `private_dns_zone_group { name, private_dns_zone_ids }` block of
#   azurerm_private_endpoint (provider source,
#   internal/services/network/private_endpoint_resource.go).
# - az CLI (GA): az network private-endpoint dns-zone-group create --resource-group
#   --endpoint-name --name --private-dns-zone <name or id> --zone-name <configuration name>.
# The Terraform export runs on its own: the provider it needs and the Terraform it was written
# for. azurerm's argument names (ip_configuration's member_name and subresource_name,
# private_dns_zone_group) are read from the provider's 4.x source
# (internal/services/network/private_endpoint_resource.go); azurerm 4 asks for `features {}`
# and a subscription id (ARM_SUBSCRIPTION_ID) in the provider's configuration
# (https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/4.0-upgrade-guide).
TERRAFORM_VERSION = ">= 1.5"
AZURERM_SOURCE = "hashicorp/azurerm"
AZURERM_VERSION = "~> 4.0"
# The provider's `environment` for each cloud ("public", "usgovernment" or "china": the
# azurerm provider's documentation, https://registry.terraform.io/providers/hashicorp/azurerm/
# latest/docs#environment-1).
AZURERM_ENVIRONMENT = {Cloud.PUBLIC: "public", Cloud.USGOV: "usgovernment", Cloud.CHINA: "china"}
PRIVATE_ENDPOINT_TYPE = "Microsoft.Network/privateEndpoints@2023-11-01"
PRIVATE_DNS_ZONE_TYPE = "Microsoft.Network/privateDnsZones@2020-06-01"
ZONE_LINK_TYPE = "Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01"
A_RECORD_TYPE = "Microsoft.Network/privateDnsZones/A@2020-06-01"
ZONE_GROUP_TYPE = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01"
ZONE_GROUP_NAME = "default"  # the name the portal gives the zone group it creates (M)


def zone_configuration_name(zone: str) -> str:
    """A zone group's configuration for `zone`, named as the portal and Microsoft's PowerShell
    example name theirs: the zone's name with dashes for dots (M: any name is accepted)."""
    return zone.replace(".", "-")


# Regional endpoints are a registry setting: `az acr update --regional-endpoints` (a preview
# argument of azure-cli's acr module), the portal, and ARM's registry property
# `regionalEndpoints` ("Enabled"/"Disabled") in the preview API that the CLI uses
# (2026-09-01-preview in azure-mgmt-containerregistry 15.1.0b3, which azure-cli 2.91.0 ships).
# azurerm has no argument for them: its regional_endpoint_enabled was the routing flag, now
# global_endpoint_routing_enabled.
ENABLE_REGIONAL_ENDPOINTS = "az acr update --name {registry} --regional-endpoints enabled"
REGIONAL_ENDPOINTS_API = "2026-09-01-preview"
ENABLE_REGIONAL_ENDPOINTS_HOW = (
    f"{ENABLE_REGIONAL_ENDPOINTS} (Azure CLI 2.86.0 or later), or the registry's "
    f"properties.regionalEndpoints: 'Enabled' in ARM or Bicep with a preview API version "
    f"({REGIONAL_ENDPOINTS_API}); azurerm has no argument for them"
)

# On-premises clients: forward the registry's PUBLIC zone (e.g. azurecr.io) to a resolver inside
# Azure (a DNS Private Resolver's inbound endpoint), which asks Azure DNS; the public name's
# CNAME then leads to the private zone, answered inside the linked network. Forwarding the
# privatelink zone instead is the common mistake (private-endpoint-dns, "On-premises workloads
# using a DNS forwarder").
AZURE_DNS = "168.63.129.16"  # answers only from inside Azure
# Where a deployed endpoint's addresses are read, a dynamic one's too (H: private endpoint REST
# API, customDnsConfigs[].fqdn and .ipAddresses[]).
DEPLOYED_ADDRESSES = (
    "az network private-endpoint show --resource-group=<group> --name <endpoint> "
    "--query customDnsConfigs lists each name with its address"
)

# --- Subnets ----------------------------------------------------------------------------
# Azure reserves the first four addresses and the last one of every subnet; these say what
# each is for, in order from the start and from the end. `addresses.usable_bounds` and
# everything that counts or draws reserved addresses derive from these two tuples.
RESERVED_AT_START = ("network address", "default gateway", "Azure DNS", "Azure DNS")
RESERVED_AT_END = ("last address (broadcast)",)
RESERVED_PER_SUBNET = len(RESERVED_AT_START) + len(RESERVED_AT_END)
SMALLEST_PREFIX = 29
LARGEST_PREFIX = 2
ADVISED_PREFIX = 27  # advised for private-endpoint subnets of geo-replicated registries
FORBIDDEN_RANGES = tuple(
    IPNetwork(cidr)
    for cidr in (
        "224.0.0.0/4",
        "255.255.255.255/32",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "168.63.129.16/32",
    )
)

# Private address ranges: RFC 1918 and the shared address space of RFC 6598. Azure allows a
# virtual network outside them (it treats such a range as private inside the network), but
# it is unusual: a subnet outside them gets a warning.
PRIVATE_RANGES = tuple(
    IPNetwork(cidr) for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)

# --- Private endpoints -------------------------------------------------------------------
# Private endpoints per registry by default; support raises it
# (learn.microsoft.com/azure/container-registry/container-registry-private-link).
PRIVATE_ENDPOINTS_PER_REGISTRY = 200
# A private endpoint's resource name: 2-64 alphanumerics, underscores, periods and hyphens,
# starting with an alphanumeric, ending with an alphanumeric or underscore
# (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
ENDPOINT_NAME_MIN = 2
ENDPOINT_NAME_MAX = 64
ENDPOINT_NAME_INNER = frozenset("_.-")  # besides ASCII letters and digits
ENDPOINT_NAME_LAST = frozenset("_")

# --- Registry names ---------------------------------------------------------------------
REGISTRY_NAME_MIN = 5
REGISTRY_NAME_MAX = 50

# --- Reading what is deployed (day two) -------------------------------------------------
# `az network private-endpoint show` (and each item of `list`): azure-cli's generated schema
# (azure-cli: command_modules/network/aaz/latest/network/private_endpoint/_show.py), printed
# client-flattened. The REST API (Microsoft.Network privateEndpoints) nests the same fields of
# each IP configuration under `properties`; both shapes are read.
ENDPOINT_NAME = "name"
ENDPOINT_SUBNET = ("subnet", "id")
ENDPOINT_IP_CONFIGURATIONS = "ipConfigurations"  # empty or absent: dynamic allocation
IP_CONFIGURATION_MEMBER = "memberName"
IP_CONFIGURATION_ADDRESS = "privateIPAddress"
IP_CONFIGURATION_GROUP = "groupId"
ENDPOINT_DNS_CONFIGS = "customDnsConfigs"  # the addresses of a dynamic endpoint, by FQDN
DNS_CONFIG_FQDN = "fqdn"
DNS_CONFIG_ADDRESSES = "ipAddresses"
# The connection to the registry: approved automatically, or (manual) by the registry's owner;
# each with privateLinkServiceId and privateLinkServiceConnectionState.status (H: recorded by
# azure-cli, a `--manual-request` endpoint "Pending", "Awaiting Approval").
ENDPOINT_CONNECTIONS = "privateLinkServiceConnections"
ENDPOINT_MANUAL_CONNECTIONS = "manualPrivateLinkServiceConnections"
# `az network private-dns record-set a list -z <zone>`: items with `name` (relative to the
# zone, "@" at the apex), `ttl`, `aRecords[].ipv4Address`; `fqdn` and `id` (which names the
# zone: .../privateDnsZones/<zone>/A/<name>) when az prints them.
RECORD_SET_NAME = "name"
RECORD_SET_TTL = "ttl"
RECORD_SET_A = "aRecords"
RECORD_SET_ADDRESS = "ipv4Address"
# `az acr replication list -r <registry>`: items with `location` (relied on); `name`,
# `regionEndpointEnabled`, `provisioningState`, `status` are read as optional. The home
# region is listed as a replication too. (M: whether az lists the home region first is not
# documented, so the wanted registry's regions are given in the planner's own order.)
REPLICATION_LOCATION = "location"

# Azure Resource Graph (`az graph query -q`): every address held in a subnet, and every
# subnet's prefix(es) with its own count of IP configurations, across subscriptions.
# - Holders of subnet addresses: network interfaces (`properties.ipConfigurations[]`), and the
#   NIC-less frontends of internal load balancers and of Application Gateways
#   (`properties.frontendIPConfigurations[]`); each configuration has
#   `properties.privateIPAddress` and `properties.subnet.id` (Microsoft.Network REST API:
#   NetworkInterfaceIPConfiguration, FrontendIPConfiguration,
#   ApplicationGatewayFrontendIPConfiguration). Other holders (a gateway's instances, a
#   firewall, delegated services) are not listed: the subnet's `properties.ipConfigurations`
#   ("references to the IP configurations using the subnet", SubnetPropertiesFormat) counts
#   them, so a shortfall is reported rather than ignored. That count is not the number of
#   addresses held (an Application Gateway v2's instances: MicrosoftDocs/azure-docs issues
#   65925 and 118791): the report says so.
# - A subnet gives `addressPrefix`, or `addressPrefixes` (a list) when it has several.
# - Limits (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language):
#   `mv-expand` yields at most 128 rows per record unless given `limit` (at most 400), and a
#   query has at most 2 `mv-expand` and 3 `union` legs: one `mv-expand` takes the interfaces'
#   and the frontends' configurations alike. Results are paged (`--first` at most 1000, then
#   `--skip-token`); "when using first, order the results by at least one column", or the
#   pages are "random and not repeatable" (.../concepts/work-with-data).
# Its JSON output is an object: `data` (the rows), `count`, `total_records`, `skip_token`
# (the resource-graph extension's custom.py, execute_query). "The query must project the id
# field in order for pagination to work. If it's missing from the query, the response won't
# include the $skipToken" (Microsoft's paging page, .../concepts/work-with-data, in its
# earlier versions): both legs project `id`. When Resource Graph cannot page a query it
# truncates the answer; az says so in a warning (which AZURE_CORE_ONLY_SHOW_ERRORS hides),
# not in the JSON: the rows of every page falling short of `total_records` is what shows it.
# - A virtual network's address space: `properties.addressSpace.addressPrefixes` (azure-cli's
#   generated schema, command_modules/network/aaz/latest/network/vnet/_show.py: addressSpace,
#   addressPrefixes), given on each of its subnets' rows: with every subnet's prefix, it says
#   where a new subnet could go.
# The output columns subnetId, privateIp, prefix and prefixes are those of the first version
# of this query (saved outputs stay readable); ipConfigurationCount and addressSpace are newer
# and optional.
GRAPH_QUERY = (
    "Resources"
    " | where type =~ 'microsoft.network/networkinterfaces'"
    " or type =~ 'microsoft.network/loadbalancers'"
    " or type =~ 'microsoft.network/applicationgateways'"
    " | mv-expand ipconfig = iff(type =~ 'microsoft.network/networkinterfaces',"
    " properties.ipConfigurations, properties.frontendIPConfigurations) limit 400"
    " | where isnotempty(ipconfig.properties.subnet.id)"
    " | project id, subnetId = tolower(tostring(ipconfig.properties.subnet.id)),"
    " privateIp = tostring(ipconfig.properties.privateIPAddress),"
    " prefix = '', prefixes = dynamic([])"
    " | union (Resources"
    " | where type =~ 'microsoft.network/virtualnetworks'"
    " | mv-expand subnet = properties.subnets limit 400"
    " | project id, subnetId = tolower(tostring(subnet.id)), privateIp = '',"
    " prefix = tostring(subnet.properties.addressPrefix),"
    " prefixes = subnet.properties.addressPrefixes,"
    " ipConfigurationCount = array_length(subnet.properties.ipConfigurations),"
    " addressSpace = properties.addressSpace.addressPrefixes)"
    " | order by subnetId asc, privateIp asc"
)
GRAPH_COMMAND = 'az graph query --first 1000 --subscriptions "$SUBSCRIPTION_ID" -q "{query}"'
# az graph is an extension of the Azure CLI (learn.microsoft.com/cli/azure/graph; the
# Resource Graph quickstart adds it with this command).
GRAPH_EXTENSION = "# az graph comes from an extension: az extension add --name resource-graph"
GRAPH_ROWS = "data"
GRAPH_SKIP_TOKEN = "skip_token"
GRAPH_TOTAL = "total_records"
GRAPH_SUBNET = "subnetId"
GRAPH_ADDRESS = "privateIp"
GRAPH_PREFIX = "prefix"
GRAPH_PREFIXES = "prefixes"
GRAPH_CONFIGURATIONS = "ipConfigurationCount"
GRAPH_ADDRESS_SPACE = "addressSpace"

# What changing a private endpoint's members involves. Stated by Microsoft: a private endpoint's
# static IP address and network interface name "must be set when the private endpoint is
# created" ("Manage Azure private endpoints", learn.microsoft.com/azure/private-link/
# manage-private-endpoint); a registry with a static-IP private endpoint "can't add further
# geo-replicas without reconfiguring the private endpoint", and the remedies are dynamic
# allocation or creating the static-IP endpoint once every replica exists (ACR geo-replication
# page, "Geo-replica creation fails", learn.microsoft.com/azure/container-registry/
# container-registry-geo-replication). Re-creating the endpoint with every member after a
# replica is added is the planner's inference from those two sentences, and says so. In
# azurerm, every ip_configuration argument forces a new resource (private_endpoint_resource.go).
STATIC_REPLICA_ADD_FAILS = (
    "Azure sets a private endpoint's IP configurations when the endpoint is created, and "
    "adding a replica fails while a static-IP endpoint lacks the replica's members."
)
STATIC_IP_WARNING = (
    f"Static IPs: {STATIC_REPLICA_ADD_FAILS} "
    "Microsoft's remedies: use dynamic allocation, or create the static-IP endpoint "
    "only after every replica exists. Re-creating it with every member after a replica is "
    "added is inferred from two Microsoft pages (IP configurations are set when an endpoint is "
    "created; a static-IP endpoint needs reconfiguring before geo-replicas are added); "
    "Terraform replaces the endpoint when any ip_configuration changes: an outage. Microsoft "
    'asks for "reconfiguring the private endpoint to add the new member" and documents no '
    "method for it."
)
# One apply that adds the replica and re-creates the endpoint gives Terraform no order between
# them (the endpoint does not depend on the replication), and Microsoft's order is replica
# first, then the static-IP endpoint: three applies keep it.
TERRAFORM_APPLIES = (
    "remove the endpoint (its azurerm_private_endpoint block) and apply",
    "add the replica and apply",
    "add the endpoint back with every ip_configuration and apply",
)
TERRAFORM_REPLACES = (
    "Terraform: every ip_configuration argument of azurerm_private_endpoint forces a new "
    "resource, so terraform plan shows the endpoint 'must be replaced' (destroy, then "
    "create): the same outage. Apply in three steps so the replica exists before the endpoint "
    "is created again: "
    + "; ".join(f"({number}) {step}" for number, step in enumerate(TERRAFORM_APPLIES, 1))
    + "."
)
# Members whose replica is removed from a static-IP endpoint: no Microsoft source says what
# Azure does with their IP configurations (uncertain), so the planner re-creates the endpoint
# with the remaining members.
