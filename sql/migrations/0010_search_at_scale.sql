-- depends: 0009_storylines
-- search_articles at archive scale: ranking every match of a common word ("Putin") costs time in
-- proportion to the archive. Rank the newest 1,000 matches only (news search wants recent relevance), and
-- build snippets for the returned rows only.

CREATE INDEX IF NOT EXISTS article_published_at_idx ON news.article (published_at);

CREATE OR REPLACE FUNCTION analytics.search_articles(query text, max_results integer DEFAULT 20)
RETURNS TABLE (article_id bigint, published_at timestamptz, source_key text, title text, rank real, snippet text)
-- SECURITY DEFINER: analysts read through this function, never the news schema itself.
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    WITH q AS (SELECT websearch_to_tsquery('analytics.german_folded', query) AS tsq),
    -- Two index scans in a UNION: with OR in one WHERE, every candidate's tsvector is read again.
    newest AS (
        (SELECT a.id, a.published_at FROM news.article a, q WHERE a.search_folded @@ q.tsq
          ORDER BY a.published_at DESC NULLS LAST LIMIT 1000)
        UNION
        (SELECT a.id, a.published_at FROM news.article a WHERE query <% a.title
          ORDER BY a.published_at DESC NULLS LAST LIMIT 1000)
        ORDER BY published_at DESC NULLS LAST
        LIMIT 1000
    ), ranked AS (
        SELECT a.id, ts_rank_cd(a.search_folded, q.tsq) + coalesce(word_similarity(query, a.title), 0) AS rank
          FROM newest n JOIN news.article a ON a.id = n.id, q
         ORDER BY rank DESC, a.published_at DESC
         LIMIT max_results
    )
    SELECT a.id, a.published_at, a.source_key, a.title, r.rank::real,
           ts_headline('analytics.german_folded', coalesce(a.lead, '') || ' ' || a.body, q.tsq,
                       'MaxFragments=2, MaxWords=25, MinWords=8, StartSel=«, StopSel=»')
      FROM ranked r JOIN news.article a USING (id), q
     ORDER BY r.rank DESC, a.published_at DESC
$$;
