"""Feed parsing time of crawler.feeds against plain feedparser on the same feeds.

The feeds: every RSS 2.0 / Atom / RSS 1.0 (RDF) feed the replay server serves over its six days, plus the
real feeds in ../shared/data/feeds when present (skipped when absent). crawler.feeds.parse runs
feedparser and turns its result into entries with their own metadata (canonical fields, dates as
timezone-aware datetimes, summaries without markup); the ratio in brackets is against feedparser run
with the crawler's own options (no HTML sanitising), i.e. the cost of building the entries on top.
JSON Feeds and sitemaps (which feedparser does not read) are timed on their own.

    .venv/bin/python bench/feed_parsing.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import feedparser

from crawler import feeds
from pipeline import config
from replay import corpus
from replay.server import JSON_FEED_PATH, SITEMAP_INDEX_PATH, ReplayServer

SHARED_FEEDS = config.PROJECT_ROOT.parent / "shared" / "data" / "feeds"


def replay_documents() -> tuple[list[tuple[bytes, str]], list[tuple[bytes, str]]]:
    """(syndication feeds, other documents) as (body, kind), rendered for every replay day."""
    server = ReplayServer(corpus.days()[0])  # rendering only: never started
    syndication, other = [], []
    for day in corpus.days():
        server.day = day
        for key, outlet in corpus.outlets().items():
            feed = server.respond(key, outlet.feed_path)
            (other if outlet.feed_kind == "news-sitemap" else syndication).append((feed.body, outlet.feed_kind))
            other.append((server.respond(key, JSON_FEED_PATH).body, "json"))
            other.append((server.respond(key, SITEMAP_INDEX_PATH).body, "news-sitemap"))
    return syndication, other


def shared_documents() -> list[tuple[bytes, str]]:
    if not SHARED_FEEDS.is_dir():
        return []
    return [(path.read_bytes(), "rss") for path in sorted(SHARED_FEEDS.iterdir()) if "sitemap" not in path.name]


def best_of(repeat: int, *works) -> list[float]:
    """The fastest of `repeat` runs of each piece of work, run in turns so that a busy machine slows all alike."""
    times = [[] for _ in works]
    for _ in range(repeat):
        for spent, work in zip(times, works):
            started = time.perf_counter()
            work()
            spent.append(time.perf_counter() - started)
    return [min(spent) for spent in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    syndication, other = replay_documents()
    real = shared_documents()
    print(f"{len(syndication)} replay feeds, {len(real)} real feeds from {SHARED_FEEDS}"
          + ("" if real else " (absent: skipped)") + f"; best of {args.repeat}")
    for label, documents in (("replay", syndication), ("real", real), ("all", syndication + real)):
        if not documents:
            continue
        plain, same, ours = best_of(
            args.repeat,
            lambda: [feedparser.parse(body) for body, _ in documents],
            # The options crawler.feeds passes: no HTML sanitising (summaries lose their markup anyway).
            lambda: [feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False) for body, _ in documents],
            lambda: [feeds.parse(body, kind) for body, kind in documents],
        )
        entries = sum(len(feeds.parse(body, kind).entries) for body, kind in documents)
        print(f"  {label:<7} feedparser {plain * 1000:7.1f} ms (same options {same * 1000:7.1f} ms)   "
              f"crawler.feeds {ours * 1000:7.1f} ms   ratio {ours / plain:.2f} ({ours / same:.2f})   ({entries} entries)")
    json_feeds = [(b, k) for b, k in other if k == "json"]
    sitemaps = [(b, k) for b, k in other if k != "json"]
    for label, documents in (("JSON Feed", json_feeds), ("sitemaps", sitemaps)):
        [took] = best_of(args.repeat, lambda: [feeds.parse(body, kind) for body, kind in documents])
        print(f"  {label:<10} {len(documents)} documents: {took * 1000:.1f} ms ({took / len(documents) * 1e6:.0f} µs each)")


if __name__ == "__main__":
    main()
