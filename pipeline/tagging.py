"""The text-understanding stage: sentences, entities (linked), salience, events, quotes and
near-duplicate groups for every article not yet tagged by the current tagger version.

Per batch, in one transaction: an article's rows of an older version are replaced by the new ones, so a
re-run tags nothing twice and a model or knowledge-base update re-tags cleanly.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace

import psycopg2.extras

from pipeline import db, events, quotes
from pipeline import kb as knowledge_base
from pipeline.entities import TAGGER_VERSION as ENTITY_VERSION
from pipeline.entities import EntityTagger
from pipeline.near_duplicates import NearDuplicateIndex, from_bytes, signature, to_bytes
from pipeline.text import sentences

logger = logging.getLogger(__name__)
TAGGER_VERSION = f"{ENTITY_VERSION}+events-{events.VERSION}+quotes-{quotes.VERSION}"
BATCH_SIZE = 25
NEAR_DUPLICATE_LOCK_KEY = 0x1A6EB1D0  # pg_advisory_xact_lock key of near-duplicate grouping
FIELD_WEIGHTS = {"title": 3.0, "lead": 2.0, "body": 1.0}
# A line in this many articles of one outlet is the outlet's boilerplate, not news.
BOILERPLATE_MIN_ARTICLES = 3
BOILERPLATE_MAX_CHARS = 200


@dataclass
class TagResult:
    counts: Counter = field(default_factory=Counter)


def tag_pending(url: str | None = None, batch_size: int = BATCH_SIZE) -> TagResult:
    """Tag every article that the current tagger version has not tagged; then group near-duplicates."""
    result = TagResult()
    database = db.Reconnecting(url)
    try:
        database.run(_sync_entities)
        while True:
            tagged = database.run(lambda conn: _tag_batch(conn, batch_size))
            if not tagged:
                break
            result.counts["tagged"] += tagged
        result.counts["near_duplicates"] = database.run(group_near_duplicates)
    finally:
        database.close()
    return result


def _sync_entities(conn) -> None:
    kb = knowledge_base.default()
    with conn.cursor() as cur:
        db.upsert(
            cur,
            """INSERT INTO news.entity (qid, type, name, label) VALUES %s
               ON CONFLICT (qid) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, label = EXCLUDED.label""",
            [(e.qid, e.type, e.name, e.label) for e in kb.entities.values()],
        )


def _boilerplate(cur, source_keys: list[str]) -> dict[str, dict[str, int]]:
    """Per outlet: short lines that recur across several of its articles, with their article counts."""
    cur.execute(
        """SELECT source_key, line, count(DISTINCT id)
             FROM news.article, regexp_split_to_table(body, E'\\n') AS line
            WHERE source_key = ANY(%s) AND length(line) <= %s
            GROUP BY source_key, line HAVING count(DISTINCT id) >= %s""",
        (source_keys, BOILERPLATE_MAX_CHARS, BOILERPLATE_MIN_ARTICLES),
    )
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for source_key, line, count in cur.fetchall():
        found[source_key][line] = count
    return found


def _tag_batch(conn, batch_size: int) -> int:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT a.id, a.source_key, a.title, a.lead, a.body, a.published_at FROM news.article a
                 LEFT JOIN news.tagging t ON t.article_id = a.id
                WHERE t.tagger_version IS DISTINCT FROM %s
                ORDER BY a.published_at NULLS LAST, a.id LIMIT %s FOR UPDATE OF a SKIP LOCKED""",
            (TAGGER_VERSION, batch_size),
        )
        articles = cur.fetchall()
        if not articles:
            return 0
        boilerplate = _boilerplate(cur, sorted({a["source_key"] for a in articles}))
        for article in articles:
            _replace_rows(cur, article["id"], analyse(article, boilerplate.get(article["source_key"], {})))
        return len(articles)


