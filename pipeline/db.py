"""PostgreSQL access: connections, migrations and batched upserts."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import time
from collections.abc import Callable, Iterator
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import psycopg2.extras
from yoyo import get_backend, read_migrations

from pipeline import config

MIGRATIONS_DIR = config.SQL_DIR / "migrations"
# A PostgreSQL restart or failover takes seconds; wait about half a minute before giving up.
RECONNECT_DELAYS = (0.5, 1, 2, 4, 8, 15)
T = TypeVar("T")
logger = logging.getLogger(__name__)


def connect(url: str | None = None):
    """A new connection; callers own it (use `with connection(...)` for the common case)."""
    conn = psycopg2.connect(url or config.database_url(), connect_timeout=10)
    conn.autocommit = False
    return conn


@contextlib.contextmanager
def connection(url: str | None = None) -> Iterator:
    """A connection that commits on success, rolls back on error and is always closed."""
    conn = connect(url)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


class Reconnecting:
    """A connection for long-running work that survives PostgreSQL going away.

    `run(work)` calls `work(conn)` in one transaction; when the server is unreachable the transaction is
    lost, so the connection is reopened and `work` runs again from the start. Work must therefore be
    idempotent, which every Lagebild write is (upserts on natural keys).
    """

    def __init__(self, url: str | None = None, delays: tuple[float, ...] = RECONNECT_DELAYS):
        self.url = url
        self.delays = delays
        self.conn = None

    def run(self, work: Callable[..., T]) -> T:
        for delay in (*self.delays, None):
            try:
                if self.conn is None or self.conn.closed:
                    self.conn = connect(self.url)
                with self.conn:
                    return work(self.conn)
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
                self.close()
                if delay is None:
                    raise
                logger.warning("PostgreSQL unreachable (%s); retrying in %s s", str(exc).strip(), delay)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


@contextlib.contextmanager
def _server_admin(url: str) -> Iterator:
    """A cursor on the server's maintenance database, outside transactions (CREATE/DROP DATABASE)."""
    admin = psycopg2.connect(with_database(url, "postgres"), connect_timeout=10)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            yield cur
    finally:
        admin.close()


def create_database(url: str) -> bool:
    """Create the database named in `url` if it is missing; True when it was created."""
    dbname = urlsplit(url).path.lstrip("/")
    with _server_admin(url) as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        if cur.fetchone():
            return False
        cur.execute(f'CREATE DATABASE "{dbname}"')
        return True


def drop_database(url: str) -> None:
    with _server_admin(url) as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def migrate(url: str | None = None) -> list[str]:
    """Create the database if needed and apply pending migrations; returns the applied ids."""
    url = url or config.database_url()
    create_database(url)
    backend = get_backend(url)
    migrations = read_migrations(str(MIGRATIONS_DIR))
    with backend.lock():
        pending = backend.to_apply(migrations)
        backend.apply_migrations(pending)
    return [m.id for m in pending]


def upsert(cur, sql: str, rows: list[tuple], page_size: int = 500) -> list[tuple]:
    """Run a multi-row INSERT … VALUES %s statement in pages; returns RETURNING rows if any."""
    if not rows:
        return []
    return psycopg2.extras.execute_values(cur, sql, rows, page_size=page_size, fetch=" RETURNING " in sql.upper())


def copy_rows(cur, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """COPY rows into a table (text format): the fastest way in, but not idempotent."""
    buffer = io.StringIO("".join("\t".join(_copy_value(v) for v in row) + "\n" for row in rows))
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def bulk_upsert(cur, table: str, columns: tuple[str, ...], rows: list[tuple], conflict: str) -> int:
    """Many rows at COPY speed, idempotently: COPY into a staging table, then one INSERT … ON CONFLICT
    `conflict` (e.g. "(canonical_url) DO NOTHING"); returns the rows inserted or updated."""
    names = ", ".join(columns)
    cur.execute(f"CREATE TEMP TABLE bulk_staging AS SELECT {names} FROM {table} WITH NO DATA")
    try:
        copy_rows(cur, "bulk_staging", columns, rows)
        cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bulk_staging ON CONFLICT {conflict}")
        return cur.rowcount
    finally:
        cur.execute("DROP TABLE bulk_staging")


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, (list, tuple)):
        value = "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value) + "}"
    elif isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
