"""Runs the Scrapy crawl in a subprocess (a fresh Twisted reactor each time) and reports its outcome."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

from pipeline import config, db

# The replay server is local and ours: no need to wait a second between requests.
REPLAY_SETTINGS = {"DOWNLOAD_DELAY": "0.05", "AUTOTHROTTLE_START_DELAY": "0.05", "DOWNLOAD_DELAY_JITTER": "0",
                   "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


def _run_record(conn, run_id: int) -> tuple[dict, str | None]:
    with conn.cursor() as cur:
        cur.execute("SELECT stats, finish_reason FROM crawl.crawl_run WHERE id = %s", (run_id,))
        return cur.fetchone()


class CrawlError(RuntimeError):
    """The crawl process itself failed (not just some sources)."""


@dataclass
class CrawlOutcome:
    run_id: int
    stats: dict

    @property
    def failed_sources(self) -> dict[str, list[str]]:
        return self.stats.get("failed_sources", {})


def run_crawl(sources: list[str] | None = None, settings: dict | None = None, log_level: str = "WARNING",
              database_url: str | None = None, timeout: float | None = None, force: bool = False,
              spider_args: dict | None = None) -> CrawlOutcome:
    """One crawl of the due feeds of the sources (all enabled ones by default); `force` fetches every feed
    now and ignores open circuit breakers; `spider_args` go to the spider (e.g. sitemap_max_age_days)."""
    database_url = database_url or config.database_url()
    with db.connection(database_url) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.crawl_run (sources) VALUES (%s) RETURNING id", (sources or [],))
        run_id = cur.fetchone()[0]
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"run_id={run_id}", "-s", f"LOG_LEVEL={log_level}"]
    if sources:
        command += ["-a", "sources=" + ",".join(sources)]
    if force:
        command += ["-a", "force=1"]
    for key, value in (spider_args or {}).items():
        command += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "LAGEBILD_DATABASE_URL": database_url, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(config.PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    completed = subprocess.run(command, env=env, cwd=config.PROJECT_ROOT, timeout=timeout)
    database = db.Reconnecting(database_url)
    try:
        stats, finish_reason = database.run(lambda conn: _run_record(conn, run_id))
    finally:
        database.close()
    if completed.returncode != 0 or finish_reason is None:
        raise CrawlError(f"crawl run {run_id} failed: scrapy exited with {completed.returncode}, "
                         f"finish reason {finish_reason!r}")
    return CrawlOutcome(run_id, stats)
