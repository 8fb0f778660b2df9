"""Events and quotes against the hand-labelled gold set bench/gold/events.yaml.

Runs the real text path of the tagging stage (pipeline/tagging.py): each gold sentence's article is read
from the replay corpus, its title, lead and body are split into sentences and entity-tagged as wholes (so
"Kim" in a later sentence is the Kim Jong Un named earlier), and events.detect and quotes.detect see the
sentence's mentions plus those of the three sentences before it, with the gold publication date. A gold
sentence the splitter cuts differently (ids ending in -tN) is tagged on its own, without context. An event counts as found when the sentence has a
predicted event of the gold root code ((sentence, code) pairs); negation, future, date and source are
scored on those matched pairs. A quote counts when the sentence has a predicted quote of the same kind;
its speaker is right when the names agree (a surname matches the full name).

    .venv/bin/python bench/events_eval.py [bench/gold/events.yaml] [--split dev|test|all] [--errors]

`--errors` lists, per dev sentence, missed and spurious codes, wrong sources and wrong quote speakers (dev
split only: the test half stays unread, so rules are not fitted to it).

The gold set is split by article into a dev half (zlib.crc32(article) % 2 == 0), used to develop the
lexicon and rules, and a test half (== 1), only measured; all sentences of an article fall in one half.
"""
from __future__ import annotations

import argparse
import datetime
import sys
import time
import zlib
from collections import Counter
from dataclasses import replace
from pathlib import Path

import yaml

from pipeline import events, quotes
from pipeline.entities import EntityTagger
from pipeline.text import sentences
from replay.corpus import ARTICLES_DIR, parse_article

GOLD_PATH = Path(__file__).resolve().parent / "gold" / "events.yaml"


