from pipeline.urls import canonicalize


def test_tracking_parameters_fragment_and_default_port_are_removed():
    url = "HTTPS://WWW.Example.de:443/politik/artikel-1.html?utm_source=rss&id=7&wt_mc=x#kommentare"
    assert canonicalize(url) == "https://www.example.de/politik/artikel-1.html?id=7"


def test_non_default_port_is_kept():
    assert canonicalize("http://127.0.0.1:8401/a?utm_medium=feed") == "http://127.0.0.1:8401/a"
