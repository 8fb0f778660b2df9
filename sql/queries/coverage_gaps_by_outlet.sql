-- Coverage gaps: for the biggest stories, the outlets that carried nothing about them.
WITH big AS (
    SELECT story_id, label FROM analytics.stories ORDER BY article_count DESC LIMIT 5
), outlets AS (
    SELECT DISTINCT source_key FROM analytics.source_coverage
)
SELECT b.label, o.source_key AS silent_outlet
  FROM big b CROSS JOIN outlets o
 WHERE NOT EXISTS (SELECT 1 FROM analytics.story_timeline t
                    WHERE t.story_id = b.story_id AND o.source_key = ANY(t.outlets))
 ORDER BY b.label, o.source_key;
