-- depends: 0001_crawl_schema
-- Articles extracted from raw pages; one row per canonical URL.
CREATE SCHEMA news;

CREATE TABLE news.article (
    id                 bigserial PRIMARY KEY,
    canonical_url      text NOT NULL UNIQUE,
    source_key         text NOT NULL REFERENCES crawl.source,
    raw_page_id        bigint REFERENCES crawl.raw_page ON DELETE SET NULL,
    title              text NOT NULL,
    lead               text,
    body               text NOT NULL,
    authors            text[] NOT NULL DEFAULT '{}',
    published_at       timestamptz,
    modified_at        timestamptz,
    language           text,
    paywalled          boolean NOT NULL DEFAULT false,
    content_hash       text NOT NULL,
    -- Exact copy (same content hash) of an earlier article under another URL.
    duplicate_of       bigint REFERENCES news.article,
    extractor_version  text NOT NULL,
    first_seen_at      timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    search             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A')
        || setweight(to_tsvector('german', coalesce(lead, '')), 'B')
        || setweight(to_tsvector('german', body), 'C')
    ) STORED
);
CREATE INDEX article_search_idx ON news.article USING gin (search);
CREATE INDEX article_content_hash_idx ON news.article (content_hash);
CREATE INDEX article_published_idx ON news.article (published_at);
CREATE INDEX article_source_idx ON news.article (source_key, published_at);

-- Earlier states of an article whose extracted content changed.
CREATE TABLE news.article_version (
    article_id     bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    content_hash   text NOT NULL,
    title          text NOT NULL,
    lead           text,
    body           text NOT NULL,
    modified_at    timestamptz,
    superseded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, content_hash)
);
