"""Near-duplicate detection: MinHash over word shingles with LSH (datasketch).

Agency copy reprinted by several outlets differs in headline, a shortened paragraph or a reordered
sentence; word 5-shingles of the body survive such edits while different reports on one event share few.
"""
from __future__ import annotations

import os
import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's default; stored signatures must be read back with the same scheme
SHINGLE_WORDS = 5
DEFAULT_THRESHOLD = float(os.environ.get("LAGEBILD_NEAR_DUPLICATE_THRESHOLD", 0.4))
WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    words = WORD.findall(text.casefold())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64))


class NearDuplicateIndex:
    """Articles added in arrival order; `match` names the earliest indexed article similar enough."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[int, MinHash] = {}
        self.order: dict[int, int] = {}

    def add(self, key: int, minhash: MinHash) -> None:
        self.lsh.insert(key, minhash)
        self.signatures[key] = minhash
        self.order[key] = len(self.order)

    def match(self, minhash: MinHash) -> tuple[int, float] | None:
        candidates = []
        for key in self.lsh.query(minhash):
            similarity = minhash.jaccard(self.signatures[key])
            if similarity >= self.threshold:
                candidates.append((self.order[key], key, similarity))
        if not candidates:
            return None
        _, key, similarity = min(candidates)
        return key, similarity
