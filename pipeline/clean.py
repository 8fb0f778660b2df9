"""Text cleaning for German news: Unicode and whitespace normalisation, and removal of the lines that
are not article text (photo credits, copyright notes, captions repeated with their credit, teasers)."""
from __future__ import annotations

import re
import unicodedata

# Invisible characters that break tokens and hashes: soft hyphen, zero-width space/joiners, BOM, word joiner.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
CREDIT_LINE = re.compile(
    r"^(?:(?:foto|fotos|bild|bilder|grafik|video|quelle|bildquelle|copyright)\s*:|©|\(c\)\s|all rights reserved)"
    r"|copyright \d{4}|all rights reserved\.?$",
    re.IGNORECASE,
)
BOILERPLATE_LINE = re.compile(
    r"^(?:mehr zum thema|lesen sie auch|das könnte sie auch interessieren|weitere artikel|zum thema|anzeige"
    r"|newsletter abonnieren|jetzt abonnieren|teilen|artikel teilen|drucken|kommentare?|verwendete quellen"
    r"|auch interessant|hinweis|bitte beachten|externer inhalt|newsletter|folgst du|über (?:die|den) autor(?:in)?"
    r"|(?:die|der) autor(?:in)?$|darum geht'?s)\b.{0,60}$",
    re.IGNORECASE,
)
# A byline, time stamp or source note printed as its own line inside the article container.
BYLINE_LINE = re.compile(r"^(?i:von|by|text und fotos|text|autor(?:in)?:?)\s+[A-ZÄÖÜ][\w.-]*(?:\s+[\w.-]+){0,4}$")
META_LINE = re.compile(
    r"^(?:(?:stand|aktualisiert|veröffentlicht|erstellt)(?:\s+am)?:?\s+\d"
    r"|mit (?:agentur|dpa|afp|reuters)\w*\.?$|quellen?:$|.{0,30}verfügbar bis \d)",
    re.IGNORECASE,
)
# The outlet advertising itself: newsletters, messenger channels, trial subscriptions.
PROMOTION = re.compile(r"\bnewsletter\b.{0,80}\b(?:informiert|abonnier|anmelden)|whatsapp-kanal|kostenlos testen"
                       r"|jetzt (?:gratis |kostenlos )?(?:abonnieren|testen|anmelden)", re.IGNORECASE)
AUTHOR_PREFIX = re.compile(
    r"^(?:(?:ein\s+)?(?:kommentar|gastbeitrag|gastkommentar|analyse|interview|essay|bericht)\s+von|von:?|by|"
    r"autor(?:in|en)?:?|text:|recherche:)\s+",
    re.IGNORECASE,
)
AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|&|\||/|\n)\s*")
# A bracketed handle or place after a name: "Elena Oberholzer (obe)", "Anna Martel (Paris)".
AUTHOR_SUFFIX = re.compile(r"\s*\(.*$")
EMAIL = re.compile(r"\S+@\S+")
# News agencies; their credit is kept apart from the person authors.
AGENCIES = {"dpa", "afp", "reuters", "ap", "epd", "kna", "apa", "sda", "keystone-sda", "ddp", "dts", "sid", "ots",
            "deutsche presse-agentur", "agence france-presse", "associated press", "afp deutschland", "dpa-afx"}
# A credit naming a newsroom or outlet rather than a person ("Redaktion hessenschau.de", "ORF.at").
NEWSROOM = re.compile(r"\bredaktion\b|\bonline\b|\.(?:de|at|ch|lu|li|com)$", re.IGNORECASE)
TITLE_SUFFIX = re.compile(r"\s+[|–—:-]{1,2}\s+([^|–—]{1,40})$")
DATE_SEGMENT = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# "Ã¼" for "ü": UTF-8 bytes read as Windows-1252, repaired when the round trip is clean.
MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")


