"""`az acr show` and `az acr replication list`: the registry, its home and its regions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planner.core import azure
from planner.core.addresses import (
    shown,
)
from planner.core.deployed.places import (
    Unreadable,
    absent_empty,
    field,
    items_of,
    known_region,
    listed,
    object_at,
    objects,
    pointer,
    text_at,
)
from planner.core.inputs import (
    ascii_lower,
    region_key,
)
from planner.core.services import REGISTRY


@dataclass(frozen=True)
class DeployedRegistry:
    """A registry as `az acr show` prints it."""

    name: str
    cloud: azure.Cloud | None  # from the login server's suffix
    home: str  # `location`: the home region
    regions: tuple[str, ...]  # the home region first, then the others its host names show
    regional_endpoints: bool | None  # `regionalEndpoints`; None when az printed none


def read_registry_show(value: Any) -> DeployedRegistry:
    """`az acr show` (or the REST API's registry): its name, home region (`location`), the
    regions its data and regional host names show, and whether regional endpoints are on
    (`regionalEndpoints`). Replications' `regionEndpointEnabled` is another setting (global
    endpoint routing) and is never read as this one."""
    item = object_at(value, (), "the output of az acr show")
    name = ascii_lower(text_at(item, "name", (), "the registry's name"))
    if not (name.isascii() and name.isalnum()):
        raise Unreadable("/name", f"{shown(name)!r} is not a registry name.")
    home = ascii_lower(text_at(item, "location", (), "the registry's location"))
    if not known_region(home):
        raise Unreadable(
            pointer(*field(item, "location")[1]), f"{shown(home)!r} is not a known region."
        )
    home = region_key(home)
    cloud = login_cloud(item, name)
    regions = {home: None, **dict.fromkeys(host_regions(item, name))}
    regional, regional_at = field(item, "regionalEndpoints")
    if regional is not None and regional not in ("Enabled", "Disabled"):
        raise Unreadable(pointer(*regional_at), "Expected Enabled or Disabled.")
    return DeployedRegistry(
        name,
        cloud,
        home,
        tuple(regions),
        None if regional is None else regional == "Enabled",
    )


def login_cloud(item: dict[str, Any], name: str) -> azure.Cloud | None:
    """The cloud of the registry's login server (None when az printed none); a login server
    that is not the registry's is refused."""
    login, at = field(item, "loginServer")
    if not isinstance(login, str):
        return None
    found = REGISTRY.member_of_fqdn(login)
    if found is None or found[0] != name:
        raise Unreadable(pointer(*at), f"{shown(login)!r} is not the login server of {name}.")
    suffix = ascii_lower(login.strip()).partition(".")[2]
    return next((c for c, f in azure.CLOUDS.items() if f.registry_suffix == suffix), None)


def host_regions(item: dict[str, Any], name: str) -> Iterator[str]:
    """The regions the registry's data and regional host names show, in their order."""
    for key in ("dataEndpointHostNames", "regionalEndpointHostNames"):
        hosts, hosts_at = field(item, key)
        for n, host in enumerate(items_of(absent_empty(hosts), hosts_at, key)):
            found = REGISTRY.member_of_fqdn(host) if isinstance(host, str) else None
            kind = REGISTRY.member_kind(found[1]) if found else None
            if found is None or kind is None or kind[1] is None or found[0] != name:
                raise Unreadable(
                    pointer(*hosts_at, n),
                    f"Expected a host name such as {name}.<region>.data.azurecr.io.",
                )
            yield kind[1]


def read_replications(value: Any, home: str = "") -> tuple[str, ...]:
    """The registry's regions from `az acr replication list` (or the REST API's list), the
    home region first when it is known. Azure lists them in no documented order, and a
    registry without geo-replicas lists none: then the home region is its one region."""
    regions = []
    items, place = listed(value, (), "the output of az acr replication list")
    for item, at in objects(items, place, "a replication"):
        location = ascii_lower(
            text_at(item, azure.REPLICATION_LOCATION, at, "the replication's location")
        )
        if not known_region(location):
            raise Unreadable(
                pointer(*at, azure.REPLICATION_LOCATION),
                f"{shown(location)!r} is not a known region.",
            )
        regions.append(region_key(location))
    if not regions and not home:
        raise Unreadable(
            "",
            "az acr replication list printed no replication: a registry without geo-replicas "
            "lists none. Give the registry's own JSON too (acr_show: what az acr show prints; "
            "its location is the home region), or give regions.",
        )
    ordered = dict.fromkeys([home] if home else [])
    ordered.update(dict.fromkeys(regions))
    return tuple(ordered)
