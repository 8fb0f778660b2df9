-- The raw layer: what the crawler saw, kept so every derived row can be recomputed.
CREATE SCHEMA crawl;

CREATE TABLE crawl.source (
    key         text PRIMARY KEY,
    name        text NOT NULL,
    country     text,
    language    text NOT NULL DEFAULT 'de',
    homepage    text,
    enabled     boolean NOT NULL DEFAULT true,
    -- Only sources marked local may resolve to loopback/private addresses (the replay server).
    is_local    boolean NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crawl.feed (
    id               bigserial PRIMARY KEY,
    source_key       text NOT NULL REFERENCES crawl.source ON DELETE CASCADE,
    url              text NOT NULL UNIQUE,
    kind             text NOT NULL CHECK (kind IN ('rss', 'atom', 'rdf', 'news-sitemap', 'sitemap')),
    etag             text,
    last_modified    text,
    last_status      integer,
    last_error       text,
    last_fetched_at  timestamptz,
    last_success_at  timestamptz,
    error_streak     integer NOT NULL DEFAULT 0,
    next_fetch_at    timestamptz
);
CREATE INDEX feed_source_idx ON crawl.feed (source_key);

CREATE TABLE crawl.crawl_run (
    id           bigserial PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    sources      text[] NOT NULL,
    finish_reason text,
    stats        jsonb NOT NULL DEFAULT '{}'
);

-- One row per feed per run: what the operator reads to see which feed broke.
CREATE TABLE crawl.feed_fetch (
    run_id        bigint NOT NULL REFERENCES crawl.crawl_run ON DELETE CASCADE,
    feed_id       bigint NOT NULL REFERENCES crawl.feed ON DELETE CASCADE,
    fetched_at    timestamptz NOT NULL DEFAULT now(),
    status        integer,
    error         text,
    entries_seen  integer NOT NULL DEFAULT 0,
    bytes         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, feed_id)
);

CREATE TABLE crawl.feed_entry (
    id             bigserial PRIMARY KEY,
    feed_id        bigint NOT NULL REFERENCES crawl.feed ON DELETE CASCADE,
    url            text NOT NULL,
    guid           text,
    title          text,
    summary        text,
    authors        text[] NOT NULL DEFAULT '{}',
    categories     text[] NOT NULL DEFAULT '{}',
    published_at   timestamptz,
    updated_at     timestamptz,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (feed_id, url)
);
CREATE INDEX feed_entry_url_idx ON crawl.feed_entry (url);

CREATE TABLE crawl.raw_page (
    id            bigserial PRIMARY KEY,
    source_key    text NOT NULL REFERENCES crawl.source ON DELETE CASCADE,
    url           text NOT NULL,
    final_url     text NOT NULL,
    run_id        bigint REFERENCES crawl.crawl_run ON DELETE SET NULL,
    fetched_at    timestamptz NOT NULL DEFAULT now(),
    status        integer NOT NULL,
    headers       jsonb NOT NULL DEFAULT '{}',
    body          bytea NOT NULL,
    body_sha256   text NOT NULL,
    -- NULL until the processing stage has looked at the page.
    processed_at  timestamptz,
    process_error text,
    UNIQUE (url, body_sha256)
);
CREATE INDEX raw_page_unprocessed_idx ON crawl.raw_page (id) WHERE processed_at IS NULL;

-- Requests that failed or were refused, with the reason, per run.
CREATE TABLE crawl.fetch_failure (
    id          bigserial PRIMARY KEY,
    run_id      bigint REFERENCES crawl.crawl_run ON DELETE CASCADE,
    source_key  text REFERENCES crawl.source ON DELETE CASCADE,
    url         text NOT NULL,
    status      integer,
    reason      text NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT now()
);
