"""Does story clustering stay cheap as the archive grows? Per-article cost at 10k, 100k and 1M articles.

Synthetic articles (bench/synthetic_corpus.py, ~1,400 a day, entities given) stream through one
OnlineClusterer in publication order. At each checkpoint the mean cost of assigning the last `--window`
articles is reported in CPU time of the clustering thread and in wall time. The baseline, the first
checkpoint's window, is timed again beside every checkpoint (from a copy of the clusterer as it was
then), and the ratio compares the two: other work on the machine slows both alike. Generating the
articles is not timed: another process writes them, so that a 1M run takes the clustering's time.

    .venv/bin/python -m bench.story_scale --checkpoints 10000 100000 1000000
"""
from __future__ import annotations

import argparse
import copy
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


class _Counter:
    """Ids for new clusters that a deep copy of the clusterer copies along (unlike the default lambdas)."""

    def __init__(self):
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def _cost(clusterer: OnlineClusterer, window: list[dict]) -> tuple[float, float]:
    """CPU and wall milliseconds per article of assigning `window` in order."""
    cpu, wall = time.thread_time(), time.perf_counter()
    for article in window:
        clusterer.assign(article)
    return ((time.thread_time() - cpu) / len(window) * 1000, (time.perf_counter() - wall) / len(window) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoints", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--window", type=int, default=2_000, help="articles timed before each checkpoint")
    args = parser.parse_args()
    checkpoints = sorted(args.checkpoints)
    clusterer = OnlineClusterer(new_story_id=_Counter().next, new_storyline_id=_Counter().next)
    baseline_state, baseline_window, window = None, None, []
    started = time.perf_counter()
    for number, article in enumerate(_articles_from_another_process(checkpoints[-1]), 1):
        if not any(c - args.window < number <= c for c in checkpoints):
            clusterer.assign(article)
            continue
        if baseline_state is None:  # the first checkpoint's state, to time its window again beside each later one
            baseline_state = copy.deepcopy(clusterer)
        window.append(article)
        if number not in checkpoints:
            continue
        baseline_window = baseline_window or list(window)
        cpu, wall = _cost(clusterer, window)
        # Measured again now, so that both figures see the same load on the machine.
        baseline_cpu, _ = _cost(copy.deepcopy(baseline_state), baseline_window)
        print(f"{number:>9,} articles: {cpu:6.2f} ms CPU per article (last {args.window:,}; wall {wall:.2f} ms); "
              f"{checkpoints[0]:,} measured beside it {baseline_cpu:.2f} ms, ratio {cpu / baseline_cpu:.2f}; "
              f"{len(clusterer.active_storylines):,} active of {len(clusterer.storylines):,} storylines, "
              f"{len(clusterer.stories):,} stories; {time.perf_counter() - started:,.0f} s so far", flush=True)
        window = []


if __name__ == "__main__":
    main()
