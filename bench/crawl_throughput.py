"""Crawl throughput against the local replay server, politeness off (for this benchmark only).

Measures fetch + raw store through the real crawl (Scrapy subprocess, PostgreSQL writes) and, as a
baseline in the same process, a plain threaded urllib download of the same article URLs with no
storage. Prints pages/s for both and their ratio.

    .venv/bin/python bench/crawl_throughput.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import statistics
import time
import urllib.request
import uuid

from crawler import registry
from pipeline import config, db
from pipeline.crawl import run_crawl
from replay import corpus
from replay.server import ReplayServer

UNTHROTTLED = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "32",
               "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "DOWNLOAD_DELAY_JITTER": "0"}


def crawl_once(server: ReplayServer, url: str) -> tuple[int, float, float]:
    db.drop_database(url)
    db.migrate(url)
    with db.connection(url) as conn:
        registry.sync(conn, server.registry())
    started = time.perf_counter()
    outcome = run_crawl(settings=UNTHROTTLED, database_url=url)
    wall = time.perf_counter() - started
    pages = sum(s.get("pages", 0) for s in outcome.stats["sources"].values())
    return pages, wall, outcome.stats["elapsed_seconds"]


def download_baseline(urls: list[str]) -> float:
    def fetch(url):
        with urllib.request.urlopen(url, timeout=10) as response:
            return len(response.read())

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(fetch, urls))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    url = db.with_database(config.database_url(), f"lagebild_bench_{uuid.uuid4().hex[:8]}")
    server = ReplayServer(corpus.days()[-1]).start()
    try:
        runs = [crawl_once(server, url) for _ in range(args.rounds)]
        article_urls = [server.article_url(a) for a in corpus.published_by(server.day)]
        baseline = statistics.median(download_baseline(article_urls) for _ in range(args.rounds))
    finally:
        server.stop()
        db.drop_database(url)
    pages = runs[0][0]
    wall = statistics.median(r[1] for r in runs)
    inside = statistics.median(r[2] for r in runs)
    print(f"crawl: {pages} pages + {len(corpus.outlets())} feeds, median of {args.rounds} runs")
    print(f"  whole run (process start, robots.txt, feeds, pages, PostgreSQL): {wall:.2f} s = {pages / wall:.0f} pages/s")
    print(f"  inside Scrapy (engine open to close):                            {inside:.2f} s = {pages / inside:.0f} pages/s")
    print(f"baseline: urllib, 16 threads, {len(article_urls)} pages, no storage: {baseline:.2f} s = "
          f"{len(article_urls) / baseline:.0f} pages/s")
    print(f"ratio crawl (inside Scrapy) / baseline time per page: {(inside / pages) / (baseline / len(article_urls)):.2f}")


if __name__ == "__main__":
    main()
