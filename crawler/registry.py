"""The declarative sources registry (crawler/sources.yaml) and its mirror in crawl.source / crawl.feed.

A source:

    spreebote:
      name: Der Spreebote            # required
      country: de                    # de | at | ch | lu | li | …
      language: de                   # default de
      homepage: https://www.spreebote.example/
      enabled: true                  # default true
      local: false                   # true only for servers on this machine (the replay): may resolve to
                                     # loopback/private addresses, which are refused for every other source
      poll: {min_minutes: 5, max_minutes: 120}      # adaptive polling bounds (defaults 5 and 120)
      politeness: {delay: 2.0, concurrency: 1}      # at least `delay` s between requests to a host (as a
                                                    # Crawl-delay would ask), at most 1 or 2 at a time
      allowed_hosts: [cdn.spreebote.example]        # article hosts besides the feeds' and the homepage's
      feeds:
        - {kind: rss, url: "https://www.spreebote.example/feed.xml"}
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from pipeline import db

FEED_KINDS = {"rss", "atom", "rdf", "json", "news-sitemap", "sitemap"}
SOURCE_KEYS = {"name", "country", "language", "homepage", "enabled", "local", "poll", "politeness",
               "allowed_hosts", "feeds"}
DEFAULT_POLL_MINUTES = (5, 120)
MAX_POLL_MINUTES = 7 * 24 * 60
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class RegistryError(ValueError):
    pass


def load(path: Path) -> dict:
    registry = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    validate(registry)
    return registry


def _number(value, what: str, low: float, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise RegistryError(f"{what} must be a number {bound}, not {value!r}")
    return value


def poll_bounds(source: dict) -> tuple[int, int]:
    """(min, max) polling interval in seconds."""
    poll = source.get("poll") or {}
    low = poll.get("min_minutes", DEFAULT_POLL_MINUTES[0])
    high = poll.get("max_minutes", max(DEFAULT_POLL_MINUTES[1], low))
    return round(low * 60), round(high * 60)


def validate(registry: dict) -> None:
    if not isinstance(registry, dict):
        raise RegistryError("the registry must map source keys to sources")
    for key, source in registry.items():
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise RegistryError(f"source key {key!r}: lower-case letters, digits, '-' and '_' only")
        if not isinstance(source, dict) or not source.get("name"):
            raise RegistryError(f"source {key!r}: missing name")
        unknown = set(source) - SOURCE_KEYS
        if unknown:
            raise RegistryError(f"source {key!r}: unknown field(s) {sorted(unknown)}; known: {sorted(SOURCE_KEYS)}")
        poll = source.get("poll") or {}
        if set(poll) - {"min_minutes", "max_minutes"}:
            raise RegistryError(f"source {key!r}: poll takes min_minutes and max_minutes")
        for field_name in poll:
            _number(poll[field_name], f"source {key!r}: poll.{field_name}", 1, MAX_POLL_MINUTES)
        low, high = poll_bounds(source)
        if low > high:
            raise RegistryError(f"source {key!r}: poll.min_minutes is above poll.max_minutes")
        politeness = source.get("politeness") or {}
        if set(politeness) - {"delay", "concurrency"}:
            raise RegistryError(f"source {key!r}: politeness takes delay and concurrency")
        if "delay" in politeness:
            _number(politeness["delay"], f"source {key!r}: politeness.delay", 0, 300)
        if "concurrency" in politeness and politeness["concurrency"] not in (1, 2):
            raise RegistryError(f"source {key!r}: politeness.concurrency must be 1 or 2")
        hosts = source.get("allowed_hosts") or []
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h and "/" not in h for h in hosts):
            raise RegistryError(f"source {key!r}: allowed_hosts must be a list of host names")
        feeds = source.get("feeds") or []
        if not feeds:
            raise RegistryError(f"source {key!r}: no feeds")
        for feed in feeds:
            if feed.get("kind") not in FEED_KINDS:
                raise RegistryError(f"source {key!r}: feed kind {feed.get('kind')!r} not one of {sorted(FEED_KINDS)}")
            if not str(feed.get("url", "")).startswith(("http://", "https://")):
                raise RegistryError(f"source {key!r}: feed URL must be http(s): {feed.get('url')!r}")


def source_hosts(source: dict) -> list[str]:
    """Hosts the source's requests may go to: its feeds', its homepage's and its allowed hosts."""
    urls = [f["url"] for f in source["feeds"]] + ([source["homepage"]] if source.get("homepage") else [])
    hosts = {(urlsplit(u).hostname or "").lower() for u in urls} | {h.lower() for h in source.get("allowed_hosts") or []}
    return sorted(h for h in hosts if h)


