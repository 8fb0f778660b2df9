"""Helpers shared by tests (fixtures live in conftest.py)."""
import socket
from pathlib import Path

import pytest

from pipeline import config

SHARED = config.PROJECT_ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


def count(conn, table: str, where: str = "true") -> int:
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE {where}")
        return cur.fetchone()[0]


def free_port_block(size: int) -> int:
    """The first port of `size` consecutive free ports on 127.0.0.1."""
    for base in range(18400, 19400, size):
        sockets = []
        try:
            for port in range(base, base + size):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    pytest.skip("no free block of ports on 127.0.0.1")
