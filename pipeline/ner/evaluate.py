"""Span-level exact-match scoring of BIO labels, as in the CoNLL and GermEval evaluations.

A predicted entity counts only if its type and both boundaries match a gold entity: tagging
"Wladimir Putin" as PER "Putin" is a false positive and a false negative, not half right.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

Span = tuple[str, int, int]  # (type, first token, one past the last token)


def spans(labels: Sequence[str]) -> set[Span]:
    """The entities of one BIO-labelled sentence.

    An I- label that does not continue an entity of its type starts a new one (conlleval's
    reading), so malformed predictions are scored rather than silently dropped.
    """
    found: set[Span] = set()
    kind, start = None, 0
    for i, label in enumerate([*labels, "O"]):
        prefix, _, label_kind = label.partition("-")
        continues = prefix == "I" and label_kind == kind
        if kind is not None and not continues:
            found.add((kind, start, i))
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, start = label_kind, i
    return found


@dataclass(frozen=True)
class Score:
    """Counts of one entity type (or all of them) and the measures derived from them."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, Score]:
    """Exact-match span scores per entity type, and over all types under the key "overall"."""
    hits: Counter[str] = Counter()
    n_predicted: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for gold_labels, predicted_labels in zip(gold, predicted, strict=True):
        gold_spans, predicted_spans = spans(gold_labels), spans(predicted_labels)
        hits.update(kind for kind, _, _ in gold_spans & predicted_spans)
        n_predicted.update(kind for kind, _, _ in predicted_spans)
        n_gold.update(kind for kind, _, _ in gold_spans)
    scores = {kind: Score(hits[kind], n_predicted[kind], n_gold[kind]) for kind in sorted(n_gold | n_predicted)}
    scores["overall"] = Score(hits.total(), n_predicted.total(), n_gold.total())
    return scores


def format_scores(scores: dict[str, Score]) -> str:
    """A table of precision, recall and F1 per entity type, for people to read."""
    rows = [f"{'label':<8} {'prec':>6} {'rec':>6} {'f1':>6} {'gold':>6}"]
    for kind, score in scores.items():
        rows.append(f"{kind:<8} {score.precision:6.4f} {score.recall:6.4f} {score.f1:6.4f} {score.gold:6d}")
    return "\n".join(rows)
