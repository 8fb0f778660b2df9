"""Parsing feeds (RSS 0.9x/1.0/2.0, Atom via feedparser; JSON Feed 1.0/1.1) and sitemaps (news and plain,
indexes, gzipped; via lxml without entity expansion)."""
from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field

import feedparser
from dateutil import parser as dateparser
from lxml import etree
from scrapy.utils.gz import gunzip
from w3lib.html import remove_tags

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


class FeedError(ValueError):
    """The document is not a usable feed or sitemap."""


@dataclass
class Entry:
    url: str
    guid: str | None = None
    title: str | None = None
    summary: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    published_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass
class ParsedFeed:
    entries: list[Entry]
    child_sitemaps: list[tuple[str, dt.datetime | None]] = field(default_factory=list)
    warning: str | None = None  # recovered from a problem (e.g. a wrong declared encoding)


JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1")


def parse(body: bytes, kind: str, content_type: str = "") -> ParsedFeed:
    if kind in ("news-sitemap", "sitemap"):
        return parse_sitemap(body)
    # A feed URL may switch format; JSON is told apart by its first byte, whatever the registry says.
    if kind == "json" or body.lstrip()[:1] == b"{":
        return parse_json_feed(body)
    return parse_syndication(body, content_type)


def parse_json_feed(body: bytes) -> ParsedFeed:
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): items with their own metadata."""
    try:
        document = json.loads(body)  # UTF-8 by the spec; json.loads also detects UTF-16/32
    except ValueError as exc:
        raise FeedError(f"malformed JSON feed: {exc}") from exc
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/version/1"):
        raise FeedError("malformed JSON feed: no jsonfeed.org version 1 document")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed JSON feed: no items list")
    feed_authors = _json_authors(document)
    entries = []
    for item in items:
        url = item.get("url") or item.get("external_url") if isinstance(item, dict) else None
        if not isinstance(url, str) or not url.strip():
            continue
        summary = item.get("summary") or item.get("content_text") or item.get("content_html")
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        entries.append(Entry(
            url=url.strip(),
            guid=str(item["id"]) if item.get("id") is not None else None,
            title=item.get("title") if isinstance(item.get("title"), str) else None,
            summary=" ".join(remove_tags(summary).split()) if isinstance(summary, str) else None,
            authors=_json_authors(item) or feed_authors,
            categories=[t for t in tags if isinstance(t, str) and t],
            published_at=_date(item.get("date_published")) or _date(item.get("date_modified")),
            updated_at=_date(item.get("date_modified")),
        ))
    version = document["version"]
    return ParsedFeed(entries, warning=None if version in JSON_FEED_VERSIONS else f"unknown JSON Feed version {version}")


def _json_authors(node: dict) -> list[str]:
    # 1.1 has `authors` (a list); 1.0 had a single `author`.
    authors = node.get("authors") if isinstance(node.get("authors"), list) else [node.get("author")]
    return [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"]]


def parse_syndication(body: bytes, content_type: str = "") -> ParsedFeed:
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    entries = [_feedparser_entry(e) for e in parsed.entries if e.get("link")]
    problem = parsed.get("bozo_exception")
    if not entries and (problem or not parsed.get("version")):
        raise FeedError(f"malformed feed: {problem or 'no RSS/Atom/RDF document found'}")
    if problem is None:
        return ParsedFeed(entries)
    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)):
        return ParsedFeed(entries, warning=f"wrong declared encoding, read as {parsed.get('encoding')}: {problem}")
    return ParsedFeed(entries, warning=f"malformed feed, {len(entries)} entries recovered: {problem}")


def _struct_time(value) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc) if value else None


def _feedparser_entry(e) -> Entry:
    authors = [a["name"] for a in e.get("authors", []) if a.get("name")]
    summary = e.get("summary")
    return Entry(
        url=e["link"].strip(),
        guid=e.get("id"),
        title=e.get("title"),
        summary=" ".join(remove_tags(summary).split()) if summary else None,
        authors=authors,
        categories=[t["term"] for t in e.get("tags", []) if t.get("term")],
        # dict.get: feedparser's own get() maps missing dates with a deprecation warning. RDF has only dc:date.
        published_at=_struct_time(dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")),
        updated_at=_struct_time(dict.get(e, "updated_parsed")),
    )


def _date(text) -> dt.datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = dateparser.isoparse(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def parse_sitemap(body: bytes) -> ParsedFeed:
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
    # No entity expansion, no network, no huge trees: sitemaps come from the open web.
    xml_parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser=xml_parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap: {exc}") from exc
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        children = [
            (loc.strip(), _date(node.findtext(f"{{{SITEMAP_NS}}}lastmod")))
            for node in root.iter(f"{{{SITEMAP_NS}}}sitemap")
            if (loc := node.findtext(f"{{{SITEMAP_NS}}}loc"))
        ]
        return ParsedFeed([], child_sitemaps=children)
    if tag != "urlset":
        raise FeedError(f"malformed sitemap: root element is <{tag}>, not <urlset> or <sitemapindex>")
    entries = []
    for node in root.iter(f"{{{SITEMAP_NS}}}url"):
        loc = node.findtext(f"{{{SITEMAP_NS}}}loc")
        if not loc:
            continue
        news = node.find(f"{{{NEWS_NS}}}news")
        keywords = news.findtext(f"{{{NEWS_NS}}}keywords") if news is not None else None
        entries.append(
            Entry(
                url=loc.strip(),
                title=news.findtext(f"{{{NEWS_NS}}}title") if news is not None else None,
                categories=[k.strip() for k in keywords.split(",") if k.strip()] if keywords else [],
                published_at=_date(news.findtext(f"{{{NEWS_NS}}}publication_date")) if news is not None else None,
                updated_at=_date(node.findtext(f"{{{SITEMAP_NS}}}lastmod")),
            )
        )
    return ParsedFeed(entries)
