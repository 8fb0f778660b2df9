"""The story stage against a real PostgreSQL: assignment once, near-duplicates with their original,
story records, and `lagebild story`."""
import subprocess
import sys

import pytest

from pipeline import story_tracking, tagging
from pipeline.story_report import find_story
from replay import corpus
from tests.helpers import count

STORIES = ("putin-nordkorea-besuch", "reaktionen-beistandspakt", "putin-vietnam-besuch", "haushalt-2025-streit")


@pytest.fixture
def tagged(conn):
    chosen = [a for a in corpus.articles() if a.story in STORIES]
    chosen += [a for a in corpus.articles() if a.duplicate_of and any(a.duplicate_of == c.corpus_id for c in chosen)]
    with conn.cursor() as cur:
        for article in {a.corpus_id: a for a in chosen}.values():
            cur.execute("INSERT INTO crawl.source (key, name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (article.outlet, article.outlet))
            body = "\n".join(b["text"] for b in article.blocks if b["kind"] == "p")
            cur.execute(
                """INSERT INTO news.article (canonical_url, source_key, title, lead, body, published_at,
                     content_hash, extractor_version) VALUES (%s, %s, %s, %s, %s, %s, %s, '1')
                   ON CONFLICT DO NOTHING""",
                (f"https://{article.outlet}.example/{article.slug}", article.outlet, article.title, article.lead,
                 body, article.published, article.corpus_id),
            )
    tagging.tag_pending()
    return conn


def test_every_article_joins_one_story_once(tagged):
    articles = count(tagged, "news.article")
    assert story_tracking.assign_pending() == articles
    assert count(tagged, "news.story_article") == articles
    assert story_tracking.assign_pending() == 0
    with tagged.cursor() as cur:
        cur.execute("SELECT count(DISTINCT storyline_id) FROM news.story")
        storylines = cur.fetchone()[0]
    assert 2 <= storylines <= 4  # two labelled storylines; a straggler or two at most


def test_storylines_link_their_stories_and_record_their_history(tagged, tmp_path):
    story_tracking.assign_pending()
    with tagged.cursor() as cur:
        cur.execute("""SELECT l.id, l.story_count, l.article_count, count(s.id), sum(s.article_count)
                         FROM news.storyline l JOIN news.story s ON s.storyline_id = l.id
                        GROUP BY l.id ORDER BY l.article_count DESC LIMIT 1""")
        line, story_count, articles, stories, story_articles = cur.fetchone()
        assert story_count == stories >= 2 and articles == story_articles >= 30
        cur.execute("""SELECT count(*), count(DISTINCT to_story_id) FROM news.storyline_link k
                         JOIN news.story s ON s.id = k.to_story_id WHERE s.storyline_id = %s""", (line,))
        assert cur.fetchone() == (stories - 1, stories - 1)  # every story but the first continues another
        cur.execute("SELECT kind, count(*) FROM news.story_event GROUP BY kind")
        events = dict(cur.fetchall())
        cur.execute("SELECT count(*) FROM news.story")
        assert events["opened"] == cur.fetchone()[0]
        cur.execute("SELECT sum(articles) FROM analytics.storyline_timeline WHERE storyline_id = %s", (line,))
        assert cur.fetchone()[0] == articles
    before = {t: count(tagged, t) for t in ("news.story", "news.storyline", "news.storyline_link", "news.story_event")}
    story_tracking.assign_pending()
    assert {t: count(tagged, t) for t in before} == before
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "story", "Putin Hanoi", "--chart", str(tmp_path / "line.png")],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("Storyline ") and "follow-up of [1]" in out


def test_near_duplicates_share_their_originals_story(tagged):
    story_tracking.assign_pending()
    with tagged.cursor() as cur:
        cur.execute("""SELECT count(*) FROM news.duplicate_member m JOIN news.duplicate_group g ON g.id = m.group_id
                         JOIN news.story_article a ON a.article_id = m.article_id
                         JOIN news.story_article o ON o.article_id = g.original_article_id
                        WHERE a.story_id <> o.story_id""")
        assert cur.fetchone()[0] == 0
    assert count(tagged, "news.duplicate_member") >= 1


def test_story_records_and_timeline_command(tagged, tmp_path):
    story_tracking.assign_pending()
    with tagged.cursor() as cur:
        cur.execute("""SELECT label, article_count, outlets, top_entities, event_counts FROM news.story
                        ORDER BY article_count DESC LIMIT 1""")
        label, articles, outlets, top, events = cur.fetchone()
    assert label and articles >= 15 and len(outlets) >= 4
    assert {e["name"] for e in top[:5]} & {"Wladimir Putin", "Nordkorea", "Russland"}
    assert events
    chart = tmp_path / "story.png"
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "story", "Putin Pjongjang", "--chart", str(chart)],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("Storyline ") and "19.06." in out and "articles" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    assert count(tagged, "analytics.story_timeline") >= 5


def test_watchlists_record_new_matches_once(tagged):
    with tagged.cursor() as cur:
        cur.execute("""INSERT INTO news.watchlist (name, query, entity_qids, event_codes) VALUES
                         ('Pakt', 'Beistandspakt', '{}', '{}'), ('Lindner', NULL, '{Q85806}', '{}'),
                         ('Sanktionen', NULL, '{}', '{16}')""")
    story_tracking.assign_pending()
    first = count(tagged, "news.watchlist_match")
    assert first > 0
    story_tracking.assign_pending()
    assert count(tagged, "news.watchlist_match") == first
    with tagged.cursor() as cur:
        cur.execute("SELECT watchlist, count(*) FROM analytics.watchlist_matches GROUP BY 1")
        matches = dict(cur.fetchall())
    assert matches.get("Pakt", 0) >= 3 and matches.get("Lindner", 0) >= 3


def test_a_story_is_found_by_the_entities_a_query_names(tagged):
    story_tracking.assign_pending()
    # No article writes "Pyongyang": the full text alone finds nothing, the linked entities find the story.
    with tagged.cursor() as cur:
        cur.execute("SELECT count(*) FROM news.article WHERE search_folded @@ "
                    "websearch_to_tsquery('analytics.german_folded', 'Putin Pyongyang')")
        assert cur.fetchone()[0] == 0
    assert find_story(tagged, "Putin Pyongyang") == find_story(tagged, "Putin Pjöngjang") is not None
