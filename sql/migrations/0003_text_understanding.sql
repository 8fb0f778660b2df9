-- depends: 0002_news_schema
-- What the text-understanding stage derives from an article. Every derived row carries the version of
-- the tagger that made it; re-tagging replaces an article's rows in one transaction.

CREATE TABLE news.entity (
    qid         text PRIMARY KEY,
    type        text NOT NULL,
    name        text NOT NULL,
    label       text NOT NULL CHECK (label IN ('PER', 'LOC', 'ORG', 'OTH'))
);

-- Which tagger version last tagged each article, and when.
CREATE TABLE news.tagging (
    article_id      bigint PRIMARY KEY REFERENCES news.article ON DELETE CASCADE,
    tagger_version  text NOT NULL,
    tagged_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE news.sentence (
    article_id      bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    field           text NOT NULL CHECK (field IN ('title', 'lead', 'body')),
    seq             integer NOT NULL,
    start_offset    integer NOT NULL,   -- character offsets into the field's text
    end_offset      integer NOT NULL,
    tagger_version  text NOT NULL,
    PRIMARY KEY (article_id, field, seq)
);

-- Lines cleaning dropped, and why: at extraction (credits, repeated captions) or before tagging
-- (lines that recur across many articles of one outlet).
CREATE TABLE news.dropped_line (
    article_id      bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    stage           text NOT NULL CHECK (stage IN ('extract', 'tag')),
    line            text NOT NULL,
    reason          text NOT NULL
);
CREATE INDEX dropped_line_article_idx ON news.dropped_line (article_id);

CREATE TABLE news.mention (
    article_id      bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    field           text NOT NULL,
    sentence_seq    integer NOT NULL,
    start_offset    integer NOT NULL,
    end_offset      integer NOT NULL,
    label           text NOT NULL,
    surface         text NOT NULL,
    qid             text REFERENCES news.entity,
    name            text NOT NULL,       -- canonical name, or the normalised surface when unlinked
    tagger_version  text NOT NULL,
    PRIMARY KEY (article_id, field, start_offset)
);
CREATE INDEX mention_qid_idx ON news.mention (qid) WHERE qid IS NOT NULL;
CREATE INDEX mention_name_idx ON news.mention (name);

-- Per article and entity: how many mentions, and how central (title and lead weigh more, early more).
CREATE TABLE news.article_entity (
    article_id      bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    entity_key      text NOT NULL,       -- the QID, or 'name:' || normalised name when unlinked
    qid             text REFERENCES news.entity,
    name            text NOT NULL,
    label           text NOT NULL,
    mentions        integer NOT NULL,
    salience        real NOT NULL CHECK (salience BETWEEN 0 AND 1),
    tagger_version  text NOT NULL,
    PRIMARY KEY (article_id, entity_key)
);
CREATE INDEX article_entity_key_idx ON news.article_entity (entity_key, salience DESC);

CREATE TABLE news.event (
    article_id      bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    field           text NOT NULL,
    sentence_seq    integer NOT NULL,
    start_offset    integer NOT NULL,    -- the trigger, in the field's text
    end_offset      integer NOT NULL,
    code            text NOT NULL CHECK (code ~ '^(0[1-9]|1[0-9]|20)$'),
    trigger         text NOT NULL,
    source_qids     text[] NOT NULL DEFAULT '{}',
    source_names    text[] NOT NULL DEFAULT '{}',
    target_qids     text[] NOT NULL DEFAULT '{}',
    target_names    text[] NOT NULL DEFAULT '{}',
    location_qid    text,
    location_name   text,
    event_date      text,                -- ISO date or a prefix of one ("2023-09")
    negated         boolean NOT NULL,
    future          boolean NOT NULL,
    confidence      real NOT NULL,
    tagger_version  text NOT NULL,
    PRIMARY KEY (article_id, field, start_offset, code)
);
CREATE INDEX event_code_idx ON news.event (code);

CREATE TABLE news.quote (
    article_id      bigint NOT NULL REFERENCES news.article ON DELETE CASCADE,
    field           text NOT NULL,
    sentence_seq    integer NOT NULL,
    start_offset    integer NOT NULL,
    end_offset      integer NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('direct', 'reported')),
    text            text NOT NULL,
    speaker_qid     text,
    speaker_name    text,
    tagger_version  text NOT NULL,
    PRIMARY KEY (article_id, field, start_offset)
);

-- Near-duplicates (agency copy reprinted or lightly edited): one group per cluster, the earliest article
-- as its original. MinHash signatures are kept so new articles are matched without recomputing old ones.
CREATE TABLE news.article_minhash (
    article_id  bigint PRIMARY KEY REFERENCES news.article ON DELETE CASCADE,
    signature   bytea NOT NULL
);
CREATE TABLE news.duplicate_group (
    id                   bigserial PRIMARY KEY,
    original_article_id  bigint NOT NULL UNIQUE REFERENCES news.article ON DELETE CASCADE
);
CREATE TABLE news.duplicate_member (
    article_id  bigint PRIMARY KEY REFERENCES news.article ON DELETE CASCADE,
    group_id    bigint NOT NULL REFERENCES news.duplicate_group ON DELETE CASCADE,
    similarity  real NOT NULL            -- estimated Jaccard similarity to the original
);
