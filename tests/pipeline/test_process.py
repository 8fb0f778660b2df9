"""The processing stage against a real PostgreSQL: new, unchanged, updated and duplicate articles."""
import hashlib

import psycopg2.extras
import pytest

from pipeline.extract import extract_article
from pipeline.process import process_pending
from replay import corpus
from replay.server import ReplayServer
from tests.helpers import count


@pytest.fixture(scope="module")
def pages():
    server = ReplayServer(corpus.days()[-1])
    articles = [a for a in corpus.articles() if a.outlet == "rheinblick"][:3]
    yield [(server.article_url(a), server.respond(a.outlet, a.url_path).body, a) for a in articles]
    server.stop()


def store_page(conn, url, body, source="rheinblick"):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.source (key, name) VALUES (%s, %s) ON CONFLICT DO NOTHING", (source, source))
        cur.execute(
            """INSERT INTO crawl.raw_page (source_key, url, final_url, status, headers, body, body_sha256)
               VALUES (%s, %s, %s, 200, %s, %s, %s)""",
            (source, url, url, psycopg2.extras.Json({"Content-Type": "text/html; charset=utf-8"}),
             psycopg2.Binary(body), hashlib.sha256(body).hexdigest()),
        )


def test_process_loads_articles_once(conn, pages):
    for url, body, _ in pages:
        store_page(conn, url, body)
    first = process_pending()
    assert first.counts == {"new": 3}
    with conn.cursor() as cur:
        cur.execute("SELECT canonical_url, title, published_at, language FROM news.article ORDER BY id")
        rows = cur.fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [(u, a.title, a.published) for u, _, a in pages]
    assert {r[3] for r in rows} == {"de"}
    with conn.cursor() as cur:
        cur.execute("SELECT authors, credits, subheadlines, section, keywords FROM news.article ORDER BY id")
        stored = cur.fetchall()
    found = [extract_article(body, url) for url, body, _ in pages]
    assert stored == [(f["authors"], f["credits"], f["subheadlines"], f["section"], f["keywords"]) for f in found]
    assert process_pending().counts == {}
    assert count(conn, "news.article") == 3


def test_changed_page_updates_the_article_and_keeps_the_old_version(conn, pages):
    url, body, article = pages[0]
    store_page(conn, url, body)
    process_pending()
    changed = body.replace(article.blocks[0]["text"].encode(), b"Aktualisiert: " + article.blocks[0]["text"].encode())
    assert changed != body
    store_page(conn, url, changed)
    assert process_pending().counts == {"updated": 1}
    assert count(conn, "news.article") == 1
    assert count(conn, "news.article_version") == 1
    assert count(conn, "news.article", "body LIKE 'Aktualisiert: %'") == 1
    # The earlier version keeps its subheadlines beside its body.
    assert count(conn, "news.article_version v JOIN news.article a ON a.id = v.article_id",
                 "v.subheadlines = a.subheadlines AND v.body <> a.body") == 1


def test_same_content_under_another_url_is_marked_duplicate(conn, pages):
    url, body, _ = pages[0]
    store_page(conn, url, body)
    copy_url = url.replace(".html", "-kopie.html")
    store_page(conn, copy_url, body.replace(url.encode(), copy_url.encode()))
    assert process_pending().counts == {"new": 1, "duplicate": 1}
    assert count(conn, "news.article", "duplicate_of IS NOT NULL") == 1


def test_unextractable_page_is_recorded_not_retried(conn):
    store_page(conn, "https://example.de/leer", b"<html><body><nav>Startseite</nav></body></html>")
    result = process_pending()
    assert result.counts == {"failed": 1}
    assert count(conn, "crawl.raw_page", "process_error IS NOT NULL AND processed_at IS NOT NULL") == 1
    assert process_pending().counts == {}


def test_subheadlines_are_searchable(conn):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.source (key, name) VALUES ('rheinblick', 'rheinblick')")
        cur.execute(
            """INSERT INTO news.article (canonical_url, source_key, title, body, subheadlines, content_hash,
                 extractor_version)
               VALUES ('https://example.de/a', 'rheinblick', 'Brücke wird saniert', 'Der Stadtrat hat entschieden.',
                 '{"Quastenflosser im Stadtfluss"}', 'x', '2')"""
        )
    assert count(conn, "news.article", "search @@ plainto_tsquery('german', 'Quastenflosser')") == 1
    assert count(conn, "news.article",
                 "search_folded @@ plainto_tsquery('analytics.german_folded', 'Quastenflosser Stadtfluß')") == 1
