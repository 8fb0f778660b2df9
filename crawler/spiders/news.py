"""The news spider: reads every feed and news sitemap of the selected sources and fetches new articles.

    scrapy crawl news -a sources=rheinblick,spreebote
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError

from crawler import feeds, store
from crawler.items import FeedEntry, FeedFetch, FetchFailure, RawPage
from pipeline import db
from pipeline.urls import canonicalize

MAX_ENTRIES_PER_FEED = 1000
MAX_CHILD_SITEMAPS = 50


def failure_reason(failure) -> tuple[int | None, str]:
    """(HTTP status or None, one-line reason) for a failed request."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return status, f"HTTP {status}"
    labels = {
        DownloadTimeoutError: "timeout",
        CannotResolveHostError: "host name not resolved",
        DownloadConnectionRefusedError: "connection refused",
        ResponseDataLossError: "response cut off",
        DownloadFailedError: "download failed",
        IgnoreRequest: "refused",
    }
    for error_type, label in labels.items():
        if failure.check(error_type):
            detail = str(failure.value).strip()
            return None, f"{label}: {detail}" if detail else label
    return None, f"{failure.type.__name__}: {failure.value}"


def _slot(url: str) -> str:
    # One download slot per host:port, so politeness applies per server.
    return urlsplit(url).netloc.lower()


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, sources: str | None = None, run_id: str | None = None, sitemap_max_age_days: str = "3",
                 *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_keys = [s.strip() for s in sources.split(",") if s.strip()] if sources else None
        self.sitemap_max_age = dt.timedelta(days=float(sitemap_max_age_days))
        self.outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.feed_errors: dict[str, list[str]] = defaultdict(list)
        self.run_id = int(run_id) if run_id else None  # `lagebild crawl` opens the run; plain scrapy does not
        self.known: set[str] = set()

    async def start(self):
        self.started = time.monotonic()
        database = db.Reconnecting()
        try:
            crawl_feeds, self.known, self.run_id = database.run(self._load_state)
        finally:
            database.close()
        self.logger.info("run %s: %d feeds, %d known article URLs", self.run_id, len(crawl_feeds), len(self.known))
        for feed in crawl_feeds:
            self.outcomes[feed["source_key"]]["feeds"] += 1
            headers = {}
            if feed["etag"]:
                headers["If-None-Match"] = feed["etag"]
            if feed["last_modified"]:
                headers["If-Modified-Since"] = feed["last_modified"]
            yield scrapy.Request(
                feed["url"],
                headers=headers,
                callback=self.parse_feed,
                errback=self.feed_failed,
                dont_filter=True,
                meta={"feed": feed, "handle_httpstatus_list": [304], "download_slot": _slot(feed["url"])},
            )

    def _load_state(self, conn) -> tuple[list[dict], set[str], int]:
        """Feeds, known URLs and the run id, read in one transaction (re-run whole after a reconnect)."""
        crawl_feeds = store.feeds_to_crawl(conn, self.source_keys)
        run_id = self.run_id or store.open_run(conn, sorted({f["source_key"] for f in crawl_feeds}))
        return crawl_feeds, store.known_urls(conn), run_id

    # --- feeds -----------------------------------------------------------------------------------
    def parse_feed(self, response):
        feed = response.meta["feed"]
        source = feed["source_key"]
        fetch = FeedFetch(feed_id=feed["id"], status=response.status, bytes=len(response.body))
        if response.status == 304:
            self.outcomes[source]["feeds_304"] += 1
            yield fetch
            return
        fetch.etag = response.headers.get("ETag", b"").decode("latin-1") or None
        fetch.last_modified = response.headers.get("Last-Modified", b"").decode("latin-1") or None
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        try:
            parsed = feeds.parse(response.body, feed["kind"], content_type)
        except feeds.FeedError as exc:
            fetch.failed, fetch.error = True, str(exc)
            self._feed_error(source, feed["url"], fetch.error)
            yield fetch
            yield FetchFailure(source, feed["url"], response.status, fetch.error)
            return
        self.outcomes[source]["feeds_200"] += 1
        fetch.error = parsed.warning  # recovered problems stay visible to the operator
        fetch.entries_seen = len(parsed.entries)
        yield fetch
        yield from self._follow(feed, parsed)

    def parse_child_sitemap(self, response):
        feed = response.meta["feed"]
        try:
            parsed = feeds.parse(response.body, feed["kind"])
        except feeds.FeedError as exc:
            yield FetchFailure(feed["source_key"], response.url, response.status, str(exc))
            return
        yield from self._follow(feed, parsed)

    def _follow(self, feed: dict, parsed: feeds.ParsedFeed):
        recent = dt.datetime.now(dt.timezone.utc) - self.sitemap_max_age
        for url, lastmod in parsed.child_sitemaps[:MAX_CHILD_SITEMAPS]:
            if lastmod is None or lastmod >= recent:
                yield scrapy.Request(url, callback=self.parse_child_sitemap, errback=self.page_failed,
                                     meta={"feed": feed, "download_slot": _slot(url)})
        for entry in parsed.entries[:MAX_ENTRIES_PER_FEED]:
            if feed["kind"] == "sitemap" and (entry.updated_at is None or entry.updated_at < recent):
                continue  # a full sitemap lists the archive; only recent pages are news
            url = canonicalize(entry.url)
            yield FeedEntry(feed_id=feed["id"], entry=dataclasses.replace(entry, url=url))
            if url not in self.known:
                self.known.add(url)
                yield scrapy.Request(url, callback=self.parse_page, errback=self.page_failed,
                                     meta={"source_key": feed["source_key"], "download_slot": _slot(url)})

    def feed_failed(self, failure):
        feed = failure.request.meta["feed"]
        status, reason = failure_reason(failure)
        self._feed_error(feed["source_key"], feed["url"], reason)
        yield FeedFetch(feed_id=feed["id"], status=status, failed=True, error=reason)
        yield FetchFailure(feed["source_key"], feed["url"], status, reason)

    def _feed_error(self, source: str, url: str, reason: str) -> None:
        self.outcomes[source]["feeds_failed"] += 1
        self.feed_errors[source].append(f"{url}: {reason}")
        self.logger.warning("feed failed: %s: %s", url, reason)

    # --- articles --------------------------------------------------------------------------------
    def parse_page(self, response):
        source = response.meta["source_key"]
        self.outcomes[source]["pages"] += 1
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        yield RawPage(source_key=source, url=response.request.url, final_url=response.url,
                      status=response.status, headers=headers, body=response.body)

    def page_failed(self, failure):
        meta = failure.request.meta
        source = meta.get("source_key") or meta["feed"]["source_key"]
        status, reason = failure_reason(failure)
        self.outcomes[source]["pages_failed"] += 1
        self.logger.warning("page failed: %s: %s", failure.request.url, reason)
        yield FetchFailure(source, failure.request.url, status, reason)

    # --- bookkeeping -----------------------------------------------------------------------------
    def failed_sources(self) -> dict[str, list[str]]:
        """Sources none of whose feeds could be read, with the reasons."""
        return {
            source: self.feed_errors[source]
            for source, counts in self.outcomes.items()
            if counts["feeds"] and counts["feeds_failed"] == counts["feeds"]
        }

    def closed(self, reason: str) -> None:
        if self.run_id is None:
            return
        stats = {
            "sources": {k: dict(v) for k, v in self.outcomes.items()},
            "failed_sources": self.failed_sources(),
            "requests": self.crawler.stats.get_value("downloader/request_count", 0),
            "responses_by_status": {
                key.rsplit("/", 1)[1]: value
                for key, value in self.crawler.stats.get_stats().items()
                if key.startswith("downloader/response_status_count/")
            },
            "elapsed_seconds": round(time.monotonic() - self.started, 3),
        }
        # Reconnecting: the run's record must survive a PostgreSQL restart as the items did.
        database = db.Reconnecting()
        try:
            database.run(lambda conn: store.finish_run(conn, self.run_id, sorted(self.outcomes), reason, stats))
        finally:
            database.close()
