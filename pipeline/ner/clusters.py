"""Distributional word clusters for the NER features, learned from unlabelled German text.

    python -m pipeline.ner.clusters --train ../shared/data/ner/germ.train.iob2 \\
        --articles ../shared/data/extraction-dev/ground_truth.jsonl --out pipeline/ner/clusters.tsv

Words that occur in the same contexts ("in Lyon" / "in Graz", "Herr Kruse sagte" / "Frau Testa
sagte") get the same cluster, so a name the labelled data never showed can share the weights
learned for the names it did show (Ratinov & Roth 2009 use Brown clusters this way). The text is
the tokens of the GermEval training sentences (their labels are not read; never the dev split),
the paragraphs of the extraction-dev article pages (ground_truth.jsonl) and the replay corpus
(replay/articles), tokenised with SoMaJo as the pipeline tokenises news.

Each word seen at least MIN_COUNT times (case kept, quotes folded; 2 scored better on the held-out
tenth than 3, see pipeline.ner.tune) is described by how often the CONTEXT_WORDS most frequent
words stand one and two positions to its left and right; the counts are weighted by positive
pointwise mutual information, reduced to DIMENSIONS by a truncated SVD and clustered by spherical
k-means into LEAVES clusters. A Ward tree over the cluster centroids is cut into LEVELS clusters, so
every word carries a coarse-to-fine path of cluster ids, as the bit-string prefixes of Brown
clusters do. Everything is seeded: the same text gives the same file. numpy and scipy only.

--hold-out-every 10 leaves out the sentences pipeline.ner.tune scores (index 9, 19, ...), so that
tuning runs compare features on text the clusters did not see either, as dev and news text are.
"""
from __future__ import annotations

import argparse
import ast
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    import numpy as np

MIN_COUNT = 2
CONTEXT_WORDS = 2000
CONTEXT_OFFSETS = (-2, -1, 1, 2)
DIMENSIONS = 100
LEAVES = 1000
LEVELS = (20, 80, 300)  # coarser cuts of the tree over the LEAVES clusters
KMEANS_ITERATIONS = 30
SEED = 2014
PROJECT = Path(__file__).resolve().parents[2]
CLUSTERS_PATH = Path(__file__).resolve().parent / "clusters.tsv"


def germeval_sentences(path: Path, hold_out_every: int = 0) -> Iterator[list[str]]:
    """The token lists of a GermEval file (labels ignored), without every n-th sentence if asked."""
    from pipeline.ner.corpus import read_iob2

    for i, (tokens, _labels) in enumerate(read_iob2(path)):
        if not hold_out_every or i % hold_out_every != hold_out_every - 1:
            yield tokens


