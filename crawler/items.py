"""What the spider hands to the storage pipeline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
    feed_id: int
    url: str
    guid: str | None = None
    title: str | None = None
    summary: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    published_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass
class RawPage:
    source_key: str
    url: str
    final_url: str
    status: int
    headers: dict
    body: bytes


@dataclass
class FetchFailure:
    source_key: str
    url: str
    status: int | None
    reason: str
