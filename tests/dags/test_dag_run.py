"""Real Airflow: crawl and processing DAGs run with dag.test() against a migrated metadata database."""
import pytest

from pipeline.config import PROJECT_ROOT
from tests.helpers import count

DAGS_FOLDER = PROJECT_ROOT / "dags"

pytestmark = pytest.mark.airflow


def test_crawl_process_tag_stories(airflow_db, replay, conn):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models.asset import AssetEvent
    from airflow.settings import Session

    dags = DagBag(dag_folder=str(DAGS_FOLDER)).dags

    crawl_run = dags["lagebild_crawl"].test()
    assert crawl_run.state == "success"
    pages = count(conn, "crawl.raw_page")
    assert pages > 0
    with Session() as session:
        events = session.query(AssetEvent).filter(AssetEvent.source_dag_id == "lagebild_crawl").count()
    assert events == 1

    process_run = dags["lagebild_process"].test()
    assert process_run.state == "success"
    assert count(conn, "crawl.raw_page", "processed_at IS NULL") == 0
    assert count(conn, "news.article") == pages

    tag_run = dags["lagebild_tag"].test()
    assert tag_run.state == "success"
    assert count(conn, "news.tagging") == pages

    stories_run = dags["lagebild_stories"].test()
    assert stories_run.state == "success"
    assert count(conn, "news.story_article") == pages


def test_broken_source_fails_the_run_but_not_the_others(airflow_db, replay, conn):
    from airflow.dag_processing.dagbag import DagBag

    replay.faults[("spreebote", "/feeds/atom.xml")] = "500"
    dags = DagBag(dag_folder=str(DAGS_FOLDER)).dags
    run = dags["lagebild_crawl"].test()
    assert run.state == "failed"
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert states["check_sources"] == "failed"
    assert states["publish_raw_pages"] == "success"
    with conn.cursor() as cur:
        cur.execute("SELECT DISTINCT source_key FROM crawl.raw_page")
        crawled = {row[0] for row in cur}
    from replay import corpus

    publishing = {a.outlet for a in corpus.published_by(replay.day)}
    assert crawled == publishing - {"spreebote"}
