"""Sources for operators: crawl groups, feed autodiscovery (`lagebild sources add`) and a live check of a
source's feeds (`lagebild sources check`), fetched with the crawler's User-Agent and safety rules."""
from __future__ import annotations

import gzip
import io
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from protego import Protego

from pipeline import config, db

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 15
FEED_TYPES = {"application/rss+xml": "rss", "application/atom+xml": "atom", "application/rdf+xml": "rdf",
              "application/feed+json": "json", "application/json": "json"}
NEWS_NAMESPACE = b"http://www.google.com/schemas/sitemap-news/0.9"


def enabled_source_groups(database_url: str, groups: int) -> list[list[str]]:
    """Enabled source keys dealt round-robin into at most `groups` non-empty groups."""
    with db.connection(database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT key FROM crawl.source WHERE enabled ORDER BY key")
        keys = [row[0] for row in cur]
    dealt = [keys[i::groups] for i in range(groups)]
    return [group for group in dealt if group]


class FetchError(RuntimeError):
    pass


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes


def check_url(url: str, allow_local: bool) -> None:
    """The crawler's rules for one URL: http(s) only, no private addresses unless the source is local."""
    from crawler.safety import address_problem

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http(s) URLs with a host are fetched")
    if allow_local:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None, proto=socket.IPPROTO_TCP)}
    except OSError as exc:
        raise FetchError(f"{parts.hostname}: host name not resolved ({exc})") from exc
    for address in sorted(addresses):
        problem = address_problem(address)
        if problem:
            raise FetchError(f"refused: host {parts.hostname} resolves to {problem} (mark the source local if it is yours)")


def fetch(url: str, allow_local: bool = False) -> Fetched:
    check_url(url, allow_local)
    request = urllib.request.Request(url, headers={"User-Agent": config.user_agent(), "Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            check_url(response.url, allow_local)  # where redirects led
            body = response.read(MAX_BYTES + 1)
            if response.headers.get("Content-Encoding") == "gzip":
                with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
                    body = unzipped.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise FetchError(f"{url}: larger than {MAX_BYTES} bytes")
            return Fetched(response.url, response.status, response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as exc:
        return Fetched(url, exc.code, exc.headers.get("Content-Type", ""), b"")
    except (urllib.error.URLError, OSError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from exc


def _sitemap_kind(url: str, allow_local: bool) -> str:
    """news-sitemap when the sitemap (or, for an index, its first child) uses the Google News namespace."""
    from crawler import feeds

    page = fetch(url, allow_local)
    body = gzip.decompress(page.body) if page.body[:2] == b"\x1f\x8b" else page.body
    if NEWS_NAMESPACE in body:
        return "news-sitemap"
    try:
        children = feeds.parse_sitemap(body).child_sitemaps
    except feeds.FeedError:
        return "sitemap"
    if children:
        child = fetch(children[0][0], allow_local).body
        child = gzip.decompress(child) if child[:2] == b"\x1f\x8b" else child
        return "news-sitemap" if NEWS_NAMESPACE in child else "sitemap"
    return "sitemap"


def discover(homepage: str, allow_local: bool = False) -> dict:
    """A registry entry for a publisher: name from the homepage, feeds from its <link rel="alternate">,
    sitemaps from its robots.txt."""
    page = fetch(homepage, allow_local)
    if page.status != 200:
        raise FetchError(f"{homepage}: HTTP {page.status}")
    tree = lxml.html.fromstring(page.body, base_url=page.url)
    found = []
    for link in tree.xpath('//link[@href and contains(concat(" ", normalize-space(@rel), " "), " alternate ")]'):
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        if kind:
            found.append({"kind": kind, "url": urljoin(page.url, link.get("href").strip())})
    robots = fetch(urljoin(page.url, "/robots.txt"), allow_local)
    if robots.status == 200:
        for sitemap in Protego.parse(robots.body.decode("utf-8", "replace")).sitemaps:
            found.append({"kind": _sitemap_kind(sitemap, allow_local), "url": sitemap})
    unique = list({f["url"]: f for f in found}.values())
    title = " ".join(tree.xpath("string(//title)").split())
    site_name = tree.xpath('string(//meta[@property="og:site_name"]/@content)').strip()
    return {"name": site_name or title or urlsplit(page.url).hostname, "homepage": page.url, "feeds": unique}


def suggested_key(homepage: str) -> str:
    from crawler.safety import _extract

    host = urlsplit(homepage).hostname or ""
    return re.sub(r"[^a-z0-9]+", "-", (_extract(host).domain or host).lower()).strip("-")


def check_feed(feed: dict, allow_local: bool) -> tuple[bool, str]:
    """Fetch one feed now as the crawler would (robots.txt, safety, parsing); (ok, one-line summary)."""
    from crawler import feeds

    try:
        robots = fetch(urljoin(feed["url"], "/robots.txt"), allow_local)
        if robots.status == 200 and not Protego.parse(robots.body.decode("utf-8", "replace")).can_fetch(
                feed["url"], config.user_agent()):
            return False, "forbidden by robots.txt"
        page = fetch(feed["url"], allow_local)
    except FetchError as exc:
        return False, str(exc)
    if page.status != 200:
        return False, f"HTTP {page.status}"
    try:
        parsed = feeds.parse(page.body, feed["kind"], page.content_type)
    except feeds.FeedError as exc:
        return False, f"HTTP 200, {exc}"
    dates = [e.published_at for e in parsed.entries if e.published_at]
    summary = (f"HTTP 200, {len(page.body)} bytes, {len(parsed.entries)} entries"
               + (f", {len(parsed.child_sitemaps)} child sitemaps" if parsed.child_sitemaps else "")
               + (f", newest {max(dates).isoformat()}" if dates else ""))
    return True, summary + (f" ({parsed.warning})" if parsed.warning else "")
