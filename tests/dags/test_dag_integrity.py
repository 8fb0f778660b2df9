"""Every DAG imports cleanly, is wired as the house rules say, and parsing opens no connection."""
import socket

import psycopg2
import pytest

from pipeline import config

DAGS_FOLDER = config.PROJECT_ROOT / "dags"
EXPECTED = {"lagebild_crawl", "lagebild_process", "lagebild_tag", "lagebild_stories"}


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    def refuse(*args, **kwargs):
        raise AssertionError("a DAG file opened a connection at parse time")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(psycopg2, "connect", refuse)
        mp.setattr(socket, "create_connection", refuse)
        mp.setattr(socket.socket, "connect", refuse)
        return DagBag(dag_folder=str(DAGS_FOLDER))


def test_every_dag_imports(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == EXPECTED


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_dag_conventions(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.catchup is False
    assert "lagebild" in dag.tags
    assert dag.schedule is not None
    assert dag.doc_md
    for task in dag.tasks:
        assert task.retries >= 1, f"{dag_id}.{task.task_id} has no retries"


def test_processing_is_scheduled_on_the_crawl_asset(dagbag):
    crawl = dagbag.dags["lagebild_crawl"]
    process = dagbag.dags["lagebild_process"]
    produced = {o.uri for t in crawl.tasks for o in t.outlets}
    assert "lagebild://crawl/raw_page" in produced
    assert "lagebild://crawl/raw_page" in str(process.timetable.asset_condition)


def test_dag_modules_keep_logic_in_the_library():
    # DAG files wire library calls; parsing, SQL and extraction live in crawler/ and pipeline/.
    for path in DAGS_FOLDER.glob("*.py"):
        text = path.read_text()
        assert "SELECT " not in text and "INSERT " not in text, f"{path.name} holds SQL"