def normalize(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces folded, lines trimmed, blank lines dropped."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    lines = (SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def clean_text(text: str, title: str | None = None) -> str:
    """Article text with one paragraph per line, without credits, boilerplate and repeated lines."""
    return "\n".join(clean_lines(text, title)[0])


def clean_lines(text: str, title: str | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """The kept lines, and the dropped ones with the reason for each.

    A line that occurs twice (a caption shown under the photo and again with its credit, or the
    headline repeated in the body) is not article text: all its occurrences go.
    """
    lines = normalize(text).split("\n") if text.strip() else []
    keys = [text_key(line) for line in lines]
    repeated = {k for k in keys if keys.count(k) > 1}
    # "<caption> - <credit>" repeats "<caption>": both are dropped.
    for line in lines:
        for other in lines:
            if other != line and line.startswith(other) and CREDIT_LINE.search(line[len(other):].lstrip(" -–|")):
                repeated.update({text_key(line), text_key(other)})
    title_key = text_key(title) if title else None
    kept, dropped = [], []
    for line, key in zip(lines, keys):
        reason = _drop_reason(line, key, repeated, title_key)
        if reason:
            dropped.append((line, reason))
        else:
            kept.append(line)
    return kept, dropped


def _drop_reason(line: str, key: str, repeated: set[str], title_key: str | None) -> str | None:
    if key == title_key:
        return "repeats the headline"
    if key in repeated:
        return "repeated line (caption or headline)"
    if CREDIT_LINE.search(line):
        return "photo credit or copyright"
    if BOILERPLATE_LINE.match(line):
        return "boilerplate phrase"
    if BYLINE_LINE.match(line) or META_LINE.match(line):
        return "byline, date or source note"
    if PROMOTION.search(line):
        return "promotion of the outlet's own offers"
    return None


def clean_title(title: str, site_name: str | None = None, host: str | None = None) -> str:
    """The headline without the outlet and date segments <title> and og:title append:
    'Ziele, Chancen | DW | 28.04.2023' -> 'Ziele, Chancen', 'Akkutechnik: … - Golem.de' -> 'Akkutechnik: …'."""
    title = normalize(title).replace("\n", " ")
    names = [_site_key(n) for n in (site_name, host) if n and len(_site_key(n)) >= 2]
    while match := TITLE_SUFFIX.search(title):
        segment = _site_key(match.group(1))
        is_outlet = segment and any(segment in name or name in segment for name in names)
        if not (is_outlet or DATE_SEGMENT.fullmatch(match.group(1))):
            break
        title = title[: match.start()].rstrip()
    return title


def _site_key(name: str) -> str:
    """An outlet name reduced for comparison: 'Börsen-Zeitung' and 'www.boersen-zeitung.de' share 'boersenzeitung'."""
    name = name.casefold().translate(UMLAUTS)
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^www\.|\.(?:de|at|ch|lu|li|com|net|org)$", "", name))


def split_byline(raw: list[str], outlets: list[str | None] = ()) -> tuple[list[str], list[str]]:
    """Person names, and credited agencies or newsrooms, from bylines.

    'Von Anna Müller und Jan Schmidt, dpa' -> (['Anna Müller', 'Jan Schmidt'], ['dpa']). Parts with
    digits (dates, times) and e-mail addresses are not names; a bracketed handle after a name goes; a
    name like one of the `outlets` (site name, publisher) is the outlet crediting itself.
    """
    people: list[str] = []
    credits: list[str] = []
    outlets = [o.strip().casefold() for o in outlets if o and o.strip()]
    for value in raw:
        for part in AUTHOR_SPLIT.split(AUTHOR_PREFIX.sub("", normalize(value or ""))):
            part = AUTHOR_SUFFIX.sub("", AUTHOR_PREFIX.sub("", part)).strip(" .:-–")
            if not part or EMAIL.search(part) or any(c.isdigit() for c in part) or not any(c.isalpha() for c in part):
                continue
            folded = part.casefold()
            is_credit = folded in AGENCIES or NEWSROOM.search(part) or any(
                folded in outlet or outlet in folded for outlet in outlets)
            found = credits if is_credit else people
            if part not in found:
                found.append(part)
    return people, credits


def same_text(a: str, b: str) -> bool:
    return text_key(a) == text_key(b)


def repair_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 ('fÃ¼r') back to 'für'; text that does not round-trip stays as it is."""
    if not MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def text_key(line: str) -> str:
    """A line as compared with others: whitespace and case folded."""
    return " ".join(line.split()).casefold()
