"""Azure facts the planner relies on, kept in one place so they can be corrected.

Sources: ``shared/reference/azure-facts.md``. Facts marked (M) there are inferred from
official examples rather than stated by a document; each is tagged ``# (M)`` below.
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


# Azure adds regions: extend these tuples (programmatic names, lower case).
PUBLIC_REGIONS = (
    "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast",
    "austriaeast", "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral",
    "canadaeast", "centralindia", "centralus", "chilecentral", "denmarkeast", "eastasia",
    "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
    "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest",
    "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth", "malaysiawest",
    "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast",
    "norwaywest", "polandcentral", "qatarcentral", "southafricanorth", "southafricawest",
    "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
    "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth", "ukwest",
    "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
)  # fmt: skip
USGOV_REGIONS = ("usgovvirginia", "usgovtexas", "usgovarizona", "usdodeast", "usdodcentral")
CHINA_REGIONS = (
    "chinaeast",
    "chinaeast2",
    "chinaeast3",
    "chinanorth",
    "chinanorth2",
    "chinanorth3",
)

CLOUDS: dict[Cloud, CloudFacts] = {
    Cloud.PUBLIC: CloudFacts(
        "Azure (public)", "azurecr.io", "privatelink.azurecr.io", PUBLIC_REGIONS
    ),
    Cloud.USGOV: CloudFacts(
        "Azure US Government", "azurecr.us", "privatelink.azurecr.us", USGOV_REGIONS
    ),
    Cloud.CHINA: CloudFacts(
        "Azure China (21Vianet)",
        "azurecr.cn",
        "privatelink.azurecr.cn",
        CHINA_REGIONS,  # (M)
    ),
}

# --- Private endpoint members (group id "registry") --------------------------------------
GROUP_ID = "registry"
LOGIN_MEMBER = "registry"
DATA_MEMBER = "registry_data_{region}"
REGIONAL_MEMBER = "registry_{region}"  # (M)

# Public FQDNs and private-zone record names, relative to the registry suffix / private zone.
LOGIN_LABEL = "{registry}"
DATA_LABEL = "{registry}.{region}.data"
REGIONAL_LABEL = "{registry}.{region}.geo"  # (M)

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

# --- Subnets ----------------------------------------------------------------------------
RESERVED_PER_SUBNET = 5  # network, gateway (.1), Azure DNS (.2, .3), broadcast
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

# --- Registry names ---------------------------------------------------------------------
REGISTRY_NAME_MIN = 5
REGISTRY_NAME_MAX = 50
