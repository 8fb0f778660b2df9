"""The crawler's reads and writes in PostgreSQL (schema `crawl`). Every write is an idempotent upsert."""
from __future__ import annotations

import hashlib

import psycopg2.extras

from crawler.items import FeedEntry, FeedFetch, FetchFailure, RawPage
from pipeline import db


def open_run(conn, sources: list[str]) -> int:
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.crawl_run (sources) VALUES (%s) RETURNING id", (sources,))
        return cur.fetchone()[0]


def finish_run(conn, run_id: int, sources: list[str], reason: str, stats: dict) -> None:
    with conn.cursor() as cur:
        cur.execute(
            """UPDATE crawl.crawl_run SET finished_at = now(), sources = %s, finish_reason = %s, stats = %s
                WHERE id = %s""",
            (sources, reason, psycopg2.extras.Json(stats), run_id),
        )


def feeds_to_crawl(conn, source_keys: list[str] | None) -> list[dict]:
    """Feeds of enabled sources (or of the named ones), with their HTTP validators."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT f.id, f.url, f.kind, f.etag, f.last_modified, f.source_key, s.is_local
                 FROM crawl.feed f JOIN crawl.source s ON s.key = f.source_key
                WHERE (%(keys)s::text[] IS NULL AND s.enabled) OR s.key = ANY(%(keys)s::text[])
                ORDER BY f.source_key, f.id""",
            {"keys": source_keys},
        )
        return list(cur.fetchall())


def known_urls(conn) -> set[str]:
    """Article URLs fetched before: the crawler fetches each article once."""
    with conn.cursor() as cur:
        cur.execute("SELECT url FROM crawl.raw_page UNION SELECT canonical_url FROM news.article")
        return {row[0] for row in cur}


def write_batch(conn, run_id: int, items: list) -> None:
    """Store a batch of crawler items in one transaction, in dependency order."""
    by_type: dict[type, list] = {}
    for item in items:
        by_type.setdefault(type(item), []).append(item)
    with conn.cursor() as cur:
        _write_fetches(cur, run_id, by_type.get(FeedFetch, []))
        _write_entries(cur, by_type.get(FeedEntry, []))
        _write_pages(cur, run_id, by_type.get(RawPage, []))
        db.upsert(
            cur,
            "INSERT INTO crawl.fetch_failure (run_id, source_key, url, status, reason) VALUES %s",
            [(run_id, f.source_key, f.url, f.status, f.reason) for f in by_type.get(FetchFailure, [])],
        )


def _write_fetches(cur, run_id: int, fetches: list[FeedFetch]) -> None:
    for f in fetches:
        ok = not f.failed
        cur.execute(
            """INSERT INTO crawl.feed_fetch (run_id, feed_id, status, error, entries_seen, bytes)
               VALUES (%s, %s, %s, %s, %s, %s)
               ON CONFLICT (run_id, feed_id) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error,
                 entries_seen = EXCLUDED.entries_seen, bytes = EXCLUDED.bytes, fetched_at = now()""",
            (run_id, f.feed_id, f.status, f.error, f.entries_seen, f.bytes),
        )
        cur.execute(
            """UPDATE crawl.feed SET last_status = %(status)s, last_error = %(error)s, last_fetched_at = now(),
                 etag = CASE WHEN %(status)s = 200 THEN %(etag)s ELSE etag END,
                 last_modified = CASE WHEN %(status)s = 200 THEN %(last_modified)s ELSE last_modified END,
                 last_success_at = CASE WHEN %(ok)s THEN now() ELSE last_success_at END,
                 error_streak = CASE WHEN %(ok)s THEN 0 ELSE error_streak + 1 END
               WHERE id = %(feed_id)s""",
            {"status": f.status, "error": f.error, "etag": f.etag, "last_modified": f.last_modified,
             "ok": ok, "feed_id": f.feed_id},
        )


def _write_entries(cur, entries: list[FeedEntry]) -> None:
    # One row per (feed, url): the last occurrence in a batch wins.
    unique = {(e.feed_id, e.entry.url): (e.feed_id, e.entry) for e in entries}
    db.upsert(
        cur,
        """INSERT INTO crawl.feed_entry (feed_id, url, guid, title, summary, authors, categories, published_at, updated_at)
           VALUES %s
           ON CONFLICT (feed_id, url) DO UPDATE SET guid = EXCLUDED.guid, title = EXCLUDED.title,
             summary = EXCLUDED.summary, authors = EXCLUDED.authors, categories = EXCLUDED.categories,
             published_at = EXCLUDED.published_at, updated_at = EXCLUDED.updated_at, last_seen_at = now()""",
        [(feed_id, e.url, e.guid, e.title, e.summary, e.authors, e.categories, e.published_at, e.updated_at)
         for feed_id, e in unique.values()],
    )


def _write_pages(cur, run_id: int, pages: list[RawPage]) -> None:
    rows = {}
    for p in pages:
        digest = hashlib.sha256(p.body).hexdigest()
        rows[(p.url, digest)] = (p.source_key, p.url, p.final_url, run_id, p.status,
                                 psycopg2.extras.Json(p.headers), psycopg2.Binary(p.body), digest)
    db.upsert(
        cur,
        """INSERT INTO crawl.raw_page (source_key, url, final_url, run_id, status, headers, body, body_sha256)
           VALUES %s ON CONFLICT (url, body_sha256) DO NOTHING""",
        list(rows.values()),
        page_size=50,
    )
