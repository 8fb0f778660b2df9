"""The story stage: every tagged article joins a story in arrival order, and story records are refreshed.

One clustering writer at a time (an advisory lock): the outcome depends on arrival order, so two
concurrent runs would not be deterministic. A re-run finds every article assigned and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import psycopg2.extras

from pipeline import db
from pipeline.stories import OnlineClusterer, Story, Storyline

CLUSTERER_VERSION = "stories-5"
LOCK_KEY = 0x1A6EB11D  # pg_advisory_xact_lock key of the story stage
DORMANT_AFTER = dt.timedelta(days=7)
REVIVAL_CANDIDATES = 200  # dormant storylines sharing a core entity, most recent first


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
        cur.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.storyline_timeline")


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


def _load_state(cur, articles: list[dict], dormant_after) -> tuple[list[Storyline], list[Story]]:
    """The storylines the pending articles can join: those active since the earliest of them, dormant ones
    sharing a core entity with them (revival candidates), and those of their originals' stories."""
    published = [a["published_at"] for a in articles if a["published_at"]]
    since = min(published) - dormant_after if published else None
    entities = sorted({e for a in articles for e in a["entities"]})
    originals = [a["original_story"] for a in articles if a["original_story"]]
    cur.execute(
        """SELECT * FROM news.storyline
            WHERE %(since)s::timestamptz IS NULL OR last_seen IS NULL OR last_seen >= %(since)s
               OR id IN (SELECT storyline_id FROM news.story WHERE id = ANY(%(originals)s))
           UNION
           (SELECT * FROM news.storyline WHERE core_entities && %(entities)s::text[]
             ORDER BY last_seen DESC LIMIT %(revival_candidates)s)
           ORDER BY id""",
        {"since": since, "entities": entities, "originals": originals, "revival_candidates": REVIVAL_CANDIDATES},
    )
    storylines = [Storyline(r["id"], r["centroid"], Counter(r["entity_counts"]), r["first_seen"], r["last_seen"],
                            r["member_count"], term_df=Counter(r["term_df"])) for r in cur.fetchall()]
    cur.execute(
        """SELECT * FROM news.story
            WHERE (storyline_id = ANY(%s) AND merged_into IS NULL) OR id = ANY(%s) ORDER BY id""",
        ([line.id for line in storylines], originals),
    )
    stories = [Story(r["id"], r["centroid"], Counter(r["entity_counts"]), r["first_seen"], r["last_seen"],
                     r["member_count"], storyline_id=r["storyline_id"]) for r in cur.fetchall()]
    return storylines, stories


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

        def new_id(table: str):
            def insert() -> int:
                cur.execute(f"INSERT INTO news.{table} (label) VALUES ('') RETURNING id")
                return cur.fetchone()["id"]
            return insert

        storylines, stories = _load_state(cur, articles, DORMANT_AFTER)
        clusterer = OnlineClusterer(dormant_after=DORMANT_AFTER, storylines=storylines, stories=stories,
                                    new_story_id=new_id("story"), new_storyline_id=new_id("storyline"))
        assigned: dict[int, Story] = {}  # article id -> story, for originals assigned in this run
        touched_stories: dict[int, Story] = {}
        touched_lines: dict[int, Storyline] = {}
        for article in articles:
            # A near-duplicate joins its original's story, whenever the original was assigned.
            forced = clusterer.stories.get(article["original_story"]) or assigned.get(article["original"])
            result = clusterer.assign(article, forced)
            assigned[article["id"]] = result.story
            touched_stories[result.story.id] = result.story
            touched_lines[result.storyline.id] = result.storyline
            cur.execute(
                """INSERT INTO news.story_article (article_id, story_id, similarity, clusterer_version)
                   VALUES (%s, %s, %s, %s)""",
                (article["id"], result.story.id, result.similarity, CLUSTERER_VERSION),
            )
            for link in result.links:
                cur.execute(
                    """INSERT INTO news.storyline_link (from_story_id, to_story_id, relation, confidence)
                       VALUES (%s, %s, %s, %s)""",
                    (link.from_story, link.to_story, link.relation, link.confidence),
                )
            for event in result.events:
                cur.execute(
                    """INSERT INTO news.story_event (story_id, kind, other_story_id, article_id, confidence)
                       VALUES (%s, %s, %s, %s, %s)""",
                    (event.story_id, event.kind, event.other_story_id, article["id"], event.confidence),
                )
                if event.kind == "merged":
                    cur.execute("UPDATE news.story SET merged_into = %s WHERE id = %s",
                                (event.other_story_id, event.story_id))
        for story in touched_stories.values():
            cur.execute(
                """UPDATE news.story SET centroid = %s, entity_counts = %s, member_count = %s,
                     first_seen = %s, last_seen = %s, storyline_id = %s WHERE id = %s""",
                (json.dumps(story.centroid), json.dumps(story.entities), story.size,
                 story.first_seen, story.last_seen, story.storyline_id, story.id),
            )
        for line in touched_lines.values():
            cur.execute(
                """UPDATE news.storyline SET centroid = %s, entity_counts = %s, term_df = %s, member_count = %s,
                     first_seen = %s, last_seen = %s, core_entities = %s WHERE id = %s""",
                (json.dumps(line.centroid), json.dumps(line.entities), json.dumps(line.term_df), line.size,
                 line.first_seen, line.last_seen, sorted(line.core()), line.id),
            )
        _refresh_records(cur, list(touched_stories), list(touched_lines))
        return len(articles)


def _refresh_records(cur, story_ids: list[int], storyline_ids: list[int]) -> None:
    """Label, summary, counts, outlets, top entities and event codes of the given stories; label, counts
    and status of the given storylines."""
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
    cur.execute(
        """UPDATE news.storyline l SET
             label = big.label, article_count = agg.articles, story_count = agg.stories,
             status = CASE WHEN l.last_seen < now() - interval '7 days' THEN 'dormant' ELSE 'active' END
           FROM (SELECT storyline_id, sum(article_count) AS articles, count(*) AS stories FROM news.story
                  WHERE storyline_id = ANY(%(ids)s) GROUP BY storyline_id) agg,
                LATERAL (SELECT label FROM news.story WHERE storyline_id = agg.storyline_id
                          ORDER BY article_count DESC, id LIMIT 1) big
          WHERE l.id = agg.storyline_id""",
        {"ids": storyline_ids},
    )
