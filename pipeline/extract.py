"""Article extraction: body text with trafilatura, metadata from JSON-LD, OpenGraph and meta tags, and
declarative per-publisher overrides (pipeline/publishers.yaml) where the generic result is wrong.

    >>> article = extract_article(html_bytes, "https://www.example.de/politik/artikel.html")
    >>> article["title"], article["published_at"], article["authors"], article["credits"]

Structured metadata wins over heuristics: publishers state headline, authors and dates in JSON-LD or
meta tags for search engines, and those statements are more reliable than text guessed from layout.
Each field is read from an ordered list of sources, the first that yields a value wins:
`ld:<key>` (the JSON-LD article), `meta:<name>` (meta tags, `meta:title` is <title>, `meta:canonical`
the canonical link), `css:<selector>` (text of the matching elements), `page:lead` (the teaser the page
shows under its headline, found by its class name). A publisher override replaces
a field's source list, or names CSS selectors for the body, its subheadlines and what to prune.
"""
from __future__ import annotations

import datetime as dt
import functools
import html as htmllib
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import htmldate
import lxml.html
import trafilatura
import yaml
from dateutil import parser as dateparser
from lxml.cssselect import CSSSelector
from trafilatura.settings import use_config
from w3lib.encoding import html_to_unicode

from pipeline.clean import (BOILERPLATE_LINE, MOJIBAKE, SPACES, clean_lines, clean_title, normalize, repair_mojibake,
                            same_text, split_byline, text_key)
from pipeline.urls import canonicalize

EXTRACTOR_VERSION = "2"
MAX_HTML_BYTES = 5 * 1024 * 1024  # larger pages are cut: no article needs more
TRAFILATURA_CONFIG = use_config()
TRAFILATURA_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", "50000")  # elements: hostile DOMs are refused, not walked
MIN_WORDS = 20  # below this a page is a teaser, index or error page, not an article
PUBLISHER_TZ = ZoneInfo("Europe/Berlin")  # for dates stated without offset
# German and Central European zone names dateutil does not know.
TZ_NAMES = {"CET": 3600, "MEZ": 3600, "CEST": 7200, "MESZ": 7200, "UTC": 0, "GMT": 0}
ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}")
ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BlogPosting", "LiveBlogPosting", "BackgroundNewsArticle", "Report", "ReviewNewsArticle"}
HEADINGS = "h2, h3, h4, h5, h6"  # subheadlines unless a publisher names its own selector
WRITTEN_BY = {"written by", "verfasst von", "geschrieben von", "autor", "autorin", "von"}
# Class names of the teaser under a headline: "article-lead", "leadText", "intro", "excerpt", "preface",
# "einleitung", "vorspann", "subtitle", "teaser-text", "shorttext", "summary__intro".
LEAD_CLASS = re.compile(r"lead(?!er)|intro|excerpt|preface|einleitung|vorspann|subtitle|teaser[-_]*text|shorttext"
                        r"|summary|standfirst|\bdek\b", re.IGNORECASE)
LEAD_LENGTH = (40, 1000)  # characters: shorter is a label, longer a container of the article
LEAD_SEARCH = 3  # the lead repeated in the body is among its first paragraphs
PUBLISHERS_FILE = Path(__file__).with_name("publishers.yaml")
SELECTOR_RULES = {"body", "subheadlines", "prune"}  # CSS selectors, beside the field source lists
DESCRIPTION = ["ld:description", "meta:og:description", "meta:description"]
DEFAULT_RULES = {
    "title": ["meta:og:title", "ld:headline", "css:h1", "meta:title"],
    "lead": ["page:lead", *DESCRIPTION],
    "authors": ["ld:author", "meta:author", "meta:article:author", "meta:dc.creator", "meta:written-by",
                "css:[itemprop=author] [itemprop=name]", "css:a[rel~=author]"],
    "published": ["ld:datePublished", "meta:article:published_time", "meta:article:published:time",
                  "meta:dc.date.issued", "meta:date", "meta:pubdate", "meta:time"],
    "modified": ["ld:dateModified", "meta:article:modified_time", "meta:last-modified"],
    "section": ["ld:articleSection", "meta:article:section"],
    "keywords": ["ld:keywords", "meta:news_keywords", "meta:keywords", "meta:article:tag"],
}


class ExtractionError(ValueError):
    """The page holds no extractable article."""


