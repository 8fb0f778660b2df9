"""Loads the replay corpus: outlets (outlets.yaml) and articles (articles/<day>/<outlet>--<slug>.md)."""
from __future__ import annotations

import datetime as dt
import functools
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = CORPUS_DIR / "articles"
BERLIN = dt.timezone(dt.timedelta(hours=2))  # the corpus covers June only: CEST throughout

# Each outlet's CMS has its own URL scheme and feed location, as real ones do.
URL_PATTERNS = {
    "rheinblick": "/{section}/{slug}-{num}.html",
    "spreebote": "/{section}/{yyyy}/{mm}/{dd}/{slug}/",
    "alpenpost": "/story/{num}/{slug}",
    "limmatbote": "/{section}/{slug}-ld.{num}",
    "handelsecho": "/{section}/{slug}/{num}.html",
    "nachrichtenwerk": "/nachrichten/{section}/{slug}-{num}",
    "euronews": "/{yyyy}/{mm}/{dd}/{slug}",
}
FEED_PATHS = {
    "rss2": "/feed/rss.xml",
    "atom": "/feeds/atom.xml",
    "rdf": "/rdf/news.rdf",
    "news-sitemap": "/sitemaps/news.xml",
}
FEED_KINDS = {"rss2": "rss", "atom": "atom", "rdf": "rdf", "news-sitemap": "news-sitemap"}
LANGUAGE_TAGS = {"de": "de-DE", "at": "de-AT", "ch": "de-CH", "eu": "de"}


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    country: str
    city: str
    feed: str
    feed_encoding: str
    feed_link_params: str | None = None

    @property
    def feed_path(self) -> str:
        return FEED_PATHS[self.feed]

    @property
    def feed_kind(self) -> str:
        return FEED_KINDS[self.feed]

    @property
    def lang(self) -> str:
        return LANGUAGE_TAGS[self.country]


@dataclass
class Article:
    path: Path
    outlet: str
    slug: str
    section: str
    published: dt.datetime
    title: str
    lead: str
    authors: list[str]
    story: str
    body: str
    modified: dt.datetime | None = None
    agency: str | None = None
    storyline: str | None = None
    duplicate_of: str | None = None
    keywords: list[str] = field(default_factory=list)
    paywall: bool = False
    image_caption: str | None = None
    image_credit: str | None = None

    @property
    def corpus_id(self) -> str:
        """`<day>/<outlet>--<slug>`, the id other files use in `duplicate_of`."""
        return f"{self.path.parent.name}/{self.path.stem}"

    @property
    def day(self) -> dt.date:
        return self.published.astimezone(BERLIN).date()

    @property
    def url_path(self) -> str:
        num = zlib.crc32(f"{self.outlet}/{self.slug}".encode()) % 900_000 + 100_000
        p = self.published.astimezone(BERLIN)
        return URL_PATTERNS[self.outlet].format(
            section=self.section, slug=self.slug, num=num, yyyy=f"{p:%Y}", mm=f"{p:%m}", dd=f"{p:%d}"
        )

    @property
    def blocks(self) -> list[dict]:
        blocks = []
        for chunk in self.body.split("\n\n"):
            text = " ".join(chunk.split())
            if text.startswith("## "):
                blocks.append({"kind": "h2", "text": text[3:]})
            elif text:
                blocks.append({"kind": "p", "text": text})
        return blocks

    @property
    def visible_blocks(self) -> list[dict]:
        """What the page shows: a paywalled article shows only its first two paragraphs."""
        if not self.paywall:
            return self.blocks
        return [b for b in self.blocks if b["kind"] == "p"][:2]


def _as_datetime(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def parse_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    meta["published"] = _as_datetime(meta["published"])
    meta["modified"] = _as_datetime(meta.get("modified"))
    meta["authors"] = meta.get("authors") or []
    meta["keywords"] = meta.get("keywords") or []
    return Article(path=path, body=body.strip(), **meta)


@functools.cache
def outlets() -> dict[str, Outlet]:
    data = yaml.safe_load((CORPUS_DIR / "outlets.yaml").read_text(encoding="utf-8"))
    return {
        key: Outlet(key=key, **{k: v for k, v in spec.items() if k in Outlet.__dataclass_fields__})
        for key, spec in data.items()
    }


@functools.cache
def articles() -> tuple[Article, ...]:
    """All articles, oldest first."""
    found = [parse_article(p) for p in sorted(ARTICLES_DIR.glob("*/*.md"))]
    return tuple(sorted(found, key=lambda a: (a.published, a.outlet, a.slug)))


def days() -> list[dt.date]:
    return sorted({a.day for a in articles()})


def published_by(day: dt.date) -> list[Article]:
    """Articles public at the end of `day`, newest first."""
    return sorted((a for a in articles() if a.day <= day), key=lambda a: a.published, reverse=True)
