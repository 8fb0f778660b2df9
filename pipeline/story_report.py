"""`lagebild story QUERY`: find the story an analyst means and print how it developed, day by day."""
from __future__ import annotations

import psycopg2.extras

CAMEO_NAMES = {"01": "Erklärung", "02": "Appell", "03": "Absichtserklärung", "04": "Treffen/Besuch",
               "05": "diplomatische Zusammenarbeit", "06": "materielle Zusammenarbeit", "07": "Hilfe/Lieferungen",
               "08": "Nachgeben", "09": "Ermittlung", "10": "Forderung", "11": "Kritik/Vorwurf", "12": "Ablehnung",
               "13": "Drohung", "14": "Protest", "15": "Machtdemonstration", "16": "Sanktionen/Abbruch",
               "17": "Zwang", "18": "Angriff", "19": "Kampf", "20": "Massengewalt"}


def find_story(conn, query: str) -> int | None:
    """The story with the most articles matching the German full-text query (websearch syntax)."""
    with conn.cursor() as cur:
        cur.execute(
            """SELECT sa.story_id FROM news.article a JOIN news.story_article sa ON sa.article_id = a.id
                WHERE a.search_folded @@ websearch_to_tsquery('analytics.german_folded', %s)
                GROUP BY sa.story_id ORDER BY count(*) DESC, sa.story_id LIMIT 1""",
            (query,),
        )
        row = cur.fetchone()
    return row[0] if row else None


def timeline(conn, story_id: int) -> str:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT * FROM news.story WHERE id = %s", (story_id,))
        story = cur.fetchone()
        cur.execute("SELECT * FROM analytics.story_timeline WHERE story_id = %s ORDER BY day", (story_id,))
        days = cur.fetchall()
        cur.execute(
            """SELECT day, name FROM (
                 SELECT DISTINCT ON (e.name) (a.published_at AT TIME ZONE 'Europe/Berlin')::date AS day, e.name, e.salience
                   FROM news.article_entity e JOIN news.story_article sa ON sa.article_id = e.article_id
                   JOIN news.article a ON a.id = e.article_id
                  WHERE sa.story_id = %s AND e.label = 'PER' AND e.salience >= 0.2
                  ORDER BY e.name, a.published_at) first
                ORDER BY day, salience DESC""",
            (story_id,),
        )
        new_actors: dict = {}
        for row in cur.fetchall():
            new_actors.setdefault(row["day"], []).append(row["name"])
    lines = [f"Story {story_id}: {story['label']}",
             f"  {story['article_count']} articles, {len(story['outlets'])} outlets, "
             f"{story['first_seen']:%d.%m.%Y} – {story['last_seen']:%d.%m.%Y}",
             "  about: " + ", ".join(e["name"] for e in story["top_entities"][:6])]
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
    """A PNG: articles per day stacked by outlet, and the day's main event types as markers above."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    with conn.cursor() as cur:
        cur.execute(
            """SELECT (a.published_at AT TIME ZONE 'Europe/Berlin')::date, a.source_key, count(*)
                 FROM news.story_article sa JOIN news.article a ON a.id = sa.article_id
                WHERE sa.story_id = %s GROUP BY 1, 2 ORDER BY 1, 2""",
            (story_id,),
        )
        rows = cur.fetchall()
        cur.execute("SELECT label FROM news.story WHERE id = %s", (story_id,))
        label = cur.fetchone()[0]
        cur.execute("SELECT day, event_codes FROM analytics.story_timeline WHERE story_id = %s ORDER BY day",
                    (story_id,))
        codes = dict(cur.fetchall())
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
