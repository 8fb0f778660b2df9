"""Summaries an operator reads after a run: per crawl, and articles per day and outlet."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from pipeline.crawl import CrawlOutcome
from pipeline.process import ProcessResult

OUTCOMES = ("new", "updated", "duplicate", "unchanged", "failed")


def feed_status_counts(outcome: CrawlOutcome) -> Counter:
    counts = Counter()
    for source in outcome.stats.get("sources", {}).values():
        counts["200"] += source.get("feeds_200", 0)
        counts["304"] += source.get("feeds_304", 0)
        counts["errors"] += source.get("feeds_failed", 0)
    return counts


def crawl_line(label: str, outcome: CrawlOutcome, processed: ProcessResult) -> str:
    feeds = feed_status_counts(outcome)
    pages = sum(s.get("pages", 0) for s in outcome.stats.get("sources", {}).values())
    articles = " ".join(f"{k} {processed.counts[k]}" for k in OUTCOMES if processed.counts[k] or k in ("new", "updated", "duplicate"))
    return (f"{label}  sources {len(outcome.stats.get('sources', {})):>2}  "
            f"feeds 200:{feeds['200']} 304:{feeds['304']} errors:{feeds['errors']}  "
            f"pages {pages:>3}  articles {articles}")


def totals_line(outcome: CrawlOutcome) -> str:
    """The run's request and page counts over all sources (crawl.source_run has them per source)."""
    t = outcome.stats.get("totals", {})
    return (f"requests {t.get('requests', 0)} ({t.get('bytes', 0) / 1e6:.1f} MB)  "
            f"pages new {t.get('pages_new', 0)} re-fetched {t.get('pages_refetched', 0)} "
            f"not modified {t.get('pages_not_modified', 0)}  refusals {t.get('refusals', 0)} errors {t.get('errors', 0)}"
            + (f"  circuit open: {', '.join(sorted(outcome.stats['circuit_open']))}" if outcome.stats.get("circuit_open") else ""))


def source_health(conn) -> str:
    """One line per source from crawl.source_health, broken sources first."""
    with conn.cursor() as cur:
        cur.execute("""SELECT source_key, enabled, last_success_at, error_streak, articles_per_day, next_fetch_at,
                              circuit_open, last_error
                         FROM crawl.source_health ORDER BY error_streak DESC, source_key""")
        rows = cur.fetchall()
    if not rows:
        return "(no sources)"
    lines = [f"{'source':<24} {'state':<8} {'last success':<16} {'errors':>6} {'per day':>7}  {'next fetch':<16}  last error"]
    for key, enabled, success, streak, per_day, due, circuit_open, error in rows:
        state = "open" if circuit_open else ("enabled" if enabled else "disabled")
        when = [v.strftime("%Y-%m-%d %H:%M") if v and v.year > 1 else "-" for v in (success, due)]
        lines.append(f"{key:<24} {state:<8} {when[0]:<16} {streak:>6} {float(per_day):>7.1f}  {when[1]:<16}  {error or ''}")
    return "\n".join(lines)


def failed_sources_lines(outcome: CrawlOutcome) -> list[str]:
    return [f"  ! {source}: {'; '.join(reasons)}" for source, reasons in sorted(outcome.failed_sources.items())]


def articles_by_day_and_outlet(conn, tz: str = "Europe/Berlin") -> str:
    """A table: one row per publication day, one column per outlet, article counts."""
    with conn.cursor() as cur:
        cur.execute(
            """SELECT (published_at AT TIME ZONE %s)::date AS day, source_key, count(*)
                 FROM news.article GROUP BY 1, 2 ORDER BY 1, 2""",
            (tz,),
        )
        rows = cur.fetchall()
    if not rows:
        return "(no articles)"
    outlets = sorted({r[1] for r in rows})
    days = sorted({r[0] for r in rows}, key=lambda d: d or dt.date.min)
    counts = {(r[0], r[1]): r[2] for r in rows}
    width = max(len(o) for o in outlets)
    head = "day         " + " ".join(f"{o[:width]:>{width}}" for o in outlets) + "   total"
    lines = [head]
    for day in days:
        cells = [counts.get((day, o), 0) for o in outlets]
        lines.append(f"{str(day or 'undated'):<12}" + " ".join(f"{c:>{width}}" for c in cells) + f"   {sum(cells):>5}")
    totals = [sum(counts.get((d, o), 0) for d in days) for o in outlets]
    lines.append(f"{'total':<12}" + " ".join(f"{c:>{width}}" for c in totals) + f"   {sum(totals):>5}")
    return "\n".join(lines)


def top_entities(conn, limit: int = 12) -> str:
    """The entities articles are most about: summed salience over all articles."""
    with conn.cursor() as cur:
        cur.execute(
            """SELECT name, label, count(*) AS articles, round(sum(salience)::numeric, 1) AS weight, qid
                 FROM news.article_entity GROUP BY name, label, qid ORDER BY weight DESC LIMIT %s""",
            (limit,),
        )
        rows = cur.fetchall()
    return "\n".join(f"  {name:<28} {label}  {articles:>4} articles  salience {weight:>5}  {qid or '(not in KB)'}"
                     for name, label, articles, weight, qid in rows)


def event_counts(conn) -> str:
    with conn.cursor() as cur:
        cur.execute("""SELECT code, count(*), count(*) FILTER (WHERE negated), count(*) FILTER (WHERE future)
                         FROM news.event GROUP BY code ORDER BY code""")
        rows = cur.fetchall()
    return "  " + "  ".join(f"{code}:{n}" for code, n, _, _ in rows) + (
        f"   (negated {sum(r[2] for r in rows)}, announced {sum(r[3] for r in rows)})" if rows else "(none)")