def article_paragraphs(path: Path) -> Iterator[str]:
    """Title, summary, subheadlines and paragraphs of the extraction-dev ground truth."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("title"):
                yield record["title"]
            for key in ("summary", "subheadlines", "paragraphs"):
                value = record.get(key)
                if isinstance(value, str) and value.startswith("["):
                    value = ast.literal_eval(value)
                if isinstance(value, str):
                    value = [value]
                yield from (v for v in value or () if v)


def replay_paragraphs() -> Iterator[str]:
    from replay.corpus import articles

    for article in articles():
        yield article.title
        if article.lead:
            yield article.lead
        yield from (block["text"] for block in article.blocks)


def tokenized(paragraphs: Iterable[str]) -> Iterator[list[str]]:
    from pipeline.text import sentences

    text = "\n".join(" ".join(p.split()) for p in paragraphs)
    for sentence in sentences(text):
        yield [token.text for token in sentence.tokens]


def learn(sentences: list[list[str]], min_count: int = MIN_COUNT) -> dict[str, tuple[int, ...]]:
    """word -> (cluster at each of LEVELS, leaf cluster)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    from pipeline.ner.features import normalize_token

    sentences = [[normalize_token(t) for t in s] for s in sentences]
    counts = Counter(t for s in sentences for t in s)
    vocabulary = sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocabulary)}
    context = {w: i for i, w in enumerate(vocabulary[:CONTEXT_WORDS])}
    rows, cols = [], []
    for s in sentences:
        padded = ["<s>", "<s>", *s, "</s>", "</s>"]
        for i, word in enumerate(s, start=2):
            row = index.get(word)
            if row is None:
                continue
            for k, offset in enumerate(CONTEXT_OFFSETS):
                col = context.get(padded[i + offset], CONTEXT_WORDS) if padded[i + offset] not in ("<s>", "</s>") \
                    else CONTEXT_WORDS + 1 + (padded[i + offset] == "</s>")
                rows.append(row)
                cols.append(k * (CONTEXT_WORDS + 3) + col)
    shape = (len(vocabulary), len(CONTEXT_OFFSETS) * (CONTEXT_WORDS + 3))
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=shape).tocsr()
    matrix.sum_duplicates()
    # Positive PMI, with context counts smoothed (^0.75) as word2vec does.
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_sums *= total / col_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=shape).tocsr()
    u, sigma, _vt = svds(ppmi, k=DIMENSIONS, random_state=SEED)
    vectors = u * np.sqrt(sigma)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    leaves, centroids = spherical_kmeans(vectors, LEAVES, np.random.default_rng(SEED))
    tree = linkage(centroids, method="ward")
    cuts = [fcluster(tree, t=level, criterion="maxclust") - 1 for level in LEVELS]
    return {word: (*(int(cut[leaves[i]]) for cut in cuts), int(leaves[i])) for i, word in enumerate(vocabulary)}


def spherical_kmeans(vectors: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(cluster of each row, unit centroids): k-means on cosine similarity, seeded from k rows."""
    import numpy as np

    centroids = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    assignment = np.full(len(vectors), -1)
    for _ in range(KMEANS_ITERATIONS):
        new = np.argmax(vectors @ centroids.T, axis=1)
        if np.array_equal(new, assignment):
            break
        assignment = new
        for c in range(k):
            members = vectors[assignment == c]
            if len(members):
                centroid = members.sum(axis=0)
                centroids[c] = centroid / (np.linalg.norm(centroid) + 1e-12)
    return assignment, centroids


def save(clusters: dict[str, tuple[int, ...]], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write("#word\t" + "\t".join(f"c{level}" for level in (*LEVELS, LEAVES)) + "\n")
        for word, ids in sorted(clusters.items()):
            out.write(word + "\t" + "\t".join(map(str, ids)) + "\n")


def load(path: str | Path) -> dict[str, tuple[str, ...]]:
    """word -> feature strings, one per level ("c20=3", ..., "c1000=517")."""
    clusters = {}
    with open(path, encoding="utf-8") as lines:
        names = next(lines).rstrip("\n").split("\t")[1:]
        for line in lines:
            word, *ids = line.rstrip("\n").split("\t")
            clusters[word] = tuple(f"{name}={value}" for name, value in zip(names, ids))
    return clusters


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True, help="GermEval training split (tokens only are read)")
    parser.add_argument("--articles", type=Path, help="extraction-dev ground_truth.jsonl")
    parser.add_argument("--no-replay", action="store_true", help="leave out the replay corpus")
    parser.add_argument("--hold-out-every", type=int, default=0, help="skip every n-th training sentence (tuning)")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--out", type=Path, default=CLUSTERS_PATH)
    args = parser.parse_args(argv)

    text = list(germeval_sentences(args.train, args.hold_out_every))
    paragraphs: list[str] = []
    if args.articles:
        paragraphs += article_paragraphs(args.articles)
    if not args.no_replay:
        paragraphs += replay_paragraphs()
    text += tokenized(paragraphs)
    clusters = learn(text, args.min_count)
    save(clusters, args.out)
    print(f"{sum(map(len, text))} tokens in {len(text)} sentences -> {len(clusters)} words in "
          f"{'/'.join(map(str, (*LEVELS, LEAVES)))} clusters -> {args.out}")


if __name__ == "__main__":
    main()
