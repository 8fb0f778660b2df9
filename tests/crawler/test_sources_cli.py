"""`lagebild sources add | disable | check | health | list` against the replay server and a real PostgreSQL."""
from crawler import registry
from pipeline import cli
from replay import corpus

HEAD = "# Quellen\n"


def registry_file(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(HEAD)
    return path


def test_add_discovers_feeds_from_the_homepage_and_sitemaps_from_robots(replay, conn, tmp_path, capsys):
    path = registry_file(tmp_path)
    spreebote = replay.base_url("spreebote") + "/"
    assert cli.main(["sources", "add", spreebote, "--key", "spreebote-neu", "--country", "de", "--local",
                     "--file", str(path)]) == 0
    nachrichtenwerk = replay.base_url("nachrichtenwerk") + "/"
    assert cli.main(["sources", "add", nachrichtenwerk, "--key", "nw", "--local", "--file", str(path)]) == 0
    added = registry.load(path)
    assert path.read_text().startswith(HEAD)
    assert added["spreebote-neu"]["feeds"][0] == {"kind": "atom", "url": replay.feed_url("spreebote")}
    assert added["spreebote-neu"]["name"] and added["spreebote-neu"]["local"] is True
    # No <link rel="alternate"> on this homepage: its sitemaps come from robots.txt, news sitemaps recognised.
    assert added["nw"]["feeds"] == [
        {"kind": "news-sitemap", "url": replay.feed_url("nachrichtenwerk")},
        {"kind": "news-sitemap", "url": replay.base_url("nachrichtenwerk") + "/sitemap-index.xml"},
    ]
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM crawl.feed WHERE source_key IN ('spreebote-neu', 'nw')")
        assert cur.fetchone()[0] == 1 + 1 + 2  # the atom feed, the robots.txt sitemaps of both
    assert "spreebote-neu" in capsys.readouterr().out


def test_add_refuses_a_private_address_unless_local(replay, conn, tmp_path, capsys):
    path = registry_file(tmp_path)
    assert cli.main(["sources", "add", replay.base_url("spreebote") + "/", "--file", str(path)]) == 1
    assert "loopback" in capsys.readouterr().err
    assert path.read_text() == HEAD


def test_disable_edits_the_file_and_the_database(replay, conn, tmp_path, capsys):
    path = registry_file(tmp_path)
    registry.append_source(path, "rheinblick", replay.registry()["rheinblick"])
    assert cli.main(["sources", "disable", "rheinblick", "--file", str(path)]) == 0
    assert registry.load(path)["rheinblick"]["enabled"] is False
    with conn.cursor() as cur:
        cur.execute("SELECT key FROM crawl.source WHERE NOT enabled")
        assert cur.fetchall() == [("rheinblick",)]
    assert cli.main(["sources", "disable", "gibtsnicht", "--file", str(path)]) == 1


def test_check_fetches_each_feed_now(replay, conn, capsys):
    assert cli.main(["sources", "check", "spreebote"]) == 0
    out = capsys.readouterr().out
    entries = len([a for a in corpus.published_by(replay.day) if a.outlet == "spreebote"])
    assert out.startswith("ok ") and f"{entries} entries" in out
    replay.faults[("spreebote", corpus.outlets()["spreebote"].feed_path)] = "503"
    assert cli.main(["sources", "check", "spreebote"]) == cli.EXIT_SOURCES_FAILED
    assert "FAIL" in capsys.readouterr().out


def test_health_shows_broken_sources_first(replay, conn, capsys):
    with conn.cursor() as cur:
        cur.execute("""UPDATE crawl.feed SET error_streak = 3, last_error = 'HTTP 500', last_fetched_at = now()
                        WHERE source_key = 'limmatbote'""")
        cur.execute("UPDATE crawl.source SET circuit_open_until = now() + interval '1 hour' WHERE key = 'limmatbote'")
    assert cli.main(["sources", "health"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + len(corpus.outlets())
    assert lines[1].split()[:2] == ["limmatbote", "open"] and lines[1].endswith("HTTP 500")
    assert cli.main(["sources", "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(corpus.outlets())
