"""Token features for the German NER CRF, and the lexicon they draw on.

German capitalises every noun, so capitalisation alone says little; the features lean on word
identity, affixes (-isch, -er, -stadt), hyphen compounds ("SPD-Chef"), genitive -s ("Merkels"),
context words ("in", "Herr", "sagte"), whether a token stands inside quotation
marks (titles of works), a lexicon of word frequencies, entity types and the BIO labels a word
carries, counted on the training split only, so that dev and test scores stay honest, and a
gazetteer: longest matches of the project's knowledge-base names (pipeline/kb; B/I and label),
KB first names and surnames, adjective/demonym forms ("russischen"), hyphen heads ("SPD-Chef"),
and, as a separate cue, longest matches of GeoNames places (pipeline.ner.places), and place names
with a derivational ending ("Wiener", "brandenburgische"), common first names and surnames of a
names list (pipeline.ner.names), and all-caps datelines ("BERLIN") of known places. The gazetteer is
written next to the model at training time. Distributional word clusters (pipeline.ner.clusters,
learned from unlabelled text) give the word and its neighbours one position away a coarse-to-fine
cluster path, so that words used alike ("Köln", "München") share what train taught about either.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Iterable, Sequence

# News text quotes with „“ «» ‚‘; GermEval with ASCII quotes. Fold them so the model sees one quote.
QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'"})
FREQUENCY_BUCKETS = (100, 20, 5, 2, 1)  # "seen at least n times"
GAZETTEER_MIN_COUNT = 2
GAZETTEER_MIN_SHARE = 0.5
LABEL_SHARE_LOW = 0.15
CACHE_SIZE = 200_000
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)


def normalize_token(token: str) -> str:
    """The token with typographic quotes folded to ASCII ones, as in the training data."""
    return token.translate(QUOTES)


def word_shape(word: str) -> str:
    """Upper, lower and digit characters mapped to X, x, d, repeats collapsed: "SPD-Chef" -> "X-Xx"."""
    chars = ("X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c for c in word)
    return "".join(char for char, _run in groupby(chars))


@dataclass(frozen=True)
class Entry:
    """What the training split says about one lowercased word."""

    frequency: str  # the frequency bucket, e.g. "20" for 20-99 occurrences
    entity_type: str  # the type it mostly carries ("LOC", ...), or "" if it is mostly O
    lowercase: bool  # it occurs written in lower case, so a capitalised form is likely a common word
    labels: tuple[str, ...] = ()  # BIO labels it often carries, with a share bucket: ("B-ORG:hi", "I-ORG:lo")


class Lexicon:
    """Word frequencies and a gazetteer of entity-bearing words, derived from a training split."""

    def __init__(self, entries: dict[str, Entry]):
        self.entries = entries

    def get(self, word: str) -> Entry | None:
        return self.entries.get(word.lower())

    @classmethod
    def build(cls, sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> "Lexicon":
        """Counts over labelled training sentences."""
        counts: Counter[str] = Counter()
        lowercase: Counter[str] = Counter()
        types: defaultdict[str, Counter[str]] = defaultdict(Counter)
        bio: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for tokens, labels in sentences:
            for token, label in zip(tokens, labels):
                word = normalize_token(token)
                key = word.lower()
                counts[key] += 1
                lowercase[key] += word[:1].islower()
                if label != "O":
                    types[key][label[2:]] += 1
                    bio[key][label] += 1
        entries = {}
        for key, count in counts.items():
            bucket = next(str(b) for b in FREQUENCY_BUCKETS if count >= b)
            entries[key] = Entry(bucket, _dominant_type(types[key], count), lowercase[key] >= 2,
                                 _label_cues(bio[key], count))
        return cls(entries)

    def save(self, path: str | Path) -> None:
        with open(path, "w", encoding="utf-8") as out:
            for key, entry in sorted(self.entries.items()):
                out.write(f"{key}\t{entry.frequency}\t{entry.entity_type}\t{int(entry.lowercase)}"
                          f"\t{' '.join(entry.labels)}\n")

    @classmethod
    def load(cls, path: str | Path) -> "Lexicon":
        entries = {}
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                key, frequency, entity_type, lowercase, labels = line.rstrip("\n").split("\t")
                entries[key] = Entry(frequency, entity_type, lowercase == "1", tuple(labels.split()))
        return cls(entries)

    def compound_head(self, word: str) -> Entry | None:
        """The entry of the longest known word (4+ letters, seen 5+ times) the word ends with.

        German writes compounds as one word: an unseen "Bürgerversammlung" ends in the known
        "versammlung" and is a common noun, while an unseen "Krutschinna" ends in nothing known.
        """
        lower = word.lower()
        for start in range(1, len(lower) - 3):
            entry = self.entries.get(lower[start:])
            if entry and entry.frequency not in ("1", "2"):
                return entry
        return None


def _label_cues(label_counts: Counter[str], count: int) -> tuple[str, ...]:
    """The BIO labels a word carries in at least LABEL_SHARE_LOW of its occurrences, with "hi"
    for a majority: whether a word starts or continues names ("Universität", "Bern") and how
    often it is one at all ("Fuchs": mostly an animal, sometimes a person)."""
    return tuple(
        f"{label}:{'hi' if n / count >= 0.5 else 'lo'}"
        for label, n in sorted(label_counts.items()) if n / count >= LABEL_SHARE_LOW
    )


def _dominant_type(type_counts: Counter[str], count: int) -> str:
    """The entity type a word carries in most of its occurrences, if it carries one that often."""
    if not type_counts:
        return ""
    entity_type, n = type_counts.most_common(1)[0]
    return entity_type if n >= GAZETTEER_MIN_COUNT and n / count >= GAZETTEER_MIN_SHARE else ""


class FeatureExtractor:
    """Turns a tokenised sentence into one list of string features per token, for pycrfsuite.

    Features of a word do not depend on its sentence, so they are computed once per word form
    and cached: news text repeats its words, and this is what makes tagging fast.
    """

    def __init__(self, lexicon: Lexicon | None = None, gazetteer: "Gazetteer | None" = None,
                 clusters: dict[str, tuple[str, ...]] | None = None):
        self.lexicon = lexicon or Lexicon({})
        self.gazetteer = gazetteer
        self.clusters = clusters or {}  # word -> its cluster path (pipeline.ner.clusters.load)
        self._own = lru_cache(maxsize=CACHE_SIZE)(self._word_features)
        self._as_neighbour = lru_cache(maxsize=CACHE_SIZE)(self._neighbour_features)

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        words = [normalize_token(t) for t in tokens]
        lowered = [w.lower() for w in words]
        neighbours = [self._as_neighbour(w) for w in words]
        n = len(words)
        kb = self.gazetteer.matches(words) if self.gazetteer else [""] * n
        geo = self.gazetteer.place_matches(words) if self.gazetteer else [""] * n
        quoted = _quote_features(words)
        features = []
        for i, word in enumerate(words):
            f = [*self._own(word), *_position_features(word, i, n), *quoted[i]]
            for name, found in (("kb", kb), ("geo", geo)):
                if found[i]:
                    f.append(f"{name}={found[i]}")
                if i > 0 and found[i - 1]:
                    f.append(f"-1:{name}={found[i - 1]}")
                if i + 1 < n and found[i + 1]:
                    f.append(f"1:{name}={found[i + 1]}")
            for offset in NEIGHBOUR_OFFSETS:
                j = i + offset
                f.extend(neighbours[j][offset] if 0 <= j < n else (f"{offset}:pad",))
            if i > 0:
                f.append(f"-1|0={lowered[i - 1]}|{lowered[i]}")
            if i + 1 < n:
                f.append(f"0|1={lowered[i]}|{lowered[i + 1]}")
            features.append(f)
        return features

    def _word_features(self, word: str) -> tuple[str, ...]:
        """Features of the word itself: identity, shape, affixes, capitalisation, lexicon cues."""
        lower = word.lower()
        f = [f"w={lower}", f"shape={word_shape(word)}", f"len={min(len(word), 8)}"]
        f += [f"p{k}={lower[:k]}" for k in range(1, 5) if len(lower) >= k]
        f += [f"s{k}={lower[-k:]}" for k in range(1, 6) if len(lower) >= k]
        f += _case_features(word)
        f += _compound_features(word, self.lexicon)
        f += _lexicon_features(word, self.lexicon)
        if self.gazetteer:
            f += self.gazetteer.word_features(word)
        f += self.clusters.get(word, ())
        return tuple(f)

    def _neighbour_features(self, word: str) -> dict[int, tuple[str, ...]]:
        """The smaller feature set a word contributes to the tokens up to two positions away."""
        lower = word.lower()
        entry = self.lexicon.get(word)
        near = [
            f"w={lower}",
            f"shape={word_shape(word)}",
            f"s3={lower[-3:]}",
            f"gaz={entry.entity_type if entry else '?'}",
            f"freq={entry.frequency if entry else 'rare'}",
            *(_label_features(entry) if entry else ()),
            *(self.gazetteer.name_cues(word) if self.gazetteer else ()),
            *self.clusters.get(word, ()),
        ]
        far = near[:2]
        return {
            offset: tuple(f"{offset}:{feature}" for feature in (near if abs(offset) == 1 else far))
            for offset in NEIGHBOUR_OFFSETS
        }


def _case_features(word: str) -> list[str]:
    """Capitals and digits: all-caps words are mostly acronyms of organisations ("SPD", "UN")."""
    f = []
    if word[:1].isupper():
        f.append("cap")
    if len(word) > 1 and word.isupper():
        f.append("allcaps")
    elif any(c.isupper() for c in word[1:]):
        f.append("innercap")  # "iPhone", "McDonald", "BaFin"
    if word.isdigit():
        f.append("digit")
    elif any(c.isdigit() for c in word):
        f.append("hasdigit")
    if not any(c.isalnum() for c in word):
        f.append("punct")
    return f


def _compound_features(word: str, lexicon: Lexicon) -> list[str]:
    """Hyphen compounds name their entity part first ("SPD-Chef", "Nato-Gipfel", "Berlin-Mitte")."""
    parts = [p for p in word.split("-") if p]
    if len(parts) < 2:
        return []
    head, last = parts[0].lower(), parts[-1].lower()
    head_entry = lexicon.get(head)
    return ["hyphen", f"hyph0={head}", f"hyph-1={last}", f"hyph0gaz={head_entry.entity_type if head_entry else '?'}"]


def _label_features(entry: Entry) -> list[str]:
    """The word's label cues; those of a word seen once are weaker evidence, so they are kept apart."""
    name = "lab1" if entry.frequency == "1" else "lab"
    return [f"{name}={cue}" for cue in entry.labels]


