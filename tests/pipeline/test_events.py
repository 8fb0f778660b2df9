"""Event detection on clear sentences and (with the gold set) pinned evaluation floors."""
import datetime
from pathlib import Path

import pytest

from pipeline import config, events
from pipeline.entities import EntityTagger

PUBLISHED = datetime.date(2024, 6, 20)  # a Thursday
GOLD = Path(config.PROJECT_ROOT) / "bench" / "gold" / "events.yaml"
# Floors sit a little below the values measured on the whole gold set (split "all", 1659 sentences: events
# P 0.863 R 0.758, quotes P 0.897 R 0.847, speakers P 0.632 R 0.597, source 0.656, date 0.931); the honest
# held-out figure is the test split (bench/events_eval.py --split test: events P 0.794 R 0.653, quotes P 0.876
# R 0.862, speakers P 0.573 R 0.564). Dev (1139 sentences): events P 0.903 R 0.825.
FLOORS = {"precision": 0.855, "recall": 0.75}
QUOTE_FLOORS = {"precision": 0.89, "recall": 0.84}
SPEAKER_FLOORS = {"precision": 0.625, "recall": 0.59}
ATTRIBUTE_FLOORS = {"source_accuracy": 0.65, "date_accuracy": 0.92}


@pytest.fixture(scope="module")
def tagger():
    return EntityTagger.default()


def detect(tagger, sentence, published=PUBLISHED):
    return events.detect(sentence, tagger.tag(sentence), published)


def names(actors):
    return [name for _, name in actors]


def only(found, code):
    matching = [e for e in found if e.code == code]
    assert len(matching) == 1, found
    return matching[0]


def test_signing_with_coordinated_subjects_and_weekday(tagger):
    event = only(detect(tagger, "Putin und Kim haben am Mittwoch einen Pakt unterzeichnet."), "05")
    assert event.trigger == "unterzeichnet"
    assert names(event.source) == ["Wladimir Putin", "Kim"]
    assert event.date == "2024-06-19"
    assert not event.negated and not event.future


def test_adjective_and_title_yield_to_the_person(tagger):
    sentence = ("Der russische Präsident Wladimir Putin und der nordkoreanische Staatschef Kim Jong Un haben am "
                "Mittwoch einen Pakt unterzeichnet, der gegenseitige Hilfe vorsieht.")
    event = only(detect(tagger, sentence), "05")
    assert names(event.source) == ["Wladimir Putin", "Kim Jong Un"]
    assert sentence[event.start:event.end] == "unterzeichnet"


def test_passive_agent_is_the_source(tagger):
    event = only(detect(tagger, "Putin wurde in Pjöngjang von Kim Jong Un empfangen."), "04")
    assert names(event.source) == ["Kim Jong Un"]
    assert names(event.target) == ["Wladimir Putin"]
    assert event.location[1] == "Pjöngjang"


def test_travel_future_and_destination(tagger):
    event = only(detect(tagger, "Nach Nordkorea wird Putin weiter nach Vietnam reisen."), "04")
    assert event.future
    assert names(event.source) == ["Wladimir Putin"]
    assert names(event.target) == ["Vietnam"]


def test_separable_verb_and_night_date(tagger):
    event = only(detect(tagger, "Die russische Armee griff in der Nacht zu Donnerstag Charkiw an."), "19")
    assert event.trigger == "griff"
    assert names(event.source) == ["Russland"]
    assert names(event.target) == ["Charkiw"]
    assert event.date == "2024-06-20"


def test_accusation_is_coded_and_the_alleged_act_is_not(tagger):
    # Guidelines (bench/gold/events.yaml): accusations are 11 only; the alleged event is not coded.
    found = detect(tagger, "Die USA und Südkorea werfen Pjöngjang vor, Russland Munition zu liefern.")
    assert [e.code for e in found] == ["11"]
    assert names(found[0].source) == ["Vereinigte Staaten", "Südkorea"]
    assert names(found[0].target) == ["Nordkorea"]  # Pjöngjang in actor position stands for its state


def test_denial_and_negation(tagger):
    denial = only(detect(tagger, "Beide Seiten bestreiten die Vorwürfe."), "01")
    assert denial.source == [] and not denial.negated
    denied = only(detect(tagger, "Moskau bestreitet, Waffen an Russland geliefert zu haben."), "07")
    assert denied.negated
    assert only(detect(tagger, "Die Ukraine hat die Angebote nicht abgelehnt."), "12").negated


