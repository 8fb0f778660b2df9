"""Extraction on pages of every replay outlet, checked against the corpus they were rendered from."""
import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from pipeline.extract import ExtractionError, extract_article
from replay import corpus
from replay.server import ReplayServer


@pytest.fixture(scope="module")
def server():
    # Rendering needs no socket traffic: pages are taken from ReplayServer.respond directly.
    srv = ReplayServer(corpus.days()[-1])
    yield srv
    srv.stop()


def render(server, article) -> bytes:
    response = server.respond(article.outlet, article.url_path)
    assert response.status == 200
    return response.body


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def token_f1(found: str, truth: str) -> float:
    a, b = tokens(found), tokens(truth)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def truth_text(article) -> str:
    """The visible paragraphs; subheadlines are kept apart from them."""
    return "\n".join(b["text"] for b in article.visible_blocks if b["kind"] == "p")


def truth_subheadlines(article) -> list[str]:
    return [b["text"] for b in article.visible_blocks if b["kind"] == "h2"]


def one_per_outlet():
    seen = {}
    for article in corpus.articles():
        seen.setdefault(article.outlet, article)
    return list(seen.values())


@pytest.mark.parametrize("article", one_per_outlet(), ids=lambda a: a.outlet)
def test_each_outlet_template(server, article):
    page = render(server, article)
    found = extract_article(page, server.article_url(article))
    assert found["title"] == article.title
    assert found["published_at"] == article.published
    assert found["published_at"].tzinfo is not None
    assert found["authors"] == article.authors
    assert found["language"] == "de"
    assert found["canonical_url"] == server.article_url(article)
    assert found["paywalled"] == article.paywall
    assert token_f1(found["text"], truth_text(article)) >= 0.95
    assert found["subheadlines"] == truth_subheadlines(article)
    assert " ".join(article.lead.split()) in (found["lead"] or "")


def test_whole_corpus_quality(server):
    """Mean body F1, exact titles, dates to the minute and author sets over every replay article."""
    scores = []
    for article in corpus.articles():
        found = extract_article(render(server, article), server.article_url(article))
        scores.append((
            token_f1(found["text"], truth_text(article)),
            found["title"] == article.title,
            found["published_at"] is not None and abs(found["published_at"] - article.published) < dt.timedelta(minutes=1),
            set(found["authors"]) == set(article.authors),
        ))
    n = len(scores)
    body, title, date, authors = (sum(s[i] for s in scores) / n for i in range(4))
    print(f"replay corpus, {n} pages: body F1 {body:.3f}, title {title:.3f}, date {date:.3f}, authors {authors:.3f}")
    assert body >= 0.97 and title >= 0.99 and date >= 0.99 and authors >= 0.95


def test_seed_article_drops_repeated_caption_and_credit(server):
    seed = next(a for a in corpus.articles() if a.outlet == "euronews")
    found = extract_article(render(server, seed), server.article_url(seed))
    assert "U-Bahnstation" not in found["text"]
    assert "All rights reserved" not in found["text"]
    assert found["text"].count("Russland") >= 3


def test_wrongly_declared_encoding_is_decoded():
    html = "<html><head><meta charset='utf-8'><title>Grüße aus Pjöngjang</title></head><body><article>" + \
           "".join(f"<p>Absatz {i}: Die Außenminister äußerten sich über die Lage in Südkorea und Nordkorea.</p>" for i in range(8)) + \
           "</article></body></html>"
    found = extract_article(html.encode("cp1252"), "https://example.de/a", content_type="text/html; charset=utf-8")
    assert "Außenminister äußerten" in found["text"]


@pytest.mark.parametrize("page", [b"", b"\x00\x01\x02 binary", b"<html><body><nav>Startseite</nav></body></html>"])
def test_pages_without_article_raise_a_clear_error(page):
    with pytest.raises(ExtractionError):
        extract_article(page, "https://example.de/leer")


