"""Serves the replay corpus over HTTP, one port per outlet, as of a chosen replay day.

Behaves like a publisher's web server where the crawler cares: robots.txt, feeds and news sitemaps,
conditional GETs answered with 304, 404 for pages not yet published. Faults can be injected per path
for tests: an HTTP status, a stalled response, a malformed feed, or a mislabelled encoding.

    python -m replay.server --day 2024-06-19 --port 8400
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jinja2

from replay import corpus

logger = logging.getLogger(__name__)
FEED_ITEMS = 20
FEED_CONTENT_TYPES = {
    "rss2": "application/rss+xml",
    "atom": "application/atom+xml",
    "rdf": "application/rdf+xml",
    "news-sitemap": "application/xml",
}
FAULTS = ("timeout", "malformed", "mislabelled-encoding")  # besides any HTTP status code as a string


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: dt.datetime | None = None


@dataclass(frozen=True)
class LoggedRequest:
    outlet: str
    path: str
    status: int
    headers: dict


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(corpus.CORPUS_DIR / "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rfc822"] = email.utils.format_datetime
    return env


class ReplayServer:
    """All outlets of the corpus, each on its own port (so each is its own crawl slot)."""

    def __init__(self, day: dt.date, host: str = "127.0.0.1", base_port: int = 0, timeout_fault_seconds: float = 30.0,
                 public_host: str | None = None):
        self.day = day
        self.host = host
        self.public_host = public_host or host  # the name crawlers use, e.g. a compose service
        self.timeout_fault_seconds = timeout_fault_seconds
        self.faults: dict[tuple[str, str], str] = {}
        self.requests: list[LoggedRequest] = []
        self._env = _templates()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        for index, key in enumerate(corpus.outlets()):
            port = base_port + index if base_port else 0
            server = ThreadingHTTPServer((host, port), _handler_for(self, key))
            server.daemon_threads = True
            self._servers[key] = server

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> "ReplayServer":
        for server in self._servers.values():
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            if self._threads:  # shutdown() waits for serve_forever(), which only runs once started
                server.shutdown()
            server.server_close()

    def __enter__(self) -> "ReplayServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- addresses -------------------------------------------------------------------------------
    def base_url(self, outlet_key: str) -> str:
        return f"http://{self.public_host}:{self._servers[outlet_key].server_address[1]}"

    def feed_url(self, outlet_key: str) -> str:
        return self.base_url(outlet_key) + corpus.outlets()[outlet_key].feed_path

    def article_url(self, article: corpus.Article) -> str:
        return self.base_url(article.outlet) + article.url_path

    def registry(self) -> dict:
        """The replay's outlets in the sources-registry format (crawler/sources.yaml)."""
        return {
            outlet.key: {
                "name": outlet.name,
                "country": outlet.country,
                "homepage": self.base_url(outlet.key) + "/",
                "local": True,
                "feeds": [{"kind": outlet.feed_kind, "url": self.feed_url(outlet.key)}],
            }
            for outlet in corpus.outlets().values()
        }

    # --- content ---------------------------------------------------------------------------------
    def respond(self, outlet_key: str, path: str) -> Response:
        outlet = corpus.outlets()[outlet_key]
        if path == "/robots.txt":
            return Response(200, self._robots(outlet).encode(), "text/plain; charset=utf-8")
        visible = [a for a in corpus.published_by(self.day) if a.outlet == outlet_key]
        if path == outlet.feed_path:
            return self._feed(outlet, visible)
        if path == "/":
            return self._page(f"{outlet_key}/index.html", outlet, articles=[self._article_context(a) for a in visible])
        for article in visible:
            if article.url_path == path:
                related = [
                    {"title": other.title, "url": self.article_url(other)}
                    for other in visible
                    if other is not article and other.section == article.section
                ][:4]
                return self._page(
                    f"{outlet_key}/article.html",
                    outlet,
                    article=self._article_context(article),
                    related=related,
                    last_modified=article.modified or article.published,
                )
        return Response(404, b"<html><body><h1>Seite nicht gefunden</h1></body></html>")

    def _robots(self, outlet: corpus.Outlet) -> str:
        lines = ["User-agent: *", "Disallow: /intern/", "Disallow: /suche"]
        if outlet.feed == "news-sitemap":
            lines.append(f"Sitemap: {self.feed_url(outlet.key)}")
        return "\n".join(lines) + "\n"

    def _outlet_context(self, outlet: corpus.Outlet) -> dict:
        return {
            "key": outlet.key,
            "name": outlet.name,
            "country": outlet.country,
            "city": outlet.city,
            "lang": outlet.lang,
            "base_url": self.base_url(outlet.key),
            "feed_url": self.feed_url(outlet.key),
        }

    def _article_context(self, article: corpus.Article) -> dict:
        url = self.article_url(article)
        return {
            "title": article.title,
            "lead": article.lead,
            "authors": article.authors,
            "agency": article.agency,
            "section": article.section,
            "keywords": article.keywords,
            "published": article.published,
            "modified": article.modified,
            "slug": article.slug,
            "url": url,
            "canonical_url": url,
            "paywall": article.paywall,
            "image_caption": article.image_caption,
            "image_credit": article.image_credit,
            "blocks": article.visible_blocks,
            "word_count": len(article.body.split()),
        }

    def _page(self, template: str, outlet: corpus.Outlet, last_modified=None, **context) -> Response:
        html = self._env.get_template(template).render(outlet=self._outlet_context(outlet), day=self.day, **context)
        body = html.encode("utf-8")
        return Response(200, body, etag=_etag(body), last_modified=last_modified)

    def _feed(self, outlet: corpus.Outlet, visible: list[corpus.Article]) -> Response:
        items = [self._article_context(a) for a in visible[:FEED_ITEMS]]
        if outlet.feed_link_params:
            for item in items:
                item["url"] += "?" + outlet.feed_link_params
        day_start = dt.datetime.combine(self.day, dt.time(), corpus.BERLIN)
        updated = max((a.modified or a.published for a in visible[:FEED_ITEMS]), default=day_start)
        xml = self._env.get_template(f"feeds/{outlet.feed}.xml").render(
            outlet=self._outlet_context(outlet), items=items, updated=updated, encoding=outlet.feed_encoding
        )
        body = xml.encode(outlet.feed_encoding, errors="xmlcharrefreplace")
        content_type = f"{FEED_CONTENT_TYPES[outlet.feed]}; charset={outlet.feed_encoding}"
        return Response(200, body, content_type, etag=_etag(body), last_modified=updated)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def _not_modified(headers, response: Response) -> bool:
    if response.etag and headers.get("If-None-Match"):
        return response.etag in [tag.strip() for tag in headers["If-None-Match"].split(",")]
    since = headers.get("If-Modified-Since")
    if response.last_modified and since:
        try:
            return response.last_modified.replace(microsecond=0) <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _apply_fault(fault: str, response: Response, timeout_seconds: float) -> Response:
    if fault == "timeout":
        time.sleep(timeout_seconds)
        return response
    if fault == "malformed":
        # Cut off inside the channel header, as a CMS crashing mid-render leaves it.
        return Response(200, response.body[:300] + b"<item><title>Kaputt</titel>&nbsp;<<", response.content_type)
    if fault == "mislabelled-encoding":
        # Latin-1 bytes under a UTF-8 label, as a misconfigured CMS sends them.
        charset = response.content_type.partition("charset=")[2] or "utf-8"
        text = response.body.decode(charset)
        body = text.encode("iso-8859-1", errors="xmlcharrefreplace")
        return Response(200, body, response.content_type.split(";")[0] + "; charset=utf-8")
    return Response(int(fault), b"<html><body>Fehler</body></html>")


