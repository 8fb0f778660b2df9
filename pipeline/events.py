"""Political events in German sentences, coded to CAMEO root codes, with their actors, place and date.

    >>> detect("Putin und Kim haben am Mittwoch einen Pakt unterzeichnet.", mentions, date(2024, 6, 20))
    [Event(code='05', trigger='unterzeichnet', source=[('Q7747', 'Wladimir Putin'), ('Q56226', 'Kim Jong Un')],
           date='2024-06-19', …)]

No parser: triggers are inflected verb forms from pipeline/event_lexicon.yaml (generated once from the
lemmas), actors are the entity mentions of the trigger's clause placed by German word order — the first
mention not governed by a preposition is the subject (source), the next one or one after "gegen", "an",
"mit", … the target; a passive clause ("wurde … empfangen von X") swaps them.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import dates

LEXICON_PATH = Path(__file__).resolve().parent / "event_lexicon.yaml"
# Stored events carry it: a changed lexicon re-tags by itself; bump the number when the rules change.
VERSION = "1." + hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest()[:8]

Actor = tuple[str | None, str]


@dataclass
class Event:
    code: str
    trigger: str
    start: int
    end: int
    source: list[Actor]
    target: list[Actor]
    location: Actor | None
    date: str | None
    negated: bool
    future: bool
    confidence: float


@dataclass(frozen=True)
class Trigger:
    code: str
    lemma: str
    particle: str | None  # separable particle that must follow in the clause ("griff … an")
    needs: re.Pattern | None
    strength: float
    form: str  # "finite", "participle", "infinitive" or "zu-infinitive": passive and future readings depend on it
    needs_target: bool = False  # "treffen" is a meeting only with someone met ("trafen zum 1:0" is not)


# --- the lexicon: lemmas to inflected forms -------------------------------------------------------------

INSEPARABLE = ("be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "unter", "über", "hinter", "wider", "voll")


def _weak_stem(infinitive: str) -> str:
    return infinitive[:-1] if infinitive.endswith(("eln", "ern")) else infinitive[:-2]


def _needs_e(stem: str) -> bool:
    """Stems in -t, -d or consonant + m/n insert an e: unterzeichn-e-t, arbeit-e-te."""
    if stem.endswith(("t", "d")):
        return True
    # wohn-t and lern-t do not, zeichn-e-t does ("ch" is a consonant, a lone "h" lengthens the vowel).
    return stem[-1] in "mn" and stem[-2] not in "aeiouäöülrmn" and not (stem[-2] == "h" and stem[-3] != "c")


def _has_ge(infinitive: str) -> bool:
    return not (infinitive.startswith(INSEPARABLE) or infinitive.endswith("ieren"))


def verb_forms(spec: str) -> dict[str, str]:
    """Surface form -> "finite" | "participle" | "infinitive" for a lexicon verb spec, particle not included."""
    infinitive, *parts = spec.split()
    stem = _weak_stem(infinitive)
    e = "e" if _needs_e(stem) else ""
    forms = {infinitive: "infinitive"}
    if parts:  # strong or irregular: preterite stem, participle, present 3rd singular
        preterite, participle = parts[0], parts[1]
        third = parts[2] if len(parts) > 2 else stem + e + "t"
        second = third[:-1] + "st" if third.endswith("t") else third + "st"
        finite = [stem + "e", second, third, stem + e + "t", preterite, preterite + "st", preterite + "en",
                  preterite + "t", preterite + e + "t"]
    else:
        participle = ("ge" if _has_ge(infinitive) else "") + stem + e + "t"
        finite = [stem + "e", stem + e + "st", stem + e + "t", stem + e + "te", stem + e + "test",
                  stem + e + "ten", stem + e + "tet"]
    finite += [stem + "est", stem + "en"]  # subjunctive I, reported speech: "er unterzeichne", "sie bestreiten"
    for form in finite:
        forms.setdefault(form, "finite")
    forms[participle] = "participle"
    return forms


@functools.cache
def lexicon() -> tuple[dict[str, list[Trigger]], dict[str, list[Trigger]]]:
    """(forms standing alone, forms needing their particle later in the clause), read once per process."""
    joined: dict[str, list[Trigger]] = {}
    split: dict[str, list[Trigger]] = {}
    for code, entries in yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")).items():
        if code == "words":
            continue
        for entry in entries:
            entry = entry if isinstance(entry, dict) else {"v": entry}
            particle, _, spec = entry["v"].rpartition("|")
            needs = re.compile(entry["needs"], re.IGNORECASE) if entry.get("needs") else None
            lemma = particle + spec.split()[0]
            options = (needs, float(entry.get("strength", 1.0)))
            needs_target = bool(entry.get("target"))
            for form, kind in verb_forms(spec).items():
                if not particle:
                    joined.setdefault(form, []).append(Trigger(code, lemma, None, *options, kind, needs_target))
                    continue
                # Separable: joined in subordinate clauses, infinitives and participles; split in main clauses.
                joined.setdefault(particle + form, []).append(Trigger(code, lemma, None, *options, kind, needs_target))
                if kind == "infinitive":
                    joined.setdefault(particle + "zu" + form, []).append(
                        Trigger(code, lemma, None, *options, "zu-infinitive", needs_target))
                if kind != "participle":  # the infinitive is also the plural: "sie werfen ihm … vor"
                    split.setdefault(form, []).append(Trigger(code, lemma, particle, *options, "finite", needs_target))
    return joined, split


@dataclass(frozen=True)
class WordTrigger:
    code: str
    pattern: re.Pattern
    noun: bool
    needs: re.Pattern | None
    strength: float


@functools.cache
def word_triggers() -> tuple[WordTrigger, ...]:
    """Non-verb triggers: nouns naming an asserted event, adjectives and modal forms ("bereit", "müsse")."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")).get("words") or {}
    return tuple(WordTrigger(code, re.compile(entry["w"], re.IGNORECASE), bool(entry.get("noun")),
                             re.compile(entry["needs"], re.IGNORECASE) if entry.get("needs") else None,
                             float(entry.get("strength", 1.0)))
                 for code, entries in data.items() for entry in entries)


