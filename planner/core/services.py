"""A private-link service as a value: the addresses a private endpoint to it takes, their
member names and private DNS records, its zone per cloud, and how its names read back.

The container registry is the first service (`REGISTRY`); its facts are in `azure`, each
with its source. Sizing (`Service.counts`), planning (`Service.members`), the readers of what
az prints (`Service.member_kind`, `Service.member_of_fqdn`, `Service.is_record`) and the
renderers (`Service.group_id`) ask the service, never a registry's literal. Adding a service
is one more `Service` here with its facts in `azure`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from planner.core import azure
from planner.core.azure import Cloud


class Kind(StrEnum):
    """What one address of a private endpoint is for."""

    LOGIN_SERVER = "login_server"
    DATA_ENDPOINT = "data_endpoint"
    REGIONAL_ENDPOINT = "regional_endpoint"

    @property
    def label(self) -> str:
        return self.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Member:
    """One address a private endpoint needs: what it is for, its member name in the endpoint's
    IP configurations, the public name clients use and its private DNS record."""

    kind: Kind
    region: str | None  # None for a member that is not per region (the login server)
    member_name: str
    fqdn: str  # the public name clients use
    record: str  # the A record's name, relative to the private zone


@dataclass(frozen=True, slots=True)
class Shape:
    """Members of one kind: their member name and record name (templates of `{name}`, the
    resource's name, and `{region}`), one per region or one in all, and the option of the
    service (a parameter such as regional_endpoints) without which there are none."""

    kind: Kind
    member: str
    record: str
    per_region: bool = False
    option: str = ""

    def present(self, options: Mapping[str, bool]) -> bool:
        return not self.option or options.get(self.option, False)

    def region_of(self, member_name: str) -> str | None:
        """The region a member name of this shape names ("" when not per region); None when
        the name is not of this shape or its region is not a known one."""
        if not self.per_region:
            return "" if member_name == self.member else None
        prefix, _, suffix = self.member.partition("{region}")
        if not (member_name.startswith(prefix) and member_name.endswith(suffix)):
            return None
        region = member_name[len(prefix) : len(member_name) - len(suffix)]
        # The region reaches printed commands (a replication's name): a known region only.
        return region if region in azure.REGION_NAMES else None


# A DNS label of a private zone's record, as a zone may hold it for any region.
ZONE_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


@dataclass(frozen=True, slots=True)
class Service:
    """A private-link service a plan sizes: its group id, the shapes of its members (in
    allocation order), its private DNS zone and public name suffix per cloud."""

    key: str
    title: str
    group_id: str
    resource_type: str
    shapes: tuple[Shape, ...]
    zones: Mapping[Cloud, str]
    suffixes: Mapping[Cloud, str]

    def zone(self, cloud: Cloud) -> str:
        return self.zones[cloud]

    def host(self, name: str, cloud: Cloud) -> str:
        """The resource's public name (a registry's login server)."""
        return f"{name}.{self.suffixes[cloud]}"

    def counts(self, regions: int, options: Mapping[str, bool]) -> dict[Kind, int]:
        """How many members of each kind an endpoint needs for `regions` regions."""
        return {
            shape.kind: (regions if shape.per_region else 1) if shape.present(options) else 0
            for shape in self.shapes
        }

    def per_region(self, options: Mapping[str, bool]) -> int:
        """The addresses one more region takes in every endpoint."""
        return sum(s.per_region and s.present(options) for s in self.shapes)

    def member(self, name: str, cloud: Cloud, kind: Kind, region: str | None = None) -> Member:
        """The member of `kind` (in `region`), with its public name and its private record."""
        shape = next(shape for shape in self.shapes if shape.kind is kind)
        record = shape.record.format(name=name, region=region)
        fqdn = f"{record}.{self.suffixes[cloud]}"
        return Member(kind, region, shape.member.format(region=region), fqdn, record)

    def members(
        self, name: str, regions: tuple[str, ...], options: Mapping[str, bool], cloud: Cloud
    ) -> tuple[Member, ...]:
        """Every address an endpoint needs, in allocation order: the shapes in their order,
        each in region order (the home region first)."""
        return tuple(
            self.member(name, cloud, shape.kind, region)
            for shape in self.shapes
            if shape.present(options)
            for region in (regions if shape.per_region else (None,))
        )

    def member_kind(self, member_name: str) -> tuple[Kind, str | None] | None:
        """What a member name is for, and its region; None for a name the service does not
        use, or one whose region is unknown."""
        for shape in self.shapes:
            region = shape.region_of(member_name)
            if region is not None:
                return shape.kind, region or None
        return None

    def member_of_fqdn(self, fqdn: str) -> tuple[str, str] | None:
        """(resource name, member name) of a public name such as contoso.eastus.data.azurecr.io."""
        name = fqdn.strip().rstrip(".")
        name = name.lower() if name.isascii() else name  # the Kelvin sign lowers to "k"
        for suffix in self.suffixes.values():
            if not name.endswith("." + suffix):
                continue
            labels = name[: -len(suffix) - 1].split(".")
            if not labels[0].isalnum():
                return None  # a registry name is letters and digits
            for shape in self.shapes:
                region = matched(shape.record.split("."), labels)
                if region is not None and (not shape.per_region or region in azure.REGION_NAMES):
                    return labels[0], shape.member.format(region=region)
        return None

    def is_record(self, record: str, name: str) -> bool:
        """Whether a record of the private zone is one of the resource `name`'s (a hub zone
        holds other resources' records too), for any region."""
        labels = record.split(".")
        return any(
            labels[0] == name
            and (region := matched(shape.record.split("."), labels)) is not None
            and (not shape.per_region or ZONE_LABEL.fullmatch(region) is not None)
            for shape in self.shapes
        )


def matched(template: list[str], labels: list[str]) -> str | None:
    """The region of `labels` read against a record template's labels ("" when it names none),
    or None when they do not match."""
    if len(template) != len(labels):
        return None
    region = ""
    for want, got in zip(template, labels, strict=True):
        if want == "{region}":
            region = got
        elif want != "{name}" and want != got:
            return None
    return region


REGISTRY = Service(
    key="registry",
    title="Azure Container Registry",
    group_id=azure.GROUP_ID,
    resource_type="Microsoft.ContainerRegistry/registries",
    shapes=(
        Shape(Kind.LOGIN_SERVER, azure.LOGIN_MEMBER, azure.LOGIN_LABEL),
        Shape(Kind.DATA_ENDPOINT, azure.DATA_MEMBER, azure.DATA_LABEL, per_region=True),
        Shape(
            Kind.REGIONAL_ENDPOINT,
            azure.REGIONAL_MEMBER,
            azure.REGIONAL_LABEL,
            per_region=True,
            option="regional_endpoints",
        ),
    ),
    zones=MappingProxyType({cloud: facts.private_zone for cloud, facts in azure.CLOUDS.items()}),
    suffixes=MappingProxyType(
        {cloud: facts.registry_suffix for cloud, facts in azure.CLOUDS.items()}
    ),
)
