"""Political events in German sentences, coded to CAMEO root codes, with their actors, place and date.

    >>> detect("Putin und Kim haben am Mittwoch einen Pakt unterzeichnet.", mentions, date(2024, 6, 20))
    [Event(code='05', trigger='unterzeichnet', source=[('Q7747', 'Wladimir Putin'), ('Q56226', 'Kim Jong Un')],
           date='2024-06-19', …)]

No parser: triggers are inflected verb forms from pipeline/event_lexicon.yaml (generated once from the
lemmas), actors are the entity mentions of the trigger's clause placed by German word order — the first
mention not governed by a preposition is the subject (source), the next one or one after "gegen", "an",
"mit", … the target; a passive clause ("wurde … empfangen von X") swaps them, a receiving verb ("erhielt
Munition aus X") too. Verbs needing an object ("liefern" Waffen) find it in their clause or, in a relative or
complement clause, in the clause it hangs on. Event nouns ("Waffenlieferungen", "EU-Strafzölle", "Luftangriff")
count when the sentence asserts them. An unnamed actor described by a group or person noun ("ukrainische
Ermittler", "ein Sprecher des Ministeriums") is kept as written.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from pipeline import dates
from pipeline import kb as knowledge_base

LEXICON_PATH = Path(__file__).resolve().parent / "event_lexicon.yaml"
# Stored events carry it: a changed lexicon re-tags by itself; bump the number when the rules change.
VERSION = "8." + hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest()[:8]

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
    form: str  # "present", "finite", "participle", "infinitive" or "zu-infinitive": passive, future and date readings depend on it
    needs_target: bool = False  # "treffen" is a meeting only with someone met ("trafen zum 1:0" is not)
    cancels: bool = False  # "absagen", "Absage": the event did not take place (coded negated)
    receive: bool = False  # "erhielt Munition aus Nordkorea": the giver ("von", "aus") is the source, the subject the target


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
    """Surface form -> "present" | "finite" | "participle" | "infinitive" for a lexicon verb spec, particle not
    included; "finite" are the preterite and subjunctive forms."""
    infinitive, *parts = spec.split()
    stem = _weak_stem(infinitive)
    e = "e" if _needs_e(stem) else ""
    forms = {infinitive: "infinitive"}
    if parts:  # strong or irregular: preterite stem, participle, present 3rd singular
        preterite, participle = parts[0], parts[1]
        third = parts[2] if len(parts) > 2 else stem + e + "t"
        second = third[:-1] + "st" if third.endswith("t") else third + "st"
        present = [stem + "e", second, third, stem + e + "t"]
        if preterite.endswith("e"):  # mixed verbs: "nannte", "nannten", "brachtet"
            finite = [preterite, preterite + "st", preterite + "n", preterite + "t"]
        else:
            finite = [preterite, preterite + "st", preterite + "en", preterite + "t", preterite + e + "t"]
    else:
        participle = ("ge" if _has_ge(infinitive) else "") + stem + e + "t"
        present = [stem + "e", stem + e + "st", stem + e + "t"]
        finite = [stem + e + "te", stem + e + "test", stem + e + "ten", stem + e + "tet"]
    finite += [stem + "est", stem + "en"]  # subjunctive I, reported speech: "er unterzeichne", "sie bestreiten"
    for form in present:
        forms.setdefault(form, "present")
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
            flags = (needs_target, bool(entry.get("cancels")), bool(entry.get("receive")))
            for form, kind in verb_forms(spec).items():
                if not particle:
                    joined.setdefault(form, []).append(Trigger(code, lemma, None, *options, kind, *flags))
                    continue
                # Separable: joined in subordinate clauses, infinitives and participles; split in main clauses.
                joined.setdefault(particle + form, []).append(Trigger(code, lemma, None, *options, kind, *flags))
                if kind == "infinitive":
                    joined.setdefault(particle + "zu" + form, []).append(
                        Trigger(code, lemma, None, *options, "zu-infinitive", *flags))
                if kind != "participle":  # the infinitive is also the plural: "sie werfen ihm … vor"
                    split_kind = "present" if kind in ("present", "infinitive") else "finite"
                    split.setdefault(form, []).append(Trigger(code, lemma, particle, *options, split_kind, *flags))
    return joined, split


@dataclass(frozen=True)
class WordTrigger:
    code: str
    pattern: re.Pattern
    noun: bool
    needs: re.Pattern | None
    strength: float
    cancels: bool = False


@functools.cache
def word_triggers() -> tuple[WordTrigger, ...]:
    """Non-verb triggers: nouns naming an asserted event, adjectives and modal forms ("bereit", "müsse")."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")).get("words") or {}
    return tuple(WordTrigger(code, re.compile(entry["w"], re.IGNORECASE), bool(entry.get("noun")),
                             re.compile(entry["needs"], re.IGNORECASE) if entry.get("needs") else None,
                             float(entry.get("strength", 1.0)), bool(entry.get("cancels")))
                 for code, entries in data.items() for entry in entries)


# --- tokens and clauses -----------------------------------------------------------------------------------

PARENTHESES_RE = re.compile(r"\([^()]*\)")
# Match reports read like fights and meetings ("trafen", "griffen an", "Angriff"): football has no events.
SPORTS_RE = re.compile(r"\b(?:Tor|Tore|Elfmeter|Torhüter|Torwart|Abseits|Achtelfinale|Viertelfinale|"
                       r"Halbfinale|Halbzeit|Gruppenphase|Nationalmannschaft\w*|Nationalelf|Nati|Trainer\w*|Bundestrainer\w*|"
                       r"Anpfiff|Schlusspfiff|Freistoß|Eckball|Stürmer|Mittelfeld|Europameisterschaft\w*|Weltmeisterschaft\w*|Teamumfeld|"
                       r"(?:EM|WM)-(?:Spiel|Auftakt|Gruppe|Achtelfinal|Viertelfinal|Halbfinal|Finale|Qualifikation|Kader|"
                       r"Quartier|Tor|Debüt)\w*|DFB-\w+|ÖFB-\w+|\w+-Elf|Bundesliga|UEFA|FIFA|Teamchef\w*|Mannschaft\w*|"
                       r"Gruppenspiel\w*|Gruppendritte\w*|Gruppenfinale|eingewechselt\w*|Einwechsel\w*|Tross|Partie|"
                       r"Foul\w*|Videoassistent\w*|Gruppe [A-H]|Team|Teams|"
                       r"FC|SC|VfB|VfL|TSG|Borussia|Eintracht|Hertha|Werder|Atlético|Olympique|Ajax|Juventus|Lazio|"
                       r"Real Madrid|Inter Mailand|AC Mailand|Manchester (?:United|City)|Tottenham|Paris Saint-Germain|"
                       r"Startelf|Turnier\w*|Elfmeterpunkt|Flachschuss|Kopfball|Ausgleichstor|Ausgleichstreffer|Remis|Gruppensieg\w*|"
                       r"Fußball\w*|Fussball\w*|Olympia\w*|Spieler\w*|Abpfiff|Schiedsrichter|Foulelfmeter|Rote[nr]? Karte)\b")
# Relative clauses describe a referent ("die Sanktionen, die gegen beide Staaten verhängt sind"), generic
# "wer"-clauses describe nobody in particular: neither asserts a new event.
RELATIVE_PRONOUNS = {"der", "die", "das", "den", "dem", "deren", "dessen", "denen", "welche", "welcher", "welches",
                     "welchen", "wer"}
CONDITIONAL_OPENERS = {"sollte", "sollten", "falls", "wenn"}
TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
CLAUSE_PUNCT = set(".;:!?–—„“”\"«»‚‘")
DETERMINERS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
               "diese", "dieser", "diesen", "diesem", "dieses"}
ARTICLES = DETERMINERS | {"kein", "keine", "keinen", "keinem", "keiner", "keines", "jede", "jeder", "jeden", "jedes"}
COORDINATORS = {"und", "sowie", "oder", ","}
NEGATIONS = {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "weder"}
PASSIVE_AUX = {"wurde", "wurden", "worden", "wird", "werden", "ist", "sind", "war", "waren"}
FUTURE_CUES = {"wird", "werden", "werde", "wolle", "will", "wollen", "soll", "sollen", "solle", "plant",
               "planen", "plane", "geplant", "beabsichtigt", "möchte", "möchten", "vorhaben", "angekündigt",
               "kündigte", "kündigten", "kündigt", "ankündigen", "wollte", "wollten", "sollte", "sollten"}
# A denial verb negates the accused act in the clause it governs ("bestreitet, Waffen geliefert zu haben").
DENIALS = {"bestreiten", "dementieren", "leugnen", "zurückweisen"}
PREPOSITIONS = {"gegen", "an", "am", "mit", "nach", "zu", "zum", "zur", "auf", "für", "bei", "beim", "in", "im",
                "von", "vom", "durch", "aus", "über", "unter", "vor", "um", "laut", "seit", "wegen", "trotz",
                "zwischen", "ohne", "gegenüber", "seitens", "dank", "neben", "hinter", "bis", "ab", "innerhalb"}
AGENT_PREPOSITIONS = {"von", "vom", "durch", "seitens"}
TARGET_PREPOSITIONS = {"gegen", "an", "mit", "zu", "zum", "zur", "auf", "für", "bei", "beim", "gegenüber"}
LOCATION_PREPOSITIONS = {"in", "im"}
# Nouns for the people who act for a state: an adjective mention before them names an actor.
ACTOR_NOUNS = ("Regierung", "Armee", "ministerium", "Botschaft", "Präsidialamt", "Staatsanwaltschaft", "Streitkräfte", "Truppen", "Militär", "Präsident", "Präsidentin", "Staatschef",
               "Machthaber", "Führung", "Behörden", "Ministerium", "Minister", "Ministerin", "Soldaten", "Marine",
               "Luftwaffe", "Polizei", "Justiz", "Diplomaten", "Botschafter", "Delegation", "Kanzler", "Kanzlerin",
               "Parlament", "Regierungschef", "Staatsoberhaupt", "Sprecher", "Sprecherin", "Einheiten", "Seite",
               "Staatsmedien", "Nachrichtenagentur", "Geheimdienst", "Kräfte", "Staatsführung", "Generalstab")
TRAVEL = {"reisen", "weiterreisen", "eintreffen", "fliegen", "landen", "besuchen", "fortsetzen"}  # "nach X" is where they go: the target


class Token(NamedTuple):
    text: str
    start: int
    end: int


