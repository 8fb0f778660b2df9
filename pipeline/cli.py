"""The `lagebild` command line."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
import time
from pathlib import Path

import psycopg2

from pipeline import config, db, report
from pipeline.crawl import REPLAY_SETTINGS, CrawlError, run_crawl
from pipeline.extract import ExtractionError, extract_article
from pipeline.process import process_pending

EXIT_SOURCES_FAILED = 3
DEMO_STORY_QUERY = "Putin Pjöngjang"
DEMO_CHART = Path("out/putin-pjoengjang.png")


def _json_default(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def cmd_migrate(args) -> int:
    applied = db.migrate()
    print(f"migrations applied: {', '.join(applied) if applied else 'none pending'}")
    return 0


def cmd_sources_sync(args) -> int:
    from crawler import registry

    entries = registry.load(args.file)
    with db.connection() as conn:
        registry.sync(conn, entries)
    print(f"{len(entries)} sources, {sum(len(s['feeds']) for s in entries.values())} feeds synced from {args.file}")
    return 0


def cmd_sources_list(args) -> int:
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute(
            """SELECT s.key, s.name, s.enabled, count(f.id), max(f.last_status), max(f.last_success_at),
                      min(f.next_fetch_at)
                 FROM crawl.source s LEFT JOIN crawl.feed f ON f.source_key = s.key GROUP BY s.key ORDER BY s.key"""
        )
        for key, name, enabled, feeds, status, success, due in cur.fetchall():
            state = "enabled " if enabled else "disabled"
            print(f"{key:24} {state} feeds {feeds:>2}  last status {status or '-':>4}  "
                  f"last success {_when(success)}  next fetch {_when(due)}  {name}")
    return 0


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def cmd_sources_add(args) -> int:
    """Autodiscover a publisher's feeds and sitemaps from its homepage, add it to the registry and the database."""
    from crawler import registry
    from pipeline.sources import FetchError, discover, suggested_key

    try:
        found = discover(args.url, allow_local=args.local)
    except FetchError as exc:
        print(f"lagebild sources add: {exc}", file=sys.stderr)
        return 1
    if not found["feeds"]:
        print(f"lagebild sources add: no feed (<link rel=\"alternate\">) and no sitemap in robots.txt at {args.url}",
              file=sys.stderr)
        return 1
    key = args.key or suggested_key(found["homepage"])
    source = {"name": args.name or found["name"], "country": args.country, "homepage": found["homepage"],
              **({"local": True} if args.local else {}), "feeds": found["feeds"]}
    source = {k: v for k, v in source.items() if v is not None}
    registry.append_source(args.file, key, source)
    with db.connection() as conn:
        registry.sync(conn, {key: source})
    print(f"added {key} ({source['name']}) to {args.file}:")
    for feed in found["feeds"]:
        print(f"  {feed['kind']:<12} {feed['url']}")
    return 0


def cmd_sources_disable(args) -> int:
    from crawler import registry

    if args.key in registry.load(args.file):
        registry.set_enabled(args.file, args.key, False)
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("UPDATE crawl.source SET enabled = false, updated_at = now() WHERE key = %s RETURNING key",
                    (args.key,))
        in_database = cur.fetchone() is not None
    if not in_database and args.key not in registry.load(args.file):
        print(f"lagebild sources disable: no source {args.key!r}", file=sys.stderr)
        return 1
    print(f"{args.key} disabled")
    return 0


def cmd_sources_check(args) -> int:
    """Fetch the source's feeds now, as the crawler would, and say what came back."""
    from pipeline.sources import check_feed

    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("""SELECT f.url, f.kind, s.is_local FROM crawl.source s JOIN crawl.feed f ON f.source_key = s.key
                        WHERE s.key = %s ORDER BY f.id""", (args.key,))
        rows = cur.fetchall()
    if not rows:
        print(f"lagebild sources check: no source {args.key!r} with feeds", file=sys.stderr)
        return 1
    failed = 0
    for url, kind, is_local in rows:
        ok, summary = check_feed({"url": url, "kind": kind}, allow_local=is_local)
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {kind:<12} {url}  {summary}")
    return EXIT_SOURCES_FAILED if failed else 0


def cmd_sources_health(args) -> int:
    with db.connection() as conn:
        print(report.source_health(conn))
    return 0


def _crawl_and_process(label: str, sources, settings, force: bool = False) -> tuple:
    from pipeline.story_tracking import assign_pending
    from pipeline.tagging import tag_pending

    outcome = run_crawl(sources, settings, force=force)
    processed = process_pending()
    tagged = tag_pending()
    assigned = assign_pending()
    print(report.crawl_line(label, outcome, processed)
          + f"  tagged {tagged.counts['tagged']}  into stories {assigned}", flush=True)
    for line in report.failed_sources_lines(outcome):
        print(line, flush=True)
    return outcome, processed


