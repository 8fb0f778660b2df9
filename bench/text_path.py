"""Throughput of the whole text path — boilerplate learning, sentences, entities and linking, salience,
events, quotes, near-duplicates, and the load into PostgreSQL — on 2 worker processes.

The replay corpus is copied N times (distinct URLs) into a scratch database; `tag_pending` then runs in
two processes at once (SKIP LOCKED shares the work). The baseline, in the same run, is SoMaJo sentence
segmentation alone over the same texts in one process.

    .venv/bin/python bench/text_path.py [--copies 4] [--workers 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import time
import uuid

from pipeline import config, db
from pipeline.text import sentences
from replay import corpus


def load_articles(url: str, copies: int) -> int:
    rows = []
    for copy in range(copies):
        for a in corpus.articles():
            body = "\n".join(b["text"] for b in a.blocks if b["kind"] == "p")
            rows.append((f"https://{a.outlet}.example/{copy}/{a.slug}", a.outlet, a.title, a.lead, body,
                         a.published, f"{copy}-{a.corpus_id}", "bench"))
    with db.connection(url) as conn, conn.cursor() as cur:
        db.upsert(cur, "INSERT INTO crawl.source (key, name) VALUES %s ON CONFLICT DO NOTHING",
                  [(k, k) for k in corpus.outlets()])
        db.upsert(cur, """INSERT INTO news.article (canonical_url, source_key, title, lead, body, published_at,
                            content_hash, extractor_version) VALUES %s""", rows)
    return len(rows)


def worker(url: str) -> None:
    from pipeline.tagging import tag_pending

    tag_pending(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = db.with_database(config.database_url(), f"lagebild_bench_{uuid.uuid4().hex[:8]}")
    db.migrate(url)
    try:
        n = load_articles(url, args.copies)
        chars = [len(a.body) for a in corpus.articles()]
        # Warm the models once so the figure is steady-state throughput, not start-up.
        from pipeline.entities import EntityTagger

        EntityTagger.default()
        context = multiprocessing.get_context("fork")
        started = time.perf_counter()
        processes = [context.Process(target=worker, args=(url,)) for _ in range(args.workers)]
        for p in processes:
            p.start()
        for p in processes:
            p.join()
        elapsed = time.perf_counter() - started
        with db.connection(url) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM news.tagging")
            tagged = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM news.sentence")
            sentence_rows = cur.fetchone()[0]
        texts = [a.body for a in corpus.articles()]
        started = time.perf_counter()
        for text in texts:
            sentences(text)
        baseline = (time.perf_counter() - started) / len(texts)
    finally:
        db.drop_database(url)
    peak_mb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(f"articles: {n} ({args.copies} copies of the replay corpus), median {statistics.median(chars):.0f} characters, "
          f"{sentence_rows / max(tagged, 1):.0f} sentences per article")
    print(f"text path, {args.workers} workers: {tagged} tagged in {elapsed:.1f} s = {tagged / elapsed:.1f} articles/s")
    print(f"baseline, SoMaJo segmentation alone, 1 process: {1 / baseline:.1f} articles/s")
    print(f"ratio: text path per article on {args.workers} workers / segmentation alone: {(elapsed / tagged) / baseline:.2f}")
    print(f"peak memory (largest process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