def _handler_for(server: ReplayServer, outlet_key: str):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ReplayCMS/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0]
            try:
                response = server.respond(outlet_key, path)
            except Exception:  # a broken template must look like a broken site, not a dead one
                logger.exception("replay: %s%s failed", outlet_key, path)
                response = Response(500, b"<html><body>Interner Fehler</body></html>")
            fault = server.faults.get((outlet_key, path))
            if fault:
                response = _apply_fault(fault, response, server.timeout_fault_seconds)
            elif response.status == 200 and _not_modified(self.headers, response):
                response = Response(304, b"", response.content_type, response.etag, response.last_modified)
            server.requests.append(LoggedRequest(outlet_key, self.path, response.status, dict(self.headers)))
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            if response.etag:
                self.send_header("ETag", response.etag)
            if response.last_modified:
                self.send_header("Last-Modified", email.utils.format_datetime(response.last_modified.astimezone(dt.timezone.utc), usegmt=True))
            self.end_headers()
            try:
                self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. after its own timeout)

        def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's signature)
            pass  # requests are kept in server.requests instead

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", type=dt.date.fromisoformat, default=None, help="replay day (default: the last)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--public-host", help="host name in the served URLs (default: --host)")
    parser.add_argument("--port", type=int, default=8400, help="port of the first outlet; the others follow")
    parser.add_argument("--register", action="store_true",
                        help="register the outlets as crawl sources in LAGEBILD_DATABASE_URL")
    args = parser.parse_args(argv)
    server = ReplayServer(args.day or corpus.days()[-1], args.host, args.port, public_host=args.public_host).start()
    if args.register:
        from crawler import registry
        from pipeline import db

        with db.connection() as conn:
            registry.sync(conn, server.registry())
    for key in corpus.outlets():
        print(f"{key:16} {server.feed_url(key)}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
