"""`lagebild demo`, the README's first command, end to end: twice, the second run adding nothing."""
import os
import re
import subprocess
import sys
import uuid

import pytest

from pipeline import db
from replay import corpus
from tests.helpers import free_port_block

TABLES = ["crawl.source", "crawl.feed", "crawl.feed_entry", "crawl.raw_page", "news.article", "news.article_version"]


@pytest.fixture
def demo_database(database_url):
    url = db.with_database(database_url, f"lagebild_demo_{uuid.uuid4().hex[:8]}")
    yield url
    db.drop_database(url)


def row_counts(url):
    with db.connection(url) as conn, conn.cursor() as cur:
        counts = {}
        for table in TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        return counts


def run_demo(url, port):
    command = [sys.executable, "-m", "pipeline.cli", "demo", "--port", str(port)]
    completed = subprocess.run(command, env={**os.environ, "LAGEBILD_DATABASE_URL": url},
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def test_demo_twice(demo_database):
    port = free_port_block(len(corpus.outlets()))
    first = run_demo(demo_database, port)
    days = [d.isoformat() for d in corpus.days()]
    day_lines = [line for line in first.splitlines() if line[:10] in days and "feeds" in line]
    assert [line[:10] for line in day_lines] == days
    new = sum(int(re.search(r"new (\d+)", line).group(1)) for line in day_lines)
    assert new == len(corpus.articles())
    assert "articles per publication day and outlet" in first
    counts = row_counts(demo_database)
    assert counts["news.article"] == counts["crawl.raw_page"] == len(corpus.articles())

    second = run_demo(demo_database, port)
    again = [line for line in second.splitlines() if line[:10] in days and "feeds" in line]
    assert all(re.search(r"pages +0 ", line) and "new 0" in line for line in again), again
    assert row_counts(demo_database) == counts
