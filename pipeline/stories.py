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
import heapq
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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
STORY_TIME_SCALE_DAYS = 10.0  # inside a storyline the words, not the days, tell stories apart; a story runs for days
SHARED_WORD_DISCOUNT = 0.8  # how far a word in every article of a storyline is turned down
INDEX_WORDS = 20  # heaviest words by which an article finds its storyline candidates
CENTROID_WORDS = 500  # heaviest words a story or storyline centroid keeps
SWEEP_EVERY = dt.timedelta(hours=1)
REVIVAL_CANDIDATES_PER_ENTITY = 50  # most recently dormant storylines an entity can revive
SKETCH_DIMENSIONS = 1024  # width of the hashed centroid sketches that rank stories and storylines
RESCORED_STORIES = 16  # stories of a storyline, best by their sketches, that are then scored exactly
RESCORED_STORYLINES = 16  # the same for an article's candidate storylines
# An estimated score this far below a threshold does not reach it when scored exactly: a sketched
# cosine errs by about 1 / sqrt(SKETCH_DIMENSIONS) = 0.03, and text weighs 0.75 of a score.
SKETCH_MARGIN = 0.1


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


@functools.lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    # Snowball in pure Python costs far more than a lookup, and news vocabulary repeats itself.
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    words = (w.casefold() for w in WORD.findall(text))
    return [_stem(w) for w in words if w not in STOPWORDS]