def decode_html(html: bytes, content_type: str | None = None) -> str:
    """Unicode text of a page: BOM, then HTTP charset, then <meta charset>, then detection.

    A declared charset that does not fit the bytes (Latin-1 served as UTF-8, a common CMS fault) is
    overruled: strict UTF-8 first, then Windows-1252, which German pages use when they are not UTF-8.
    """
    html = html[:MAX_HTML_BYTES]
    _, text = html_to_unicode(content_type, html)
    if MOJIBAKE.search(text):  # UTF-8 declared as Latin-1: the bytes decode as UTF-8 cleanly
        try:
            return html.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if "\ufffd" in text and b"\xef\xbf\xbd" not in html:
        try:
            return html.decode("utf-8")
        except UnicodeDecodeError:
            return html.decode("cp1252", errors="replace")
    return text


@functools.cache
def publisher_rules() -> dict[str, dict]:
    """host -> the field rules of the override entry naming it (publishers.yaml); a misspelt rule fails
    loudly instead of silently leaving the generic result in place."""
    entries = yaml.safe_load(PUBLISHERS_FILE.read_text(encoding="utf-8")) or {}
    rules = {}
    for name, entry in entries.items():
        unknown = set(entry) - {"why", "hosts"} - set(DEFAULT_RULES) - SELECTOR_RULES
        if unknown or not entry.get("hosts"):
            raise ValueError(f"{PUBLISHERS_FILE.name}: entry {name!r} has unknown rules {sorted(unknown)} or no hosts")
        rules.update({host: {k: v for k, v in entry.items() if k not in ("why", "hosts")} for host in entry["hosts"]})
    return rules


def rules_for(url: str) -> dict:
    """The field rules for a page: the defaults, with its publisher's overrides on top."""
    host = (urlsplit(url).hostname or "").lower()
    for suffix, rules in publisher_rules().items():
        if host == suffix or host.endswith("." + suffix):
            return {**DEFAULT_RULES, **rules}
    return DEFAULT_RULES


@functools.cache
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css)


def extract_article(html: bytes, url: str, content_type: str | None = None, overrides: bool = True) -> dict:
    """The article on a page as a dict: title, lead (the visible teaser, else the description), text
    (paragraphs, one per line, without lead and subheadlines), subheadlines,
    authors (person names), credits (agencies and newsrooms credited), published_at, modified_at
    (aware datetimes), section, keywords, language, canonical_url, paywalled, the lines cleaning
    dropped (line, reason) and the extractor version. `overrides=False` gives the generic result, without
    the publisher's rules."""
    if b"\x00" in html[:1024]:
        raise ExtractionError("not an HTML page (binary content)")
    text = decode_html(html, content_type)
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unparseable HTML: {exc}") from exc
    page = PageFacts(tree)
    rules = rules_for(url) if overrides else DEFAULT_RULES

    title = clean_title(page.first(rules["title"]) or "", page.meta.get("og:site_name"), urlsplit(url).hostname)
    if not title:
        raise ExtractionError("no headline found")
    lead = normalize(page.first(rules["lead"]) or "").replace("\n", " ") or None
    authors, credits = _authors(page, rules["authors"])
    published = _first_date(page.values_of(rules["published"])) or _htmldate(tree, url)
    metadata = {
        "title": title,
        "lead": lead,
        "authors": authors,
        "credits": credits,
        "published_at": published,
        "modified_at": _first_date(page.values_of(rules["modified"])),
        "section": normalize(page.first(rules["section"]) or "") or None,
        "keywords": _keywords(page.values_of(rules["keywords"])),
        "language": _language(page.ld.get("inLanguage") or page.meta.get("lang") or page.meta.get("dc.language")),
        "canonical_url": canonicalize(urljoin(url, page.meta.get("canonical") or page.meta.get("og:url") or url)),
        "paywalled": page.paywalled(),
    }
    # trafilatura prunes the tree it is given, so the body is read after every other read of the page.
    # A publisher's body selector that finds nothing (a changed layout) falls back to trafilatura.
    blocks = ("body" in rules and _selected_blocks(tree, rules)) or _trafilatura_blocks(tree, url, rules)
    paragraphs, dropped = clean_lines("\n".join(text for kind, text in blocks if kind == "p"), title=title)
    paragraphs = _without_lead(paragraphs, page.teaser, page.first(DESCRIPTION))
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_WORDS:
        raise ExtractionError(f"too little text for an article ({words} words)")
    subheadlines = _subheadlines(blocks, title)
    return {**metadata, "text": "\n".join(paragraphs), "subheadlines": subheadlines, "dropped_lines": dropped,
            "extractor_version": EXTRACTOR_VERSION}


