"""Shared fixtures: a real PostgreSQL database per test session and the replay server."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid

import pytest

from pipeline import config, db

SESSION = uuid.uuid4().hex[:8]
SERVER_URL = os.environ.get("LAGEBILD_DATABASE_URL", config.DEFAULT_DATABASE_URL)
AIRFLOW_DB_URL = db.with_database(SERVER_URL, f"airflow_test_{SESSION}")

# Airflow puts its DAGs folder on sys.path so DAG files can import their sibling modules; so do the tests.
sys.path.insert(0, str(config.PROJECT_ROOT / "dags"))
# Airflow reads its configuration once, at import: set it before any test imports airflow.
os.environ.update({
    "AIRFLOW_HOME": tempfile.mkdtemp(prefix="lagebild-airflow-"),
    "AIRFLOW__CORE__DAGS_FOLDER": str(config.PROJECT_ROOT / "dags"),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": AIRFLOW_DB_URL.replace("postgresql://", "postgresql+psycopg2://", 1),
    "AIRFLOW__API_AUTH__JWT_SECRET": f"lagebild-tests-{SESSION}",
})


@pytest.fixture(scope="session")
def database_url():
    """A fresh, migrated database on the server of LAGEBILD_DATABASE_URL, dropped afterwards."""
    url = db.with_database(SERVER_URL, f"lagebild_test_{SESSION}")
    db.migrate(url)
    previous = os.environ.get("LAGEBILD_DATABASE_URL")
    os.environ["LAGEBILD_DATABASE_URL"] = url  # crawl subprocesses inherit it
    yield url
    if previous is None:
        os.environ.pop("LAGEBILD_DATABASE_URL")
    else:
        os.environ["LAGEBILD_DATABASE_URL"] = previous
    db.drop_database(url)


@pytest.fixture(scope="session")
def airflow_db():
    """Airflow's metadata database, migrated with `airflow db migrate` (separate from the news database)."""
    db.create_database(AIRFLOW_DB_URL)
    migrated = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], capture_output=True, text=True, timeout=600)
    assert migrated.returncode == 0, f"airflow db migrate failed:\n{migrated.stderr[-3000:]}"
    yield AIRFLOW_DB_URL
    db.drop_database(AIRFLOW_DB_URL)


@pytest.fixture
def conn(database_url):
    """A connection to an emptied database (every table truncated before the test)."""
    connection = db.connect(database_url)
    with connection, connection.cursor() as cur:
        cur.execute(
            """SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables
                WHERE schemaname IN ('crawl', 'news')"""
        )
        cur.execute(f"TRUNCATE {cur.fetchone()[0]} RESTART IDENTITY CASCADE")
    connection.autocommit = True
    yield connection
    connection.close()


@pytest.fixture
def replay(conn):
    """The replay server on free ports, as of its first day, registered as the crawl's sources."""
    from crawler import registry
    from replay import corpus
    from replay.server import ReplayServer

    server = ReplayServer(corpus.days()[0], timeout_fault_seconds=6).start()
    registry.sync(conn, server.registry())
    yield server
    server.stop()