def vector(title: str, text: str) -> dict[str, float]:
    """L2-normalised TF-IDF vector; the headline counts twice."""
    counts = Counter(stems(text)) + Counter(stems(title)) + Counter(stems(title))
    idf, unseen = _idf()
    weights = {s: (1 + math.log(n)) * idf.get(s, unseen) for s, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {s: w / norm for s, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    # The key intersection runs in C; fsum makes the result independent of set order (hash seed).
    return math.fsum([a[s] * b[s] for s in a.keys() & b.keys()])


@functools.lru_cache(maxsize=1 << 18)
def _slot(stem: str) -> int:
    """The stem's dimension, plus SKETCH_DIMENSIONS when it counts negatively."""
    # crc32, not hash(): Python salts string hashes per process, and the ranking must be reproducible.
    return zlib.crc32(stem.encode()) % (2 * SKETCH_DIMENSIONS)


def sketch(vec: dict[str, float]) -> np.ndarray:
    """`vec` hashed with signs into SKETCH_DIMENSIONS: sketches' dot product estimates the vectors' cosine."""
    counts = np.bincount([_slot(s) for s in vec], list(vec.values()), minlength=2 * SKETCH_DIMENSIONS)
    return (counts[:SKETCH_DIMENSIONS] - counts[SKETCH_DIMENSIONS:]).astype(np.float32)


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


def _merge_into(centroid: dict[str, float], size: int, vec: dict[str, float], weight: int = 1,
                normalise: bool = True) -> dict[str, float]:
    """The mean of a centroid of `size` members and `weight` more members with mean `vec`, normalised
    unless asked not to."""
    merged = {s: w * size / (size + weight) for s, w in centroid.items()}
    for s, w in vec.items():
        merged[s] = merged.get(s, 0.0) + w * weight / (size + weight)
    if len(merged) > CENTROID_WORDS:  # a story's long tail of words says little and costs every comparison
        merged = {s: merged[s] for s in heapq.nlargest(CENTROID_WORDS, merged, key=merged.get)}
    if not normalise:
        return merged
    norm = _norm(merged) or 1.0
    return {s: w / norm for s, w in merged.items()}


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(math.fsum([w * w for w in vec.values()]))


def _core(entities: Counter, size: int) -> set[str]:
    """Entities in at least half of the members (all of them while none is that frequent)."""
    return {e for e, n in entities.items() if n * 2 >= size} or set(entities)


def _index_keys(entities: set[str], vec: dict[str, float]) -> set[tuple[str, str]]:
    return {("entity", e) for e in entities} | {("word", w) for w in heapq.nlargest(INDEX_WORDS, vec, key=vec.get)}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass
class Cluster:
    """What stories and storylines share: a centroid, entity counts, first/last seen, size."""
    id: int
    centroid: dict[str, float] = field(default_factory=dict)
    entities: Counter = field(default_factory=Counter)
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    size: int = 0
    _core: set[str] | None = field(default=None, init=False, repr=False, compare=False)

    normalised = True  # the centroid is the normalised mean: an article is scored by cosine against it

    def absorb(self, vec: dict[str, float], ents: set[str], published: dt.datetime | None) -> None:
        self._core = None
        self.centroid = _merge_into(self.centroid, self.size, vec, normalise=self.normalised)
        self.entities.update(ents)
        self.size += 1
        if published:
            self.first_seen = min(filter(None, [self.first_seen, published]))
            self.last_seen = max(filter(None, [self.last_seen, published]))

    def core(self) -> set[str]:
        if self._core is None:
            self._core = _core(self.entities, self.size)
        return self._core

    def days_since(self, published: dt.datetime | None) -> float:
        if not published or not self.last_seen:
            return 0.0
        return abs((published - self.last_seen).total_seconds()) / 86400


@dataclass
class Story(Cluster):
    storyline_id: int | None = None
    normalised = False  # the centroid is the plain mean of its members' distinctive vectors


@dataclass
class Storyline(Cluster):
    # In how many member articles each stem occurs: words the whole storyline shares ("Putin",
    # "Pjöngjang") say little about which of its stories an article belongs to.
    term_df: Counter = field(default_factory=Counter)

    def absorb(self, vec, ents, published) -> None:
        super().absorb(vec, ents, published)
        self.term_df.update(vec.keys())

    def distinctive(self, vec: dict[str, float]) -> dict[str, float]:
        """`vec` with the storyline's common words turned down, re-normalised."""
        weighted = {s: w * (1 - SHARED_WORD_DISCOUNT * self.term_df[s] / (self.size + 1)) for s, w in vec.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        return {s: w / norm for s, w in weighted.items()}


class Sketches:
    """Sketches of clusters' centroids as the rows of one matrix, with the clusters' last-seen times and
    numbers of core entities.

    One matrix product estimates an article's similarity to every cluster at once, however many there
    are; only the best few are then scored exactly. A storyline keeps one for its stories, the clusterer
    one for its active storylines."""

    def __init__(self):
        self.ids: list[int] = []
        self._row: dict[int, int] = {}
        self._matrix = np.zeros((16, SKETCH_DIMENSIONS), dtype=np.float32)
        self._last_seen = np.zeros(16)  # POSIX seconds; NaN for a cluster without dates
        self._core_size = np.zeros(16)
        self.horizon = -math.inf  # clusters last seen before this may have been forgotten
        self._kept_after_forgetting = 0

    def put(self, cluster: Cluster) -> None:
        row = self._row.get(cluster.id)
        if row is None:
            row = self._row[cluster.id] = len(self.ids)
            self.ids.append(cluster.id)
            if row == len(self._last_seen):
                self._matrix = np.resize(self._matrix, (2 * row, SKETCH_DIMENSIONS))
                self._last_seen = np.resize(self._last_seen, 2 * row)
                self._core_size = np.resize(self._core_size, 2 * row)
        self._matrix[row] = sketch(cluster.centroid)
        self._last_seen[row] = cluster.last_seen.timestamp() if cluster.last_seen else math.nan
        self._core_size[row] = len(cluster.core())

    def remove(self, cluster_id: int) -> None:
        row, last = self._row.pop(cluster_id), len(self.ids) - 1
        if row != last:  # the last row moves into the gap
            moved = self.ids[row] = self.ids[last]
            self._row[moved] = row
            self._matrix[row], self._last_seen[row] = self._matrix[last], self._last_seen[last]
            self._core_size[row] = self._core_size[last]
        self.ids.pop()

    def forget_before(self, horizon: float) -> None:
        """Drop clusters last seen before `horizon`, once their number has doubled since the last time:
        the matrix then follows how much is current, not the whole history."""
        if len(self.ids) < 2 * self._kept_after_forgetting + 32:
            return
        self.horizon = max(self.horizon, horizon)
        old = self._last_seen[:len(self.ids)] < self.horizon  # NaN compares False: undated clusters stay
        for row in np.flatnonzero(old)[::-1]:
            self.remove(self.ids[row])
        self._kept_after_forgetting = len(self.ids)

    # Products by einsum, not `@`: BLAS would spread these small products over threads, which on a
    # busy machine costs more time than it saves.
    def lookup(self, ids: list[int], vec_sketch: np.ndarray, published: dt.datetime | None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the clusters `ids`, in their order: the estimated cosine of each centroid with the sketched
        vector, the days from its last article to `published` (negative for a late article, 0 when
        undated) and its number of core entities."""
        rows = np.fromiter((self._row[i] for i in ids), dtype=np.intp, count=len(ids))
        days = (np.nan_to_num((published.timestamp() - self._last_seen[rows]) / 86400) if published
                else np.zeros(len(ids)))
        return np.einsum("ij,j->i", self._matrix[rows], vec_sketch), days, self._core_size[rows]

    def best_in_reach(self, vec: dict[str, float], published: dt.datetime, reach_days: float,
                      time_scale_days: float, n: int) -> list[int]:
        """Ids of the (at most) `n` clusters last seen within `reach_days` of `published` whose
        time-weighted estimated similarity to `vec` is highest."""
        size = len(self.ids)
        days = np.nan_to_num(np.abs(published.timestamp() - self._last_seen[:size]) / 86400)
        in_reach = days <= reach_days
        if np.count_nonzero(in_reach) <= n:
            return [self.ids[row] for row in np.flatnonzero(in_reach)]
        estimate = np.einsum("ij,j->i", self._matrix[:size], sketch(vec)) * np.exp(-days / time_scale_days)
        estimate[~in_reach] = -np.inf
        return [self.ids[row] for row in np.argpartition(-estimate, n)[:n]]


@dataclass
class Link:
    """Story `to_story` continues story `from_story` in one storyline."""
    from_story: int
    to_story: int
    relation: str  # "follow-up": opened while its storyline was active; "continuation": revived it
    confidence: float


@dataclass
class StoryEvent:
    """A change in a story's life, recorded as it happens; which story an article joined never changes."""
    story_id: int
    kind: str  # "opened", "split" (other_story split off from it), "merged" (into other_story), "revived"
    other_story_id: int | None = None
    confidence: float | None = None


@dataclass
class Assignment:
    story: Story
    storyline: Storyline
    similarity: float | None  # to the story when the article joined; None when it opened the story
    links: list[Link] = field(default_factory=list)
    events: list[StoryEvent] = field(default_factory=list)


class OnlineClusterer:
    """Assigns articles in arrival order to a storyline and to a story inside it; never re-clusters.

    A storyline gathers everything on one subject (the visit, the pact, the reactions, the trip on to
    Vietnam); inside it, an article joins the story whose distinctive words it shares, or opens a new
    story linked to the one it continues. A storyline with no article for `dormant_after` leaves the
    candidates and returns only for a very similar article (revival, found through its core entities),
    so the cost per article depends on how much news is current, not on how much is stored.

    Near-duplicates are forced into their original's story (`assign(article, story)`). When one article
    fits two stories of a storyline that have grown alike, the younger is merged into the older (an
    event; articles keep their story). `new_story_id` and `new_storyline_id` name new clusters (database
    sequences in production, counters by default)."""

    def __init__(self, threshold: float = 0.20, story_threshold: float = 0.12,
                 dormant_after: dt.timedelta = dt.timedelta(days=7), revive_threshold: float = 0.4,
                 merge_threshold: float = 0.6, storylines: list[Storyline] | None = None,
                 stories: list[Story] | None = None, new_story_id=None, new_storyline_id=None):
        self.threshold = threshold
        self.story_threshold = story_threshold
        self.dormant_after = dormant_after
        self.revive_threshold = revive_threshold
        self.merge_threshold = merge_threshold
        self.storylines: dict[int, Storyline] = {s.id: s for s in storylines or []}
        self.stories: dict[int, Story] = {s.id: s for s in stories or []}
        self.new_story_id = new_story_id or (lambda: len(self.stories) + 1)
        self.new_storyline_id = new_storyline_id or (lambda: len(self.storylines) + 1)
        # Active storylines are found through an inverted index of their core entities and heaviest
        # words, so an article is compared with the few that share something with it.
        self._active: dict[int, Storyline] = {}
        self._index: dict[tuple[str, str], set[int]] = {}
        self._keys: dict[int, set[tuple[str, str]]] = {}
        self._dormant_by_entity: dict[str, dict[int, Storyline]] = {}  # oldest first
        self._line_sketches = Sketches()
        self._dormant_sketches = Sketches()  # of the storylines in _dormant_by_entity
        self._swept: dt.datetime | None = None
        for line in self.storylines.values():
            self._activate(line)
        # Stories last seen longer ago than this cannot reach the threshold, whatever their words.
        self._reach_days = STORY_TIME_SCALE_DAYS * math.log(1 / self.story_threshold)
        self._stories_of: dict[int, list[Story]] = {}
        self._sketches: dict[int, Sketches] = {}
        for story in self.stories.values():
            self._stories_of.setdefault(story.storyline_id, []).append(story)
            self._sketches.setdefault(story.storyline_id, Sketches()).put(story)

    @property
    def active_storylines(self) -> list[Storyline]:
        """The storylines each new article is compared with (dormant ones only through their entities)."""
        return list(self._active.values())

    def add(self, article: dict) -> int:
        """The story id `article` joins (a new one when nothing is similar enough)."""
        return self.assign(article).story.id

    def assign(self, article: dict, story: Story | None = None) -> Assignment:
        vec = vector(article["title"], article["text"])
        ents = entity_keys(article)
        published = article.get("published_at")
        if story is not None:
            line = self.storylines[story.storyline_id]
            assignment = Assignment(story, line, self._story_score(line, story, line.distinctive(vec), published))
        else:
            line, line_score = self._best_storyline(vec, ents, published)
            if line is None:
                line = Storyline(self.new_storyline_id())
                self.storylines[line.id] = line
            revived = line_score is not None and line.days_since(published) > self.dormant_after / dt.timedelta(days=1)
            assignment = self._assign_in(line, vec, ents, published, line_score, revived)
        assignment.story.absorb(line.distinctive(vec), ents, published)
        line.absorb(vec, ents, published)
        sketches = self._sketches.setdefault(line.id, Sketches())
        sketches.put(assignment.story)
        if line.last_seen:
            sketches.forget_before(line.last_seen.timestamp() - 2 * self._reach_days * 86400)
        self._activate(line)
        return assignment

    def _best_storyline(self, vec, ents, published) -> tuple[Storyline | None, float | None]:
        self._sweep(published)
        vec_sketch = sketch(vec)
        best, best_score = None, 0.0
        for line in self._line_candidates(_index_keys(ents, vec), vec_sketch, ents, published):
            score = self._line_score(line, vec, ents, published)
            if score > best_score:
                best, best_score = line, score
        for line in self._revival_candidates(vec_sketch, ents):
            # Weeks later the subject returns (the pact is ratified): resemblance alone decides.
            score = self._line_score(line, vec, ents, None)
            if score >= self.revive_threshold and score > best_score:
                best, best_score = line, score
        if best is None or best_score < self.threshold:
            return None, None
        if best.id not in self._active:
            self._undormant(best)
        return best, best_score

    def _line_candidates(self, keys, vec_sketch, ents, published) -> list[Storyline]:
        """Active, current storylines sharing an index key with the article, in id order; when there are
        many, the RESCORED_STORYLINES best by their estimated score (sketched text, entities and time)."""
        ids = sorted({i for k in keys for i in self._index.get(k, ())})
        if len(ids) <= RESCORED_STORYLINES:
            return [self._active[i] for i in ids if not self._is_dormant(self._active[i], published)]
        text, days, cores = self._line_sketches.lookup(ids, vec_sketch, published)
        # A storyline is indexed under its core entities: the index counts the ones it shares.
        shared = Counter(i for e in ents for i in self._index.get(("entity", e), ()))
        estimate = self._estimate(text, ids, shared, cores, ents) * np.exp(-np.abs(days) / TIME_SCALE_DAYS)
        estimate[days > self.dormant_after / dt.timedelta(days=1)] = -np.inf  # dormant, not yet swept
        return self._best_of(ids, estimate, self.threshold)

    def _revival_candidates(self, vec_sketch, ents) -> list[Storyline]:
        """Dormant storylines sharing a core entity with the article, the RESCORED_STORYLINES best by
        their estimated score when there are more."""
        shared = Counter(i for e in ents for i in self._dormant_by_entity.get(e, {}))
        ids = sorted(shared)
        if len(ids) <= RESCORED_STORYLINES:
            return [self.storylines[i] for i in ids]
        text, _, cores = self._dormant_sketches.lookup(ids, vec_sketch, None)
        return self._best_of(ids, self._estimate(text, ids, shared, cores, ents), self.revive_threshold)

    @staticmethod
    def _estimate(text: np.ndarray, ids: list[int], shared: Counter, cores: np.ndarray, ents) -> np.ndarray:
        """Storylines' estimated scores without time: sketched text, and the Jaccard overlap of the
        article's entities with their cores (`shared`: how many core entities each shares)."""
        common = np.fromiter((shared.get(i, 0) for i in ids), dtype=float, count=len(ids))
        return TEXT_WEIGHT * text + ENTITY_WEIGHT * common / np.maximum(len(ents) + cores - common, 1)

    def _best_of(self, ids: list[int], estimate: np.ndarray, threshold: float) -> list[Storyline]:
        """In id order, the RESCORED_STORYLINES storylines with the highest estimates, leaving out those
        whose estimate is too far below `threshold` for their exact score to reach it."""
        best = np.argsort(-estimate, kind="stable")[:RESCORED_STORYLINES]
        return [self.storylines[ids[row]] for row in sorted(best) if estimate[row] >= threshold - SKETCH_MARGIN]

    def _is_dormant(self, line: Storyline, published) -> bool:
        return bool(published and line.last_seen and published - line.last_seen > self.dormant_after)

    def _activate(self, line: Storyline) -> None:
        """Put the storyline (back) into the index under its current core entities and heaviest words."""
        old, new = self._keys.get(line.id, set()), _index_keys(line.core(), line.centroid)
        for key in old - new:
            self._index[key].discard(line.id)
        for key in new - old:
            self._index.setdefault(key, set()).add(line.id)
        self._keys[line.id] = new
        self._active[line.id] = line
        self._line_sketches.put(line)

    def _sweep(self, published) -> None:
        """Retire storylines gone dormant, once per hour of news: they leave the index."""
        if not published or (self._swept and published - self._swept < SWEEP_EVERY):
            return
        self._swept = published
        for line in [x for x in self._active.values() if self._is_dormant(x, published)]:
            for key in self._keys.pop(line.id):
                self._index[key].discard(line.id)
            del self._active[line.id]
            self._line_sketches.remove(line.id)
            if line.core():
                self._dormant_sketches.put(line)
            for entity in line.core():
                dormant = self._dormant_by_entity.setdefault(entity, {})
                dormant[line.id] = line
                if len(dormant) > REVIVAL_CANDIDATES_PER_ENTITY:  # the archive grows; the work per article must not
                    oldest = dormant.pop(next(iter(dormant)))
                    if not any(oldest.id in self._dormant_by_entity.get(e, ()) for e in oldest.core()):
                        self._dormant_sketches.remove(oldest.id)

    def _undormant(self, line: Storyline) -> None:
        """A revived storyline leaves the revival candidates (it becomes active when its article joins)."""
        for entity in line.core():
            self._dormant_by_entity[entity].pop(line.id, None)
        self._dormant_sketches.remove(line.id)

    def _assign_in(self, line: Storyline, vec, ents, published, line_score, revived) -> Assignment:
        distinctive = line.distinctive(vec)
        stories = self._stories_of.get(line.id, [])
        sketches = self._sketches.get(line.id)
        if published and sketches and published.timestamp() - self._reach_days * 86400 >= sketches.horizon:
            candidates = [self.stories[i] for i in sketches.best_in_reach(
                distinctive, published, self._reach_days, STORY_TIME_SCALE_DAYS, RESCORED_STORIES)]
        else:  # an undated or late article: its stories may have left the sketches
            candidates = [s for s in stories if s.days_since(published) <= self._reach_days]
        scored = sorted(((self._story_score(line, s, distinctive, published), s.id, s) for s in candidates),
                        key=lambda x: (-x[0], x[1]))
        if scored and scored[0][0] >= self.story_threshold:
            score, _, story = scored[0]
            assignment = Assignment(story, line, score)
            if len(scored) > 1 and scored[1][0] >= self.story_threshold:
                self._maybe_merge(line, story, scored[1][2], assignment)
            if revived:
                assignment.events.append(StoryEvent(story.id, "revived", confidence=line_score))
            return assignment
        # The story a new one continues: the most similar in reach, else the last seen.
        parent = scored[0][2] if scored else max(stories, key=lambda s: (s.last_seen is not None, s.last_seen or 0, s.id),
                                                 default=None)
        story = Story(self.new_story_id(), storyline_id=line.id)
        self.stories[story.id] = story
        self._stories_of.setdefault(line.id, []).append(story)
        assignment = Assignment(story, line, None, events=[StoryEvent(story.id, "opened")])
        if parent:
            relation = "continuation" if revived else "follow-up"
            assignment.links.append(Link(parent.id, story.id, relation, round(line_score, 3)))
            assignment.events.append(StoryEvent(parent.id, "split", story.id, round(line_score, 3)))
        return assignment

    def _maybe_merge(self, line: Storyline, keep: Story, other: Story, assignment: Assignment) -> None:
        """Two stories the same article fits, whose centroids have grown alike, become one from now on."""
        alike = cosine(keep.centroid, other.centroid) / ((_norm(keep.centroid) * _norm(other.centroid)) or 1.0)
        if alike < self.merge_threshold:
            return
        older, younger = sorted((keep, other), key=lambda s: (s.first_seen is None, s.first_seen or 0, s.id))
        older.centroid = _merge_into(older.centroid, older.size, younger.centroid, younger.size, normalise=False)
        older.entities.update(younger.entities)
        older._core = None
        older.size += younger.size
        older.first_seen = min(filter(None, [older.first_seen, younger.first_seen]), default=None)
        older.last_seen = max(filter(None, [older.last_seen, younger.last_seen]), default=None)
        self._stories_of[line.id].remove(younger)
        self._sketches[line.id].remove(younger.id)
        assignment.story = older
        assignment.events.append(StoryEvent(younger.id, "merged", older.id, round(alike, 3)))

    @staticmethod
    def _line_score(line: Storyline, vec, ents: set[str], published) -> float:
        text = cosine(vec, line.centroid)
        entities = _jaccard(ents, line.core())
        return (TEXT_WEIGHT * text + ENTITY_WEIGHT * entities) * math.exp(-line.days_since(published) / TIME_SCALE_DAYS)

    @staticmethod
    def _story_score(line: Storyline, story: Story, distinctive_vec, published) -> float:
        # Against the story's plain mean: the article's average similarity to its members, so a story
        # that has grown broad does not draw in everything its storyline shares.
        text = cosine(distinctive_vec, story.centroid)
        return text * math.exp(-story.days_since(published) / STORY_TIME_SCALE_DAYS)