# --- tokens and clauses -----------------------------------------------------------------------------------

PARENTHESES_RE = re.compile(r"\([^()]*\)")
# Match reports read like fights and meetings ("trafen", "griffen an", "Angriff"): football has no events.
SPORTS_RE = re.compile(r"\b(?:Tor|Tore|Treffer|Elfmeter|Torhüter|Torwart|Abseits|Achtelfinale|Viertelfinale|"
                       r"Halbfinale|Halbzeit|Gruppenphase|Nationalmannschaft|Nationalelf|Nati|Trainer|Bundestrainer|"
                       r"Anpfiff|Schlusspfiff|Freistoß|Eckball|Stürmer|Verteidiger|Mittelfeld|Europameisterschaft|"
                       r"EM-\w+|WM-\w+|Fußball|Fussball|Olympia\w*)\b")
TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
CLAUSE_PUNCT = set(".;:!?–—„“”\"«»‚‘")
DETERMINERS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
               "diese", "dieser", "diesen", "diesem", "dieses"}
COORDINATORS = {"und", "sowie", "oder", ","}
NEGATIONS = {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "weder"}
PASSIVE_AUX = {"wurde", "wurden", "worden", "wird", "werden", "ist", "sind", "war", "waren"}
FUTURE_CUES = {"wird", "werden", "werde", "wolle", "will", "wollen", "soll", "sollen", "solle", "plant",
               "planen", "plane", "geplant", "beabsichtigt", "möchte", "möchten", "vorhaben", "angekündigt",
               "kündigte", "kündigten", "kündigt", "ankündigen", "wollte", "wollten", "sollte", "sollten"}
# A denial verb negates the accused act in the clause it governs ("bestreitet, Waffen geliefert zu haben").
DENIALS = {"bestreiten", "dementieren", "leugnen", "zurückweisen"}
ACCUSATIONS = {"beschuldigen", "vorwerfen", "anklagen", "bezichtigen"}
PREPOSITIONS = {"gegen", "an", "am", "mit", "nach", "zu", "zum", "zur", "auf", "für", "bei", "beim", "in", "im",
                "von", "vom", "durch", "aus", "über", "unter", "vor", "um", "laut", "seit", "wegen", "trotz",
                "zwischen", "ohne", "gegenüber", "seitens", "dank", "neben", "hinter", "bis", "ab", "innerhalb"}
