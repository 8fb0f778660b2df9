from pipeline.clean import clean_text, clean_title, normalize, split_authors

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


def test_split_authors():
    assert split_authors(["Von Anna Müller und Jan Schmidt, dpa"]) == ["Anna Müller", "Jan Schmidt"]
    assert split_authors(["AFP", "Autor: Lea Wolf"]) == ["Lea Wolf"]
