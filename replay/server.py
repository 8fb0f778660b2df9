"""Serves the replay corpus over HTTP, one port per outlet, as of a chosen replay day.

Behaves like a publisher's web server where the crawler cares: robots.txt (optionally with a
Crawl-delay), feeds and news sitemaps, conditional GETs answered with 304, 404 for pages not yet
published. Besides its registered feed, every outlet also serves a JSON Feed (/feed.json) and a sitemap
index (/sitemap-index.xml) of gzipped per-day news sitemaps, and for benchmarks a feed of any number of
synthetic pages (/bulk/feed.xml). Articles can be updated after publication (`update_article`). Faults can
be injected per path for tests: an HTTP status (with Retry-After: "429:2"), a stalled response, a
malformed feed, a mislabelled encoding, a redirect, or a gzip bomb.

    python -m replay.server --day 2024-06-19 --port 8400
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import functools
import gzip
import hashlib
import json
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
# Besides these: "STATUS" (e.g. "500"), "STATUS:RETRY_AFTER" ("429:2") and "redirect:LOCATION".
FAULTS = ("timeout", "malformed", "mislabelled-encoding", "gzip-bomb")
GZIP_BOMB_BYTES = 64 * 1024 * 1024  # inflates from about 64 KB
JSON_FEED_PATH = "/feed.json"
SITEMAP_INDEX_PATH = "/sitemap-index.xml"
BULK_FEED_PATH = "/bulk/feed.xml"


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: dt.datetime | None = None
    content_encoding: str | None = None
    retry_after: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class LoggedRequest:
    outlet: str
    path: str
    status: int
    headers: dict
    at: float  # time.monotonic() when the request arrived


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
        self.crawl_delays: dict[str, float] = {}  # outlet -> Crawl-delay announced in its robots.txt
        self.bulk_pages = 0  # synthetic article pages per outlet listed in /bulk/feed.xml
        self._bulk_cache: dict[tuple, Response] = {}
        self.updates: dict[tuple[str, str], tuple[dt.datetime, str]] = {}  # (outlet, path) -> (when, added paragraph)
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

    def registry(self, feed: str = "default") -> dict:
        """The replay's outlets in the sources-registry format (crawler/sources.yaml).

        `feed`: "default" (each outlet's own feed), "json" (JSON Feed), "sitemap-index" or "bulk".
        """
        def feeds(outlet: corpus.Outlet) -> list[dict]:
            base = self.base_url(outlet.key)
            return {
                "default": [{"kind": outlet.feed_kind, "url": self.feed_url(outlet.key)}],
                "json": [{"kind": "json", "url": base + JSON_FEED_PATH}],
                "sitemap-index": [{"kind": "news-sitemap", "url": base + SITEMAP_INDEX_PATH}],
                "bulk": [{"kind": "rss", "url": base + BULK_FEED_PATH}],
            }[feed]

        return {
            outlet.key: {
                "name": outlet.name,
                "country": outlet.country,
                "homepage": self.base_url(outlet.key) + "/",
                "local": True,
                "feeds": feeds(outlet),
            }
            for outlet in corpus.outlets().values()
        }

    def update_article(self, article: corpus.Article, at: dt.datetime, paragraph: str) -> None:
        """The outlet updates a published article: a paragraph is added and the feeds report `at`."""
        self.updates[(article.outlet, article.url_path)] = (at, paragraph)

    # --- content ---------------------------------------------------------------------------------
    def respond(self, outlet_key: str, path: str) -> Response:
        outlet = corpus.outlets()[outlet_key]
        if path == "/robots.txt":
            return Response(200, self._robots(outlet).encode(), "text/plain; charset=utf-8")
        visible = [a for a in corpus.published_by(self.day) if a.outlet == outlet_key]
        if path == outlet.feed_path:
            return self._feed(outlet, visible)
        if path == JSON_FEED_PATH:
            return self._json_feed(outlet, visible)
        if path == SITEMAP_INDEX_PATH:
            return self._sitemap_index(outlet, visible)
        if path.startswith("/sitemaps/day-") and path.endswith(".xml.gz"):
            return self._day_sitemap(outlet, visible, path)
        if path.startswith("/bulk/"):
            return self._bulk(outlet, visible, path)
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
                    last_modified=self._article_context(article)["modified"] or article.published,
                )
        return Response(404, b"<html><body><h1>Seite nicht gefunden</h1></body></html>")

    def _robots(self, outlet: corpus.Outlet) -> str:
        lines = ["User-agent: *", "Disallow: /intern/", "Disallow: /suche"]
        if outlet.key in self.crawl_delays:
            lines.append(f"Crawl-delay: {self.crawl_delays[outlet.key]:g}")
        if outlet.feed == "news-sitemap":
            lines.append(f"Sitemap: {self.feed_url(outlet.key)}")
        lines.append(f"Sitemap: {self.base_url(outlet.key)}{SITEMAP_INDEX_PATH}")
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
        modified, blocks = article.modified, article.visible_blocks
        update = self.updates.get((article.outlet, article.url_path))
        if update:
            modified, blocks = update[0], [*blocks, {"kind": "p", "text": update[1]}]
        return {
            "title": article.title,
            "lead": article.lead,
            "authors": article.authors,
            "agency": article.agency,
            "section": article.section,
            "keywords": article.keywords,
            "published": article.published,
            "modified": modified,
            "slug": article.slug,
            "url": url,
            "canonical_url": url,
            "paywall": article.paywall,
            "image_caption": article.image_caption,
            "image_credit": article.image_credit,
            "blocks": blocks,
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


    def _json_feed(self, outlet: corpus.Outlet, visible: list[corpus.Article]) -> Response:
        """JSON Feed 1.1 of the outlet's latest articles."""
        items = [self._article_context(a) for a in visible[:FEED_ITEMS]]
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": outlet.name,
            "home_page_url": self.base_url(outlet.key) + "/",
            "feed_url": self.base_url(outlet.key) + JSON_FEED_PATH,
            "language": outlet.lang,
            "items": [
                {
                    "id": f"{outlet.key}-{item['slug']}",
                    "url": item["url"],
                    "title": item["title"],
                    "summary": item["lead"],
                    "date_published": item["published"].isoformat(),
                    **({"date_modified": item["modified"].isoformat()} if item["modified"] else {}),
                    "authors": [{"name": a} for a in item["authors"]],
                    "tags": [item["section"].capitalize(), *item["keywords"]],
                }
                for item in items
            ],
        }
        body = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        updated = max((i["modified"] or i["published"] for i in items), default=None)
        return Response(200, body, "application/feed+json; charset=utf-8", etag=_etag(body), last_modified=updated)

    def _sitemap_index(self, outlet: corpus.Outlet, visible: list[corpus.Article]) -> Response:
        """A sitemap index with one gzipped news sitemap per publication day."""
        base = self.base_url(outlet.key)
        days: dict[dt.date, dt.datetime] = {}
        for article in visible:
            context = self._article_context(article)
            days[article.day] = max(days.get(article.day, context["published"]), context["modified"] or context["published"])
        entries = "".join(
            f"<sitemap><loc>{base}/sitemaps/day-{day.isoformat()}.xml.gz</loc><lastmod>{lastmod.isoformat()}</lastmod></sitemap>"
            for day, lastmod in sorted(days.items(), reverse=True)
        )
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</sitemapindex>\n").encode()
        return Response(200, body, "application/xml; charset=utf-8", etag=_etag(body), last_modified=max(days.values(), default=None))

    def _day_sitemap(self, outlet: corpus.Outlet, visible: list[corpus.Article], path: str) -> Response:
        try:
            day = dt.date.fromisoformat(path.removeprefix("/sitemaps/day-").removesuffix(".xml.gz"))
        except ValueError:
            return Response(404, b"")
        items = [self._article_context(a) for a in visible if a.day == day]
        if not items:
            return Response(404, b"")
        xml = self._env.get_template("feeds/news-sitemap.xml").render(outlet=self._outlet_context(outlet), items=items,
                                                                      encoding="utf-8")
        body = gzip.compress(xml.encode("utf-8"), mtime=0)
        return Response(200, body, "application/gzip", etag=_etag(body))

    def _bulk(self, outlet: corpus.Outlet, visible: list[corpus.Article], path: str) -> Response:
        """Synthetic pages for throughput benchmarks: the outlet's articles again, each under many URLs."""
        base = self.base_url(outlet.key)
        if path == BULK_FEED_PATH:
            items = "".join(f"<item><title>Seite {n}</title><link>{base}/bulk/{n}/</link></item>"
                            for n in range(self.bulk_pages))
            body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet.name}</title>'
                    f"<link>{base}/</link>{items}</channel></rss>").encode()
            return Response(200, body, "application/rss+xml; charset=utf-8", etag=_etag(body))
        number = path.removeprefix("/bulk/").strip("/")
        if not visible or not number.isdigit() or int(number) >= self.bulk_pages:
            return Response(404, b"")
        article = visible[int(number) % len(visible)]
        key = (outlet.key, article.url_path, self.day)
        if key not in self._bulk_cache:
            self._bulk_cache[key] = self.respond(outlet.key, article.url_path)
        page = self._bulk_cache[key]
        body = page.body + f"<!-- bulk {number} -->".encode()  # a distinct page for each URL
        return Response(200, body, page.content_type, etag=_etag(body))


