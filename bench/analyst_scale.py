"""The analyst's queries on a large archive, and how fast articles load.

1. Bulk load: the same synthetic articles written into news.article three ways — plain COPY (the
   baseline), db.bulk_upsert (COPY into a staging table, then an idempotent INSERT … ON CONFLICT: what a
   backfill uses) and db.upsert (multi-row INSERT … ON CONFLICT: what the stages use) — each into the
   emptied table with all its indexes and generated search columns; ratios to COPY.
2. Query latency at --articles (default 1M) synthetic articles, each in its true story: p50/p95 of one
   story's rows from analytics.story_timeline, and of analytics.search_articles for typical queries.

Works in its own database (lagebild_bench on the server of LAGEBILD_DATABASE_URL) and keeps it, so
a second run with the same --articles reuses the load: `--reload` starts over.

    .venv/bin/python -m bench.analyst_scale --articles 1000000 [--load-sample 20000]
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.synthetic_corpus import OUTLETS, articles
from pipeline import config, db

ARTICLE_COLUMNS = ("canonical_url", "source_key", "title", "lead", "body", "published_at", "content_hash",
                   "extractor_version")
QUERIES = ("Bahnstreik", "Mietpreisbremse", "Scholz Haushalt", "Putin", "Grenzkontrollen Innenminister",
           '"Olaf Scholz" -Haushalt', "Zölle Elektroautos", "Klimaschutz Windkraft", "Prozess Urteil",
           "Wahl Umfrage Koalition", "Krankenhausreform", "Cyberangriff")


def _rows(sample: list[dict]) -> list[tuple]:
    return [(a["canonical_url"], a["source_key"], a["title"], a["lead"], a["text"], a["published_at"],
             str(a["id"]), "synthetic") for a in sample]


def _timed_load(url: str, rows: list[tuple], how: str) -> float:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("TRUNCATE news.article CASCADE")
    with db.connection(url) as conn, conn.cursor() as cur:
        started = time.perf_counter()
        if how == "copy":
            db.copy_rows(cur, "news.article", ARTICLE_COLUMNS, rows)
        elif how == "bulk_upsert":
            db.bulk_upsert(cur, "news.article", ARTICLE_COLUMNS, rows, conflict="(canonical_url) DO NOTHING")
        else:
            db.upsert(cur, f"INSERT INTO news.article ({', '.join(ARTICLE_COLUMNS)}) VALUES %s "
                           "ON CONFLICT (canonical_url) DO NOTHING", rows)
        conn.commit()
        return time.perf_counter() - started


def bulk_load(url: str, n: int) -> None:
    rows = _rows(list(articles(n, seed=7)))
    timings = {how: min(_timed_load(url, rows, how) for _ in range(2)) for how in ("copy", "bulk_upsert", "upsert")}
    for how, seconds in timings.items():
        print(f"load {n:,} articles with {how:<12} {seconds:7.2f} s  {n / seconds:8,.0f} rows/s  "
              f"ratio {seconds / timings['copy']:.2f} to COPY")
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("TRUNCATE news.article CASCADE")


def load_archive(url: str, n: int, batch: int = 10_000) -> None:
    """n synthetic articles, a story row per true story, each article in its story; views refreshed.

    As for any large backfill, the full-text GIN indexes are dropped for the load and built once at the
    end (PostgreSQL's advice for populating a database): per-row GIN maintenance would cost hours here."""
    started = time.perf_counter()
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'news'"
                    " AND tablename IN ('article', 'article_search') AND indexdef LIKE '%USING gin%'")
        gin_indexes = cur.fetchall()
        for name, _ in gin_indexes:
            cur.execute(f"DROP INDEX news.{name}")
    stories: dict[int, int] = {}
    pending: list[dict] = []

    def flush() -> None:
        with db.connection(url) as conn, conn.cursor() as cur:
            db.bulk_upsert(cur, "news.article", ARTICLE_COLUMNS, _rows(pending), conflict="(canonical_url) DO NOTHING")
            new = sorted({a["story"] for a in pending} - stories.keys())
            if new:
                cur.execute("INSERT INTO news.story (label) SELECT 'synthetic ' || n FROM unnest(%s) n RETURNING id", (new,))
                stories.update(zip(new, (r[0] for r in cur.fetchall())))
            cur.execute(
                """INSERT INTO news.story_article (article_id, story_id, clusterer_version)
                   SELECT a.id, s.story, 'synthetic' FROM unnest(%s::text[], %s::bigint[]) AS s(url, story)
                     JOIN news.article a ON a.canonical_url = s.url ON CONFLICT DO NOTHING""",
                ([a["canonical_url"] for a in pending], [stories[a["story"]] for a in pending]),
            )
        pending.clear()

    for number, article in enumerate(articles(n), 1):
        pending.append(article)
        if len(pending) == batch:
            flush()
            if number % 100_000 == 0:
                print(f"  loaded {number:,} articles in {time.perf_counter() - started:,.0f} s", flush=True)
    if pending:
        flush()
    print(f"  articles loaded in {time.perf_counter() - started:,.0f} s; building the full-text indexes", flush=True)
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '2GB'")
        for _, definition in gin_indexes:
            cur.execute(definition)
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("REFRESH MATERIALIZED VIEW analytics.story_timeline")
    conn = db.connect(url)
    try:
        conn.autocommit = True
        conn.cursor().execute("VACUUM ANALYZE")
    finally:
        conn.close()
    print(f"archive of {n:,} articles loaded in {time.perf_counter() - started:,.0f} s")