def analyse(article: dict, boilerplate: dict[str, int] | None = None) -> dict[str, list]:
    """All derived rows of one article (without its id), computed without a database."""
    boilerplate = boilerplate or {}
    tagger = EntityTagger.default()
    published = article["published_at"].date() if article.get("published_at") else None
    body_lines, dropped = [], []
    for line in article["body"].split("\n"):
        if line in boilerplate:
            dropped.append((line, f"recurs in {boilerplate[line]} articles of this outlet"))
        else:
            body_lines.append(line)
    rows: dict[str, list] = defaultdict(list)
    rows["dropped"] = dropped
    weights: dict[str, float] = defaultdict(float)
    counts: Counter = Counter()
    meta: dict[str, tuple] = {}
    for field_name, text in (("title", article["title"]), ("lead", article.get("lead") or ""), ("body", "\n".join(body_lines))):
        if not text.strip():
            continue
        sents = sentences(text)
        mentions = tagger.tag(text, sents)
        by_sentence = defaultdict(list)
        for m in mentions:
            by_sentence[m.sentence].append(m)
            key = m.qid or f"name:{m.name}"
            weights[key] += FIELD_WEIGHTS[field_name] / (1 + m.sentence / 10 if field_name == "body" else 1)
            counts[key] += 1
            meta[key] = (m.qid, m.name, m.label)
            rows["mention"].append((field_name, m.sentence, m.start, m.end, m.label, m.text, m.qid, m.name))
        for seq, sentence, found_events, found_quotes in _per_sentence(text, sents, by_sentence, mentions, published):
            rows["sentence"].append((field_name, seq, sentence.start, sentence.end))
            for e in found_events:
                rows["event"].append((
                    field_name, seq, e.start, e.end, e.code, e.trigger,
                    [q for q, _ in e.source if q], [n for _, n in e.source],
                    [q for q, _ in e.target if q], [n for _, n in e.target],
                    e.location[0] if e.location else None, e.location[1] if e.location else None,
                    e.date, e.negated, e.future, e.confidence,
                ))
            for q in found_quotes:
                speaker_qid, speaker_name = q.speaker if q.speaker else (None, None)
                rows["quote"].append((field_name, seq, q.start, q.end, q.kind, q.text, speaker_qid, speaker_name))
    top = max(weights.values(), default=1.0)
    for key, weight in weights.items():
        qid, name, label = meta[key]
        rows["article_entity"].append((key, qid, name, label, counts[key], round(weight / top, 4)))
    return rows


def analyse_text(text: str, published) -> dict:
    """Entities of a plain text, and the events and quotes of each of its sentences (for `lagebild tag`)."""
    sents = sentences(text)
    mentions = EntityTagger.default().tag(text, sents)
    by_sentence = defaultdict(list)
    for m in mentions:
        by_sentence[m.sentence].append(m)
    found_events, found_quotes = [], []
    for _, sentence, sentence_events, sentence_quotes in _per_sentence(text, sents, by_sentence, mentions, published):
        found_events += [{**asdict(e), "sentence": text[sentence.start:sentence.end]} for e in sentence_events]
        found_quotes += [asdict(q) for q in sentence_quotes]
    return {"entities": [m.as_dict() for m in mentions], "events": found_events, "quotes": found_quotes}


def _per_sentence(text, sents, by_sentence, mentions, published):
    """(seq, sentence, events, quotes) per sentence, offsets into `text`; no events without a date to
    resolve them against."""
    for seq, sentence in enumerate(sents):
        sentence_text = text[sentence.start:sentence.end]
        local = [_shifted(m, -sentence.start) for m in by_sentence[seq]]
        # The three sentences before resolve "er", "der Kremlchef" and "beide Länder", and carry quote runs.
        context = [m for m in mentions if seq - 3 <= m.sentence < seq]
        found_events = events.detect(sentence_text, local, published, context) if published else []
        found_quotes = quotes.detect(sentence_text, local, context)
        yield (seq, sentence, [_shifted(e, sentence.start) for e in found_events],
               [_shifted(q, sentence.start) for q in found_quotes])


def _shifted(span, offset: int):
    """A mention, event or quote with its offsets moved by `offset`."""
    return replace(span, start=span.start + offset, end=span.end + offset)