def test_no_event_in_football_or_adjectival_participles(tagger):
    assert detect(tagger, "Xherdan Shaqiri hat im Achtelfinale gegen Schottland getroffen.") == []
    assert detect(tagger, "Der unterzeichnete Vertrag liegt in Moskau.") == []


def test_confidence_grows_with_actors(tagger):
    bare = only(detect(tagger, "Man hat einen Pakt unterzeichnet."), "05")
    full = only(detect(tagger, "Putin hat mit Kim Jong Un einen Pakt unterzeichnet."), "05")
    assert 0 <= bare.confidence < full.confidence <= 1


@pytest.mark.skipif(not GOLD.exists(), reason="bench/gold/events.yaml not written yet")
def test_gold_set_floors():
    from bench.events_eval import evaluate

    result = evaluate(GOLD)
    assert result["overall"]["precision"] >= FLOORS["precision"]
    assert result["overall"]["recall"] >= FLOORS["recall"]
    assert result["quotes"]["precision"] >= QUOTE_FLOORS["precision"]
    assert result["quotes"]["recall"] >= QUOTE_FLOORS["recall"]
    assert result["quote_speakers"]["precision"] >= SPEAKER_FLOORS["precision"]
    assert result["quote_speakers"]["recall"] >= SPEAKER_FLOORS["recall"]
    assert all(result[name] >= floor for name, floor in ATTRIBUTE_FLOORS.items())


def test_capitals_and_seats_in_actor_position_stand_for_their_state(tagger):
    event = only(detect(tagger, "Seoul hat am Donnerstag Waffenlieferungen an die Ukraine abgelehnt."), "12")
    assert names(event.source) == ["Südkorea"]
    assert names(only(detect(tagger, "Der Kreml veröffentlichte den Text auf seiner Internetseite."), "01").source) \
        == ["Russland"]
    # As a place the capital stays a place.
    assert only(detect(tagger, "Putin wurde in Pjöngjang von Kim Jong Un empfangen."), "04").location[1] == "Pjöngjang"


def test_canonical_names_for_the_evaluation():
    assert events.canonical_name("USA") == events.canonical_name("Vereinigte Staaten")
    assert events.canonical_name("Moskau") == "Russland"
    assert events.canonical_name("Peking") == "China"


def test_no_event_in_relative_clauses_and_convictions(tagger):
    assert [e.code for e in detect(tagger, "Er sprach über die Sanktionen, die gegen beide Staaten verhängt sind.")
            if e.code == "16"] == []
    assert [e.code for e in detect(tagger, "Menschen, die wegen Volksverhetzung verurteilt wurden, sollen gehen.")
            if e.code == "11"] == []


def test_announced_lawsuit_is_the_lawsuit(tagger):
    event = only(detect(tagger, "Die ÖVP kündigte eine Nichtigkeitsklage beim Europäischen Gerichtshof an."), "11")
    assert event.future


def test_pronouns_and_role_nouns_resolve_against_the_context(tagger):
    context = tagger.tag("Wladimir Putin sprach am Donnerstag in Hanoi.")
    sentence = "Gleichzeitig warf er der Nato vor, sich in Asien festzusetzen."
    accusation = only(events.detect(sentence, tagger.tag(sentence), PUBLISHED, context), "11")
    assert names(accusation.source) == ["Wladimir Putin"]
    assert names(accusation.target) == ["NATO"]
    sentence = "Der russische Präsident kritisierte die Nato scharf."
    criticism = only(events.detect(sentence, tagger.tag(sentence), PUBLISHED, context), "11")
    assert names(criticism.source) == ["Wladimir Putin"]
    # Without a person of that country before, the adjective stays the actor: no guess.
    alone = only(detect(tagger, sentence), "11")
    assert names(alone.source) == ["Russland"]


def test_both_countries_are_the_two_most_named(tagger):
    context = tagger.tag("Russland und Nordkorea rücken zusammen. Nordkorea liefert Munition an Russland, "
                         "sagt die Ukraine.")
    sentence = "Beide Länder unterzeichneten ein Abkommen."
    signing = only(events.detect(sentence, tagger.tag(sentence), PUBLISHED, context), "05")
    assert sorted(names(signing.source)) == ["Nordkorea", "Russland"]


