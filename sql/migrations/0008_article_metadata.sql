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
