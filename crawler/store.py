"""The crawler's reads and writes in PostgreSQL (schema `crawl`). Every write is an idempotent upsert."""
from __future__ import annotations

import hashlib

import psycopg2.extras

from crawler.items import FeedEntry, FeedFetch, FetchFailure, PageNotModified, RawPage
from pipeline import db

# The next re-check of a page: the first point of the schedule after now, counted from its first fetch.
NEXT_CHECK = """(SELECT min(first_fetched_at + make_interval(hours => h)) FROM unnest(%(recheck_hours)s::int[]) h
                  WHERE first_fetched_at + make_interval(hours => h) > now())"""


def open_run(conn, sources: list[str]) -> int:
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.crawl_run (sources) VALUES (%s) RETURNING id", (sources,))
        return cur.fetchone()[0]


def _dicts(conn, sql: str, params) -> list[dict]:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(sql, params)
        return [dict(row) for row in cur.fetchall()]


def sources(conn, source_keys: list[str] | None) -> list[dict]:
    """Enabled sources (or the named ones) with their policy and circuit state."""
    return _dicts(
        conn,
        """SELECT key, is_local, min_poll_seconds, max_poll_seconds, download_delay, concurrency, allowed_hosts,
                  failure_streak, circuit_open_until, coalesce(circuit_open_until > now(), false) AS circuit_open
             FROM crawl.source
            WHERE (%(keys)s::text[] IS NULL AND enabled) OR key = ANY(%(keys)s::text[])
            ORDER BY key""",
        {"keys": source_keys},
    )


def feeds_to_crawl(conn, source_keys: list[str], force: bool = False) -> list[dict]:
    """Feeds of these sources that are due (all of them with `force`), with their HTTP validators."""
    return _dicts(
        conn,
        """SELECT id, url, kind, etag, last_modified, source_key, poll_seconds FROM crawl.feed
            WHERE source_key = ANY(%(keys)s) AND (%(force)s OR next_fetch_at IS NULL OR next_fetch_at <= now())
            ORDER BY source_key, id""",
        {"keys": source_keys, "force": force},
    )


def pages_due(conn, source_keys: list[str], limit: int) -> list[dict]:
    """Known articles whose scheduled re-check is due."""
    return _dicts(
        conn,
        """SELECT url, source_key, etag, last_modified, reported_modified_at FROM crawl.page_state
            WHERE next_check_at <= now() AND source_key = ANY(%s) ORDER BY next_check_at LIMIT %s""",
        (source_keys, limit),
    )


def known_pages(conn, urls: list[str]) -> dict[str, dict]:
    """Which of these article URLs were fetched before, with what the crawler knows about them."""
    rows = _dicts(
        conn,
        """SELECT url, source_key, etag, last_modified, reported_modified_at, last_fetched_at
             FROM crawl.page_state WHERE url = ANY(%(urls)s)
           UNION ALL
           SELECT canonical_url, source_key, NULL, NULL, NULL, NULL FROM news.article
            WHERE canonical_url = ANY(%(urls)s)
              AND NOT EXISTS (SELECT 1 FROM crawl.page_state p WHERE p.url = canonical_url)""",
        {"urls": urls},
    )
    return {row["url"]: row for row in rows}


def finish_run(conn, run_id: int, sources: list[str], reason: str, stats: dict, source_rows: dict[str, dict] = None,
               feed_schedule: list[tuple[int, int]] = (), source_failed: dict[str, bool] = None,
               circuit: dict | None = None) -> None:
    """The run's record, per-source statistics, the feeds' next fetch times and the circuit breakers."""
    with conn.cursor() as cur:
        cur.execute(
            """UPDATE crawl.crawl_run SET finished_at = now(), sources = %s, finish_reason = %s, stats = %s
                WHERE id = %s""",
            (sources, reason, psycopg2.extras.Json(stats), run_id),
        )
        columns = None
        rows = []
        for key, values in (source_rows or {}).items():
            columns = columns or list(values)
            rows.append((run_id, key, *[psycopg2.extras.Json(values[c]) if c == "reasons" else values[c] for c in columns]))
        if rows:
            db.upsert(
                cur,
                f"""INSERT INTO crawl.source_run (run_id, source_key, {', '.join(columns)}) VALUES %s
                    ON CONFLICT (run_id, source_key) DO UPDATE SET
                    {', '.join(f'{c} = EXCLUDED.{c}' for c in columns)}""",
                rows,
            )
        db.upsert(
            cur,
            """UPDATE crawl.feed f SET poll_seconds = v.seconds, next_fetch_at = now() + make_interval(secs => v.seconds)
                 FROM (VALUES %s) AS v (id, seconds) WHERE f.id = v.id""",
            list(feed_schedule),
        )
        if source_failed:
            _update_circuits(cur, source_failed, circuit or {})


