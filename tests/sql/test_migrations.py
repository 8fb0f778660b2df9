"""Migrations apply to an empty database, re-apply as no-ops, and give a working German search column."""
import uuid

import pytest

from pipeline import db


@pytest.fixture
def empty_database(database_url):
    url = db.with_database(database_url, f"lagebild_empty_{uuid.uuid4().hex[:8]}")
    yield url
    db.drop_database(url)


def test_migrations_from_empty_then_idempotent(empty_database):
    applied = db.migrate(empty_database)
    assert applied == sorted(p.stem for p in db.MIGRATIONS_DIR.glob("*.sql"))
    assert db.migrate(empty_database) == []
    with db.connection(empty_database) as conn, conn.cursor() as cur:
        cur.execute("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    "WHERE table_schema IN ('crawl', 'news') ORDER BY 1")
        tables = {row[0] for row in cur}
    assert {"crawl.source", "crawl.feed", "crawl.feed_entry", "crawl.raw_page", "crawl.crawl_run",
            "crawl.feed_fetch", "crawl.fetch_failure", "news.article", "news.article_version", "news.story",
            "news.storyline", "news.storyline_link", "news.story_event"} <= tables


def test_article_search_vector_stems_german(conn):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.source (key, name) VALUES ('s', 'S')")
        cur.execute(
            """INSERT INTO news.article (canonical_url, source_key, title, body, content_hash, extractor_version)
               VALUES ('https://s.de/a', 's', 'Putin unterzeichnet Beistandspakt',
                       'Die Verträge von 1961 werden ersetzt.', 'h', '1')"""
        )
        cur.execute("SELECT count(*) FROM news.article WHERE search @@ websearch_to_tsquery('german', 'Vertrag Putin')")
        assert cur.fetchone()[0] == 1
        cur.execute("SELECT count(*) FROM news.article WHERE search @@ websearch_to_tsquery('german', 'Sanktionen')")
        assert cur.fetchone()[0] == 0
