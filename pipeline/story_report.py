"""`lagebild story QUERY`: find the story an analyst means and print how it developed, day by day."""
from __future__ import annotations

import psycopg2.extras

CAMEO_NAMES = {"01": "Erklärung", "02": "Appell", "03": "Absichtserklärung", "04": "Treffen/Besuch",
               "05": "diplomatische Zusammenarbeit", "06": "materielle Zusammenarbeit", "07": "Hilfe/Lieferungen",
               "08": "Nachgeben", "09": "Ermittlung", "10": "Forderung", "11": "Kritik/Vorwurf", "12": "Ablehnung",
               "13": "Drohung", "14": "Protest", "15": "Machtdemonstration", "16": "Sanktionen/Abbruch",
               "17": "Zwang", "18": "Angriff", "19": "Kampf", "20": "Massengewalt"}


def find_story(conn, query: str) -> int | None:
    """The story with the most articles matching the query: German full text (websearch syntax), or every
    entity the query names ("Kremlchef Pyongyang" finds articles that write "Putin" and "Pjöngjang")."""
    from pipeline.entities import tag

    qids = sorted({m["qid"] for m in tag(query) if m["qid"]})
    with conn.cursor() as cur:
        cur.execute(
            """SELECT sa.story_id FROM news.article a JOIN news.story_article sa ON sa.article_id = a.id
                WHERE a.search_folded @@ websearch_to_tsquery('analytics.german_folded', %(query)s)
                   OR (cardinality(%(qids)s::text[]) > 0
                       AND (SELECT count(DISTINCT e.qid) FROM news.article_entity e
                             WHERE e.article_id = a.id AND e.qid = ANY(%(qids)s)) = cardinality(%(qids)s::text[]))
                GROUP BY sa.story_id ORDER BY count(*) DESC, sa.story_id LIMIT 1""",
            {"query": query, "qids": qids},
        )
        row = cur.fetchone()
    return row[0] if row else None


def _storyline(cur, story_id: int) -> tuple[dict, list[dict]]:
    """The storyline of a story, and its stories in order of first appearance."""
    cur.execute("SELECT l.* FROM news.storyline l JOIN news.story s ON s.storyline_id = l.id WHERE s.id = %s",
                (story_id,))
    line = cur.fetchone()
    cur.execute(
        """SELECT s.*, l.relation, l.from_story_id FROM news.story s
             LEFT JOIN news.storyline_link l ON l.to_story_id = s.id
            WHERE s.storyline_id = %s ORDER BY s.first_seen, s.id""",
        (line["id"],),
    )
    return line, cur.fetchall()


