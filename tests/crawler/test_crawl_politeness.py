"""Politeness measured at the server: with the project's settings loaded (only the delay made small), two
requests to one host never come closer than the configured minimum; a robots.txt Crawl-delay, a
source's own delay from the registry and a Retry-After are honoured."""
from scrapy.utils.project import get_project_settings

from crawler import registry
from crawler.politeness import minimum_gap
from pipeline.crawl import run_crawl
from replay import corpus

SMALL_DELAY = 0.4
CRAWL_DELAY = 0.5
SOURCE_DELAY = 0.7
RETRY_AFTER = 2
TOLERANCE = 0.005  # arrival times are taken by the server's threads, not at the crawler's send


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in zip(times, times[1:])]


def test_requests_to_one_host_keep_their_distance(replay, conn, monkeypatch):
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    project = get_project_settings()
    replay.day = corpus.days()[1]
    visible = corpus.published_by(replay.day)
    replay.crawl_delays["limmatbote"] = CRAWL_DELAY
    sources = replay.registry()
    sources["spreebote"]["politeness"] = {"delay": SOURCE_DELAY, "concurrency": 1}  # the registry's own override
    registry.sync(conn, sources)
    throttled = next(a for a in visible if a.outlet == "handelsecho")
    replay.faults[("handelsecho", throttled.url_path)] = f"429:{RETRY_AFTER}"

    # Everything from crawler/settings.py except a small delay, so the test takes seconds.
    run_crawl(settings={"DOWNLOAD_DELAY": SMALL_DELAY, "AUTOTHROTTLE_START_DELAY": SMALL_DELAY})
    configured = minimum_gap(SMALL_DELAY, project.getfloat("DOWNLOAD_DELAY_JITTER"))
    assert configured > 0 and project.getbool("AUTOTHROTTLE_ENABLED")

    by_outlet = {}
    for request in replay.requests:
        by_outlet.setdefault(request.outlet, []).append(request)
    assert sum(len(r) for r in by_outlet.values()) >= len(visible) + 2 * len(corpus.outlets())
    for outlet, requests in by_outlet.items():
        times = sorted(r.at for r in requests)
        floor = {"limmatbote": CRAWL_DELAY, "spreebote": SOURCE_DELAY}.get(outlet, configured)
        assert min(gaps(times)) >= floor - TOLERANCE, f"{outlet}: {min(gaps(times)):.3f} s < {floor} s"

    # The throttled page: asked again only after Retry-After, as often as RETRY_TIMES allows.
    handelsecho = sorted(by_outlet["handelsecho"], key=lambda r: r.at)
    attempts = [r for r in handelsecho if r.path == throttled.url_path]
    assert [r.status for r in attempts] == [429] * (1 + project.getint("RETRY_TIMES"))
    first_429 = attempts[0].at
    after = [r.at for r in handelsecho if r.at > first_429]
    assert after and min(after) - first_429 >= RETRY_AFTER - TOLERANCE
    assert min(gaps([r.at for r in attempts])) >= RETRY_AFTER - TOLERANCE
    with conn.cursor() as cur:
        cur.execute("SELECT status, reason FROM crawl.fetch_failure WHERE url LIKE %s", ("%" + throttled.url_path,))
        assert cur.fetchall() == [(429, "HTTP 429")]
