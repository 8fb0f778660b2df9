"""Does story clustering stay cheap as the archive grows? Per-article cost at 10k, 100k and 1M articles.

Synthetic articles (bench/synthetic_corpus.py, ~1,400 a day, entities given) stream through one
OnlineClusterer in publication order. At each checkpoint the mean cost of assigning the last `--window`
articles is reported in CPU time (what other work on the machine does not change) and wall time, with
the CPU time's ratio to the first checkpoint's (the baseline, same process). Generating the articles is
not timed: another process writes them, so that a 1M run takes the clustering's time.

    .venv/bin/python -m bench.story_scale --checkpoints 10000 100000 1000000
"""
from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Iterator

from bench.synthetic_corpus import articles
from pipeline.stories import OnlineClusterer


def _generate(n: int, queue: multiprocessing.Queue) -> None:
    batch = []
    for article in articles(n):
        batch.append(article)
        if len(batch) == 500:
            queue.put(batch)
            batch = []
    queue.put(batch)
    queue.put(None)


def _articles_from_another_process(n: int) -> Iterator[dict]:
    queue = multiprocessing.Queue(maxsize=20)
    multiprocessing.Process(target=_generate, args=(n, queue), daemon=True).start()
    while (batch := queue.get()) is not None:
        yield from batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoints", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--window", type=int, default=2_000, help="articles timed before each checkpoint")
    args = parser.parse_args()
    checkpoints = sorted(args.checkpoints)
    clusterer = OnlineClusterer()
    baseline = None
    cpu_seconds, wall_seconds, started = 0.0, 0.0, time.perf_counter()
    for number, article in enumerate(_articles_from_another_process(checkpoints[-1]), 1):
        cpu, wall = time.thread_time(), time.perf_counter()
        clusterer.assign(article)
        if any(c - args.window < number <= c for c in checkpoints):
            cpu_seconds += time.thread_time() - cpu
            wall_seconds += time.perf_counter() - wall
        if number in checkpoints:
            per_article = cpu_seconds / args.window * 1000
            baseline = baseline or per_article
            print(f"{number:>9,} articles: {per_article:6.2f} ms CPU per article (last {args.window:,}; "
                  f"wall {wall_seconds / args.window * 1000:.2f} ms), ratio {per_article / baseline:.2f} to {checkpoints[0]:,}; "
                  f"{len(clusterer.active_storylines):,} active of {len(clusterer.storylines):,} storylines, "
                  f"{len(clusterer.stories):,} stories; {time.perf_counter() - started:,.0f} s so far", flush=True)
            cpu_seconds = wall_seconds = 0.0


if __name__ == "__main__":
    main()
