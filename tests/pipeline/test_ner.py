"""The shipped German NER model: obvious entities, span scoring, and a pinned dev-set floor."""
from pathlib import Path

import pytest

from pipeline import config
from pipeline.ner.corpus import fold_label, read_iob2
from pipeline.ner.evaluate import evaluate, spans
from pipeline.ner.features import FeatureExtractor, Gazetteer, Lexicon
from pipeline.ner.names import load_names
from pipeline.ner.places import geonames_places
from pipeline.ner import clusters
from pipeline.ner.tagger import MODEL_PATH, Tagger, clusters_path, gazetteer_path

NER_DATA = Path(config.PROJECT_ROOT).parent / "shared" / "data" / "ner"
# The shipped model scores 0.7475 on the first 500 dev sentences (0.7506 on all 2,200): a little slack, no more.
DEV_500_F1_FLOOR = 0.74


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def entities(tokens, labels):
    return {(kind, " ".join(tokens[start:end])) for kind, start, end in spans(labels)}


def test_person_and_place(tagger):
    tokens = "Wladimir Putin reiste nach Pjöngjang .".split()
    assert entities(tokens, tagger.tag(tokens)) == {("PER", "Wladimir Putin"), ("LOC", "Pjöngjang")}


def test_organisation_and_city(tagger):
    tokens = "Die Bundesregierung in Berlin hat die Europäische Union um Hilfe gebeten .".split()
    found = entities(tokens, tagger.tag(tokens))
    assert ("LOC", "Berlin") in found
    assert ("ORG", "Europäische Union") in found


def test_typographic_quotes_and_genitive(tagger):
    tokens = "„ Merkels Besuch in Paris war ein Erfolg “ , sagte der SPD-Chef .".split()
    found = entities(tokens, tagger.tag(tokens))
    assert ("PER", "Merkels") in found
    assert ("LOC", "Paris") in found


def test_tag_sents_and_empty_sentence(tagger):
    sentences = [["Angela", "Merkel", "lacht", "."], []]
    assert tagger.tag_sents(sentences) == [tagger.tag(sentences[0]), []]
    assert tagger.tag_sents(sentences)[0][:2] == ["B-PER", "I-PER"]


def test_fold_label():
    assert [fold_label(x) for x in ("B-LOCderiv", "I-ORGpart", "B-PER", "O")] == ["B-LOC", "I-ORG", "B-PER", "O"]


def test_evaluate_is_exact_span_match():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    predicted = [["O", "B-PER", "O", "B-LOC"]]  # "Putin" for "Wladimir Putin": wrong, not half right
    scores = evaluate(gold, predicted)
    assert (scores["PER"].true_positives, scores["PER"].predicted, scores["PER"].gold) == (0, 1, 1)
    assert scores["LOC"].f1 == 1.0
    assert scores["overall"].precision == scores["overall"].recall == 0.5


def test_stray_inside_label_starts_an_entity():
    assert spans(["O", "I-ORG", "I-ORG", "B-ORG"]) == {("ORG", 1, 3), ("ORG", 3, 4)}


def test_gazetteer_longest_match_and_word_cues():
    gazetteer = Gazetteer(
        names={("Olaf", "Scholz"): "PER", ("Scholz",): "PER", ("Europäische", "Union"): "ORG", ("SPD",): "ORG"},
        first_names={"Olaf"}, surnames={"Scholz"}, adjectives={"deutschen": "LOC"},
    )
    words = "Olaf Scholz traf die Europäische Union".split()
    assert gazetteer.matches(words) == ["B-PER", "I-PER", "", "", "B-ORG", "I-ORG"]
    assert "kb_first" in gazetteer.word_features("Olaf")
    assert "kb_last_gen" in gazetteer.word_features("Scholzs")
    assert "kb_adj=LOC" in gazetteer.word_features("Deutschen")
    assert "kb_hyph0=ORG" in gazetteer.word_features("SPD-Chef")


def test_geonames_places_know_foreign_towns_and_german_exonyms():
    places = geonames_places()
    assert {("Milton", "Keynes"), ("Tulsa",), ("Mailand",), ("Peking",)} <= places
    assert not any(len(key) == 1 and len(key[0]) < 3 for key in places)  # "Er", "Au": words, not places


def test_place_matches_are_longest_and_a_separate_cue():
    gazetteer = Gazetteer(names={("Berlin",): "LOC"}, first_names=set(), surnames=set(), adjectives={},
                          places=[("Milton",), ("Milton", "Keynes"), ("Zakynthos",)])
    words = "Von Milton Keynes nach Berlin und Zakynthos-Stadt".split()
    assert gazetteer.place_matches(words) == ["", "B-LOC", "I-LOC", "", "", "", ""]
    assert gazetteer.matches(words)[4] == "B-LOC"
    assert "geo_hyph0" in gazetteer.word_features("Zakynthos-Stadt")
    assert "place_deriv=kb" in gazetteer.word_features("Berliner")  # GermEval's LOCderiv
    assert "place_deriv=geo" in gazetteer.word_features("Miltoner")
    assert not any(f.startswith("place_deriv") for f in gazetteer.word_features("Lehrer"))
    features = FeatureExtractor(gazetteer=gazetteer).sentence(words)
    assert "geo=B-LOC" in features[1] and "1:geo=I-LOC" in features[1] and "-1:geo=B-LOC" in features[2]


