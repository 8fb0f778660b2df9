-- depends: 0005_analyst_surface
-- Watchlists: an analyst's named queries; each run of the story stage records which articles match.

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
