"""Shared pieces of the Lagebild DAGs: the Assets that chain them, default task arguments, and the
news-database URL (Airflow connection `lagebild_db` if defined, else LAGEBILD_DATABASE_URL)."""
from datetime import timedelta

from airflow.sdk import Asset, BaseHook
from airflow.sdk.exceptions import AirflowNotFoundException

from pipeline import config

RAW_PAGES = Asset("lagebild://crawl/raw_page")
ARTICLES = Asset("lagebild://news/article")
TAGGED_ARTICLES = Asset("lagebild://news/tagged_article")
STORIES = Asset("lagebild://news/story")

DEFAULT_ARGS = {
    "owner": "lagebild",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
}


def news_database_url() -> str:
    """Called inside tasks only: DAG parsing opens no connection."""
    try:
        return BaseHook.get_connection("lagebild_db").get_uri()
    except AirflowNotFoundException:
        return config.database_url()