def cmd_crawl(args) -> int:
    outcome = run_crawl(args.sources, dict(s.split("=", 1) for s in args.set), log_level=args.log_level,
                        force=args.all_feeds)
    feeds = report.feed_status_counts(outcome)
    print(f"crawl run {outcome.run_id}: feeds 200:{feeds['200']} 304:{feeds['304']} errors:{feeds['errors']}  "
          + report.totals_line(outcome))
    for line in report.failed_sources_lines(outcome):
        print(line)
    return EXIT_SOURCES_FAILED if outcome.failed_sources else 0


def cmd_process(args) -> int:
    result = process_pending(reprocess=args.reprocess)
    print("articles " + " ".join(f"{k} {result.counts[k]}" for k in report.OUTCOMES))
    for url, error in result.errors[:20]:
        print(f"  ! {url}: {error}")
    return 0


def cmd_tag(args) -> int:
    """Entities (and, per sentence, events and quotes) of the text on stdin, as JSON."""
    from pipeline.tagging import analyse_text

    text = sys.stdin.read()
    print(json.dumps(analyse_text(text, args.published), ensure_ascii=False, indent=2, default=_json_default))
    return 0


def cmd_tag_articles(args) -> int:
    from pipeline.tagging import tag_pending

    result = tag_pending()
    print(f"articles tagged {result.counts['tagged']}, near-duplicates grouped {result.counts['near_duplicates']}")
    return 0


def cmd_story(args) -> int:
    with db.connection() as conn:
        return _print_story(conn, args.query, args.chart)


def _print_story(conn, query: str, chart_path: Path) -> int:
    from pipeline.story_report import chart, find_story, timeline

    story_id = find_story(conn, query)
    if story_id is None:
        print(f"lagebild story: no story matches {query!r}", file=sys.stderr)
        return 1
    print(timeline(conn, story_id))
    chart_path.parent.mkdir(parents=True, exist_ok=True)
    chart(conn, story_id, chart_path)
    print(f"  chart: {chart_path}")
    return 0


def cmd_similar(args) -> int:
    """Same-story similarity of two text files (first line: headline, then the text)."""
    from pipeline.stories import similarity

    def article(path: Path) -> dict:
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        return {"title": title.strip(), "text": text}

    print(f"{similarity(article(args.a), article(args.b)):.3f}")
    return 0


