-- depends: 0003_text_understanding
-- Stories: each article joins one story when it arrives (online clustering, never re-clustered).

CREATE TABLE news.story (
    id             bigserial PRIMARY KEY,
    label          text NOT NULL,           -- headline of the story's most central article
    summary        text,                    -- lead of that article
    first_seen     timestamptz,
    last_seen      timestamptz,
    article_count  integer NOT NULL DEFAULT 0,
    outlets        text[] NOT NULL DEFAULT '{}',
    top_entities   jsonb NOT NULL DEFAULT '[]',  -- [{"qid", "name", "weight"}], by summed salience
    event_counts   jsonb NOT NULL DEFAULT '{}',  -- CAMEO root code -> events
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant')),
    -- Clusterer state, so the next run continues where this one stopped.
    centroid       jsonb NOT NULL DEFAULT '{}',
    entity_counts  jsonb NOT NULL DEFAULT '{}',
    member_count   integer NOT NULL DEFAULT 0
);

CREATE TABLE news.story_article (
    article_id         bigint PRIMARY KEY REFERENCES news.article ON DELETE CASCADE,
    story_id           bigint NOT NULL REFERENCES news.story ON DELETE CASCADE,
    similarity         real,                -- to the story when it joined; NULL for the story's first article
    assigned_at        timestamptz NOT NULL DEFAULT now(),
    clusterer_version  text NOT NULL
);
CREATE INDEX story_article_story_idx ON news.story_article (story_id);

CREATE SCHEMA analytics;

-- Per story and day (Europe/Berlin): articles, outlets, the day's first headline, event codes.
-- Read on every `lagebild story` and by dashboards, so materialised; the story stage refreshes it
-- CONCURRENTLY (readers are not blocked), which needs the unique index.
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
