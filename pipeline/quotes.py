"""Direct and reported speech in German sentences, with the speaker.

    >>> detect('„Wir stehen an der Seite Russlands“, sagte Kim.', mentions)
    [Quote(kind='direct', start=1, end=36, text='Wir stehen an der Seite Russlands', speaker=(None, 'Kim'))]

Direct speech is text in quotation marks that a speech verb or a colon attributes; quoted words without
one ("als „umfassende strategische Partnerschaft“ bezeichnet") are not speech. Reported speech is a
clause after "X sagte," / "X erklärte," or before ", sagte X" / ", so X", or a statement credited with
"laut X", "X zufolge", "nach Angaben von X". The speaker is the nearest person or organisation mention in
the attribution, else a described speaker ("ein Sprecher des Auswärtigen Amts").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import events
from pipeline import kb as knowledge_base

VERSION = "6"  # bump when the rules change: stored quotes carry it
Speaker = tuple[str | None, str]


@dataclass
class Quote:
    kind: str  # "direct" | "reported"
    start: int
    end: int
    text: str
    speaker: Speaker | None


SPEECH_VERB = (r"(?:sagte[n]?|sagt|sagen|gesagt|erklärte[n]?|erklärt|erklären|betonte[n]?|betont|betonen|"
               r"teilte[n]?|teilt|berichtete[n]?|berichtet|erläuterte[n]?|erläutert|ergänzte[n]?|ergänzt|"
               r"fügte[n]?|unterstrich(?:en)?|versicherte[n]?|versichert|bekräftigte[n]?|bekräftigt|"
               r"kündigte[n]?|meinte[n]?|meint|behauptete[n]?|behauptet|schrieb(?:en)?|schreibt|"
               r"bestätigte[n]?|bestätigt|hob|hoben|warnte[n]?|warnt|antwortete[n]?|antwortet|"
               r"verkündete[n]?|verkündet|zitiert|räumte[n]?|stellte[n]?|mahnte[n]?|mahnt|hieß|heißt|hiess|heisst|"
               r"forderte[n]?|fordert|verlangte[n]?|verlangt|kritisierte[n]?|kritisiert|argumentierte[n]?|argumentiert|"
               r"beklagte[n]?|beklagt|bemängelte[n]?|appellierte[n]?|versprach(?:en)?|verspricht|"
               r"verwies(?:en)?|verweist|befürchtete[n]?|befürchtet|fürchtete[n]?|fürchten|vermutete[n]?|vermuten|"
               r"hingewiesen|deutlich\s+gemacht|klargemacht|klar\s+gemacht|machte\s+deutlich|machte\s+klar|"
               r"zu\s+dem\s+Schluss|zum\s+Schluss|formulierte[n]?|glaubte[n]?|glaubt|hoffte[n]?|hofft|"
               r"bestritt(?:en)?|bestreitet|dementierte[n]?|dementiert|mitgeteilt|erklärt|gewarnt|gefordert|"
               r"kritisiert|betont|angekündigt|versichert|bekräftigt|unterstrichen|bestätigt|"
               r"begründete[n]?|begründet|beteuerte[n]?|beteuert|entgegnete[n]?|entgegnet|erwiderte[n]?|erwidert|"
               r"konterte[n]?|kontert|monierte[n]?|moniert|resümierte[n]?|bilanzierte[n]?|signalisierte[n]?|"
               r"präzisierte[n]?|wandte\s+ein|gab\s+an|gaben\s+an|ließ\s+(?:mitteilen|wissen|verlauten|erklären)|"
               r"festgehalten|festgestellt|hielt\s+fest|hielten\s+fest|verlautete|räumte\s+ein|gab\s+zu\s+bedenken|sagt[e]?\s+voraus)")
SPEECH_VERB_RE = re.compile(rf"\b{SPEECH_VERB}\b")
QUOTE_RE = re.compile(r"„(?P<a>[^“”\"]+)[“”\"]|\"(?P<b>[^\"]+)\"|«(?P<c>[^»]+)»|»(?P<d>[^«]+)«"
                      r"|‚(?P<e>[^‘’]+)[‘’]|“(?P<f>[^”]+)”")
# Quoted words named, not spoken: "als „Verrat“ bezeichnet", "das sogenannte „Abkommen“".
NAMING_BEFORE_RE = re.compile(r"\b(?:als|sogenannten?|so genannten?|namens|Titel|Motto|Wort|Begriff)\s*[^\w\s]?\s*$")
# Reported speech, attribution first: "Uschakow sagte der Agentur, das Dokument richte sich …".
ATTRIBUTION_FIRST_RE = re.compile(rf"\b{SPEECH_VERB}\b(?P<middle>[^,:„\"«»]{{0,80}}?)(?:\s+mit)?\s*,\s+"
                                  r"(?!(?:der|die|das|den|dem)\s+[a-zäöü]+\s+[a-zäöü])(?!(?:wie|als|um|während|nachdem|bevor|weil|wo|was|"
                                  r"welche[rsnm]?|bei|seit|nach|in|im|aber|und)\b)(?P<content>.+?)[.!?]?$")
ATTRIBUTION_FIRST_LOOSE_RE = re.compile(rf"\b{SPEECH_VERB}\b[^,:„\"«»]{{0,80}}?\s*,\s+(?P<content>.+?)[.!?]?$")
# Attribution last: "Das Dokument richte sich gegen niemanden, sagte Uschakow." / ", so Uschakow."
ATTRIBUTION_LAST_RE = re.compile(rf"^(?P<content>.+?),\s+(?P<attribution>(?:{SPEECH_VERB}|so)\b.*?"
                                 rf"|(?:hatte|hatten|hat|haben|habe)\s+[^,]{{0,80}}?\b{SPEECH_VERB})[.!?]?$")
# Credited statements: "laut X", "X zufolge", "nach Angaben von X", "wie X mitteilte".
_NAME = r"(?:(?:de[rsmn]|die|das)\s+)?(?:[a-zäöü]+e[nrs]?\s+)?[A-ZÄÖÜ][\w\-]*(?:\s+[A-ZÄÖÜ][\w\-]*)*"
CREDIT_RE = re.compile(rf"\b(?:[Ll]aut|[Nn]ach\s+(?:Angaben|Einschätzung|Erkenntnissen|Auswertungen|Informationen|Darstellung|"
                       rf"Schätzungen|Berechnungen)\s+(?:von\s+|aus\s+)?)\s*(?P<credit>{_NAME})"
                       rf"|\b[Nn]ach\s+(?P<credit4>[A-ZÄÖÜ][\w]*)-Angaben\b"
                       rf"|\b[Nn]ach\s+(?P<credit5>[a-zäöü]+en)\s+Angaben\b"
                       rf"|\b[Ww]ie\s+(?P<credit3>{_NAME})\s+(?:mitteilte|berichtete|erklärte|sagte|bestätigte|meldete)"
                       r"|(?P<credit2>[A-ZÄÖÜ][\w\-]*)\s+zufolge\b")
DESCRIBED_SPEAKER_RE = re.compile(
    r"\b(?:[Ee]in|[Ee]ine|[Dd]er|[Dd]ie|[Dd]as)\s+(?:\w+\s+)?(?:[A-ZÄÖÜ]\w*-)?(?P<role>Sprecher(?:in)?|Vertreter(?:in)?|Regierungssprecher(?:in)?|"
    r"Berater(?:in)?|Minister(?:in)?|Diplomat(?:in)?|Experte|Expertin|Analyst(?:in)?|Beamte[rn]?|Mitarbeiter(?:in)?|"
    r"Kommission|Regierung|Behörde|Polizei|Nachrichtenagentur|\w*[Mm]inisterium|Notenbank|Zentralbank|Verband|"
    r"Kammer|Institut|Delegation|Botschaft|Staatsanwaltschaft|Präsidialamt|Kanzleramt)\b(?P<rest>(?:\s+(?:des|der|von|im|für)\s+[\w\-]+(?:\s+[A-ZÄÖÜ][\w\-]+)*)?)")
SPEAKER_LABELS = ("PER", "ORG")
# Continuation sentences in the subjunctive carry on reported speech: "Das Abkommen sei nicht gegen Drittstaaten
# gerichtet." Only unambiguous subjunctive I forms (not "wäre", "würde", "hätte": conditionals).
SUBJUNCTIVE_RE = re.compile(r"\b(?:sei|seien|habe|werde|könne|müsse|solle|wolle|dürfe|gebe|handle|handele|stehe|"
                            r"gehe|liege|bleibe|komme|brauche|wisse|verfolge|richte|entspreche|fehle|zeige|diene|"
                            r"erfordere|bedeute|gelte|trage|sehe|lasse|stelle|beobachte|unterstütze|liefere|versuche|suche|"
                            r"arbeite|erhalte|stütze|setze|führe|mache|nehme|halte|baue|treffe|schaffe|plane|prüfe|"
                            r"erwarte|fordere|lehne|biete|kenne|glaube|hoffe|teile|spreche|verfüge|verstoße|bedrohe|"
                            r"gefährde|nütze|nutze|zahle|kaufe|verkaufe|sorge|kümmere|befinde|hänge|reiche|"
                            r"entscheide|bestimme|betreffe|umfasse|enthalte|beziehe|ziele|strebe|bemühe)\b")


def detect(sentence: str, mentions: list, context_mentions: list | None = None) -> list[Quote]:
    """Quotes in `sentence`; `mentions` are its entity mentions with offsets relative to the sentence.

    `context_mentions` (optional) are the mentions of the sentences before it, oldest first: a pronoun
    speaker ("sagte er") with no person before it in the sentence is the last person named there."""
    mentions = sorted(mentions, key=lambda m: m.start)
    context = list(context_mentions or [])
    found = [] if _embedded_in_reported(sentence) else _direct(sentence, mentions, context)
    if not found:
        found = _open_quote(sentence)
    if not found:
        found = _reported(sentence, mentions, context)
    if not found:
        found = _continuation(sentence)
    found += _fragments(sentence, mentions, context, found)
    for quote in found:  # a quote running on from earlier sentences: its speaker was named there
        if quote.speaker is None and context and not _attributed(sentence):
            named = {m.qid or m.text for m in mentions}  # "Putin wisse, …": who is spoken about does not speak
            pronoun = SUBJECT_PRONOUN_RE.search(QUOTE_RE.sub(" ", sentence))  # "Als Kanzler trage er …": a man speaks
            gender = {"er": "m", "sie": "f"}.get((pronoun.group(1) or pronoun.group(2)).lower()) if pronoun else None
            quote.speaker = events._holder(0, [], [m for m in context if (m.qid or m.text) not in named], None, (),
                                           gender=gender)
    return found


# Verbs that quote a phrase as someone's words: "bezeichnete das Abkommen als „bahnbrechendes Dokument“",
# "sicherte die „volle Unterstützung“ zu", "nannte die Zölle „den falschen Weg“".
FRAGMENT_VERB_RE = re.compile(rf"\b(?:{SPEECH_VERB}|bezeichnete[n]?|bezeichnet|nannte[n]?|nennt|sprach(?:en)?|spricht|"
                              r"sicherte[n]?|sichert|warf(?:en)?|wirft|lobte[n]?|lobt|verurteilte[n]?|beschrieb(?:en)?|"
                              r"wertete[n]?|pries(?:en)?|titulierte[n]?|schimpfte[n]?)\b")


def _fragments(sentence: str, mentions: list, context: list, found: list) -> list[Quote]:
    """Quoted phrases too short for speech of their own, in a sentence where someone named speaks them: direct
    quotes of that speaker; not those inside a reported clause already recorded, nor those of a passive
    ("das als „Partnerschaft“ bezeichnet wird") or of nobody in particular."""
    outside = QUOTE_RE.sub(lambda m: " " * len(m.group()), sentence)
    verb = FRAGMENT_VERB_RE.search(outside)
    if verb is None or re.search(r"\b(?:wird|werden|wurde|wurden)\b[^,]*$", outside[:verb.start()]) \
            or re.search(r"\b(?:wird|werden|wurde|wurden)\b", outside[verb.end():verb.end() + 15]):
        return []
    quotes = []
    for match in QUOTE_RE.finditer(sentence):
        group = match.lastgroup
        start, end = match.start(group), match.end(group)
        text = match.group(group).strip()
        if any(q.start <= start < q.end or start <= q.start < end for q in found) or not text:
            continue
        if any(m.start <= start and end <= m.end + 1 for m in mentions) or TITLE_BEFORE_RE.search(sentence[:match.start()]):
            continue  # a name in quote marks: the newspaper "Rodong Sinmun", the campaign „Wir sind mehr“
        speech = verb.start() if SPEECH_VERB_RE.match(sentence, verb.start()) else None
        speaker = _speaker(sentence, mentions, 0, verb.start(), context=context, verb=speech) if verb.start() > 0 else None
        speaker = speaker or _speaker(sentence, mentions, verb.end(), len(sentence), context=context)
        quoted = [m.span() for m in QUOTE_RE.finditer(sentence)]
        if speaker and any(a <= m.start < b for m in mentions for a, b in quoted if (m.qid, m.name) == speaker):
            continue  # the "speaker" is a name inside quote marks
        if speaker is None or speaker[1] in text:
            continue
        quotes.append(Quote("direct", start, end, text, speaker))
    return quotes


TITLE_BEFORE_RE = re.compile(r"\b(?:Zeitung|Parteizeitung|Zeitschrift|Titel|Film|Buch|Sender|Magazin|Kampagne|Motto|Aktion|"
                             r"Operation|Programm|Projekt|Initiative|Bündnis|Plattform|Slogan|Schlagwort|Stichwort)\s*$")


def _embedded_in_reported(sentence: str) -> bool:
    """"Man werde sich „illegitimen Beschränkungen“ widersetzen, schrieb er": quoted words inside a reported
    clause in the subjunctive; the clause is the quote (reported), the words in it no direct speech of their own."""
    text = sentence.lstrip()
    if not text or text[0] in QUOTE_MARKS_OPEN:
        return False
    match = ATTRIBUTION_LAST_RE.search(sentence)
    if match is None or not QUOTE_RE.search(match.group("content")):
        return False
    outside = QUOTE_RE.sub(" ", match.group("content"))
    return bool(SUBJUNCTIVE_RE.search(outside) or re.search(r"\b(?:würde|würden|hätten|wären)\b", outside))


QUOTE_MARKS_OPEN = "„“\"«»‚"


def _attributed(sentence: str) -> bool:
    return bool(SPEECH_VERB_RE.search(QUOTE_RE.sub(" ", sentence)) or CREDIT_RE.search(sentence))


def _open_quote(sentence: str) -> list[Quote]:
    """One sentence of a quote running over several: opened and not closed, or closed and not opened."""
    text = sentence.strip()
    if len(text.split()) < 3:
        return []
    opens = sum(text.count(c) for c in "„«‚")
    closes = sum(text.count(c) for c in "“»‘")
    if text[0] in "„«" and closes == 0:
        return [Quote("direct", 1, len(sentence), sentence[1:].strip(), None)]
    if text.rstrip(".!?")[-1:] in "“»" and opens == 0 and text.count('"') == 0:
        end = sentence.rfind(text.rstrip(".!?")[-1])
        return [Quote("direct", 0, end, sentence[:end].strip(), None)]
    return []


NARRATING_RE = re.compile(r"\b(?:hatte|hatten|hat|haben|ist|war|sind|waren|wurde|wurden|bezeichnete|bezeichneten|nannte|"
                          r"nannten|beschrieb|beschrieben|sagte|sagten|erklärte|erklärten|kritisierte|kritisierten)\b")


def _continuation(sentence: str) -> list[Quote]:
    """A sentence in the subjunctive without attribution continues the reported speech before it."""
    if sentence.rstrip().endswith("?"):
        return []
    # "Namen hätten die Hunde noch nicht": the past subjunctive reports too, unless a condition is in the sentence
    if not SUBJUNCTIVE_RE.search(sentence):
        return []
    first_clause = re.split(r"[,;:–]", sentence, maxsplit=1)[0]
    if NARRATING_RE.search(first_clause) and not SUBJUNCTIVE_RE.search(first_clause):
        return []  # "Scholz hatte die Konferenz als Pflanze beschrieben, die man gießen müsse": narration, a relative clause
    text = sentence.rstrip(" .")
    return [Quote("reported", 0, len(text), text, None)]


def _direct(sentence: str, mentions: list, context: list) -> list[Quote]:
    quotes = []
    matches = list(QUOTE_RE.finditer(sentence))
    outside = QUOTE_RE.sub(lambda m: " " * len(m.group()), sentence)  # attribution text: the quotes blanked
    for match in matches:
        group = match.lastgroup
        start, end = match.start(group), match.end(group)
        text = match.group(group)
        if len(text.split()) < 3 or NAMING_BEFORE_RE.search(sentence[:match.start()]):
            continue
        attribution = _direct_attribution(outside, match.start(), match.end())
        if attribution is None:
            continue
        quotes.append(Quote("direct", start, end, text.strip(), _speaker(sentence, mentions, *attribution, context=context)))
    return quotes


def _direct_attribution(outside: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the attribution for a quote: after it (", sagte X"), before a colon ("X sagte: „…“"),
    or anywhere in the sentence's unquoted text when a speech verb is there."""
    after = outside[end:]
    clause_end = end + (re.search(r"[.;!?]|$", after).start())
    if SPEECH_VERB_RE.search(outside, end, clause_end) or re.match(r"\s*,\s+so\b", after):
        return end, clause_end
    before = outside[:start].rstrip()
    if before.endswith(":"):
        return 0, len(before)
    if SPEECH_VERB_RE.search(outside):
        return 0, len(outside)
    if not outside.strip(" .!?,"):  # the whole sentence is the quote: the speaker is in the context
        return 0, 0
    return None


