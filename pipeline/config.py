"""Settings from the environment, with defaults that work on one machine."""
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/lagebild"
DEFAULT_USER_AGENT = "Lagebild/0.1 (+https://github.com/lagebild/lagebild; news research crawler)"


def database_url() -> str:
    return os.environ.get("LAGEBILD_DATABASE_URL", DEFAULT_DATABASE_URL)


def sources_file() -> Path:
    return Path(os.environ.get("LAGEBILD_SOURCES", PROJECT_ROOT / "crawler" / "sources.yaml"))


def user_agent() -> str:
    return os.environ.get("LAGEBILD_USER_AGENT", DEFAULT_USER_AGENT)