AGENT_PREPOSITIONS = {"von", "vom", "durch", "seitens"}
TARGET_PREPOSITIONS = {"gegen", "an", "mit", "zu", "zum", "zur", "auf", "für", "bei", "beim", "gegenüber"}
LOCATION_PREPOSITIONS = {"in", "im"}
# Nouns for the people who act for a state: an adjective mention before them names an actor.
ACTOR_NOUNS = ("Regierung", "Armee", "Streitkräfte", "Truppen", "Militär", "Präsident", "Präsidentin", "Staatschef",
               "Machthaber", "Führung", "Behörden", "Ministerium", "Minister", "Ministerin", "Soldaten", "Marine",
               "Luftwaffe", "Polizei", "Justiz", "Diplomaten", "Botschafter", "Delegation", "Kanzler", "Kanzlerin",
               "Parlament", "Regierungschef", "Staatsoberhaupt", "Sprecher", "Sprecherin", "Einheiten", "Seite",
               "Staatsmedien", "Nachrichtenagentur", "Geheimdienst", "Kräfte", "Staatsführung", "Generalstab")
TRAVEL = {"reisen", "eintreffen", "fliegen", "landen", "besuchen"}  # "nach X" is where they go: the target


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def _tokens(sentence: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(sentence)]


def _clauses(tokens: list[Token], mentions: list) -> list[tuple[int, int]]:
    """Token ranges of clauses: split at sentence-internal punctuation and quotes, and at commas that do
    not stand between two names of a list ("Putin, Kim und Lawrow")."""
    starts, ends = {m.start for m in mentions}, {m.end for m in mentions}
    ranges, first = [], 0
    for i, token in enumerate(tokens):
        in_list = 0 < i < len(tokens) - 1 and tokens[i - 1].end in ends and tokens[i + 1].start in starts
        boundary = token.text in CLAUSE_PUNCT or (token.text == "," and not in_list)
        if boundary:
            if i > first:
                ranges.append((first, i))
            first = i + 1
    if first < len(tokens):
        ranges.append((first, len(tokens)))
    return ranges


# --- detection ----------------------------------------------------------------------------------------------

def detect(sentence: str, mentions: list, published: datetime.date) -> list[Event]:
    """Events in `sentence`; `mentions` are its entity mentions with offsets relative to the sentence."""
    if SPORTS_RE.search(sentence) or DOMAIN_RE.search(sentence):
        return []
    joined, split = lexicon()
    tokens = _tokens(sentence)
    # A name in parentheses is a gloss ("Lisa Paus (Grüne)"), not an actor of its own.
    glosses = [m.span() for m in PARENTHESES_RE.finditer(sentence)]
    mentions = sorted((m for m in mentions if not any(a <= m.start < b for a, b in glosses)), key=lambda m: m.start)
    clauses = _clauses(tokens, mentions)
    events: list[Event] = []
    seen: set[tuple[str, int]] = set()
    for number, (first, last) in enumerate(clauses):
        clause_text = sentence[tokens[first].start:tokens[last - 1].end]
        for i in range(first, last):
            for trigger in _triggers(tokens, i, first, last, joined, split):
                if (trigger.needs and not trigger.needs.search(clause_text)) or (trigger.code, number) in seen:
                    continue
                event = _event(sentence, tokens, mentions, clauses, number, i, trigger, published)
                if trigger.needs_target and not event.target and len(event.source) < 2:
                    continue
                seen.add((trigger.code, number))
                events.append(event)
        for i in range(first, last):
            for trigger in _word_triggers(tokens, i, first, clause_text):
                if (trigger.code, number) in seen:
                    continue
                seen.add((trigger.code, number))
                event = _event(sentence, tokens, mentions, clauses, number, i, trigger, published)
                event.nominal = trigger.form == "noun"
                events.append(event)
    return _settle(sentence, tokens, clauses, events)


# Statement content that criticises: the statement is a disapproval (11), not a plain statement (01).
CRITICISM_RE = re.compile(r"\b(?:absurd\w*|inakzeptabel\w*|unannehmbar\w*|unverantwortlich\w*|skandal\w*|"
                          r"\w*bruch|\w*missbrauch|\w*chaos|skrupellos\w*|verantwortungslos\w*|empör\w*|"
                          r"verlogen\w*|heuchle?risch\w*|rechtswidrig\w*|völkerrechtswidrig\w*|illegal\w*|"
                          r"grobe\w* Verletzung|Provokation\w*|provokativ\w*|Erpressung|Verrat|Schande|Farce|"
                          r"scharf\w* Kritik|Massenmord\w*|Kriegsverbrech\w*|Verbrechen|Lüge\w*|Propaganda|"
                          r"beschämend\w*|unfair\w*|protektionist\w*|diskriminier\w*|wahres Gesicht)\b", re.IGNORECASE)