def sync(conn, registry: dict) -> None:
    """Upsert sources and feeds; a feed keeps its HTTP validators and history while it stays listed."""
    validate(registry)
    rows = []
    for key, s in registry.items():
        politeness = s.get("politeness") or {}
        rows.append((key, s["name"], s.get("country"), s.get("language", "de"), s.get("homepage"),
                     s.get("enabled", True), s.get("local", False), *poll_bounds(s),
                     politeness.get("delay"), politeness.get("concurrency"), source_hosts(s)))
    with conn.cursor() as cur:
        db.upsert(
            cur,
            """INSERT INTO crawl.source (key, name, country, language, homepage, enabled, is_local,
                 min_poll_seconds, max_poll_seconds, download_delay, concurrency, allowed_hosts) VALUES %s
               ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country,
                 language = EXCLUDED.language, homepage = EXCLUDED.homepage, enabled = EXCLUDED.enabled,
                 is_local = EXCLUDED.is_local, min_poll_seconds = EXCLUDED.min_poll_seconds,
                 max_poll_seconds = EXCLUDED.max_poll_seconds, download_delay = EXCLUDED.download_delay,
                 concurrency = EXCLUDED.concurrency, allowed_hosts = EXCLUDED.allowed_hosts, updated_at = now()""",
            rows,
        )
        db.upsert(
            cur,
            """INSERT INTO crawl.feed (source_key, url, kind) VALUES %s
               ON CONFLICT (url) DO UPDATE SET source_key = EXCLUDED.source_key, kind = EXCLUDED.kind""",
            [(key, f["url"], f["kind"]) for key, s in registry.items() for f in s["feeds"]],
        )
        # A feed dropped from the registry is dropped from the crawl (with its fetch history).
        cur.execute(
            "DELETE FROM crawl.feed WHERE source_key = ANY(%s) AND NOT (url = ANY(%s))",
            (list(registry), [f["url"] for s in registry.values() for f in s["feeds"]]),
        )


# --- editing the registry file (lagebild sources add / disable) -----------------------------------------
def append_source(path: Path, key: str, source: dict) -> None:
    """Add a source at the end of the file, leaving the rest (and its comments) as it is."""
    registry = load(path)
    if key in registry:
        raise RegistryError(f"source {key!r} is already in {path}")
    validate({key: source})
    text = Path(path).read_text(encoding="utf-8")
    block = yaml.safe_dump({key: source}, allow_unicode=True, sort_keys=False, default_flow_style=None, width=120)
    Path(path).write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")


def set_enabled(path: Path, key: str, enabled: bool) -> None:
    """Set `enabled` of one source in the file, editing only that source's block."""
    if key not in load(path):
        raise RegistryError(f"no source {key!r} in {path}")
    lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", line))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^\S", lines[i])), len(lines))
    value = f"  enabled: {'true' if enabled else 'false'}\n"
    for i in range(start + 1, end):
        if re.match(r"^\s+enabled\s*:", lines[i]):
            lines[i] = value
            break
    else:
        lines.insert(start + 1, value)
    Path(path).write_text("".join(lines), encoding="utf-8")
    load(path)  # the edited file must still be a valid registry
