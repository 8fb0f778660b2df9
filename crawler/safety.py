"""Safety and per-source policy, applied to every request before any other downloader middleware.

Refused, each with its reason (the request's errback records it in crawl.fetch_failure; the crawl goes on):
- schemes other than http and https;
- hosts outside the source's sites (its feeds', its homepage's and its `allowed_hosts`, with subdomains);
- hosts that are, or resolve to, loopback, private, link-local, multicast, reserved or otherwise
  non-public addresses, unless the source is marked `local` in the registry (the replay server).
Redirects come back through here as new requests, so a redirect cannot lead around these rules.

The middleware resolves names itself to refuse early, with the reason; Scrapy resolves again when it
connects, and PublicOnlyResolver checks that answer too, so a name that changes its address between the
two lookups (DNS rebinding) is refused at connection time as well.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import tldextract
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler import politeness

ALLOWED_SCHEMES = {"http", "https"}
# The public-suffix list bundled with tldextract: no download at run time.
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class Refused(IgnoreRequest):
    """A request the crawler will not send; str() is the reason."""


def site(host: str) -> str:
    """The registrable domain of a host (rss.dw.com and www.dw.com → dw.com); IP addresses stay as they are."""
    return _extract(host).top_domain_under_public_suffix or host


def host_allowed(host: str, sites: set[str]) -> bool:
    return any(host == s or host.endswith("." + s) for s in sites)


def address_problem(address: str) -> str | None:
    """Why a request to this IP address is refused, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone index
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for label, flag in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                        ("reserved", ip.is_reserved or ip.is_unspecified), ("private", ip.is_private)):
        if flag:
            return f"{label} address {ip}"
    return None if ip.is_global else f"non-public address {ip}"


class SourcePolicyMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self._resolved: dict[str, str | None] = {}  # host -> problem (None: fine), per run
        self._configured_slots: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise Refused(f"scheme {scheme or '(none)'}: only http and https are fetched")
        host = (parts.hostname or "").lower()
        if not host:
            raise Refused("URL without a host")
        slot_key = request.meta.setdefault("download_slot", parts.netloc.lower())  # politeness per host:port
        source = self.crawler.spider.source_for(request)
        if source is not None and not host_allowed(host, source["sites"]):
            raise Refused(f"host {host} is not one of the sites of source {source['key']}")
        if source is None or not source["is_local"]:
            problem = await self._address_problem(host)
            if problem:
                raise Refused(f"host {host}: {problem}")
        if source is not None and slot_key not in self._configured_slots:
            self._configured_slots.add(slot_key)
            self._apply_overrides(slot_key, source)
        return None

    async def _address_problem(self, host: str) -> str | None:
        if host not in self._resolved:
            self._resolved[host] = await _resolve_problem(host)
        return self._resolved[host]

    def _apply_overrides(self, slot_key: str, source: dict) -> None:
        settings = self.crawler.engine.downloader.per_slot_settings.setdefault(slot_key, {})
        if source.get("concurrency"):
            settings["concurrency"] = source["concurrency"]
        if source.get("download_delay") is not None:  # a minimum gap, like a Crawl-delay
            politeness.raise_floor(self.crawler, slot_key, source["download_delay"], f"source {source['key']}")


async def _resolve_problem(host: str) -> str | None:
    try:
        return address_problem(host)  # an IP address in the URL
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return None  # not resolvable: the download fails on its own, with Scrapy's DNS error as the reason
    for *_, sockaddr in infos:
        problem = address_problem(sockaddr[0])
        if problem:
            return f"resolves to {problem}"
    return None


# Names the resolver refused, with the reason: Twisted reports a refused lookup only as "no results", so
# the spider looks the reason up here when it records the failure (one crawl per process).
refused_names: dict[str, str] = {}


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's DNS resolver (TWISTED_DNS_RESOLVER), refusing at connection time any name that resolves to
    a non-public address, unless it is a host of a local source of a running crawl."""

    process = None  # Scrapy builds resolvers with the CrawlerProcess, not a Crawler

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.process = crawler
        return resolver

    def getHostByName(self, name: str, timeout=()):  # noqa: N802 (Twisted's interface)
        return super().getHostByName(name, timeout).addCallback(self._refuse_non_public, name)

    def _local_hosts(self) -> set[str]:
        crawlers = getattr(self.process, "crawlers", ())
        return {host for c in crawlers if c.spider is not None for host in getattr(c.spider, "local_hosts", ())}

    def _refuse_non_public(self, address: str, name: str) -> str:
        problem = address_problem(address)
        if problem and name.lower() not in self._local_hosts():
            refused_names[name.lower()] = f"host {name} resolves to {problem} (at connection time)"
            raise DNSLookupError(refused_names[name.lower()])
        return address