@functools.cache
def _gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * GZIP_BOMB_BYTES, compresslevel=9)


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
    if fault.startswith("redirect:"):
        return Response(302, b"", location=fault.removeprefix("redirect:"))
    if fault == "gzip-bomb":
        return Response(200, _gzip_bomb(), "text/html; charset=utf-8", content_encoding="gzip")
    if fault == "mislabelled-encoding":
        # Latin-1 bytes under a UTF-8 label, as a misconfigured CMS sends them.
        charset = response.content_type.partition("charset=")[2] or "utf-8"
        text = response.body.decode(charset)
        body = text.encode("iso-8859-1", errors="xmlcharrefreplace")
        return Response(200, body, response.content_type.split(";")[0] + "; charset=utf-8")
    status, _, retry_after = fault.partition(":")
    return Response(int(status), b"<html><body>Fehler</body></html>", retry_after=retry_after or None)


def _handler_for(server: ReplayServer, outlet_key: str):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ReplayCMS/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            arrived = time.monotonic()
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
            server.requests.append(LoggedRequest(outlet_key, self.path, response.status, dict(self.headers), arrived))
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            if response.etag:
                self.send_header("ETag", response.etag)
            if response.content_encoding:
                self.send_header("Content-Encoding", response.content_encoding)
            if response.retry_after:
                self.send_header("Retry-After", response.retry_after)
            if response.location:
                self.send_header("Location", response.location)
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
