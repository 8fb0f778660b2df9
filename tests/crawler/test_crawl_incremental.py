"""Incremental crawling against the replay server: adaptive polling, re-fetching updated articles and
scheduled re-checks, one fetch per canonical URL across feeds, and the circuit breaker."""
import datetime as dt

from crawler import registry, store
from pipeline import db
from pipeline.crawl import REPLAY_SETTINGS, run_crawl
from pipeline.process import process_pending
from replay import corpus
from tests.helpers import count

FAST_FAILURE = {**REPLAY_SETTINGS, "DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "0"}
EVERY_SITEMAP = {"sitemap_max_age_days": "100000"}  # the replay's sitemaps are from 2024


def feeds(conn) -> dict[str, tuple]:
    with conn.cursor() as cur:
        cur.execute("""SELECT source_key, poll_seconds, extract(epoch FROM next_fetch_at - now()) FROM crawl.feed""")
        return {row[0]: row[1:] for row in cur}


def page_requests(replay, since: int) -> list:
    return [r for r in replay.requests[since:] if r.path != "/robots.txt" and r.path != "/feed.json"]


def test_updated_articles_are_refetched_and_rechecks_are_conditional(replay, conn):
    with conn.cursor() as cur:
        cur.execute("DELETE FROM crawl.source")
    registry.sync(conn, replay.registry(feed="json"))
    visible = corpus.published_by(replay.day)
    run_crawl(settings=REPLAY_SETTINGS)
    assert process_pending().counts["new"] == len(visible) == count(conn, "crawl.page_state")

    # Adaptive polling: feeds with news come back sooner than the first interval (15 min), quiet ones later.
    polled = feeds(conn)
    publishing = {a.outlet for a in visible}
    for outlet, (seconds, due_in) in polled.items():
        assert seconds == (450 if outlet in publishing else 1350), outlet
        assert seconds - 60 < due_in <= seconds

    updated = next(a for a in visible if a.outlet == "spreebote")
    rechecked = next(a for a in visible if a.outlet == "alpenpost")
    replay.update_article(updated, updated.published + dt.timedelta(hours=5),
                          "Aktualisiert: Die Angaben zum Treffen wurden am Abend ergänzt.")
    with conn.cursor() as cur:
        cur.execute("UPDATE crawl.page_state SET next_check_at = now() - interval '1 minute' WHERE url = %s",
                    (replay.article_url(rechecked),))
    before = len(replay.requests)
    outcome = run_crawl(settings=REPLAY_SETTINGS, force=True)

    fetched = {(r.path, r.status) for r in page_requests(replay, before)}
    assert fetched == {(updated.url_path, 200), (rechecked.url_path, 304)}
    recheck = next(r for r in replay.requests[before:] if r.path == rechecked.url_path)
    assert "If-None-Match" in recheck.headers
    result = process_pending()
    assert (result.counts["updated"], result.counts["new"]) == (1, 0)
    with conn.cursor() as cur:
        cur.execute("""SELECT v.body NOT LIKE '%%Aktualisiert%%', a.body LIKE '%%Aktualisiert%%'
                         FROM news.article_version v JOIN news.article a ON a.id = v.article_id""")
        assert cur.fetchall() == [(True, True)]  # the old text kept, the new one current
        cur.execute("""SELECT url, fetches, reported_modified_at, next_check_at - first_fetched_at FROM crawl.page_state
                        WHERE fetches > 1 ORDER BY url""")
        states = {row[0]: row[1:] for row in cur}
        cur.execute("SELECT pages_refetched, pages_not_modified FROM crawl.source_run WHERE run_id = %s "
                    "AND source_key IN ('spreebote', 'alpenpost') ORDER BY source_key", (outcome.run_id,))
        assert cur.fetchall() == [(0, 1), (1, 0)]
    assert states[replay.article_url(updated)][:2] == (2, updated.published + dt.timedelta(hours=5))
    # The re-check moved on to the next point of the schedule (1 h, 6 h, … after the first fetch).
    assert states[replay.article_url(rechecked)][0] == 2
    assert states[replay.article_url(rechecked)][2] == dt.timedelta(hours=1)
    # Nothing changed for anybody else: quiet feeds polled less often again.
    assert feeds(conn)["euronews"][0] == 2025


def test_each_article_is_fetched_once_however_many_feeds_list_it(replay, conn):
    sources = replay.registry()
    for extra in ("json", "sitemap-index"):
        for key, source in replay.registry(feed=extra).items():
            sources[key]["feeds"] += source["feeds"]
    registry.sync(conn, sources)
    visible = corpus.published_by(replay.day)
    outcome = run_crawl(settings=REPLAY_SETTINGS, spider_args=EVERY_SITEMAP)
    assert outcome.failed_sources == {}
    assert count(conn, "crawl.raw_page") == len(visible)
    assert count(conn, "crawl.feed_entry") == 3 * len(visible)
    with conn.cursor() as cur:
        cur.execute("SELECT sum(entries_duplicate), sum(pages_new), sum(feeds_fetched) FROM crawl.source_run "
                    "WHERE run_id = %s", (outcome.run_id,))
        assert cur.fetchone() == (2 * len(visible), len(visible), 3 * len(corpus.outlets()))
        # Google News fields from the gzipped per-day sitemaps behind the index.
        cur.execute("""SELECT e.title, e.categories, e.published_at FROM crawl.feed_entry e JOIN crawl.feed f
                         ON f.id = e.feed_id WHERE f.url LIKE '%%/sitemap-index.xml'""")
        rows = cur.fetchall()
    assert len(rows) == len(visible) and all(title and published for title, _, published in rows)
    assert any(categories for _, categories, _ in rows)
    assert process_pending().counts["new"] == len(visible) == count(conn, "news.article")


def test_circuit_breaker_rests_a_failing_source_and_only_due_feeds_are_fetched(replay, conn):
    replay.faults[("spreebote", corpus.outlets()["spreebote"].feed_path)] = "500"
    first = run_crawl(settings={**FAST_FAILURE, "LAGEBILD_CIRCUIT_FAILURES": "1"})
    assert set(first.failed_sources) == {"spreebote"}
    with conn.cursor() as cur:
        cur.execute("""SELECT failure_streak, extract(epoch FROM circuit_open_until - now()) FROM crawl.source
                        WHERE key = 'spreebote'""")
        streak, open_for = cur.fetchone()
        assert streak == 1 and 3500 < open_for <= 3600
        # Two feeds are due again; the others are not.
        cur.execute("UPDATE crawl.feed SET next_fetch_at = now() WHERE source_key IN ('spreebote', 'alpenpost')")
    before = len(replay.requests)
    second = run_crawl(settings={**FAST_FAILURE, "LAGEBILD_CIRCUIT_FAILURES": "1"})
    later = [r for r in replay.requests[before:] if r.path != "/robots.txt"]
    assert [(r.outlet, r.status) for r in later] == [("alpenpost", 304)]
    assert second.stats["circuit_open"].keys() == {"spreebote"}
    with conn.cursor() as cur:
        cur.execute("SELECT source_key, circuit_open, requests FROM crawl.source_run WHERE run_id = %s ORDER BY 1",
                    (second.run_id,))
        assert cur.fetchall() == [("alpenpost", False, 2), ("spreebote", True, 0)]
        cur.execute("SELECT circuit_open, error_streak, last_error FROM crawl.source_health WHERE source_key = 'spreebote'")
        assert cur.fetchone() == (True, 1, "HTTP 500")


def test_circuit_cooldown_doubles_and_a_success_closes_it(conn, replay):
    circuit = {"failures": 2, "cooldown": 600, "max_cooldown": 1500}

    def fail(failed: bool) -> tuple:
        with db.connection(conn.dsn) as c:
            store.finish_run(c, store.open_run(c, ["spreebote"]), ["spreebote"], "finished", {},
                             source_failed={"spreebote": failed}, circuit=circuit)
        with conn.cursor() as cur:
            cur.execute("""SELECT failure_streak, round(extract(epoch FROM circuit_open_until - now()) / 100)
                             FROM crawl.source WHERE key = 'spreebote'""")
            return cur.fetchone()

    assert fail(True) == (1, None)  # below the threshold: still crawled
    assert fail(True) == (2, 6)  # opened for the cool-down
    assert fail(True) == (3, 12)  # failed again after the cool-down: twice as long
    assert fail(True) == (4, 15)  # at most the maximum
    with db.connection(conn.dsn) as c:
        assert [s["circuit_open"] for s in store.sources(c, ["spreebote"])] == [True]
    assert fail(False) == (0, None)  # one good run closes it
