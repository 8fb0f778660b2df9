"""The crawl through Scrapy over real HTTP against the replay server, into a real PostgreSQL."""
from pipeline.crawl import REPLAY_SETTINGS, run_crawl
from pipeline.process import process_pending
from pipeline.config import user_agent
from replay import corpus
from tests.helpers import count

FAST_FAILURE = {**REPLAY_SETTINGS, "DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "0"}


def visible_articles(day):
    return corpus.published_by(day)


def test_crawl_stores_every_visible_article_once(replay, conn):
    outcome = run_crawl(settings=REPLAY_SETTINGS)
    expected = len(visible_articles(replay.day))
    assert outcome.failed_sources == {}
    assert count(conn, "crawl.raw_page") == expected
    assert count(conn, "crawl.raw_page", "status = 200 AND length(body) > 1000") == expected
    assert count(conn, "crawl.feed_entry") == expected
    assert count(conn, "crawl.feed_fetch", "status = 200 AND error IS NULL") == len(corpus.outlets())
    # Feed links with tracking parameters are stored under their canonical URL.
    assert count(conn, "crawl.feed_entry", "url LIKE '%utm_%'") == 0


def test_source_run_report_counts_what_processing_made_of_the_pages(replay, conn):
    run_crawl(settings=REPLAY_SETTINGS)
    process_pending()
    with conn.cursor() as cur:
        cur.execute("SELECT sum(articles_new), sum(articles_updated) FROM crawl.source_run_report")
        new, updated = cur.fetchone()
    assert (new, updated) == (count(conn, "news.article", "duplicate_of IS NULL"), 0)


def test_crawl_is_polite(replay, conn):
    run_crawl(settings=REPLAY_SETTINGS)
    for outlet in corpus.outlets():
        paths = [r.path for r in replay.requests if r.outlet == outlet]
        assert paths[0] == "/robots.txt", f"{outlet}: robots.txt was not fetched first"
    assert {r.headers.get("User-Agent") for r in replay.requests} == {user_agent()}


def test_recrawl_of_unchanged_feeds_sends_only_conditional_requests(replay, conn):
    run_crawl(settings=REPLAY_SETTINGS)
    pages = count(conn, "crawl.raw_page")
    before = len(replay.requests)
    outcome = run_crawl(settings=REPLAY_SETTINGS, force=True)
    later = [r for r in replay.requests[before:] if r.path != "/robots.txt"]
    assert len(later) == len(corpus.outlets())
    assert all(r.status == 304 for r in later)
    assert all("If-None-Match" in r.headers for r in later)
    assert count(conn, "crawl.raw_page") == pages
    assert sum(s.get("feeds_304", 0) for s in outcome.stats["sources"].values()) == len(corpus.outlets())
    # Counted per source as well: only conditional feed requests, no page fetched, nothing transferred.
    with conn.cursor() as cur:
        cur.execute("""SELECT sum(responses_304), sum(responses_200), sum(pages_new + pages_refetched)
                         FROM crawl.source_run WHERE run_id = %s""", (outcome.run_id,))
        assert cur.fetchone() == (len(corpus.outlets()), len(corpus.outlets()), 0)  # the 200s: robots.txt


def test_next_day_fetches_only_new_articles(replay, conn):
    run_crawl(settings=REPLAY_SETTINGS)
    first_day = len(visible_articles(replay.day))
    replay.day = corpus.days()[1]
    run_crawl(settings=REPLAY_SETTINGS, force=True)
    assert count(conn, "crawl.raw_page") == len(visible_articles(replay.day))
    article_requests = [r for r in replay.requests if r.path not in ("/robots.txt",) and r.status == 200
                        and not r.path.startswith(("/feed", "/rdf", "/sitemaps"))]
    assert len(article_requests) == len(visible_articles(replay.day)) > first_day


def test_bad_sources_are_recorded_and_the_others_complete(replay, conn):
    replay.day = corpus.days()[-1]
    replay.faults.update({
        ("spreebote", "/feeds/atom.xml"): "500",
        ("limmatbote", "/rdf/news.rdf"): "malformed",
        ("handelsecho", "/feed/rss.xml"): "timeout",
        ("euronews", "/feed/rss.xml"): "404",
        ("rheinblick", "/feed/rss.xml"): "mislabelled-encoding",
    })
    outcome = run_crawl(settings=FAST_FAILURE)
    assert set(outcome.failed_sources) == {"spreebote", "limmatbote", "handelsecho", "euronews"}
    with conn.cursor() as cur:
        cur.execute("SELECT source_key, last_status, last_error, error_streak FROM crawl.feed ORDER BY source_key")
        feeds = {row[0]: row[1:] for row in cur}
    assert feeds["spreebote"][:2] == (500, "HTTP 500")
    assert feeds["euronews"][:2] == (404, "HTTP 404")
    assert feeds["handelsecho"][1].startswith("timeout")
    assert feeds["limmatbote"][1].startswith("malformed feed")
    assert all(feeds[k][2] == 1 for k in outcome.failed_sources)
    # A wrong declared encoding is survived, and said.
    assert feeds["rheinblick"][0] == 200 and "encoding" in feeds["rheinblick"][1].lower() and feeds["rheinblick"][2] == 0
    with conn.cursor() as cur:
        cur.execute("SELECT DISTINCT source_key FROM crawl.raw_page")
        crawled = {row[0] for row in cur}
        cur.execute("SELECT title FROM crawl.feed_entry e JOIN crawl.feed f ON f.id = e.feed_id "
                    "WHERE f.source_key = 'rheinblick'")
        titles = [row[0] for row in cur]
    assert crawled == {"rheinblick", "alpenpost", "nachrichtenwerk"} & {a.outlet for a in visible_articles(replay.day)}
    assert titles and all("\ufffd" not in t for t in titles) and any(c in "".join(titles) for c in "äöüÄÖÜß")
    assert count(conn, "crawl.fetch_failure") >= 4