def test_a_title_before_a_name_is_not_an_actor(tagger):
    event = only(detect(tagger, "Nato-Generalsekretär Jens Stoltenberg kritisierte China."), "11")
    assert names(event.source) == ["Jens Stoltenberg"]


def test_criticism_in_reported_speech_is_the_speakers_disapproval(tagger):
    context = tagger.tag("Bundeskanzler Olaf Scholz äußerte sich am Abend.")
    sentence = "Das Vorgehen sei ein schwerer Vertrauensbruch."
    event = only(events.detect(sentence, tagger.tag(sentence), PUBLISHED, context), "11")
    assert names(event.source) == ["Olaf Scholz"]
    assert detect(tagger, "Das Wetter sei schön.") == []


def test_consequences_for_a_condition_are_a_threat(tagger):
    assert only(detect(tagger, "Sollte Seoul Waffen liefern, werde Russland Konsequenzen ziehen."), "13")


def test_cancelled_meeting_is_negated_and_questions_assert_nothing(tagger):
    assert only(detect(tagger, "Das Treffen der Außenminister wurde abgesagt."), "04").negated
    assert detect(tagger, "Wie viel Munition wurde geliefert?") == []


def test_a_statement_beside_a_coordinated_act_stays(tagger):
    found = detect(tagger, "Vertreter von Greenpeace sprachen von einem historischen Tag und dankten der Ministerin.")
    assert sorted(e.code for e in found) == ["01", "05"]
    # A statement whose content is the other event is coded as that event alone.
    assert [e.code for e in detect(tagger, "Putin sagte, Russland werde Nordkorea Waffen liefern.")] == ["07"]


def test_present_tense_with_a_weekday_is_the_nearest_day(tagger):
    monday = datetime.date(2024, 6, 17)
    event = only(detect(tagger, "Der russische Präsident Wladimir Putin reist am Dienstag nach Nordkorea.", monday), "04")
    assert event.date == "2024-06-18" and event.future


def test_a_governments_protest_is_disapproval_a_street_protest_is_not(tagger):
    assert only(detect(tagger, "China protestierte gegen den Besuch."), "11")
    assert only(detect(tagger, "Tausende protestierten in Berlin gegen die Regierung."), "14")


def test_state_denying_accusations_denies_the_delivery(tagger):
    # Guidelines: a denial codes the denied act, negated; a rejected criticism with content of its own is 12.
    denied = only(detect(tagger, "Nordkorea hat die Vorwürfe als absurd zurückgewiesen."), "07")
    assert denied.negated and names(denied.source) == ["Nordkorea"]
    rejected = only(detect(tagger, "Zheng hatte den Vorwurf von Überkapazitäten zurückgewiesen."), "12")
    assert not rejected.negated


def test_ngo_warning_is_an_appeal_and_a_state_warning_a_threat(tagger):
    assert only(detect(tagger, "Flüchtlingsorganisationen warnen die Innenminister vor Abschiebungen."), "02")
    assert only(detect(tagger, "Wladimir Putin hat Südkorea vor Waffenlieferungen an die Ukraine gewarnt."), "13")


def test_broader_triggers_and_nouns(tagger):
    assert only(detect(tagger, "Finanzminister Christian Lindner weigert sich, die Schuldenbremse auszusetzen."), "12")
    assert only(detect(tagger, "Die EU verhängt vorläufige Zölle auf Elektroautos aus China."), "16")
    assert only(detect(tagger, "EU-Strafzölle auf chinesische E-Autos"), "16")
    assert only(detect(tagger, "Die USA stellen der Ukraine weitere 2,3 Milliarden Dollar bereit."), "07")
    assert only(detect(tagger, "Russland hat in der Nacht erneut Kiew mit Raketen beschossen."), "19")
    received = only(detect(tagger, "Russland erhält aus Nordkorea Munition und Raketen."), "07")
    assert names(received.source) == ["Nordkorea"] and names(received.target) == ["Russland"]


def test_demanded_act_is_not_reported(tagger):
    found = detect(tagger, "Die Regierung müsse mehr Geld für die Bundeswehr bereitstellen, sagte Pistorius.")
    assert [e.code for e in found] == ["10"]


def test_unnamed_described_actor_is_the_source(tagger):
    event = only(detect(tagger, "Ein ranghoher Regierungsvertreter erklärte, man wolle abwarten."), "01")
    assert names(event.source) == ["Ein ranghoher Regierungsvertreter"]


