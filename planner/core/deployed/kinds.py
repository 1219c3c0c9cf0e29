"""Which of the documents the day-two readers take a parsed JSON value is, by its shape: what
az prints about a private endpoint, a registry, its replications, a zone's A records, an
endpoint's zone groups or a Resource Graph query, or a whole document (the day-two document
`acr-pe-planner collect` writes, or an estate document).

Azure names a resource's type in its `type` field, in az's output as in the REST API's: the
ARM resource types Microsoft.Network/privateEndpoints, Microsoft.ContainerRegistry/registries
and .../replications, Microsoft.Network/privateDnsZones/A
(https://learn.microsoft.com/en-us/azure/templates/). A zone group has no `type` in az's
list (azure-cli's recordings show none): it is known by its privateDnsZoneConfigs. A list may
come as the REST API's {"value": [...]}, a graph query's answer has `data` and `count`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a value is, by the name of the day-two document's field that holds it."""

    DEPLOYED = "deployed"
    ACR_SHOW = "acr_show"
    REPLICATIONS = "replications"
    RECORDS = "records"
    ZONE_GROUPS = "zone_groups"
    GRAPH = "graph"
    ENDPOINT_LIST = "pe_list"  # az network private-endpoint list: the estate's, not one endpoint
    DAY_TWO = "day_two"  # a whole day-two document: registry, endpoints with `deployed`
    ESTATE = "estate"  # an estate document: registry, endpoints with `name` and `subnet`


BY_TYPE = {
    "microsoft.network/privateendpoints": Kind.DEPLOYED,
    "microsoft.containerregistry/registries": Kind.ACR_SHOW,
    "microsoft.containerregistry/registries/replications": Kind.REPLICATIONS,
    "microsoft.network/privatednszones/a": Kind.RECORDS,
    "microsoft.network/privateendpoints/privatednszonegroups": Kind.ZONE_GROUPS,
}


def kind_of(value: Any) -> Kind | None:
    """The kind of `value`, or None when its shape says nothing (an empty list, a number)."""
    if isinstance(value, dict) and isinstance(value.get("value"), list):
        value = value["value"]
    if isinstance(value, list):
        return list_kind(value[0] if value else None)
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("data"), list) and "count" in value:
        return Kind.GRAPH
    if isinstance(endpoints := value.get("endpoints"), list):
        first = endpoints[0] if endpoints else None
        return Kind.DAY_TWO if isinstance(first, dict) and "deployed" in first else Kind.ESTATE
    return item_kind(value)


def list_kind(first: Any) -> Kind | None:
    """The kind of a list, by its first item."""
    if not isinstance(first, dict):
        return None
    if "data" in first:
        return Kind.GRAPH  # the pages of a graph query, as a list
    kind = item_kind(first)
    return Kind.ENDPOINT_LIST if kind is Kind.DEPLOYED else kind


def item_kind(item: dict[str, Any]) -> Kind | None:
    """The kind of one resource, by its type, or of one zone group, by its configurations."""
    kind = BY_TYPE.get(str(item.get("type", "")).lower())
    properties = item.get("properties")
    within = properties if isinstance(properties, dict) else item
    if kind is None and "privateDnsZoneConfigs" in within:
        return Kind.ZONE_GROUPS
    return kind
