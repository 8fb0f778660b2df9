"""Does story clustering stay cheap as the archive grows? Per-article cost at 10k, 100k and 1M articles.

Synthetic articles (bench/synthetic_corpus.py, ~1,400 a day, entities given) stream through one
OnlineClusterer in publication order. At each checkpoint the mean cost of assigning the last `--window`
articles is reported, with its ratio to the first checkpoint's (the baseline, same process). Generating
the articles is not timed.

    .venv/bin/python -m bench.story_scale --checkpoints 10000 100000 1000000
"""
from __future__ import annotations

import argparse
import time

from bench.synthetic_corpus import articles
from pipeline.stories import OnlineClusterer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoints", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--window", type=int, default=2_000, help="articles timed before each checkpoint")
    args = parser.parse_args()
    checkpoints = sorted(args.checkpoints)
    clusterer = OnlineClusterer()
    baseline = None
    window_seconds, started = 0.0, time.perf_counter()
    for number, article in enumerate(articles(checkpoints[-1]), 1):
        t0 = time.perf_counter()
        clusterer.assign(article)
        elapsed = time.perf_counter() - t0
        if number > checkpoints[0] - args.window and any(c - args.window < number <= c for c in checkpoints):
            window_seconds += elapsed
        if number in checkpoints:
            per_article = window_seconds / args.window * 1000
            baseline = baseline or per_article
            print(f"{number:>9,} articles: {per_article:6.2f} ms per article (last {args.window:,}), "
                  f"ratio {per_article / baseline:.2f} to {checkpoints[0]:,}; "
                  f"{len(clusterer.active_storylines):,} active of {len(clusterer.storylines):,} storylines, "
                  f"{len(clusterer.stories):,} stories; {time.perf_counter() - started:,.0f} s so far", flush=True)
            window_seconds = 0.0


if __name__ == "__main__":
    main()