def _reported(sentence: str, mentions: list, context: list) -> list[Quote]:
    match = ATTRIBUTION_FIRST_RE.search(sentence)
    if match is None:  # "sagte in Moskau, während des Besuchs könne …": a fronted phrase, then the subjunctive
        match = next((m for m in ATTRIBUTION_FIRST_LOOSE_RE.finditer(sentence)
                      if SUBJUNCTIVE_RE.search(m.group("content"))), None)
    if match and sentence[:match.start()].rstrip().endswith((",", " zu")) \
            and not re.fullmatch(r"\s*(?:aber|jedoch|zugleich|gleichzeitig|auch|zudem|außerdem)\s*", match.groupdict().get("middle") or ""):
        # ("…, mahnte aber, Diplomatie ersetze nicht …": a second predicate of the subject, which speaks)
        match = None  # "…, sagte der Direktor des Rats, John Kirby, in Washington": the attribution comes last
    if match and match.groupdict().get("middle") and OBJECT_RE.search(match.group("middle")) \
            and not SUBJUNCTIVE_RE.search(match.group("content")):
        match = None  # "Die Union kritisiert den Entwurf als unseriös, die FDP lehnt … ab": the verb has its object
    if match and _has_verb_like(match.group("content")) and not INFINITIVE_RE.match(match.group("content")):
        # "Am Freitag bestellte Seoul den Botschafter Sinowjew ein, die russische Botschaft konterte, …": the
        # speaker is in the speech verb's own clause when one is named there
        boundary = max(sentence.rfind(mark, 0, match.start()) for mark in (",", ";", ":", " – "))
        start = boundary + 1 if boundary > 0 and any(boundary < m.start < match.start() for m in mentions) else 0
        speaker = _speaker(sentence, mentions, start, match.start("content"), context=context, verb=match.start())
        return [_quote(sentence, match.start("content"), match.end("content"), speaker)]
    match = ATTRIBUTION_LAST_RE.search(sentence)
    if match and re.search(r"\bnicht\s*[.!]?$", match.group("attribution")):
        match = None  # "Welche Art von Waffen Südkorea erwäge, sagte Chang nicht": nothing was said
    if match and re.match(rf"{SPEECH_VERB}\s+(?:aber|jedoch|zugleich|gleichzeitig|indes)\b", match.group("attribution")) \
            and not SUBJUNCTIVE_RE.search(match.group("content")):
        match = None  # "Die SPÖ begrüßte das Gesetz, kritisierte aber …": a second predicate, not an attribution
    if match:
        speaker = _speaker(sentence, mentions, match.start("attribution"), match.end("attribution"), context=context,
                           content=(match.start("content"), match.end("content")))
        return [_quote(sentence, match.start("content"), match.end("content"), speaker)]
    match = COLON_RE.match(sentence)
    if match and SUBJUNCTIVE_RE.search(match.group("content")) and (verb := SPEECH_VERB_RE.search(match.group("attribution"))):
        # "Die US-Botschaft kritisierte das Vorhaben: Kein Land solle …": a colon, then the subjunctive
        speaker = _speaker(sentence, mentions, 0, match.end("attribution"), context=context, verb=verb.start())
        return [_quote(sentence, match.start("content"), match.end("content"), speaker)]
    match = CREDIT_RE.search(sentence)
    if match:
        group = next(g for g in ("credit", "credit2", "credit3", "credit4", "credit5") if match.group(g))
        speaker = _speaker(sentence, mentions, match.start(group), match.end(group)) or \
            (_credited_state(mentions, match.start(group), match.end(group)) if group in ("credit4", "credit5") else None) \
            or _credited(match.group(group))
        content = " ".join((sentence[:match.start()] + sentence[match.end():]).split())
        return [Quote("reported", 0, len(sentence), content.strip(" ,.") or sentence, speaker)]
    return []