def _lexicon_features(word: str, lexicon: Lexicon) -> list[str]:
    """What train says about the word, its stem before a genitive -s, or its compound head."""
    entry = lexicon.get(word)
    f = [f"freq={entry.frequency if entry else 'rare'}"]
    if entry and entry.entity_type:
        f.append(f"gaz={entry.entity_type}")
    if entry:
        f += _label_features(entry)
    if (not entry or entry.frequency == "1") and word[:1].isupper():
        f.append("rare_cap")  # rare capitalised words are names more often than frequent ones
        head = lexicon.compound_head(word)
        if head:
            f += ["compound", f"compound_gaz={head.entity_type}"]
    if entry and entry.lowercase and word[:1].isupper():
        f.append("cap_of_lowercase")  # "Die", "Nach": capitalised only where a sentence starts
    # Genitive -s ("Merkels", "Deutschlands"): the stem is a known entity.
    if len(word) > 3 and word[:1].isupper() and word[-1] in "s'":
        stem = lexicon.get(word[:-1])
        if stem and stem.entity_type:
            f.append(f"genitive_of={stem.entity_type}")
    return f


def _quote_features(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Where a token stands relative to paired quotation marks: titles of works are quoted.

    Quotes pair up left to right; a last unpaired one opens nothing.
    """
    features: list[tuple[str, ...]] = [()] * len(words)
    marks = [i for i, word in enumerate(words) if word == '"']
    for start, end in zip(marks[::2], marks[1::2]):
        for i in range(start + 1, end):
            features[i] = ("in_quotes",)
        if end > start + 1:
            features[start + 1] += ("quote_first",)
            features[end - 1] += ("quote_last",)
    return features


def _position_features(word: str, i: int, n: int) -> list[str]:
    """Sentence-initial capitals are uninformative; the last token is usually punctuation."""
    f = []
    if i == 0:
        f += ["first", "first_cap" if word[:1].isupper() else "first_lower"]
    if i == n - 1:
        f.append("last")
    return f


# --- Gazetteer from the project's knowledge base -------------------------------------------------

# Leading words of KB aliases that GermEval does not count as part of the name: titles and roles
# ("Bundeskanzler Scholz" -> "Scholz"), descriptions ("Google-Mutter Alphabet" -> "Alphabet").
ROLE_WORD = re.compile(
    r"(?:minister|ministerin|kanzler|kanzlerin|präsident|präsidentin|chef|chefin|sekretär|sekretärin"
    r"|beauftragte|beauftragter|vorsitzende|vorsitzender|könig|königin|papst|prinz|prinzessin|mutter"
    r"|konzern|tochter|bundesland|herzog|fürst|graf|emir|kronprinz|sultan|scheich|general|ayatollah)$",
    re.IGNORECASE,
)
# Endings that make a place name an adjective or a demonym, longest first.
PLACE_DERIVATION_ENDINGS = ("erinnen", "ischen", "ischer", "isches", "ischem", "erin", "ische", "isch",
                            "ern", "er")
PARENTHESES = re.compile(r"\s*\([^)]*\)")
MAX_NAME_TOKENS = 8
ARTICLES = {"der", "die", "das", "des", "dem", "den"}


def _name_tokens(surface: str) -> tuple[str, ...]:
    """A KB surface as GermEval-style tokens, without leading articles, adjectives and roles."""
    text = PARENTHESES.sub("", surface).replace(",", " ,")
    tokens = [normalize_token(t) for t in text.split()]
    while len(tokens) > 1 and (tokens[0][:1].islower() or tokens[0].lower() in ARTICLES or ROLE_WORD.search(tokens[0])):
        tokens.pop(0)
    if len(tokens) == 1 and tokens[0][:1].islower():
        return ()
    return tuple(tokens[:MAX_NAME_TOKENS])


class Gazetteer:
    """Names, first names, surnames and adjective forms from the knowledge base (pipeline/kb).

    It is derived from the KB once, when a model is trained, and saved next to the model, so that
    tagging sees exactly the lists training saw even after the KB grows.
    """

    def __init__(self, names: dict[tuple[str, ...], str], first_names: set[str], surnames: set[str],
                 adjectives: dict[str, str], places: Iterable[tuple[str, ...]] = (),
                 given_names: Iterable[str] = (), family_names: Iterable[str] = ()):
        self.names = names  # tokens -> label(s), e.g. ("Olaf", "Scholz") -> "PER", ("Berlin",) -> "LOC"
        self.first_names = first_names
        self.surnames = surnames
        self.adjectives = adjectives  # lowercased adjective form -> label ("deutschen" -> "LOC")
        # Common first names and surnames of a names list (pipeline.ner.names), apart from the KB's people.
        self.given_names = set(given_names)
        self.family_names = set(family_names)
        # GeoNames places (pipeline.ner.places): a separate cue, as they are far noisier than KB names.
        self.places = {key: "LOC" for key in places}
        self.place_longest = _longest_by_first_token(self.places)
        self.single = {key[0]: label for key, label in names.items() if len(key) == 1}
        # Capitalised words inside longer KB names ("Union", "Partei", "Republik"), by label.
        parts: defaultdict[str, set[str]] = defaultdict(set)
        for key, label in names.items():
            if len(key) > 1:
                for token in key:
                    if token[:1].isupper() and token not in first_names:
                        parts[token].update(label.split("+"))
        self.parts = {word: "+".join(sorted(kinds)) for word, kinds in parts.items()}
        self.longest = _longest_by_first_token(names)

    @classmethod
    def from_kb(cls, kb, places: Iterable[tuple[str, ...]] = (),
                names: tuple[Iterable[str], Iterable[str]] = ((), ())) -> "Gazetteer":
        """The gazetteer of the KB's names, the given places and (first names, surnames) of a names list."""
        labels: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        adjectives: defaultdict[str, set[str]] = defaultdict(set)
        first_names: set[str] = set()
        surnames: set[str] = set()
        for surface, qids in kb.surfaces.items():
            kinds = {kb.entities[q].label for q in qids}
            if (" " not in surface and surface[:1].islower()
                    and surface[:1].upper() + surface[1:] in kb.surfaces):
                for kind in kinds:
                    adjectives[normalize_token(surface)].add(kind)
                continue
            tokens = _name_tokens(surface)
            if not tokens:
                continue
            labels[tokens].update(kinds)
            if kinds == {"PER"} and len(tokens) > 1:
                capitalised = [t for t in tokens if t[:1].isupper() and not t.endswith(".")]
                if len(capitalised) > 1:
                    first_names.update(capitalised[:-1])
                    surnames.add(capitalised[-1])
        given, family = names
        return cls({key: "+".join(sorted(kinds)) for key, kinds in labels.items()}, first_names, surnames,
                   {k: "+".join(sorted(v)) for k, v in adjectives.items()}, places, given, family)

    def save(self, path: str | Path) -> None:
        with open(path, "w", encoding="utf-8") as out:
            for key, label in sorted(self.names.items()):
                out.write(f"name\t{label}\t{' '.join(key)}\n")
            for word in sorted(self.first_names):
                out.write(f"first\tPER\t{word}\n")
            for word in sorted(self.surnames):
                out.write(f"last\tPER\t{word}\n")
            for word, label in sorted(self.adjectives.items()):
                out.write(f"adj\t{label}\t{word}\n")
            for key in sorted(self.places):
                out.write(f"place\tLOC\t{' '.join(key)}\n")
            for word in sorted(self.given_names):
                out.write(f"given\tPER\t{word}\n")
            for word in sorted(self.family_names):
                out.write(f"family\tPER\t{word}\n")

    @classmethod
    def load(cls, path: str | Path) -> "Gazetteer":
        names, first_names, surnames, adjectives, places, given, family = {}, set(), set(), {}, [], set(), set()
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                kind, label, text = line.rstrip("\n").split("\t")
                if kind == "name":
                    names[tuple(text.split(" "))] = label
                elif kind == "first":
                    first_names.add(text)
                elif kind == "last":
                    surnames.add(text)
                elif kind == "adj":
                    adjectives[text] = label
                elif kind == "place":
                    places.append(tuple(text.split(" ")))
                elif kind == "given":
                    given.add(text)
                elif kind == "family":
                    family.add(text)
        return cls(names, first_names, surnames, adjectives, places, given, family)

    def with_names_list(self, path: str | Path | None = None) -> "Gazetteer":
        """The gazetteer with the first names and surnames of the committed list (pipeline.ner.names)."""
        from pipeline.ner.names import NAMES_PATH, load_names

        self.given_names, self.family_names = load_names(path or NAMES_PATH)
        return self

    def matches(self, words: Sequence[str]) -> list[str]:
        """Per token "B-LABEL"/"I-LABEL" of the longest KB names found left to right, or ""."""
        return _longest_matches(words, self.names, self.longest)

    def place_matches(self, words: Sequence[str]) -> list[str]:
        """Per token "B-LOC"/"I-LOC" of the longest GeoNames places found left to right, or ""."""
        return _longest_matches(words, self.places, self.place_longest)

    def word_features(self, word: str) -> list[str]:
        """KB cues of the word alone: first name, surname, adjective, hyphen head, genitive."""
        f = []
        if word in self.first_names:
            f.append("kb_first")
        if word in self.surnames:
            f.append("kb_last")
        elif len(word) > 3 and word[-1] in "s'" and word[:-1] in self.surnames:
            f.append("kb_last_gen")
        if word in self.given_names:
            f.append("nl_first")
        if word in self.family_names:
            f.append("nl_last")
        elif len(word) > 3 and word[-1] in "s'" and word[:-1] in self.family_names:
            f.append("nl_last_gen")
        if len(word) > 3 and word.isupper() and word.isalpha():
            titled = word[0] + word[1:].lower()  # datelines: "BERLIN (dpa)"
            if titled in self.single:
                f.append(f"caps_kb={self.single[titled]}")
            elif (titled,) in self.places:
                f.append("caps_geo")
        part = self.parts.get(word)
        if part:
            f.append(f"kb_part={part}")
        adjective = self.adjectives.get(word.lower())
        if adjective:
            f.append(f"kb_adj={adjective}")
        if "-" in word.strip("-"):
            head = word.split("-")[0]
            label = self.single.get(head)
            if label:
                f.append(f"kb_hyph0={label}")
            elif head.lower() in self.adjectives:
                f.append(f"kb_hyph0adj={self.adjectives[head.lower()]}")
            if (head,) in self.places:
                f.append("geo_hyph0")  # "Zakynthos-Stadt", "Berlin-Mitte"
        derived_from = self._place_derived_from(word)
        if derived_from:
            f.append(f"place_deriv={derived_from}")
        return f

    def name_cues(self, word: str) -> tuple[str, ...]:
        """Whether the names list knows the word as a first name or surname, for its neighbours."""
        return tuple(cue for cue, names in (("nl=first", self.given_names), ("nl=last", self.family_names))
                     if word in names)

    def _place_derived_from(self, word: str) -> str:
        """"kb" or "geo" if the word is a place name plus a derivational ending ("Wiener",
        "brandenburgische", "Oberwiesenthalerin"), which GermEval labels LOCderiv; else ""."""
        lower = word.lower()
        for ending in PLACE_DERIVATION_ENDINGS:
            if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                stem = word[:1].upper() + word[1:-len(ending)]
                if self.single.get(stem) == "LOC":
                    return "kb"
                if (stem,) in self.places:
                    return "geo"
        return ""


def _longest_by_first_token(names: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """First token -> length of the longest name it starts, to bound the lookups at each position."""
    longest: dict[str, int] = {}
    for key in names:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


def _longest_matches(words: Sequence[str], names: dict[tuple[str, ...], str], longest: dict[str, int]) -> list[str]:
    """Per token "B-LABEL"/"I-LABEL" of the longest names found left to right, or ""."""
    n = len(words)
    found = [""] * n
    i = 0
    while i < n:
        for length in range(min(longest.get(words[i], 0), n - i), 0, -1):
            label = names.get(tuple(words[i:i + length]))
            if label:
                found[i] = "B-" + label
                for j in range(i + 1, i + length):
                    found[j] = "I-" + label
                i += length
                break
        else:
            i += 1
    return found
