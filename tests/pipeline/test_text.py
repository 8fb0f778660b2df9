"""Sentence segmentation: offsets point into the text, and the speed-up leaves SoMaJo's output unchanged."""
from somajo import SoMaJo

from pipeline.text import sentences
from replay import corpus


def test_offsets_and_paragraph_boundaries():
    text = "Putin reiste am Mittwoch nach Pjöngjang. Dort traf er Kim.\nZweiter Absatz, z. B. mit Abkürzung.\n\nDritter."
    found = [text[s.start:s.end] for s in sentences(text)]
    assert found == ["Putin reiste am Mittwoch nach Pjöngjang.", "Dort traf er Kim.",
                     "Zweiter Absatz, z. B. mit Abkürzung.", "Dritter."]
    for sentence in sentences(text):
        assert all(text[t.start:t.end] == t.text for t in sentence.tokens)


def test_same_tokens_as_unpatched_somajo():
    plain = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    texts = [a.body.replace("## ", "") for a in corpus.articles()[:15]] + ["Super Spiel 👍🏽 heute! :-) #EM2024"]
    for text in texts:
        lines = [line for line in text.split("\n") if line.strip()]
        expected = [[t.text for t in s] for s in plain.tokenize_text(lines)]
        assert [[t.text for t in s.tokens] for s in sentences(text)] == expected
