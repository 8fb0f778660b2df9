"""Helpers shared by tests (fixtures live in conftest.py)."""
from pathlib import Path

from pipeline import config

SHARED = config.PROJECT_ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


def count(conn, table: str, where: str = "true") -> int:
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE {where}")
        return cur.fetchone()[0]