def test_spokesperson_speaks_for_the_institution(tagger):
    event = only(detect(tagger, "Ein Sprecher des Finanzministeriums sagte, man arbeite an einem Haushalt."), "01")
    assert names(event.source) == ["Finanzministerium"]
    event = only(detect(tagger, "Die Lage sei ernst, sagte ein Sprecher des Auswärtigen Amtes."), "01")
    assert names(event.source) == ["Auswärtiges Amt"]


def test_role_nouns_and_pronouns_by_gender(tagger):
    context = tagger.tag("Kremlsprecher Dmitri Peskow äußerte sich am Dienstag.")
    sentence = "Der Kremlsprecher sagte, die Reise sei lange geplant gewesen."
    assert names(only(events.detect(sentence, tagger.tag(sentence), PUBLISHED, context), "01").source) == ["Dmitri Peskow"]
    context = tagger.tag("Olaf Scholz traf Annalena Baerbock.")
    sentence = "Sie kritisierte die Pläne der Union scharf."
    assert names(only(events.detect(sentence, tagger.tag(sentence), PUBLISHED, context), "11").source) == ["Annalena Baerbock"]
    # An indefinite politician is nobody named before.
    event = only(detect(tagger, "Ein CDU-Politiker sagte, die Regierung habe versagt."), "11")
    assert names(event.source) != ["Olaf Scholz"]


def test_demand_in_reported_speech_is_the_speakers(tagger):
    event = only(detect(tagger, "Macron betonte, Europa müsse mehr für seine Verteidigung tun."), "10")
    assert names(event.source) == ["Emmanuel Macron"]
    assert names(event.target) == ["Europa"]
    # A maxim with "man" calls on nobody: the statement stays.
    found = detect(tagger, "Kogler sagte, man solle in Ruhe weiterarbeiten.")
    assert [e.code for e in found] == ["01"]


def test_criticism_words_and_idioms(tagger):
    assert only(detect(tagger, "Merz ging mit der Koalition hart ins Gericht."), "11")
    assert only(detect(tagger, "Selenskyj bezeichnete den Angriff als barbarisch."), "11")
    assert only(detect(tagger, "Merz erneuerte seine Kritik an der Ampel."), "11")
    assert only(detect(tagger, "Die FDP erteilte den Plänen eine Abfuhr."), "12")
    # Criticism held out for a condition is a warning: the threat, no statement beside it.
    found = detect(tagger, "Sollte Seoul Waffen liefern, wäre das ein sehr großer Fehler, sagte Putin.")
    assert [e.code for e in found] == ["13"]
    # The act criticised in a dass-clause is the criticism's content.
    found = detect(tagger, "Baerbock kritisierte, dass China Russland mit Drohnenteilen beliefere.")
    assert [e.code for e in found] == ["11"]


def test_threats_to_take_a_step_and_warned_parties_named_by_nouns(tagger):
    # "drohen" closing its clause with the threatened step after the comma: the step is no event of its own
    found = detect(tagger, "Die Türkei droht, den Nato-Beitritt Schwedens zu blockieren.")
    assert [e.code for e in found] == ["13"]
    assert only(detect(tagger, "Putin warnte den Westen vor der Lieferung weitreichender Waffen."), "13")
    assert only(detect(tagger, "Der Kreml erklärte, westliche Ausbilder in der Ukraine seien legitime Ziele."), "13")
    # An announced attack is held out, a threat; no commitment to cooperate.
    assert [e.code for e in detect(tagger, "Die Huthi kündigten weitere Angriffe auf Schiffe an.")] == ["13"]


def test_combat_wording_beyond_the_core_verbs(tagger):
    assert only(detect(tagger, "Ukrainische Truppen sind in die russische Region Kursk vorgedrungen."), "19")
    assert only(detect(tagger, "Israel führte einen Vergeltungsschlag gegen den Iran aus."), "19")
    assert only(detect(tagger, "Die Huthi attackierten erneut ein Frachtschiff im Roten Meer."), "19")
    assert only(detect(tagger, "Bei dem Raketenangriff kamen vier Zivilisten ums Leben."), "19")
    assert only(detect(tagger, "Bei israelischen Angriffen im Gazastreifen starben zwölf Menschen."), "19")
    assert only(detect(tagger, "Bei dem Angriff seien auch Wohnhäuser getroffen worden."), "19")
    assert not detect(tagger, "Bei dem Unfall kamen zwei Menschen ums Leben.")
    assert only(detect(tagger, "Der Iran hat ballistische Raketen in Stellung gebracht."), "15")
    assert only(detect(tagger, "Ein Reporter wurde in Berlin angegriffen und verletzt."), "18")


