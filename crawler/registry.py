"""The declarative sources registry (crawler/sources.yaml) and its mirror in crawl.source / crawl.feed."""
from __future__ import annotations

from pathlib import Path

import yaml

from pipeline import db

FEED_KINDS = {"rss", "atom", "rdf", "news-sitemap", "sitemap"}


class RegistryError(ValueError):
    pass


def load(path: Path) -> dict:
    registry = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    validate(registry)
    return registry


def validate(registry: dict) -> None:
    for key, source in registry.items():
        if not source.get("name"):
            raise RegistryError(f"source {key!r}: missing name")
        feeds = source.get("feeds") or []
        if not feeds:
            raise RegistryError(f"source {key!r}: no feeds")
        for feed in feeds:
            if feed.get("kind") not in FEED_KINDS:
                raise RegistryError(f"source {key!r}: feed kind {feed.get('kind')!r} not one of {sorted(FEED_KINDS)}")
            if not str(feed.get("url", "")).startswith(("http://", "https://")):
                raise RegistryError(f"source {key!r}: feed URL must be http(s): {feed.get('url')!r}")


def sync(conn, registry: dict) -> None:
    """Upsert sources and feeds; a feed keeps its HTTP validators and history while it stays listed."""
    validate(registry)
    with conn.cursor() as cur:
        db.upsert(
            cur,
            """INSERT INTO crawl.source (key, name, country, language, homepage, enabled, is_local) VALUES %s
               ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country,
                 language = EXCLUDED.language, homepage = EXCLUDED.homepage, enabled = EXCLUDED.enabled,
                 is_local = EXCLUDED.is_local, updated_at = now()""",
            [
                (key, s["name"], s.get("country"), s.get("language", "de"), s.get("homepage"),
                 s.get("enabled", True), s.get("local", False))
                for key, s in registry.items()
            ],
        )
        db.upsert(
            cur,
            """INSERT INTO crawl.feed (source_key, url, kind) VALUES %s
               ON CONFLICT (url) DO UPDATE SET source_key = EXCLUDED.source_key, kind = EXCLUDED.kind""",
            [(key, f["url"], f["kind"]) for key, s in registry.items() for f in s["feeds"]],
        )
        # A feed dropped from the registry is dropped from the crawl (with its fetch history).
        cur.execute(
            "DELETE FROM crawl.feed WHERE source_key = ANY(%s) AND NOT (url = ANY(%s))",
            (list(registry), [f["url"] for s in registry.values() for f in s["feeds"]]),
        )
