"""Item pipeline: buffers crawler items and writes them to PostgreSQL in batches."""
from __future__ import annotations

import logging

from crawler import store
from pipeline import db

logger = logging.getLogger(__name__)


class PostgresPipeline:
    def __init__(self, crawler, batch_size: int, recheck_hours: list[int]):
        self.crawler = crawler
        self.batch_size = batch_size
        self.recheck_hours = recheck_hours
        self.buffer: list = []
        self.database = db.Reconnecting()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler, settings.getint("LAGEBILD_BATCH_SIZE"), [int(h) for h in settings.getlist("LAGEBILD_RECHECK_HOURS")])

    def process_item(self, item):
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self):
        self.flush()
        self.database.close()

    def flush(self) -> None:
        """Write the buffer in one transaction; while PostgreSQL is away this blocks the crawl, on purpose."""
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        run_id = self.crawler.spider.run_id
        try:
            self.database.run(lambda conn: store.write_batch(conn, run_id, batch, self.recheck_hours))
        except Exception:
            self.crawler.stats.inc_value("lagebild/items_lost", len(batch))
            logger.exception("could not store %d items; a re-run of the crawl fetches them again", len(batch))
            raise
        self.crawler.stats.inc_value("lagebild/items_stored", len(batch))