def timeline(conn, story_id: int) -> str:
    """The storyline of the story, day by day: counts, outlets, first headline, new actors, key events.
    A storyline of one story prints as that story."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        line, stories = _storyline(cur, story_id)
        story_ids = [s["id"] for s in stories]
        cur.execute("SELECT * FROM analytics.storyline_timeline WHERE storyline_id = %s ORDER BY day", (line["id"],))
        days = cur.fetchall()
        cur.execute(
            """SELECT day, name FROM (
                 SELECT DISTINCT ON (e.name) (a.published_at AT TIME ZONE 'Europe/Berlin')::date AS day, e.name, e.salience
                   FROM news.article_entity e JOIN news.story_article sa ON sa.article_id = e.article_id
                   JOIN news.article a ON a.id = e.article_id
                  WHERE sa.story_id = ANY(%s) AND e.label = 'PER' AND e.salience >= 0.2
                  ORDER BY e.name, a.published_at) first
                ORDER BY day, salience DESC""",
            (story_ids,),
        )
        new_actors: dict = {}
        for row in cur.fetchall():
            new_actors.setdefault(row["day"], []).append(row["name"])
        cur.execute(
            """SELECT e.name, sum(e.salience) AS weight FROM news.article_entity e
                 JOIN news.story_article sa ON sa.article_id = e.article_id
                WHERE sa.story_id = ANY(%s) GROUP BY e.name ORDER BY weight DESC LIMIT 6""",
            (story_ids,),
        )
        about = [r["name"] for r in cur.fetchall()]
    outlets = sorted({o for day in days for o in day["outlets"]})
    if len(stories) == 1:
        lines = [f"Story {story_id}: {stories[0]['label']}"]
    else:
        lines = [f"Storyline {line['id']}: {line['label']} — {len(stories)} stories"]
    lines += [f"  {line['article_count']} articles, {len(outlets)} outlets, "
              f"{line['first_seen']:%d.%m.%Y} – {line['last_seen']:%d.%m.%Y}",
              "  about: " + ", ".join(about)]
    if len(stories) > 1:
        number = {s["id"]: n for n, s in enumerate(stories, 1)}
        for s in stories:
            how = f"  ({s['relation']} of [{number[s['from_story_id']]}])" if s["from_story_id"] in number else ""
            merged = f"  (merged into [{number[s['merged_into']]}])" if s["merged_into"] in number else ""
            lines.append(f"  [{number[s['id']]}] {s['first_seen']:%d.%m.} {s['article_count']:>3} articles  "
                         f"{s['label']}{how}{merged}")
    for day in days:
        codes = sorted((day["event_codes"] or {}).items(), key=lambda kv: -kv[1])[:3]
        events = ", ".join(f"{CAMEO_NAMES[c]} {n}" for c, n in codes)
        lines.append(f"  {day['day']:%a %d.%m.}  {day['articles']:>3} articles  {len(day['outlets'])} outlets  "
                     f"{day['first_headline']}")
        if new_actors.get(day["day"]):
            lines.append(f"                 new: {', '.join(new_actors[day['day']][:5])}")
        if events:
            lines.append(f"                 events: {events}")
    return "\n".join(lines)


def chart(conn, story_id: int, path) -> None:
    """A PNG for the story's storyline: articles per day stacked by outlet, and the day's main event types
    as markers above."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        line, stories = _storyline(cur, story_id)
    with conn.cursor() as cur:
        cur.execute(
            """SELECT (a.published_at AT TIME ZONE 'Europe/Berlin')::date, a.source_key, count(*)
                 FROM news.story_article sa JOIN news.article a ON a.id = sa.article_id
                WHERE sa.story_id = ANY(%s) GROUP BY 1, 2 ORDER BY 1, 2""",
            ([s["id"] for s in stories],),
        )
        rows = cur.fetchall()
        cur.execute("SELECT day, event_codes FROM analytics.storyline_timeline WHERE storyline_id = %s ORDER BY day",
                    (line["id"],))
        codes = dict(cur.fetchall())
    label = line["label"]
    days = sorted({r[0] for r in rows})
    outlets = sorted({r[1] for r in rows})
    counts = {(r[0], r[1]): r[2] for r in rows}
    figure, axes = plt.subplots(figsize=(10, 5))
    bottoms = [0] * len(days)
    for outlet in outlets:
        heights = [counts.get((d, outlet), 0) for d in days]
        axes.bar([d.strftime("%a %d.%m.") for d in days], heights, bottom=bottoms, label=outlet)
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    for x, day in enumerate(days):
        # Plain statements (01) are in every day's news; the markers show what else happened.
        top = sorted(((c, n) for c, n in (codes.get(day) or {}).items() if c != "01"), key=lambda kv: -kv[1])[:2]
        if top:
            axes.annotate("\n".join(CAMEO_NAMES[c] for c, _ in top), (x, bottoms[x]), textcoords="offset points",
                          xytext=(0, 4), ha="center", fontsize=7)
    axes.set_ylim(0, max(bottoms, default=1) * 1.35)
    axes.set_ylabel("Artikel")
    axes.set_title(label, fontsize=10)
    axes.legend(fontsize=7, ncol=4, loc="upper left")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
