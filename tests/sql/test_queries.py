"""Every query of the cookbook in sql/queries/ runs, as the analyst role, on tagged and clustered articles."""
import pytest

from pipeline import story_tracking, tagging
from pipeline.config import SQL_DIR
from replay import corpus

QUERIES = sorted((SQL_DIR / "queries").glob("*.sql"))


@pytest.fixture(scope="module")
def prepared(database_url):
    from pipeline import db

    with db.connection(database_url) as conn, conn.cursor() as cur:
        cur.execute("TRUNCATE crawl.source, news.article, news.story RESTART IDENTITY CASCADE")
        for article in [a for a in corpus.articles() if a.storyline == "russland-nordkorea-2024"][:30]:
            cur.execute("INSERT INTO crawl.source (key, name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (article.outlet, article.outlet))
            cur.execute(
                """INSERT INTO news.article (canonical_url, source_key, title, lead, body, published_at,
                     content_hash, extractor_version) VALUES (%s, %s, %s, %s, %s, %s, %s, '1')""",
                (f"https://{article.outlet}.example/{article.slug}", article.outlet, article.title, article.lead,
                 "\n".join(b["text"] for b in article.blocks if b["kind"] == "p"), article.published, article.corpus_id),
            )
    tagging.tag_pending(database_url)
    story_tracking.assign_pending(database_url)
    return database_url


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_runs_as_analyst(prepared, path):
    from pipeline import db

    with db.connection(prepared) as conn, conn.cursor() as cur:
        cur.execute("SET ROLE lagebild_analyst")
        cur.execute(path.read_text(), {"day": "2024-06-22"})
        rows = cur.fetchall()
    if path.stem in ("story_of_the_week", "who_met_whom"):
        assert rows, f"{path.name} found nothing in the Putin–Kim week"


def test_cookbook_covers_the_questions():
    assert {p.stem for p in QUERIES} >= {"story_of_the_week", "who_met_whom", "sanctions_timeline",
                                         "coverage_gaps_by_outlet"}