def _credited_state(mentions: list, start: int, end: int) -> Speaker | None:
    """"nach russischen Angaben", "nach Kreml-Angaben": the state an adjective or place in the credit names."""
    place = next((m for m in mentions if start <= m.start < end and m.label == "LOC" and m.qid), None)
    return events.canonical(place.qid, place.name, place.text) if place else None


def _credited(credit: str) -> Speaker:
    """"nach Angaben des Kremls" -> Russland, "wie das Verteidigungsministerium mitteilte" -> Verteidigungsministerium:
    the credited source without its article, a seat of government as its state."""
    bare = re.sub(r"^(?:de[rsmn]|die|das)\s+", "", credit)
    actor = events.canonical(None, bare, bare)
    if actor[0] is None and re.search(r"(?:ium|amt|amt|rat)e?s$", bare.split()[-1]):
        bare = re.sub(r"(?<=ium)s$|(?<=amt)e?s$|(?<=rat)e?s$", "", bare)  # genitive: "des Außenministeriums"
    return actor if actor[0] else (None, bare)


OBJECT_RE = re.compile(r"\b(?:den|die|das|dem|einen|eine|ein)\s+(?:[a-zäöü]\w*\s+)?[A-ZÄÖÜ]\w+")
COLON_RE = re.compile(r"^(?P<attribution>[^:„\"«»]{3,200}?):\s+(?P<content>[^„\"«»].+?)[.!?]?$")
# "forderte die Regierung auf, beim Bürgergeld umzusteuern": an infinitive complement is no speech.
INFINITIVE_RE = re.compile(r"^[^,]*?(?:\bzu\s+\w+n|\b\w+zu\w{3,}n)\s*(?:,|–|—|;|[.!?]?$)")


