"""Politeness beyond Scrapy's defaults: per-host delay floors that AutoThrottle never undercuts, fed by
the source's own politeness overrides, robots.txt `Crawl-delay` and `Retry-After` on 429/503.

A floor is a minimum gap between two requests to one download slot (host:port). Scrapy spreads each
delay by ±DOWNLOAD_DELAY_JITTER, so a floor is stored as the delay whose lowest jittered value is the gap.
"""
from __future__ import annotations

import email.utils
import logging
import time

from scrapy import signals
from scrapy.extensions.throttle import AutoThrottle

logger = logging.getLogger(__name__)
BACKOFF_STATUSES = {429, 503}


def delay_for_gap(gap: float, jitter: float) -> float:
    """The slot delay whose jittered minimum, delay × (1 − jitter), is `gap`."""
    return gap / (1 - jitter) if jitter < 1 else gap


def minimum_gap(delay: float, jitter: float) -> float:
    """The smallest gap Scrapy leaves between two requests of a slot with this delay."""
    return max(0.0, delay * (1 - jitter))


def raise_delay(crawler, slot_key: str, delay: float, reason: str) -> None:
    """Raise the slot's delay (and the floor AutoThrottle keeps it at) to `delay`, for the rest of the run."""
    downloader = crawler.engine.downloader
    settings = downloader.per_slot_settings.setdefault(slot_key, {})
    if delay <= settings.get("delay", 0.0):
        return
    settings["delay"] = delay
    slot = downloader.slots.get(slot_key)
    if slot is not None and slot.delay < delay:
        slot.delay = delay
    logger.info("slot %s: delay at least %.2f s (%s)", slot_key, delay, reason)


def raise_floor(crawler, slot_key: str, gap: float, reason: str) -> None:
    """Never send two requests to this slot closer than `gap` seconds (in this run)."""
    jitter = crawler.engine.downloader.per_slot_settings.get(slot_key, {}).get(
        "jitter", crawler.settings.getfloat("DOWNLOAD_DELAY_JITTER"))
    raise_delay(crawler, slot_key, delay_for_gap(gap, jitter), reason)


def floor(crawler, slot_key: str) -> float:
    return crawler.engine.downloader.per_slot_settings.get(slot_key, {}).get("delay", 0.0)


class Throttle(AutoThrottle):
    """AutoThrottle that keeps each slot at or above its floor (AutoThrottle alone only knows the global
    DOWNLOAD_DELAY and would lower a Crawl-delay or a source's own delay after the next fast response)."""

    def _response_downloaded(self, response, request, spider=None) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is not None:
            slot.delay = max(slot.delay, floor(self.crawler, key))


class CrawlDelay:
    """Extension: robots.txt `Crawl-delay` becomes the host's delay floor (capped, a typo must not stall us)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("LAGEBILD_MAX_CRAWL_DELAY")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def robots_parsed(self, robotparser, request) -> None:
        delay = robotparser.crawl_delay(self.crawler.settings["USER_AGENT"])
        if delay and delay > 0 and request.meta.get("download_slot"):
            raise_floor(self.crawler, request.meta["download_slot"], min(delay, self.max_delay), "robots.txt Crawl-delay")


def retry_after_seconds(value: bytes | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); None if absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class BackoffMiddleware:
    """Downloader middleware (just outside RetryMiddleware): on 429/503 the host's slot waits what the
    server asked (Retry-After) or, without it, twice its current delay (at least LAGEBILD_MIN_BACKOFF)
    before the retry or any other request to that host goes out. A wait
    beyond LAGEBILD_MAX_RETRY_AFTER is not waited for in this run: the request fails and is recorded."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("LAGEBILD_MAX_RETRY_AFTER")
        self.min_backoff = crawler.settings.getfloat("LAGEBILD_MIN_BACKOFF")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        key = request.meta.get("download_slot")
        if response.status not in BACKOFF_STATUSES or key is None:
            return response
        slot = self.crawler.engine.downloader.slots.get(key)
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        wait = asked if asked is not None else max(self.min_backoff, 2 * (slot.delay if slot else 0.0))
        if wait > self.max_wait:
            request.meta["dont_retry"] = True
            logger.warning("%s: HTTP %s, Retry-After %.0f s is beyond this run; not retried", request.url,
                           response.status, wait)
            return response
        if slot is not None:
            # A one-time wait: AutoThrottle brings the delay down again as fast responses come back.
            slot.delay = max(slot.delay, delay_for_gap(wait, slot.jitter))
            slot.lastseen = time.monotonic()  # the wait counts from now, not from when the request left
            logger.info("slot %s: HTTP %s, waiting %.1f s before the next request", key, response.status, wait)
        return response
