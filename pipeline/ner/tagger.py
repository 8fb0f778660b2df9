"""Tagging tokenised German sentences with the shipped CRF model."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pycrfsuite

from pipeline.ner.evaluate import evaluate
from pipeline.ner import clusters
from pipeline.ner.features import FeatureExtractor, Gazetteer, Lexicon

__all__ = ["MODEL_PATH", "Tagger", "clusters_path", "evaluate", "gazetteer_path", "lexicon_path"]  # evaluate: to score a Tagger's output

MODEL_PATH = Path(__file__).resolve().parent / "model.crfsuite"


def lexicon_path(model_path: str | Path) -> Path:
    """The lexicon file that belongs to a model: same name, ".lexicon.tsv" instead of ".crfsuite"."""
    return Path(model_path).with_suffix(".lexicon.tsv")


def gazetteer_path(model_path: str | Path) -> Path:
    """The KB gazetteer that belongs to a model: same name, ".gazetteer.tsv" instead of ".crfsuite"."""
    return Path(model_path).with_suffix(".gazetteer.tsv")


def clusters_path(model_path: str | Path) -> Path:
    """The word clusters a model was trained with: same name, ".clusters.tsv" instead of ".crfsuite"."""
    return Path(model_path).with_suffix(".clusters.tsv")


class Tagger:
    """A loaded model with its lexicon, KB gazetteer and word clusters. Loading takes a moment: create one and keep it."""

    def __init__(self, model_path: str | Path = MODEL_PATH):
        gazetteer_file = gazetteer_path(model_path)
        gazetteer = Gazetteer.load(gazetteer_file) if gazetteer_file.exists() else None
        clusters_file = clusters_path(model_path)
        word_clusters = clusters.load(clusters_file) if clusters_file.exists() else None
        self.features = FeatureExtractor(Lexicon.load(lexicon_path(model_path)), gazetteer, word_clusters)
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(model_path))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """One BIO label (O, B-PER, I-LOC, ...) per token."""
        if not tokens:
            return []
        return self._crf.tag(self.features.sentence(tokens))

    def tag_sents(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [self.tag(tokens) for tokens in sentences]