@functools.lru_cache(maxsize=256)
def _tokens(sentence: str) -> tuple[Token, ...]:
    """Word and punctuation tokens; cached, as events and quotes of one sentence both need them."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(sentence))


@functools.lru_cache(maxsize=4096)
def _sporty(name: str) -> bool:
    return bool(SPORTS_RE.search(name))


def _clauses(tokens: list[Token], mentions: list) -> list[tuple[int, int]]:
    """Token ranges of clauses: split at sentence-internal punctuation and quotes, and at commas that do
    not stand between two names of a list ("Putin, Kim und Lawrow")."""
    starts, ends = {m.start for m in mentions}, {m.end for m in mentions}
    marks = _fragment_quote_marks(tokens)
    ranges, first = [], 0
    for i, token in enumerate(tokens):
        in_list = 0 < i < len(tokens) - 1 and tokens[i - 1].end in ends and tokens[i + 1].start in starts
        ordinal = token.text == "." and i > 0 and tokens[i - 1].text.isdigit() and i + 1 < len(tokens) \
            and (tokens[i + 1].text[:1].isupper() or tokens[i + 1].text.isdigit())  # "am 26. Juni", "das 14. Paket"
        decimal = token.text == "," and 0 < i < len(tokens) - 1 and tokens[i - 1].text.isdigit() \
            and tokens[i + 1].text.isdigit() and tokens[i - 1].end == token.start == tokens[i + 1].start - 1  # "2,3 Milliarden"
        boundary = (token.text in CLAUSE_PUNCT and i not in marks and not ordinal) or \
            (token.text == "," and not in_list and not decimal and not _noun_list_comma(tokens, i))
        if boundary:
            if i > first:
                ranges.append((first, i))
            first = i + 1
    if first < len(tokens):
        ranges.append((first, len(tokens)))
    return ranges


QUOTE_MARKS = set("„“”\"«»‚‘")
LIST_JOINERS = {"und", "oder", "sowie"}


def _noun_list_comma(tokens, i) -> bool:
    """A comma inside an enumeration of nouns ("über Wirtschaft, Energie, Verkehr und Sicherheit sprechen"):
    a noun before it, and after it up to three words ending in another list comma or in "und"/"oder" + a noun."""
    if not (0 < i < len(tokens) - 1 and tokens[i - 1].text[:1].isupper() and tokens[i - 1].text.isalpha()
            and tokens[i + 1].text[:1].isupper() and tokens[i + 1].text.isalpha()):
        return False
    if i - 1 == 0 or tokens[i - 2].text in CLAUSE_PUNCT or tokens[i + 1].text.lower() in RELATIVE_PRONOUNS | {"dass", "er", "sie", "es", "wir"}:
        return False
    for k in range(i + 1, min(len(tokens), i + 5)):
        word = tokens[k].text
        if word == ",":
            return k > i + 1 and tokens[k - 1].text[:1].isupper()
        if word in LIST_JOINERS:
            return k + 1 < len(tokens) and (tokens[k + 1].text[:1].isupper() or
                                            (k + 2 < len(tokens) and tokens[k + 2].text[:1].isupper()))
        if word in CLAUSE_PUNCT or (word[:1].islower() and _is_verb(word.lower())):
            return False
    return False



def _fragment_quote_marks(tokens: list[Token]) -> set[int]:
    """Token indexes of quote marks around a short quoted phrase inside a clause ("sicherte Putin die „volle
    Unterstützung“ zu"): they do not end the clause as the marks around direct speech do."""
    marks, opening = set(), None
    for i, token in enumerate(tokens):
        if token.text not in QUOTE_MARKS:
            continue
        if opening is None:
            opening = i
            continue
        inner = tokens[opening + 1:i]
        if 0 < len(inner) <= 5 and not any(t.text in ".!?:;," for t in inner):
            marks.update((opening, i))
        opening = None
    return marks


# --- detection ----------------------------------------------------------------------------------------------

def detect(sentence: str, mentions: list, published: datetime.date, context: list | None = None) -> list[Event]:
    """Events in `sentence`; `mentions` are its entity mentions with offsets relative to the sentence,
    `context` (optional) the mentions of the sentences before it, oldest first: an actor the sentence only
    refers to ("er", "der Kremlchef", "beide Länder") is resolved against them."""
    if SPORTS_RE.search(sentence) or DOMAIN_RE.search(sentence) or any(_sporty(m.text) for m in context or []):
        return []  # a match report (also by the names of the sentences before: "DFB-Elf", "UEFA")
    if sentence.rstrip(" “”\"«»").endswith("?"):
        # "Nordkorea liefert Munition, Russland zahlt – aber womit?": a statement before a dash stands;
        # "Wie viel Munition wurde geliefert?": a question asserts nothing.
        cut = max(sentence.rfind(" – "), sentence.rfind(" — "))
        if cut > 0 and len(sentence[:cut].split()) >= 3 and not sentence[:cut].rstrip().endswith("?") \
                and not re.match(r"\s*(?:Wer|Was|Wie|Wo|Wann|Warum|Weshalb|Wieso|Welche\w*|Ob)\b", sentence) \
                and not (sentence.split()[0].isalpha() and _is_verb(sentence.split()[0].lower())):  # "Liefert X … – und wie?"
            return detect(sentence[:cut], [m for m in mentions if m.end <= cut], published, context)
        return []
    joined, split = lexicon()
    tokens = _tokens(sentence)
    # A name in parentheses is a gloss ("Lisa Paus (Grüne)"), not an actor of its own.
    glosses = [m.span() for m in PARENTHESES_RE.finditer(sentence)]
    mentions = sorted((m for m in mentions if not any(a <= m.start < b for a, b in glosses)), key=lambda m: m.start)
    mentions = with_references(sentence, mentions, context or [], tokens)
    clauses = _clauses(tokens, mentions)
    events: list[Event] = []
    seen: set[tuple[str, int]] = set()
    for number, (first, last) in enumerate(clauses):
        if _describing_clause(tokens, first, last, number) or _headline_question(sentence, tokens, first, last):
            continue
        clause_text = sentence[tokens[first].start:tokens[last - 1].end]
        for i in range(first, last):
            for trigger in _triggers(tokens, i, first, last, joined, split):
                if not _needs_met(trigger, sentence, clause_text, tokens, clauses, number) or (trigger.code, number) in seen:
                    continue
                event = _event(sentence, tokens, mentions, clauses, number, i, trigger, published)
                if trigger.lemma == "warnen" and trigger.code == "13" and ADVOCACY_RE.search(sentence, 0, tokens[i].start):
                    event.code = "02"  # an NGO or church warning decision makers appeals, it has no means to threaten
                elif trigger.needs_target and not event.target and len(event.source) < 2 \
                        and not _office_holder_after(tokens, i, last) and not _addressee_after(tokens, i, last):
                    continue
                if trigger.lemma == "warnen" and event.code == "13" and not _warned(tokens, mentions, first, last, i) \
                        and not _addressee_after(tokens, i, last):
                    continue  # "warnt vor russischer Hilfe": concern without a warned party is a statement
                if trigger.lemma == "drohen" and not event.target and _zu_infinitive_follows(tokens, i, last) \
                        and not _threatened_step(tokens, clauses, number, i):
                    continue  # "auf Platz eins zu landen droht": a likelihood, not a threat
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
    found = _settle(sentence, tokens, clauses, events)
    if not any(e.code == "13" for e in found) and \
            (threat := _conditional_threat(sentence, tokens, mentions, clauses, found, context or [], published)):
        found = [e for e in found if e.code != "01"] + threat  # the statement is the threat it makes
    for event in found:  # "warnte Seoul, Waffenlieferungen wären ein sehr großer Fehler": a warning with a consequence
        if event.code == "01" and event.trigger.lower().startswith(("warn", "gewarnt")) and not any(e.code == "13" for e in found):
            after = sentence[event.end:]
            if WARNED_CONSEQUENCE_RE.search(after) and re.search(r"\b(?:werde|werden|wird|würde|würden|wäre|wären|hätte|hätten)\b", after):
                event.code = "13"
    if context and any(e.code in ("02", "10") and e.trigger.lower() in REPORTED_DEMANDS for e in found) \
            and not REPORTED_RE.search(sentence) and not any(t.code == "01" for c in clauses for t in _clause_triggers(tokens, c)):
        for event in found:  # "Wenn China Frieden wolle, müsse es aufhören, …": reported speech runs on, the speaker demands
            if event.code in ("02", "10") and event.trigger.lower() in REPORTED_DEMANDS \
                    and (speaker := _holder(0, [], context, None, tokens)) is not None and speaker not in event.source:
                event.source, event.target = [speaker], event.target or event.source
    for event in found:  # "heißt es in Brüssel", "In Regierungskreisen hieß es", "…, hieß es.": who said it
        if not event.source and event.trigger.lower() in ("hieß", "heißt", "hiess", "heisst"):
            event.source = _impersonal_source(sentence, mentions, context or [])
    if not found:
        found = _reported_criticism(sentence, tokens, mentions, clauses, context or [], published)
    if not found and (speaker := _headline_speaker(sentence, mentions)) is not None and speaker.label == "PER" \
            and not SPORTS_RE.search(sentence):
        # "Peskow: Der Vertrag richtet sich gegen niemanden": a headline quoting a politician is his statement
        event = _event(sentence, tokens, mentions, clauses, 0, 0, Trigger("01", speaker.text.lower(), None, None, 0.5, "word"),
                       published)
        event.source, event.target = _actors([speaker]), []
        found = [event]
    elif not any(e.code == "11" for e in found) and _headline_speaker(sentence, mentions):
        found += _reported_criticism(sentence, tokens, mentions, clauses, context or [], published)  # "Nehammer: Vertrauensbruch, aber …"
    for event in found:  # "Moskau und Pjöngjang weisen das zurück": states denying what was just reported deny the deal
        if event.code in ("01", "12") and event.trigger.lower() in _DENIAL_FORMS and ANAPHORIC_DENIAL_RE.search(sentence) \
                and _denial_code(sentence + " Vorwürfe", event) == "07":
            event.code, event.negated = "07", True
    for event in found:  # "will notfalls vor das Verfassungsgericht ziehen": a step held out for a case is a threat
        if event.code in ("11", "16", "17") and CONDITIONAL_STEP_RE.search(_clause_text(sentence, tokens, _clause_of(tokens, clauses, event))):
            event.code, event.negated = "13", False
    # "Das erinnert an den Bündnisvertrag von 1961": a thing, not a speaker, says nothing
    found = [e for e in found if not (e.code == "01" and not e.source and _thing_subject(tokens, e))]
    # "Neue Beschlüsse sind damit praktisch ausgeschlossen": impossible, nobody ruled anything out
    found = [e for e in found if not (e.code == "12" and not e.source and e.trigger.lower() == "ausgeschlossen"
                                      and re.search(r"\b(?:ist|sind|war|waren|gilt|gelten|galt|scheint|bleibt|bleiben)\b", sentence))]
    # "bestätigte auch die staatliche Nachrichtenagentur KCNA die Reise": what the media report is attribution, no act
    return [e for e in found if not (e.source and all(MEDIA_RE.search(name) for _, name in e.source))]


MEDIA_RE = re.compile(r"Nachrichtenagentur|Agentur\b|\bKCNA\b|\bTASS\b|\bTass\b|Yonhap|Xinhua|Interfax|Kyodo|Reuters|"
                      r"\bdpa\b|\bAFP\b|Staatsmedien|Staatsfernsehen|Zeitung|Medien\b|Sender\b|Rodong Sinmun")


SUBORDINATE_OPENERS = RELATIVE_PRONOUNS | {"dass", "wie", "als", "nachdem", "weil", "da", "wo", "womit", "wofür"}


def _needs_met(trigger, sentence, clause_text, tokens, clauses, number) -> bool:
    """The trigger's object words are in its clause, or, for a relative or complement clause, in the clause
    it hangs on ("Container mit Munition, die Nordkorea geliefert habe"; "jene Munition, die … verschießt")."""
    if trigger.needs is None or trigger.needs.search(clause_text):
        return True
    if trigger.lemma == "drohen" and _threatened_step(tokens, clauses, number, None):
        return True  # "Die Türkei droht, den Beitritt zu blockieren": the threatened step follows the comma
    if number == 0 or trigger.needs.pattern.startswith("^"):
        return False
    first, last = clauses[number]
    opener = tokens[first].text.lower()
    following = tokens[first + 1].text.lower() if first + 1 < last else ""
    infinitive = any(t.text == "zu" for t in tokens[first:last])
    if not (opener in SUBORDINATE_OPENERS or infinitive
            or (opener in PREPOSITIONS and following in RELATIVE_PRONOUNS)):
        return False
    before_first, before_last = clauses[number - 1]
    return bool(trigger.needs.search(sentence[tokens[before_first].start:tokens[before_last - 1].end]))


ADVOCACY_RE = re.compile(r"Organisation|Verbände|Verband\b|Kirche|kirchlich|Hilfswerk|Caritas|Diakonie|Pro Asyl|Amnesty|"
                         r"Menschenrechtler|Aktivist|Gewerkschaft|Flüchtlingsrat|Initiative|Bündnis\b|Experten|Ökonomen|"
                         r"Wissenschaftler|Ärzte|Lehrer|Eltern|Bauern|Landwirte|Wirtschaftsverb|Arbeitgeber|NGO", re.IGNORECASE)


WARNED_CONSEQUENCE_RE = re.compile(r"\b(?:Konsequenzen|Folgen|Fehler|reagieren|Reaktion|Antwort|Vergeltung|Gegenmaßnahmen|"
                                   r"Ziele?|Preis|bereuen|Eskalation|Gegenschlag)\b")
CONSEQUENCE_RE = re.compile(r"\b(?:Entscheidungen|Klage|Konsequenzen|Fehler|Gegenmaßnahmen|Schritte|Maßnahmen|reagieren|"
                            r"Reaktion|Antwort)\b")


def _conditional_threat(sentence, tokens, mentions, clauses, found, context, published) -> list[Event]:
    """"Sollte Seoul Waffen liefern, wäre das ein sehr großer Fehler", "Wenn es doch geschieht, werden wir
    Entscheidungen treffen": a consequence announced for a condition is a threat (13)."""
    conditional = next((n for n, (first, last) in enumerate(clauses)
                        if any(t.text.lower() in CONDITIONAL_OPENERS for t in tokens[first:min(first + 2, last)])), None)
    if conditional is None:
        return []
    for number in range(conditional + 1, len(clauses)):
        first, last = clauses[number]
        words = {t.text.lower() for t in tokens[first:last]}
        match = CONSEQUENCE_RE.search(sentence, tokens[first].start, tokens[last - 1].end)
        if match and words & {"werde", "werden", "wird", "wäre", "würde", "würden"}:
            index = next(k for k in range(first, last) if tokens[k].end > match.start())
            event = _event(sentence, tokens, mentions, clauses, number, index,
                           Trigger("13", match.group().lower(), None, None, 0.6, "word"), published)
            speaker = next((e.source for e in found if e.source), [])
            event.source = event.source if event.source and not any(a in event.target for a in event.source) else \
                speaker or [actor for actor in [_holder(0, [], context, None, tokens)] if actor]
            return [event]
    # "Russland könne Waffen an Nordkorea liefern, wenn Seoul die Ukraine beliefere": a hostile act held out
    # for a condition, before or after it, is a threat.
    joined, split = lexicon()
    for number in [*range(conditional + 1, len(clauses)), *range(conditional - 1, -1, -1)]:
        first, last = clauses[number]
        if not {t.text.lower() for t in tokens[first:last]} & HELD_OUT_MODALS:
            continue
        for index in range(first, last):
            trigger = next((t for t in _triggers(tokens, index, first, last, joined, split)
                            if t.code in HELD_OUT_CODES and (t.code != "07" or WEAPONS_RE.search(_clause_text(sentence, tokens, clauses[number])))
                            and _needs_met(t, sentence, _clause_text(sentence, tokens, clauses[number]),
                                                                       tokens, clauses, number)), None)
            if trigger is None:
                continue
            event = _event(sentence, tokens, mentions, clauses, number, index,
                           Trigger("13", trigger.lemma, None, None, 0.6, "word"), published)
            speaker = next((e.source for e in found if e.source), [])
            event.source = speaker or event.source or [actor for actor in [_holder(0, [], context, None, tokens)] if actor]
            event.future = False
            return [event]
    return []


HELD_OUT_CODES = {"07", "15", "16", "17", "19"}
WEAPONS_RE = re.compile(r"Waffe|Munition|Rakete|Granate|Panzer|Drohne|Kampfjet|Artillerie|Rüstung|Militärtechnik", re.IGNORECASE)
HELD_OUT_MODALS = {"werde", "werden", "wird", "würde", "würden", "könne", "könnte", "könnten", "können"}


# Subjunctive I carries reported speech on from an earlier sentence ("Das Vorgehen sei ein Vertrauensbruch").
REPORTED_SUBJUNCTIVE_RE = re.compile(r"\b(?:sei|seien|habe|handle|handele|zeuge|verstoße|gefährde|schade|werde|könne|"
                                     r"müsse|gebe|gehe|bleibe|trage|lasse|bedeute|zeige|wolle|verletze|untergrabe|ignoriere)\b")


def _reported_criticism(sentence, tokens, mentions, clauses, context, published) -> list[Event]:
    """Criticism in reported speech without a speech verb, or after a headline's "Name:", is a disapproval
    (11) by the speaker: the name before the colon, else the person last named."""
    criticism = next((m for m in CRITICISM_RE.finditer(sentence) if _criticises(sentence[:m.end()])), None)
    if criticism is None or any(t.text.lower() in _ADMISSION_FORMS for t in tokens):
        return []  # "Federal Reserve räumt Versäumnisse ein": a failing admitted, nobody criticised
    headline_speaker = _headline_speaker(sentence, mentions)
    if headline_speaker is None and not REPORTED_SUBJUNCTIVE_RE.search(sentence):
        return []
    index = next(k for k, t in enumerate(tokens) if t.end > criticism.start())
    number = next(n for n, (first, last) in enumerate(clauses) if first <= index < last) \
        if any(first <= index < last for first, last in clauses) else 0
    event = _event(sentence, tokens, mentions, clauses, number, index, Trigger("11", criticism.group().lower(), None, None,
                                                                                0.6, "word"), published)
    speaker = _actors([headline_speaker]) if headline_speaker else \
        [actor for actor in [_holder(0, [], context, None, tokens)] if actor]
    event.source, event.target = speaker, [a for a in event.source if a not in speaker]
    return [event]


CIRCLES_RE = re.compile(r"\b(?:Regierungskreisen|Koalitionskreisen|Regierungskreise|Kanzleramt|Ministeriumskreisen)\b")


def _impersonal_source(sentence, mentions, context) -> list[Actor]:
    """The source of "hieß es": a place or body it came from ("in Brüssel", "aus der Delegation"), the government
    for "in Regierungskreisen", else the organisation or state the sentences before were quoting."""
    entities = knowledge_base.default().entities
    for mention in mentions:
        if isinstance(mention, Reference) or mention.label not in ("ORG", "LOC") or not mention.text[:1].isupper():
            continue
        actor = canonical(mention.qid, mention.name, mention.text)
        state = actor[0] in entities and (entities[actor[0]].type == "country" or actor[0] != mention.qid)
        if re.search(r"\b(?:aus|in|In|Aus|von)\s+(?:(?:der|den|dem)\s+)?$", sentence[:mention.start]) \
                and (mention.label == "ORG" or state):
            return [actor]
    if CIRCLES_RE.search(sentence) and "Q313827" in entities:
        return [("Q313827", entities["Q313827"].name)]
    organisations = [m for m in context if not isinstance(m, Reference) and m.text[:1].isupper() and m.label == "ORG"]
    states = [m for m in context if not isinstance(m, Reference) and m.text[:1].isupper()
              and m.qid in entities and entities[m.qid].type == "country"]
    earlier = organisations or states
    return [canonical(earlier[-1].qid, earlier[-1].name, earlier[-1].text)] if earlier else []


def _headline_speaker(sentence, mentions):
    """"Nehammer: …", "Kremlsprecher Peskow: …": a headline's speaker before the colon, after his titles."""
    if not mentions or sentence[mentions[0].end:mentions[0].end + 1] != ":" or mentions[0].label not in ("PER", "ORG"):
        return None
    titles = sentence[:mentions[0].start].split()
    return mentions[0] if all(REFERRING_RE.match(word) or word.endswith(("sprecherin", "sprecher")) for word in titles) \
        else None


# Statement content that criticises: the statement is a disapproval (11), not a plain statement (01).
CRITICISM_RE = re.compile(r"\b(?:absurd\w*|inakzeptabel\w*|unannehmbar\w*|unverantwortlich\w*|skandal\w*|"
                          r"(?:Vertrauens|Verfassungs|Rechts|Wort|Tabu|Vertrags|Völkerrechts|Koalitions|Regel|Tabu|Damm|Zivilisations)bruch|"
                          r"Bruch\s+(?:des|der)\s+(?:Völkerrecht|Verfassung|Vertrag|Abkommen|Waffenstillstand|Waffenruhe|internationalen|UN)\w*|versagt|\w*missbrauch|\w*chaos|skrupellos\w*|verantwortungslos\w*|empör\w*|"
                          r"verlogen\w*|heuchle?risch\w*|\w*widrig\w*|illegal\w*|"
                          r"grobe\w* Verletzung|Provokation\w*|provokativ\w*|Erpressung|Verrat|Schande|Farce|"
                          r"scharf\w* Kritik|Massenmord\w*|Kriegsverbrech\w*|Verbrechen|Lüge\w*|Propaganda|"
                          r"beschämend\w*|unfair\w*|falsche\w* Weg\w*|protektionist\w*|diskriminier\w*|wahres Gesicht|"
                          r"populist\w*|Schaufenster\w*|(?<!sei )(?<!ist )(?<!sind )(?<!seien )(?<!waren )(?<!war )verunsicher\w*|Skrupellosigkeit|Fehlverhalten|Dauerstreit|"
                          r"Verstoß|Verstöße|verstößt|verstoßen|verstieß|unbegründet\w*|haltlos\w*|Affront|Zumutung|"
                          r"zynisch\w*|Fehlentscheidung|Irrweg|Armutszeugnis|Bankrotterklärung|Wortbruch|Alleingang|"
                          r"feindselig\w*|destabilisier\w*|aggressiv\w*|unverschämt\w*|"
                          r"Unsinn|unseriös\w*|respektlos\w*|undemokratisch\w*|Willkür|willkürlich\w*|Desaster|"
                          r"Debakel|Fiasko|Versagen|barbarisch\w*|menschenverachtend\w*|verwerflich\w*|unverzeihlich\w*|ungeheuerlich\w*|"
                          r"unerhört\w*|unhaltbar\w*|rücksichtslos\w*|Heuchelei|Doppelmoral|Kriegstreiber\w*|Terrorstaat\w*|"
                          r"Geschichtsfälschung|Desinformation|Hetze|hetzerisch\w*|Schlag ins Gesicht|Sicherheitsrisiko|"
                          r"verzweifelt\w*|Verzweiflung|"
                          r"(?:schwere[nr]?|große[nr]?|gravierende[nr]?|fatale[nr]?|historische[nr]?|folgenschwere[nr]?)\s+Fehler|"
                          r"grundfalsch\w*|Armutszeugnis|Kniefall|Erpressungsversuch\w*|Täuschung\w*|Rechtsbruch|Wortbruch|"
                          r"unwürdig\w*|Bevormundung|Kahlschlag|Sabotage|Blockadehaltung|Verschleppung|Totalversagen|"
                          r"überzogen\w*|unangemessen\w*|realitätsfern\w*|weltfremd\w*|kurzsichtig\w*|fahrlässig\w*|"
                          r"unausgegoren\w*|untragbar\w*|blamabel\w*|Blamage|Rückschritt|"
                          r"Rolle rückwärts|Versäumnis\w*|Untätigkeit|Ignoranz|Arroganz|arrogant\w*|Kriegstreiberei|"
                          r"nicht\s+(?:hinnehmbar|akzeptabel|nachvollziehbar|tragbar|zu\s+rechtfertigen)|"
                          r"(?:falsche|fatale|verheerende|gefährliche)s?\s+Signal|"
                          r"Angriff\s+auf\s+(?:die|den|das)\s+(?:Demokratie|Pressefreiheit|Meinungsfreiheit|Rechtsstaat\w*|Verfassung|Unabhängigkeit|Souveränität)|"
                          r"(?:als|eine|ernste|ernsthafte|große|direkte)\s+Bedrohung|als\s+(?:\w+\s+){0,2}Gefahr\b|entsetz\w*|verärgert\w*|irritiert|befremd\w*|unverhältnismäßig\w*|inakzeptabl\w*|Vertrauensbruch|Einmischung|"
                          # wider wording of condemnation: illegitimacy, violations, lies, terror, repression
                          r"illegitim\w*|unrechtmäßig\w*|unzulässig\w*|Unrecht|protektionis\w*|erpresser\w*|"
                          r"\w*rechtsverletzung\w*|Verletzung\s+(?:des|der|seiner|ihrer)\s+(?:\w+\s+)?(?:Völkerrecht|Souveränität|Luftraum|"
                          r"Menschenrecht|Grenze|Waffenruhe|Waffenstillstand|Verfassung)\w*|Souveränitätsverletzung\w*|"
                          r"Verleumdung\w*|Diffamierung\w*|Hexenjagd|Schmutzkampagne|Schikane\w*|"
                          r"Terrorakt\w*|Staatsterror\w*|Terrorregime\w*|Unrechtsregime\w*|Schurkenstaat\w*|"
                          r"Kriegsverbrecher\w*|Wettbewerbsverzerrung\w*|Marktverzerrung\w*|Kriegstreib\w*|Aggressor\w*|"
                          r"gefährlich\w*\s+(?:Eskalation|Schritt|Spiel|Kurs|Provokation)|verantwortungslos\w*|Verhöhnung|Hohn\b|"
                          r"Zensur|Scheinwahl\w*|Scheinreferend\w*)\b", re.IGNORECASE)
# An announcement of a hostile measure is a threat (13), of a neutral step a statement (01).
HOSTILE_RE = re.compile(r"Gegenmaßnahme|Gegenmassnahme|Vergeltung|rechtliche\w* Schritte|Konsequenzen|reagieren|"
                        r"Zölle|Zöllen|Zoll\b|Strafzöll|Einfuhrzöll|Sanktionen\b|Angriffe\b|Angriffen\b|Gegenschl\w*|"
                        r"Maßnahmen\s+(?:zu\s+)?ergreifen|entschlossene\w*\s+Maßnahmen|Gegenoffensive", re.IGNORECASE)
NEUTRAL_STEP_RE = re.compile(r"\b(?:prüfen|überprüfen|überdenken|vorlegen|vorzulegen|vorstellen|vorzustellen|"
                             r"zurückzutreten|zurücktreten|Rücktritt|kandidieren|Kandidatur|"
                             r"untersuchen|Gesetzentwurf|Hauptaugenmerk)\b")
# Events in a hypothetical clause are not coded ("die Möglichkeit, dass Russland … unterstütze").
REPORTED_DEMANDS = {"müsse", "müssten", "solle"}  # subjunctive: someone's demand reported
MODAL_DEMANDS = {"müsse", "müssten", "solle", "sollte", "sollten", "brauchen", "braucht"}  # a demand only when the sentence has no other event
NOUNS_ONLY_ALONE = {"04"}  # meeting nouns beside a verbal event are mostly background ("zum Abschluss der IMK")
# Deliveries, attacks, probes and rallies named beside any other event, statements included, are its topic
# ("hat Südkorea vor Waffenlieferungen gewarnt"); alone they report the event ("Waffenlieferungen an Russland").
NOUNS_ONLY_BARE = {"07", "09", "14", "19"}
FLOATING_RE = re.compile(r"erwäg|Signal|ins Spiel|droh|Option|prüf", re.IGNORECASE)
HYPOTHETICAL = {"könnte", "könnten", "könne", "dürfte", "dürften", "möglicherweise", "vielleicht", "falls", "wenn",
                "ob", "darf", "durfte", "dürfe", "dürfen", "durften", "kann", "können"}
POSSIBLE = {"könnte", "könnten", "könne"}
MEASURE_CODES = {"16", "17"}
MEASURE_NOUN_CODES = {"16", "17"}
ATTITUDE_CODES = {"02", "04", "05", "10", "11", "12", "13"}
# Subjunctive II marks a hypothesis, except in reported speech, where it stands in for subjunctive I
# ("Wang und Dombrovskis hätten sich verständigt, teilte das Ministerium mit").
SUBJUNCTIVE_II = {"würde", "würden", "wäre", "wären", "hätte", "hätten"}
REPORTED_RE = re.compile(r"\b(?:sagte|sagten|sagt|teilte|teilten|erklärte|erklärten|berichtete|berichteten|hieß|heißt|"
                         r"zufolge|laut|Angaben|betonte|betonten|schrieb|meldete|bestätigte)\b")


def _settle(sentence: str, tokens, clauses, events: list[Event]) -> list[Event]:
    """Sentence-level rules: hypothetical events are dropped, statements are recoded by their content and
    kept only when the sentence carries no other event."""
    kept = []
    if any(e.code == "01" and _private_speaker(sentence, tokens, _clause_of(tokens, clauses, e), e) for e in events):
        return []  # "„Sie tötet genauso“, sagte eine Lehrerin aus Saltiwka": vox pop, quotes only
    # "andere Juristen widersprechen": observers' judgements are no acts of an actor
    events = [e for e in events if not (e.code in ("11", "12") and not any(qid for qid, _ in e.source)
                                        and EXPERT_RE.search(_clause_text(sentence, tokens, _clause_of(tokens, clauses, e))))]
    # "müsse mit beiden Kriegsparteien reden": an act someone must do is demanded, not reported.
    events = [e for e in events if e.code in ("02", "10") or not _obliged(tokens, clauses, e)]
    # "sprach von einem historischen Treffen": a characterisation (01), the noun names no event of its own.
    events = [e for e in events if not (getattr(e, "nominal", False) and _characterised(tokens, clauses, e, events))]
    verbal = {e.code for e in events if e.code != "01" and not getattr(e, "nominal", False)
              and e.trigger.lower() not in MODAL_DEMANDS}  # "Weitere Kontakte sollten folgen": the contacts are the event
    for event in events:
        if getattr(event, "nominal", False) and event.code in NOUNS_ONLY_ALONE and verbal \
                and not _specific_meeting(tokens, event):
            continue
        if getattr(event, "nominal", False) and event.code in NOUNS_ONLY_BARE \
                and any(e is not event and not _reports(e) for e in events):
            continue
        if getattr(event, "nominal", False) and event.code in NOUNS_ONLY_ALONE and not _specific_meeting(tokens, event) \
                and any(e is not event and e.code in ATTITUDE_CODES and getattr(e, "nominal", False) for e in events):
            continue  # "Kritik an Putins Besuch": the meeting is what is criticised
        if getattr(event, "nominal", False) and event.code in MEASURE_NOUN_CODES and \
                any(e.code in ATTITUDE_CODES for e in events if e is not event):
            continue  # "sehen die Zölle kritisch", "warnen vor Abschiebungen": the measure is the topic
        if event.code in ("02", "10") and event.trigger.lower() in MODAL_DEMANDS and \
                ({e.code for e in events if e.code != "01" and not getattr(e, "nominal", False)
                  and e.trigger.lower() not in MODAL_DEMANDS} - {"10"} or _thing_subject(tokens, event)):
            continue  # "Es solle frühere Vereinbarungen ablösen": a plan's content, no one's demand
        if event.trigger.lower() in ("sollte", "sollten", "brauchen", "braucht") and not REPORTED_RE.search(sentence) \
                and not any(e.code == "01" for e in events) and not _headline_speaker(sentence, []):
            continue  # "Die ÖVP sollte sich die Frage stellen": the author's advice in a commentary, nobody's appeal
        if event.code in ("02", "10") and event.trigger.lower() in MODAL_DEMANDS and _asked(tokens, clauses, event):
            continue
        if event.code in ("02", "10") and event.trigger.lower() in MODAL_DEMANDS \
                and _state_infinitive(tokens, _clause_of(tokens, clauses, event)):
            continue  # "die Bundeswehr müsse kriegstüchtig werden", "müsse zeigen, ob …": a view on what must be, no demand
        if event.code in ("02", "10") and event.trigger.lower() in MODAL_DEMANDS and (
                "man" in {t.text.lower() for t in tokens[_clause_of(tokens, clauses, event)[0]:_clause_of(tokens, clauses, event)[1]]}
                or tokens[0].text == "Wer"):
            continue  # "dass man weiterarbeiten solle", "Wer Frieden wolle, müsse reden": a maxim, nobody is called on
        if event.code == "02" and event.trigger.lower() in MODAL_DEMANDS and not event.source \
                and not any(e.code == "01" and e.source for e in events):
            continue  # "Weitere Kontakte sollten folgen": a plan, or advice of nobody known
        clause = next(c for c in clauses if tokens[c[0]].start <= event.start < tokens[c[1] - 1].end + 1)
        words = {t.text.lower() for t in tokens[clause[0]:clause[1]]}
        hypothetical = HYPOTHETICAL if REPORTED_RE.search(sentence) else HYPOTHETICAL | SUBJUNCTIVE_II
        if words & hypothetical == {"könne"} and event.code in COOPERATIVE_CODES and not getattr(event, "nominal", False) \
                and REPORTED_RE.search(sentence) and not any(t.text.lower() in CONDITIONAL_OPENERS for t in tokens):
            event.future = True  # "sagte, während des Besuchs könne ein Vertrag unterzeichnet werden": a plan reported
        elif words & POSSIBLE & hypothetical and event.code in MEASURE_CODES and not getattr(event, "nominal", False):
            event.code = "13"  # "könnten Antidumpingmaßnahmen verhängt werden": a measure held out is a threat
        elif words & hypothetical and event.code not in ("01", "13"):
            continue
        if event.code not in ("01", "13") and _under_hypothesis(tokens, clauses, clause):
            continue
        if event.code == "11" and event.trigger.lower().startswith("verurteil") and (words & {"wegen", "zu"}):
            continue  # "wegen Volksverhetzung verurteilt": a conviction, not a condemnation
        if getattr(event, "nominal", False) and event.code in ("04", "10", "11") and _referring_back(tokens, event):
            continue
        if getattr(event, "nominal", False) and event.code == "11" and LAWSUIT_RE.fullmatch(event.trigger) \
                and not FILING_RE.search(sentence):
            continue  # "ihr Hauptaugenmerk liege auf der Klage": a lawsuit talked about, none filed or announced
        if event.code != "01" and _complement_of_neutral_step(tokens, clauses, clause, event):
            continue
        if event.code == "16" and getattr(event, "nominal", False) and \
                re.search(r"\b(?:prüf\w*|geprüft|erwäg\w*|erwog\w*|überleg\w*)\b", _clause_text(sentence, tokens, clause)):
            event.code = "13"  # "China prüft Zölle auf Autos": a measure considered is held out as a threat
        if event.code == "16" and _floated(tokens, clauses, clause):
            event.code = "13"  # "Signale, die Einfuhrzölle anzuheben": a measure floated is a threat
        if _unasserted_complement(tokens, clauses, clause):
            continue  # "werfen Pjöngjang vor, Munition zu liefern", "verlangt, dass die Ukraine abzieht", "um … zu werben"
        if event.code not in ("01", "11") and tokens[clause[0]].text.lower() == "dass" and any(
                _criticises(_clause_text(sentence, tokens, c)) for c in clauses if c != clause):
            continue  # "nannte es inakzeptabel, dass Russland Raketen einsetze": the act criticised, not reported
        if event.code in COOPERATIVE_CODES and _announced_complement(tokens, clauses, clause):
            continue  # "kündigte an, Zahlungswege aufzubauen": the announcement (03) is the event
        if event.code == "05" and event.trigger.lower().startswith(("zustimm", "zugestimmt", "stimmt")) \
                and (any(LEGISLATURE_RE.search(name) for _, name in event.source)
                     or (not event.negated and COUNCIL_VOTE_RE.search(sentence))):
            continue  # a vote in a legislature is not coded
        if event.code in STATE_CODES and _standing_state(words):
            continue  # "seit 1953 sind Offiziere … stationiert": a state, not an act
        if event.code == "03" and event.trigger.lower().startswith(("kündig", "angekündig", "ankündig")):
            if "sich" in words:  # "Tausende Anhänger haben sich angekündigt": an arrival, not a commitment
                continue
            measures = verbal | {e.code for e in events if getattr(e, "nominal", False) and e.code in MEASURE_NOUN_CODES}
            if measures & {"11", "13", "16", "17", "19"}:  # an announced hostile measure is coded as the measure
                continue
            scope = _scope(sentence, tokens, clauses, clause, event)
            if NEUTRAL_STEP_RE.search(scope) and not HOSTILE_RE.search(scope) and not COURT_RE.search(sentence):
                event.code = "01"
        if event.code == "03" and event.trigger.lower().startswith(("kündig", "angekündig", "ankündig")) \
                and COURT_RE.search(sentence) and not LAWSUIT_RE.search(sentence):
            event.code = "13"  # "kündigte an, die Notlage in Karlsruhe überprüfen zu lassen": a legal step held out
        if event.code == "03" and HOSTILE_RE.search(_scope(sentence, tokens, clauses, clause, event)):
            event.code = "13"  # "brachten ins Spiel, die Einfuhrzölle anzuheben": a hostile step held out
        if event.code == "05" and not getattr(event, "nominal", False) and DEAL_RE.search(_clause_text(sentence, tokens, clause)):
            event.code = "06"  # "unterzeichneten ein Energieabkommen": the deal is material cooperation
        _recode(sentence, words, event)
        # One event, one code: a recoded announcement and its noun ("kündigte eine Klage an") are coded once.
        if any(e.code == event.code and clauses.index(_clause_of(tokens, clauses, e)) == clauses.index(clause)
               for e in kept):
            continue
        kept.append(event)
    events = kept
    others = [e for e in events if e.code != "01"]
    if others:
        speaker = next((e.source for e in events if e.code == "01" and e.source), [])
        for event in others:  # "…, müsse überprüft werden, sagte er": the demand is the speaker's
            if not event.source and event.code in SPEECH_ACT_CODES:
                event.source = speaker
            elif speaker and event.code in ("02", "10") and event.trigger.lower() in MODAL_DEMANDS \
                    and not any(actor in speaker for actor in event.source):
                # "Macron betonte, Europa müsse mehr tun": the speaker demands, the one who must act is addressed
                event.source, event.target = speaker, event.target or event.source
        # A statement whose content is another event is coded as that event; one beside it stays.
        standalone = [e for e in events if e.code == "01" and not _carries(tokens, clauses, e, others)
                      and _is_statement(sentence, tokens, clauses, e)]
        # "bezeichnete es als absurd, dass …": a statement criticising in its own clause is a disapproval
        if "11" not in {e.code for e in others}:
            critical = next((e for e in standalone or events if e.code == "01"
                             and e.trigger.lower() not in _DENIAL_FORMS | _ADMISSION_FORMS
                             and _is_statement(sentence, tokens, clauses, e)
                             and _criticises(_clause_text(sentence, tokens, _clause_of(tokens, clauses, e)))), None)
            if critical is not None:
                critical.code = "11"
                standalone = [critical]
        return others + standalone[:1]
    statements = [e for e in events if _is_statement(sentence, tokens, clauses, e)][:1]
    for event in statements:
        denial = _denial_code(sentence, event) if event.trigger.lower() in _DENIAL_FORMS else None
        if denial == "07":
            event.code, event.negated = "07", True  # "Beide Regierungen bestreiten Waffengeschäfte": the denied act
            continue
        if denial == "12":
            event.code, event.negated = "12", False  # "hatte den Vorwurf von Überkapazitäten zurückgewiesen"
            continue
        if _criticises(sentence) and event.trigger.lower() not in _DENIAL_FORMS | _ADMISSION_FORMS \
                and not event.trigger.lower().startswith(("warn", "gewarnt")):
            event.code = "11"  # but "warnen vor einem Verfassungsbruch" is concern, a statement
    return statements


OBLIGATION = {"müsse", "müssen", "müssten", "muss", "müsste", "musst", "sollte", "sollten"}


CHARACTERISING = {"sprach", "sprachen", "spricht", "sprechen", "gesprochen", "nannte", "nannten", "nennt", "bezeichnete",
                  "bezeichneten", "bezeichnet", "wertete", "werteten", "wertet"}


def _characterised(tokens, clauses, event: Event, events: list[Event]) -> bool:
    index = next(k for k, t in enumerate(tokens) if t.start == event.start)
    clause = _clause_of(tokens, clauses, event)
    before = [t.text.lower() for t in tokens[max(clause[0], index - 4):index]]
    return event.code == "04" and any(e.code == "01" and e.trigger.lower() in CHARACTERISING
                                      and _clause_of(tokens, clauses, e) == clause for e in events) \
        and any(w in ("von", "als") for w in before) and any(w in ("einem", "einer", "eines", "ein", "eine") for w in before)


def _scope(sentence, tokens, clauses, clause, event) -> str:
    """The event's clause up to a coordinated second predicate ("stellt … in Aussicht und greift die Sanktionen
    an"), plus the clause after it (its complement): what an announcement is about."""
    index = next(k for k, t in enumerate(tokens) if t.start == event.start)
    end = clause[1]
    # A verb in second position governs what follows it ("Zwei Wochen vor dem Stichtag für die Zölle signalisiert die
    # Kommission Gesprächsbereitschaft"); a verb at the end what stands before it ("hat Gegenmaßnahmen angekündigt").
    start = index if index > clause[0] + 1 and clause[1] - index > 2 else clause[0]
    for k in range(index + 1, clause[1]):
        if tokens[k].text in ("und", "sowie", "aber") and k + 1 < clause[1] and tokens[k + 1].text[:1].islower() \
                and _is_verb(tokens[k + 1].text.lower()):
            end = k
            break
    text = sentence[tokens[start].start:tokens[end - 1].end]
    number = clauses.index(clause)
    if end == clause[1] and number + 1 < len(clauses):
        text += " " + _clause_text(sentence, tokens, clauses[number + 1])
    return text


INDEFINITE = {"ein", "eine", "einer", "einem", "eines", "einen"}
OCCASION_PREPOSITIONS = {"nach", "in", "bei", "während", "vor", "seit"}


REPORTING = {"meldete", "meldeten", "meldet", "melden", "gemeldet", "berichtete", "berichteten", "berichtet", "berichten",
             "bestätigte", "bestätigten", "bestätigt", "bestätigen", "teilte", "teilten", "mitgeteilt"}


def _reports(event: Event) -> bool:
    """A statement that reports an event ("meldete einen Luftangriff auf …"): the event is the claim, coded."""
    return event.code == "01" and event.trigger.lower() in REPORTING


def _with_participants(tokens, index) -> bool:
    """"Gespräche mit Li Qiang", "Regierungsgesprächen von Präsident Putin mit To Lam": the meeting named with its participants."""
    for k in range(index + 1, min(len(tokens) - 1, index + 7)):
        word = tokens[k].text
        if word in ("mit", "zwischen"):
            following = tokens[k + 1].text
            return following[:1].isupper() or following.lower() in DETERMINERS | OBLIQUE_ARTICLES
        if not (word[:1].isupper() or word.lower() in ("von", "des", "der", "eines", "einer")):
            break
    return False


def _specific_meeting(tokens, event: Event) -> bool:
    """A meeting noun with its own participants ("Regierungsgesprächen von Putin mit To Lam") or introduced as a
    new occasion ("nach einer Sitzung des Sicherheitsrats", "nach wochenlangen Verhandlungen", "in einer
    Videoschalte") reports a meeting, even beside another event."""
    index = next(k for k, t in enumerate(tokens) if t.start == event.start)
    goal = {t.text.lower() for t in tokens[max(0, index - 2):index]} & {"zu", "zum", "zur", "für", "um", "auf", "über"}
    if _with_participants(tokens, index) and not goal:
        return True
    before = [t.text.lower() for t in tokens[max(0, index - 3):index]]
    while before and before[0] not in OCCASION_PREPOSITIONS:
        before = before[1:]
    if len(before) < 2:
        return False
    rest = before[1:]  # after the preposition: an indefinite article and/or adjectives, no definite article
    return all(w in INDEFINITE or (w.endswith(("e", "en", "er", "em")) and w not in DEFINITE and not _is_verb(w))
               for w in rest)


def _office_holder_after(tokens, i, last) -> bool:
    """An unnamed office holder as the object ("traf in Peking den chinesischen Vizepremier"): someone met."""
    words = [t.text for t in tokens[i + 1:last]]
    for k, word in enumerate(words):
        if word.lower() in ("den", "seinen", "ihren", "die", "seine", "ihre", "einen", "mehrere", "drei", "zwei") \
                and any(ROLE_RE.match(w) or w.lower().endswith(("kollegen", "kollegin", "vizepremier", "botschafter", "vorsitzenden",
                                                                 "ressortchefs", "regierungsmitglieder", "amtskollegen"))
                        for w in words[k + 1:k + 4] if w[:1].isupper()):
            return True
    return False


def _obliged(tokens, clauses, event: Event) -> bool:
    clause = _clause_of(tokens, clauses, event)
    words = {t.text.lower() for t in tokens[clause[0]:clause[1]]}
    if tokens[clause[0]].text.lower() in CONDITIONAL_OPENERS:
        return False  # "Sollte Seoul Waffen liefern, …": a condition, left to the hypothesis rules
    return event.trigger[:1].islower() and bool(words & OBLIGATION) and not words & {"wird", "werden", "werde"}


INDIRECT_QUESTION_OPENERS = {"ob", "inwieweit", "inwiefern", "wie", "welche", "welcher", "welches", "welchen", "was", "wann",
                             "wo", "warum", "weshalb", "wieso", "wer", "wen", "wem"}


STATE_INFINITIVES = {"sein", "bleiben", "zeigen"}


def _state_infinitive(tokens, clause) -> bool:
    """The clause's verb is a state ("… müsse kriegstüchtig werden", "… müsse nun zeigen, ob …"), not an act done:
    "werden" after a participle is a passive act ("müsse reduziert werden")."""
    words = [t.text for t in tokens[clause[0]:clause[1]] if t.text not in CLAUSE_PUNCT and t.text != ","]
    if len(words) < 3:
        return False
    if words[-1] in STATE_INFINITIVES:
        return True
    return words[-1] == "werden" and not re.search(r"(?:t|en)$", words[-2]) and words[-2][:1].islower()


def _headline_question(sentence, tokens, first, last) -> bool:
    """"Was Kim Jong Un für seine Granaten bekommt", "Der unbequeme Nachbar: Was die Schweiz so gefährlich macht":
    a headline (no full stop) that is an indirect question, its verb last, asks and asserts nothing."""
    if sentence.rstrip(" “”\"«»").endswith((".", "!")) or last - first < 3:
        return False
    if tokens[first].text.lower() not in INDIRECT_QUESTION_OPENERS - {"ob"} or not tokens[first].text[:1].isupper():
        return False
    if first > 0 and tokens[first - 1].text not in (":", "–", "—"):
        return False
    words = [t for t in tokens[first:last] if t.text not in CLAUSE_PUNCT and t.text not in (",", "?")]
    following = words[1].text.lower() if len(words) > 1 else ""
    if following in FINITE_AUXILIARIES or _is_verb(following):
        return False  # "Wer hat recht": the finite verb second asks directly
    return words[-1].text[:1].islower()


def _asked(tokens, clauses, event: Event) -> bool:
    """"prüft, inwieweit die Gesetzgebung angepasst werden müsse": a modal in an indirect question asks, it demands nothing."""
    clause = _clause_of(tokens, clauses, event)
    return tokens[clause[0]].text.lower() in INDIRECT_QUESTION_OPENERS and clause[0] > 0


def _denial_code(sentence: str, event: Event) -> str | None:
    """What a denial of accusations is coded as: the denied delivery (07, negated) when the sentence names
    arms, or when a state rejects bare "Vorwürfe" (in this news the arms deals); a rejected criticism with
    content of its own ("den Vorwurf von Überkapazitäten", "die Kritik") is a rejection (12)."""
    if DENIED_DELIVERY_RE.search(sentence):
        return "07"
    if re.search(r"\bKritik\b|Vorw[uü]rfe?s?\s+(?:von|der|des|eine[rs]?|gegen)\b|Darstellung", sentence):
        return "12"
    if ACCUSATION_RE.search(sentence) and event.source:  # who denies unknown: what was denied is too
        entities = knowledge_base.default().entities
        states = [qid for qid, _ in event.source if qid in entities and entities[qid].type == "country"]
        return "07" if states and len(states) == len(event.source) else "12"
    return None


ANAPHORIC_DENIAL_RE = re.compile(r"\b(?:bestreit\w*|bestritt\w*|weis\w*|wies\w*|dementier\w*|leugne\w*)\s+(?:dies|das)"
                                 r"(?:\s+(?:alles|entschieden|vehement|energisch|kategorisch))?(?:\s+zurück)?\s*[.;]?\s*$")
ACCUSATION_RE = re.compile(r"Vorw[uü]rf|Anschuldigung|Behauptung|Bericht")


def _clause_text(sentence, tokens, clause) -> str:
    return sentence[tokens[clause[0]].start:tokens[clause[1] - 1].end]


def _thing_subject(tokens, event: Event) -> bool:
    """"Es solle …", "Das erinnert an …" opening the sentence: the subject is a thing (the treaty, the plan), not an actor."""
    return len(tokens) > 1 and tokens[0].text in ("Es", "Das", "Dies") and tokens[1].start == event.start


CONDITIONAL_STEP_RE = re.compile(r"\b(?:notfalls|nötigenfalls|gegebenenfalls|im\s+Notfall|im\s+Zweifel|äußerstenfalls)\b",
                                 re.IGNORECASE)


def _carries(tokens, clauses, statement: Event, others: list[Event]) -> bool:
    """Whether a verbal event besides the statement may be what it says; only a meeting noun ("sagte
    Stoltenberg nach einem Treffen mit Blinken") or an act joined by "und" in the same clause ("sprachen
    von einem historischen Tag und dankten der Ministerin") stands beside it."""
    clause = _clause_of(tokens, clauses, statement)
    for other in others:
        if getattr(other, "nominal", False) and not statement.trigger.lower().startswith(("meld", "bericht", "gemeldet")) \
                and not (other.code in SPEECH_ACT_CODES and _clause_of(tokens, clauses, other) == clause):
            continue  # but "bekräftigte seine Forderung", "erneuerte ihre Kritik": the demand or criticism is what is said
        other_clause = _clause_of(tokens, clauses, other)
        if other_clause[1] <= clause[0] and _dated_relative(tokens, *other_clause):
            continue  # "Habeck, der diese Woche nach China reist, hatte betont, dass …": said about something else
        if other_clause == clause:
            low, high = sorted((statement.start, other.start))
            if any(t.text in ("und", "sowie") for t in tokens[clause[0]:clause[1]] if low < t.start < high):
                continue
        elif _independent(tokens, clauses, clause, other_clause, statement):
            continue  # "Die Länder sehen die Zölle kritisch, die Bundesregierung hat vor einem Handelskonflikt gewarnt"
        return True
    return False


REPORTED_FORMS = {"sei", "seien", "habe", "werde", "werden", "würde", "würden", "könne", "müsse", "solle", "wolle", "gebe",
                  "wären", "hätten", "stehe", "liege", "gehe", "komme", "bleibe", "dürfe"}


def _independent(tokens, clauses, clause, other_clause, statement) -> bool:
    """A statement in a main clause of its own, its subject first, beside another main clause in the indicative:
    two reports, not a statement and what it says."""
    first, last = clause
    article = tokens[first].text.lower() in DETERMINERS and first + 1 < last and tokens[first + 1].text[:1].isupper()
    if tokens[first].start == statement.start or (tokens[first].text.lower() in SUBORDINATE_OPENERS | {"so", "wie"}
                                                  and not article):
        return False  # "…, sagte er", "…, so der Minister", "dass …", "…, die …" (but "…, die Bundesregierung hat …")
    if not any(t.start == statement.start for t in tokens[first + 1:min(last, first + 8)]) or \
            not (tokens[first].text[:1].isupper() or tokens[first].text.lower() in DETERMINERS):
        return False
    other_words = {t.text.lower() for t in tokens[other_clause[0]:other_clause[1]]}
    if other_words & REPORTED_FORMS or tokens[other_clause[0]].text.lower() in SUBORDINATE_OPENERS | {"ob", "um"} \
            or _infinitive_clause(tokens, other_clause):
        return False
    return other_clause[0] < first  # the other report comes first: "X sehen …, die Bundesregierung hat … gewarnt"


def _criticises(sentence: str) -> bool:
    """Critical words not negated ("nicht provokativ" defends) nor held out for a condition ("wäre das ein
    großer Fehler": a warning)."""
    return any(not re.search(r"\b(?:nicht|kein\w*)\s+(?:\w+\s+)?$", sentence[:m.start()])
               and not re.search(r"\b(?:wäre|wären|würde|würden)\b[^,;:]*$", sentence[:m.start()])
               for m in CRITICISM_RE.finditer(sentence))


SPEECH_ACT_CODES = {"02", "03", "10", "11", "12", "13"}  # acts done by saying: the speaker is their source
COURT_RE = re.compile(r"Karlsruhe|Verfassungsgericht\w*|Gerichtshof|EuGH|\bGericht\w*|Verfassungsgerichtshof|juristisch|rechtlich")
LAWSUIT_RE = re.compile(r"\w*[Kk]lage\b|\w*[Aa]nzeige\b|rechtliche\w* Schritte")
TALKS_RE = re.compile(r"\b(?:Gespräche|Konsultationen|Verhandlungen|Treffen|Dialog)\b")
# "verständigten sich darauf, Konsultationen aufzunehmen": agreeing to hold talks is announcing them (03).
TALKS_TO_HOLD_RE = re.compile(r"\b(?:Gespräche|Konsultationen|Verhandlungen|Treffen|Dialog)\w*\s+(?:\S+\s+){0,6}?"
                              r"(?:aufzunehmen|zu\s+führen|zu\s+beginnen|fortzusetzen|abzuhalten|zu\s+starten|aufnehmen|führen|beginnen)\b")
COOPERATION_FIELD_RE = re.compile(r"Energie|Verteidigung|Sicherheit|Militär|Rüstung|Handel|Wirtschaft|Investition", re.IGNORECASE)
# Deals whose object is trade, energy or defence: signing one is material cooperation (06), not diplomacy (05).
DEAL_RE = re.compile(r"\w*(?:handels|wirtschafts|energie|gas|öl|liefer|rüstungs|verteidigungs|militär|investitions|atom|nuklear)"
                     r"(?:abkommen|vertrag|verträge|vereinbarung|vereinbarungen|deal|deals)\b", re.IGNORECASE)


FILING_RE = re.compile(r"einreich|eingereicht|erheb|erhob|erhoben|kündig|einbring|eingebracht|\bstellt|gestellt|"
                       r"erstatt|\bklagt|verklag")


def _complement_of_neutral_step(tokens, clauses, clause, event) -> bool:
    """"will seine Weigerung überdenken, der Ukraine Waffen zu liefern": the infinitive is what is being
    reconsidered or examined, no event of its own."""
    number = clauses.index(clause)
    if number == 0:
        return False
    index = next(k for k, t in enumerate(tokens) if t.start == event.start)
    if not (index > 0 and tokens[index - 1].text == "zu" or (event.trigger.islower() and "zu" in event.trigger[2:5])):
        return False
    first, last = clauses[number - 1]
    previous = " ".join(t.text for t in tokens[first:last])
    return bool(NEUTRAL_STEP_RE.search(previous) or re.search(
        r"Weigerung|ermunter|ermutig|bemüh|erwäg|erwog|Erwägung|versuch|Versuch|\bVerbot\b|\bRecht\b|\bPflicht\b|"
        r"\bAbsicht\b|Möglichkeit|\bOption\b|\bIdee\b|\bPläne\b|Drängen|Aufforderung|\bAppell|\bAufruf|widersetz|weiger|"
        r"\blehnt|\blehnten|abgelehnt|ablehn", previous))


# Complements of these assert no event: what is alleged, demanded or appealed for.
UNASSERTING_LEMMAS = {"beschuldigen", "vorwerfen", "anklagen", "bezichtigen", "drohen", "androhen"}
UNASSERTING_CODES = {"02", "10"}
COUNCIL_VOTE_RE = re.compile(r"Ministerrat|Kabinett|Rat der EU|EU-Rat|Umweltminister|Abstimmung|Votum|Stimmverhalten|Gesetz\b|Verordnung|"
                             r"\b\d+\s+von\s+\d+\s+(?:Mitgliedstaaten|Staaten|Ländern|Abgeordneten|Stimmen)\b")  # "20 von 27 Mitgliedstaaten stimmten zu"
LEGISLATURE_RE = re.compile(r"Parlament|Bundestag|Nationalrat|Landtag|Kongress|Senat|Abgeordnetenhaus")
STATE_CODES = {"15", "16", "17"}


def _unasserted_complement(tokens, clauses, clause) -> bool:
    number = clauses.index(clause)
    opener = tokens[clause[0]].text.lower()
    infinitive = any(t.text == "zu" or t.text.lower().startswith(("anzu", "auszu", "zuzu", "einzu", "abzu", "aufzu"))
                     for t in tokens[clause[0]:clause[1]])
    if opener == "um" and infinitive:
        return True  # a purpose: "um für seinen Angriffskrieg zu werben"
    if number == 0 or not (opener == "dass" or infinitive):
        return False
    return any(t.lemma in UNASSERTING_LEMMAS or t.code in UNASSERTING_CODES or (t.code == "11" and opener == "dass")
               or (t.lemma == "warnen" and t.code == "13" and infinitive)  # "warnte davor, Waffen zu liefern"
               for t in _clause_triggers(tokens, clauses[number - 1]))  # "kritisierte, dass China … beliefere"


COOPERATIVE_CODES = {"04", "05", "06", "07"}


def _infinitive_clause(tokens, clause) -> bool:
    return any(t.text == "zu" or t.text.lower().startswith(("anzu", "auszu", "zuzu", "einzu", "abzu", "aufzu"))
               or (t.text.islower() and "zu" in t.text[2:-2] and t.text.endswith("en"))
               for t in tokens[clause[0]:clause[1]])


def _announced_complement(tokens, clauses, clause) -> bool:
    """An own cooperative act announced, promised or offered ("kündigte an, Handelswege aufzubauen", "sagte zu,
    Munition zu liefern"): the commitment (03) is coded, not the act it is about."""
    number = clauses.index(clause)
    if number == 0 or not _infinitive_clause(tokens, clause):
        return False
    return any(t.code == "03" or (t.code == "05" and t.lemma in AGREEING) for t in _clause_triggers(tokens, clauses[number - 1]))


AGREEING = {"einigen", "verständigen", "vereinbaren"}  # "einigten sich darauf, Gespräche aufzunehmen": the agreement


def _floated(tokens, clauses, clause) -> bool:
    number = clauses.index(clause)
    infinitive = any(t.text == "zu" or "zu" in t.text[2:-2] for t in tokens[clause[0]:clause[1]] if t.text.islower())
    return number > 0 and infinitive and bool(FLOATING_RE.search(
        " ".join(t.text for t in tokens[clauses[number - 1][0]:clauses[number - 1][1]])))


def _standing_state(words: set[str]) -> bool:
    return "seit" in words and bool(words & {"ist", "sind", "war", "waren"}) and "worden" not in words


def _clause_of(tokens, clauses, event):
    return next(c for c in clauses if tokens[c[0]].start <= event.start < tokens[c[1] - 1].end + 1)


def _recode(sentence: str, words: set[str], event: Event) -> None:
    """Code boundaries that depend on the object: an announced lawsuit is the lawsuit (11, future), an
    agreement to hold talks an announcement (03), refusing consent a rejection (12), extending defence or
    energy cooperation a cooperation deal (06)."""
    lemma_start = event.trigger.lower()
    if event.code == "03" and lemma_start.startswith(("kündig", "angekündig", "ankündig")) and LAWSUIT_RE.search(sentence):
        event.code, event.future = "11", True
    elif event.code == "05" and (lemma_start.startswith(("vereinbar", "verabred")) and TALKS_RE.search(sentence)
                                 or lemma_start.startswith(("einig", "geeinig", "verständig")) and TALKS_TO_HOLD_RE.search(sentence)):
        event.code = "03"
    elif event.code == "05" and "stimm" in lemma_start and event.negated:
        event.code, event.negated = "12", False
    elif event.code == "05" and "bau" in lemma_start and COOPERATION_FIELD_RE.search(sentence):
        event.code = "06"
    elif event.code == "05" and event.source and _companies(event.source):
        event.code = "06"  # "Der Staatsfonds RDIF unterzeichnete eine Vereinbarung": a business deal, not diplomacy
    elif event.code == "05" and lemma_start.startswith(("begrüß", "begrüss")) and event.target \
            and _persons(event.target) and not WELCOMED_RE.search(sentence):
        event.code = "04"  # "Xi begrüßte Putin in Peking": a person welcomed is received
    elif event.code == "14" and (_official(event.source) or not STREET_RE.search(sentence)):
        event.code = "11"  # a government's or politician's protest is a disapproval; 14 is for protests in the street
    elif event.code == "18" and event.trigger.lower().startswith(("erschoss", "erschieß", "erschiess", "schoss"))  \
            and POLICE_FORCE_RE.search(sentence):
        event.code = "17"  # "von der Polizei erschossen": police use of force
    elif event.code == "18" and COMBAT_RE.search(sentence):
        event.code = "19"  # "bei dem Angriff … getötet": killed in combat
    elif event.code == "19" and event.trigger.lower().startswith(("griff", "greif", "angegriff", "angreif", "attack")) \
            and ASSAULT_RE.search(sentence):
        event.code = "18"  # "griff Besucher einer EM-Party an": an assault, no fight
    elif event.code == "19" and event.trigger.lower().startswith("bekämpf") and not COMBAT_RE.search(sentence) \
            and not ARMED_RE.search(sentence):
        event.code = "11"  # "der Bauernverband bekämpft die Initiative": a political fight is opposition in words
    elif event.code == "19" and event.trigger.lower().startswith(("griff", "greif", "angegriff", "angreif", "attack")) \
            and _political(event.target):
        event.code = "11"  # "Merz griff Scholz an": a politician attacked is criticised


STREET_RE = re.compile(r"Tausende|Hunderte|Zehntausende|Menschen|Demonstrant\w*|Aktivist\w*|Bauern|Landwirte|Anhänger|Straße|"
                       r"Kundgebung\w*|Demonstration\w*|Initiativen|Studierende|Studenten|Gewerkschaft\w*|Beschäftigte|Traktor\w*|"
                       r"\bvor\s+dem\b|Platz\b|Marsch|Mahnwache|Streik\w*|Protestierende|Teilnehmer")
POLICE_FORCE_RE = re.compile(r"\b(?:von|durch)\s+(?:der\s+|die\s+)?Polizei\b|\bPolizist(?:en)?\b.*\b(?:erschoss|erschossen|schoss|schossen)")
COMBAT_RE = re.compile(r"Rakete|Angriff|Beschuss|Drohne|Granate|Bombe|Artillerie|Luftschlag|Front\b|Gefecht|Kämpfe", re.IGNORECASE)
ARMED_RE = re.compile(r"Armee|Truppen|Soldaten|Streitkräfte|Militär|Rebellen|Miliz|Terror|Kämpfer|Dschihad|Islamist|"
                      r"Hamas|Hisbollah|Taliban|Front|Offensive|Waffen", re.IGNORECASE)
ASSAULT_RE = re.compile(r"Messer|Passant|Besucher|Polizist|Party|Fußgänger|Gäste|Journalist|Reporter|Fotograf|Kamerateam|"
                        r"Politiker|Wahlkämpfer|Wahlhelfer", re.IGNORECASE)


def _companies(actors: list[Actor]) -> bool:
    entities = knowledge_base.default().entities
    return all(qid in entities and entities[qid].type == "company" for qid, _ in actors)


WELCOMED_RE = re.compile(r"Entscheidung|Einigung|Beschluss|Schritt|Vorschlag|Initiative|Abkommen|Ankündigung|Zusage|Bereitschaft|"
                         r"Urteil|Wahl|Ergebnis|Plan|Pläne|Vereinbarung|Erklärung|Rückkehr|Freilassung")


def _persons(actors: list[Actor]) -> bool:
    entities = knowledge_base.default().entities
    return all(qid in entities and entities[qid].type == "person" for qid, _ in actors)


def _political(actors: list[Actor]) -> bool:
    entities = knowledge_base.default().entities
    return bool(actors) and all(qid in entities and entities[qid].type in ("person", "party") for qid, _ in actors)


def _official(actors: list[Actor]) -> bool:
    entities = knowledge_base.default().entities
    return any(qid in entities and entities[qid].type in ("country", "institution") for qid, _ in actors)


def _under_hypothesis(tokens, clauses, clause) -> bool:
    """A conditional opener ("Sollte Seoul Waffen liefern, …") or a complement of a hypothetical clause
    ("die Möglichkeit, dass Russland … unterstütze", "würden zusagen, … anzubieten")."""
    if tokens[clause[0]].text.lower() in CONDITIONAL_OPENERS or _verb_first(tokens, clauses, clause):
        return True
    number = clauses.index(clause)
    if number == 0:
        return False
    if _verb_first(tokens, clauses, clauses[number - 1]):
        return True  # "Wird eine Seite angegriffen, leistet die andere Hilfe": the consequence of a condition
    opener = tokens[clause[0]].text.lower()
    infinitive = any(t.text == "zu" or t.text.lower().startswith(("anzu", "auszu", "zuzu", "einzu", "abzu", "aufzu"))
                     for t in tokens[clause[0]:clause[1]])
    if opener != "dass" and not infinitive:
        return False
    previous = {t.text.lower() for t in tokens[clauses[number - 1][0]:clauses[number - 1][1]]}
    return bool(previous & (HYPOTHETICAL | SUBJUNCTIVE_II | {"möglichkeit", "gefahr", "risiko"}))


def _verb_first(tokens, clauses, clause) -> bool:
    """"Einigt sie sich, …", "Wird eine Seite angegriffen, …": a clause opening a sentence (or following a colon)
    with its finite verb, a comma after it, is a condition."""
    start = clause[0]
    if not (start == 0 or tokens[start - 1].text == ":") or clause[1] >= len(tokens) or tokens[clause[1]].text != ",":
        return False
    word = tokens[start].text
    if not word[:1].isupper() or clause[1] - start < 3:
        return False
    lower = word.lower()
    joined, split = lexicon()
    return lower in FINITE_AUXILIARIES or lower in ("gerät", "geraten", "kommt", "kommen", "legen", "legt", "gibt") \
        or any(t.form in ("present", "finite") for t in joined.get(lower, ())) \
        or any(t.form in ("present", "finite") and t.particle in {x.text for x in tokens[start:clause[1]]}
               for t in split.get(lower, ()))


def _referring_back(tokens, event) -> bool:
    """"den Besuch", "das Gespräch", "im Gespräch mit": a meeting noun with a definite article or "im" refers
    to a meeting already reported (or a standing state), it asserts none."""
    index = next(k for k, t in enumerate(tokens) if t.start == event.start)
    first = next((k + 1 for k in range(index - 1, -1, -1) if tokens[k].text in CLAUSE_PUNCT or tokens[k].text == ","), 0)
    before = [t.text for t in tokens[first:index]]
    if 0 < len(before) <= 3 and (before[0].lower() in DEFINITE or (before[0][:1].isupper() and before[0].endswith("s"))) \
            and all(w[:1].islower() and w.endswith(("e", "en", "er", "es", "em")) for w in before[1:]):
        # "Die Gespräche der beiden Staatschefs dauerten …": the subject, a report of its own when the clause says
        # how the meeting went; "Der Besuch des Kremlchefs zeigt, …", "Putins Besuch soll es absichern": the one
        # reported before, judged.
        definite = True
        last = next((k for k in range(index + 1, len(tokens)) if tokens[k].text in CLAUSE_PUNCT or tokens[k].text == ","),
                    len(tokens))
        return definite and not MEETING_PREDICATE_RE.search(" ".join(t.text for t in tokens[index + 1:last])) \
            and not _with_participants(tokens, index)
    words = {w.lower() for w in before}
    if words & BE_FORMS and words & {"es", "das", "dies"}:
        return True  # "Es ist Putins erster Besuch in Nordkorea seit 24 Jahren": the visit reported, characterised
    return tokens[index - 1].text.lower() in {"den", "das", "die", "dem", "der", "des", "diesem", "dieses", "allen", "beiden",
                                              "diesen", "jenen"}


# What a meeting noun as subject may do when the sentence reports the meeting itself.
MEETING_PREDICATE_RE = re.compile(r"\b(?:dauer\w*|begann\w*|beginn\w*|begonnen|ende\w*|endet\w*|geendet|statt\w*|verl[aä]uf\w*|"
                                  r"verlief\w*|lauf\w*|lief\w*|ruh\w*|geplant|angesetzt|vorgesehen|fortgesetzt|geht|ging|gingen|"
                                  r"find\w*|fand\w*|gestartet|startet\w*|abgebrochen|abgesagt|geplatzt|platzt\w*|erwartet|"
                                  r"stand|steht|stehen|standen|brachte\w*|bringt|soll|sollen|wird|werden|kam|kamen|kommt)\b")


# Economy, markets and weather: statements there are not political events (quotes are still recorded).
DOMAIN_RE = re.compile(r"\b(?:Konjunktur\w*|\w*[Ii]ndex|Zähler|Inflation\w*|Leitzins\w*|Aktie\w*|DAX|Börse\w*|"
                       r"Unwetter\w*|Hochwasser\w*|Erdrutsch\w*|Murgang\w*|Gewitter\w*|Überschwemmung\w*|"
                       r"Evakuier\w*|Umsatz\w*|Gewinn(?:e|en|s|warnung\w*)?|Quartal\w*|Prozentpunkt\w*|Stadion\w*|Fans?|Nationalbank|"
                       r"Notenbank|Zentralbank|EZB|Devisenmarkt\w*|Anleger\w*|Rendite\w*|Wirtschaftswachstum|"
                       r"\w*[Pp]rognose\w*|\w*[Ii]ndikator\w*|Staatsanleihen|Risikoaufschläge|ZEW|Ifo|ifo|Geschäftsklima\w*|"
                       r"Schuttkegel|Lawine\w*|Niederschl\w*|Erdbeben\w*|Starkregen|Meteorolog\w*|Hangrutsch\w*|Feriengäste|"
                       r"Reparaturarbeiten|Aufräumarbeiten|Rettungskräfte|Pegel\w*|Gewässer\w*|Waldbr[aä]nd\w*|"
                       r"Finanzmärkt\w*|Finanzmarkt\w*|Zinssenkung\w*|Zinserhöhung\w*|Zinswende|Geldpolitik\w*|Teuerung)\b")


def _is_statement(sentence, tokens, clauses, event) -> bool:
    """A speech act by a political actor: not a media credit ("wie die Polizei mitteilte"), not vox pop
    ("…, sagt er" in a feature), not about markets or weather."""
    clause = next(c for c in clauses if tokens[c[0]].start <= event.start <= tokens[c[1] - 1].end)
    if tokens[clause[0]].text.lower() == "wie":
        return False
    if event.trigger.lower() in ("sagt", "meint", "erzählt", "sagen") and not any(qid for qid, _ in event.source) \
            and not _office_named(sentence, tokens):
        return False  # "…, sagt er" of someone the knowledge base does not know: a voice from a feature
    if not event.source and "man" in {t.text.lower() for t in tokens[clause[0]:clause[1]]}:
        return False  # "Man kann es auch eine Farce nennen": nobody in particular
    if _private_speaker(sentence, tokens, clause, event):
        return False
    if not any(qid for qid, _ in event.source) and EXPERT_RE.search(_clause_text(sentence, tokens, clause)):
        return False  # "Ökonomen weisen darauf hin", "Beobachter sprechen von …": observers, not actors
    return True


PARTY_GLOSS_RE = re.compile(r"\((?:SPD|CDU|CSU|FDP|Grüne|Grünen|AfD|Linke|BSW|ÖVP|SPÖ|FPÖ|NEOS|Neos|SVP|FDP|Mitte|GLP|"
                            r"SP|Die Linke|Freie Wähler)\)")


def _office_named(sentence, tokens) -> bool:
    """A speaker introduced by an office ("sagt Innenminister Grote") or a party ("Grote (SPD)") speaks politically."""
    return bool(PARTY_GLOSS_RE.search(sentence)) or any(
        t.text[:1].isupper() and ROLE_RE.match(t.text) and not t.text.lower().startswith(("trainer", "teamchef"))
        for t in tokens)


def _private_speaker(sentence, tokens, clause, event) -> bool:
    """"…, sagte ein Landwirt aus Niederösterreich", "…, sagte Thomas Gruber aus Wels": a private person speaking,
    quotes only."""
    if any(qid for qid, _ in event.source):
        return False
    index = next(k for k, t in enumerate(tokens) if t.start == event.start)
    inverted = index > 0 and (tokens[index - 1].text in QUOTE_MARKS or tokens[index - 1].text in (",", ":"))
    if ((inverted and (private := PRIVATE_SPEAKER_RE.match(sentence, event.end + 1)))
            or (private := PRIVATE_SPEAKER_RE.match(sentence, tokens[clause[0]].start))) \
            and (private.start() == event.end + 1 or not sentence[private.end():event.start].strip()) \
            and not private.group("head").lower().endswith(GROUP_HEADS + OFFICIAL_HEADS):
        return True
    return bool(event.source) and any(
        re.search(rf"\b{re.escape(name)}\s*(?:\(\d+\))?,?\s+(?:aus|vom|von der)\s+(?:dem\s+|der\s+)?[A-ZÄÖÜ]", sentence)
        for _, name in event.source)


EXPERT_RE = re.compile(r"(?<![\w-])(?:Ökonom(?:en|in|innen)?|Analyst(?:en|in|innen)?|Beobachter(?:in|innen)?|Fachleute|"
                       r"Expert(?:e|en|in|innen)|Juristen|Jurist(?:in|innen)?|Strafrechtler(?:in|innen)?|Verfassungsjurist(?:en|in|innen)?|"
                       r"Forscher(?:in|innen)?|Wissenschaftler(?:in|innen)?|Sanktionsexpert(?:e|en|in|innen)|Militärexpert(?:e|en|in|innen)|"
                       r"Volkswirt(?:e|en|in|innen)?|Meteorolog(?:e|en|in|innen)|Politikberater(?:in|innen)?|Marktbeobachter(?:in|innen)?)\b")
# "ein Landwirt", "eine Anwohnerin aus Saltiwka": an unnamed speaker described by who they are.
PRIVATE_SPEAKER_RE = re.compile(r"\b(?:[Ee]in|[Ee]ine)\s+(?:[a-zäöü]\w*\s+)?(?P<head>[A-ZÄÖÜ]\w+)")
OFFICIAL_HEADS = ("sprecher", "sprecherin", "regierungsvertreter", "beamter", "beamtin", "abgeordneter", "abgeordnete",
                  "diplomat", "diplomatin", "offizier", "general", "funktionär", "minister", "ministerin", "senator",
                  "beauftragter", "beauftragte", "mitglied", "insider", "quelle", "mitarbeiter", "mitarbeiterin")


DENIED_DELIVERY_RE = re.compile(r"Lieferung|Waffengeschäft|Waffenhandel|Waffen\b|Munition|Rüstungsgüter")
_DENIAL_FORMS = {"bestreiten", "bestreitet", "bestritt", "bestritten", "bestreite", "dementiert", "dementierte",
                 "dementierten", "dementieren", "zurückgewiesen", "zurückweisen", "zurückweist", "zurückwies",
                 "wies", "wiesen", "weist", "weisen", "leugnet", "leugnete", "leugnen", "leugneten"}
# Admitting a failing ("räumte Versäumnisse ein") is a statement about oneself, no criticism of anyone.
_ADMISSION_FORMS = {"räumt", "räumte", "räumten", "eingeräumt", "einräumen", "einräume", "gesteht", "gestand", "gestanden",
                    "eingestanden", "eingestehen", "zugegeben", "zugeben", "zugab"}
BE_FORMS = {"ist", "sind", "sei", "seien", "war", "waren", "bin", "bleibt", "bleiben"}
OCCASION_NOUNS = {"Abschluss", "Auftakt", "Rande", "Ende", "Beginn", "Vorfeld", "Anschluss", "Schluss"}
ANCHOR_PREPOSITIONS = {"nach", "vor", "seit", "während", "bei", "wegen", "trotz", "infolge", "anlässlich"}
DEFINITE = {"der", "die", "das", "den", "dem", "des", "dessen", "deren", "seinem", "seinen", "seiner", "seines",
            "sein", "seine", "ihrem", "ihren", "ihrer", "ihres", "ihr", "ihre", "diesem", "dieser", "diesen", "dieses"}


def _word_triggers(tokens, i, first, clause_text) -> list[Trigger]:
    word = tokens[i].text
    found = []
    entries = _word_entries(word)
    if not entries and "-" in word:  # "EU-Strafzölle", "US-Waffenlieferungen": the last part names the event
        word = word.rsplit("-", 1)[1]
        entries = _word_entries(word) if word[:1].isupper() else ()
    for entry in entries:
        if entry.noun and (not word[0].isupper() or _anchored(tokens, i, first)):
            continue
        if entry.noun and entry.code in TOPIC_CODES and _topic(tokens, i, first):
            continue
        if not entry.noun and not word[0].islower():
            continue
        if entry.needs and not entry.needs.search(clause_text):
            continue
        found.append(Trigger(entry.code, word.lower(), None, None, entry.strength, "noun" if entry.noun else "word",
                             cancels=entry.cancels))
    return found


@functools.cache
def _any_word_trigger() -> re.Pattern:
    return re.compile("|".join(f"(?:{entry.pattern.pattern})" for entry in word_triggers()), re.IGNORECASE)


@functools.lru_cache(maxsize=65536)
def _word_entries(word: str) -> tuple[WordTrigger, ...]:
    if not _any_word_trigger().fullmatch(word):
        return ()
    return tuple(entry for entry in word_triggers() if entry.pattern.fullmatch(word))


# "Hoffnung auf Verhandlungen", "im Streit um Zusatzzölle", "Angst vor Angriffen": the event noun is what is
# hoped for, argued about or feared, no event the sentence asserts.
TOPIC_HEADS = {"hoffnung", "hoffnungen", "aussicht", "aussichten", "chance", "chancen", "wunsch", "streit", "debatte",
               "diskussion", "diskussionen", "frage", "konflikt", "angst", "ängste", "sorge", "sorgen", "furcht",
               "befürchtung", "befürchtungen", "gefahr", "risiko", "möglichkeit", "spekulation", "spekulationen",
               "gerüchte", "zollstreit", "handelsstreit", "streitpunkt", "streitpunkte", "tür", "thema", "themen", "stichtag", "frist"}
TOPIC_PREPOSITIONS = {"um", "über", "auf", "vor", "nach", "von", "der", "des", "einer", "eines", "neuer", "weiterer", "für"}
TOPIC_CODES = {"04", "05", "06", "07", "15", "16", "17", "19"}


def _topic(tokens, i, first) -> bool:
    before = [t.text.lower() for t in tokens[max(first, i - 4):i]]
    return any(word in TOPIC_HEADS and k + 1 < len(before) and before[k + 1] in TOPIC_PREPOSITIONS
               for k, word in enumerate(before))


def _anchored(tokens, i, first) -> bool:
    """"nach der Unterzeichnung", "kurz vor Putins Besuch", "beim Treffen": a time anchor, not an event."""
    before = [t.text for t in tokens[max(first, i - 3):i]]
    if before and before[-1].lower() in ("beim", "vom", "im"):
        # "beim Treffen", "im Gespräch mit Habeck zurückgewiesen": the occasion of something else; but
        # "sei mit mehreren Staaten im Gespräch" reports talks.
        return not (before[-1].lower() == "im" and any(t.text.lower() in BE_FORMS for t in tokens[first:i]))
    if any(word in OCCASION_NOUNS for word in before):
        return True  # "zum Abschluss der Innenministerkonferenz", "am Rande des Gipfels"
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
    if word not in joined and word not in split:
        return []  # most words are no trigger: decide that first
    # "der unterzeichnete Vertrag", "keine international anerkannte Regierung", "das heute unterzeichnete
    # umfassende Abkommen": a participle used as adjective is no event.
    following = next((t for t in tokens[i + 1:min(last, i + 3)] if not t.text.endswith(("e", "en", "er", "es", "em"))
                      or t.text[:1].isupper()), None)
    if following is not None and following.text[:1].isupper() and word.endswith(("te", "ten", "tes", "tem", "ter", "ene", "enen")) \
            and any(t.text.lower() in ARTICLES for t in tokens[max(first, i - 3):i]) \
            and not any(t.text[:1].isupper() for t in tokens[max(first, i - 3) + 1:i]):
        return []
    if i > first and tokens[i - 1].text.lower() in DETERMINERS and i + 1 < last and tokens[i + 1].text[:1].isupper():
        return []
    found = list(joined.get(word, ()))
    if i == 0 and token.text[:1].isupper():
        # "Angriff auf die Sanktionen", "Aufruf zur Ruhe": a finite verb never opens a sentence joined to its
        # particle, so a capitalised "Angriff" is the noun.
        found = [t for t in found if not (t.form in ("present", "finite") and _separable_joined(t.lemma, word))]
    for trigger in split.get(word, ()):
        if _particle_follows(tokens, i, last, trigger.particle):
            found.append(trigger)
    # A separable verb found split also matches its base verb ("weist … zurück" vs. "weist"): keep the longer.
    split_lemmas = {t.lemma for t in found if t.particle}
    return [t for t in found if t.particle or not any(s.endswith(t.lemma) for s in split_lemmas)]


@functools.lru_cache(maxsize=4096)
def _separable_joined(lemma: str, word: str) -> bool:
    """Whether `word` is a form of a separable verb with its particle attached ("angriff" of "angreifen")."""
    for entries in yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")).values():
        for entry in entries if isinstance(entries, list) else ():
            spec = (entry if isinstance(entry, str) else entry.get("v", "")) or ""
            particle, _, rest = spec.rpartition("|")
            if particle and particle + rest.split()[0] == lemma:
                return word.startswith(particle)
    return False


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
    if trigger.receive and not passive:  # "Russland erhielt Munition aus Nordkorea"
        givers = [members for preposition, members in _groups(tokens, inside) if preposition in ("von", "vom", "aus")]
        source, target = (_actors(givers[0]) if givers else []), source
    # "…, sagte die Ministerin": an inverted speech verb has its subject after it; the clause before is what was said.
    inverted = i == first and first > 0 and (tokens[first - 1].text == "," or tokens[first - 1].text in QUOTE_MARKS) \
        and i + 1 < last and tokens[i + 1].text.lower() in DETERMINERS | INDEFINITE_ARTICLES \
        and (trigger.code == "01" or trigger.code in SPEECH_ACT_CODES)
    # "Habeck (Grüne), der … unterwegs ist, hat wiederholt gesagt": the subject stands before the relative clause
    resumed = first > 0 and tokens[first - 1].text == "," and tokens[first].text in FINITE_AUXILIARIES \
        and number > 1 and tokens[clauses[number - 1][0]].text.lower() in RELATIVE_PRONOUNS
    if subjectless or (not source and not passive and not inverted
                       and (resumed or all(t.text.lower() in COORDINATORS for t in tokens[first:i]))):
        source = _previous_clause_actor(tokens, mentions, clauses, number)  # "bestreitet, Waffen geliefert zu haben"
    if not source and not passive and not subjectless and _dated_relative(tokens, first, last):
        # "Robert Habeck, der in dieser Woche nach China aufbricht": the relative pronoun is the name before the comma
        antecedent = [m for m in mentions if 0 <= tokens[first - 1].start - m.end <= 1]
        source = _actors(antecedent[-1:])
    if not source and not passive and not subjectless and (described := _described_subject(tokens, first, last, i)):
        # "Ukrainische Ermittler präsentierten …"; "…, sagte ein Sprecher des Ministeriums": the ministry speaks
        source = [_spoken_for(described, inside) or (None, described)]
    future = _is_future(tokens, clauses, number, trigger, words)
    # "Putin reist am Dienstag nach Nordkorea": the present tense speaks of the nearest such day, either side.
    date = dates.resolve(sentence[span[0]:span[1]], published, future or None, present=trigger.form == "present")
    if date and not future and trigger.form != "participle" and date > published.isoformat():
        future = True
    negated = _is_negated(words, tokens, clauses, number, trigger) != trigger.cancels  # "nicht abgesagt" took place
    confidence = trigger.strength * (0.55 + (0.3 if source else 0.0) + (0.15 if target or location else 0.0))
    token = tokens[i]
    return Event(trigger.code, token.text, token.start, token.end, source, target, location, date, negated, future,
                 round(min(1.0, confidence), 3))


# Heads of noun phrases that name a group or an unnamed person acting ("ein Sprecher", "westliche Regierungen").
GROUP_HEADS = ("sprecher", "sprecherin", "vertreter", "vertreterin", "regierung", "regierungen", "behörde", "behörden",
               "polizei", "ermittler", "minister", "ministerin", "menschen", "demonstranten", "aktivisten", "experten",
               "diplomaten", "politiker", "politikerin", "abgeordneter", "abgeordnete", "staaten", "länder", "verbündete",
               "verbündeten", "organisationen", "verbände", "initiativen", "parteien", "fraktion", "kommission",
               "ministerium", "amt", "gremium", "staatsanwaltschaft", "beamter", "beamte", "kritiker", "gegner",
               "befürworter", "mitglieder", "kreise", "militär", "armee", "truppen", "soldaten", "streitkräfte",
               "führung", "delegation", "teilnehmer", "gewerkschaften", "verband", "bündnis", "stellen", "offizielle",
               "funktionäre", "berater", "beraterin", "diplomat", "unterhändler", "ökonomen", "wissenschaftler")
DEFINITE_BACK = {"regierung", "behörde", "behörden", "ministerium", "minister", "ministerin", "führung", "kommission",
                 "staatsanwaltschaft", "delegation", "partei", "fraktion"}
NP_OPENERS = {"ein", "eine", "der", "die", "das", "mehrere", "viele", "einige", "zahlreiche", "dutzende", "hunderte",
              "tausende", "beide", "alle", "westliche", "russische", "ukrainische"}


SPOKESPERSON_RE = re.compile(r"^(?:[Ee]in|[Ee]ine|[Dd]er|[Dd]ie)\s+(?:[a-zäöü]\w*\s+)?(?:Sprecher|Sprecherin)\s+(?:des|der)\s+"
                             r"(?:(?P<adjective>[a-zäöü]\w*)\s+)?(?:(?P<proper>[A-ZÄÖÜ]\w*en)\s+)?(?P<body>[A-ZÄÖÜ][\w-]*)$")
INSTITUTION_RE = re.compile(r"(?:ministerium|amt|kommission|regierung|botschaft|behörde|staatsanwaltschaft|polizei|"
                            r"präsidialamt|kanzleramt|verwaltung|senat|rat|ministerrat|generalstab|armee|streitkräfte)$",
                            re.IGNORECASE)


def _spoken_for(described: str, mentions) -> Actor | None:
    """"Ein Sprecher des Finanzministeriums sagte": a spokesperson's words are the institution's act; its
    state when an adjective names it ("des chinesischen Handelsministeriums")."""
    match = SPOKESPERSON_RE.match(described)
    if match is None:
        return None
    body = match.group("body")
    nominative = re.sub(r"(?<=ium)s$|(?<=amt)e?s$|(?<=rat)e?s$|(?<=stab)e?s$|(?<=senat)s$", "", body, flags=re.IGNORECASE)
    if not INSTITUTION_RE.search(nominative):
        return None  # "ein Sprecher eines Zulieferers", "der Sprecher der Initiative": kept as written
    if match.group("proper"):  # "des Auswärtigen Amtes" -> "Auswärtiges Amt", "der Europäischen Kommission"
        stem = match.group("proper")[:-1]
        ending = "s" if re.search(r"(?:amt|ium)$", nominative, re.IGNORECASE) else \
            "r" if re.search(r"(?:rat|stab|senat)$", nominative, re.IGNORECASE) else ""
        nominative = f"{stem}{ending} {nominative}"
    adjective = match.group("adjective")
    if adjective:
        state = next((m for m in mentions if m.text == adjective and m.qid and m.label == "LOC"), None)
        if state is not None:
            return canonical(state.qid, state.name, state.text)
        return None
    return None, nominative


def _described_subject(tokens, first, last, i) -> str | None:
    """An unnamed actor as written: the noun phrase before the verb opening the clause ("Ukrainische Ermittler
    präsentierten", "Ein ranghoher Regierungsvertreter erklärte") or right after a clause-initial speech verb
    ("…, sagte ein Sprecher des Ministeriums"); only phrases headed by a group or person noun."""
    if i > first:
        span = tokens[first:i]
    elif i + 1 < last and tokens[i + 1].text.lower() in DETERMINERS:
        end = i + 2
        while end < last and end < i + 8 and (tokens[end].text[:1].isupper() or tokens[end].text.lower() in
                                                ("des", "der", "eines", "einer") or tokens[end].text.endswith(("e", "en", "er", "es"))):
            end += 1
        span = tokens[i + 1:end]
    else:
        return None
    if not span or len(span) > 8 or span[0].text.lower() in PREPOSITIONS:
        return None
    words = [t.text for t in span]
    if not (words[0].lower() in NP_OPENERS or words[0][:1].isupper()):
        return None
    # Adjectives stand before their noun: a lower-case word after it (other than a genitive's article) ends the
    # phrase ("Die Ministerin wiederholte ihre Forderung": "Die Ministerin").
    head = next((k for k, w in enumerate(words) if k and w[:1].isupper()), None)
    if head is not None:
        end, genitive = len(words), False
        for k in range(head + 1, len(words)):
            word = words[k]
            if word.lower() in ("des", "der", "eines", "einer", "aus", "von", "und"):
                genitive = True
            elif word[:1].isupper():
                genitive = False
            elif not (genitive and word.endswith(("e", "en", "er", "es", "em"))):  # "der regionalen Staatsanwaltschaft"
                end = k
                break
        words = words[:end]
    for word in words[1:]:
        if word[:1].isupper() or word.lower() in ("des", "der", "eines", "einer", "aus", "von", "und"):
            continue
        if not word.endswith(("e", "en", "er", "es", "em")) or _is_verb(word.lower()):
            return None
    heads = [k for k, w in enumerate(words) if w[:1].isupper() and w.lower().endswith(GROUP_HEADS)]
    if not heads or words[0].lower() in ("beide", "beiden"):
        return None  # "beide Regierungen" are the two states named before, not a description
    if len(words) == 2 and words[0].lower() in ("der", "die", "das") and words[1].lower() in DEFINITE_BACK:
        return None  # "die Regierung", "die Behörde": the one named before, not a description of its own
    if words[0].lower() in ("der", "die", "das") and len(words) > 1 and words[1][:1].isupper() \
            and not words[1].lower().startswith(("sprecher", "vertreter")):
        words = words[1:]  # "Die Generalstaatsanwaltschaft" as the gold names it: without the article
    return " ".join(words)


def _describing_clause(tokens, first, last, number) -> bool:
    """A relative clause after a comma ("…, die gegen beide Staaten verhängt sind", "…, mit denen …") or a
    generic "Wer …" clause: it describes a referent and asserts no event of its own."""
    words = [t.text.lower() for t in tokens[first:first + 3]]
    if not words:
        return False
    if words[0] == "wer":
        return True
    if number == 0 or first == 0 or tokens[first - 1].text != ",":
        return False
    clause_words = {t.text.lower() for t in tokens[first:last]}
    if clause_words & {"haben", "hat", "habe", "hatte", "hatten"}:
        return False  # "ein Papier, das 80 Staaten unterzeichnet haben": the perfect reports a new fact
    if words[0] in RELATIVE_PRONOUNS - {"wer"}:
        # "…, die Regierung habe …" is reported speech: an article before a capitalised noun is no pronoun.
        following = tokens[first + 1].text if first + 1 < len(tokens) else ""
        # "Putin, der am Dienstagabend in Pjöngjang erwartet wird": a dated act is reported, not described
        return (not following[:1].isupper() or words[0] in ("denen", "deren", "dessen")) \
            and not _dated_relative(tokens, first, last)
    if not (len(words) > 1 and words[0] in PREPOSITIONS and words[1] in {"dem", "der", "denen", "deren", "dessen", "welchem", "welcher"}):
        return False
    # "…, bei der am Montag eingeleiteten Untersuchung könnten …": a fronted phrase, then the finite verb — a
    # main clause, not "…, mit der Russland Waffen kauft".
    for k in range(first + 2, min(last - 1, first + 8)):
        if tokens[k].text[:1].isupper():
            return tokens[k + 1].text.lower() not in FINITE_AUXILIARIES
    return True


NOMINATIVE_RELATIVES = {"der", "die", "welcher", "welche"}


def _dated_relative(tokens, first, last) -> bool:
    """A relative clause on a named actor that names a specific day or week ("Habeck, der an diesem Freitag nach
    China weiterreist", "…, der in dieser Woche aufbricht", "…, der am 4. Juli …")."""
    if first < 2 or tokens[first - 1].text != "," or tokens[first].text.lower() not in NOMINATIVE_RELATIVES \
            or not tokens[first - 2].text[:1].isupper():
        return False
    text = " ".join(t.text for t in tokens[first:last])
    return bool(dates.WEEKDAY_RE.search(text) or dates.WEEK_RE.search(text) or dates.DAY_MONTH_RE.search(text)
                or dates.RELATIVE_RE.search(text))


FINITE_AUXILIARIES = {"ist", "sind", "war", "waren", "wird", "werden", "wurde", "wurden", "hat", "haben", "hatte", "hatten",
                      "kann", "können", "könnte", "könnten", "soll", "sollen", "sollte", "sollten", "muss", "müssen",
                      "will", "wollen", "habe", "sei", "seien", "werde", "könne", "müsse", "solle", "wolle", "dürfte",
                      "dürften", "würde", "würden", "gebe", "gibt", "gab"}


def _warned(tokens, mentions, first, last, i) -> bool:
    """"warnte Peking vor …": someone is warned (a name without preposition after the verb, or before "davor")."""
    after = [m for m in mentions if tokens[i].end <= m.start < tokens[last - 1].end]
    for mention in after:
        if _governing_preposition(tokens, mention) is None:
            return True
    before = [m for m in mentions if tokens[first].start <= m.start < tokens[i].start]
    return len([group for preposition, group in _groups(tokens, before) if preposition is None]) >= 2


# Objects of "warnen", "drohen" that name a party without being an entity: "warnte den Westen vor …".
ADDRESSEES = {"westen", "nato", "regierung", "regierungen", "partner", "verbündeten", "staaten", "länder", "führung",
              "gegner", "feinde", "nachbarn", "nachbarländer", "opposition", "kommission", "koalition", "europäer",
              "amerikaner", "bundesregierung", "ukrainer", "russen", "israelis", "palästinenser", "iraner"}


def _addressee_after(tokens, i, last) -> bool:
    """"warnte den Westen vor", "drohte den Nachbarländern": a party named by a noun right after the verb."""
    return i + 2 < last and tokens[i + 1].text.lower() in ("den", "die", "dem") \
        and tokens[i + 2].text.lower() in ADDRESSEES


def _threatened_step(tokens, clauses, number, i) -> bool:
    """"Die Türkei droht, den Beitritt zu blockieren": "drohen" closing its clause (or before the comma), a
    zu-infinitive clause after it, and a subject before it that is no impersonal "es" ("Es droht, …")."""
    first, last = clauses[number]
    if number + 1 >= len(clauses) or last >= len(tokens) or tokens[last].text != ",":
        return False
    if any(t.text.lower() in ("es", "ihm", "ihr", "ihnen", "uns") for t in tokens[first:last]):
        return False
    if i is not None and i + 1 < last and any(t.text[:1].isupper() for t in tokens[i + 1:last]):
        return False  # "droht der Regierung, …": an object in the clause; the clause rules decide
    return _infinitive_clause(tokens, clauses[number + 1]) and tokens[clauses[number + 1][0]].text.lower() not in ("um", "ohne", "statt")


def _zu_infinitive_follows(tokens, i, last) -> bool:
    before = []
    for t in reversed(tokens[max(0, i - 3):i]):  # "zu landen droht"; not the "zu" of a clause before the comma
        if t.text == "," or t.text in CLAUSE_PUNCT:
            break
        before.append(t)
    return any(t.text == "zu" for t in before) or any(t.text == "zu" for t in tokens[i + 1:last])


# --- references: words that stand for an actor named before ------------------------------------------------

@dataclass(frozen=True)
class Reference:
    """A pronoun ("er"), a role noun ("der Vizekanzler", "der russische Präsident") or "beide Länder" in
    place of a name, with the actors it stands for; shaped like an entity mention."""
    start: int
    end: int
    text: str
    actors: tuple[Actor, ...]
    label: str = "PER"

    @property
    def qid(self) -> str | None:
        return self.actors[0][0] if len(self.actors) == 1 else None

    @property
    def name(self) -> str:
        return " und ".join(name for _, name in self.actors)


# Offices a person holds; a definite article before one refers back to the holder named earlier.
ROLE_SUFFIXES = ("kanzler", "präsident", "minister", "chef", "vorsitzende", "vorsitzender", "generalsekretär",
                 "kommissar", "machthaber", "senator", "premier", "staatssekretär", "bürgermeister", "landeshauptmann")
ROLE_RE = re.compile(rf"^[\w-]*?(?:{'|'.join(ROLE_SUFFIXES)})(?P<ending>in|en|s)?$", re.IGNORECASE)
ROLE_ENDINGS = tuple(suffix + ending for suffix in ROLE_SUFFIXES for ending in ("", "in", "en", "s"))
# Person nouns that, with a definite article, refer back like a title ("sagte der Kremlsprecher", "die
# Grünen-Politikerin") but hold no office of their own in names ("Sprecher der SPD-geführten Innenressorts").
REFERRING_SUFFIXES = ROLE_SUFFIXES + ("sprecher", "politiker", "diplomat", "oppositionsführer", "fraktionsführer")
REFERRING_RE = re.compile(rf"^[\w-]*?(?:{'|'.join(REFERRING_SUFFIXES)})(?P<ending>in|en|s)?$", re.IGNORECASE)
REFERRING_ENDINGS = tuple(suffix + ending for suffix in REFERRING_SUFFIXES for ending in ("", "in", "en", "s"))
INDEFINITE_ARTICLES = {"ein", "eine", "einen", "einem", "einer", "eines"}
UNTAGGED_NAME_RE = re.compile(r"\s+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?(?:\s+[A-ZÄÖÜ][a-zäöüß]+)?)(?=\s+[a-zäöü]|[,.;:]|$)")
NOT_NAMES = {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag", "Ende", "Anfang", "Mitte",
             "Deutschlands", "Russlands", "Chinas", "Europas", "Amerikas", "Österreichs", "Frankreichs"}
MASCULINE_ARTICLES = {"der", "des", "dem", "den"}
FEMININE_ARTICLES = {"die", "der"}
PAIR_NOUNS = {"länder": "country", "staaten": "country", "seiten": "country", "regierungen": "country",
              "staatschefs": "person", "präsidenten": "person", "politiker": "person", "männer": "person"}
REFERENCE_WORDS = {"er", "sie", "beide", "beiden", *PAIR_NOUNS}
SINGULAR_VERB_RE = re.compile(r"^(?:sei|habe|hat|ist|war|wird|werde|will|wolle|soll|solle|kann|könne|muss|müsse|"
                              r"\w+(?<!e)t|\w+te)$")


def with_references(sentence: str, mentions: list, context: list, tokens: list[Token] | None = None) -> list:
    """The mentions (sorted by start) plus references resolved against the sentence and its context; a title
    right before the name it belongs to ("Nato-Generalsekretär Jens Stoltenberg") is dropped, the name stands
    for both."""
    tokens = _tokens(sentence) if tokens is None else tokens
    quoted = [(m.start(), m.end()) for m in QUOTED_RE.finditer(sentence)]
    kept, references = [], []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if _demonym_person(sentence, mention):  # "sagte der Norweger": a person of that country
            person = _holder(mention.start, mentions, context, mention.qid, tokens)
            if person is not None:
                references.append(Reference(mention.start, mention.end, mention.text, (person,)))
                continue
        if mention.qid is None and REFERRING_RE.match(mention.text) and " " not in mention.text:
            if following is not None and following.label == "PER" and not sentence[mention.end:following.start].strip():
                continue  # a title before its holder's name
            if (name := UNTAGGED_NAME_RE.match(sentence, mention.end)) and name.group(1) not in NOT_NAMES:
                # "US-Außenminister Blinken spricht": a title before a name the tagger missed
                references.append(Reference(mention.start, name.end(), sentence[mention.start:name.end()],
                                            ((None, name.group(1)),)))
                continue
            if _indefinite_before(tokens, mention.start) or not ROLE_RE.match(mention.text) \
                    and not _definite_before(tokens, mention.start):
                kept.append(mention)  # "ein CDU-Politiker": someone not named, kept as described
                continue
            role_match = REFERRING_RE.match(mention.text)
            person = _holder(mention.start, mentions, context, None, tokens, role=mention.text,
                             gender="f" if (role_match.group("ending") or "").lower() == "in" else "m")
            if person is not None:
                references.append(Reference(mention.start, mention.end, mention.text, (person,)))
                continue
        kept.append(mention)
    starts = {m.start for m in kept}
    for i, token in enumerate(tokens):
        lower = token.text.lower()
        if not (lower in REFERENCE_WORDS or (token.text[:1].isupper() and lower.endswith(REFERRING_ENDINGS))):
            continue  # most words refer to nobody: skip them cheaply
        if token.start in starts or any(a <= token.start < b for a, b in quoted):
            continue
        reference = _reference_at(sentence, tokens, i, kept, context)
        if reference is not None and any(r.start < reference.end and reference.start < r.end for r in references):
            continue  # the role noun the tagger found ("die Grünen-Politikerin") is resolved already
        if reference is not None:
            references.append(reference)
    if not references:
        return kept
    covered = [(r.start, r.end) for r in references]
    kept = [m for m in kept if not any(a <= m.start < b for a, b in covered)]
    return sorted(kept + references, key=lambda m: m.start)


QUOTED_RE = re.compile(r"„[^“”\"]*[“”\"]|\"[^\"]*\"|«[^»]*»|»[^«]*«")


def _reference_at(sentence, tokens, i, mentions, context) -> Reference | None:
    word = tokens[i].text
    lower = word.lower()
    previous = tokens[i - 1].text.lower() if i else ""
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if lower == "er" or (lower == "sie" and _singular_around(tokens, i)):
        person = _holder(tokens[i].start, mentions, context, None, tokens, same_clause_excluded=True,
                         gender="m" if lower == "er" else "f")
        return Reference(tokens[i].start, tokens[i].end, word, (person,)) if person else None
    if word[:1].isupper() and i and previous not in ("beide", "beiden") and (match := REFERRING_RE.match(word)):
        feminine = (match.group("ending") or "").lower() == "in"
        articles = FEMININE_ARTICLES if feminine else MASCULINE_ARTICLES
        first = i - 1
        while first > 0 and tokens[first].text[:1].islower() and tokens[first].text.lower() not in articles | DETERMINERS:
            first -= 1  # adjectives between the article and the noun: "der russische Präsident"
        if tokens[first].text.lower() not in articles or (not feminine and lower.endswith("minister") and tokens[first].text.lower() == "die"):
            return None
        if any(m.start == tokens[i + 1].start for m in mentions if m.label == "PER") if i + 1 < len(tokens) else False:
            return None  # "der Präsident Wladimir Putin": the name follows
        country = next((m.qid for m in mentions if tokens[first].start <= m.start < tokens[i].start and m.qid), None)
        gender = "f" if feminine else "m"  # "die Ministerin" is a woman, "der Kanzler" a man
        person = _holder(tokens[first].start, mentions, context, country, tokens, role=word, gender=gender)
        entity = knowledge_base.default().entities.get(country) if country else None
        if person is None and entity is not None and entity.type != "country":
            # "der bayerische Ministerpräsident": a region names no state of the holder's record
            person = _holder(tokens[first].start, mentions, context, None, tokens, role=word, gender=gender)
        return Reference(tokens[first].start, tokens[i].end, sentence[tokens[first].start:tokens[i].end], (person,)) \
            if person else None
    if lower in PAIR_NOUNS and previous in ("beide", "beiden"):
        first = i - 2 if i >= 2 and tokens[i - 2].text.lower() == "die" else i - 1
        pair = _last_two(tokens[first].start, mentions, context, PAIR_NOUNS[lower])
        return Reference(tokens[first].start, tokens[i].end, sentence[tokens[first].start:tokens[i].end], pair,
                         "LOC" if PAIR_NOUNS[lower] == "country" else "PER") if pair else None
    if lower in ("beide", "beiden") and not following[:1].isupper() and following.lower() not in PAIR_NOUNS:
        first = i - 1 if previous == "die" else i  # "die beiden", "Beide bestreiten …": the two people
        pair = _last_two(tokens[first].start, mentions, context, "person") or \
            _last_two(tokens[first].start, mentions, context, "country")
        return Reference(tokens[first].start, tokens[i].end, sentence[tokens[first].start:tokens[i].end], pair) if pair else None
    return None


def _article_of(tokens, position: int) -> str:
    """The article before a noun at `position`, adjectives skipped ("der russische Präsident"), lower case."""
    before = [t for t in tokens if t.end <= position][-4:]
    for token in reversed(before):
        word = token.text.lower()
        if word in DETERMINERS or word in INDEFINITE_ARTICLES:
            return word
        if not (token.text[:1].islower() and word.endswith(("e", "en", "er", "es", "em"))):
            return ""
    return ""


def _indefinite_before(tokens, position: int) -> bool:
    return _article_of(tokens, position) in INDEFINITE_ARTICLES


def _definite_before(tokens, position: int) -> bool:
    return _article_of(tokens, position) in MASCULINE_ARTICLES | FEMININE_ARTICLES


def _demonym_person(sentence: str, mention) -> bool:
    entity = knowledge_base.default().entities.get(mention.qid) if mention.qid else None
    return entity is not None and entity.type == "country" and mention.text != entity.name \
        and mention.text[:1].isupper() and mention.text.endswith(("er", "in")) \
        and bool(re.search(r"\b(?:der|die)\s+$", sentence[:mention.start]))


def _singular_around(tokens, i) -> bool:
    """"sie sei", "sagte sie": "sie" with a singular verb next to it is one woman, not a group."""
    neighbours = [tokens[k].text.lower() for k in (i - 1, i + 1) if 0 <= k < len(tokens)]
    if any(SINGULAR_VERB_RE.match(word) and not word.endswith(("en", "ten")) for word in neighbours):
        return True
    joined, split = lexicon()  # strong preterites: "sprach sie", "wies sie … zurück"
    return any(not word.endswith("en") and any(t.form == "finite" for t in (*joined.get(word, ()), *split.get(word, ())))
               for word in neighbours)


@functools.cache
def role_holders() -> dict[str, frozenset[str]]:
    """Role word (lower case) -> QIDs of the people the knowledge base names with it: its aliases such as
    "Wirtschaftsminister Habeck", "Nato-Generalsekretär Stoltenberg" say who holds which office."""
    kb = knowledge_base.default()
    holders: dict[str, set[str]] = {}
    for surface, qids in kb.surfaces.items():
        role, _, rest = surface.partition(" ")
        if rest and ROLE_RE.match(role):
            for qid in qids:
                if kb.entities[qid].type == "person":
                    holders.setdefault(role.lower(), set()).add(qid)
    return {role: frozenset(qids) for role, qids in holders.items()}


FEMALE_FIRST_NAMES = frozenset("""Agnieszka Alice Amira Andrea Angela Anke Anna Annalena Anne Annegret Annette Barbara Beate
Beatrix Benita Bettina Brigitte Britta Bärbel Cansel Christine Christiane Claudia Dagmar Daniela Doris Dorothee Elisabeth
Elizabeth Eva Franziska Frauke Gesine Greta Hillary Ilse Irene Joana Johanna Judith Julia Kamala Karin Katarina Katharina
Katja Katrin Kerstin Kristina Linda Lisa Luise Magdalena Malu Manuela Margaret Maria Marie Marie-Agnes Martina Monika
Nancy Petra Renate Sabine Sahra Sarah Saskia Sevim Siemtje Sigrid Simonetta Stefanie Steffi Svenja Tamara Theresa Ursula
Viola Yasmin Yvonne Leonore Karoline Ricarda Alena Giorgia Marine Kaja Ulrike Heike Nadja Natalie Silke Susanne Lena
Sophie Hanna Mette Roberta Ingrid Astrid Ines Miriam Carmen Ellen Helen Karen Emilia Beatrice Ylva Kristalina Jacinda Liz
Alexandra Jasmina Irina Olena Julija Maia Mariya Elina Sanna Magdalena Agnes Gudrun Birgit Margit Edith Ruth""".split())
MALE_A_NAMES = frozenset({"Ibrahima", "Joschka", "Karamba", "Mahatma", "Osama", "Luca", "Nikita", "Mustafa", "Ilja",
                          "Sascha", "Jona", "Kosta", "Aljoscha", "Nicola", "Juha", "Mykola", "Dmytro", "Ilia", "Costa"})


def _gender(mention) -> str | None:
    """"f" or "m" by the first name of the person's full name, None when only a surname is known."""
    name = mention.name if getattr(mention, "qid", None) else mention.text
    parts = name.split()
    if len(parts) < 2 or not parts[0][:1].isupper():
        return None
    first = parts[0]
    if first in FEMALE_FIRST_NAMES or (first.endswith("a") and first not in MALE_A_NAMES):
        return "f"
    return "m"


def _holder(position, mentions, context, country, tokens, same_clause_excluded=False, role=None,
            gender: str | None = None) -> Actor | None:
    """The person last named before `position` (in the sentence, then the context), of `country` if given, of
    the pronoun's `gender` if known ("er": not Leonore Gewessler); for a role noun the one the knowledge base
    knows in that office, if named there."""
    if role is not None:
        known = role_holders().get(role.lower(), frozenset())
        holder = next((m for m in reversed([*context, *[m for m in mentions if m.end <= position]])
                       if not isinstance(m, Reference) and m.qid in known), None)
        if holder is not None:
            return canonical(holder.qid, holder.name, holder.text)
        if len(known) == 1 and not any(m.label == "PER" and m.qid for m in context):
            # "äußert sich der Nato-Generalsekretär": the one holder the knowledge base knows, when nobody named is near
            qid = next(iter(known))
            return canonical(qid, knowledge_base.default().entities[qid].name)
    entities = knowledge_base.default().entities
    clause_start = 0
    if same_clause_excluded:  # "Den Machthaber Kim lobt er": a pronoun subject is not the object beside it
        clause_start = max((t.end for t in tokens if t.end <= position and (t.text in CLAUSE_PUNCT or t.text == ",")),
                           default=0)
    before = [m for m in mentions if m.end <= clause_start or (not same_clause_excluded and m.end <= position)]
    for mention in reversed([*context, *before]):
        if not isinstance(mention, Reference) and mention.qid is None and REFERRING_RE.match(mention.text) \
                and len(titled := role_holders().get(mention.text.lower(), frozenset())) == 1:
            qid = next(iter(titled))  # "der Nato-Generalsekretär" in a sentence before: "sagt er"
            return canonical(qid, entities[qid].name)
        if isinstance(mention, Reference) or mention.label != "PER" or not (mention.qid or mention.text[:1].isupper()):
            continue
        if mention in before and mention.text.endswith("s") and not mention.name.endswith("s") \
                and not sentence_possessive_exempt(mention):
            continue  # "Kurz vor Putins Ankunft … äußert sich der Generalsekretär": the genitive is someone else
        if gender and _gender(mention) not in (None, gender):
            continue
        if country and (mention.qid not in entities or entities[mention.qid].country != country):
            continue
        return canonical(mention.qid, mention.name, mention.text)
    return None


def sentence_possessive_exempt(mention) -> bool:
    """A name written with s that is its own form (no genitive), e.g. a name the tagger gives as written."""
    return mention.name.lower() == mention.text.lower()


def _last_two(position, mentions, context, kind: str) -> tuple[Actor, ...]:
    """The two persons or states most named before `position` ("beide Länder", "die beiden")."""
    entities = knowledge_base.default().entities
    counts: dict[Actor, list[int]] = {}  # actor -> [times named, last position]
    for order, mention in enumerate([*context, *[m for m in mentions if m.end <= position]]):
        if isinstance(mention, Reference):
            continue
        actor = canonical(mention.qid, mention.name, mention.text)
        entity = entities.get(actor[0]) if actor[0] else None
        if kind == "person" and mention.label != "PER" or kind == "country" and (entity is None or entity.type != "country"):
            continue
        counts.setdefault(actor, [0, 0])
        counts[actor][0] += 1
        counts[actor][1] = order
    # The two most named are the two sides; among equals the later named.
    ranked = sorted(counts, key=lambda actor: counts[actor], reverse=True)
    return tuple(ranked[:2]) if len(ranked) >= 2 else ()


# --- roles ----------------------------------------------------------------------------------------------------

def _groups(tokens: list[Token], mentions: list) -> list[tuple[str | None, list]]:
    """Mentions grouped into noun phrases and lists of them, each with the preposition governing it.

    "Der russische Präsident Wladimir Putin und Kim Jong Un" is one group; an adjective mention ("russische")
    or a genitive before a title yields to the person it describes.
    """
    groups: list[tuple[str | None, list]] = []
    previous_end = None
    for mention in mentions:
        if mention.text[:1].islower() and not isinstance(mention, Reference) and not _before_actor_noun(tokens, mention):
            continue  # "die russische Invasion" names no actor; "die russische Regierung" does
        between = [t.text for t in tokens if previous_end is not None and previous_end <= t.start < mention.start]
        preposition = _governing_preposition(tokens, mention)
        if groups and previous_end is not None and _continues(between, groups[-1][1][-1], mention):
            prep, members = groups[-1]
            if between == [","] and mention.label == "PER" and _article_before(tokens, members[-1]) in GENITIVE_ARTICLES:
                members[-1] = mention  # "der Kommunikationsdirektor des Sicherheitsrats, John Kirby": the person
            elif mention.label == "PER" and members[-1].label == "LOC" and members[-1].text.endswith("s") \
                    and any(ROLE_RE.match(w) for w in between):
                members[-1] = mention  # "Chinas Staats- und Parteichef Xi Jinping": the person
            elif any(w in COORDINATORS for w in between):
                members.append(mention)
            else:  # apposition: the later, more specific name replaces the describing one
                members[-1] = _more_specific(members[-1], mention)
        else:
            groups.append((preposition, [mention]))
        previous_end = mention.end
    return groups


def _continues(between: list[str], before, mention) -> bool:
    if len(between) > 5 or isinstance(before, Reference) or isinstance(mention, Reference):
        return False  # "warf er der Nato vor": a pronoun or a resolved role noun is a phrase of its own
    if any(w.lower() in PREPOSITIONS or w in CLAUSE_PUNCT for w in between):
        return False
    if not between:  # "Kim Putin": two names in a row are two phrases, unless the first describes the second
        same = (before.qid, before.name) == (mention.qid, mention.name)
        return same or before.text[:1].islower() or before.text.endswith("s")
    if before.text[:1].isupper() and not before.text.endswith("s") and any(ROLE_RE.match(w) for w in between) \
            and not any(w in COORDINATORS for w in between):
        return False  # "empfing Hanoi US-Präsident Joe Biden": a name, then a titled person
    lowercase = [w for w in between if w[:1].islower() and w.lower() not in DETERMINERS and w not in COORDINATORS]
    # Only adjectives may stand lower-case between names of one phrase: a verb ends the phrase.
    return all(w.endswith(("e", "en", "er", "es", "em")) and not _is_verb(w) for w in lowercase)


def _is_verb(word: str) -> bool:
    joined, split = lexicon()
    return word in joined or word in split or word in PASSIVE_AUX or word in FUTURE_CUES or word in {"haben", "hat", "hatte", "hatten", "habe", "hätte", "hätten"}


GENITIVE_ARTICLES = {"des", "eines"}
OBLIQUE_ARTICLES = {"dem", "den", "einem", "einen", "ihrem", "ihren", "seinem", "seinen"}


def _article_before(tokens: list[Token], mention) -> str:
    """The article of the mention's noun phrase, lower case, adjectives skipped ("dem russischen Präsidenten")."""
    before = [t for t in tokens if t.end <= mention.start][-6:]
    for token in reversed(before):
        word = token.text.lower()
        if word in DETERMINERS or word in OBLIQUE_ARTICLES:
            return word
        if token.text[:1].isupper() and token.text.isalpha():
            continue  # names and titles of the phrase: "dem Machthaber Kim Jong Un", "des Nationalen Sicherheitsrats"
        if word in COORDINATORS or not word.endswith(("e", "en", "er", "es", "em")) or _is_verb(word):
            return ""
    return ""


def _before_actor_noun(tokens: list[Token], mention) -> bool:
    following = next((t.text for t in tokens if t.start > mention.end), "")
    return following.endswith(ACTOR_NOUNS)


def _more_specific(before, after):
    return after if after.label in ("PER", "ORG") or before.text[:1].islower() else before


def _governing_preposition(tokens: list[Token], mention) -> str | None:
    """The preposition a few words before the mention, unless a verb or punctuation comes between."""
    before = [t for t in tokens if t.end <= mention.start][-6:]
    for k in range(len(before) - 1, -1, -1):
        word = before[k].text.lower()
        if word in ("in", "im") and k == len(before) - 1 and k > 0 and before[k - 1].text.endswith(ACTOR_NOUNS) \
                and before[k - 1].text[:1].isupper():
            return None  # "das Aussenministerium in Peking": the ministry of the state whose capital it names
        if word in PREPOSITIONS:
            return word
        token = before[k]
        if token.text in CLAUSE_PUNCT or token.text == "," or (token.text[:1].islower() and _is_verb(word)):
            return None  # a verb between; "Nach Angaben Uschakows": a capitalised noun is none
    return None


# Seats of government and metonyms in actor position stand for the state or body they name (guidelines:
# Kreml → Russland, Weißes Haus/US-Botschaft → USA, Brüssel → EU, Berlin → Bundesregierung). Capitals not
# listed here go to the state of their KB record's capital_of.
SEATS = {"Q64": "Q313827", "Q239": "Q458",  # Berlin → Bundesregierung, Brüssel → EU (not Belgien)
         "Q11209": "Q30"}  # Pentagon → USA
SEAT_NAMES = (
    (re.compile(r"^(?:(?:de[rsmn]|die|das)\s+)?Kreml[s]?$"), "Q159"),
    (re.compile(r"^(?:(?:de[rsmn]|die|das)\s+)?Weiße[ns]?\s+Haus(?:es)?$"), "Q30"),
    (re.compile(r"^US-(?:Botschaft|Regierung|Administration|Außenministerium|Aussenministerium|Präsidialamt)\w*$"), "Q30"),
    (re.compile(r"^(?:russische[nr]?\s+Botschaft|russische[nr]?\s+Regierung)$"), "Q159"),
    (re.compile(r"^Präsidialamt(?:\s+in\s+Seoul)?$"), "Q884"),
    (re.compile(r"^(?:(?:de[rsmn]|die|das)\s+)?(?:Élysée|Elysée|Elysee)(?:-Palast(?:es)?|palast(?:es)?)?$"), "Q142"),
    (re.compile(r"^Downing\s+Street$"), "Q145"),
    (re.compile(r"^Zhongnanhai$"), "Q148"),
)


def canonical(qid: str | None, name: str, text: str | None = None) -> Actor:
    """The actor a mention stands for: a capital or seat of government in actor position is its state."""
    entities = knowledge_base.default().entities
    entity = entities.get(qid) if qid else None
    if qid in SEATS and SEATS[qid] in entities:
        return SEATS[qid], entities[SEATS[qid]].name
    if entity is not None and entity.capital_of in entities:
        return entity.capital_of, entities[entity.capital_of].name
    for written in (name, text):
        if not written:
            continue
        for pattern, state in SEAT_NAMES:
            # "ein Sprecher des Weißen Hauses": the institution itself is the speaker's affiliation, kept
            if pattern.match(written) and state in entities and not (state == "Q30" and written.endswith("Hauses")):
                return state, entities[state].name
    if qid == "Q35525":  # Weißes Haus as the acting subject
        return ("Q30", entities["Q30"].name) if "Q30" in entities and not (text or "").endswith("Hauses") else (qid, name)
    return qid, name


def canonical_name(name: str) -> str:
    """A written actor name (gold label or prediction) as its canonical KB name after normalisation."""
    kb = knowledge_base.default()
    qids = kb.lookup(name) or kb.lookup(name.strip())
    if len(qids) == 1:
        qid = next(iter(qids))
        return canonical(qid, kb.entities[qid].name, name)[1]
    return canonical(None, name, name)[1]


def _actors(members: list) -> list[Actor]:
    actors: list[Actor] = []
    for mention in members:
        resolved = mention.actors if isinstance(mention, Reference) else [canonical(mention.qid, mention.name, mention.text)]
        actors.extend(actor for actor in resolved if actor not in actors)
    return actors


def _roles(tokens, mentions, trigger, passive, subjectless) -> tuple[list[Actor], list[Actor], Actor | None]:
    source: list[Actor] = []
    target: list[Actor] = []
    location: Actor | None = None
    travel = trigger.lemma in TRAVEL
    groups = _groups(tokens, mentions)
    # "Den Vereinigten Staaten warf Putin vor": a dative or accusative phrase first is not the subject.
    nominative = [members for preposition, members in groups if preposition is None
                  and not _oblique(tokens, members)]
    # "warf er der Nato vor": a personal pronoun in the nominative is the subject wherever it stands.
    pronoun = next((members for members in nominative if isinstance(members[0], Reference)
                    and members[0].text.lower() in ("er", "sie")), None)
    if pronoun is not None and not passive and not subjectless:
        nominative = [pronoun] + [members for members in nominative if members is not pronoun]
    for preposition, members in groups:
        if preposition is None:
            if not (passive or subjectless) and not source and nominative and members is not nominative[0] \
                    and (_oblique(tokens, members) or nominative[0] is pronoun):
                target = target or _actors(members)
            elif (passive or subjectless) and not target:
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


def _oblique(tokens, members) -> bool:
    return not isinstance(members[0], Reference) and _article_before(tokens, members[0]) in OBLIQUE_ARTICLES


def _place(members: list) -> Actor | None:
    places = [m for m in members if m.label == "LOC" and not m.text[:1].islower()]
    return (places[0].qid, places[0].name) if places else None


def _previous_clause_actor(tokens, mentions, clauses, number) -> list[Actor]:
    """The subject of the clause before: the actor of a clause that has none of its own ("…, dankte und
    erklärte", "bestreitet, Waffen geliefert zu haben")."""
    for previous_first, previous_last in reversed(clauses[:number]):
        span = (tokens[previous_first].start, tokens[previous_last - 1].end)
        plain = [members for preposition, members in _groups(tokens, [m for m in mentions if span[0] <= m.start < span[1]])
                 if preposition is None]
        if plain:
            return _actors(plain[0])
    return []


def _clause_triggers(tokens, clause) -> list[Trigger]:
    joined, split = lexicon()
    first, last = clause
    words = [t.text.lower() for t in tokens[first:last]]
    text = " ".join(t.text for t in tokens[first:last])
    return [t for w in words for t in [*joined.get(w, ()), *split.get(w, ())]
            if (t.particle is None or t.particle in words) and (t.needs is None or t.needs.search(text))]


# --- modality -----------------------------------------------------------------------------------------------------

def _is_negated(words: list[str], tokens, clauses, number, trigger) -> bool:
    if trigger.lemma == "ausschließen":  # "schließt nicht aus" is an announcement, not a negation
        return False
    if trigger.needs is not None and ("kein" in trigger.needs.pattern or "nicht" in trigger.needs.pattern
                                      and trigger.code != "01") and not trigger.needs.pattern.startswith(("^", "\\A")):
        return False  # "akzeptiert nicht", "trägt nicht mit", "macht keinen Hehl": the negation makes the act
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
