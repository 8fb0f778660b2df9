"""Entity mentions in German text: NER (pipeline.ner) plus linking to the knowledge base (pipeline.kb).

    >>> tag("Der Kreml-Chef Wladimir Putin reiste nach Pjöngjang.")
    [{'start': 4, 'end': 14, 'label': 'PER', 'text': 'Kreml-Chef', 'qid': 'Q7747', 'name': 'Wladimir Putin'}, …]

Works on any text without a database. Mentions the knowledge base does not know keep `qid: None` and a
normalised `name` (genitive removed, a surname resolved to the full name used earlier in the text), so
new people are still countable.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline import kb as knowledge_base
from pipeline.text import Sentence, sentences


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


NER_DIR = Path(__file__).resolve().parent / "ner"
# Derived from the files themselves: a retrained model or an edited knowledge base re-tags every article.
TAGGER_VERSION = (f"ner-{_digest(list(NER_DIR.glob('model.*')))}"
                  f"+kb-{_digest(list(knowledge_base.KB_DIR.glob('*.yaml')))}")
MAX_ALIAS_TOKENS = 6


@dataclass
class Mention:
    start: int
    end: int
    label: str
    text: str
    qid: str | None
    name: str
    sentence: int = 0

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "sentence"}


def _bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, label) for each BIO span."""
    spans, start, kind = [], None, None
    for i, label in enumerate([*labels, "O"]):
        if start is not None and not label.startswith("I-"):
            spans.append((start, i, kind))
            start = None
        if label.startswith("B-") or (label.startswith("I-") and start is None):
            start, kind = i, label[2:]
    return spans


def _degenitive(surface: str) -> list[str]:
    candidates = [surface]
    if surface.endswith("'"):
        candidates.append(surface[:-1])
    elif surface.endswith("s") and len(surface) > 3 and not surface.endswith("ss"):
        candidates.append(surface[:-1])
        if surface.endswith("es"):
            candidates.append(surface[:-2])
    return candidates


class EntityTagger:
    def __init__(self, kb: knowledge_base.KnowledgeBase, ner):
        self.kb = kb
        self.ner = ner

    @classmethod
    @functools.cache
    def default(cls) -> "EntityTagger":
        from pipeline.ner.tagger import Tagger

        return cls(knowledge_base.default(), Tagger())

    def tag(self, text: str, sents: list[Sentence] | None = None) -> list[Mention]:
        sents = sentences(text) if sents is None else sents
        labels = self.ner.tag_sents([[t.text for t in s.tokens] for s in sents])
        mentions: list[Mention] = []
        for index, (sentence, sentence_labels) in enumerate(zip(sents, labels)):
            mentions.extend(self._sentence_mentions(text, index, sentence, sentence_labels))
        self._resolve_unlinked(mentions)
        mentions.extend(self._missed_surnames(sents, mentions))
        return sorted(mentions, key=lambda m: m.start)

    def _sentence_mentions(self, text: str, index: int, sentence: Sentence, labels: list[str]) -> list[Mention]:
        tokens = sentence.tokens
        found: list[Mention] = []
        taken = [False] * len(tokens)
        # 1. Names the knowledge base knows, longest first: they come linked.
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + MAX_ALIAS_TOKENS), i, -1):
                surface = text[tokens[i].start:tokens[j - 1].end]
                qid = self._link(surface, None)
                if qid and (surface[0].isupper() or labels[i] != "O" or self._is_adjective(surface)):
                    entity = self.kb.entities[qid]
                    found.append(Mention(tokens[i].start, tokens[j - 1].end, entity.label, surface, qid, entity.name, index))
                    taken[i:j] = [True] * (j - i)
                    i = j - 1
                    break
            i += 1
        # 2. Names the recogniser finds that the knowledge base did not cover.
        for first, last, label in _bio_spans(labels):
            if any(taken[first:last]):
                continue
            surface = text[tokens[first].start:tokens[last - 1].end]
            qid = next((q for c in _degenitive(surface) if (q := self._link(c, label))), None)
            name = self.kb.entities[qid].name if qid else surface
            found.append(Mention(tokens[first].start, tokens[last - 1].end, label, surface, qid, name, index))
        return sorted(found, key=lambda m: m.start)

    def _is_adjective(self, surface: str) -> bool:
        return surface.islower() and bool(self.kb.lookup(surface))


    def _link(self, surface: str, label: str | None) -> str | None:
        qids = self.kb.lookup(surface)
        if len(qids) > 1 and label:
            qids = {q for q in qids if self.kb.entities[q].label == label} or qids
        return min(qids) if len(qids) == 1 or (qids and label) else None

    def _resolve_unlinked(self, mentions: list[Mention]) -> None:
        """Surnames and genitives of names met earlier in the text take that name (and its QID)."""
        full_names: dict[str, Mention] = {}
        for mention in mentions:
            if mention.label == "PER" and " " in mention.name:
                parts = mention.name.split()
                full_names.setdefault(parts[-1], mention)
                full_names.setdefault(parts[0], mention)  # East Asian names put the family name first: "Kim"
        for mention in mentions:
            if mention.qid or " " in mention.text:
                continue
            for candidate in _degenitive(mention.text):
                earlier = full_names.get(candidate)
                if earlier is not None:  # one name, one person within a text, whatever the recogniser said
                    mention.label, mention.qid, mention.name = "PER", earlier.qid, earlier.name
                    break
                persons = self.kb.surnames.get(candidate, set())
                if mention.label == "PER" and len(persons) == 1:
                    qid = next(iter(persons))
                    mention.qid, mention.name = qid, self.kb.entities[qid].name
                    break
            else:
                if mention.qid is None and mention.text.endswith("'"):
                    mention.name = mention.text[:-1]


    @staticmethod
    def _missed_surnames(sents: list[Sentence], mentions: list[Mention]) -> list[Mention]:
        """Later bare surnames of people named in full, where the recogniser missed them."""
        people = {}
        for m in mentions:
            if m.label == "PER" and " " in m.name:
                people.setdefault(m.name.split()[-1], m)
        covered = {(m.start, m.end) for m in mentions}
        spans = [(m.start, m.end) for m in mentions]
        found = []
        for index, sentence in enumerate(sents):
            for token in sentence.tokens:
                for candidate in _degenitive(token.text):
                    person = people.get(candidate)
                    if person is None or person.start > token.start:
                        continue
                    if (token.start, token.end) in covered or any(s <= token.start < e for s, e in spans):
                        break
                    found.append(Mention(token.start, token.end, "PER", token.text, person.qid, person.name, index))
                    break
        return found


def tag(text: str) -> list[dict]:
    """Entity spans of `text`: start, end (character offsets into text), label, text, qid (or None), name."""
    return [m.as_dict() for m in EntityTagger.default().tag(text)]
