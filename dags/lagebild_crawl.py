"""
### Lagebild: crawl

Reads the enabled sources' feeds and news sitemaps that are due and fetches new article pages (Scrapy,
in a subprocess per source group so each gets a fresh reactor); known articles are re-fetched when a
feed reports a newer version or their re-check is due. Each feed sets its own pace (adaptive polling
within the source's bounds), so most runs fetch only a few feeds. Publishes the `raw_page` Asset,
which starts `lagebild_process`.

A source whose feeds all failed does not stop the others: `check_sources` fails the run afterwards and
names the broken sources and why. After repeated failures a source's circuit breaker opens and it rests
for a cool-down instead of failing every run. `lagebild sources health`, `crawl.source_health` and
`crawl.source_run` hold the details.
"""
from datetime import datetime

from airflow.sdk import dag, task
from airflow.sdk.exceptions import AirflowFailException

from lagebild_common import DEFAULT_ARGS, RAW_PAGES, news_database_url

SOURCE_GROUPS = 4


@dag(
    dag_id="lagebild_crawl",
    schedule="*/15 * * * *",
    start_date=datetime(2024, 6, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lagebild", "crawl"],
    doc_md=__doc__,
)
def lagebild_crawl():
    @task
    def source_groups() -> list[list[str]]:
        from pipeline.sources import enabled_source_groups

        return enabled_source_groups(news_database_url(), SOURCE_GROUPS)

    @task(max_active_tis_per_dag=2)
    def crawl(sources: list[str]) -> dict:
        from pipeline.crawl import run_crawl

        outcome = run_crawl(sources, database_url=news_database_url(), log_level="INFO")
        return {"run_id": outcome.run_id, "failed_sources": outcome.failed_sources}

    @task(outlets=[RAW_PAGES], trigger_rule="all_done_min_one_success")
    def publish_raw_pages(outcomes: list[dict]) -> int:
        return len(outcomes)

    @task(trigger_rule="all_done")
    def check_sources(outcomes: list[dict]) -> None:
        failed = {k: v for outcome in outcomes for k, v in outcome["failed_sources"].items()}
        if failed:
            raise AirflowFailException(
                f"{len(failed)} source(s) failed: " + "; ".join(f"{k}: {' | '.join(v)}" for k, v in sorted(failed.items()))
            )

    outcomes = crawl.expand(sources=source_groups())
    publish_raw_pages(outcomes)
    check_sources(outcomes)


lagebild_crawl()
