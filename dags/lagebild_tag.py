"""
### Lagebild: tag

Runs when processing publishes new articles: sentences, entities linked to Wikidata, salience, events
(CAMEO root codes) with actors and dates, quotes, and near-duplicate groups. Tags each article once per
tagger version; after a model or knowledge-base update it re-tags, replacing the old rows.
"""
from datetime import datetime

from airflow.sdk import dag, task

from lagebild_common import ARTICLES, DEFAULT_ARGS, TAGGED_ARTICLES, news_database_url


@dag(
    dag_id="lagebild_tag",
    schedule=[ARTICLES],
    start_date=datetime(2024, 6, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lagebild", "tag"],
    doc_md=__doc__,
)
def lagebild_tag():
    @task(outlets=[TAGGED_ARTICLES])
    def tag_articles() -> dict:
        from pipeline.tagging import tag_pending

        return dict(tag_pending(news_database_url()).counts)

    tag_articles()


lagebild_tag()