def _update_circuits(cur, source_failed: dict[str, bool], circuit: dict) -> None:
    """A source whose feeds all failed `failures` runs in a row is left alone for a cool-down that doubles
    with each further failed attempt (up to `max_cooldown`); one successful feed closes the circuit."""
    cur.execute(
        """UPDATE crawl.source s SET
             failure_streak = CASE WHEN v.failed THEN s.failure_streak + 1 ELSE 0 END,
             circuit_opened_at = CASE WHEN NOT v.failed THEN NULL
                                      WHEN s.failure_streak + 1 >= %(failures)s THEN now() END,
             circuit_open_until = CASE WHEN v.failed AND s.failure_streak + 1 >= %(failures)s
                 THEN now() + make_interval(secs => least(%(max_cooldown)s,
                                                          %(cooldown)s * 2 ^ (s.failure_streak + 1 - %(failures)s)))
                 END
           FROM unnest(%(keys)s::text[], %(failed)s::boolean[]) AS v (key, failed)
          WHERE s.key = v.key""",
        {"keys": list(source_failed), "failed": list(source_failed.values()), **circuit},
    )


def write_batch(conn, run_id: int, items: list, recheck_hours: list[int]) -> None:
    """Store a batch of crawler items in one transaction, in dependency order."""
    by_type: dict[type, list] = {}
    for item in items:
        by_type.setdefault(type(item), []).append(item)
    with conn.cursor() as cur:
        _write_fetches(cur, run_id, by_type.get(FeedFetch, []))
        _write_entries(cur, by_type.get(FeedEntry, []))
        _write_pages(cur, run_id, by_type.get(RawPage, []), recheck_hours)
        _write_not_modified(cur, by_type.get(PageNotModified, []), recheck_hours)
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


def _header(headers: dict, name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def _write_pages(cur, run_id: int, pages: list[RawPage], recheck_hours: list[int]) -> None:
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
    states = {p.url: (p.url, p.source_key, p.reported_modified_at, _header(p.headers, "ETag"),
                      _header(p.headers, "Last-Modified")) for p in pages}
    db.upsert(
        cur,
        """INSERT INTO crawl.page_state AS s (url, source_key, reported_modified_at, etag, last_modified) VALUES %s
           ON CONFLICT (url) DO UPDATE SET last_fetched_at = now(), fetches = s.fetches + 1,
             reported_modified_at = greatest(s.reported_modified_at, EXCLUDED.reported_modified_at),
             etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified""",
        list(states.values()),
    )
    _schedule_rechecks(cur, list(states), recheck_hours)


def _write_not_modified(cur, checks: list[PageNotModified], recheck_hours: list[int]) -> None:
    urls = list({c.url for c in checks})
    if urls:
        cur.execute("UPDATE crawl.page_state SET last_fetched_at = now(), fetches = fetches + 1 WHERE url = ANY(%s)",
                    (urls,))
        _schedule_rechecks(cur, urls, recheck_hours)


def _schedule_rechecks(cur, urls: list[str], recheck_hours: list[int]) -> None:
    if urls:
        cur.execute(f"UPDATE crawl.page_state SET next_check_at = {NEXT_CHECK} WHERE url = ANY(%(urls)s)",
                    {"urls": urls, "recheck_hours": recheck_hours})