# An announcement of a hostile measure is a threat (13), of a neutral step a statement (01).
HOSTILE_RE = re.compile(r"Gegenmaßnahme|Gegenmassnahme|Vergeltung|rechtliche\w* Schritte|Konsequenzen|reagieren",
                        re.IGNORECASE)
NEUTRAL_STEP_RE = re.compile(r"\b(?:prüfen|überprüfen|überdenken|vorlegen|vorzulegen|vorstellen|vorzustellen|"
                             r"untersuchen|Gesetzentwurf|Hauptaugenmerk)\b")
# Events in a hypothetical clause are not coded ("die Möglichkeit, dass Russland … unterstütze").
MODAL_DEMANDS = {"müsse", "müssten", "solle"}  # a demand only when the sentence has no other event
NOUNS_ONLY_ALONE = {"04"}  # meeting nouns beside a verbal event are mostly background ("zum Abschluss der IMK")
HYPOTHETICAL = {"könnte", "könnten", "könne", "dürfte", "dürften", "würde", "würden", "wäre", "wären",
                "möglicherweise", "vielleicht", "falls", "wenn", "ob", "hätte", "hätten"}


def _settle(sentence: str, tokens, clauses, events: list[Event]) -> list[Event]:
    """Sentence-level rules: hypothetical events are dropped, statements are recoded by their content and
    kept only when the sentence carries no other event."""
    kept = []
    verbal = {e.code for e in events if e.code != "01" and not getattr(e, "nominal", False)}
    for event in events:
        if getattr(event, "nominal", False) and event.code in NOUNS_ONLY_ALONE and verbal:
            continue
        if event.code == "10" and event.trigger.lower() in MODAL_DEMANDS and verbal - {"10"}:
            continue
        clause = next(c for c in clauses if tokens[c[0]].start <= event.start < tokens[c[1] - 1].end + 1)
        words = {t.text.lower() for t in tokens[clause[0]:clause[1]]}
        if words & HYPOTHETICAL and event.code not in ("01", "13"):
            continue
        if event.code == "03" and event.trigger.lower().startswith(("kündig", "angekündig", "ankündig")):
            if "sich" in words:  # "Tausende Anhänger haben sich angekündigt": an arrival, not a commitment
                continue
            if verbal & {"11", "13", "16", "17", "19"}:  # an announced hostile measure is coded as the measure
                continue
            if HOSTILE_RE.search(sentence):
                event.code = "13"
            elif NEUTRAL_STEP_RE.search(sentence):
                event.code = "01"
        kept.append(event)
    events = kept
    if any(e.code != "01" for e in events):
        return [e for e in events if e.code != "01"]
    statements = [e for e in events if _is_statement(sentence, tokens, clauses, e)][:1]
    for event in statements:
        if event.trigger.lower() in _DENIAL_FORMS and DENIED_DELIVERY_RE.search(sentence):
            event.code, event.negated = "07", True  # "Beide Regierungen bestreiten Waffengeschäfte": the denied act
            continue
        if CRITICISM_RE.search(sentence) and event.trigger.lower() not in _DENIAL_FORMS:
            event.code = "11"
    return statements


# Economy, markets and weather: statements there are not political events (quotes are still recorded).
DOMAIN_RE = re.compile(r"\b(?:Konjunktur\w*|\w*[Ii]ndex|Zähler|Inflation\w*|Leitzins\w*|Aktie\w*|DAX|Börse\w*|"
                       r"Unwetter\w*|Hochwasser\w*|Erdrutsch\w*|Murgang\w*|Gewitter\w*|Überschwemmung\w*|"
                       r"Evakuier\w*|Umsatz\w*|Gewinn\w*|Quartal\w*|Prozentpunkt\w*|Stadion\w*|Fans?|Nationalbank|"
                       r"Notenbank|Zentralbank|EZB|Devisenmarkt\w*|Anleger\w*|Rendite\w*|Wirtschaftswachstum)\b")


