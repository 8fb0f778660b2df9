"""Story tracking: how similar two articles are, and an online clusterer that assigns each new article to a
story or opens one — incrementally, deterministically for a given arrival order, aware of time.

Similarity combines German text similarity (TF-IDF cosine over Snowball stems, the headline counted
twice, with document frequencies shipped in stories_idf.tsv), overlap of linked entities, and distance in
time: reports on one event share words, names and days; two different Putin trips share names only.

    >>> similarity({"title": …, "text": …, "published_at": …}, {"title": …, "text": …})
    0.83
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

IDF_PATH = Path(__file__).resolve().parent / "stories_idf.tsv"
WORD = re.compile(r"[^\W\d_]{2,}")
STOPWORDS = frozenset("""
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei
beim bin bis bisher bereits bzw da dabei dadurch dafür dagegen daher damit dann darauf darüber das dass dem den
denen denn der deren des deshalb dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine
einem einen einer eines einige einmal er es etwa euch für gegen gewesen habe haben hat hatte hatten hier hin
hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist ja jedoch jetzt kann kein keine
können könnte man mehr mit muss müssen nach nachdem neue neuen nicht noch nun nur ob oder ohne rund schon sehr
sei seien sein seine seinem seinen seiner seit sich sie sind so solche soll sollen sollte sondern sowie über um
und uns unter viel vom von vor wann war waren warum was weil weiter weitere wenn wer werde werden wie wieder
will wir wird wo wurde wurden zu zum zur zwar zwei zwischen sagte sagt erklärte laut heißt hieß jahr jahren
prozent montag dienstag mittwoch donnerstag freitag samstag sonntag
""".split())
TEXT_WEIGHT, ENTITY_WEIGHT = 0.75, 0.25
TIME_SCALE_DAYS = 4.0  # similarity halves about every three days apart


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("german")


@functools.cache
def _idf() -> tuple[dict[str, float], float]:
    """Stem -> inverse document frequency, and the value for stems never seen."""
    lines = IDF_PATH.read_text(encoding="utf-8").splitlines()
    documents = int(lines[0].split("\t")[1])
    table = {}
    for line in lines[1:]:
        stem, df = line.split("\t")
        table[stem] = math.log((1 + documents) / (1 + int(df)))
    return table, math.log(1 + documents)


def stems(text: str) -> list[str]:
    words = [w.casefold() for w in WORD.findall(text)]
    return _stemmer().stemWords([w for w in words if w not in STOPWORDS])


def vector(title: str, text: str) -> dict[str, float]:
    """L2-normalised TF-IDF vector; the headline counts twice."""
    counts = Counter(stems(text)) + Counter(stems(title)) + Counter(stems(title))
    idf, unseen = _idf()
    weights = {s: (1 + math.log(n)) * idf.get(s, unseen) for s, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {s: w / norm for s, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(s, 0.0) for s, w in a.items())


def entity_keys(article: dict) -> set[str]:
    """Linked entities (QIDs) of an article; `entities` may be given, else they are tagged here."""
    if article.get("entities") is not None:
        return set(article["entities"])
    from pipeline.entities import tag

    return {m["qid"] for m in tag(f"{article['title']}\n{article['text']}") if m["qid"]}


def time_factor(a: dict, b: dict) -> float:
    if not a.get("published_at") or not b.get("published_at"):
        return 1.0
    days = abs((a["published_at"] - b["published_at"]).total_seconds()) / 86400
    return math.exp(-days / TIME_SCALE_DAYS)


def similarity(a: dict, b: dict) -> float:
    """Same-story similarity in [0, 1] of two articles with `title`, `text`, optional `published_at`."""
    text = cosine(vector(a["title"], a["text"]), vector(b["title"], b["text"]))
    ea, eb = entity_keys(a), entity_keys(b)
    entities = len(ea & eb) / len(ea | eb) if ea | eb else 0.0
    return max(0.0, min(1.0, (TEXT_WEIGHT * text + ENTITY_WEIGHT * entities) * time_factor(a, b)))


@dataclass
class Story:
    id: int
    centroid: dict[str, float] = field(default_factory=dict)
    entities: Counter = field(default_factory=Counter)
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    size: int = 0


class OnlineClusterer:
    """Assigns articles in arrival order; never re-clusters. A story with no article for `dormant_after`
    stops attracting new ones unless they are very similar (revival).

    `new_story_id` names new stories (the database's sequence in production, a counter by default)."""

    def __init__(self, threshold: float = 0.20, dormant_after: dt.timedelta = dt.timedelta(days=7),
                 revive_threshold: float = 0.5, stories: list[Story] | None = None, new_story_id=None):
        self.threshold = threshold
        self.dormant_after = dormant_after
        self.revive_threshold = revive_threshold
        self.stories: list[Story] = list(stories or [])
        self.new_story_id = new_story_id or (lambda: len(self.stories) + 1)

    def add(self, article: dict) -> int:
        """The story id `article` joins (a new one when nothing is similar enough)."""
        return self.assign(article)[0].id

    def assign(self, article: dict, story: Story | None = None) -> tuple[Story, float | None]:
        """The story `article` joins, and its similarity to it (None for a new story). Passing `story`
        forces the choice (a near-duplicate joins its original's story)."""
        vec = vector(article["title"], article["text"])
        ents = entity_keys(article)
        published = article.get("published_at")
        best, best_score = story, None
        if best is None:
            best_score = 0.0
            for candidate in self.stories:
                dormant = published and candidate.last_seen and published - candidate.last_seen > self.dormant_after
                score = self._score(candidate, vec, ents, published)
                if score > best_score and (not dormant or score >= self.revive_threshold):
                    best, best_score = candidate, score
            if best is None or best_score < self.threshold:
                best, best_score = Story(self.new_story_id()), None
                self.stories.append(best)
        self._absorb(best, vec, ents, published)
        return best, best_score

    def _score(self, story: Story, vec, ents: set[str], published) -> float:
        text = cosine(vec, story.centroid)
        core = {e for e, n in story.entities.items() if n * 2 >= story.size} or set(story.entities)
        entities = len(ents & core) / len(ents | core) if ents | core else 0.0
        days = abs((published - story.last_seen).total_seconds()) / 86400 if published and story.last_seen else 0.0
        return (TEXT_WEIGHT * text + ENTITY_WEIGHT * entities) * math.exp(-days / TIME_SCALE_DAYS)

    @staticmethod
    def _absorb(story: Story, vec, ents, published) -> None:
        n = story.size
        merged = {s: w * n / (n + 1) for s, w in story.centroid.items()}
        for s, w in vec.items():
            merged[s] = merged.get(s, 0.0) + w / (n + 1)
        norm = math.sqrt(sum(w * w for w in merged.values())) or 1.0
        story.centroid = {s: w / norm for s, w in merged.items()}
        story.entities.update(ents)
        story.size += 1
        if published:
            story.first_seen = min(filter(None, [story.first_seen, published]))
            story.last_seen = max(filter(None, [story.last_seen, published]))