def _published(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def _same_name(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    a, b = a.lower().strip(), b.lower().strip()
    return a == b or a in b or b in a


def _same_actor(a: str | None, b: str | None) -> bool:
    """Actor names agree as written or after normalisation to the canonical KB name (USA = Vereinigte
    Staaten, Moskau/Kreml = Russland, Seoul = Südkorea, EU = Europäische Union)."""
    if _same_name(a, b):
        return True
    return bool(a and b) and _same_name(events.canonical_name(a), events.canonical_name(b))


def _same_names(gold: list[str], predicted: list[str]) -> bool:
    return all(any(_same_actor(g, p) for p in predicted) for g in gold) and \
        all(any(_same_actor(g, p) for g in gold) for p in predicted)


def _scores(true_positives: int, predicted: int, gold: int) -> dict:
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": true_positives, "predicted": predicted, "gold": gold,
            "precision": precision, "recall": recall, "f1": f1}


def _share(counter: Counter, name: str) -> float | None:
    total = counter[name + "_total"]
    return counter[name] / total if total else None


SPLITS = ("dev", "test", "all")
CONTEXT_SENTENCES = 3  # as pipeline/tagging.py: pronouns are resolved against this many sentences before


def split_of(item: dict) -> str:
    """"dev" or "test": a deterministic half of the gold set by article (every sentence of one article together)."""
    article = str(item.get("article") or item.get("id") or "")
    return "test" if zlib.crc32(article.encode("utf-8")) % 2 else "dev"


def load(gold_path: Path | str = GOLD_PATH, split: str = "all") -> list[dict]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    items = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8")) or []
    return items if split == "all" else [item for item in items if split_of(item) == split]


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _article_sentences(tagger: EntityTagger, article: str) -> dict[str, tuple[str, list, list]]:
    """Normalised sentence text -> (sentence, its mentions relative to it, mentions of the sentences before),
    for the title, lead and body of a replay article, each tagged as a whole as the tagging stage does."""
    path = ARTICLES_DIR / f"{article}.md"
    if not article or not path.exists():
        return {}
    parsed = parse_article(path)
    body = "\n".join(block["text"] for block in parsed.blocks)
    found: dict[str, tuple[str, list, list]] = {}
    for text in (parsed.title, parsed.lead or "", body):
        if not text.strip():
            continue
        sents = sentences(text)
        mentions = tagger.tag(text, sents)
        for seq, sentence in enumerate(sents):
            local = [replace(m, start=m.start - sentence.start, end=m.end - sentence.start)
                     for m in mentions if m.sentence == seq]
            context = [m for m in mentions if seq - CONTEXT_SENTENCES <= m.sentence < seq]
            found.setdefault(_normalised(text[sentence.start:sentence.end]), (text[sentence.start:sentence.end], local, context))
    return found


def evaluate(gold_path: Path | str = GOLD_PATH, split: str = "all", errors: list | None = None) -> dict:
    """Scores per root code and overall, attribute accuracies on matched events, quote scores, timing;
    `errors`, if given, collects one line per wrong code, source or speaker."""
    items = load(gold_path, split)
    tagger = EntityTagger.default()
    tp, pred, gold = Counter(), Counter(), Counter()
    attributes = Counter()
    quote_counts = Counter()
    detect_seconds = 0.0
    events.lexicon()  # read once per process, not per sentence
    articles: dict[str, dict] = {}
    in_context = 0
    for item in items:
        sentence, published = item["sentence"], _published(item["published"])
        article = str(item.get("article") or "")
        if article not in articles:
            articles[article] = _article_sentences(tagger, article)
        located = articles[article].get(_normalised(sentence))
        if located is None:
            mentions, context = tagger.tag(sentence), []
        else:
            sentence, mentions, context = located
            in_context += 1
        started = time.perf_counter()
        predicted = events.detect(sentence, mentions, published, context)
        found_quotes = quotes.detect(sentence, mentions, context)
        detect_seconds += time.perf_counter() - started
        _score_events(item.get("events") or [], predicted, tp, pred, gold, attributes)
        _score_quotes(item.get("quotes") or [], found_quotes, quote_counts)
        if errors is not None:
            errors.extend(_errors(item, sentence, predicted, found_quotes))
    codes = sorted(set(gold) | set(pred))
    result = {
        "split": split,
        "sentences": len(items),
        "sentences_in_article_context": in_context,
        "codes": {code: _scores(tp[code], pred[code], gold[code]) for code in codes},
        "overall": _scores(sum(tp.values()), sum(pred.values()), sum(gold.values())),
        "negation_accuracy": _share(attributes, "negated"),
        "future_accuracy": _share(attributes, "future"),
        "date_accuracy": _share(attributes, "date"),
        "source_accuracy": _share(attributes, "source"),
        "quotes": _scores(quote_counts["tp"], quote_counts["predicted"], quote_counts["gold"]),
        "quote_speakers": _scores(quote_counts["speaker_tp"], quote_counts["predicted"], quote_counts["gold"]),
        "detect_sentences_per_second": len(items) / detect_seconds if detect_seconds else None,
    }
    return result


def _score_events(gold_events: list[dict], predicted: list, tp: Counter, pred: Counter, gold: Counter,
                  attributes: Counter) -> None:
    gold_by_code = {}
    for event in gold_events:
        gold_by_code.setdefault(str(event["code"]).zfill(2)[:2], event)
    predicted_by_code = {}
    for event in predicted:
        predicted_by_code.setdefault(event.code, event)
    for code in gold_by_code:
        gold[code] += 1
    for code, event in predicted_by_code.items():
        pred[code] += 1
        if code not in gold_by_code:
            continue
        tp[code] += 1
        expected = gold_by_code[code]
        for name, right in (("negated", bool(expected.get("negated")) == event.negated),
                            ("future", bool(expected.get("future")) == event.future),
                            ("date", str(expected.get("date") or "") == (event.date or "")),
                            ("source", _same_names(expected.get("source") or [], [n for _, n in event.source]))):
            attributes[name + "_total"] += 1
            attributes[name] += right


def _errors(item: dict, sentence: str, predicted: list, found_quotes: list) -> list[str]:
    gold_by_code = {str(e["code"]).zfill(2)[:2]: e for e in reversed(item.get("events") or [])}
    predicted_by_code = {e.code: e for e in reversed(predicted)}
    lines = []
    for code in sorted(set(gold_by_code) | set(predicted_by_code)):
        g, p = gold_by_code.get(code), predicted_by_code.get(code)
        if g and not p:
            lines.append(f"FN {code} [{g.get('trigger')}] src={g.get('source')}")
        elif p and not g:
            lines.append(f"FP {code} [{p.trigger}] src={[n for _, n in p.source]}")
        else:
            names = [n for _, n in p.source]
            if not _same_names(g.get("source") or [], names):
                lines.append(f"SRC {code} [{p.trigger}] gold={g.get('source')} pred={names}")
            for name, want, got in (("NEG", bool(g.get("negated")), p.negated), ("FUT", bool(g.get("future")), p.future),
                                    ("DATE", str(g.get("date") or ""), p.date or "")):
                if want != got:
                    lines.append(f"{name} {code} [{p.trigger}] gold={want} pred={got}")
    unmatched = list(item.get("quotes") or [])
    for quote in found_quotes:
        expected = next((g for g in unmatched if g.get("kind") == quote.kind), None)
        speaker = quote.speaker[1] if quote.speaker else None
        if expected is None:
            lines.append(f"QFP {quote.kind} speaker={speaker} «{quote.text[:60]}»")
            continue
        unmatched.remove(expected)
        if not _same_actor(expected.get("speaker"), speaker):
            lines.append(f"QSPK {quote.kind} gold={expected.get('speaker')} pred={speaker}")
    lines += [f"QFN {g.get('kind')} speaker={g.get('speaker')} «{str(g.get('text'))[:60]}»" for g in unmatched]
    return [f"{item.get('id')}: {sentence}\n    " + "\n    ".join(lines)] if lines else []


def _score_quotes(gold_quotes: list[dict], predicted: list, counts: Counter) -> None:
    counts["gold"] += len(gold_quotes)
    counts["predicted"] += len(predicted)
    unmatched = list(gold_quotes)
    for quote in predicted:
        expected = next((g for g in unmatched if g.get("kind") == quote.kind), None)
        if expected is None:
            continue
        unmatched.remove(expected)
        counts["tp"] += 1
        counts["speaker_tp"] += _same_actor(expected.get("speaker"), quote.speaker[1] if quote.speaker else None)


def _print(result: dict) -> None:
    print(f"{result['sentences']} gold sentences (split: {result.get('split', 'all')}), "
          f"{result['sentences_in_article_context']} tagged within their article")
    print(f"{'code':<8}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}")
    rows = [*result["codes"].items(), ("overall", result["overall"]), ("quotes", result["quotes"]),
            ("speaker", result["quote_speakers"])]
    for name, s in rows:
        print(f"{name:<8}{s['gold']:>6}{s['predicted']:>6}{s['tp']:>6}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    for name in ("negation_accuracy", "future_accuracy", "date_accuracy", "source_accuracy"):
        value = result[name]
        print(f"{name:<20}{'n/a' if value is None else f'{value:.3f}'}")
    speed = result["detect_sentences_per_second"]
    print(f"detect (events + quotes): {speed:,.0f} sentences/s" if speed else "detect: n/a")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(GOLD_PATH))
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="dev: the half to develop on; test: the held-out half; all: both (default)")
    parser.add_argument("--errors", action="store_true",
                        help="list the dev split's wrong codes, sources and speakers (dev only)")
    args = parser.parse_args(argv)
    if not Path(args.gold).exists():
        print(f"no gold file at {args.gold}", file=sys.stderr)
        return 1
    if args.errors and args.split != "dev":
        print("--errors is for the dev split only: the test half is measured, not read", file=sys.stderr)
        return 2
    errors: list[str] | None = [] if args.errors else None
    result = evaluate(args.gold, args.split, errors)
    for line in errors or []:
        print(line)
    _print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
