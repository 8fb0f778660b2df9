"""German date expressions resolved against a publication date, to ISO dates or partial ISO dates.

    >>> resolve("am Mittwoch", date(2024, 6, 20))
    '2024-06-19'
    >>> resolve("im September 2023", date(2024, 6, 20))
    '2023-09'

A weekday, a day without year or a month without year is placed on or before publication (news mostly
reports what happened) unless the text speaks of the future ("wird", "will", "soll", "kommenden"), then
on or after it. The most specific expression wins: a day over a month over a year.
"""
from __future__ import annotations

import datetime
import re

WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
            "sonnabend": 5, "sonntag": 6}
MONTHS = {"januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
          "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12}
RELATIVE_DAYS = {"vorgestern": -2, "gestern": -1, "heute": 0, "heutigen": 0, "morgen": 1, "übermorgen": 2}

_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_YEAR = r"(?:1[89]|20)\d\d"
_FLAGS = re.IGNORECASE

# A weekday, possibly with a part of the day glued on ("Mittwochabend") and a direction
# ("am vergangenen Mittwoch", "kommenden Freitag"). "in der Nacht zu Donnerstag" means early Thursday.
WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<night>in\s+der\s+nacht\s+(?:zum|zu|auf\s+den|auf)\s+)"
    rf"|(?P<direction>vergangene[nm]?|letzte[nm]?|vorige[nm]?|kommende[nm]?|nächste[nm]?)\s+)?"
    rf"(?P<weekday>{_WEEKDAY})(?:s|früh|morgen|vormittag|mittag|nachmittag|abend|nacht)?\b", _FLAGS)
DAY_MONTH_RE = re.compile(rf"\b(?P<day>[0-3]?\d)\.\s*(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b", _FLAGS)
NUMERIC_RE = re.compile(rf"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>{_YEAR}|\d\d)?(?!\d)")
MONTH_RE = re.compile(rf"\b(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?\b", _FLAGS)
YEAR_RE = re.compile(rf"(?<![\d.,])(?P<year>{_YEAR})(?![\d.,]\d)")
RELATIVE_RE = re.compile(r"\b(?:vorgestern|gestern|heute|heutigen|übermorgen|morgen)\b", _FLAGS)
RELATIVE_PERIOD_RE = re.compile(
    r"\b(?:(?P<last_year>vorjahr|vergangenen\s+jahr|letzten\s+jahr|vorigen\s+jahr|letztes\s+jahr)"
    r"|(?P<this_year>heuer|diesem\s+jahr|dieses\s+jahr|laufenden\s+jahr)"
    r"|(?P<next_year>nächsten\s+jahr|nächstes\s+jahr|kommenden\s+jahr)"
    r"|(?P<last_month>vormonat|vergangenen\s+monat|letzten\s+monat|vorigen\s+monat)"
    r"|(?P<this_month>diesen\s+monat|diesem\s+monat|dieses\s+monats|laufenden\s+monat)"
    r"|(?P<next_month>nächsten\s+monat|kommenden\s+monat))\b", _FLAGS)
FUTURE_RE = re.compile(
    r"\b(?:wird|werden|werde|wirst|will|wollen|wolle|soll|sollen|solle|plant|planen|geplant|geplanten|"
    r"kommende[nmrs]?|nächste[nmrs]?|bevorstehende[nmrs]?|künftig|demnächst|morgen|übermorgen|voraussichtlich)\b")


def resolve(text: str, published: datetime.date, future: bool | None = None) -> str | None:
    """The date `text` names, as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when it names none.

    `future` says whether the text speaks of what is still to come; None infers it from the text.
    """
    if future is None:
        future = bool(FUTURE_RE.search(text))
    for finder in (_relative_day, _weekday, _day_month, _month, _relative_period, _year):
        found = finder(text, published, future)
        if found:
            return found
    return None


def _relative_day(text: str, published: datetime.date, future: bool) -> str | None:
    for match in RELATIVE_RE.finditer(text):
        # "morgen" is tomorrow; "Morgen" inside a sentence is the noun ("am Morgen", "heute Morgen").
        if match.group() == "Morgen" and match.start() > 0:
            continue
        return (published + datetime.timedelta(days=RELATIVE_DAYS[match.group().lower()])).isoformat()
    return None


def _weekday(text: str, published: datetime.date, future: bool) -> str | None:
    match = WEEKDAY_RE.search(text)
    if not match:
        return None
    weekday = WEEKDAYS[match.group("weekday").lower()]
    direction = (match.group("direction") or "").lower()
    if direction.startswith(("kommende", "nächste")):
        future, strict = True, True
    elif direction:
        future, strict = False, True
    else:
        strict = False
    if future:
        delta = (weekday - published.weekday()) % 7 or (7 if strict else 0)
    else:
        delta = -((published.weekday() - weekday) % 7 or (7 if strict else 0))
    return (published + datetime.timedelta(days=delta)).isoformat()


def _day_month(text: str, published: datetime.date, future: bool) -> str | None:
    for regex in (DAY_MONTH_RE, NUMERIC_RE):
        for match in regex.finditer(text):
            day, month = int(match.group("day")), _month_number(match.group("month"))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            year = _year_number(match.group("year")) or _nearest_year(published, (month, day), future)
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:  # 31. Juni: not a date
                continue
    return None


def _month(text: str, published: datetime.date, future: bool) -> str | None:
    for match in MONTH_RE.finditer(text):
        # "Mai" is also a name and the start of many words; the \b and the capital letter keep it a month.
        if not match.group("month")[0].isupper():
            continue
        month = MONTHS[match.group("month").lower()]
        year = _year_number(match.group("year")) or _nearest_year(published, (month, 0), future)
        return f"{year:04d}-{month:02d}"
    return None


def _relative_period(text: str, published: datetime.date, future: bool) -> str | None:
    match = RELATIVE_PERIOD_RE.search(text)
    if not match:
        return None
    kind = match.lastgroup
    if kind.endswith("year"):
        return str(published.year + {"last_year": -1, "this_year": 0, "next_year": 1}[kind])
    shift = {"last_month": -1, "this_month": 0, "next_month": 1}[kind]
    months = published.year * 12 + published.month - 1 + shift
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def _year(text: str, published: datetime.date, future: bool) -> str | None:
    match = YEAR_RE.search(text)
    return match.group("year") if match else None


def _month_number(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower()]


def _year_number(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year


def _nearest_year(published: datetime.date, month_day: tuple[int, int], future: bool) -> int:
    """The year that puts (month, day) on the right side of publication; day 0 means the whole month."""
    here = (published.month, published.day if month_day[1] else 0)
    if future:
        return published.year if month_day >= here else published.year + 1
    return published.year if month_day <= here else published.year - 1
