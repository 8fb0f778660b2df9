"""A PostgreSQL restart in the middle of a crawl loses nothing, and a re-run adds no duplicates.

Runs its own throwaway PostgreSQL server (so restarting it disturbs no other test); skipped where no
PostgreSQL binaries are installed.
"""
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time

import pytest

from crawler import registry
from pipeline import db
from pipeline.crawl import REPLAY_SETTINGS, run_crawl
from pipeline.process import process_pending
from replay import corpus
from replay.server import ReplayServer
from tests.helpers import free_port_block

SLOW_CRAWL = {**REPLAY_SETTINGS, "DOWNLOAD_DELAY": "0.1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "LAGEBILD_BATCH_SIZE": "4"}


def postgres_bin(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


@pytest.fixture
def private_postgres():
    initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("no PostgreSQL binaries to start a private server")
    data = tempfile.mkdtemp(prefix="lagebild-pg-")
    as_user = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        os.chmod(data, 0o700)
        shutil.chown(data, "postgres")
    port = free_port_block(1)
    subprocess.run([*as_user, initdb, "-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8"],
                   check=True, capture_output=True)
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg(*args):
        # The server inherits pg_ctl's output: a log file, not a pipe that would never close.
        subprocess.run([*as_user, pg_ctl, "-D", data, "-o", options, "-l", f"{data}/log", "-w", *args],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    pg("start")
    yield f"postgresql://postgres@127.0.0.1:{port}/lagebild", lambda: pg("restart", "-m", "fast")
    pg("stop", "-m", "immediate")
    shutil.rmtree(data, ignore_errors=True)


def test_restart_mid_crawl_loses_nothing(private_postgres, monkeypatch):
    url, restart = private_postgres
    monkeypatch.setenv("LAGEBILD_DATABASE_URL", url)
    db.migrate(url)
    expected = corpus.published_by(corpus.days()[2])
    with ReplayServer(corpus.days()[2]) as server:
        with db.connection(url) as conn:
            registry.sync(conn, server.registry())
        restarter = threading.Timer(1.5, restart)
        restarter.start()
        started = time.monotonic()
        run_crawl(settings=SLOW_CRAWL, database_url=url)
        restarter.join()
        assert time.monotonic() - started > 1.5, "the crawl ended before the restart: nothing was tested"
        restarted_during_crawl = [r for r in server.requests if r.status == 200]
        assert len(restarted_during_crawl) > len(expected) // 2
        with db.connection(url) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*), count(DISTINCT url) FROM crawl.raw_page")
            assert cur.fetchone() == (len(expected), len(expected))

        # A re-run of both stages after the restart completes the job without duplicates.
        run_crawl(settings=REPLAY_SETTINGS, database_url=url, force=True)  # every feed again, due or not
        assert process_pending(url).counts["new"] == len(expected)
        with db.connection(url) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM crawl.raw_page")
            assert cur.fetchone()[0] == len(expected)
