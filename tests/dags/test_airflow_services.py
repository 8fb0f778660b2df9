"""`make airflow`'s script: the real api-server, scheduler, dag-processor and triggerer run the DAGs on
the replay, and the UI and REST API answer with the login it prints."""
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
import uuid

import pytest

from pipeline import config, db
from tests.helpers import free_port_block

pytestmark = pytest.mark.airflow
SCRIPT = config.PROJECT_ROOT / "scripts" / "airflow-local"


def call(url, token=None, data=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(data).encode() if data else None, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        return json.loads(body) if "json" in response.headers.get("Content-Type", "") else body.decode()


@pytest.fixture
def airflow_services(database_url, tmp_path):
    news_url = db.with_database(database_url, f"lagebild_svc_{uuid.uuid4().hex[:8]}")
    metadata_db = f"airflow_svc_{uuid.uuid4().hex[:8]}"
    port = free_port_block(1 + 7)  # Airflow, then one port per replay outlet
    replay_port = port + 1
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(LAGEBILD_DATABASE_URL=news_url, LAGEBILD_AIRFLOW_DB=metadata_db, AIRFLOW_HOME=str(tmp_path),
               AIRFLOW_PORT=str(port), LAGEBILD_REPLAY_PORT=str(replay_port))
    process = subprocess.Popen([str(SCRIPT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        login = None
        for line in process.stdout:
            if match := re.search(r"Airflow UI: (\S+)\s+login: (\S+) / (\S+)", line):
                login = match.groups()
                break
        assert login, f"no UI address printed; logs in {tmp_path / 'logs'}"
        yield login, news_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        db.drop_database(news_url)
        db.drop_database(db.with_database(database_url, metadata_db))


def test_services_run_the_dags_and_serve_the_ui(airflow_services):
    (url, user, password), news_url = airflow_services
    assert "<html" in call(url + "/").lower()
    token = call(url + "/auth/token", data={"username": user, "password": password})["access_token"]
    # Asset events may start a downstream DAG more than once: wait until every run of the chain is done.
    chain = {"lagebild_crawl", "lagebild_process", "lagebild_tag", "lagebild_stories"}
    deadline = time.monotonic() + 300
    runs = []
    while time.monotonic() < deadline:
        try:
            runs = call(url + "/api/v2/dags/~/dagRuns", token)["dag_runs"]
        except TimeoutError:  # the api-server shares a busy machine with the running tasks: ask again
            continue
        if {r["dag_id"] for r in runs} == chain and all(r["state"] in ("success", "failed") for r in runs):
            break
        time.sleep(3)
    assert {r["dag_id"] for r in runs} == chain
    assert {(r["dag_id"], r["state"]) for r in runs} == {(dag_id, "success") for dag_id in chain}
    with db.connection(news_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*), count(t.article_id) FROM news.article a LEFT JOIN news.tagging t ON t.article_id = a.id")
        articles, tagged = cur.fetchone()
        assert articles > 100 and tagged == articles
