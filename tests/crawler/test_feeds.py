"""Feed and sitemap parsing on saved responses (tests/fixtures/responses) and, when present, ../shared feeds."""
import datetime as dt
import gzip

import pytest

from crawler import feeds
from tests.helpers import FIXTURES, SHARED

RESPONSES = FIXTURES / "responses"
BERLIN_SUMMER = dt.timezone(dt.timedelta(hours=2))


def test_json_feed_1_1_keeps_the_entries_own_metadata():
    parsed = feeds.parse(RESPONSES.joinpath("spreebote-feed.json").read_bytes(), "json")
    assert parsed.warning is None and len(parsed.entries) >= 5
    first = parsed.entries[0]
    assert first.url.startswith("http://127.0.0.1:8401/") and first.guid.startswith("spreebote-")
    assert first.title and first.summary and first.categories
    assert first.published_at.tzinfo is not None
    assert any(e.authors for e in parsed.entries)
    assert any(ch in "".join(e.title for e in parsed.entries) for ch in "äöüÄÖÜß")


def test_json_feed_1_0_details():
    parsed = feeds.parse(RESPONSES.joinpath("handwritten-jsonfeed-1.0.json").read_bytes(), "json")
    assert [e.url for e in parsed.entries] == [
        "https://testblatt.example/politik/haushalt-einigung?utm_source=jsonfeed",
        "https://agentur.example/meldung/12345",
    ]  # the entry without url or external_url is skipped
    haushalt, agentur = parsed.entries
    assert haushalt.guid == "4711" and haushalt.authors == ["Jana Müller"]
    assert haushalt.summary == "Die Koalition hat sich in der Nacht auf Eckpunkte geeinigt."
    assert haushalt.published_at == dt.datetime(2024, 6, 20, 23, 40, tzinfo=BERLIN_SUMMER)
    assert haushalt.updated_at == dt.datetime(2024, 6, 21, 8, 15, tzinfo=BERLIN_SUMMER)
    assert haushalt.categories == ["Politik", "Haushalt"]
    assert agentur.authors == ["Redaktion Testblatt"]  # the feed's author stands in for the item's
    assert agentur.summary == "Nur ein Hinweis auf eine externe Meldung."


def test_json_feed_is_recognised_under_another_kind():
    body = RESPONSES.joinpath("spreebote-feed.json").read_bytes()
    assert len(feeds.parse(body, "rss").entries) == len(feeds.parse(body, "json").entries)


@pytest.mark.parametrize("body", [b"{", b'{"version": "1.0", "items": []}', b'{"version": "https://jsonfeed.org/version/1"}'])
def test_broken_json_feeds_are_feed_errors(body):
    with pytest.raises(feeds.FeedError):
        feeds.parse(body, "json")


def test_sitemap_index_lists_its_gzipped_children():
    parsed = feeds.parse(RESPONSES.joinpath("alpenpost-sitemap-index.xml").read_bytes(), "news-sitemap")
    assert not parsed.entries and len(parsed.child_sitemaps) >= 3
    url, lastmod = parsed.child_sitemaps[0]
    assert url.endswith("/sitemaps/day-2024-06-19.xml.gz") and lastmod.tzinfo is not None


def test_gzipped_news_sitemap_keeps_google_news_fields():
    body = RESPONSES.joinpath("alpenpost-sitemap-day.xml.gz").read_bytes()
    assert body[:2] == b"\x1f\x8b"
    parsed = feeds.parse(body, "news-sitemap")
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.title  # news:title
        assert entry.published_at.date() == dt.date(2024, 6, 19)  # news:publication_date
        assert entry.updated_at is not None  # lastmod
    assert any(entry.categories for entry in parsed.entries)  # news:keywords


def test_gzipped_sitemap_beyond_the_protocol_limit_is_refused():
    bomb = gzip.compress(b"<urlset>" + b" " * (feeds.MAX_SITEMAP_BYTES + 1) + b"</urlset>")
    with pytest.raises(Exception, match="(?i)size|max"):
        feeds.parse(bomb, "sitemap")


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    body = f"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://{secret}">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://a.example/&x;</loc></url></urlset>""".encode()
    parsed = feeds.parse_sitemap(body)
    assert all("geheim" not in e.url for e in parsed.entries)


SHARED_FEEDS = SHARED / "data" / "feeds"


@pytest.mark.skipif(not SHARED_FEEDS.is_dir(), reason="../shared/data/feeds is absent")
def test_real_feeds_parse_with_their_metadata():
    for path in sorted(SHARED_FEEDS.iterdir()):
        kind = "news-sitemap" if "sitemap" in path.name else "rss"
        parsed = feeds.parse(path.read_bytes(), kind)
        assert parsed.entries, path.name
        assert all(e.url.startswith("http") for e in parsed.entries), path.name
        assert any(e.title for e in parsed.entries) and any(e.published_at for e in parsed.entries), path.name
