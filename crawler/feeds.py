"""Parsing feeds (RSS 0.9x/1.0/2.0, Atom via feedparser) and sitemaps (news and plain, via lxml)."""
from __future__ import annotations

import calendar
import datetime as dt
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


def parse(body: bytes, kind: str, content_type: str = "") -> ParsedFeed:
    if kind in ("news-sitemap", "sitemap"):
        return parse_sitemap(body)
    return parse_syndication(body, content_type)


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


def _date(text: str | None) -> dt.datetime | None:
    if not text:
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
