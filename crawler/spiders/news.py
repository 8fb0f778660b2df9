"""The news spider: reads the due feeds and sitemaps of the selected sources, fetches new articles once,
and re-fetches known ones when a feed reports a newer modification or a scheduled re-check is due.

    scrapy crawl news -a sources=rheinblick,spreebote [-a force=1]

Feeds are polled adaptively (crawler/polling.py); `force=1` fetches every feed now and ignores open
circuit breakers (the demo and tests use it).
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

from crawler import feeds, polling, safety, store
from crawler.items import FeedEntry, FeedFetch, FetchFailure, PageNotModified, RawPage
from crawler.safety import site
from crawler.stats import SourceStats
from pipeline import db
from pipeline.urls import canonicalize

MAX_ENTRIES_PER_FEED = 1000
MAX_CHILD_SITEMAPS = 50
MAX_SITEMAP_DEPTH = 2  # an index of indexes, no deeper
MAX_RECHECKS_PER_RUN = 1000


def failure_reason(failure) -> tuple[int | None, str]:
    """(HTTP status or None, one-line reason) for a failed request."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return status, f"HTTP {status}"
    host = (urlsplit(failure.request.url).hostname or "").lower() if getattr(failure, "request", None) else ""
    if failure.check(CannotResolveHostError) and host in safety.refused_names:
        return None, f"refused: {safety.refused_names[host]}"
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


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, sources: str | None = None, run_id: str | None = None, sitemap_max_age_days: str = "3",
                 force: str = "0", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_keys = [s.strip() for s in sources.split(",") if s.strip()] if sources else None
        self.sitemap_max_age = dt.timedelta(days=float(sitemap_max_age_days))
        self.force = force.lower() in ("1", "true", "yes")
        self.outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.feed_errors: dict[str, list[str]] = defaultdict(list)
        self.run_id = int(run_id) if run_id else None  # `lagebild crawl` opens the run; plain scrapy does not
        self.requested: set[str] = set()  # article URLs requested in this run
        self.sources: dict[str, dict] = {}
        self.site_sources: dict[str, dict] = {}
        self.netloc_sources: dict[str, dict] = {}
        self.local_hosts: set[str] = set()  # host names of local sources: may resolve to private addresses
        self.feeds: dict[int, dict] = {}
        self.feed_new_entries: dict[int, int] = defaultdict(int)
        self.feed_failed: dict[int, bool] = {}
        self.circuit_open: dict[str, str] = {}
        self.source_stats = SourceStats()
        self.database: db.Reconnecting | None = None  # None when callbacks are tested without a database

    # --- the run's state ------------------------------------------------------------------------
    async def start(self):
        self.started = time.monotonic()
        self.database = db.Reconnecting()
        crawl_feeds, rechecks = self.database.run(self._load_state)
        self.logger.info("run %s: %d feeds due, %d re-checks, circuits open: %s", self.run_id, len(crawl_feeds),
                         len(rechecks), ", ".join(self.circuit_open) or "none")
        for feed in crawl_feeds:
            self.feeds[feed["id"]] = feed
            self.outcomes[feed["source_key"]]["feeds"] += 1
            yield scrapy.Request(
                feed["url"],
                headers=_conditional_headers(feed["etag"], feed["last_modified"]),
                callback=self.parse_feed,
                errback=self.feed_failed_errback,
                dont_filter=True,
                meta={"feed": feed, "source_key": feed["source_key"], "handle_httpstatus_list": [304]},
            )
        for page in rechecks:
            self.requested.add(page["url"])
            yield self._page_request(page["url"], page["source_key"], page, page["reported_modified_at"])

    def _load_state(self, conn) -> tuple[list[dict], list[dict]]:
        """Sources, due feeds, due re-checks and the run id, in one transaction (re-run whole after a reconnect)."""
        in_scope = store.sources(conn, self.source_keys)
        self.circuit_open = {s["key"]: s["circuit_open_until"].isoformat() for s in in_scope
                             if s["circuit_open"] and not self.force}
        self.sources = {s["key"]: self._with_sites(s) for s in in_scope if s["key"] not in self.circuit_open}
        self.local_hosts = {host for s in self.sources.values() if s["is_local"] for host in s["allowed_hosts"]}
        self.site_sources = {}
        for source in self.sources.values():
            for source_site in source["sites"]:
                self.site_sources.setdefault(source_site, source)
        crawl_feeds = store.feeds_to_crawl(conn, list(self.sources), self.force)
        # Several sources may share a site (the replay's outlets all live on 127.0.0.1): a feed's host:port
        # names its source more precisely.
        self.netloc_sources = {urlsplit(f["url"]).netloc.lower(): self.sources[f["source_key"]] for f in crawl_feeds}
        rechecks = store.pages_due(conn, list(self.sources), MAX_RECHECKS_PER_RUN)
        if self.run_id is None:
            self.run_id = store.open_run(conn, sorted({f["source_key"] for f in crawl_feeds}))
        return crawl_feeds, rechecks

    @staticmethod
    def _with_sites(source: dict) -> dict:
        return {**source, "sites": {site(h) for h in source["allowed_hosts"]}}

    def source_for(self, request) -> dict | None:
        """The source a request is made for: named in its meta, else (robots.txt) the one of its host's site."""
        key = request.meta.get("source_key")
        if key:
            return self.sources.get(key)
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        return self.netloc_sources.get(parts.netloc.lower()) or (self.site_sources.get(site(host)) if host else None)

    def _known(self, urls: list[str]) -> dict[str, dict]:
        if self.database is None or not urls:
            return {}
        return self.database.run(lambda conn: store.known_pages(conn, urls))

    # --- feeds -----------------------------------------------------------------------------------
    def parse_feed(self, response):
        feed = response.meta["feed"]
        source = feed["source_key"]
        fetch = FeedFetch(feed_id=feed["id"], status=response.status, bytes=len(response.body))
        self.feed_failed[feed["id"]] = False
        self.source_stats.add(source, feeds_fetched=1)
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
            self._feed_error(feed, fetch.error, refused=False)
            yield fetch
            yield FetchFailure(source, feed["url"], response.status, fetch.error)
            return
        self.outcomes[source]["feeds_200"] += 1
        fetch.error = parsed.warning  # recovered problems stay visible to the operator
        fetch.entries_seen = len(parsed.entries)
        yield fetch
        yield from self._follow(feed, parsed, depth=0)

    def parse_child_sitemap(self, response):
        feed = response.meta["feed"]
        try:
            parsed = feeds.parse(response.body, feed["kind"])
        except feeds.FeedError as exc:
            self.source_stats.failure(feed["source_key"], False, str(exc))
            yield FetchFailure(feed["source_key"], response.url, response.status, str(exc))
            return
        yield from self._follow(feed, parsed, depth=response.meta["sitemap_depth"])

    def _follow(self, feed: dict, parsed: feeds.ParsedFeed, depth: int):
        source = feed["source_key"]
        recent = dt.datetime.now(dt.timezone.utc) - self.sitemap_max_age
        if depth < MAX_SITEMAP_DEPTH:
            for url, lastmod in parsed.child_sitemaps[:MAX_CHILD_SITEMAPS]:
                if lastmod is None or lastmod >= recent:
                    yield scrapy.Request(url, callback=self.parse_child_sitemap, errback=self.page_failed,
                                         meta={"feed": feed, "source_key": source, "sitemap_depth": depth + 1})
        entries = []
        for entry in parsed.entries[:MAX_ENTRIES_PER_FEED]:
            if feed["kind"] == "sitemap" and (entry.updated_at is None or entry.updated_at < recent):
                continue  # a full sitemap lists the archive; only recent pages are news
            entries.append(dataclasses.replace(entry, url=canonicalize(entry.url)))
        known = self._known([e.url for e in entries if e.url not in self.requested])
        for entry in entries:
            yield FeedEntry(feed_id=feed["id"], entry=entry)
            if entry.url in self.requested:
                self.source_stats.add(source, entries_duplicate=1)  # another feed led to it in this run
                continue
            page = known.get(entry.url)
            if page is None:
                self.feed_new_entries[feed["id"]] += 1
                self.requested.add(entry.url)
                # The version fetched now is at least as new as the entry says; without a modification time,
                # as new as its publication.
                yield self._page_request(entry.url, source, None, entry.updated_at or entry.published_at)
            elif self._reported_newer(entry, page):
                self.requested.add(entry.url)
                yield self._page_request(entry.url, page["source_key"], page, entry.updated_at)

    @staticmethod
    def _reported_newer(entry: feeds.Entry, page: dict) -> bool:
        """The feed says the article changed after the version we have."""
        since = page.get("reported_modified_at") or page.get("last_fetched_at")
        return entry.updated_at is not None and since is not None and entry.updated_at > since

    def _page_request(self, url: str, source: str, known: dict | None, reported_modified_at) -> scrapy.Request:
        """A first fetch, or (known) a conditional re-fetch of an article."""
        meta = {"source_key": source, "reported_modified_at": reported_modified_at, "refetch": known is not None}
        headers = {}
        if known is not None:
            meta["handle_httpstatus_list"] = [304]
            headers = _conditional_headers(known.get("etag"), known.get("last_modified"))
        return scrapy.Request(url, headers=headers, callback=self.parse_page, errback=self.page_failed, meta=meta,
                              dont_filter=known is not None)

    def feed_failed_errback(self, failure):
        feed = failure.request.meta["feed"]
        status, reason = failure_reason(failure)
        self._feed_error(feed, reason, refused=reason.startswith("refused"))
        yield FeedFetch(feed_id=feed["id"], status=status, failed=True, error=reason)
        yield FetchFailure(feed["source_key"], feed["url"], status, reason)

    def _feed_error(self, feed: dict, reason: str, refused: bool) -> None:
        source = feed["source_key"]
        self.feed_failed[feed["id"]] = True
        self.outcomes[source]["feeds_failed"] += 1
        self.source_stats.add(source, feeds_failed=1)
        self.source_stats.failure(source, refused, reason)
        self.feed_errors[source].append(f"{feed['url']}: {reason}")
        self.logger.warning("feed failed: %s: %s", feed["url"], reason)

    # --- articles --------------------------------------------------------------------------------
    def parse_page(self, response):
        meta = response.meta
        source = meta["source_key"]
        if response.status == 304:
            self.source_stats.add(source, pages_not_modified=1)
            yield PageNotModified(response.request.url)
            return
        self.outcomes[source]["pages"] += 1
        self.source_stats.add(source, **{"pages_refetched" if meta.get("refetch") else "pages_new": 1})
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        yield RawPage(source_key=source, url=response.request.url, final_url=response.url, status=response.status,
                      headers=headers, body=response.body, reported_modified_at=meta.get("reported_modified_at"))

    def page_failed(self, failure):
        meta = failure.request.meta
        source = meta.get("source_key") or meta["feed"]["source_key"]
        status, reason = failure_reason(failure)
        self.outcomes[source]["pages_failed"] += 1
        self.source_stats.failure(source, reason.startswith("refused"), reason)
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

    def _feed_schedule(self) -> list[tuple[int, int]]:
        schedule = []
        for feed_id, feed in self.feeds.items():
            source = self.sources[feed["source_key"]]
            seconds = polling.next_interval(
                feed["poll_seconds"], source["min_poll_seconds"], source["max_poll_seconds"],
                failed=self.feed_failed.get(feed_id, True), new_entries=self.feed_new_entries[feed_id])
            schedule.append((feed_id, seconds))
        return schedule

    def closed(self, reason: str) -> None:
        if self.database is None or self.run_id is None:
            return
        settings = self.crawler.settings
        failed = self.failed_sources()
        attempted = {f["source_key"] for f in self.feeds.values()}
        source_rows = {key: {**self.source_stats.as_dict(key), "circuit_open": key in self.circuit_open}
                       for key in attempted | set(self.source_stats.counts) | set(self.circuit_open)}
        totals = defaultdict(int)
        for values in source_rows.values():
            for column, value in values.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    totals[column] += value
        stats = {
            "sources": {k: dict(v) for k, v in self.outcomes.items()},
            "failed_sources": failed,
            "circuit_open": self.circuit_open,
            "totals": dict(totals),
            "requests": self.crawler.stats.get_value("downloader/request_count", 0),
            "responses_by_status": {
                key.rsplit("/", 1)[1]: value
                for key, value in self.crawler.stats.get_stats().items()
                if key.startswith("downloader/response_status_count/")
            },
            "elapsed_seconds": round(time.monotonic() - self.started, 3),
        }
        circuit = {"failures": settings.getint("LAGEBILD_CIRCUIT_FAILURES"),
                   "cooldown": settings.getfloat("LAGEBILD_CIRCUIT_COOLDOWN"),
                   "max_cooldown": settings.getfloat("LAGEBILD_CIRCUIT_MAX_COOLDOWN")}
        # Reconnecting: the run's record must survive a PostgreSQL restart as the items did.
        try:
            self.database.run(lambda conn: store.finish_run(
                conn, self.run_id, sorted(self.outcomes), reason, stats, source_rows, self._feed_schedule(),
                {key: key in failed for key in attempted}, circuit))
        finally:
            self.database.close()
