"""Article extraction: body text with trafilatura, metadata from JSON-LD, OpenGraph and meta tags.

    >>> article = extract_article(html_bytes, "https://www.example.de/politik/artikel.html")
    >>> article["title"], article["published_at"], article["authors"]

Structured metadata wins over heuristics: publishers state headline, authors and dates in JSON-LD or
meta tags for search engines, and those statements are more reliable than text guessed from layout.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import htmldate
import lxml.html
import trafilatura
from trafilatura.settings import use_config
from dateutil import parser as dateparser
from w3lib.encoding import html_to_unicode

from pipeline.clean import clean_lines, clean_text, clean_title, split_authors
from pipeline.urls import canonicalize

EXTRACTOR_VERSION = "1"
MAX_HTML_BYTES = 5 * 1024 * 1024  # larger pages are cut: no article needs more
TRAFILATURA_CONFIG = use_config()
TRAFILATURA_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", "50000")  # elements: hostile DOMs are refused, not walked
MIN_WORDS = 20  # below this a page is a teaser, index or error page, not an article
PUBLISHER_TZ = ZoneInfo("Europe/Berlin")  # for dates stated without offset
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BlogPosting", "LiveBlogPosting", "BackgroundNewsArticle", "Report"}


class ExtractionError(ValueError):
    """The page holds no extractable article."""


def decode_html(html: bytes, content_type: str | None = None) -> str:
    """Unicode text of a page: BOM, then HTTP charset, then <meta charset>, then detection.

    A declared charset that does not fit the bytes (Latin-1 served as UTF-8, a common CMS fault) is
    overruled: strict UTF-8 first, then Windows-1252, which German pages use when they are not UTF-8.
    """
    html = html[:MAX_HTML_BYTES]
    _, text = html_to_unicode(content_type, html)
    if "\ufffd" in text and b"\xef\xbf\xbd" not in html:
        try:
            return html.decode("utf-8")
        except UnicodeDecodeError:
            return html.decode("cp1252", errors="replace")
    return text


def extract_article(html: bytes, url: str, content_type: str | None = None) -> dict:
    """The article on a page as a dict: title, lead, text, authors, published_at, modified_at (aware
    datetimes), language, canonical_url, paywalled, the lines cleaning dropped (line, reason) and the
    extractor version."""
    if b"\x00" in html[:1024]:
        raise ExtractionError("not an HTML page (binary content)")
    text = decode_html(html, content_type)
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from exc
    meta = _page_metadata(tree)
    ld = _json_ld_article(tree)
    published = _first_date(ld.get("datePublished"), meta.get("article:published_time"), meta.get("dc.date.issued"),
                            meta.get("date"), meta.get("time")) or _htmldate(tree, url)

    # trafilatura prunes the tree it is given, so it runs after every other read of the page.
    body = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=False, with_metadata=False,
        config=TRAFILATURA_CONFIG,
    )
    if body is None or not (body.text or "").strip():
        raise ExtractionError("no article text found")

    title = clean_title(ld.get("headline") or meta.get("og:title") or meta.get("dc.title") or meta.get("title") or "",
                        site_name=meta.get("og:site_name"))
    lead = clean_text(ld.get("description") or meta.get("og:description") or meta.get("description") or "") or None
    if not title:
        raise ExtractionError("no headline found")
    paragraphs, dropped = clean_lines(body.text, title=title)
    if lead and paragraphs and _same_text(paragraphs[0], lead):
        paragraphs = paragraphs[1:]  # the lead is kept apart from the body
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_WORDS:
        raise ExtractionError(f"too little text for an article ({words} words)")

    canonical = meta.get("canonical") or meta.get("og:url") or url
    return {
        "title": title,
        "lead": lead,
        "text": "\n".join(paragraphs),
        "authors": _authors(ld, meta),
        "published_at": published,
        "modified_at": _first_date(ld.get("dateModified"), meta.get("article:modified_time"), meta.get("last-modified")),
        "language": _language(ld.get("inLanguage") or meta.get("lang") or meta.get("dc.language")),
        "canonical_url": canonicalize(urljoin(url, canonical)),
        "paywalled": str(ld.get("isAccessibleForFree", "true")).lower() == "false",
        "dropped_lines": dropped,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _page_metadata(tree) -> dict[str, str]:
    """Meta tags, canonical link, <title>, <html lang> and the first <time datetime>, lower-cased keys."""
    meta: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        value = (node.get("content") or "").strip()
        if key and value:
            meta.setdefault(key, value)
    for node in tree.iter("link"):
        if "canonical" in (node.get("rel") or "").lower().split() and node.get("href"):
            meta.setdefault("canonical", node.get("href").strip())
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        meta["title"] = title.text_content().strip()
    if tree.get("lang"):
        meta["lang"] = tree.get("lang")
    for node in tree.iter("time"):
        if node.get("datetime"):
            meta["time"] = node.get("datetime")
            break
    return meta


def _json_ld_objects(tree):
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except (json.JSONDecodeError, TypeError):
            continue  # broken JSON-LD is common; the other sources still apply
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                yield obj
                stack.extend(obj.get("@graph", []))


def _json_ld_article(tree) -> dict:
    for obj in _json_ld_objects(tree):
        types = obj.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & ARTICLE_TYPES:
            return obj
    return {}


def _authors(ld: dict, meta: dict) -> list[str]:
    people = ld.get("author") or []
    people = people if isinstance(people, list) else [people]
    names = [p.get("name", "") for p in people if isinstance(p, dict) and p.get("@type", "Person") == "Person"]
    names += [p for p in people if isinstance(p, str)]
    if not names and not people:
        names = [meta.get("article:author") or meta.get("author") or meta.get("dc.creator") or ""]
    return split_authors(names)


def _first_date(*candidates: str | None) -> dt.datetime | None:
    for value in candidates:
        if not value:
            continue
        try:
            parsed = dateparser.parse(value.strip(), dayfirst=True)
        except (ValueError, OverflowError):
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=PUBLISHER_TZ)
    return None


def _htmldate(tree, url: str) -> dt.datetime | None:
    found = htmldate.find_date(tree, url=url, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S")
    return _first_date(found)


def _language(tag: str | None) -> str | None:
    if not tag:
        return None
    match = re.match(r"[A-Za-z]{2,3}", tag.strip())
    return match.group(0).lower() if match else None
