"""Builds stories_idf.tsv: document frequencies of German word stems for the story similarity.

    python -m pipeline.stories_idf --from ../shared/data/ner/germ.train.iob2

Source: the sentences of GermEval 2014 (CC BY 4.0, Benikova et al. 2014), each sentence one document —
news and Wikipedia German, independent of the replay corpus that the clusterer is evaluated on.
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from pipeline.ner.corpus import read_iob2
from pipeline.stories import IDF_PATH, stems

MIN_DOCUMENT_FREQUENCY = 2  # rarer stems get the "unseen" weight anyway


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=IDF_PATH)
    args = parser.parse_args()
    frequencies: Counter = Counter()
    documents = 0
    for tokens, _ in read_iob2(args.source):
        documents += 1
        frequencies.update(set(stems(" ".join(tokens))))
    rows = sorted((s, n) for s, n in frequencies.items() if n >= MIN_DOCUMENT_FREQUENCY)
    args.out.write_text(f"#documents\t{documents}\n" + "".join(f"{s}\t{n}\n" for s, n in rows), encoding="utf-8")
    print(f"{len(rows)} stems from {documents} sentences -> {args.out}")


if __name__ == "__main__":
    main()