def _is_statement(sentence, tokens, clauses, event) -> bool:
    """A speech act by a political actor: not a media credit ("wie die Polizei mitteilte"), not vox pop
    ("…, sagt er" in a feature), not about markets or weather."""
    clause = next(c for c in clauses if tokens[c[0]].start <= event.start <= tokens[c[1] - 1].end)
    if tokens[clause[0]].text.lower() == "wie":
        return False
    if not event.source and event.trigger.lower() in ("sagt", "meint", "erzählt", "sagen"):
        return False
    return True


DENIED_DELIVERY_RE = re.compile(r"Lieferung|Waffengeschäft|Waffenhandel|Waffen\b|Munition|Rüstungsgüter")
_DENIAL_FORMS = {"bestreiten", "bestreitet", "bestritt", "bestritten", "dementiert", "dementierte", "zurückgewiesen",
                 "wies", "weist", "weisen", "leugnet", "leugnete"}
ANCHOR_PREPOSITIONS = {"nach", "vor", "seit", "während", "bei", "wegen", "trotz", "infolge", "anlässlich"}
DEFINITE = {"der", "die", "das", "den", "dem", "des", "dessen", "deren", "seinem", "seinen", "seiner", "seines",
            "sein", "seine", "ihrem", "ihren", "ihrer", "ihres", "ihr", "ihre", "diesem", "dieser", "diesen", "dieses"}


def _word_triggers(tokens, i, first, clause_text) -> list[Trigger]:
    word = tokens[i].text
    found = []
    for entry in _word_entries(word):
        if entry.noun and (not word[0].isupper() or _anchored(tokens, i, first)):
            continue
        if not entry.noun and not word[0].islower():
            continue
        if entry.needs and not entry.needs.search(clause_text):
            continue
        found.append(Trigger(entry.code, word.lower(), None, None, entry.strength, "noun" if entry.noun else "word"))
    return found


