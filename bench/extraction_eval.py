"""Extraction quality on real German-language news pages: Lagebild against trafilatura alone.

Reads ../shared/data/extraction-dev (105 gzipped pages of 65 publishers and ground_truth.jsonl, the
test data of the fundus project); exits 0 with a message when it is absent. Both extractors get the
same page bytes in the same run, one after the other per page.

    .venv/bin/python bench/extraction_eval.py [--details] [--generic] [--dev-dir DIR]

Fields, each a mean over pages (an extraction that fails scores 0 on every field):
- body F1: token F1 of the extracted body against the ground-truth paragraphs. The body is the
  paragraphs only: the lead/teaser (`summary`) and the subheadlines are kept apart from paragraphs,
  as Lagebild does (`lead`, `subheadlines`), so they are not body. Tokens are `\\w+` (Unicode), case kept,
  after the folding described for titles (a soft hyphen inside a word must not split it in two).
  trafilatura has no such split, so its whole text is scored; "full-text F1" scores both extractors
  against summary + subheadlines + paragraphs (Lagebild: lead + subheadlines + text) for a like-for-like view.
- title: exact match after Unicode NFC, whitespace folding and removal of invisible format characters
  (soft hyphens, zero-width spaces), which some ground-truth titles carry.
- time: publication time equal to the minute, compared as aware datetimes. A ground-truth time
  without offset is read as Europe/Berlin local time, as the extractor reads such page dates; a
  missing date counts as wrong.
- subheadlines: F1 of the set of subheadlines (folded as titles); trafilatura has none apart, so it
  scores only where the ground truth has none either.
- authors: F1 of the set of credited names (Lagebild: person authors plus agency/organisation
  credits, since the ground truth lists both as authors), names compared case-insensitively after
  whitespace folding (ALL-CAPS surnames are typography, not another person).
Speed: wall time of `extract_article` over all pages divided by trafilatura's `bare_extraction` with
metadata over the same pages (target <= 1.3).

The generic layers and the publisher overrides were developed on these very pages (there is no held-out
split), so the figures flatter Lagebild on publishers it has never seen; `--generic` adds a column for
Lagebild without its publisher overrides, the better guess for those.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import trafilatura

from pipeline.extract import ExtractionError, extract_article

DEV_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-dev"
LOCAL_TZ = ZoneInfo("Europe/Berlin")
FIELDS = ("body_f1", "full_text_f1", "title", "time", "authors_f1", "subheadlines_f1")
TARGETS = {"body_f1": 0.97, "title": 0.97, "time": 0.95, "authors_f1": 0.90}
TOKEN = re.compile(r"\w+")


@dataclass
class Page:
    file: str
    url: str
    publisher: str
    html: bytes
    truth: dict


@dataclass
class Found:
    """What one extractor found on one page, in comparable form."""
    body: str = ""
    full_text: str = ""
    title: str = ""
    published: dt.datetime | None = None
    names: tuple[str, ...] = ()
    subheadlines: tuple[str, ...] = ()
    error: str | None = None


def load_pages(dev_dir: Path = DEV_DIR) -> list[Page]:
    pages = []
    with open(dev_dir / "ground_truth.jsonl", encoding="utf-8") as lines:
        for line in lines:
            truth = json.loads(line)
            html = gzip.decompress((dev_dir / truth["file"]).read_bytes())
            pages.append(Page(truth["file"], truth["url"], truth["publisher"], html, truth))
    return pages


def run_lagebild(page: Page, overrides: bool = True) -> Found:
    try:
        article = extract_article(page.html, page.url, overrides=overrides)
    except ExtractionError as exc:
        return Found(error=str(exc))
    full = "\n".join([article["lead"] or "", *article["subheadlines"], article["text"]])
    return Found(article["text"], full, article["title"], article["published_at"],
                 tuple(article["authors"] + article["credits"]), tuple(article["subheadlines"]))


def run_trafilatura(page: Page) -> Found:
    # Defaults, with the time of day kept in the date so the minute can be compared at all.
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True,
                                      date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S"})
    if doc is None:
        return Found(error="nothing extracted")
    published = dt.datetime.fromisoformat(doc.date) if doc.date else None
    names = tuple(n.strip() for n in (doc.author or "").split(";") if n.strip())
    return Found(doc.text or "", doc.text or "", doc.title or "", published, names)


def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall(_fold(text)))


def token_f1(found: str, truth: str) -> float:
    a, b = tokens(found), tokens(truth)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def set_f1(found: set, truth: set) -> float:
    if not found and not truth:
        return 1.0
    overlap = len(found & truth)
    return 2 * overlap / (len(found) + len(truth))


def _fold(text: str) -> str:
    """NFC, whitespace folded, invisible format characters (soft hyphens, zero-width spaces) removed."""
    text = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def _minute(value: dt.datetime) -> dt.datetime:
    value = value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(dt.timezone.utc).replace(second=0, microsecond=0)


def truth_date(page: Page) -> dt.datetime | None:
    value = page.truth.get("publishing_date")
    return dt.datetime.fromisoformat(value) if value else None


def score(found: Found, page: Page) -> dict[str, float]:
    if found.error:
        return dict.fromkeys(FIELDS, 0.0)
    truth = page.truth
    body = "\n".join(truth["paragraphs"])
    full = "\n".join([*(truth["summary"] or []), *(truth["subheadlines"] or []), body])
    expected_date = truth_date(page)
    return {
        "body_f1": token_f1(found.body, body),
        "full_text_f1": token_f1(found.full_text, full),
        "title": float(_fold(found.title) == _fold(truth["title"] or "")),
        "time": float(found.published is not None and expected_date is not None
                      and _minute(found.published) == _minute(expected_date)),
        "authors_f1": set_f1({_fold(n).casefold() for n in found.names},
                             {_fold(n).casefold() for n in truth["authors"] or []}),
        "subheadlines_f1": set_f1({_fold(s) for s in found.subheadlines},
                                  {_fold(s) for s in truth["subheadlines"] or []}),
    }


def evaluate(dev_dir: Path = DEV_DIR, generic: bool = False) -> dict:
    """Mean scores per extractor, the speed ratio and per-page results; with `generic`, also Lagebild
    without its publisher overrides (an estimate for publishers it has no rules for)."""
    pages = load_pages(dev_dir)
    extractors = {"lagebild": run_lagebild, "trafilatura": run_trafilatura}
    if generic:
        extractors["generic"] = functools.partial(run_lagebild, overrides=False)
    seconds = dict.fromkeys(extractors, 0.0)
    rows = []
    for page in pages:
        row = {"page": page}
        for name, run in extractors.items():
            start = time.perf_counter()
            found = run(page)
            seconds[name] += time.perf_counter() - start
            row[name] = (found, score(found, page))
        rows.append(row)
    means = {name: {f: sum(r[name][1][f] for r in rows) / len(rows) for f in FIELDS} for name in extractors}
    return {"pages": len(pages), "publishers": len({p.publisher for p in pages}), "means": means,
            "seconds": seconds, "speed_ratio": seconds["lagebild"] / seconds["trafilatura"], "rows": rows}


def print_table(result: dict) -> None:
    means = result["means"]
    columns = {"lagebild": "Lagebild", "generic": "no overrides", "trafilatura": "trafilatura"}
    columns = {key: label for key, label in columns.items() if key in means}
    print(f"{result['pages']} pages, {result['publishers']} publishers")
    print(f"{'field':<16}" + "".join(f"{label:>14}" for label in columns.values()) + f"{'target':>9}")
    for field in FIELDS:
        target = f"{TARGETS[field]:.2f}" if field in TARGETS else "-"
        print(f"{field:<16}" + "".join(f"{means[key][field]:>14.3f}" for key in columns) + f"{target:>9}")
    seconds = result["seconds"]
    print(f"time: Lagebild {seconds['lagebild']:.2f} s, trafilatura {seconds['trafilatura']:.2f} s, "
          f"ratio {result['speed_ratio']:.2f}x (target <= 1.30x)")


def print_details(result: dict) -> None:
    """Lagebild's misses per publisher: which field, what was expected and what was found."""
    for row in sorted(result["rows"], key=lambda r: r["page"].publisher):
        page, (found, scores) = row["page"], row["lagebild"]
        truth = page.truth
        misses = []
        if found.error:
            misses.append(f"error: {found.error}")
        else:
            if scores["body_f1"] < 0.97:
                misses.append(f"body F1 {scores['body_f1']:.3f}")
            if not scores["title"]:
                misses.append(f"title {found.title!r} != {truth['title']!r}")
            if not scores["time"]:
                misses.append(f"time {found.published} != {truth['publishing_date']}")
            if scores["authors_f1"] < 1:
                misses.append(f"authors {list(found.names)} != {truth['authors']}")
        for miss in misses:
            print(f"{page.publisher:<22}{page.file:<42}{miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev-dir", type=Path, default=DEV_DIR)
    parser.add_argument("--details", action="store_true", help="list Lagebild's misses per publisher")
    parser.add_argument("--generic", action="store_true", help="also score Lagebild without publisher overrides")
    args = parser.parse_args(argv)
    if not (args.dev_dir / "ground_truth.jsonl").exists():
        print(f"extraction dev set not found at {args.dev_dir}; nothing to evaluate (skipped)")
        return 0
    result = evaluate(args.dev_dir, generic=args.generic)
    print_table(result)
    if args.details:
        print_details(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