def _latencies(cur, sql: str, params: list) -> tuple[float, float]:
    seconds = []
    for p in params:
        started = time.perf_counter()
        cur.execute(sql, p)
        cur.fetchall()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return statistics.median(seconds) * 1000, seconds[int(len(seconds) * 0.95) - 1] * 1000


def query_latency(url: str, rounds: int = 20) -> None:
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM news.article")
        total = cur.fetchone()[0]
        cur.execute("SELECT id FROM news.story ORDER BY random() LIMIT 200")
        story_ids = [(r[0],) for r in cur.fetchall()]
        p50, p95 = _latencies(cur, "SELECT * FROM analytics.story_timeline WHERE story_id = %s ORDER BY day", story_ids)
        print(f"{total:,} articles: story_timeline for one story  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms (200 stories)")
        searches = [(q,) for q in QUERIES] * rounds
        random.Random(1).shuffle(searches)
        p50, p95 = _latencies(cur, "SELECT * FROM analytics.search_articles(%s, 20)", searches)
        print(f"{total:,} articles: search_articles (20 hits)   p50 {p50:6.1f} ms  p95 {p95:6.1f} ms "
              f"({len(QUERIES)} queries x {rounds})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--load-sample", type=int, default=20_000, help="articles per bulk-load comparison")
    parser.add_argument("--reload", action="store_true", help="drop the benchmark database first")
    args = parser.parse_args()
    url = db.with_database(config.database_url(), "lagebild_bench")
    if args.reload:
        db.drop_database(url)
    db.migrate(url)
    with db.connection(url) as conn, conn.cursor() as cur:
        db.upsert(cur, "INSERT INTO crawl.source (key, name) VALUES %s ON CONFLICT DO NOTHING", [(o, o) for o in OUTLETS])
        cur.execute("SELECT count(*) FROM news.article")
        loaded = cur.fetchone()[0]
    if loaded != args.articles:
        if args.load_sample:
            bulk_load(url, args.load_sample)
        with db.connection(url) as conn, conn.cursor() as cur:
            cur.execute("TRUNCATE news.article, news.story CASCADE")
        load_archive(url, args.articles)
    query_latency(url)


if __name__ == "__main__":
    main()