def test_appeals_demands_and_criticism_in_wider_wording(tagger):
    assert only(detect(tagger, "Blinken drängte China, seinen Einfluss auf Russland geltend zu machen."), "02")
    assert not any(e.code == "02" for e in detect(tagger, "Die Zeit drängt, sagte der Minister."))
    assert only(detect(tagger, "Die Gewerkschaft erneuerte ihre Lohnforderungen."), "10")
    assert only(detect(tagger, "Die Bundesregierung reagierte mit Unverständnis auf die Entscheidung Ungarns."), "11")
    assert only(detect(tagger, "Der Außenminister fand scharfe Worte für das Vorgehen der chinesischen Marine."), "11")
    assert only(detect(tagger, "Auch Frankreich schlug schärfere Töne gegenüber Peking an."), "11")
    # A failing admitted is a statement; a modal in an indirect question demands nothing.
    assert [e.code for e in detect(tagger, "Die Regierung räumte schwere Versäumnisse bei der Aufsicht ein.")] == ["01"]
    assert not detect(tagger, "Das Ministerium prüft, inwieweit das Gesetz angepasst werden müsse.")


def test_hostile_acts_and_consequences_held_out_are_threats(tagger):
    found = detect(tagger, "Putin sagte, Russland könne seinerseits Waffen an Nordkorea liefern, wenn Seoul die Ukraine beliefere.")
    assert [e.code for e in found] == ["13"]
    assert not any(e.code == "13" for e in detect(tagger, "Sie sagte, wenn es nach uns ginge, würden wir euch helfen."))
    found = detect(tagger, "Putin warnte Seoul, Waffenlieferungen an Kiew wären ein „sehr großer Fehler“.")
    assert [e.code for e in found] == ["13"]
    assert [e.code for e in detect(tagger, "Der Minister warnte vor steigenden Preisen.")] == ["01"]


def test_characterised_danger_continued_attacks_and_demands_with_darauf(tagger):
    assert only(detect(tagger, "Stoltenberg bezeichnete die Annäherung als Gefahr für die Sicherheit."), "11")
    assert only(detect(tagger, "Die Länder pochen darauf, dass der Bund die Kosten übernimmt."), "10")
    assert only(detect(tagger, "Die israelische Armee setzte ihre Angriffe im Süden des Gazastreifens fort."), "19")


def test_wider_condemnation_wording_and_deaths_in_attacks(tagger):
    assert only(detect(tagger, "Der Außenminister sagte, die Wahl sei illegitim."), "11")
    assert only(detect(tagger, "Kiew bezeichnete das Manöver als Verletzung seiner Souveränität."), "11")
    assert only(detect(tagger, "Peking sprach von Protektionismus."), "11")
    assert only(detect(tagger, "Bei dem Angriff starben fünf Menschen."), "19")
    assert not detect(tagger, "Der Schauspieler starb im Alter von 80 Jahren.")


def test_refusals_distance_backing_and_nominal_measures(tagger):
    assert only(detect(tagger, "Eine klare Absage an Steuererhöhungen kam von der FDP."), "12")
    assert not any(e.code == "04" for e in detect(tagger, "Eine klare Absage an Steuererhöhungen kam von der FDP."))
    assert only(detect(tagger, "Eine Lockerung der Schuldenbremse kommt für die FDP nicht in Frage."), "12")
    assert only(detect(tagger, "Lindner will von neuen Schulden nichts wissen."), "12")
    assert only(detect(tagger, "Die SPD ging auf Distanz zu den Plänen des Ministers."), "11")
    assert only(detect(tagger, "Die Regierungschefs stärkten Selenskyj den Rücken."), "05")
    assert only(detect(tagger, "Die Innenminister fanden einen Kompromiss."), "05")
    assert only(detect(tagger, "Die EU beschloss die Verhängung neuer Sanktionen gegen Russland."), "16")
    assert only(detect(tagger, "Die Polizei nahm mehrere Aktivisten in Gewahrsam."), "17")
    assert only(detect(tagger, "Das Spitzentreffen der Koalition dauerte bis in die Nacht."), "04")
    assert only(detect(tagger, "Baerbock zu Blitzbesuch in Kiew"), "04")


