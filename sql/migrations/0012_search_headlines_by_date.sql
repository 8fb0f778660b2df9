-- depends: 0011_search_index_table
-- search_articles at a million articles, p95 233 ms: a common headline word ("Krankenhausreform", 15,000
-- headlines) had every fuzzy headline match re-checked with word_similarity, ~9 µs a row, to keep the
-- newest 1,000. The full-text matches come first now; when they fill the 1,000, only headlines at least as
-- new as the oldest of them can still enter, and the trigram index also holds the date (btree_gin), so the
-- index itself leaves out the older ones: 230 -> 60 ms for that query.

CREATE EXTENSION IF NOT EXISTS btree_gin;
SET LOCAL maintenance_work_mem = '256MB';  -- the index is built over an existing archive
CREATE INDEX article_search_title_trgm_dated ON news.article_search USING gin (title gin_trgm_ops, published_at);
DROP INDEX news.article_search_title_trgm;

CREATE OR REPLACE FUNCTION analytics.search_articles(query text, max_results integer DEFAULT 20)
RETURNS TABLE (article_id bigint, published_at timestamptz, source_key text, title text, rank real, snippet text)
-- SECURITY DEFINER: analysts read through this function, never the news schema itself.
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    WITH q AS (SELECT websearch_to_tsquery('analytics.german_folded', query) AS tsq),
    -- The newest 1,000 full-text matches, then the fuzzy headline matches that can still be among the
    -- newest: all of them if fewer than 1,000 dated full-text matches were found, else those since.
    matched AS MATERIALIZED (
        SELECT s.article_id AS id, s.published_at FROM news.article_search s, q WHERE s.search_folded @@ q.tsq
         ORDER BY s.published_at DESC NULLS LAST LIMIT 1000
    ),
    horizon AS (SELECT count(m.published_at) = 1000 AS complete, min(m.published_at) AS since FROM matched m),
    newest AS (
        (SELECT id, published_at FROM matched)
        UNION
        (SELECT s.article_id, s.published_at FROM news.article_search s
          WHERE query <% s.title AND s.published_at >= (SELECT since FROM horizon) AND (SELECT complete FROM horizon)
          ORDER BY s.published_at DESC LIMIT 1000)
        UNION
        (SELECT s.article_id, s.published_at FROM news.article_search s
          WHERE query <% s.title AND NOT (SELECT complete FROM horizon)
          ORDER BY s.published_at DESC NULLS LAST LIMIT 1000)
        ORDER BY published_at DESC NULLS LAST
        LIMIT 1000
    ), ranked AS (
        SELECT s.article_id AS id,
               ts_rank_cd(s.search_folded, q.tsq) + coalesce(word_similarity(query, s.title), 0) AS rank
          FROM newest n JOIN news.article_search s ON s.article_id = n.id, q
         ORDER BY rank DESC, s.published_at DESC
         LIMIT max_results
    )
    SELECT a.id, a.published_at, a.source_key, a.title, r.rank::real,
           ts_headline('analytics.german_folded', coalesce(a.lead, '') || ' ' || a.body, q.tsq,
                       'MaxFragments=2, MaxWords=25, MinWords=8, StartSel=«, StopSel=»')
      FROM ranked r JOIN news.article a USING (id), q
     ORDER BY r.rank DESC, a.published_at DESC
$$;
