"""Choose features and c1/c2 on a held-out tenth of the training split, never on dev.

    python -m pipeline.ner.tune --train germ.train.iob2 --c1 0.05 --c2 0.6 [--gazetteer snapshot.tsv] \
        [--clusters clusters.tune.tsv]

Trains on nine tenths of the training split and scores every tenth sentence (index 9, 19, ...),
which the model did not see. The dev split is read only by pipeline.ner.train, for a candidate
final model. --gazetteer loads a saved gazetteer (e.g. a shipped model.gazetteer.tsv) instead of
deriving one from the knowledge base, so that runs compare features, not a KB edited in between;
the names list (pipeline/ner/names.tsv) is added to it as training adds it. --clusters takes word
clusters built without the held-out sentences (python -m pipeline.ner.clusters --hold-out-every 10
--out clusters.tune.tsv, plus the --train/--articles of the shipped file); without it no clusters.

Held-out F1 on the shipped model's KB gazetteer (2026-11-28): without the names list 0.7326; with it
0.7339 (c1 0.05, c2 0.6, 200 iterations, the shipped setting); 350 iterations 0.7344 (training
takes ~1.7x as long); c1 0.02: 0.7330, c1 0.1: 0.7332; c2 1.0: 0.7388, c2 1.5: 0.7353. c2 1.0 scored
0.7485 on dev against 0.7494 for c2 0.6, so the held-out gain did not carry over and 0.6 stays.

Word clusters (pipeline.ner.clusters, built with --hold-out-every 10 so that they never saw the
held-out sentences; c1 0.05, c2 0.6, 200 iterations; the same run without clusters now gives 0.7366)
for the word and its neighbours one position away: words seen 3+ times 0.7392, 2+ times 0.7426
(P 0.7830, R 0.7061; LOC 0.8154, ORG 0.6600, OTH 0.4833, PER 0.7942), 2+ times plus the clusters
of hyphen heads and of a word's lower-case/capitalised form 0.7413. The shipped model uses the
2+ variant, with clusters from all of train: dev 0.7506 (0.7494 without clusters).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pipeline.kb import KnowledgeBase
from pipeline.ner.corpus import Sentence, read_iob2
from pipeline.ner.features import Gazetteer
from pipeline.ner.names import load_names
from pipeline.ner.places import geonames_places
from pipeline.ner.train import score, train

HELD_OUT_EVERY = 10


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(nine tenths to train on, every tenth sentence to score)."""
    kept = [s for i, s in enumerate(sentences) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    return kept, sentences[HELD_OUT_EVERY - 1::HELD_OUT_EVERY]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.6)
    parser.add_argument("--max-iterations", type=int, default=200)
    parser.add_argument("--min-freq", type=int, default=2)
    parser.add_argument("--gazetteer", type=Path, help="a saved gazetteer to use instead of the KB's")
    parser.add_argument("--clusters", type=Path, help="word clusters built without the held-out sentences "
                        "(python -m pipeline.ner.clusters --hold-out-every 10)")
    parser.add_argument("--keep", type=Path, help="write the tuning model here instead of a temporary folder")
    args = parser.parse_args(argv)

    kept, held_out = split(read_iob2(args.train))
    if args.gazetteer:
        gazetteer = Gazetteer.load(args.gazetteer).with_names_list()
    else:
        gazetteer = Gazetteer.from_kb(KnowledgeBase.load(), geonames_places(), load_names())
    with tempfile.TemporaryDirectory() as folder:
        model = args.keep or Path(folder) / "tune.crfsuite"
        started = time.perf_counter()
        last = train(kept, model, args.c1, args.c2, args.max_iterations, args.min_freq, gazetteer, args.clusters)
        print(f"c1={args.c1} c2={args.c2} max_iterations={args.max_iterations}: "
              f"trained in {time.perf_counter() - started:.0f} s on {len(kept)} sentences; "
              f"{last.get('num')} iterations, loss {last.get('loss', 0):.0f}, {last.get('active_features')} active features")
        table, speed = score(model, held_out)
    print(f"held-out tenth of train ({len(held_out)} sentences):")
    print(table)
    print(f"tagging speed: {speed:.0f} sentences per CPU second")


if __name__ == "__main__":
    main()
