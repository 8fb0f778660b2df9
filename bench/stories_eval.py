"""Quality of the online story clusterer on the replay corpus, whose articles carry their true story label.

Articles arrive in publication order and near-duplicates join their original's story, as in production
(pipeline/story_tracking.py). Prints BCubed and pairwise precision, recall and F1 for a range of
thresholds, and BCubed F1 against the coarser storyline labels (stories that continue each other, e.g.
the visit, the reactions and the arms-delivery accusations).

    .venv/bin/python bench/stories_eval.py [--story-threshold 0.16 …] [--threshold 0.20]
"""
from __future__ import annotations

import argparse
import functools
import itertools

from pipeline.entities import tag
from pipeline.near_duplicates import NearDuplicateIndex, signature
from pipeline.stories import OnlineClusterer
from replay import corpus


@functools.cache
def articles() -> list[dict]:
    found = []
    for a in corpus.articles():
        text = "\n".join(b["text"] for b in a.blocks if b["kind"] == "p")
        entities = {m["qid"] for m in tag(f"{a.title}\n{a.lead}\n{text}") if m["qid"]}
        found.append({"id": a.corpus_id, "story": a.story, "storyline": a.storyline or a.story, "title": a.title,
                      "text": f"{a.lead}\n{text}", "body": a.body, "published_at": a.published, "entities": entities})
    return found


def bcubed(truth: dict, predicted: dict) -> tuple[float, float]:
    precision = recall = 0.0
    for item in truth:
        same_pred = {i for i in predicted if predicted[i] == predicted[item]}
        same_true = {i for i in truth if truth[i] == truth[item]}
        precision += len(same_pred & same_true) / len(same_pred)
        recall += len(same_pred & same_true) / len(same_true)
    return precision / len(truth), recall / len(truth)


def pairwise(truth: dict, predicted: dict) -> tuple[float, float]:
    pairs = list(itertools.combinations(truth, 2))
    true_pairs = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    found = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    tp = len(true_pairs & found)
    return (tp / len(found) if found else 1.0), (tp / len(true_pairs) if true_pairs else 1.0)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(**settings) -> dict:
    """Scores of an OnlineClusterer(**settings) run over the corpus in publication order."""
    clusterer = OnlineClusterer(**settings)
    near_duplicates = NearDuplicateIndex()
    stories, storylines, story_of = {}, {}, {}
    for n, a in enumerate(articles()):
        minhash = signature(a["body"])
        original = near_duplicates.match(minhash)
        assignment = clusterer.assign(a, story_of[original[0]] if original else None)
        near_duplicates.add(n, minhash)
        story_of[n] = assignment.story
        stories[a["id"]], storylines[a["id"]] = assignment.story.id, assignment.storyline.id
    truth = {a["id"]: a["story"] for a in articles()}
    lines = {a["id"]: a["storyline"] for a in articles()}
    bp, br = bcubed(truth, stories)
    pp, pr = pairwise(truth, stories)
    lp, lr = bcubed(lines, storylines)
    return {"threshold": clusterer.threshold, "story_threshold": clusterer.story_threshold,
            "stories": len(set(stories.values())), "true_stories": len(set(truth.values())),
            "storylines": len(set(storylines.values())), "true_storylines": len(set(lines.values())),
            "bcubed": (bp, br, f1(bp, br)), "pairwise": (pp, pr, f1(pp, pr)), "bcubed_storylines": (lp, lr, f1(lp, lr))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story-threshold", type=float, nargs="*", default=[0.08, 0.10, 0.12, 0.14, 0.16])
    parser.add_argument("--threshold", type=float, default=0.20, help="storyline threshold")
    args = parser.parse_args()
    for story_threshold in args.story_threshold:
        r = evaluate(threshold=args.threshold, story_threshold=story_threshold)
        b, p, l = r["bcubed"], r["pairwise"], r["bcubed_storylines"]
        print(f"story threshold {story_threshold:.2f}: {r['stories']:3} stories ({r['true_stories']} labelled)  "
              f"BCubed P {b[0]:.3f} R {b[1]:.3f} F1 {b[2]:.3f}   pairwise P {p[0]:.3f} R {p[1]:.3f} F1 {p[2]:.3f}   "
              f"storylines {r['storylines']} ({r['true_storylines']} labelled) BCubed P {l[0]:.3f} R {l[1]:.3f} F1 {l[2]:.3f}")


if __name__ == "__main__":
    main()