def test_enumerations_do_not_split_clauses_and_talks_about_topics(tagger):
    # the commas of a noun list are no clause boundaries: the verb keeps its subject and its "über"
    found = detect(tagger, "Putin will mit der nordkoreanischen Führung über Handel, Energie und Bildung sprechen.")
    assert names(only(found, "04").source) == ["Wladimir Putin"]
    assert only(detect(tagger, "Scholz sprach mit Macron über Verteidigung, Handel, Energie und Migration."), "04")
    # talking about something with nobody is no meeting; not talking about it is a (negated) statement
    assert not any(e.code == "04" for e in detect(tagger, "Scholz sprach am Abend über die Lage in der Ukraine."))
    assert not any(e.code == "04" for e in detect(tagger, "Über Waffen sprachen Putin und Kim öffentlich nicht."))


def test_reactions_and_composure_shown(tagger):
    assert only(detect(tagger, "Aus Paris kamen empörte Reaktionen."), "11")
    assert only(detect(tagger, "Der Kanzler gab sich zuversichtlich."), "01")


def test_reported_plan_with_koenne_is_a_future_event(tagger):
    found = detect(tagger, "Der Sprecher sagte, beim Gipfel könne ein Abkommen über Zusammenarbeit unterzeichnet werden.")
    event = only(found, "05")
    assert event.future
    # subjunctive II is speculation: not coded
    assert not any(e.code == "05" for e in detect(tagger, "Beim Gipfel könnte ein Abkommen unterzeichnet werden."))


def test_statement_before_a_question_tail_and_feared_transfers(tagger):
    assert only(detect(tagger, "Nordkorea liefert Munition, Russland zahlt – aber womit?"), "07")
    assert not detect(tagger, "Liefert Nordkorea Munition an Russland – und wenn ja, wie viel?")
    assert not detect(tagger, "Wie viel Munition wurde geliefert?")
    # a claim under "befürchtet wird, dass" is coded
    assert only(detect(tagger, "Befürchtet wird, dass Moskau im Gegenzug Technologie für das Raketenprogramm bereitstellt."), "07")


def test_event_nouns_hoped_for_argued_about_or_feared_are_no_events(tagger):
    assert not detect(tagger, "Bleibt die Hoffnung auf Verhandlungen.")
    assert not any(e.code == "16" for e in detect(tagger, "Im Streit um Zusatzzölle setzt die Kommission auf Gespräche."))
    assert not any(e.code == "19" for e in detect(tagger, "Die Angst vor neuen Luftangriffen wächst in Kiew."))


def test_relative_clause_opening_with_pronoun_and_article_describes(tagger):
    # "die einen Angriffskrieg führt": a relative pronoun before an article, no reported speech ("…, die Regierung habe …")
    found = detect(tagger, "Eine Atommacht, die einen Angriffskrieg in Europa führt, hat sich mit Nordkorea verbündet.")
    assert [e.code for e in found] == ["05"]


def test_plural_preterite_of_mixed_verbs():
    forms = events.verb_forms("nennen nannte genannt")
    assert forms["nannten"] == "finite" and "nannteen" not in forms


def test_clashes_operations_force_and_expressed_rejection(tagger):
    assert only(detect(tagger, "In der Nacht kam es erneut zu schweren Kämpfen um die Stadt."), "19")
    assert only(detect(tagger, "Heftiger Schusswechsel an der Grenze zu Libanon"), "19")
    assert only(detect(tagger, "Israels Armee setzt nach eigenen Angaben ihre Einsätze im Gazastreifen fort."), "19")
    assert only(detect(tagger, "Weiterhin tödliche Angriffe im Gazastreifen"), "19")
    assert not detect(tagger, "Heftige Angriffe auf die Regierung kamen von der Opposition.")
    assert only(detect(tagger, "Die Armee sei mit Blendgranaten und Tränengas gegen die Dorfbewohner vorgegangen."), "17")
    assert only(detect(tagger, "Die Zeitung hat sich gegen die Aussagen des Ministers gewandt."), "11")
    assert only(detect(tagger, "Zahlreiche Staaten brachten ihre Ablehnung der Intervention zum Ausdruck."), "12")
    assert only(detect(tagger, "Die Regierung brachte ihren Unmut über die Entscheidung zum Ausdruck."), "11")
