-- depends: 0006_watchlists
-- What the extractor finds beside title, lead and body: subheadlines (kept apart from the paragraphs),
-- organisations credited next to the person authors (agencies such as dpa, newsrooms), the section and
-- the keywords the publisher states. Earlier versions of an article keep their subheadlines too.
ALTER TABLE news.article
    ADD COLUMN subheadlines text[] NOT NULL DEFAULT '{}',
    ADD COLUMN credits      text[] NOT NULL DEFAULT '{}',
    ADD COLUMN section      text,
    ADD COLUMN keywords     text[] NOT NULL DEFAULT '{}';

ALTER TABLE news.article_version
    ADD COLUMN subheadlines text[] NOT NULL DEFAULT '{}';

-- Subheadlines were part of the body before; they stay searchable, weighted with the lead. A generated
-- column needs immutable parts: array_to_string is only stable in general, but joining text is immutable.
CREATE FUNCTION news.joined_text(parts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(parts, ' ') $$;

ALTER TABLE news.article DROP COLUMN search, DROP COLUMN search_folded;
ALTER TABLE news.article
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A')
        || setweight(to_tsvector('german', coalesce(lead, '') || ' ' || news.joined_text(subheadlines)), 'B')
        || setweight(to_tsvector('german', body), 'C')
    ) STORED,
    ADD COLUMN search_folded tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('analytics.german_folded', title), 'A')
        || setweight(to_tsvector('analytics.german_folded',
                                 coalesce(lead, '') || ' ' || news.joined_text(subheadlines)), 'B')
        || setweight(to_tsvector('analytics.german_folded', body), 'C')
    ) STORED;
CREATE INDEX article_search_idx ON news.article USING gin (search);
CREATE INDEX article_search_folded_idx ON news.article USING gin (search_folded);
