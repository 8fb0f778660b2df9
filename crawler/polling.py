"""Adaptive polling: how long until a feed is fetched again."""
from __future__ import annotations

FIRST_INTERVAL = 15 * 60  # a feed never fetched before, or fetched before adaptive polling existed
SHRINK = 0.5   # new entries appeared: come back sooner
GROW = 1.5     # nothing new: come back later
FAILURE_GROW = 2.0  # the fetch failed: back off faster


def next_interval(current: int | None, low: int, high: int, failed: bool, new_entries: int) -> int:
    """The next polling interval in seconds, within the source's bounds [low, high]."""
    interval = current or min(max(FIRST_INTERVAL, low), high)
    if failed:
        interval *= FAILURE_GROW
    elif new_entries:
        interval *= SHRINK
    else:
        interval *= GROW
    return round(min(max(interval, low), high))
