"""Sentence segmentation and tokenisation for German news, with SoMaJo.

Offsets are character offsets into the text given, so spans found on tokens point back into it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@functools.cache
def _tokenizer():
    import regex
    from somajo import SoMaJo

    somajo = SoMaJo("de_CMC", split_camel_case=False, character_offsets=True)
    # SoMaJo tests every grapheme of every token for emoji, which is most of its run time on news text.
    # A token without any emoji character yields no emoji split, so skipping it changes no output.
    # (Pinned SoMaJo 2.5; tests/pipeline/test_text.py compares against the unpatched tokenizer.)
    emoji = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")
    split_emojis = somajo._tokenizer._split_emojis

    def split_emojis_if_any(node, token_class="emoticon"):
        if emoji.search(node.value.text):
            split_emojis(node, token_class)

    somajo._tokenizer._split_emojis = split_emojis_if_any
    return somajo


def sentences(text: str) -> list[Sentence]:
    """Sentences of `text`; a line break always ends a sentence (paragraphs, headlines, captions)."""
    lines, offsets, position = [], [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
            offsets.append(position)
        position += len(line) + 1
    result: list[Sentence] = []
    # SoMaJo yields sentences paragraph by paragraph, in order; a paragraph's sentences share its offset.
    paragraph = 0
    previous_end = -1
    for raw in _tokenizer().tokenize_text(lines):
        first_start = raw[0].character_offset[0]
        if first_start < previous_end:  # offsets restarted: the next paragraph began
            paragraph += 1
        base = offsets[paragraph]
        tokens = tuple(Token(t.text, base + t.character_offset[0], base + t.character_offset[1]) for t in raw)
        result.append(Sentence(tokens[0].start, tokens[-1].end, tokens))
        previous_end = raw[-1].character_offset[1]
    return result
