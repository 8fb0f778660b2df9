-- depends: 0006_watchlists
-- Storylines: stories that continue each other (the visit, the pact, the reactions, the trip on to
-- Vietnam), the links between their stories, and each story's history of splits, merges and revivals.

CREATE TABLE news.storyline (
    id             bigserial PRIMARY KEY,
    label          text NOT NULL DEFAULT '',     -- label of its largest story
    first_seen     timestamptz,
    last_seen      timestamptz,
    article_count  integer NOT NULL DEFAULT 0,
    story_count    integer NOT NULL DEFAULT 0,
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant')),
    -- Clusterer state, so the next run continues where this one stopped.
    centroid       jsonb NOT NULL DEFAULT '{}',
    entity_counts  jsonb NOT NULL DEFAULT '{}',
    term_df        jsonb NOT NULL DEFAULT '{}',
    member_count   integer NOT NULL DEFAULT 0,
    core_entities  text[] NOT NULL DEFAULT '{}'  -- finds a dormant storyline when its subject returns
);
CREATE INDEX storyline_last_seen_idx ON news.storyline (last_seen);
CREATE INDEX storyline_core_entities_idx ON news.storyline USING gin (core_entities);

ALTER TABLE news.story
    ADD COLUMN storyline_id bigint REFERENCES news.storyline ON DELETE SET NULL,
    ADD COLUMN merged_into bigint REFERENCES news.story ON DELETE SET NULL;
CREATE INDEX story_storyline_idx ON news.story (storyline_id);

-- Stories clustered before storylines existed become a storyline each.
INSERT INTO news.storyline (id, label, first_seen, last_seen, article_count, story_count, status, centroid,
                            entity_counts, member_count)
SELECT id, label, first_seen, last_seen, article_count, 1, status, centroid, entity_counts, member_count FROM news.story;
UPDATE news.story SET storyline_id = id;
DO $$ BEGIN PERFORM setval('news.storyline_id_seq', coalesce((SELECT max(id) FROM news.storyline), 0) + 1, false); END $$;

CREATE TABLE news.storyline_link (
    from_story_id  bigint NOT NULL REFERENCES news.story ON DELETE CASCADE,
    to_story_id    bigint NOT NULL REFERENCES news.story ON DELETE CASCADE,
    relation       text NOT NULL CHECK (relation IN ('follow-up', 'continuation')),
    confidence     real NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (from_story_id, to_story_id)
);

CREATE TABLE news.story_event (
    id              bigserial PRIMARY KEY,
    story_id        bigint NOT NULL REFERENCES news.story ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('opened', 'split', 'merged', 'revived')),
    other_story_id  bigint REFERENCES news.story ON DELETE CASCADE,
    article_id      bigint REFERENCES news.article ON DELETE SET NULL,  -- the article that caused it
    confidence      real,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_event_story_idx ON news.story_event (story_id);

-- Per storyline and day (Europe/Berlin): articles, stories, outlets, the day's first headline, event codes.
CREATE MATERIALIZED VIEW analytics.storyline_timeline AS
WITH article_day AS (
    SELECT s.storyline_id, sa.story_id, a.id AS article_id, a.source_key, a.title, a.published_at,
           (a.published_at AT TIME ZONE 'Europe/Berlin')::date AS day
      FROM news.story_article sa JOIN news.article a ON a.id = sa.article_id
      JOIN news.story s ON s.id = sa.story_id
     WHERE s.storyline_id IS NOT NULL
), codes AS (
    SELECT storyline_id, day, jsonb_object_agg(code, n) AS event_codes
      FROM (SELECT d.storyline_id, d.day, e.code, count(*) AS n
              FROM article_day d JOIN news.event e ON e.article_id = d.article_id
             WHERE NOT e.negated GROUP BY d.storyline_id, d.day, e.code) per_code
     GROUP BY storyline_id, day
)
SELECT d.storyline_id, d.day, count(*) AS articles, array_agg(DISTINCT d.story_id ORDER BY d.story_id) AS stories,
       array_agg(DISTINCT d.source_key ORDER BY d.source_key) AS outlets,
       (array_agg(d.title ORDER BY d.published_at))[1] AS first_headline,
       coalesce(c.event_codes, '{}') AS event_codes
  FROM article_day d LEFT JOIN codes c ON c.storyline_id = d.storyline_id AND c.day = d.day
 GROUP BY d.storyline_id, d.day, c.event_codes;
CREATE UNIQUE INDEX storyline_timeline_key ON analytics.storyline_timeline (storyline_id, day);

-- story_timeline gains the entities a story names for the first time that day.
DROP MATERIALIZED VIEW analytics.story_timeline;
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
), first_named AS (
    SELECT story_id, day, array_agg(name ORDER BY name) AS new_entities
      FROM (SELECT DISTINCT ON (d.story_id, e.entity_key) d.story_id, d.day, e.name
              FROM article_day d JOIN news.article_entity e ON e.article_id = d.article_id
             WHERE e.salience >= 0.2
             ORDER BY d.story_id, e.entity_key, d.published_at) firsts
     GROUP BY story_id, day
)
SELECT d.story_id, d.day, count(*) AS articles,
       array_agg(DISTINCT d.source_key ORDER BY d.source_key) AS outlets,
       (array_agg(d.title ORDER BY d.published_at))[1] AS first_headline,
       coalesce(c.event_codes, '{}') AS event_codes,
       coalesce(f.new_entities, '{}') AS new_entities
  FROM article_day d
  LEFT JOIN codes c ON c.story_id = d.story_id AND c.day = d.day
  LEFT JOIN first_named f ON f.story_id = d.story_id AND f.day = d.day
 GROUP BY d.story_id, d.day, c.event_codes, f.new_entities;
CREATE UNIQUE INDEX story_timeline_key ON analytics.story_timeline (story_id, day);

CREATE OR REPLACE VIEW analytics.stories AS
SELECT id AS story_id, label, summary, first_seen, last_seen, article_count, outlets, top_entities,
       event_counts, status, storyline_id, merged_into
  FROM news.story;

CREATE VIEW analytics.storylines AS
SELECT id AS storyline_id, label, first_seen, last_seen, article_count, story_count, status
  FROM news.storyline;

CREATE VIEW analytics.storyline_links AS
SELECT l.from_story_id, f.label AS from_label, l.to_story_id, t.label AS to_label, l.relation, l.confidence,
       t.storyline_id
  FROM news.storyline_link l JOIN news.story f ON f.id = l.from_story_id JOIN news.story t ON t.id = l.to_story_id;

CREATE VIEW analytics.story_events AS
SELECT story_id, kind, other_story_id, article_id, confidence, at FROM news.story_event;
