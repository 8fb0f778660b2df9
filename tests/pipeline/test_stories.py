"""Story similarity and the online clusterer, without a database (see bench/stories_eval.py)."""
import datetime as dt
import math
import random
import subprocess
import sys

from bench import stories_eval
from pipeline.stories import (
    REVIVAL_CANDIDATES_PER_ENTITY, OnlineClusterer, Sketches, Story, Storyline, cosine, similarity, vector,
)
from replay import corpus


def article(corpus_article):
    return {"title": corpus_article.title, "text": corpus_article.body, "published_at": corpus_article.published}


def by_story(story):
    return [a for a in corpus.articles() if a.story == story]


def test_same_story_scores_higher_than_another_story():
    pact = by_story("putin-nordkorea-besuch")
    football = by_story("em2024-deutschland-ungarn")
    same = similarity(article(pact[0]), article(pact[1]))
    other = similarity(article(pact[0]), article(football[0]))
    assert 0.0 <= other < same <= 1.0
    assert similarity(article(pact[0]), article(pact[1])) == similarity(article(pact[1]), article(pact[0]))


def test_time_distance_lowers_similarity():
    a, b = (article(x) for x in by_story("putin-nordkorea-besuch")[:2])
    later = {**b, "published_at": b["published_at"] + dt.timedelta(days=300)}
    assert similarity(a, later) < similarity(a, b) / 10


def test_clusterer_is_deterministic_for_an_arrival_order():
    items = stories_eval.articles()[:40]
    runs = []
    for _ in range(2):
        clusterer = OnlineClusterer()
        runs.append([clusterer.add(a) for a in items])
    assert runs[0] == runs[1]


def test_quality_on_the_replay_corpus():
    result = stories_eval.evaluate()
    # Measured with the defaults: BCubed F1 0.864 against stories, 0.985 against storylines.
    assert result["bcubed"][2] >= 0.85
    assert result["bcubed_storylines"][2] >= 0.97


def test_stories_inside_a_storyline_are_linked():
    clusterer = OnlineClusterer()
    results = [clusterer.assign(a) for a in stories_eval.articles() if a["storyline"] == "russland-nordkorea-2024"]
    assert len({r.storyline.id for r in results}) == 1
    stories = {r.story.id for r in results}
    links = [link for r in results for link in r.links]
    assert len(stories) >= 2
    # Every story after the first was opened as a follow-up of one before it, with a confidence.
    assert {link.to_story for link in links} == stories - {results[0].story.id}
    assert all(link.relation == "follow-up" and 0 < link.confidence <= 1 for link in links)
    assert [e.kind for r in results for e in r.events].count("opened") == len(stories)


def _article(title, text, day):
    return {"title": title, "text": text, "published_at": dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=day),
            "entities": {"Q7747", "Q423"}}


PACT = ("Putin und Kim unterzeichnen Beistandspakt",
        "Russland und Nordkorea haben in Pjöngjang einen Vertrag über gegenseitigen Beistand im Angriffsfall unterzeichnet.")


def test_a_dormant_storyline_is_revived_by_its_subject():
    clusterer = OnlineClusterer()
    first = clusterer.assign(_article(*PACT, day=0))
    later = clusterer.assign(_article("Russlands Duma ratifiziert den Beistandspakt mit Nordkorea",
                                      PACT[1] + " Die Duma hat den Vertrag ratifiziert.", day=40))
    # Weeks later it is a new story of the same storyline, continuing the first.
    assert later.storyline is first.storyline and later.story is not first.story
    assert [(link.from_story, link.to_story, link.relation) for link in later.links] == [
        (first.story.id, later.story.id, "continuation")]


def test_dormant_storylines_leave_the_comparison():
    clusterer = OnlineClusterer()
    for day in range(60):
        clusterer.assign(_article(f"Meldung {day}", f"Thema{day} Ereignis{day} Ort{day} Sache{day}", day))
    assert len(clusterer.active_storylines) <= 8  # about a week of news, not two months


def test_revival_candidates_are_the_most_recently_dormant_storylines_of_an_entity():
    clusterer = OnlineClusterer()
    days = range(REVIVAL_CANDIDATES_PER_ENTITY + 10)
    words = ["".join("bcdfghjklp"[int(digit)] for digit in str(day)) + "x" for day in days]  # stems of their own
    subjects = [dict(_article(f"Sache{w}", f"Thema{w} Ereignis{w} Ort{w} Sache{w}", day),
                     entities={"Q7747", f"Q{1000 + day}"}) for day, w in enumerate(words)]
    lines = [clusterer.assign(a).storyline for a in subjects]
    assert len(set(map(id, lines))) == len(subjects)
    # Months later, the subjects return, found only through the entity they all share.
    newest, oldest = (dict(subjects[i], published_at=subjects[i]["published_at"] + dt.timedelta(days=200),
                           entities={"Q7747"}) for i in (-1, 0))
    assert clusterer.assign(newest).storyline is lines[-1]
    # However often an entity was in the news, an article is compared with a bounded number of its
    # dormant storylines: the oldest return no more.
    assert all(clusterer.assign(oldest).storyline is not line for line in lines)