@functools.cache
def _any_word_trigger() -> re.Pattern:
    return re.compile("|".join(f"(?:{entry.pattern.pattern})" for entry in word_triggers()), re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def _word_entries(word: str) -> tuple[WordTrigger, ...]:
    if not _any_word_trigger().fullmatch(word):
        return ()
    return tuple(entry for entry in word_triggers() if entry.pattern.fullmatch(word))


def _anchored(tokens, i, first) -> bool:
    """"nach der Unterzeichnung", "kurz vor Putins Besuch", "beim Treffen": a time anchor, not an event."""
    before = [t.text for t in tokens[max(first, i - 3):i]]
    if before and before[-1].lower() in ("beim", "vom"):
        return True
    for k in range(len(before) - 1, -1, -1):
        word = before[k]
        if word.lower() in ANCHOR_PREPOSITIONS:
            between = before[k + 1:]
            return any(w.lower() in DEFINITE or (w[:1].isupper() and w.endswith("s")) for w in between)
    return False


def _triggers(tokens, i, first, last, joined, split) -> list[Trigger]:
    token = tokens[i]
    word = token.text
    # Verbs are written in lower case; a capitalised form mid-sentence is a noun ("das Treffen").
    if not word[0].islower() and i > 0:
        return []
    word = word.lower()
    # "der unterzeichnete Vertrag": a participle used as adjective is no event.
    if i + 1 < last and tokens[i + 1].text[:1].isupper() and word.endswith(("te", "ten", "tes", "tem", "ter", "ene", "enen")) \
            and any(t.text.lower() in DETERMINERS for t in tokens[max(first, i - 3):i]) \
            and not any(t.text[:1].isupper() for t in tokens[max(first, i - 3) + 1:i]):
        return []
    if i > first and tokens[i - 1].text.lower() in DETERMINERS and i + 1 < last and tokens[i + 1].text[:1].isupper():
        return []
    found = list(joined.get(word, ()))
    for trigger in split.get(word, ()):
        if _particle_follows(tokens, i, last, trigger.particle):
            found.append(trigger)
    # A separable verb found split also matches its base verb ("weist … zurück" vs. "weist"): keep the longer.
    split_lemmas = {t.lemma for t in found if t.particle}
    return [t for t in found if t.particle or not any(s.endswith(t.lemma) for s in split_lemmas)]


def _particle_follows(tokens: list[Token], i: int, last: int, particle: str) -> bool:
    """The particle closes the clause ("sicherte … Unterstützung zu."), so "zu" as a preposition does not count."""
    for j in range(i + 1, last):
        if tokens[j].text == particle and (j + 1 == last or tokens[j + 1].text in COORDINATORS):
            return True
    return last < len(tokens) and tokens[last - 1].text == particle


def _event(sentence, tokens, mentions, clauses, number, i, trigger, published) -> Event:
    first, last = clauses[number]
    span = (tokens[first].start, tokens[last - 1].end)
    words = [t.text.lower() for t in tokens[first:last]]
    inside = [m for m in mentions if span[0] <= m.start < span[1]]
    passive = trigger.form == "participle" and any(w in PASSIVE_AUX for w in words)
    subjectless = trigger.form == "zu-infinitive" or (i > first and tokens[i - 1].text == "zu")
    source, target, location = _roles(tokens, inside, trigger, passive, subjectless)
    if subjectless:  # "werfen Pjöngjang vor, Russland Munition zu liefern": the accused is the source
        source = _previous_clause_actor(tokens, mentions, clauses, number, accused=_accuses(tokens, clauses, number))
    elif not source and not passive and all(t.text.lower() in COORDINATORS for t in tokens[first:i]):
        source = _previous_clause_actor(tokens, mentions, clauses, number, accused=False)
    future = _is_future(tokens, clauses, number, trigger, words)
    date = dates.resolve(sentence[span[0]:span[1]], published, future)
    if date and not future and trigger.form != "participle" and date > published.isoformat():
        future = True
    negated = _is_negated(words, tokens, clauses, number, trigger)
    confidence = trigger.strength * (0.55 + (0.3 if source else 0.0) + (0.15 if target or location else 0.0))
    token = tokens[i]
    return Event(trigger.code, token.text, token.start, token.end, source, target, location, date, negated, future,
                 round(min(1.0, confidence), 3))


# --- roles ----------------------------------------------------------------------------------------------------

def _groups(tokens: list[Token], mentions: list) -> list[tuple[str | None, list]]:
    """Mentions grouped into noun phrases and lists of them, each with the preposition governing it.

    "Der russische Präsident Wladimir Putin und Kim Jong Un" is one group; an adjective mention ("russische")
    or a genitive before a title yields to the person it describes.
    """
    groups: list[tuple[str | None, list]] = []
    previous_end = None
    for mention in mentions:
        if mention.text[:1].islower() and not _before_actor_noun(tokens, mention):
            continue  # "die russische Invasion" names no actor; "die russische Regierung" does
        between = [t.text for t in tokens if previous_end is not None and previous_end <= t.start < mention.start]
        preposition = _governing_preposition(tokens, mention)
        if groups and previous_end is not None and _continues(between, groups[-1][1][-1], mention):
            prep, members = groups[-1]
            if any(w in COORDINATORS for w in between):
                members.append(mention)
            else:  # apposition: the later, more specific name replaces the describing one
                members[-1] = _more_specific(members[-1], mention)
        else:
            groups.append((preposition, [mention]))
        previous_end = mention.end
    return groups


def _continues(between: list[str], before, mention) -> bool:
    if len(between) > 5:
        return False
    if any(w.lower() in PREPOSITIONS or w in CLAUSE_PUNCT for w in between):
        return False
    if not between:  # "Kim Putin": two names in a row are two phrases, unless the first describes the second
        same = (before.qid, before.name) == (mention.qid, mention.name)
        return same or before.text[:1].islower() or before.text.endswith("s")
    lowercase = [w for w in between if w[:1].islower() and w.lower() not in DETERMINERS and w not in COORDINATORS]
    # Only adjectives may stand lower-case between names of one phrase: a verb ends the phrase.
    return all(w.endswith(("e", "en", "er", "es", "em")) and not _is_verb(w) for w in lowercase)


def _is_verb(word: str) -> bool:
    joined, split = lexicon()
    return word in joined or word in split or word in PASSIVE_AUX or word in FUTURE_CUES or word in {"haben", "hat", "hatte"}


def _before_actor_noun(tokens: list[Token], mention) -> bool:
    following = next((t.text for t in tokens if t.start > mention.end), "")
    return following.endswith(ACTOR_NOUNS)


def _more_specific(before, after):
    return after if after.label in ("PER", "ORG") or before.text[:1].islower() else before


def _governing_preposition(tokens: list[Token], mention) -> str | None:
    """The preposition a few words before the mention, unless a verb or punctuation comes between."""
    before = [t for t in tokens if t.end <= mention.start][-4:]
    for token in reversed(before):
        word = token.text.lower()
        if word in PREPOSITIONS:
            return word
        if token.text in CLAUSE_PUNCT or token.text == "," or (word[:1].islower() and _is_verb(word)):
            return None
    return None


def _actors(members: list) -> list[Actor]:
    actors: list[Actor] = []
    for mention in members:
        actor = (mention.qid, mention.name)
        if actor not in actors:
            actors.append(actor)
    return actors


def _roles(tokens, mentions, trigger, passive, subjectless) -> tuple[list[Actor], list[Actor], Actor | None]:
    source: list[Actor] = []
    target: list[Actor] = []
    location: Actor | None = None
    travel = trigger.lemma in TRAVEL
    for preposition, members in _groups(tokens, mentions):
        if preposition is None:
            if (passive or subjectless) and not target:
                target = _actors(members)
            elif not passive and not source:
                source = _actors(members)
            elif not target:
                target = _actors(members)
        elif preposition in AGENT_PREPOSITIONS and passive and not source:
            source = _actors(members)
        elif preposition == "nach" and travel:  # the last "nach X" before the verb is where they go
            target, location = _actors(members), _place(members)
        elif preposition in LOCATION_PREPOSITIONS and location is None and _place(members):
            location = _place(members)
        elif preposition in TARGET_PREPOSITIONS and not target and not (travel and preposition in ("an", "am")):
            target = _actors(members)
    return source, target, location


def _place(members: list) -> Actor | None:
    places = [m for m in members if m.label == "LOC" and not m.text[:1].islower()]
    return (places[0].qid, places[0].name) if places else None


def _previous_clause_actor(tokens, mentions, clauses, number, accused: bool) -> list[Actor]:
    """The subject of the clause before (or its object, for the accused of "beschuldigen", "vorwerfen"):
    the actor of a clause that has none of its own ("…, dankte und erklärte", "…, Waffen zu liefern")."""
    if number == 0:
        return []
    previous_first, previous_last = clauses[number - 1]
    span = (tokens[previous_first].start, tokens[previous_last - 1].end)
    plain = [members for preposition, members in _groups(tokens, [m for m in mentions if span[0] <= m.start < span[1]])
             if preposition is None]
    wanted = 1 if accused else 0
    return _actors(plain[wanted]) if len(plain) > wanted else []


def _accuses(tokens, clauses, number) -> bool:
    if number == 0:
        return False
    joined, split = lexicon()
    first, last = clauses[number - 1]
    words = [t.text.lower() for t in tokens[first:last]]
    return any(t.lemma in ACCUSATIONS and (t.particle is None or t.particle in words)
               for w in words for t in [*joined.get(w, ()), *split.get(w, ())])


# --- modality -----------------------------------------------------------------------------------------------------

def _is_negated(words: list[str], tokens, clauses, number, trigger) -> bool:
    if trigger.lemma == "ausschließen":  # "schließt nicht aus" is an announcement, not a negation
        return False
    if any(w in NEGATIONS for w in words) and "nicht nur" not in " ".join(words):
        return True
    # The act a denial is about: "Moskau bestreitet, Waffen geliefert zu haben."
    if number > 0 and trigger.lemma not in DENIALS:
        first, last = clauses[number - 1]
        return _denies([t.text.lower() for t in tokens[first:last]])
    return False


def _denies(words: list[str]) -> bool:
    joined, split = lexicon()
    for word in words:
        if any(t.lemma in DENIALS for t in joined.get(word, ())):
            return True
        if any(t.lemma in DENIALS and t.particle in words for t in split.get(word, ())):
            return True
    return False


def _is_future(tokens, clauses, number, trigger, words) -> bool:
    """Future or plan: an infinitive under "wird", "will", "soll", "plant" in its clause, or a zu-infinitive
    after "kündigte an", "plant" in the clause before."""
    if trigger.form == "noun":
        return any(w in FUTURE_CUES for w in words)
    if trigger.form not in ("infinitive", "zu-infinitive"):
        return False
    if any(w in FUTURE_CUES for w in words):
        return True
    if number > 0:
        first, last = clauses[number - 1]
        return any(t.text.lower() in FUTURE_CUES for t in tokens[first:last])
    return False
