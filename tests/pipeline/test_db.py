"""Bulk writes: COPY-speed loading that stays idempotent and keeps every character."""
import datetime as dt

from pipeline import db
from tests.helpers import count

COLUMNS = ("canonical_url", "source_key", "title", "lead", "body", "published_at", "authors", "content_hash",
           "extractor_version")
AWKWARD = 'Tab\there, new\nline, back\\slash, "quotes", \\N and ümlaute'


def rows(n):
    published = dt.datetime(2024, 6, 19, 10, 35, tzinfo=dt.timezone.utc)
    return [(f"https://s.example/{i}", "s", f"Titel {i}", None if i % 2 else AWKWARD, AWKWARD, published,
             ["Anna Muster", 'Bernd "B." Beispiel'], str(i), "1") for i in range(n)]


def test_bulk_upsert_is_idempotent_and_exact(conn):
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.source (key, name) VALUES ('s', 'S')")
        assert db.bulk_upsert(cur, "news.article", COLUMNS, rows(50), conflict="(canonical_url) DO NOTHING") == 50
        assert db.bulk_upsert(cur, "news.article", COLUMNS, rows(60), conflict="(canonical_url) DO NOTHING") == 10
    assert count(conn, "news.article") == 60
    with conn.cursor() as cur:
        cur.execute("SELECT lead, body, published_at, authors FROM news.article WHERE canonical_url IN "
                    "('https://s.example/0', 'https://s.example/1') ORDER BY canonical_url")
        (lead0, body0, published0, authors0), (lead1, *_) = cur.fetchall()
    assert (lead0, body0, lead1) == (AWKWARD, AWKWARD, None)
    assert published0 == rows(1)[0][5] and authors0 == ["Anna Muster", 'Bernd "B." Beispiel']
