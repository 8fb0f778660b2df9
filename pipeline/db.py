"""PostgreSQL access: connections, migrations and batched upserts."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import psycopg2.extras
from yoyo import get_backend, read_migrations

from pipeline import config

MIGRATIONS_DIR = config.SQL_DIR / "migrations"


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


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def create_database(url: str) -> bool:
    """Create the database named in `url` if it is missing; True when it was created."""
    dbname = urlsplit(url).path.lstrip("/")
    admin = psycopg2.connect(with_database(url, "postgres"), connect_timeout=10)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
            if cur.fetchone():
                return False
            cur.execute(f'CREATE DATABASE "{dbname}"')
            return True
    finally:
        admin.close()


def drop_database(url: str) -> None:
    dbname = urlsplit(url).path.lstrip("/")
    admin = psycopg2.connect(with_database(url, "postgres"), connect_timeout=10)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    finally:
        admin.close()


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
