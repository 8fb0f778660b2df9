"""The processing stage: raw pages → extracted, cleaned articles in news.article.

Reads pages the crawler stored and nobody processed yet, in batches; each batch commits on its own, so
an interrupted run loses nothing and a re-run picks up where it stopped. Several workers may run at
once: a batch locks its pages (SKIP LOCKED).
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field

import psycopg2.extras

from pipeline import db
from pipeline.extract import ExtractionError, extract_article

logger = logging.getLogger(__name__)
BATCH_SIZE = 50


@dataclass
class ProcessResult:
    counts: Counter = field(default_factory=Counter)  # new / updated / unchanged / duplicate / failed
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: "ProcessResult") -> None:
        self.counts.update(other.counts)
        self.errors.extend(other.errors)


def content_hash(article: dict) -> str:
    """Identity of an article's content (title, lead, subheadlines, body), blind to whitespace and case."""
    parts = [article["title"], article.get("lead") or "", *article["subheadlines"], article["text"]]
    text = " ".join("\n".join(parts).split()).casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process_pending(url: str | None = None, batch_size: int = BATCH_SIZE, reprocess: bool = False) -> ProcessResult:
    """Process every unprocessed raw page (all pages with `reprocess`); returns counts by outcome."""
    total = ProcessResult()
    if reprocess:
        with db.connection(url) as conn, conn.cursor() as cur:
            cur.execute("UPDATE crawl.raw_page SET processed_at = NULL, process_error = NULL WHERE status = 200")
    database = db.Reconnecting(url)
    try:
        while True:
            batch = database.run(lambda conn: _process_batch(conn, batch_size))  # one transaction per batch
            if batch is None:
                return total
            total.add(batch)
    finally:
        database.close()


def _process_batch(conn, batch_size: int) -> ProcessResult | None:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            """SELECT id, source_key, url, final_url, headers, body FROM crawl.raw_page
                WHERE processed_at IS NULL ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
            (batch_size,),
        )
        pages = cur.fetchall()
        if not pages:
            return None
        result = ProcessResult()
        for page in pages:
            try:
                article = extract_article(bytes(page["body"]), page["final_url"], page["headers"].get("Content-Type"))
            except ExtractionError as exc:
                result.counts["failed"] += 1
                result.errors.append((page["url"], str(exc)))
                cur.execute("""UPDATE crawl.raw_page SET processed_at = now(), process_error = %s,
                                 process_outcome = 'failed' WHERE id = %s""", (str(exc), page["id"]))
                continue
            outcome = _store_article(cur, page, article)
            result.counts[outcome] += 1
            if outcome in ("new", "updated", "duplicate"):
                _store_dropped_lines(cur, article)
            cur.execute("""UPDATE crawl.raw_page SET processed_at = now(), process_error = NULL,
                             process_outcome = %s WHERE id = %s""", (outcome, page["id"]))
        return result


def _store_dropped_lines(cur, article: dict) -> None:
    cur.execute(
        """DELETE FROM news.dropped_line WHERE stage = 'extract'
             AND article_id = (SELECT id FROM news.article WHERE canonical_url = %s)""",
        (article["canonical_url"],),
    )
    db.upsert(
        cur,
        """INSERT INTO news.dropped_line (article_id, stage, line, reason)
           SELECT a.id, 'extract', v.line, v.reason FROM (VALUES %s) AS v (url, line, reason)
             JOIN news.article a ON a.canonical_url = v.url""",
        [(article["canonical_url"], line, reason) for line, reason in article["dropped_lines"]],
    )


def _store_article(cur, page: dict, article: dict) -> str:
    """Upsert one article by canonical URL; returns new, updated, unchanged or duplicate."""
    digest = content_hash(article)
    cur.execute("SELECT id, content_hash FROM news.article WHERE canonical_url = %s FOR UPDATE",
                (article["canonical_url"],))
    existing = cur.fetchone()
    values = {
        "canonical_url": article["canonical_url"], "source_key": page["source_key"], "raw_page_id": page["id"],
        "title": article["title"], "lead": article["lead"], "body": article["text"], "authors": article["authors"],
        "published_at": article["published_at"], "modified_at": article["modified_at"],
        "language": article["language"], "paywalled": article["paywalled"], "content_hash": digest,
        "extractor_version": article["extractor_version"], "subheadlines": article["subheadlines"],
        "credits": article["credits"], "section": article["section"], "keywords": article["keywords"],
    }
    if existing is None:
        cur.execute(
            "SELECT id FROM news.article WHERE content_hash = %s ORDER BY first_seen_at, id LIMIT 1", (digest,)
        )
        original = cur.fetchone()
        values["duplicate_of"] = original["id"] if original else None
        cur.execute(
            """INSERT INTO news.article (canonical_url, source_key, raw_page_id, title, lead, body, authors,
                 published_at, modified_at, language, paywalled, content_hash, extractor_version, duplicate_of,
                 subheadlines, credits, section, keywords)
               VALUES (%(canonical_url)s, %(source_key)s, %(raw_page_id)s, %(title)s, %(lead)s, %(body)s,
                 %(authors)s, %(published_at)s, %(modified_at)s, %(language)s, %(paywalled)s, %(content_hash)s,
                 %(extractor_version)s, %(duplicate_of)s, %(subheadlines)s, %(credits)s, %(section)s, %(keywords)s)""",
            values,
        )
        return "duplicate" if original else "new"
    if existing["content_hash"] == digest:
        return "unchanged"
    cur.execute(
        """INSERT INTO news.article_version (article_id, content_hash, title, lead, body, modified_at, subheadlines)
           SELECT id, content_hash, title, lead, body, modified_at, subheadlines FROM news.article WHERE id = %s
           ON CONFLICT DO NOTHING""",
        (existing["id"],),
    )
    cur.execute(
        """UPDATE news.article SET source_key = %(source_key)s, raw_page_id = %(raw_page_id)s, title = %(title)s,
             lead = %(lead)s, body = %(body)s, authors = %(authors)s, published_at = %(published_at)s,
             modified_at = %(modified_at)s, language = %(language)s, paywalled = %(paywalled)s,
             content_hash = %(content_hash)s, extractor_version = %(extractor_version)s,
             subheadlines = %(subheadlines)s, credits = %(credits)s, section = %(section)s, keywords = %(keywords)s,
             updated_at = now()
           WHERE id = %(id)s""",
        {**values, "id": existing["id"]},
    )
    return "updated"
