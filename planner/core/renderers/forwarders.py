"""Conditional forwarding for on-premises DNS servers: BIND, Windows DNS Server, Unbound and
dnsmasq, each forwarding the registry's public zone to the resolver inside Azure."""

from __future__ import annotations

from planner.core import azure
from planner.core.azure import Cloud
from planner.core.estate import Estate
from planner.core.renderers.infrastructure import comment_lines
from planner.core.renderers.unavailable import ResolverMissing

LABEL = "DNS forwarders"
DESCRIPTION = (
    "conditional forwarding of the registry's public zone to resolver_ip, for on-premises DNS: "
    "BIND, Windows DNS Server, Unbound and dnsmasq"
)
MEDIA_TYPE = "text/plain; charset=utf-8"


def forwarders(estate: Estate, _: str | None = None) -> str:
    registry = estate.registry
    return forwarders_text(registry.name, registry.cloud, estate.deployment.resolver_ip)


def forwarders_text(registry: str, cloud: Cloud, resolver_ip: str) -> str:
    """The snippets for the registry `registry`; ResolverMissing without a resolver address."""
    if not resolver_ip:
        raise ResolverMissing
    facts = azure.CLOUDS[cloud]
    public, login_server = facts.registry_suffix, f"{registry}.{facts.registry_suffix}"
    why = (
        f"Conditional forwarding for on-premises DNS servers, so that clients outside Azure reach "
        f"the registry {login_server} (and its data and regional endpoints) through its private "
        f"endpoint: forward the registry's public zone, {public}, to {resolver_ip}, the inbound "
        f"endpoint of the DNS Private Resolver in Azure, which asks Azure DNS "
        f"({azure.AZURE_DNS}). Why {public} and not {facts.private_zone}: clients ask for the "
        f"public names (the TLS certificate is for them), and Microsoft advises forwarding the "
        f"public zone, so that the whole CNAME chain, {login_server} to "
        f"{registry}.{facts.private_zone}, is resolved inside Azure where the private zone "
        "answers; forwarding the privatelink zone alone leaves the first step to the internet "
        f"and to caches. Registries under {public} without a private endpoint keep resolving "
        "to their public addresses through Azure DNS; one with a private endpoint whose record "
        "the private zone lacks (another team's, another tenant's) gets NXDOMAIN from the "
        "linked zone, unless the zone's virtual network link has the resolution policy "
        "NxDomainRedirect, which falls back to the public answer (az network private-dns link "
        "vnet update --resolution-policy NxDomainRedirect; Microsoft's private DNS fallback "
        "page)."
    )
    lines = [
        *comment_lines(why, "#"),
        "",
        *comment_lines(
            "DNS-rebind protection drops private addresses in answers for public names, which "
            f"is what every {public} name of the registry resolves to inside Azure: let them "
            "through for this zone (BIND: only where deny-answer-addresses is set, with "
            f'except-from {{ "{public}"; }}).',
            "#",
        ),
        "",
        "# BIND (named.conf)",
        f'zone "{public}" {{',
        "    type forward;",
        "    forward only;",
        f"    forwarders {{ {resolver_ip}; }};",
        "};",
        "",
        "# Windows DNS Server (PowerShell)",
        f'Add-DnsServerConditionalForwarderZone -Name "{public}" -MasterServers {resolver_ip}',
        "",
        "# Unbound (unbound.conf); private-domain lets its rebind protection (private-address)",
        "# pass the private answers for these public names",
        "server:",
        f'    private-domain: "{public}"',
        "forward-zone:",
        f'    name: "{public}."',
        f"    forward-addr: {resolver_ip}",
        "",
        "# dnsmasq (dnsmasq.conf); rebind-domain-ok lets --stop-dns-rebind pass the private",
        "# answers for these public names",
        f"server=/{public}/{resolver_ip}",
        f"rebind-domain-ok=/{public}/",
    ]
    return "\n".join(lines) + "\n"
