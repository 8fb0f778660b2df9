"""Reading GermEval 2014 files (token, outer tag, inner tag per line; blank line between sentences).

Only the outer tags are kept, and the deriv/part variants are folded into their base type
(B-LOCderiv -> B-LOC, I-ORGpart -> I-ORG): a news pipeline wants "deutschen" and "SPD-Chef"
as LOC and ORG mentions, not as four extra label families with too few examples to learn.
"""
from __future__ import annotations

import re
from pathlib import Path

Sentence = tuple[list[str], list[str]]

VARIANT_SUFFIX = re.compile(r"(?:deriv|part)$")


def fold_label(label: str) -> str:
    """The label with a deriv/part variant mapped to its base type."""
    return VARIANT_SUFFIX.sub("", label)


def read_iob2(path: str | Path) -> list[Sentence]:
    """The (tokens, folded outer labels) of every sentence in a GermEval 2014 IOB2 file."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    labels: list[str] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line:
                token, outer, _inner = line.split("\t")
                tokens.append(token)
                labels.append(fold_label(outer))
            elif tokens:
                sentences.append((tokens, labels))
                tokens, labels = [], []
    if tokens:
        sentences.append((tokens, labels))
    return sentences
