"""The news spider's callbacks on saved responses (tests/fixtures/responses), without network or database."""
import pytest
import scrapy
from scrapy.http import HtmlResponse, Response, XmlResponse

from crawler.items import FeedEntry, FeedFetch, FetchFailure, RawPage
from crawler.spiders.news import NewsSpider
from tests.helpers import FIXTURES

RESPONSES = FIXTURES / "responses"
FEEDS = [
    ("rheinblick-rss2.xml", "rss", "application/rss+xml; charset=utf-8"),
    ("spreebote-atom.xml", "atom", "application/atom+xml; charset=utf-8"),
    ("limmatbote-rdf.xml", "rdf", "application/rdf+xml; charset=utf-8"),
    ("nachrichtenwerk-news-sitemap.xml", "news-sitemap", "application/xml; charset=utf-8"),
    ("alpenpost-rss2-latin1.xml", "rss", "application/rss+xml; charset=iso-8859-1"),
]


def feed_response(name, kind, content_type, status=200, body=None):
    feed = {"id": 7, "url": f"http://127.0.0.1:8400/{name}", "kind": kind, "source_key": name.split("-")[0]}
    request = scrapy.Request(feed["url"], meta={"feed": feed})
    body = RESPONSES.joinpath(name).read_bytes() if body is None else body
    return XmlResponse(feed["url"], status=status, body=body, request=request,
                       headers={"Content-Type": content_type, "ETag": '"abc"', "Last-Modified": "Wed, 19 Jun 2024 19:40:00 GMT"})


def split(results):
    kinds = {FeedFetch: [], FeedEntry: [], scrapy.Request: [], FetchFailure: []}
    for result in results:
        kinds[type(result)].append(result)
    return kinds


@pytest.mark.parametrize("name,kind,content_type", FEEDS, ids=[f[0] for f in FEEDS])
def test_feed_yields_entries_and_article_requests(name, kind, content_type):
    spider = NewsSpider()
    out = split(spider.parse_feed(feed_response(name, kind, content_type)))
    [fetch] = out[FeedFetch]
    assert (fetch.status, fetch.failed, fetch.error, fetch.etag) == (200, False, None, '"abc"')
    assert fetch.entries_seen == len(out[FeedEntry]) >= 5
    entries = [item.entry for item in out[FeedEntry]]
    assert [r.url for r in out[scrapy.Request]] == [e.url for e in entries]
    for entry in entries:
        assert entry.title and entry.published_at and entry.published_at.tzinfo
        assert "utm_" not in entry.url
    assert any(ch in "".join(e.title for e in entries) for ch in "äöüÄÖÜß")


def test_known_articles_are_not_fetched_again():
    spider = NewsSpider()
    first = split(spider.parse_feed(feed_response(*FEEDS[0])))
    again = split(spider.parse_feed(feed_response(*FEEDS[0])))
    assert first[scrapy.Request] and not again[scrapy.Request]
    assert len(again[FeedEntry]) == len(first[FeedEntry])  # entries are still seen and updated


def test_not_modified_feed_yields_only_its_status():
    out = split(NewsSpider().parse_feed(feed_response(*FEEDS[0], status=304, body=b"")))
    assert [f.status for f in out[FeedFetch]] == [304] and not out[FeedEntry] and not out[scrapy.Request]


def test_malformed_feed_is_a_recorded_failure():
    out = split(NewsSpider().parse_feed(feed_response(*FEEDS[0], body=b"<rss><channel><title>kaputt</titel>")))
    [fetch] = out[FeedFetch]
    assert fetch.failed and fetch.error.startswith("malformed feed")
    assert out[FetchFailure][0].reason == fetch.error


def test_article_page_becomes_a_raw_page():
    url = "http://127.0.0.1:8401/sport/2024/06/19/dfb-elf-nach-2-0-gegen-ungarn-im-achtelfinale/"
    request = scrapy.Request(url, meta={"source_key": "spreebote"})
    body = RESPONSES.joinpath("spreebote-article.html").read_bytes()
    response = HtmlResponse(url, body=body, request=request, headers={"Content-Type": "text/html; charset=utf-8"})
    [page] = NewsSpider().parse_page(response)
    assert isinstance(page, RawPage)
    assert (page.source_key, page.url, page.status, page.body) == ("spreebote", url, 200, body)
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"


def test_sitemap_parser_refuses_entity_expansion():
    from crawler import feeds

    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>"""
    parsed = feeds.parse_sitemap(bomb)
    assert all("lollol" not in e.url for e in parsed.entries)