def _has_verb_like(text: str) -> bool:
    """A clause, not a list of nouns: at least three words."""
    return len(text.split()) >= 3


def _quote(sentence: str, start: int, end: int, speaker: Speaker | None) -> Quote:
    text = sentence[start:end].rstrip(" .")
    return Quote("reported", start, start + len(text), text, speaker)


PRONOUN_RE = re.compile(r"\b(?:er|sie|Er|Sie)\b")
# A singular pronoun beside a subjunctive verb: "trage er", "sie sei", "Er wolle".
SUBJECT_PRONOUN_RE = re.compile(r"(?:\b(?:sei|habe|werde|wolle|könne|müsse|solle|trage|sehe|gehe|halte|wisse|dürfe)\s+(er|sie)\b"
                                r"|\b([Ee]r|[Ss]ie)\s+(?:sei|habe|werde|wolle|könne|müsse|solle|trage|sehe|gehe|halte|wisse|dürfe)\b)")


def _speaker(sentence: str, mentions: list, start: int, end: int, context: list | None = None,
             content: tuple[int, int] | None = None, verb: int | None = None) -> Speaker | None:
    """Who speaks in the attribution sentence[start:end]: a person named there (not one in the genitive,
    "Putins Berater Juri Uschakow"), an unnamed speaker described there ("ein Sprecher des Ministeriums",
    "Ein erfahrener Haushälter der SPD"), an organisation, a role noun for the person named before ("sagte
    der Vizekanzler"), the subject before the speech verb at `verb`, the source of "hieß es aus …", or for
    a pronoun ("sagte er") the most recent person named before it, outside the quoted words."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.label in SPEAKER_LABELS
              and not (m.qid is None and events.REFERRING_RE.match(m.text))]  # a bare title: resolved below
    persons = [m for m in inside if m.label == "PER" and not _possessive(sentence, m)]
    if persons:
        # "sagte Stoltenberg nach einem Treffen mit Antony Blinken": the name governed by no preposition speaks.
        free = [m for m in persons if not GOVERNED_RE.search(sentence, max(start, m.start - 40), m.start)]
        # Before the speech verb the name nearest to it speaks ("Scholz …, Wissing kritisierte, …"), after it the first.
        chosen = (free[-1] if verb is not None else free[0]) if free else persons[-1]
        return chosen.qid, chosen.name
    described = DESCRIBED_SPEAKER_RE.search(sentence, start, end)
    indefinite = INDEFINITE_SPEAKER_RE.match(sentence[start:verb]) if verb is not None else None
    if indefinite:
        return None, indefinite.group("speaker")
    if inside and not (described and described.start() < inside[0].start):
        return inside[0].qid, inside[0].name
    # Role nouns and titles stand for the person named before: "sagte der Vizekanzler", "der Grünen-Chef".
    role = next((r for r in events.with_references(sentence, mentions, context or [])
                 if isinstance(r, events.Reference) and start <= r.start and r.end <= end and r.label == "PER"
                 and not PRONOUN_RE.fullmatch(r.text)), None)
    if role is not None and len(role.actors) == 1:
        return role.actors[0]
    if described and not IMPERSONAL_RE.search(sentence, start, end):  # "die Polizei": without its article
        return None, re.sub(r"^(?:[Dd]er|[Dd]ie|[Dd]as)\s+", "", described.group().strip())
    # "Zugleich betont Brüssel, …", "Russland erklärte, …": a state, or a capital standing for it, right at
    # the speech verb speaks.
    if verb is not None:
        verb_end = verb + len(SPEECH_VERB_RE.match(sentence, verb).group())
        beside = [m for m in mentions if m.label == "LOC" and m.qid and not re.search(r"isch\w*$", m.text)
                  and ((m.start >= verb_end and not sentence[verb_end:m.start].strip())
                       or (m.end <= verb and not sentence[m.end:verb].strip()))]
        entities = knowledge_base.default().entities
        for mention in beside:
            actor = events.canonical(mention.qid, mention.name, mention.text)
            if actor[0] != mention.qid or (actor[0] in entities and entities[actor[0]].type == "country"):
                return actor  # a state, or a seat standing for its state or the EU
    pronoun = PRONOUN_RE.search(sentence, start, end)
    if pronoun:
        return _antecedent(sentence, mentions, pronoun.start(), context or [], content,
                           gender="m" if pronoun.group().lower() == "er" else None)
    if verb is not None and (subject := SUBJECT_RE.match(sentence[start:verb])):
        return None, subject.group("speaker")
    source = IMPERSONAL_SOURCE_RE.search(sentence, start, end) if IMPERSONAL_RE.search(sentence, start, end) else None
    if source:
        return events.canonical(None, source.group("speaker"), source.group("speaker"))
    if IMPERSONAL_RE.search(sentence, start, end) and context:
        # "…, hieß es.": the ministry, party or person the article was just quoting
        named = {m.qid or m.text for m in mentions}
        earlier = [m for m in context if m.label in SPEAKER_LABELS and (m.qid or m.text) not in named and m.text[:1].isupper()]
        if earlier:
            return events.canonical(earlier[-1].qid, earlier[-1].name, earlier[-1].text)
    return None


# A name right after a preposition or a genitive article ("mit US-Außenminister Antony Blinken", "des
# Präsidenten Wladimir Putin") is not the one who speaks.
GOVERNED_RE = re.compile(r"\b(?:mit|nach|von|vom|bei|beim|über|gegen|für|an|zu|zum|zur|des|eines|dem|den|neben|vor|"
                         r"gegenüber|zwischen|und)\s+(?:[\w-]+\s+){0,3}$")
# "Ein ranghoher Regierungsvertreter erklärte, …": the description is the speaker.
INDEFINITE_SPEAKER_RE = re.compile(r"^\s*(?P<speaker>(?:[Ee]in|[Ee]ine)\s+[^,;:]{3,80}?)\s*$")
# "Der Flüchtlingsrat Brandenburg kritisierte, …": the phrase before the verb, when it is a noun phrase.
SUBJECT_RE = re.compile(r"^\s*(?:(?:Der|Die|Das|der|die|das)\s+)?(?!(?:In|Im|Aus|Auf|Am|An|Mit|Nach|Bei|Vor|Für|Von|Zu|Sie|Er|Es|"
                        r"Wir|Ich|Man|Auch|Dabei|Damit|Daher|Zudem|So|Zugleich|Gleichzeitig|Außerdem|Dennoch|Allerdings|"
                        r"Deshalb|Darin|Darauf|Jetzt|Nun|Inzwischen|Bisher|Später|Heute|Gestern|Zuvor|Danach|Dort)\b)(?P<speaker>[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){0,4})\s*$")
# "hieß es aus der Delegation", "heißt es in Brüssel", "In Regierungskreisen hieß es": where it was said.
IMPERSONAL_RE = re.compile(r"\b(?:hieß|heißt|hiess|heisst)\s+es\b")
IMPERSONAL_SOURCE_RE = re.compile(r"\b(?:aus|in|In|Aus|von)\s+(?:(?:der|den|dem|seinem|seiner|ihrem|ihrer)\s+)?"
                                  r"(?:(?:Erklärung|Mitteilung|Stellungnahme)\s+(?:des|der)\s+)?"
                                  r"(?:[a-zäöü]+e[nrs]?\s+)?(?P<speaker>[A-ZÄÖÜ][\w-]*)")


def _last_organisation(context: list, named: set) -> Speaker | None:
    organisations = [m for m in context if m.label == "ORG" and (m.qid or m.text) not in named and m.text[:1].isupper()]
    return (organisations[-1].qid, organisations[-1].name) if organisations else None


def _possessive(sentence: str, mention) -> bool:
    """"Putins Berater": a genitive name before a noun belongs to someone else."""
    return mention.text.endswith("s") and not mention.name.endswith("s") and \
        bool(re.match(r"\s+[a-zäöü]*\s*[A-ZÄÖÜa-zäöü]", sentence[mention.end:]))


def _antecedent(sentence: str, mentions: list, position: int, context: list,
                content: tuple[int, int] | None, gender: str | None = None) -> Speaker | None:
    quoted = [m.span() for m in QUOTE_RE.finditer(sentence)] + ([content] if content else [])
    before = [m for m in mentions if m.label == "PER" and m.end <= position
              and not any(a <= m.start < b for a, b in quoted) and events._gender(m) in (None, gender or events._gender(m))]
    if before:
        return before[-1].qid, before[-1].name
    # the last person named before, or titled with an office the knowledge base knows one holder of
    return events._holder(0, [], context, None, (), gender=gender)
