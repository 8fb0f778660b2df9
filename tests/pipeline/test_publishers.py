"""Golden-file tests of the per-publisher overrides in pipeline/publishers.yaml.

Each entry is tested on a page written for this project to mimic the publisher's markup
(tests/fixtures/pages/<entry>.html, expected fields in <entry>.json) and, when ../shared is present, on
the publisher's real pages of the extraction dev set: there the override must score at least as well as
the generic extraction on every field it overrides, and better on at least one page.
"""
import json
from urllib.parse import urlsplit

import pytest
import yaml

from bench import extraction_eval
from pipeline.extract import PUBLISHERS_FILE, extract_article
from tests.helpers import FIXTURES

ENTRIES = yaml.safe_load(PUBLISHERS_FILE.read_text(encoding="utf-8"))
PAGES = FIXTURES / "pages"
# Which score of bench/extraction_eval.py an overridden field moves.
SCORE_OF = {"title": "title", "authors": "authors_f1", "published": "time", "body": "body_f1",
            "subheadlines": "subheadlines_f1", "prune": "body_f1", "lead": "body_f1"}


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("name", ENTRIES)
def test_override_on_fixture_page(name):
    entry = ENTRIES[name]
    assert entry.get("why"), "every override says why the generic result is wrong"
    golden = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_bytes()
    found = extract_article(html, f"https://www.{entry['hosts'][0]}/artikel/{name}.html")
    assert {field: _jsonable(found[field]) for field in golden} == golden
    # The override corrects the generic result.
    generic = extract_article(html, f"https://www.{entry['hosts'][0]}/artikel/{name}.html", overrides=False)
    assert any(_jsonable(generic[field]) != expected for field, expected in golden.items())


def _on_host(url: str, hosts: list[str]) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in hosts)


@pytest.mark.extraction_dev
@pytest.mark.skipif(not (extraction_eval.DEV_DIR / "ground_truth.jsonl").exists(),
                    reason="../shared/data/extraction-dev not available")
@pytest.mark.parametrize("name", ENTRIES)
def test_override_on_real_dev_pages(name, dev_pages):
    entry = ENTRIES[name]
    pages = [p for p in dev_pages if _on_host(p.url, entry["hosts"])]
    assert pages, f"no dev page for {name}"
    scores = {SCORE_OF[field] for field in entry if field in SCORE_OF}
    improved = False
    for page in pages:
        with_override = extraction_eval.score(extraction_eval.run_lagebild(page), page)
        generic = extraction_eval.score(extraction_eval.run_lagebild(page, overrides=False), page)
        for score in scores:
            assert with_override[score] >= generic[score], f"{page.file}: {score} worse with the override"
            improved |= with_override[score] > generic[score]
    assert improved, f"{name} improves none of its publisher's dev pages"


@pytest.fixture(scope="module")
def dev_pages():
    return extraction_eval.load_pages()


def test_misspelt_rule_fails_loudly(tmp_path, monkeypatch):
    from pipeline import extract

    bad = tmp_path / "publishers.yaml"
    bad.write_text("example:\n  why: test\n  hosts: [example.de]\n  titel: [ld:headline]\n", encoding="utf-8")
    monkeypatch.setattr(extract, "PUBLISHERS_FILE", bad)
    extract.publisher_rules.cache_clear()
    try:
        with pytest.raises(ValueError, match="titel"):
            extract.publisher_rules()
    finally:
        monkeypatch.undo()
        extract.publisher_rules.cache_clear()


def test_body_selector_matching_nothing_falls_back_to_the_generic_body():
    html = (PAGES / "winfuture.html").read_text(encoding="utf-8").replace('id="news_content"', 'id="neues_layout"')
    html = html.replace("<br><br>", "</p><p>").replace('id="neues_layout">', 'id="neues_layout"><p>', 1)
    found = extract_article(html.encode(), "https://winfuture.de/news/1.html")
    assert "Während der Bauarbeiten wird der Verkehr" in found["text"]