def test_extract_command_prints_json(server, tmp_path):
    article = one_per_outlet()[0]
    path = tmp_path / "page.html"
    path.write_bytes(render(server, article))
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(path), "--url", server.article_url(article)],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert data["title"] == article.title
    assert dt.datetime.fromisoformat(data["published_at"]) == article.published
    assert {"title", "text", "authors", "published_at", "modified_at", "language", "canonical_url"} <= data.keys()


GENERIC_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Brücke wird saniert – Stadtanzeiger</title>
<meta property="og:site_name" content="Stadtanzeiger">
<meta name="twitter:label1" content="Geschrieben von"><meta name="twitter:data1" content="Vera Beispiel">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebPage", "mainEntity": {
  "@type": "NewsArticle", "headline": "Brücke wird saniert", "datePublished": "2024-05-03T15:47:00+02:00",
  "articleSection": "Lokales", "keywords": "Brücke, Sanierung,Stadtrat",
  "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".paywall"}}}</script>
</head><body><main><article>
<h1>Brücke wird saniert</h1>
<p class="article-lead">Die Brücke über den Fluss wird bis zum Herbst für vier Millionen Euro saniert.</p>
<p>Von Vera Beispiel</p>
<p>Die Brücke über den Fluss wird bis zum Herbst für vier Millionen Euro saniert.</p>
<p>Der Stadtrat hat am Dienstagabend nach langer Debatte beschlossen, die Brücke über den Fluss zu sanieren.</p>
<h2>Umleitung durch das Gewerbegebiet</h2>
<p>Während der Bauarbeiten wird der Verkehr über eine Umleitung durch das Gewerbegebiet geführt, Busse fahren nach
einem eigenen Fahrplan.</p>
<p>Der Newsletter des Stadtanzeigers informiert Sie jeden Morgen über das Wichtigste aus der Stadt.</p>
<p>Anwohner hatten seit Jahren über Risse im Beton geklagt; ein Gutachten bestätigte die Schäden im Frühjahr.</p>
</article></main></body></html>"""


def test_generic_layers_on_a_page_without_publisher_rules():
    found = extract_article(GENERIC_PAGE.encode(), "https://www.stadtanzeiger.example/lokales/bruecke.html")
    assert found["title"] == "Brücke wird saniert"
    # JSON-LD inside a WebPage's mainEntity; the ISO date is year-month-day, not read day first.
    assert found["published_at"] == dt.datetime(2024, 5, 3, 13, 47, tzinfo=dt.timezone.utc)
    assert found["section"] == "Lokales" and found["keywords"] == ["Brücke", "Sanierung", "Stadtrat"]
    assert found["paywalled"] is True
    assert (found["authors"], found["credits"]) == (["Vera Beispiel"], [])  # from the Twitter card label/data
    # The visible teaser is the lead, not a paragraph; byline and the outlet's promotion are no body text.
    assert found["lead"] == "Die Brücke über den Fluss wird bis zum Herbst für vier Millionen Euro saniert."
    assert found["subheadlines"] == ["Umleitung durch das Gewerbegebiet"]
    assert found["text"].split("\n") == [
        "Der Stadtrat hat am Dienstagabend nach langer Debatte beschlossen, die Brücke über den Fluss zu sanieren.",
        "Während der Bauarbeiten wird der Verkehr über eine Umleitung durch das Gewerbegebiet geführt, Busse fahren "
        "nach einem eigenen Fahrplan.",
        "Anwohner hatten seit Jahren über Risse im Beton geklagt; ein Gutachten bestätigte die Schäden im Frühjahr.",
    ]


def test_utf8_page_declared_latin1_is_decoded_as_utf8():
    html = GENERIC_PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode("utf-8")
    found = extract_article(html, "https://www.stadtanzeiger.example/lokales/bruecke.html")
    assert found["title"] == "Brücke wird saniert" and "Während der Bauarbeiten" in found["text"]