def test_names_list_and_dateline_cues():
    first, last = load_names()
    assert {"Dörte", "Gianfranco"} <= first and {"Müller", "Rossi"} <= last
    assert not any(len(name) < 3 for name in first | last)
    gazetteer = Gazetteer(names={("Berlin",): "LOC"}, first_names=set(), surnames=set(), adjectives={},
                          places=[("Vevey",)], given_names={"Dörte"}, family_names={"Kruse"})
    assert "nl_first" in gazetteer.word_features("Dörte")
    assert "nl_last_gen" in gazetteer.word_features("Kruses")
    assert "caps_kb=LOC" in gazetteer.word_features("BERLIN")  # all-caps datelines
    assert "caps_geo" in gazetteer.word_features("VEVEY")
    features = FeatureExtractor(gazetteer=gazetteer).sentence("Dörte Kruse".split())
    assert "-1:nl=first" in features[1] and "1:nl=last" in features[0]


def test_quote_features_mark_paired_quotes_only():
    words = 'Er las " Der Paraklet " und sagte " nein'.split()
    features = FeatureExtractor().sentence(words)
    assert {"in_quotes", "quote_first"} <= set(features[3]) and {"in_quotes", "quote_last"} <= set(features[4])
    assert not any("quote" in f for f in features[0] + features[8])  # the last quote pairs with nothing


def test_lexicon_label_cues(tmp_path):
    sentences = [
        (["Universität", "Bern"], ["B-ORG", "I-ORG"]),
        (["in", "Bern"], ["O", "B-LOC"]),
        (["Bern", "liegt"], ["B-LOC", "O"]),
        (["die", "Universität"], ["O", "O"]),
    ]
    lexicon = Lexicon.build(sentences)
    assert lexicon.get("Bern").labels == ("B-LOC:hi", "I-ORG:lo")
    assert lexicon.get("Universität").labels == ("B-ORG:hi",)
    path = tmp_path / "lexicon.tsv"
    lexicon.save(path)
    assert Lexicon.load(path).entries == lexicon.entries
    assert "lab=B-LOC:hi" in FeatureExtractor(lexicon).sentence(["Bern"])[0]


def test_gazetteer_from_kb_drops_roles_and_articles(tmp_path):
    from pipeline.kb import KnowledgeBase

    kb = KnowledgeBase([
        {"qid": "Q1", "type": "person", "name": "Olaf Scholz", "aliases": ["Bundeskanzler Scholz"]},
        {"qid": "Q2", "type": "country", "name": "Ukraine", "forms": ["der Ukraine"], "adjectives": ["ukrainisch"]},
    ])
    gazetteer = Gazetteer.from_kb(kb, places=[("Tulsa",)], names=({"Dörte"}, {"Kruse"}))
    assert gazetteer.names[("Olaf", "Scholz")] == "PER"
    assert gazetteer.names[("Scholz",)] == "PER"  # "Bundeskanzler" is not part of the name in GermEval
    assert ("Bundeskanzler", "Scholz") not in gazetteer.names
    assert gazetteer.names[("Ukraine",)] == "LOC"
    assert gazetteer.adjectives["ukrainischen"] == "LOC"
    assert "Olaf" in gazetteer.first_names and "Scholz" in gazetteer.surnames
    path = tmp_path / "g.tsv"
    gazetteer.save(path)
    loaded = Gazetteer.load(path)
    assert (loaded.names, loaded.first_names, loaded.surnames, loaded.adjectives, loaded.places) == (
        gazetteer.names, gazetteer.first_names, gazetteer.surnames, gazetteer.adjectives, gazetteer.places)
    assert (loaded.given_names, loaded.family_names) == ({"Dörte"}, {"Kruse"})
    assert loaded.places == {("Tulsa",): "LOC"}


def test_shipped_model_has_its_gazetteer(tagger):
    assert gazetteer_path(MODEL_PATH).exists()
    assert tagger.features.gazetteer is not None


def test_shipped_model_has_its_word_clusters(tagger):
    assert clusters_path(MODEL_PATH).exists()
    assert tagger.features.clusters["Berlin"] == tagger.features.clusters["München"]  # same contexts


def test_cluster_features_of_word_and_neighbours(tmp_path):
    path = tmp_path / "clusters.tsv"
    clusters.save({"Kruse": (1, 7), "sagte": (2, 9)}, path)
    word_clusters = clusters.load(path)
    assert word_clusters["Kruse"][-1].endswith("=7")
    features = FeatureExtractor(clusters=word_clusters).sentence("Frau Kruse sagte".split())
    assert set(word_clusters["Kruse"]) <= set(features[1])
    assert {f"-1:{c}" for c in word_clusters["Kruse"]} <= set(features[2])
    assert {f"1:{c}" for c in word_clusters["Kruse"]} <= set(features[0])


def test_dev_floor(tagger):
    dev = NER_DATA / "germ.dev.iob2"
    if not dev.exists():
        pytest.skip(f"{NER_DATA} not available")
    sentences = read_iob2(dev)[:500]
    predicted = tagger.tag_sents([tokens for tokens, _ in sentences])
    overall = evaluate([labels for _, labels in sentences], predicted)["overall"]
    assert overall.f1 >= DEV_500_F1_FLOOR, f"dev[:500] F1 {overall.f1:.4f} fell below {DEV_500_F1_FLOOR}"
