"""
### Lagebild: stories

Runs when tagging publishes new tagged articles: each new article joins a storyline and a story inside
it (online clustering in arrival order, never a re-cluster; near-duplicates join their original's
story); new stories are linked to the story they continue, splits, merges and revivals are recorded;
story and storyline records are refreshed, as are the materialised analytics.story_timeline and
analytics.storyline_timeline and the watchlists' new matches. A re-run assigns and records nothing twice.
"""
from datetime import datetime

from airflow.sdk import dag, task

from lagebild_common import DEFAULT_ARGS, STORIES, TAGGED_ARTICLES, news_database_url


@dag(
    dag_id="lagebild_stories",
    schedule=[TAGGED_ARTICLES],
    start_date=datetime(2024, 6, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["lagebild", "stories"],
    doc_md=__doc__,
)
def lagebild_stories():
    @task(outlets=[STORIES])
    def assign_stories() -> int:
        from pipeline.story_tracking import assign_pending

        return assign_pending(news_database_url())

    assign_stories()


lagebild_stories()
