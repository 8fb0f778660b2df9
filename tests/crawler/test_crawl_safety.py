"""Hostile input against the real crawl: every refusal is recorded with its reason and the crawl goes on."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.crawl import REPLAY_SETTINGS, run_crawl
from replay import corpus
from tests.helpers import count


def reasons(conn) -> dict[str, list[str]]:
    with conn.cursor() as cur:
        cur.execute("SELECT source_key, url, reason FROM crawl.fetch_failure ORDER BY id")
        found = {}
        for source, url, reason in cur:
            found.setdefault(source, []).append((url, reason))
        return found


HOSTILE_LINKS = ["file:///etc/passwd", "ftp://files.example/archiv.zip", "http://169.254.169.254/latest/meta-data/"]


@pytest.fixture
def hostile_feed():
    """A feed on this machine whose entries point where a crawler must not go."""
    items = "".join(f"<item><title>Falle</title><link>{link}</link></item>" for link in HOSTILE_LINKS)
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Falle</title>{items}</channel></rss>'.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200 if self.path == "/feed.xml" else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()
    server.server_close()


def test_refusals_are_recorded_and_the_crawl_goes_on(replay, conn, hostile_feed):
    from crawler import registry

    day_one = {a.outlet: a for a in corpus.published_by(replay.day)}
    # euronews, under the name localhost and not marked local: a public source resolving to loopback.
    sources = replay.registry()
    euronews = sources["euronews"]
    euronews["local"] = False
    euronews["homepage"] = euronews["homepage"].replace("127.0.0.1", "localhost")
    euronews["feeds"][0]["url"] = euronews["feeds"][0]["url"].replace("127.0.0.1", "localhost")
    sources["falle"] = {"name": "Falle", "local": True, "feeds": [{"kind": "rss", "url": hostile_feed}]}
    with conn.cursor() as cur:
        cur.execute("DELETE FROM crawl.source")
    registry.sync(conn, sources)
    replay.faults.update({
        ("rheinblick", day_one["rheinblick"].url_path): "gzip-bomb",
        ("alpenpost", day_one["alpenpost"].url_path): "redirect:http://10.0.0.1/intern/",
    })
    outcome = run_crawl(settings=REPLAY_SETTINGS)
    found = reasons(conn)

    [(url, reason)] = found["euronews"]
    assert url.startswith("http://localhost:")
    assert reason == "refused: host localhost: resolves to loopback address 127.0.0.1"
    [(_, reason)] = found["rheinblick"]
    assert "DOWNLOAD_MAXSIZE" in reason and "decompression" in reason
    assert sorted(reason for _, reason in found["falle"]) == [
        "refused: host 169.254.169.254 is not one of the sites of source falle",
        "refused: scheme file: only http and https are fetched",
        "refused: scheme ftp: only http and https are fetched",
    ]
    assert any(reason == "refused: host 10.0.0.1 is not one of the sites of source alpenpost"
               for _, reason in found["alpenpost"])
    # No request ever reached the refused public source; everything else was crawled.
    assert not [r for r in replay.requests if r.outlet == "euronews"]
    assert count(conn, "crawl.raw_page") == len(corpus.published_by(replay.day)) - 2
    assert set(outcome.failed_sources) == {"euronews"}
    with conn.cursor() as cur:
        cur.execute("SELECT source_key, refusals, errors, reasons FROM crawl.source_run WHERE run_id = %s",
                    (outcome.run_id,))
        runs = {row[0]: row[1:] for row in cur}
    assert runs["euronews"][:2] == (1, 0) and runs["rheinblick"][0] == 1 and runs["alpenpost"][0] >= 1
    assert sum(runs["euronews"][2].values()) == 1


def test_names_resolving_to_private_addresses_are_refused_at_connection_time_too(replay, conn):
    """Without the middleware's early check (as after a DNS answer that changed since), the resolver
    Scrapy connects through still refuses a public source's name that resolves to loopback."""
    from crawler import registry

    sources = replay.registry()
    spreebote = sources["spreebote"]
    spreebote["feeds"][0]["url"] = spreebote["feeds"][0]["url"].replace("127.0.0.1", "localhost")
    spreebote["homepage"] = spreebote["homepage"].replace("127.0.0.1", "localhost")
    spreebote["local"] = False
    with conn.cursor() as cur:
        cur.execute("DELETE FROM crawl.source")
    registry.sync(conn, {key: sources[key] for key in ("spreebote", "rheinblick")})
    outcome = run_crawl(settings={**REPLAY_SETTINGS, "RETRY_TIMES": "0",
                                  "DOWNLOADER_MIDDLEWARES": '{"crawler.safety.SourcePolicyMiddleware": null}'})
    assert set(outcome.failed_sources) == {"spreebote"}
    [(url, reason)] = reasons(conn)["spreebote"]
    assert reason == "refused: host localhost resolves to loopback address 127.0.0.1 (at connection time)"
    with conn.cursor() as cur:
        cur.execute("SELECT refusals, errors FROM crawl.source_run WHERE source_key = 'spreebote'")
        assert cur.fetchone() == (1, 0)
    assert not [r for r in replay.requests if r.outlet == "spreebote"]
    assert [r.path for r in replay.requests if r.outlet == "rheinblick"][:2] == ["/robots.txt", "/feed/rss.xml"]
