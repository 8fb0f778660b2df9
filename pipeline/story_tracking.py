"""The story stage: every tagged article joins a story in arrival order, and story records are refreshed.

One clustering writer at a time (an advisory lock): the outcome depends on arrival order, so two
concurrent runs would not be deterministic. A re-run finds every article assigned and changes nothing.
"""
from __future__ import annotations

import json
from collections import Counter

import psycopg2.extras

from pipeline import db
from pipeline.stories import OnlineClusterer, Story

CLUSTERER_VERSION = "stories-1"
LOCK_KEY = 0x1A6EB11D  # pg_advisory_xact_lock key of the story stage


def assign_pending(url: str | None = None) -> int:
    """Assign every tagged, unassigned article to a story, refresh the timeline and record watchlist
    matches; returns how many articles were assigned."""
    database = db.Reconnecting(url)
    try:
        assigned = database.run(_assign)
        database.run(record_watchlist_matches)
        database.run(refresh_views)
        return assigned
    finally:
        database.close()


def refresh_views(conn) -> None:
    with conn.cursor() as cur:
        cur.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.story_timeline")


def record_watchlist_matches(conn) -> int:
    """New matches of every watchlist: full-text query, linked entities or event codes (any of them)."""
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO news.watchlist_match (watchlist_id, article_id)
               SELECT w.id, a.id FROM news.watchlist w JOIN news.article a ON
                      (w.query IS NOT NULL AND a.search_folded @@ websearch_to_tsquery('analytics.german_folded', w.query))
                   OR EXISTS (SELECT 1 FROM news.article_entity e WHERE e.article_id = a.id AND e.qid = ANY(w.entity_qids))
                   OR EXISTS (SELECT 1 FROM news.event e WHERE e.article_id = a.id AND e.code = ANY(w.event_codes)
                                AND NOT e.negated)
               ON CONFLICT DO NOTHING"""
        )
        return cur.rowcount


def _load_stories(cur) -> list[Story]:
    cur.execute("SELECT id, centroid, entity_counts, first_seen, last_seen, member_count FROM news.story ORDER BY id")
    return [Story(r["id"], r["centroid"], Counter(r["entity_counts"]), r["first_seen"], r["last_seen"], r["member_count"])
            for r in cur.fetchall()]


def _assign(conn) -> int:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        cur.execute(
            """SELECT a.id, a.title, coalesce(a.lead, '') || E'\\n' || a.body AS text, a.published_at,
                      coalesce((SELECT array_agg(e.qid) FROM news.article_entity e
                                 WHERE e.article_id = a.id AND e.qid IS NOT NULL), '{}') AS entities,
                      (SELECT g.original_article_id FROM news.duplicate_member m
                         JOIN news.duplicate_group g ON g.id = m.group_id WHERE m.article_id = a.id) AS original,
                      (SELECT s.story_id FROM news.duplicate_member m
                         JOIN news.duplicate_group g ON g.id = m.group_id
                         JOIN news.story_article s ON s.article_id = g.original_article_id
                        WHERE m.article_id = a.id) AS original_story
                 FROM news.article a JOIN news.tagging t ON t.article_id = a.id
                WHERE NOT EXISTS (SELECT 1 FROM news.story_article s WHERE s.article_id = a.id)
                ORDER BY a.published_at NULLS LAST, a.id"""
        )
        articles = cur.fetchall()
        if not articles:
            return 0
        stories = {s.id: s for s in _load_stories(cur)}
        assigned: dict[int, Story] = {}  # article id -> story, for originals assigned in this run

        def new_story_id() -> int:
            cur.execute("INSERT INTO news.story (label) VALUES ('') RETURNING id")
            return cur.fetchone()["id"]

        clusterer = OnlineClusterer(stories=list(stories.values()), new_story_id=new_story_id)
        touched: dict[int, Story] = {}
        for article in articles:
            # A near-duplicate joins its original's story, whenever the original was assigned.
            forced = stories.get(article["original_story"]) or assigned.get(article["original"])
            story, score = clusterer.assign(article, forced)
            assigned[article["id"]] = story
            touched[story.id] = story
            cur.execute(
                """INSERT INTO news.story_article (article_id, story_id, similarity, clusterer_version)
                   VALUES (%s, %s, %s, %s)""",
                (article["id"], story.id, score, CLUSTERER_VERSION),
            )
        for story in touched.values():
            cur.execute(
                """UPDATE news.story SET centroid = %s, entity_counts = %s, member_count = %s,
                     first_seen = %s, last_seen = %s WHERE id = %s""",
                (json.dumps(story.centroid), json.dumps(story.entities), story.size,
                 story.first_seen, story.last_seen, story.id),
            )
        _refresh_records(cur, list(touched))
        return len(articles)


def _refresh_records(cur, story_ids: list[int]) -> None:
    """Label, summary, counts, outlets, top entities and event codes of the given stories."""
    cur.execute(
        """UPDATE news.story s SET
             label = rep.title, summary = rep.lead, article_count = agg.n, outlets = agg.outlets,
             status = CASE WHEN s.last_seen < now() - interval '7 days' THEN 'dormant' ELSE 'active' END,
             top_entities = coalesce((
                 SELECT jsonb_agg(jsonb_build_object('qid', qid, 'name', name, 'weight', round(w::numeric, 2)) ORDER BY w DESC)
                   FROM (SELECT e.qid, e.name, sum(e.salience) AS w FROM news.article_entity e
                           JOIN news.story_article x ON x.article_id = e.article_id
                          WHERE x.story_id = s.id GROUP BY e.qid, e.name ORDER BY w DESC LIMIT 10) top), '[]'),
             event_counts = coalesce((
                 SELECT jsonb_object_agg(code, n) FROM (
                   SELECT e.code, count(*) AS n FROM news.event e JOIN news.story_article x ON x.article_id = e.article_id
                    WHERE x.story_id = s.id AND NOT e.negated GROUP BY e.code) codes), '{}')
           FROM (SELECT x.story_id, count(*) AS n, array_agg(DISTINCT a.source_key ORDER BY a.source_key) AS outlets
                   FROM news.story_article x JOIN news.article a ON a.id = x.article_id
                  WHERE x.story_id = ANY(%(ids)s) GROUP BY x.story_id) agg,
                LATERAL (SELECT a.title, a.lead FROM news.story_article x JOIN news.article a ON a.id = x.article_id
                          WHERE x.story_id = agg.story_id
                          ORDER BY x.similarity DESC NULLS LAST, a.published_at LIMIT 1) rep
          WHERE s.id = agg.story_id""",
        {"ids": story_ids},
    )
