"""Per-source statistics of one crawl run, counted where requests meet the network."""
from __future__ import annotations

import re
import time
from collections import Counter, defaultdict

COLUMNS = ("requests", "responses_200", "responses_304", "responses_3xx", "responses_4xx", "responses_5xx", "bytes",
           "feeds_fetched", "feeds_failed", "pages_new", "pages_refetched", "pages_not_modified", "entries_duplicate",
           "refusals", "errors")
_URL = re.compile(r"https?://\S+")


def status_column(status: int) -> str:
    if status in (200, 304):
        return f"responses_{status}"
    return f"responses_{status // 100}xx" if 300 <= status < 600 else "responses_4xx"


class SourceStats:
    def __init__(self):
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.reasons: dict[str, Counter] = defaultdict(Counter)
        self.first_seen: dict[str, float] = {}
        self.last_seen: dict[str, float] = {}

    def add(self, source: str, **counts: int) -> None:
        now = time.monotonic()
        self.first_seen.setdefault(source, now)
        self.last_seen[source] = now
        self.counts[source].update(counts)

    def failure(self, source: str, refused: bool, reason: str) -> None:
        self.add(source, **{"refusals" if refused else "errors": 1})
        # One line per kind of reason: URLs in a reason would make every failure its own kind.
        self.reasons[source][_URL.sub("<url>", reason)[:160]] += 1

    def as_dict(self, source: str) -> dict:
        values = {column: self.counts[source][column] for column in COLUMNS}
        values["reasons"] = dict(self.reasons[source])
        values["duration_seconds"] = round(self.last_seen.get(source, 0) - self.first_seen.get(source, 0), 3)
        return values


class SourceStatsMiddleware:
    """Downloader middleware nearest the network: every request sent (robots.txt and retries included) and
    every response received, with its status class and its bytes on the wire, counted for its source."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _source_key(self, request) -> str | None:
        source = self.crawler.spider.source_for(request)
        return source["key"] if source else None

    def process_request(self, request, spider=None):
        key = self._source_key(request)
        if key:
            self.crawler.spider.source_stats.add(key, requests=1)
        return None

    def process_response(self, request, response, spider=None):
        key = self._source_key(request)
        if key:
            self.crawler.spider.source_stats.add(key, bytes=len(response.body), **{status_column(response.status): 1})
        return response