def cmd_extract(args) -> int:
    try:
        article = extract_article(Path(args.page).read_bytes(), args.url)
    except ExtractionError as exc:
        print(f"lagebild extract: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(article, ensure_ascii=False, indent=2, default=_json_default))
    return 0


def cmd_run(args) -> int:
    """The job against the live sources of the registry."""
    from crawler import registry

    db.migrate()
    with db.connection() as conn:
        registry.sync(conn, registry.load(config.sources_file()))
    started = time.monotonic()
    outcome, _ = _crawl_and_process(dt.date.today().isoformat(), args.sources, {})
    with db.connection() as conn:
        print(report.articles_by_day_and_outlet(conn))
    failed = outcome.failed_sources
    print(f"{len(outcome.stats.get('sources', {})) - len(failed)} sources ok, {len(failed)} failed "
          f"({time.monotonic() - started:.0f} s)")
    return EXIT_SOURCES_FAILED if failed else 0


def cmd_demo(args) -> int:
    """Replays the bundled week of news day by day through crawl → extract → clean → PostgreSQL."""
    from crawler import registry
    from replay import corpus
    from replay.server import ReplayServer

    started = time.monotonic()
    applied = db.migrate()
    print(f"database {config.database_url()}: {len(applied)} migrations applied")
    days = corpus.days()
    server = ReplayServer(days[0], base_port=args.port).start()
    try:
        with db.connection() as conn:
            registry.sync(conn, server.registry())
        print(f"replay: {len(corpus.outlets())} outlets, {len(corpus.articles())} articles, "
              f"{days[0]} … {days[-1]}, served from {server.base_url(next(iter(corpus.outlets())))}")
        for day in days:
            server.day = day
            # Each replay day is hours of news in seconds: every feed is due.
            _crawl_and_process(day.isoformat(), list(corpus.outlets()), REPLAY_SETTINGS, force=True)
    finally:
        server.stop()
    with db.connection() as conn:
        print("\narticles per publication day and outlet")
        print(report.articles_by_day_and_outlet(conn))
        print("\nwho and what the articles are about")
        print(report.top_entities(conn))
        print("\nevents by CAMEO root code")
        print(report.event_counts(conn))
        print(f"\nlagebild story \"{DEMO_STORY_QUERY}\"")
        _print_story(conn, DEMO_STORY_QUERY, DEMO_CHART)
    print(f"\ndone in {time.monotonic() - started:.1f} s")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lagebild", description="German news into PostgreSQL, story by story.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="replay the bundled news week offline, end to end")
    p.add_argument("--port", type=int, default=int(os.environ.get("LAGEBILD_REPLAY_PORT", 8400)),
                   help="first port of the replay server (default 8400; one port per outlet)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", help="crawl the live sources of the registry and process what arrived")
    p.add_argument("--sources", type=lambda s: s.split(","), help="comma-separated source keys (default: all enabled)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("crawl", help="crawl feeds and fetch new article pages (Scrapy, in a subprocess)")
    p.add_argument("--sources", type=lambda s: s.split(","), help="comma-separated source keys (default: all enabled)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting")
    p.add_argument("--log-level", default="INFO")
    p.add_argument("--all-feeds", action="store_true",
                   help="fetch every feed now, due or not, and ignore open circuit breakers")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("process", help="extract and clean stored pages into articles")
    p.add_argument("--reprocess", action="store_true", help="re-extract every stored page (after an extractor change)")
    p.set_defaults(func=cmd_process)

    p = sub.add_parser("tag", help="print entities, events and quotes of German text on stdin as JSON")
    p.add_argument("--published", type=dt.date.fromisoformat, default=dt.date.today(),
                   help="publication date that relative dates are resolved against (default: today)")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("tag-articles", help="tag stored articles not yet tagged by this tagger version")
    p.set_defaults(func=cmd_tag_articles)

    p = sub.add_parser("story", help="find a story by German full-text query and print its timeline")
    p.add_argument("query", help='e.g. "Putin Pjöngjang" (websearch syntax: quotes, OR, -word)')
    p.add_argument("--chart", type=Path, default=Path("out/story.png"), help="where to write the PNG timeline chart")
    p.set_defaults(func=cmd_story)

    p = sub.add_parser("similar", help="same-story similarity in [0, 1] of two text files (headline on line 1)")
    p.add_argument("a", type=Path)
    p.add_argument("b", type=Path)
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("extract", help="print the article extracted from an HTML file as JSON")
    p.add_argument("page", help="path to the HTML file")
    p.add_argument("--url", required=True, help="the page's URL (resolves relative links, canonical URL)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("db", help="database administration")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser("migrate", help="create the database if needed and apply migrations").set_defaults(func=cmd_migrate)

    p = sub.add_parser("sources", help="the sources registry")
    ssub = p.add_subparsers(dest="sources_command", required=True)
    q = ssub.add_parser("sync", help="load the registry file into PostgreSQL")
    q.add_argument("--file", type=Path, default=config.sources_file())
    q.set_defaults(func=cmd_sources_sync)
    ssub.add_parser("list", help="sources with their feeds' last status").set_defaults(func=cmd_sources_list)
    q = ssub.add_parser("add", help="add a publisher: feeds from its homepage's <link rel=alternate>, sitemaps from robots.txt")
    q.add_argument("url", help="the publisher's homepage")
    q.add_argument("--key", help="source key (default: from the host name)")
    q.add_argument("--name", help="display name (default: og:site_name or <title>)")
    q.add_argument("--country", help="de, at, ch, …")
    q.add_argument("--local", action="store_true", help="a server on this machine or network (allows private addresses)")
    q.add_argument("--file", type=Path, default=config.sources_file())
    q.set_defaults(func=cmd_sources_add)
    q = ssub.add_parser("disable", help="stop crawling a source (registry file and database)")
    q.add_argument("key")
    q.add_argument("--file", type=Path, default=config.sources_file())
    q.set_defaults(func=cmd_sources_disable)
    q = ssub.add_parser("check", help="fetch a source's feeds now and report what came back")
    q.add_argument("key")
    q.set_defaults(func=cmd_sources_check)
    ssub.add_parser("health", help="per source: last success, error streak, articles per day, next fetch").set_defaults(
        func=cmd_sources_health)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except psycopg2.OperationalError as exc:
        print(f"lagebild: PostgreSQL unreachable at {config.database_url()}: {str(exc).strip().splitlines()[0]}",
              file=sys.stderr)
    except (CrawlError, OSError, ValueError) as exc:
        print(f"lagebild: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