class PageFacts:
    """What a page states about itself: meta tags, the JSON-LD article, and CSS-selected text."""

    def __init__(self, tree):
        self.tree = tree
        self.meta = _page_metadata(tree)
        self.ld = _json_ld_article(tree)
        self.teaser = _page_lead(tree)  # read before trafilatura prunes the tree

    def values(self, source: str) -> list:
        kind, _, key = source.partition(":")
        if kind == "ld":
            value = self.ld.get(key)
            return [] if value in (None, "", []) else value if isinstance(value, list) else [value]
        if kind == "meta":
            return [self.meta[key]] if key in self.meta else []
        if kind == "page" and key == "lead":
            return [self.teaser] if self.teaser else []
        if kind == "css":
            found = (" ".join(node.text_content().split()) for node in _selector(key)(self.tree))
            return [text for text in found if text]
        raise ValueError(f"unknown field source {source!r}")

    def values_of(self, sources: list[str]) -> list:
        """The values of the first source that has any."""
        for source in sources:
            if found := self.values(source):
                return found
        return []

    def first(self, sources: list[str]) -> str | None:
        for value in self.values_of(sources):
            if isinstance(value, str) and value.strip():
                return repair_mojibake(htmllib.unescape(value.strip()))
        return None

    def publisher_name(self) -> str | None:
        publisher = self.ld.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        return name if isinstance(name, str) else None

    def paywalled(self) -> bool:
        parts = self.ld.get("hasPart") or []
        parts = [p for p in (parts if isinstance(parts, list) else [parts]) if isinstance(p, dict)]
        flags = [self.ld.get("isAccessibleForFree")] + [p.get("isAccessibleForFree") for p in parts]
        return any(str(flag).strip().lower() == "false" for flag in flags if flag is not None)


def _trafilatura_blocks(tree, url: str, rules: dict) -> list[tuple[str, str]]:
    """Paragraphs and headings of trafilatura's body. trafilatura turns some headings into paragraphs, so
    a paragraph whose text is a heading of the page (or matches the publisher's subheadline selector)
    is a heading again."""
    headings = {text_key(node.text_content()) for node in _selector(rules.get("subheadlines", HEADINGS))(tree)}
    prune = [_selector(css).path for css in rules.get("prune", [])]
    body = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=False, with_metadata=False,
        prune_xpath=prune or None, config=TRAFILATURA_CONFIG,
    )
    if body is None or body.body is None:
        raise ExtractionError("no article text found")
    blocks = []
    for node in body.body:
        text = _paragraph_text(node) if node.tag == "p" else " ".join(" ".join(node.itertext()).split())
        # Bulleted lists are link lists, fact boxes and spec sheets far more often than article text.
        if text and node.tag != "list":
            blocks.append(("head" if node.tag == "head" or text_key(text) in headings else "p", text))
    return blocks


