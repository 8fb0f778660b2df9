"""The analyst's surface: German full-text search with folded umlauts, and the read-only analyst role."""
import psycopg2
import pytest


@pytest.fixture
def articles(conn):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.source (key, name) VALUES ('s', 'S')")
        for i, (title, body) in enumerate([
            ("Putin in Pjöngjang empfangen", "Der Kreml-Chef unterzeichnete in Pjöngjang einen Beistandspakt."),
            ("Grosse Sorge in Zürich", "Die Strasse war gesperrt, die Lage gross und unübersichtlich."),
            ("Haushalt: Lindner bleibt hart", "Der Finanzminister lehnt eine Notlage ab."),
        ]):
            cur.execute(
                """INSERT INTO news.article (canonical_url, source_key, title, body, published_at, content_hash,
                     extractor_version) VALUES (%s, 's', %s, %s, '2024-06-19 12:00+02', %s, '1')""",
                (f"https://s.example/{i}", title, body, str(i)),
            )
    return conn


def search(conn, query):
    with conn.cursor() as cur:
        cur.execute("SELECT title, snippet FROM analytics.search_articles(%s)", (query,))
        return cur.fetchall()


@pytest.mark.parametrize("query,title", [
    ("Pjongjang", "Putin in Pjöngjang empfangen"),          # umlaut folded
    ("große Straße", "Grosse Sorge in Zürich"),              # ß folded to the Swiss ss
    ("Beistandspakte", "Putin in Pjöngjang empfangen"),      # stemmed
    ('Lindner -Putin', "Haushalt: Lindner bleibt hart"),     # websearch syntax
])
def test_search_folds_and_stems(articles, query, title):
    found = search(articles, query)
    assert found and found[0][0] == title


def test_snippets_mark_the_match(articles):
    [(title, snippet)] = search(articles, "Notlage")
    assert "«Notlage»" in snippet


def test_analyst_reads_analytics_only(articles):
    with articles.cursor() as cur:
        cur.execute("SET ROLE lagebild_analyst")
        try:
            cur.execute("SELECT count(*) FROM analytics.search_articles('Putin')")
            assert cur.fetchone()[0] == 1
            cur.execute("SELECT count(*) FROM analytics.source_coverage")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("SELECT count(*) FROM news.article")
        finally:
            cur.execute("RESET ROLE")
    with articles.cursor() as cur:
        cur.execute("SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
                    "WHERE r.rolname = 'lagebild_analyst'")
        assert "statement_timeout=30s" in cur.fetchone()[0]


def test_search_table_follows_the_articles(articles):
    with articles.cursor() as cur:
        cur.execute("UPDATE news.article SET title = 'Lindner gibt nach', body = 'Eine Notlage wird erklärt.' "
                    "WHERE canonical_url = 'https://s.example/2'")
        cur.execute("DELETE FROM news.article WHERE canonical_url = 'https://s.example/1'")
        cur.execute("SELECT count(*) FROM news.article_search")
        assert cur.fetchone()[0] == 2
    assert [title for title, _ in search(articles, "Lindner")] == ["Lindner gibt nach"]
    assert search(articles, "Zürich") == []


def test_fuzzy_headline_matches_compete_within_the_newest_thousand(conn):
    """1,050 articles say "Streik"; of two headlines that only contain it in a compound, the one newer
    than the 1,000th newest match is found (and ranks first), the older one is outside the window."""
    with conn.cursor() as cur:
        cur.execute("INSERT INTO crawl.source (key, name) VALUES ('s', 'S')")
        cur.execute(
            """INSERT INTO news.article (canonical_url, source_key, title, body, published_at, content_hash,
                 extractor_version)
               SELECT 'https://s.example/' || n, 's', 'Tag ' || n, 'Der Streik geht weiter.',
                      timestamptz '2024-01-01 12:00+00' + n * interval '1 hour', n::text, '1'
                 FROM generate_series(1, 1050) n""")
        for n, title in [(1040, "Bahnstreik legt den Norden lahm"), (20, "Hafenstreik in Hamburg beendet")]:
            cur.execute(
                """INSERT INTO news.article (canonical_url, source_key, title, body, published_at, content_hash,
                     extractor_version)
                   VALUES (%s, 's', %s, 'Nichts fährt.', timestamptz '2024-01-01 12:30+00' + %s * interval '1 hour',
                           %s, '1')""", (f"https://s.example/fuzzy-{n}", title, n, f"fuzzy-{n}"))
    titles = [title for title, _ in search(conn, "Streik")]
    assert titles[0] == "Bahnstreik legt den Norden lahm"
    assert "Hafenstreik in Hamburg beendet" not in titles
