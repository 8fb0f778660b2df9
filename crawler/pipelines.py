"""Item pipeline: buffers crawler items and writes them to PostgreSQL in batches."""
from __future__ import annotations

import logging
import time

import psycopg2

from crawler import store
from pipeline import db

logger = logging.getLogger(__name__)

# A Postgres restart takes a few seconds; wait that long before giving a batch up.
RECONNECT_DELAYS = (0.5, 1, 2, 4, 8, 15)


class PostgresPipeline:
    def __init__(self, crawler, batch_size: int):
        self.crawler = crawler
        self.batch_size = batch_size
        self.buffer: list = []
        self.conn = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("LAGEBILD_BATCH_SIZE"))

    def process_item(self, item):
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self):
        self.flush()
        if self.conn is not None:
            self.conn.close()

    def flush(self) -> None:
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        for delay in (*RECONNECT_DELAYS, None):
            try:
                if self.conn is None or self.conn.closed:
                    self.conn = db.connect()
                with self.conn:
                    store.write_batch(self.conn, self.crawler.spider.run_id, batch)
                self.crawler.stats.inc_value("lagebild/items_stored", len(batch))
                return
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if delay is None:
                    self.crawler.stats.inc_value("lagebild/items_lost", len(batch))
                    logger.error("could not store %d items, PostgreSQL unreachable: %s", len(batch), exc)
                    raise
                logger.warning("PostgreSQL unreachable (%s); retrying in %ss", str(exc).strip(), delay)
                time.sleep(delay)
