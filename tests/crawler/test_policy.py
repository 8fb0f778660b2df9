"""The crawler's rules as plain functions: registry overrides, polling, address safety, backoff."""
import email.utils

import pytest

from crawler import polling, registry
from crawler.politeness import delay_for_gap, minimum_gap, retry_after_seconds
from crawler.safety import address_problem, host_allowed, site
from pipeline import config


def source(**fields):
    return {"name": "Testblatt", "feeds": [{"kind": "rss", "url": "https://www.testblatt.example/feed"}], **fields}


def test_the_project_registry_is_valid():
    sources = registry.load(config.sources_file())
    assert len(sources) >= 60


@pytest.mark.parametrize("fields,message", [
    ({"poll": {"min_minutes": 30, "max_minutes": 10}}, "above"),
    ({"poll": {"min_minutes": 0}}, "min_minutes"),
    ({"poll": {"every": 5}}, "poll takes"),
    ({"politeness": {"concurrency": 8}}, "concurrency"),
    ({"politeness": {"delay": -1}}, "delay"),
    ({"politeness": {"delay": "schnell"}}, "delay"),
    ({"allowed_hosts": "cdn.testblatt.example"}, "allowed_hosts"),
    ({"allowed_hosts": ["https://cdn.testblatt.example/"]}, "allowed_hosts"),
    ({"locale": True}, "unknown field"),
    ({"feeds": [{"kind": "rss", "url": "ftp://testblatt.example/feed"}]}, "http"),
    ({"feeds": [{"kind": "opml", "url": "https://testblatt.example/feed"}]}, "kind"),
])
def test_registry_rejects_bad_overrides(fields, message):
    with pytest.raises(registry.RegistryError, match=message):
        registry.validate({"testblatt": source(**fields)})


def test_registry_overrides_and_hosts():
    entry = source(poll={"min_minutes": 2, "max_minutes": 30}, politeness={"delay": 3, "concurrency": 1},
                   allowed_hosts=["img.testblatt-cdn.example"], homepage="https://testblatt.example/")
    registry.validate({"testblatt": entry})
    assert registry.poll_bounds(entry) == (120, 1800)
    assert registry.poll_bounds(source()) == (300, 7200)
    assert registry.source_hosts(entry) == ["img.testblatt-cdn.example", "testblatt.example", "www.testblatt.example"]


def test_registry_file_edits_keep_the_rest(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("# Kommentar bleibt\nalpha:\n  name: Alpha\n  feeds:\n    - {kind: rss, url: 'https://alpha.example/rss'}\n")
    registry.append_source(path, "beta", source(country="at"))
    registry.set_enabled(path, "alpha", False)
    text = path.read_text()
    assert text.startswith("# Kommentar bleibt\n")
    loaded = registry.load(path)
    assert loaded["alpha"]["enabled"] is False and loaded["beta"]["country"] == "at"
    registry.set_enabled(path, "alpha", True)
    assert registry.load(path)["alpha"]["enabled"] is True and path.read_text().count("enabled") == 1
    with pytest.raises(registry.RegistryError):
        registry.append_source(path, "beta", source())


def test_polling_shrinks_with_news_and_grows_without():
    low, high = 300, 7200
    assert polling.next_interval(None, low, high, failed=False, new_entries=3) == 450  # first: 15 min, halved
    assert polling.next_interval(1000, low, high, failed=False, new_entries=1) == 500
    assert polling.next_interval(1000, low, high, failed=False, new_entries=0) == 1500
    assert polling.next_interval(1000, low, high, failed=True, new_entries=0) == 2000
    assert polling.next_interval(400, low, high, failed=False, new_entries=9) == low  # never below the bound
    assert polling.next_interval(6000, low, high, failed=False, new_entries=0) == high  # never above it
    interval, seen = 900, []
    for _ in range(20):  # a quiet feed drifts to the upper bound and stays
        interval = polling.next_interval(interval, low, high, failed=False, new_entries=0)
        seen.append(interval)
    assert seen[-1] == high and seen == sorted(seen)


@pytest.mark.parametrize("address,problem", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.10", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.251", "multicast"), ("0.0.0.0", "reserved"), ("240.0.0.1", "reserved"), ("100.64.0.1", "non-public"),
    ("93.184.215.14", None), ("2a00:1450:4001:82b::200e", None),
])
def test_address_safety(address, problem):
    found = address_problem(address)
    assert (found is None) if problem is None else (found is not None and found.startswith(problem))


def test_hosts_of_a_source_include_subdomains_of_its_sites():
    sites = {site("rss.dw.com"), site("127.0.0.1")}
    assert sites == {"dw.com", "127.0.0.1"}
    assert host_allowed("www.dw.com", sites) and host_allowed("dw.com", sites) and host_allowed("127.0.0.1", sites)
    assert not host_allowed("evil-dw.com", sites) and not host_allowed("dw.com.evil.example", sites)
    assert site("www.bbc.co.uk") == "bbc.co.uk"


def test_retry_after_seconds_and_dates():
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(None) is None and retry_after_seconds(b"bald") is None
    now = 1_700_000_000
    date = email.utils.formatdate(now + 30, usegmt=True).encode()
    assert retry_after_seconds(date, now=now) == pytest.approx(30, abs=1)


def test_a_floor_survives_the_jitter():
    for gap, jitter in [(1.0, 0.5), (2.5, 0.0), (0.6, 0.25)]:
        assert minimum_gap(delay_for_gap(gap, jitter), jitter) == pytest.approx(gap)