def test_among_many_dormant_storylines_of_an_entity_the_one_an_article_continues_is_revived():
    clusterer = OnlineClusterer()
    days = range(REVIVAL_CANDIDATES_PER_ENTITY)
    words = ["".join("bcdfghjklp"[int(digit)] for digit in str(day)) + "x" for day in days]
    subjects = [dict(_article(f"Sache{w}", f"Thema{w} Ereignis{w} Ort{w} Sache{w}", day),
                     entities={"Q7747", f"Q{1000 + day}"}) for day, w in enumerate(words)]
    lines = [clusterer.assign(a).storyline for a in subjects]
    # More candidates than are scored exactly: the sketches must rank the right one among the few.
    for i in (3, 17, 29):
        returning = dict(subjects[i], published_at=subjects[i]["published_at"] + dt.timedelta(days=200),
                         entities={"Q7747"})
        assert clusterer.assign(returning).storyline is lines[i]
    # Only revival candidates keep a sketch; the storyline just revived is active, not a candidate.
    candidates = {i for dormant in clusterer._dormant_by_entity.values() for i in dormant}
    assert sorted(clusterer._dormant_sketches.ids) == sorted(candidates)
    assert lines[29].id not in candidates and lines[3].id in candidates


def test_an_article_fitting_two_alike_stories_merges_them_from_then_on():
    line = Storyline(1, size=2)
    text = vector(*PACT)
    older = Story(1, dict(text), first_seen=_article(*PACT, day=0)["published_at"], size=1, storyline_id=1)
    younger = Story(2, dict(text), first_seen=_article(*PACT, day=1)["published_at"], size=1, storyline_id=1)
    line.centroid = dict(text)
    clusterer = OnlineClusterer(storylines=[line], stories=[older, younger])
    result = clusterer.assign(_article(*PACT, day=1))
    assert result.story is older and older.size == 3
    assert [(e.story_id, e.kind, e.other_story_id) for e in result.events] == [(2, "merged", 1)]
    assert clusterer.assign(_article(*PACT, day=2)).story is older


def test_similar_command(tmp_path):
    a, b = by_story("haushalt-2025-streit")[:2]
    (tmp_path / "a.txt").write_text(f"{a.title}\n{a.body}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{b.title}\n{b.body}", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "similar", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
                         capture_output=True, text=True, check=True).stdout
    assert 0.0 < float(out) <= 1.0


NOW = dt.datetime(2024, 6, 20, tzinfo=dt.timezone.utc)


def _random_stories(rng, count, words, hours_back):
    return [Story(i, {w: rng.random() for w in rng.sample(words, 200)},
                  last_seen=NOW - dt.timedelta(hours=rng.uniform(0, hours_back)), size=1) for i in range(count)]


def test_sketches_rank_the_most_similar_story_in_reach_among_their_few_candidates():
    rng = random.Random(7)
    words = [f"thema{i}" for i in range(3000)]
    stories = _random_stories(rng, 300, words, hours_back=400)
    sketches = Sketches()
    for story in stories:
        sketches.put(story)
    in_reach = [s for s in stories if s.days_since(NOW) <= 10]
    for story in in_reach[:60]:
        # Half of a story's words and as many others: similar to it, and a little to everything.
        query = dict(rng.sample(sorted(story.centroid.items()), 100))
        query.update({w: rng.random() for w in rng.sample(words, 100)})
        exact = max(in_reach, key=lambda s: cosine(query, s.centroid) * math.exp(-s.days_since(NOW) / 5))
        ranked = sketches.best_in_reach(query, NOW, reach_days=10, time_scale_days=5, n=16)
        assert len(ranked) == 16 and exact.id in ranked
        assert all(stories[i].days_since(NOW) <= 10 for i in ranked)


def test_sketches_forget_stories_last_seen_before_the_horizon():
    rng = random.Random(8)
    words = [f"thema{i}" for i in range(3000)]
    stories = _random_stories(rng, 64, words, hours_back=1000)
    stories.append(Story(64, {"ohne": 1.0, "datum": 1.0}, size=1))
    sketches = Sketches()
    for story in stories:
        sketches.put(story)
    horizon = NOW - dt.timedelta(hours=500)
    sketches.forget_before(horizon.timestamp())
    kept = [s for s in stories if s.last_seen is None or s.last_seen >= horizon]
    assert 0 < len(kept) < len(stories) and sorted(sketches.ids) == [s.id for s in kept]
    # Rows moved into the gaps still belong to their stories: each is its own best match.
    for story in kept[:-1]:
        assert sketches.best_in_reach(story.centroid, NOW, reach_days=1e9, time_scale_days=1e9, n=1) == [story.id]
