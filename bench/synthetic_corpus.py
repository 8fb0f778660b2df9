"""A synthetic German news corpus for load tests: up to millions of articles, generated on the fly.

Stories are drawn first — a topic, two to four core entities from the knowledge base, a start day, a
duration and a size (heavy-tailed: most stories have a handful of articles, a few have hundreds) — then
their articles are spread over the story's days and emitted in publication order. Each article has an
outlet, a headline, a lead and a body of real German news vocabulary, with a length drawn around the
median of real German articles (about 3,500 characters), and carries the QIDs of the entities it names
and its true story. The same seed always gives the same corpus.

    from bench.synthetic_corpus import articles
    for article in articles(100_000): …

    .venv/bin/python bench/synthetic_corpus.py 3      # print three articles
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from functools import cache

from pipeline.kb import default as knowledge_base

START = dt.datetime(2024, 1, 1, 5, tzinfo=dt.timezone.utc)
ARTICLES_PER_DAY = 1_400  # roughly the German-language press of the registry in a day
OUTLETS = ("tagesschau", "spiegel", "zeit", "faz", "sueddeutsche", "welt", "derstandard", "diepresse", "orf",
           "nzz", "srf", "tagesanzeiger", "handelsblatt", "heise", "taz", "stern", "focus", "ntv", "deutschlandfunk",
           "kurier", "watson", "blick", "rnd", "mdr", "br", "ndr", "wdr", "swr", "tagesspiegel", "fr")

TOPICS = {
    "diplomatie": ("Staatsbesuch Gipfeltreffen Delegation Außenminister Abkommen Vertrag Partnerschaft Zusammenarbeit "
                   "Gespräche Verhandlungen Botschafter Empfang Erklärung Beziehungen Bündnis Beistand Regierungschef "
                   "Pressekonferenz Vereinbarung Kooperation").split(),
    "krieg": ("Angriff Offensive Front Truppen Soldaten Raketen Drohnen Artillerie Munition Waffenlieferungen "
              "Luftabwehr Beschuss Gefechte Verluste Waffenruhe Kämpfe Militär Streitkräfte Stellungen Evakuierung").split(),
    "haushalt": ("Haushalt Schuldenbremse Milliarden Finanzminister Etat Sparkurs Ausgaben Einnahmen Kredite Defizit "
                 "Koalition Einigung Streit Ministerien Kürzungen Steuern Sondervermögen Bundestag Entwurf Klausur").split(),
    "wirtschaft": ("Konjunktur Wachstum Inflation Zinsen Zentralbank Leitzins Exporte Industrie Aufträge Prognose "
                   "Unternehmen Umsatz Gewinn Aktien Börse Anleger Quartal Arbeitsmarkt Investitionen Rezession").split(),
    "handel": ("Zölle Strafzölle Handelsstreit Elektroautos Subventionen Importe Exporte Wettbewerb Kommission "
               "Untersuchung Hersteller Markt Gegenmaßnahmen Verhandlungen Lieferketten Abhängigkeit Dumping "
               "Autoindustrie Batterien Handelspartner").split(),
    "klima": ("Klimaschutz Emissionen Erderwärmung Hitzewelle Dürre Unwetter Überschwemmungen Starkregen Pegel "
              "Feuerwehr Evakuierung Schäden Renaturierung Naturschutz Energiewende Windkraft Solaranlagen "
              "Heizungsgesetz Klimaziele Hochwasser").split(),
    "justiz": ("Prozess Anklage Urteil Gericht Richter Staatsanwaltschaft Ermittlungen Festnahme Durchsuchung "
               "Verdacht Beschuldigte Haftbefehl Verfahren Berufung Verteidigung Zeugen Beweise Bewährung "
               "Freispruch Verfassungsgericht").split(),
    "innen": ("Migration Asyl Abschiebungen Grenzkontrollen Innenminister Polizei Sicherheit Extremismus "
              "Anschlag Messerangriff Waffenrecht Bundesländer Konferenz Flüchtlinge Integration Kommunen "
              "Verfassungsschutz Razzia Gefährder Ausweisung").split(),
    "wahl": ("Wahl Umfrage Wahlkampf Kandidat Spitzenkandidat Stimmen Prozent Wahlbeteiligung Koalition Mehrheit "
             "Opposition Parteitag Landtagswahl Europawahl Hochrechnung Ergebnis Sondierung Regierungsbildung "
             "Wähler Debatte").split(),
    "sport": ("Spiel Tor Trainer Mannschaft Turnier Achtelfinale Gruppenphase Stadion Fans Sieg Niederlage "
              "Unentschieden Elfmeter Aufstellung Kapitän Verletzung Nationalmannschaft Tabelle Meisterschaft "
              "Titel").split(),
    "technik": ("Software Rechenzentrum Chips Halbleiter künstliche Intelligenz Datenschutz Sicherheitslücke "
                "Cyberangriff Hacker Plattform Nutzer Smartphone Netzausbau Glasfaser Cloud Algorithmus Regulierung "
                "Start-up Plattformen Update").split(),
    "gesundheit": ("Krankenhaus Kliniken Krankenkassen Beiträge Pflege Ärzte Patienten Medikamente Impfung "
                   "Reform Gesundheitsminister Versorgung Notaufnahme Lieferengpässe Kosten Personal "
                   "Wartezeiten Studie Virus Infektionen").split(),
}
# Sentences are assembled from parts, so that two articles share few words unless they share a story.
SUBJECTS = ("{a}", "{b}", "{a}", "{b}", "Die Regierung in {place}", "Er", "Sie", "Man", "Dabei", "Zudem", "Damals")
VERBS = tuple("""kündigte forderte kritisierte verteidigte begrüßte verlangte bezweifelte bestätigte prüfte lehnte
erwartete bemängelte verwarf beantragte befürwortete beklagte bewertete blockierte bremste lobte nannte plante
präsentierte skizzierte stoppte unterstützte verschob vertagte verwarnte verzögerte vorlegte zitierte beschloss
billigte beanstandete dementierte untersagte verteuerte erweiterte finanzierte genehmigte halbierte kippte
kürzte lockerte ordnete priorisierte reformierte sicherte stärkte überprüfte veröffentlichte verhandelte verlängerte
verschärfte widerrief zementierte beschleunigte entschärfte ergänzte erläuterte feierte garantierte hinterfragte
koordinierte mahnte modernisierte organisierte prognostizierte relativierte signalisierte thematisierte
verteilte vereinfachte verknüpfte überraschte""".split())
OBJECTS = ("die {w1}", "die {w1} und die {w2}", "{w1} und {w2}", "die {w1} der {w2}", "eine {w1}", "mehr {w1}")
ENDINGS = ("", "", "", " am {day}", " in {place}", " am {day} in {place}", " bei {w3}")
# Story-specific words: compounds as German news coins them (the Bahnstreik, the Mietpreisbremse …).
PREFIXES = ("Bahn", "Strom", "Miet", "Renten", "Grund", "Schul", "Polizei", "Hafen", "Kita", "Wasser", "Brücken",
            "Flughafen", "Gas", "Wald", "Agrar", "Pflege", "Bürgergeld", "Wehr", "Kohle", "Atom", "Digital",
            "Autobahn", "Krankenhaus", "Fischerei", "Bau", "Lehrer", "Erbschaft", "Tabak", "Cannabis", "Wolf",
            "Grenz", "Asyl", "Zoll", "Tarif", "Banken", "Versicherungs", "Dünger", "Wohnungs", "Stadion", "Impf")
SUFFIXES = ("streik", "reform", "preis", "gesetz", "skandal", "ausbau", "streit", "plan", "krise", "projekt",
            "gipfel", "urteil", "debatte", "verbot", "förderung", "bericht", "affäre", "abkommen", "steuer",
            "novelle", "prüfung", "kommission", "pakt", "verfahren", "quote", "zuschuss", "tarif", "initiative")
HEADLINES = (
    "{a}: {w1} in {place}", "{a} kündigt {w1} an", "{w1} und {w2}: {a} unter Druck",
    "Streit um {w1} – {b} widerspricht {a}", "Was die {w1} für {place} bedeutet", "{a} setzt auf {w1}",
    "Neue {w1} in {place}", "{a} und {b} einigen sich auf {w1}",
)
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MEDIAN_CHARS = 3_500


@cache
def _entities() -> dict[str, list]:
    by_label: dict[str, list] = {"PER": [], "LOC": [], "ORG": []}
    for entity in knowledge_base().entities.values():
        by_label.setdefault(entity.label, []).append(entity)
    for group in by_label.values():
        group.sort(key=lambda e: e.qid)
    return by_label


@cache
def _vocabulary() -> list[str]:
    return [p + s for p in PREFIXES for s in SUFFIXES] + sorted({w for words in TOPICS.values() for w in words})


def _stories(n_articles: int, rng: random.Random) -> list[tuple]:
    """(start day, duration days, size, words, core entities) until the sizes add up to n_articles."""
    days = max(1, n_articles // ARTICLES_PER_DAY)
    entities = _entities()
    compounds = [p + s for p in PREFIXES for s in SUFFIXES]
    stories, total = [], 0
    while total < n_articles:
        size = min(n_articles - total, max(1, int(rng.paretovariate(1.1))), 600)
        core = [rng.choice(entities["PER"]), rng.choice(entities["LOC"])]
        core += rng.sample(entities["ORG"] + entities["PER"], rng.randint(0, 2))
        words = rng.sample(compounds, 3) + rng.sample(TOPICS[rng.choice(sorted(TOPICS))], 4)
        stories.append((rng.uniform(0, days), 0.5 + rng.expovariate(1 / 3), size, words, core))
        total += size
    return stories


def _sentence(rng: random.Random, words: list[str], names: list[str], places: list[str]) -> str:
    # Half the content words are the story's, the rest from all of the news.
    w1, w2, w3 = (rng.choice(words) if rng.random() < 0.5 else rng.choice(_vocabulary()) for _ in range(3))
    parts = (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS).format(w1=w1, w2=w2),
             rng.choice(ENDINGS).replace("{w3}", w3))
    text = f"{parts[0]} {parts[1]} {parts[2]}{parts[3]}."
    return text.format(a=rng.choice(names), b=rng.choice(names), place=rng.choice(places), day=rng.choice(WEEKDAYS))


def _article(seed: int, number: int, story_number: int, story: tuple, published: dt.datetime) -> dict:
    rng = random.Random(f"{seed}:{number}")
    _, _, _, story_words, core = story
    entities = _entities()
    others = [rng.choice(entities[label]) for label in rng.choices(("PER", "LOC", "ORG"), k=rng.randint(1, 3))]
    mentioned = core + others
    names = [e.name for e in mentioned if e.label != "LOC"] or [core[0].name]
    places = [e.name for e in mentioned if e.label == "LOC"]
    words = story_words
    target = int(rng.lognormvariate(0, 0.5) * MEDIAN_CHARS)
    paragraphs, length = [], 0
    while length < target:
        paragraph = " ".join(_sentence(rng, words, names, places) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        length += len(paragraph)
    outlet = rng.choice(OUTLETS)
    w1, w2 = rng.sample(story_words, 2)
    return {"id": number, "story": story_number, "source_key": outlet,
            "canonical_url": f"https://{outlet}.example/{published:%Y/%m/%d}/artikel-{number}",
            "title": rng.choice(HEADLINES).format(a=names[0], b=rng.choice(names), place=rng.choice(places), w1=w1, w2=w2),
            "lead": _sentence(rng, words, names, places),
            "text": "\n".join(paragraphs), "published_at": published,
            "entities": {e.qid for e in mentioned}}


def articles(n: int, seed: int = 1) -> Iterator[dict]:
    """`n` synthetic articles in publication order."""
    rng = random.Random(seed)
    stories = _stories(n, rng)
    schedule = sorted(
        (start + rng.uniform(0, duration), index)
        for index, (start, duration, size, _, _) in enumerate(stories) for _ in range(size)
    )
    for number, (day, index) in enumerate(schedule):
        yield _article(seed, number, index, stories[index], START + dt.timedelta(days=day))


if __name__ == "__main__":
    for article in articles(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(f"{article['published_at']:%Y-%m-%d %H:%M} {article['source_key']}: {article['title']}\n"
              f"  {article['lead']}\n  {len(article['text'])} characters, entities {sorted(article['entities'])}\n")