TABLES = {
    "sentence": "news.sentence (article_id, field, seq, start_offset, end_offset, tagger_version)",
    "mention": "news.mention (article_id, field, sentence_seq, start_offset, end_offset, label, surface, qid, name, tagger_version)",
    "article_entity": "news.article_entity (article_id, entity_key, qid, name, label, mentions, salience, tagger_version)",
    "event": """news.event (article_id, field, sentence_seq, start_offset, end_offset, code, trigger, source_qids,
                source_names, target_qids, target_names, location_qid, location_name, event_date, negated, future,
                confidence, tagger_version)""",
    "quote": "news.quote (article_id, field, sentence_seq, start_offset, end_offset, kind, text, speaker_qid, speaker_name, tagger_version)",
}


def _replace_rows(cur, article_id: int, rows: dict[str, list]) -> None:
    for table in ("sentence", "mention", "article_entity", "event", "quote"):
        cur.execute(f"DELETE FROM news.{table} WHERE article_id = %s", (article_id,))
        db.upsert(cur, f"INSERT INTO {TABLES[table]} VALUES %s ON CONFLICT DO NOTHING",
                  [(article_id, *row, TAGGER_VERSION) for row in rows[table]])
    cur.execute("DELETE FROM news.dropped_line WHERE article_id = %s AND stage = 'tag'", (article_id,))
    db.upsert(cur, "INSERT INTO news.dropped_line (article_id, stage, line, reason) VALUES %s",
              [(article_id, "tag", line, reason) for line, reason in rows["dropped"]])
    cur.execute(
        """INSERT INTO news.tagging (article_id, tagger_version) VALUES (%s, %s)
           ON CONFLICT (article_id) DO UPDATE SET tagger_version = EXCLUDED.tagger_version, tagged_at = now()""",
        (article_id, TAGGER_VERSION),
    )


def group_near_duplicates(conn) -> int:
    """Give every article without a signature one, and put it in the group of its earliest near-duplicate."""
    index = NearDuplicateIndex()
    with conn.cursor() as cur:
        # One grouping writer at a time: concurrent taggers would both sign the same new articles.
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (NEAR_DUPLICATE_LOCK_KEY,))
        cur.execute(
            """SELECT a.id, m.signature FROM news.article a JOIN news.article_minhash m ON m.article_id = a.id
                ORDER BY a.published_at NULLS LAST, a.id"""
        )
        for article_id, data in cur.fetchall():
            index.add(article_id, from_bytes(bytes(data)))
        cur.execute(
            """SELECT a.id, a.body FROM news.article a
                WHERE NOT EXISTS (SELECT 1 FROM news.article_minhash m WHERE m.article_id = a.id)
                ORDER BY a.published_at NULLS LAST, a.id"""
        )
        new = cur.fetchall()
        grouped = 0
        for article_id, body in new:
            minhash = signature(body)
            match = index.match(minhash)
            cur.execute("INSERT INTO news.article_minhash (article_id, signature) VALUES (%s, %s)",
                        (article_id, psycopg2.Binary(to_bytes(minhash))))
            if match:
                original, similarity = match
                cur.execute(
                    """INSERT INTO news.duplicate_group (original_article_id) VALUES (%s)
                       ON CONFLICT (original_article_id) DO UPDATE SET original_article_id = EXCLUDED.original_article_id
                       RETURNING id""",
                    (_group_original(cur, original),),
                )
                group_id = cur.fetchone()[0]
                cur.execute(
                    """INSERT INTO news.duplicate_member (article_id, group_id, similarity) VALUES (%s, %s, %s)
                       ON CONFLICT (article_id) DO NOTHING""",
                    (article_id, group_id, similarity),
                )
                grouped += 1
            index.add(article_id, minhash)
        return grouped


def _group_original(cur, article_id: int) -> int:
    """The original of the group `article_id` belongs to (itself when it is an original)."""
    cur.execute(
        """SELECT g.original_article_id FROM news.duplicate_member m JOIN news.duplicate_group g ON g.id = m.group_id
            WHERE m.article_id = %s""",
        (article_id,),
    )
    row = cur.fetchone()
    return row[0] if row else article_id
