"""The tagging stage against a real PostgreSQL: rows per article, once per tagger version, near-duplicates."""
import json
import subprocess
import sys
import threading

import pytest

from pipeline import db, tagging
from replay import corpus
from tests.helpers import count

SEED = next(a for a in corpus.articles() if a.outlet == "euronews")
REPRINT = next(a for a in corpus.articles() if a.duplicate_of)
ORIGINAL = next(a for a in corpus.articles() if a.corpus_id == REPRINT.duplicate_of)


def body(article):
    return "\n".join(b["text"] for b in article.blocks if b["kind"] == "p")


@pytest.fixture
def articles(conn):
    with conn.cursor() as cur:
        for article in (SEED, ORIGINAL, REPRINT):
            cur.execute("INSERT INTO crawl.source (key, name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (article.outlet, article.outlet))
            cur.execute(
                """INSERT INTO news.article (canonical_url, source_key, title, lead, body, published_at,
                     content_hash, extractor_version) VALUES (%s, %s, %s, %s, %s, %s, %s, '1')""",
                (f"https://{article.outlet}.example/{article.slug}", article.outlet, article.title, article.lead,
                 body(article), article.published, article.corpus_id),
            )
    return conn


def test_tags_each_article_once(articles):
    assert tagging.tag_pending().counts["tagged"] == 3
    assert count(articles, "news.tagging", f"tagger_version = '{tagging.TAGGER_VERSION}'") == 3
    assert count(articles, "news.mention", "qid = 'Q7747'") >= 3  # Putin
    assert count(articles, "news.event", "code = '05'") >= 1  # the pact signed
    assert count(articles, "news.quote") >= 1
    mentions = count(articles, "news.mention")
    assert tagging.tag_pending().counts["tagged"] == 0
    assert count(articles, "news.mention") == mentions


def test_salience_ranks_the_subject_first(articles):
    tagging.tag_pending()
    with articles.cursor() as cur:
        cur.execute("""SELECT e.name FROM news.article_entity e JOIN news.article a ON a.id = e.article_id
                        WHERE a.title = %s ORDER BY e.salience DESC LIMIT 3""", (SEED.title,))
        top = {row[0] for row in cur}
    assert {"Russland", "Nordkorea"} <= top


def test_new_tagger_version_replaces_rows(articles, monkeypatch):
    tagging.tag_pending()
    mentions = count(articles, "news.mention")
    monkeypatch.setattr(tagging, "TAGGER_VERSION", "test-next")
    assert tagging.tag_pending().counts["tagged"] == 3
    assert count(articles, "news.mention") == mentions
    assert count(articles, "news.mention", "tagger_version <> 'test-next'") == 0


def test_reprint_joins_its_originals_group(articles):
    tagging.tag_pending()
    with articles.cursor() as cur:
        cur.execute("""SELECT o.title, r.title FROM news.duplicate_member m
                         JOIN news.duplicate_group g ON g.id = m.group_id
                         JOIN news.article o ON o.id = g.original_article_id
                         JOIN news.article r ON r.id = m.article_id""")
        assert cur.fetchall() == [(ORIGINAL.title, REPRINT.title)]


def test_concurrent_taggers_group_near_duplicates_one_at_a_time(articles, database_url):
    # A second tagger (here: a transaction holding the grouping lock) makes grouping wait, not collide.
    holder, tagger = db.connect(database_url), db.Reconnecting(database_url)
    try:
        with holder.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (tagging.NEAR_DUPLICATE_LOCK_KEY,))
        grouping = threading.Thread(target=tagger.run, args=(tagging.group_near_duplicates,))
        grouping.start()
        grouping.join(timeout=2)
        assert grouping.is_alive() and count(articles, "news.article_minhash") == 0
        holder.commit()
        grouping.join(timeout=30)
        assert not grouping.is_alive() and count(articles, "news.article_minhash") == 3
    finally:
        holder.close()
        tagger.close()


def test_tag_command_reads_stdin():
    text = "Der Kreml-Chef Wladimir Putin und Kim Jong Un haben am Mittwoch einen Pakt unterzeichnet."
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "tag", "--published", "2024-06-19"], input=text,
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert {m["qid"] for m in data["entities"]} >= {"Q7747", "Q56226"}
    assert any(e["code"] == "05" and e["date"] == "2024-06-19" for e in data["events"])
