"""German date expressions resolved against the publication date (pipeline.dates)."""
import datetime

import pytest

from pipeline import dates

PUBLISHED = datetime.date(2024, 6, 20)  # a Thursday


@pytest.mark.parametrize("text, expected", [
    ("am Mittwoch", "2024-06-19"),
    ("am Donnerstag", "2024-06-20"),
    ("Putin wird am Freitag nach Vietnam reisen", "2024-06-21"),
    ("am vergangenen Donnerstag", "2024-06-13"),
    ("gestern", "2024-06-19"),
    ("heute Morgen", "2024-06-20"),
    ("in der Nacht zu Donnerstag", "2024-06-20"),
    ("am 19. Juni", "2024-06-19"),
    ("am 19.06.2024", "2024-06-19"),
    ("im September 2023", "2023-09"),
    ("im Jahr 2000", "2000"),
    ("Ende Mai", "2024-05"),
    ("Die EU will ab Juli Zölle erheben", "2024-07"),
    ("im Vorjahr", "2023"),
    ("vergangene Woche", "2024-W24"),
    ("in der kommenden Woche", "2024-W26"),
    ("diese Woche", "2024-W25"),
    ("am Wochenende", "2024-06-15"),
    ("am kommenden Wochenende", "2024-06-22"),
    ("über 1.000 Container", None),
    ("Global 2000 und Greenpeace", None),
    ("ohne Datum", None),
])
def test_resolve(text, expected):
    assert dates.resolve(text, PUBLISHED) == expected


@pytest.mark.parametrize("text, expected", [
    ("reist am Samstag nach Brüssel", "2024-06-22"),  # Saturday is two days ahead, five back
    ("trifft am Dienstag ein", "2024-06-18"),  # Tuesday is two days back, five ahead
    ("ist für den 26. Juni angesetzt", "2024-06-26"),
    ("findet im Dezember statt", "2024-12"),  # six months either way: the coming one
    ("am 2. Januar", "2024-01-02"),
])
def test_present_tense_takes_the_nearest_date(text, expected):
    assert dates.resolve(text, PUBLISHED, present=True) == expected


def test_present_tense_yields_to_explicit_direction():
    assert dates.resolve("kommt am vergangenen Montag", PUBLISHED, present=True) == "2024-06-17"
    assert dates.resolve("Putin reist am Montag", PUBLISHED, future=False, present=True) == "2024-06-17"
