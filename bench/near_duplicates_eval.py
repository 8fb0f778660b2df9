"""Precision and recall of near-duplicate detection on the replay corpus's labelled agency copy.

Positive pairs: an article and the article it reprints (`duplicate_of`), and reprints of one original
with each other. Every other pair of the corpus is negative. Articles arrive in publication order, as
in production; a predicted pair is (article, the original it was grouped with) and its group mates.

    .venv/bin/python bench/near_duplicates_eval.py [--threshold 0.4]
"""
from __future__ import annotations

import argparse
import itertools

from pipeline.near_duplicates import DEFAULT_THRESHOLD, NearDuplicateIndex, signature
from replay import corpus


def labelled_groups() -> dict[str, str]:
    """corpus id -> id of its group's original."""
    return {a.corpus_id: a.duplicate_of or a.corpus_id for a in corpus.articles()}


def predicted_groups(threshold: float) -> dict[str, str]:
    index = NearDuplicateIndex(threshold)
    articles = corpus.articles()  # oldest first
    ids = {i: a.corpus_id for i, a in enumerate(articles)}
    group: dict[str, str] = {}
    for i, article in enumerate(articles):
        minhash = signature(article.body)
        found = index.match(minhash)
        group[ids[i]] = group[ids[found[0]]] if found else ids[i]
        index.add(i, minhash)
    return group


def pairs(groups: dict[str, str]) -> set[frozenset]:
    members: dict[str, list[str]] = {}
    for article, original in groups.items():
        members.setdefault(original, []).append(article)
    return {frozenset(p) for m in members.values() for p in itertools.combinations(m, 2)}


def evaluate(threshold: float = DEFAULT_THRESHOLD) -> dict:
    truth, found = pairs(labelled_groups()), pairs(predicted_groups(threshold))
    tp = len(truth & found)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    return {"threshold": threshold, "true_pairs": len(truth), "found_pairs": len(found),
            "precision": precision, "recall": recall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, nargs="*", default=[0.3, 0.4, 0.5, 0.6, 0.7])
    for threshold in parser.parse_args().threshold:
        r = evaluate(threshold)
        print(f"threshold {threshold:.2f}: {r['found_pairs']:3} pairs found, {r['true_pairs']} labelled, "
              f"precision {r['precision']:.3f}, recall {r['recall']:.3f}")


if __name__ == "__main__":
    main()
