"""The replay server behaves like a publisher: robots.txt, feeds by day, 304s, 404s, injected faults."""
import datetime as dt
import urllib.error
import urllib.request

import feedparser
import pytest

from replay import corpus
from replay.server import ReplayServer

FIRST, LAST = corpus.days()[0], corpus.days()[-1]


@pytest.fixture
def server():
    with ReplayServer(FIRST, timeout_fault_seconds=3) as srv:
        yield srv


def get(url, headers=None, timeout=10):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_corpus_shape():
    articles = corpus.articles()
    words = sorted(len(a.body.split()) for a in articles)
    assert len(articles) >= 120 and len(corpus.outlets()) >= 7 and len(corpus.days()) >= 5
    assert words[len(words) // 2] >= 400
    ids = {a.corpus_id for a in articles}
    assert all(a.duplicate_of in ids for a in articles if a.duplicate_of)
    assert {"rss2", "atom", "rdf", "news-sitemap"} <= {o.feed for o in corpus.outlets().values()}
    assert "iso-8859-1" in {o.feed_encoding for o in corpus.outlets().values()}


def test_feeds_show_the_news_of_the_replay_day(server):
    for key in corpus.outlets():
        status, headers, body = get(server.feed_url(key))
        assert status == 200
        entries = feedparser.parse(body).entries if corpus.outlets()[key].feed != "news-sitemap" else None
        if entries is not None:
            assert len(entries) == len([a for a in corpus.published_by(FIRST) if a.outlet == key])
    server.day = LAST
    status, _, body = get(server.feed_url("rheinblick"))
    assert len(feedparser.parse(body).entries) == len([a for a in corpus.published_by(LAST) if a.outlet == "rheinblick"])


def test_future_articles_are_not_found_yet(server):
    later = next(a for a in corpus.articles() if a.day == LAST)
    assert get(server.article_url(later))[0] == 404
    server.day = LAST
    assert get(server.article_url(later))[0] == 200


def test_conditional_get_answers_304(server):
    url = server.feed_url("spreebote")
    status, headers, _ = get(url)
    assert get(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert get(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    server.day = LAST
    assert get(url, {"If-None-Match": headers["ETag"]})[0] == 200


def test_robots_txt(server):
    status, _, body = get(server.base_url("nachrichtenwerk") + "/robots.txt")
    assert status == 200 and b"Disallow: /intern/" in body and b"Sitemap: " in body


def test_latin1_feed_is_declared_and_encoded_as_such(server):
    server.day = LAST
    _, headers, body = get(server.feed_url("alpenpost"))
    assert "iso-8859-1" in headers["Content-Type"].lower()
    assert body.startswith(b'<?xml version="1.0" encoding="iso-8859-1"?>')
    body.decode("iso-8859-1")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


@pytest.mark.parametrize("fault,expected", [("500", 500), ("404", 404), ("malformed", 200), ("mislabelled-encoding", 200)])
def test_faults(server, fault, expected):
    path = corpus.outlets()["rheinblick"].feed_path
    server.faults[("rheinblick", path)] = fault
    status, headers, body = get(server.feed_url("rheinblick"))
    assert status == expected
    if fault == "malformed":
        assert feedparser.parse(body).bozo
    if fault == "mislabelled-encoding":
        assert "utf-8" in headers["Content-Type"]
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


def test_timeout_fault_stalls_the_response(server):
    server.faults[("rheinblick", corpus.outlets()["rheinblick"].feed_path)] = "timeout"
    with pytest.raises(OSError):  # socket timeout
        get(server.feed_url("rheinblick"), timeout=1)
