-- Story of the week: the stories with the most articles from the most outlets in the last 7 days
-- before :day (default: today).
SELECT s.story_id, s.label, sum(t.articles) AS articles, count(DISTINCT o.outlet) AS outlets
  FROM analytics.stories s
  JOIN analytics.story_timeline t ON t.story_id = s.story_id
  CROSS JOIN LATERAL unnest(t.outlets) AS o(outlet)
 WHERE t.day > coalesce(%(day)s::date, current_date) - 7 AND t.day <= coalesce(%(day)s::date, current_date)
 GROUP BY s.story_id, s.label
 ORDER BY articles DESC, outlets DESC
 LIMIT 5;
