from pipeline.clean import clean_lines, clean_text, clean_title, normalize, repair_mojibake, split_byline

SEED_TITLE = "Russland und Nordkorea versprechen sich gegenseitigen Schutz im Angriffsfall"


def test_normalize_unicode_and_whitespace():
    decomposed = "Pjo\u0308ngjang"  # o + combining diaeresis
    assert normalize(f"  {decomposed}\u00a0 ist  die Haupt\u00adstadt\u200b.  \n\n  ") == "Pjöngjang ist die Hauptstadt."


def test_credit_copyright_and_boilerplate_lines_are_dropped():
    text = "Erster Absatz.\nFoto: dpa/Kay Nietfeld\n© Rheinblick 2024\nMehr zum Thema\nZweiter Absatz."
    assert clean_text(text) == "Erster Absatz.\nZweiter Absatz."


def test_seed_article_repeated_headline_and_caption_are_dropped(tmp_path):
    from tests.helpers import SHARED
    import pytest

    seed = SHARED / "seeds" / "putin-kim-pakt.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds not available")
    cleaned = clean_text(seed.read_text(encoding="utf-8"), title=SEED_TITLE)
    assert SEED_TITLE not in cleaned
    assert "U-Bahnstation" not in cleaned and "All rights reserved" not in cleaned
    assert cleaned.startswith("Der russische Präsident Wladimir Putin")
    assert "Vietnam reisen" in cleaned


def test_title_suffix():
    assert clean_title("Putin in Pjöngjang | Rheinblick", site_name="Rheinblick") == "Putin in Pjöngjang"
    assert clean_title("Ohne Suffix", site_name="Rheinblick") == "Ohne Suffix"


def test_title_outlet_and_date_segments_go():
    assert clean_title("Ziele, Chancen, Risiken | DW | 28.04.2023", host="www.dw.com") == "Ziele, Chancen, Risiken"
    assert clean_title("Steigende Zinsen | Börsen-Zeitung", host="www.boersen-zeitung.de") == "Steigende Zinsen"
    assert clean_title("Akkutechnik: Akkus - Golem.de", site_name="Golem.de") == "Akkutechnik: Akkus"
    # A dash inside the headline is no outlet suffix.
    assert clean_title("Bericht: Aktivistin getötet - Irans Justiz dementiert", host="www.mz.de") == \
        "Bericht: Aktivistin getötet - Irans Justiz dementiert"


def test_split_byline_people_and_credits():
    assert split_byline(["Von Anna Müller und Jan Schmidt, dpa"]) == (["Anna Müller", "Jan Schmidt"], ["dpa"])
    assert split_byline(["AFP", "Autor: Lea Wolf"]) == (["Lea Wolf"], ["AFP"])
    assert split_byline(["Von: Elena Oberholzer (obe)", "a.b@zeitung.de", "03.05.2024, 12:00 Uhr"]) == \
        (["Elena Oberholzer"], [])
    assert split_byline(["Redaktion hessenschau.de"]) == ([], ["Redaktion hessenschau.de"])
    assert split_byline(["DER SPIEGEL"], outlets=["DER SPIEGEL"]) == ([], ["DER SPIEGEL"])
    assert split_byline(["Deutsche Welle"], outlets=["DW", "Deutsche Welle"]) == ([], ["Deutsche Welle"])


def test_mojibake_is_repaired_and_clean_text_kept():
    assert repair_mojibake("jetzt fÃ¼r nur 5,99 Euro") == "jetzt für nur 5,99 Euro"
    assert repair_mojibake("Größe à la carte") == "Größe à la carte"


def test_bylines_time_stamps_source_notes_and_promotions_are_no_body_text():
    text = ("Von Nina Beispiel\nStand: 22.04.2024, 06:00 Uhr\nErster Absatz über die Brücke.\nMit Agenturmaterial.\n"
            "Der Newsletter informiert Sie jeden Morgen über das Wichtigste.\n2 Wochen kostenlos testen\n"
            "Von Montag an gilt die Umleitung durch das Gewerbegebiet, sagte der Sprecher der Stadt.")
    kept, dropped = clean_lines(text)
    assert kept == ["Erster Absatz über die Brücke.",
                    "Von Montag an gilt die Umleitung durch das Gewerbegebiet, sagte der Sprecher der Stadt."]
    assert {reason for _, reason in dropped} == {"byline, date or source note", "promotion of the outlet's own offers"}
