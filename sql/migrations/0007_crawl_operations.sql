-- depends: 0006_watchlists
-- The crawler in operation: per-source bounds and politeness, adaptive feed polling, article re-checks,
-- a circuit breaker per source, per-run per-source statistics and the operator's health view.

-- JSON Feed joins RSS/Atom/RDF and the sitemaps.
ALTER TABLE crawl.feed DROP CONSTRAINT feed_kind_check;
ALTER TABLE crawl.feed ADD CONSTRAINT feed_kind_check
    CHECK (kind IN ('rss', 'atom', 'rdf', 'json', 'news-sitemap', 'sitemap'));

ALTER TABLE crawl.source
    -- Adaptive polling stays within these bounds (crawler/sources.yaml `poll`).
    ADD COLUMN min_poll_seconds   integer NOT NULL DEFAULT 300 CHECK (min_poll_seconds > 0),
    ADD COLUMN max_poll_seconds   integer NOT NULL DEFAULT 7200,
    -- Politeness overrides (`politeness`): a longer delay or fewer parallel requests than the defaults.
    ADD COLUMN download_delay     real CHECK (download_delay >= 0),
    ADD COLUMN concurrency        integer CHECK (concurrency BETWEEN 1 AND 2),
    -- Hosts (and their subdomains) this source's articles may live on, besides its feeds' and homepage's.
    ADD COLUMN allowed_hosts      text[] NOT NULL DEFAULT '{}',
    -- Circuit breaker: runs in a row in which every feed of the source failed; while open, not crawled.
    ADD COLUMN failure_streak     integer NOT NULL DEFAULT 0,
    ADD COLUMN circuit_opened_at  timestamptz,
    ADD COLUMN circuit_open_until timestamptz,
    ADD CONSTRAINT source_poll_bounds CHECK (max_poll_seconds >= min_poll_seconds);

-- The feed's current polling interval; next_fetch_at (0001) is when it is due again.
ALTER TABLE crawl.feed ADD COLUMN poll_seconds integer;
CREATE INDEX feed_due_idx ON crawl.feed (next_fetch_at);

-- One row per article URL the crawler fetched: when, how often, what the feeds said, and when to look again.
CREATE TABLE crawl.page_state (
    url                   text PRIMARY KEY,
    source_key            text NOT NULL REFERENCES crawl.source ON DELETE CASCADE,
    first_fetched_at      timestamptz NOT NULL DEFAULT now(),
    last_fetched_at       timestamptz NOT NULL DEFAULT now(),
    fetches               integer NOT NULL DEFAULT 1,
    -- The newest modification time a feed or sitemap reported for the URL when it was last fetched.
    reported_modified_at  timestamptz,
    etag                  text,
    last_modified         text,
    -- The next scheduled re-check (a bounded schedule after the first fetch); NULL when none is left.
    next_check_at         timestamptz
);
CREATE INDEX page_state_due_idx ON crawl.page_state (next_check_at) WHERE next_check_at IS NOT NULL;
INSERT INTO crawl.page_state (url, source_key, first_fetched_at, last_fetched_at, fetches)
SELECT url, (array_agg(source_key ORDER BY fetched_at))[1], min(fetched_at), max(fetched_at), count(*)
  FROM crawl.raw_page GROUP BY url;

-- What processing made of a page (new, updated, unchanged, duplicate, failed), for the per-run report.
ALTER TABLE crawl.raw_page ADD COLUMN process_outcome text;

-- Per crawl run and source: requests and responses, bytes, pages, refusals and errors with reasons.
CREATE TABLE crawl.source_run (
    run_id             bigint NOT NULL REFERENCES crawl.crawl_run ON DELETE CASCADE,
    source_key         text NOT NULL REFERENCES crawl.source ON DELETE CASCADE,
    requests           integer NOT NULL DEFAULT 0,
    responses_200      integer NOT NULL DEFAULT 0,
    responses_304      integer NOT NULL DEFAULT 0,
    responses_3xx      integer NOT NULL DEFAULT 0,   -- other 3xx (redirects)
    responses_4xx      integer NOT NULL DEFAULT 0,
    responses_5xx      integer NOT NULL DEFAULT 0,
    bytes              bigint NOT NULL DEFAULT 0,
    feeds_fetched      integer NOT NULL DEFAULT 0,
    feeds_failed       integer NOT NULL DEFAULT 0,
    pages_new          integer NOT NULL DEFAULT 0,   -- article URLs fetched for the first time
    pages_refetched    integer NOT NULL DEFAULT 0,   -- re-fetched: modified per feed, or a scheduled re-check
    pages_not_modified integer NOT NULL DEFAULT 0,   -- re-fetches answered 304
    entries_duplicate  integer NOT NULL DEFAULT 0,   -- feed entries whose article was already known
    refusals           integer NOT NULL DEFAULT 0,
    errors             integer NOT NULL DEFAULT 0,
    reasons            jsonb NOT NULL DEFAULT '{}',  -- refusal and error reasons with their counts
    circuit_open       boolean NOT NULL DEFAULT false,  -- skipped: the source's circuit breaker is open
    duration_seconds   real,
    PRIMARY KEY (run_id, source_key)
);

-- The per-source report of a run, with what processing made of its pages.
CREATE VIEW crawl.source_run_report AS
SELECT r.*, c.started_at,
       count(p.id) FILTER (WHERE p.process_outcome = 'new')       AS articles_new,
       count(p.id) FILTER (WHERE p.process_outcome = 'updated')   AS articles_updated,
       count(p.id) FILTER (WHERE p.process_outcome = 'duplicate') AS articles_duplicate
  FROM crawl.source_run r
  JOIN crawl.crawl_run c ON c.id = r.run_id
  LEFT JOIN crawl.raw_page p ON p.run_id = r.run_id AND p.source_key = r.source_key
 GROUP BY r.run_id, r.source_key, c.started_at;

-- Which publisher broke: one row per source.
CREATE VIEW crawl.source_health AS
SELECT s.key AS source_key, s.name, s.enabled,
       f.last_success_at,
       greatest(s.failure_streak, f.max_feed_error_streak) AS error_streak,
       f.feeds, f.feeds_failing,
       coalesce(a.articles_7d, 0) / 7.0 AS articles_per_day,
       CASE WHEN s.circuit_open_until > now() THEN s.circuit_open_until ELSE f.next_fetch_at END AS next_fetch_at,
       s.circuit_open_until > now() AS circuit_open,
       f.last_error
  FROM crawl.source s
  LEFT JOIN LATERAL (
      SELECT max(last_success_at) AS last_success_at, coalesce(max(error_streak), 0) AS max_feed_error_streak,
             count(*) AS feeds, count(*) FILTER (WHERE error_streak > 0) AS feeds_failing,
             -- A feed never fetched is due now.
             CASE WHEN bool_or(next_fetch_at IS NULL) THEN now() ELSE min(next_fetch_at) END AS next_fetch_at,
             (array_agg(last_error ORDER BY last_fetched_at DESC NULLS LAST) FILTER (WHERE error_streak > 0))[1] AS last_error
        FROM crawl.feed WHERE source_key = s.key
  ) f ON true
  LEFT JOIN LATERAL (
      SELECT count(*) AS articles_7d FROM news.article
       WHERE source_key = s.key AND first_seen_at > now() - interval '7 days'
  ) a ON true;
