"""How well story similarity ranks hand-labelled article pairs (bench/gold/story_pairs.yaml).

Each pair carries a graded same-story label: 1 = same event (two outlets, or an update), 2 = same story,
different development, 3 = same topic, different event, 4 = unrelated. Prints the mean
`pipeline.stories.similarity` per grade and the Pearson correlation between similarity and 5 - grade.

    .venv/bin/python bench/story_pairs_eval.py [--path bench/gold/story_pairs.yaml] [--pairs]
"""
from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import yaml

from pipeline.stories import similarity

GOLD = Path(__file__).resolve().parent / "gold" / "story_pairs.yaml"


def article(raw: dict) -> dict:
    published = raw["published"]
    if not isinstance(published, dt.datetime):
        published = dt.datetime.fromisoformat(str(published))
    if published.tzinfo is None:
        raise ValueError(f"published without offset: {raw['published']!r}")
    return {"title": raw["title"], "text": raw["text"], "published_at": published}


def load(path: Path | str = GOLD) -> list[dict]:
    pairs = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for pair in pairs:
        if pair["grade"] not in (1, 2, 3, 4):
            raise ValueError(f"{pair['id']}: grade must be 1–4, not {pair['grade']!r}")
    return pairs


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    return cov / math.sqrt(vx * vy) if vx and vy else float("nan")


def evaluate(path: Path | str = GOLD) -> dict:
    """{"pearson": r(similarity, 5 - grade), "mean_by_grade": {grade: mean}, "pairs": [(id, grade, sim)]}"""
    scored = []
    for pair in load(path):
        scored.append((pair["id"], pair["grade"], similarity(article(pair["a"]), article(pair["b"]))))
    by_grade: dict[int, list[float]] = {}
    for _, grade, sim in scored:
        by_grade.setdefault(grade, []).append(sim)
    return {
        "pearson": pearson([s for _, _, s in scored], [5 - g for _, g, _ in scored]),
        "mean_by_grade": {g: sum(v) / len(v) for g, v in sorted(by_grade.items())},
        "count_by_grade": {g: len(v) for g, v in sorted(by_grade.items())},
        "pairs": scored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=str(GOLD))
    parser.add_argument("--pairs", action="store_true", help="also print every pair's similarity")
    args = parser.parse_args()
    result = evaluate(args.path)
    if args.pairs:
        for pair_id, grade, sim in result["pairs"]:
            print(f"{pair_id}  grade {grade}  {sim:.3f}")
        print()
    print("grade  pairs  mean similarity")
    for grade, mean in result["mean_by_grade"].items():
        print(f"{grade:>5}  {result['count_by_grade'][grade]:>5}  {mean:.3f}")
    print(f"Pearson r(similarity, 5 - grade) = {result['pearson']:.3f}  over {len(result['pairs'])} pairs")


if __name__ == "__main__":
    main()
