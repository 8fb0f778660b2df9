-- depends: 0004_stories
-- The analyst's surface: German full-text search that folds umlauts and ß, daily views, a read-only role.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- German stemming after unaccent, inside the configuration: "Pjongjang", "Pjöngjang", "Strasse" and
-- "Straße" meet, whatever spelling the outlet (or the Swiss "ss") or the analyst used.
CREATE TEXT SEARCH CONFIGURATION analytics.german_folded (COPY = pg_catalog.german);
ALTER TEXT SEARCH CONFIGURATION analytics.german_folded
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;

ALTER TABLE news.article ADD COLUMN search_folded tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('analytics.german_folded', title), 'A')
    || setweight(to_tsvector('analytics.german_folded', coalesce(lead, '')), 'B')
    || setweight(to_tsvector('analytics.german_folded', body), 'C')
) STORED;
CREATE INDEX article_search_folded_idx ON news.article USING gin (search_folded);
-- Compound parts and prefixes ("Beistandspakt" for "pakt") through trigrams of the headline.
CREATE INDEX article_title_trgm_idx ON news.article USING gin (title gin_trgm_ops);

-- search_articles('Putin "Pjöngjang" -Vietnam'): websearch syntax, ranked, with a highlighted snippet.
CREATE FUNCTION analytics.search_articles(query text, max_results integer DEFAULT 20)
RETURNS TABLE (article_id bigint, published_at timestamptz, source_key text, title text, rank real, snippet text)
-- SECURITY DEFINER: analysts read through this function, never the news schema itself.
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT a.id, a.published_at, a.source_key, a.title,
           ts_rank_cd(a.search_folded, q) + coalesce(word_similarity(query, a.title), 0) AS rank,
           ts_headline('analytics.german_folded', coalesce(a.lead, '') || ' ' || a.body, q,
                       'MaxFragments=2, MaxWords=25, MinWords=8, StartSel=«, StopSel=»')
      FROM news.article a, websearch_to_tsquery('analytics.german_folded', query) q
     WHERE a.search_folded @@ q OR query <% a.title
     ORDER BY rank DESC, a.published_at DESC
     LIMIT max_results
$$;

CREATE VIEW analytics.entity_daily AS
SELECT (a.published_at AT TIME ZONE 'Europe/Berlin')::date AS day, e.entity_key, e.qid, e.name, e.label,
       count(*) AS articles, round(sum(e.salience)::numeric, 3) AS salience, sum(e.mentions) AS mentions
  FROM news.article_entity e JOIN news.article a ON a.id = e.article_id
 GROUP BY 1, e.entity_key, e.qid, e.name, e.label;

CREATE VIEW analytics.event_daily AS
SELECT coalesce(e.event_date, (a.published_at AT TIME ZONE 'Europe/Berlin')::date::text) AS event_day,
       e.code, count(*) FILTER (WHERE NOT e.negated AND NOT e.future) AS reported,
       count(*) FILTER (WHERE e.negated) AS denied, count(*) FILTER (WHERE e.future) AS announced
  FROM news.event e JOIN news.article a ON a.id = e.article_id
 GROUP BY 1, e.code;

CREATE VIEW analytics.source_coverage AS
SELECT a.source_key, (a.published_at AT TIME ZONE 'Europe/Berlin')::date AS day, count(*) AS articles,
       count(DISTINCT sa.story_id) AS stories
  FROM news.article a LEFT JOIN news.story_article sa ON sa.article_id = a.id
 GROUP BY a.source_key, 2;

CREATE VIEW analytics.events AS
SELECT e.article_id, a.title, a.source_key, a.published_at, e.code, e.trigger, e.source_qids, e.source_names,
       e.target_qids, e.target_names, e.location_qid, e.location_name, e.event_date, e.negated, e.future,
       e.confidence
  FROM news.event e JOIN news.article a ON a.id = e.article_id;

CREATE VIEW analytics.stories AS
SELECT id AS story_id, label, summary, first_seen, last_seen, article_count, outlets, top_entities,
       event_counts, status
  FROM news.story;

-- Read-only analysts: the analytics schema only, and no query runs away with the server.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lagebild_analyst') THEN
        CREATE ROLE lagebild_analyst NOLOGIN;
    END IF;
END
$$;
ALTER ROLE lagebild_analyst SET statement_timeout = '30s';
GRANT USAGE ON SCHEMA analytics TO lagebild_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO lagebild_analyst;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA analytics TO lagebild_analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO lagebild_analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT EXECUTE ON FUNCTIONS TO lagebild_analyst;
