-- depends: 0005_analyst_surface
-- story_timeline is read on every `lagebild story` and by every dashboard: materialise it, refreshed by the
-- story stage without blocking readers (CONCURRENTLY needs the unique index). Watchlists record, per
-- run, which new articles match an analyst's named query.

DROP VIEW analytics.story_timeline;
CREATE MATERIALIZED VIEW analytics.story_timeline AS
WITH article_day AS (
    SELECT sa.story_id, a.id AS article_id, a.source_key, a.title, a.published_at,
           (a.published_at AT TIME ZONE 'Europe/Berlin')::date AS day
      FROM news.story_article sa JOIN news.article a ON a.id = sa.article_id
), codes AS (
    SELECT story_id, day, jsonb_object_agg(code, n) AS event_codes
      FROM (SELECT d.story_id, d.day, e.code, count(*) AS n
              FROM article_day d JOIN news.event e ON e.article_id = d.article_id
             WHERE NOT e.negated GROUP BY d.story_id, d.day, e.code) per_code
     GROUP BY story_id, day
)
SELECT d.story_id, d.day, count(*) AS articles,
       array_agg(DISTINCT d.source_key ORDER BY d.source_key) AS outlets,
       (array_agg(d.title ORDER BY d.published_at))[1] AS first_headline,
       coalesce(c.event_codes, '{}') AS event_codes
  FROM article_day d LEFT JOIN codes c ON c.story_id = d.story_id AND c.day = d.day
 GROUP BY d.story_id, d.day, c.event_codes;
CREATE UNIQUE INDEX story_timeline_key ON analytics.story_timeline (story_id, day);
GRANT SELECT ON analytics.story_timeline TO lagebild_analyst;

CREATE TABLE news.watchlist (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    query        text,                       -- websearch syntax on analytics.german_folded
    entity_qids  text[] NOT NULL DEFAULT '{}',
    event_codes  text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE news.watchlist_match (
    watchlist_id  bigint NOT NULL REFERENCES news.watchlist ON DELETE CASCADE,
    article_id    bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    matched_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (watchlist_id, article_id)
);
CREATE VIEW analytics.watchlist_matches AS
SELECT w.name AS watchlist, m.matched_at, a.id AS article_id, a.published_at, a.source_key, a.title
  FROM news.watchlist_match m JOIN news.watchlist w ON w.id = m.watchlist_id JOIN news.article a ON a.id = m.article_id;
GRANT SELECT ON analytics.watchlist_matches TO lagebild_analyst;
