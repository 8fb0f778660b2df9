"""German date expressions resolved against a publication date, to ISO dates or partial ISO dates.

    >>> resolve("am Mittwoch", date(2024, 6, 20))
    '2024-06-19'
    >>> resolve("im September 2023", date(2024, 6, 20))
    '2023-09'

A weekday, a day without year or a month without year is placed on or before publication (news mostly
reports what happened) unless the text speaks of the future ("wird", "will", "soll", "kommenden"), then
on or after it; told that the verb is in the present tense ("Putin reist am Dienstag"), on the nearest
such day either side. Weeks come as ISO weeks ("vergangene Woche" → "2024-W24"), "am Wochenende" as its
Saturday. The most specific expression wins: a day over a week over a month over a year.
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
# A year, not a number in a name ("Global 2000", "Agenda 2030").
YEAR_RE = re.compile(rf"(?<![\d.,])(?<!Global )(?<!Agenda )(?<!Vision )(?P<year>{_YEAR})(?![\d.,]\d)")
WEEK_RE = re.compile(r"\b(?:(?P<last>vergangene[nr]?|letzte[nr]?|vorige[nr]?)|(?P<this>diese[nr]?)|"
                     r"(?P<next>kommende[nr]?|nächste[nr]?))\s+Woche\b", _FLAGS)
WEEKEND_RE = re.compile(r"\b(?:am|übers|übers?)\s+(?:(?P<last>vergangenen|letzten)\s+|(?P<next>kommenden|nächsten)\s+)?"
                        r"Wochenende\b", _FLAGS)
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


def resolve(text: str, published: datetime.date, future: bool | None = None, present: bool = False) -> str | None:
    """The date `text` names, as "YYYY-MM-DD", "YYYY-Www", "YYYY-MM" or "YYYY"; None when it names none.

    `future` says whether the text speaks of what is still to come; None infers it from the text, and when
    the text says nothing of it and `present` is set (a verb in the present tense) the nearest date wins.
    """
    if future is None:
        future = True if FUTURE_RE.search(text) else (None if present else False)
    for finder in (_relative_day, _weekday, _weekend, _day_month, _week, _month, _relative_period, _year):
        found = finder(text, published, future)
        if found:
            return found
    return None


def _nearest(past: datetime.date, coming: datetime.date, published: datetime.date) -> datetime.date:
    """Of the two candidates, the one closer to publication; on a tie the coming one."""
    return past if (published - past) < (coming - published) else coming


def _relative_day(text: str, published: datetime.date, future: bool | None) -> str | None:
    for match in RELATIVE_RE.finditer(text):
        # "morgen" is tomorrow; "Morgen" inside a sentence is the noun ("am Morgen", "heute Morgen").
        if match.group() == "Morgen" and match.start() > 0:
            continue
        return (published + datetime.timedelta(days=RELATIVE_DAYS[match.group().lower()])).isoformat()
    return None


def _weekday(text: str, published: datetime.date, future: bool | None) -> str | None:
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
    ahead = published + datetime.timedelta(days=(weekday - published.weekday()) % 7 or (7 if strict else 0))
    behind = published - datetime.timedelta(days=(published.weekday() - weekday) % 7 or (7 if strict else 0))
    if future is None:
        return _nearest(behind, ahead, published).isoformat()
    return (ahead if future else behind).isoformat()


def _weekend(text: str, published: datetime.date, future: bool | None) -> str | None:
    match = WEEKEND_RE.search(text)
    if not match:
        return None
    if match.group("next"):
        future = True
    elif match.group("last"):
        future = False
    return _weekday("Samstag", published, future)


def _week(text: str, published: datetime.date, future: bool | None) -> str | None:
    match = WEEK_RE.search(text)
    if not match:
        return None
    shift = -7 if match.group("last") else 7 if match.group("next") else 0
    year, week, _ = (published + datetime.timedelta(days=shift)).isocalendar()
    return f"{year:04d}-W{week:02d}"


def _day_month(text: str, published: datetime.date, future: bool | None) -> str | None:
    for regex in (DAY_MONTH_RE, NUMERIC_RE):
        for match in regex.finditer(text):
            day, month = int(match.group("day")), _month_number(match.group("month"))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            year = _year_number(match.group("year"))
            try:
                if year:
                    return datetime.date(year, month, day).isoformat()
                if future is None:
                    behind = datetime.date(_nearest_year(published, (month, day), False), month, day)
                    ahead = datetime.date(_nearest_year(published, (month, day), True), month, day)
                    return _nearest(behind, ahead, published).isoformat()
                return datetime.date(_nearest_year(published, (month, day), future), month, day).isoformat()
            except ValueError:  # 31. Juni: not a date
                continue
    return None


def _month(text: str, published: datetime.date, future: bool | None) -> str | None:
    for match in MONTH_RE.finditer(text):
        # "Mai" is also a name and the start of many words; the \b and the capital letter keep it a month.
        if not match.group("month")[0].isupper():
            continue
        month = MONTHS[match.group("month").lower()]
        year = _year_number(match.group("year"))
        if not year and future is None:  # the nearer of last and next such month; a tie goes forward
            behind, ahead = _nearest_year(published, (month, 0), False), _nearest_year(published, (month, 0), True)
            year = behind if _months_apart(behind, month, published) < _months_apart(ahead, month, published) else ahead
        year = year or _nearest_year(published, (month, 0), future)
        return f"{year:04d}-{month:02d}"
    return None


def _relative_period(text: str, published: datetime.date, future: bool | None) -> str | None:
    match = RELATIVE_PERIOD_RE.search(text)
    if not match:
        return None
    kind = match.lastgroup
    if kind.endswith("year"):
        return str(published.year + {"last_year": -1, "this_year": 0, "next_year": 1}[kind])
    shift = {"last_month": -1, "this_month": 0, "next_month": 1}[kind]
    months = published.year * 12 + published.month - 1 + shift
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def _year(text: str, published: datetime.date, future: bool | None) -> str | None:
    match = YEAR_RE.search(text)
    return match.group("year") if match else None


def _months_apart(year: int, month: int, published: datetime.date) -> int:
    return abs(year * 12 + month - (published.year * 12 + published.month))


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
