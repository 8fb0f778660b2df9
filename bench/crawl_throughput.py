"""Crawl throughput against the local replay server, politeness off (for this benchmark only).

Measures fetch + raw store through the real crawl (Scrapy subprocess, PostgreSQL writes) of the replay's
synthetic bulk feeds (`--pages` article pages per outlet, each a real article page of the corpus under
its own URL), and then re-crawls every source with nothing changed, counting the requests by kind: a
re-crawl should send only conditional feed requests (If-None-Match / If-Modified-Since) and robots.txt.

    .venv/bin/python bench/crawl_throughput.py [--pages 400] [--rounds 3] [--processes 2]
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import resource
import statistics
import time
import uuid

from crawler import registry
from pipeline import config, db
from pipeline.crawl import run_crawl
from pipeline.sources import enabled_source_groups
from replay import corpus
from replay.server import ReplayServer

UNTHROTTLED = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "64",
               "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "DOWNLOAD_DELAY_JITTER": "0", "LAGEBILD_BATCH_SIZE": "500"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl_once(server: ReplayServer, url: str, processes: int) -> tuple[int, float, float, float, float]:
    """(pages stored, wall seconds, seconds inside Scrapy, crawler CPU seconds, replay server CPU seconds).

    With several processes the sources are dealt into groups crawled side by side, as the crawl DAG's
    mapped tasks do; "inside Scrapy" is then the longest of the groups."""
    db.drop_database(url)
    db.migrate(url)
    with db.connection(url) as conn:
        registry.sync(conn, server.registry(feed="bulk"))
    groups = enabled_source_groups(url, processes)
    started, crawler_cpu, server_cpu = time.perf_counter(), _children_cpu(), time.process_time()
    with concurrent.futures.ThreadPoolExecutor(len(groups)) as pool:
        outcomes = list(pool.map(lambda group: run_crawl(group, settings=UNTHROTTLED, database_url=url), groups))
    wall = time.perf_counter() - started
    crawler_cpu, server_cpu = _children_cpu() - crawler_cpu, time.process_time() - server_cpu
    with db.connection(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM crawl.raw_page")
        stored = cur.fetchone()[0]
    return stored, wall, max(o.stats["elapsed_seconds"] for o in outcomes), crawler_cpu, server_cpu


def recrawl_requests(server: ReplayServer, url: str) -> dict[str, int]:
    """Requests of a forced re-crawl of every source right after a crawl, by kind."""
    before = len(server.requests)
    run_crawl(settings=UNTHROTTLED, database_url=url, force=True)
    kinds = {"robots.txt": 0, "conditional": 0, "unconditional": 0, "answered 304": 0}
    for request in server.requests[before:]:
        if request.path == "/robots.txt":
            kinds["robots.txt"] += 1
            continue
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        kinds["conditional" if conditional else "unconditional"] += 1
        kinds["answered 304"] += request.status == 304
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400, help="synthetic article pages per outlet")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=1,
                        help="crawl processes side by side over disjoint source groups (the DAG runs 2)")
    args = parser.parse_args()
    url = db.with_database(config.database_url(), f"lagebild_bench_{uuid.uuid4().hex[:8]}")
    load_before = os.getloadavg()[0]  # the benchmark shares the machine; say how busy it was
    server = ReplayServer(corpus.days()[-1]).start()
    server.bulk_pages = args.pages
    try:
        runs = [crawl_once(server, url, args.processes) for _ in range(args.rounds)]
        kinds = recrawl_requests(server, url)
    finally:
        server.stop()
        db.drop_database(url)
    pages = runs[0][0]
    wall = statistics.median(r[1] for r in runs)
    inside = statistics.median(r[2] for r in runs)
    print(f"crawl: {pages} pages stored ({args.pages} per outlet) + {len(corpus.outlets())} feeds, "
          f"{args.processes} crawl process(es), median of {args.rounds} runs, politeness off")
    print(f"  whole run (process start, robots.txt, feeds, pages, PostgreSQL): {wall:.2f} s = {pages / wall:.0f} pages/s")
    print(f"  inside Scrapy (engine open to close):                            {inside:.2f} s = {pages / inside:.0f} pages/s")
    crawler_cpu = statistics.median(r[3] for r in runs)
    server_cpu = statistics.median(r[4] for r in runs)
    print(f"  CPU: crawler processes {crawler_cpu:.1f} s ({pages / crawler_cpu:.0f} pages per CPU-second), "
          f"replay server {server_cpu:.1f} s; load average before the run {load_before:.1f} on {os.cpu_count()} cores")
    print("re-crawl of every source, nothing changed: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))


if __name__ == "__main__":
    main()
