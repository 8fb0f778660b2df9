"""
### Lagebild: process

Runs when the crawl publishes new raw pages: extracts each page's article (trafilatura plus JSON-LD
and OpenGraph metadata), cleans the text and upserts it into `news.article` by canonical URL.
Idempotent: a page is processed once; a re-run finds nothing to do.
"""
from datetime import datetime

from airflow.sdk import dag, task

from lagebild_common import ARTICLES, DEFAULT_ARGS, RAW_PAGES, news_database_url


@dag(
    dag_id="lagebild_process",
    schedule=[RAW_PAGES],
    start_date=datetime(2024, 6, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lagebild", "process"],
    doc_md=__doc__,
)
def lagebild_process():
    @task(outlets=[ARTICLES])
    def extract_clean_load() -> dict:
        from pipeline.process import process_pending

        result = process_pending(news_database_url())
        return dict(result.counts)

    extract_clean_load()


lagebild_process()
