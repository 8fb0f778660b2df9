"""What the spider hands to the storage pipeline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crawler.feeds import Entry


@dataclass
class FeedFetch:
    """The outcome of fetching one feed or sitemap in this run."""

    feed_id: int
    status: int | None
    failed: bool = False
    error: str | None = None  # why it failed, or what was recovered from when it did not
    etag: str | None = None
    last_modified: str | None = None
    entries_seen: int = 0
    bytes: int = 0


@dataclass
class FeedEntry:
    """An entry of a feed or sitemap, with the entry's own metadata."""

    feed_id: int
    entry: Entry


@dataclass
class RawPage:
    source_key: str
    url: str
    final_url: str
    status: int
    headers: dict
    body: bytes
    # The newest modification time the feeds reported for this URL when it was requested.
    reported_modified_at: dt.datetime | None = None


@dataclass
class PageNotModified:
    """A re-fetch of a known article answered 304: nothing changed, the re-check schedule moves on."""

    url: str


@dataclass
class FetchFailure:
    source_key: str
    url: str
    status: int | None
    reason: str
