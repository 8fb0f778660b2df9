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
    r"|newsletter abonnieren|jetzt abonnieren|teilen|artikel teilen|drucken|kommentare?)\b.{0,60}$",
    re.IGNORECASE,
)
AUTHOR_PREFIX = re.compile(r"^(?:von|by|autor(?:in)?:|text:)\s+", re.IGNORECASE)
AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\bund\b|&|/|\n)\s*")
AGENCIES = {"dpa", "afp", "reuters", "ap", "epd", "kna", "apa", "sda", "keystone-sda", "ddp", "dts", "red", "redaktion"}


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
    keys = [_line_key(line) for line in lines]
    repeated = {k for k in keys if keys.count(k) > 1}
    # "<caption> - <credit>" repeats "<caption>": both are dropped.
    for line in lines:
        for other in lines:
            if other != line and line.startswith(other) and CREDIT_LINE.search(line[len(other):].lstrip(" -–|")):
                repeated.update({_line_key(line), _line_key(other)})
    title_key = _line_key(title) if title else None
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
    return None


def clean_title(title: str, site_name: str | None = None) -> str:
    """The headline without the ' | Outlet' or ' - Outlet' suffix of <title> tags."""
    title = normalize(title).replace("\n", " ")
    if site_name:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            suffix = sep + site_name.strip()
            if title.endswith(suffix):
                return title[: -len(suffix)].strip()
    return title


def split_authors(raw: list[str]) -> list[str]:
    """Person names from bylines: 'Von A und B, dpa' -> ['A', 'B']; agencies and duplicates dropped."""
    names: list[str] = []
    for value in raw:
        for part in AUTHOR_SPLIT.split(AUTHOR_PREFIX.sub("", normalize(value or ""))):
            part = AUTHOR_PREFIX.sub("", part).strip(" .()")
            if part and part.lower() not in AGENCIES and part not in names and any(c.isalpha() for c in part):
                names.append(part)
    return names


def _line_key(line: str) -> str:
    return " ".join(line.split()).casefold()
