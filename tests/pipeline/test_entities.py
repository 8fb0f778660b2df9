"""Entity tagging and linking to the knowledge base, without a database."""
import pytest

from pipeline import kb
from pipeline.entities import tag
from tests.helpers import SHARED

PUTIN, NORTH_KOREA, RUSSIA = "Q7747", "Q423", "Q159"


def linked(text):
    return {(m["text"], m["qid"]) for m in tag(text)}


def test_spans_point_into_the_text():
    text = "Der Kreml-Chef traf am Mittwoch in Pjöngjang ein."
    for mention in tag(text):
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert set(mention) >= {"start", "end", "label", "text", "qid"}


@pytest.mark.parametrize("text,surface", [
    ("Wladimir Putin landete in der Nacht.", "Wladimir Putin"),
    ("Putins Besuch dauerte zwei Tage.", "Putins"),
    ("Der Kreml-Chef landete in der Nacht.", "Kreml-Chef"),
])
def test_all_ways_of_naming_putin_link_to_one_id(text, surface):
    assert (surface, PUTIN) in linked(text)


def test_genitives_adjectives_and_transliterations_link_to_the_country_or_city():
    found = linked("Nordkoreas Machthaber empfing die russische Delegation in Pyongyang. Auch Pjöngjang jubelte.")
    assert ("Nordkoreas", NORTH_KOREA) in found and ("russische", RUSSIA) in found
    pyongyang = {q for t, q in found if t in ("Pyongyang", "Pjöngjang")}
    assert len(pyongyang) == 1 and None not in pyongyang


def test_surnames_take_the_full_name_met_earlier():
    mentions = tag("Juri Uschakow sprach zuerst. Später ergänzte Uschakow, der Vertrag sei defensiv.")
    names = [(m["text"], m["name"]) for m in mentions if m["label"] == "PER"]
    assert names == [("Juri Uschakow", "Juri Uschakow"), ("Uschakow", "Juri Uschakow")]
    assert all(m["qid"] is None for m in mentions if m["label"] == "PER")  # unknown people stay countable


def test_knowledge_base_shape():
    base = kb.default()
    assert len(base) >= 1300
    assert all(q.startswith("Q") for q in base.entities)
    assert {e.label for e in base.entities.values()} == {"PER", "LOC", "ORG"}


def test_seed_article_entities():
    seed = SHARED / "seeds" / "putin-kim-pakt.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds not available")
    mentions = tag(seed.read_text(encoding="utf-8"))
    qids = {m["qid"] for m in mentions}
    assert {PUTIN, "Q56226", RUSSIA, NORTH_KOREA, "Q881"} <= qids  # Putin, Kim Jong Un, Russia, North Korea, Vietnam


@pytest.mark.parametrize("text,surface,qid", [
    ("US-Außenminister Marco Rubio sagte am Montag, man sei gesprächsbereit.", "Marco Rubio", "Q324546"),
    ("JD Vances Rede in München sorgte für Empörung.", "JD Vances", "Q28935729"),
    ("Die Aktie von Novo Nordisk brach am Dienstag ein.", "Novo Nordisk", "Q818846"),
    ("Die Aktien von HSBC und Barclays legten in London zu.", "HSBC", "Q190464"),
    ("Nina Warkens Vorschlag stieß in der Koalition auf Widerstand.", "Nina Warkens", "Q15644599"),
    ("Die Warenhauskette Galeria schließt weitere Filialen.", "Warenhauskette Galeria", "Q80220059"),
])
def test_gap_entities_link_in_german_sentences(text, surface, qid):
    """Entries of pipeline/kb/additions_gaps.yaml: names, genitives and abbreviations link to their QID."""
    assert (surface, qid) in linked(text)