def _paragraph_text(node) -> str:
    """A paragraph's text; its line breaks (<lb/>) become newlines, so a caption line stays its own line."""
    for br in node.iter("lb"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(" ".join(line.split()) for line in "".join(node.itertext()).split("\n"))


def _selected_blocks(tree, rules: dict) -> list[tuple[str, str]]:
    """Paragraphs (and subheadlines) chosen by the publisher's selectors, in document order; none when
    the selectors match nothing."""
    for css in rules.get("prune", []):
        for node in _selector(css)(tree):
            node.drop_tree()
    heads = set(_selector(rules["subheadlines"])(tree)) if "subheadlines" in rules else set()
    paragraphs = _selector(rules["body"])(tree)
    position = {node: i for i, node in enumerate(tree.iter())}
    blocks = []
    for node in sorted(heads | set(paragraphs), key=position.__getitem__):
        if node in heads:
            blocks.append(("head", " ".join(node.text_content().split())))
        else:  # text broken by <br> comes as one paragraph per line
            for br in node.iter("br"):
                br.tail = "\n" + (br.tail or "")
            blocks.extend(("p", line) for line in map(str.strip, SPACES.sub(" ", node.text_content()).split("\n"))
                          if line)
    return [(kind, text) for kind, text in blocks if text]


def _subheadlines(blocks: list[tuple[str, str]], title: str) -> list[str]:
    """Headings between paragraphs: those above the first paragraph are the kicker or the headline
    again, those below the last one head boxes (sources, related links), and boilerplate headings go."""
    kinds = [kind for kind, _ in blocks]
    if "p" not in kinds:
        return []
    first, last = kinds.index("p"), len(kinds) - 1 - kinds[::-1].index("p")
    return [text for kind, text in blocks[first:last] if kind == "head" and not same_text(text, title)
            and not BOILERPLATE_LINE.match(text)]


def _without_lead(paragraphs: list[str], teaser: str | None, description: str | None) -> list[str]:
    """The body without the lead, which trafilatura often returns as a paragraph: the page's visible
    teaser among the first paragraphs, the meta description only as the first one (some publishers put
    a later paragraph there)."""
    def repeats(paragraph: str, lead: str | None) -> bool:
        return bool(lead) and (same_text(paragraph, lead) or _overlap(paragraph, lead) >= 0.9)
    return [p for i, p in enumerate(paragraphs)
            if not (i < LEAD_SEARCH and repeats(p, teaser) or i == 0 and repeats(p, description))]


def _page_lead(tree) -> str | None:
    """The teaser under the headline: the first element after the <h1> whose class names it a lead,
    intro, excerpt or the like, with the length of a teaser."""
    h1 = next(tree.iter("h1"), None)
    started = h1 is None
    for node in tree.iter():
        if node is h1:
            started = True
        elif started and isinstance(node.tag, str) and LEAD_CLASS.search(node.get("class") or ""):
            if node.tag == "a" or node.xpath("ancestor::a") or node.xpath(".//a"):
                continue  # a teaser that links elsewhere announces another article
            text = " ".join(node.text_content().split())
            if LEAD_LENGTH[0] <= len(text) <= LEAD_LENGTH[1]:
                return text
    return None


def _overlap(a: str, b: str) -> float:
    words_a, words_b = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return len(words_a & words_b) / max(len(words_a | words_b), 1)


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
    # WordPress (Yoast) states the author as a Twitter card label/data pair, another CMS as a misc field.
    for i in "123":
        if meta.get(f"twitter:label{i}", "").casefold() in WRITTEN_BY and f"twitter:data{i}" in meta:
            meta.setdefault("written-by", meta[f"twitter:data{i}"])
    if "twitter:misc:written by" in meta:
        meta.setdefault("written-by", meta["twitter:misc:written by"])
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
            data = json.loads(script.text_content(), strict=False)  # raw newlines in strings are common
        except (json.JSONDecodeError, TypeError):
            continue  # broken JSON-LD is common; the other sources still apply
        # Breadth first through nested objects: the article may sit in @graph or a WebPage's mainEntity.
        queue = [data]
        while queue:
            obj = queue.pop(0)
            if isinstance(obj, dict):
                yield obj
                queue.extend(v for v in obj.values() if isinstance(v, (dict, list)))
            elif isinstance(obj, list):
                queue.extend(obj)


def _json_ld_article(tree) -> dict:
    for obj in _json_ld_objects(tree):
        types = obj.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & ARTICLE_TYPES:
            return obj
    return {}


def _authors(page: PageFacts, sources: list[str]) -> tuple[list[str], list[str]]:
    """Person names and credited organisations (agencies, newsrooms) from the first source naming any."""
    for source in sources:
        raw, organisations = [], []
        for value in page.values(source):
            if isinstance(value, dict):
                name = value.get("name") or ""
                name = name[0] if isinstance(name, list) and name else name
                kind = str(value.get("@type", "Person"))
                (raw if "Person" in kind else organisations).append(str(name))
            elif isinstance(value, str):
                raw.append(value)
        people, credits = split_byline([repair_mojibake(htmllib.unescape(v)) for v in raw],
                                       outlets=[page.meta.get("og:site_name"), page.publisher_name()])
        credits += [name for name in map(normalize, organisations) if name and name not in credits]
        if people or credits:
            return people, credits
    return [], []


def _keywords(values: list) -> list[str]:
    words: list[str] = []
    for value in values:
        for word in (value.split(",") if isinstance(value, str) else [str(value)]):
            word = normalize(htmllib.unescape(word)).replace("\n", " ")
            if word and word not in words:
                words.append(word)
    return words


def _first_date(candidates: list) -> dt.datetime | None:
    for value in candidates:
        if parsed := parse_date(str(value)):
            return parsed
    return None


def parse_date(value: str) -> dt.datetime | None:
    """An aware datetime from an ISO 8601 or German-style date; a date without offset is publisher time."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            # Day first only for German-style dates (03.05.2024); ISO dates are year-month-day.
            parsed = dateparser.parse(value, dayfirst=not ISO_DATE.match(value), tzinfos=TZ_NAMES)
        except (ValueError, OverflowError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PUBLISHER_TZ)


def _htmldate(tree, url: str) -> dt.datetime | None:
    found = htmldate.find_date(tree, url=url, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S")
    return parse_date(found) if found else None


def _language(tag: str | None) -> str | None:
    if not tag or not isinstance(tag, str):
        return None
    match = re.match(r"[A-Za-z]{2,3}", tag.strip())
    return match.group(0).lower() if match else None
