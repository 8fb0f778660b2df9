-- Who met whom: visits, meetings and talks (CAMEO 04) that took place, with where and when.
SELECT e.event_date, array_to_string(e.source_names, ', ') AS who, array_to_string(e.target_names, ', ') AS whom,
       e.location_name AS place, count(*) AS reports
  FROM analytics.events e
 WHERE e.code = '04' AND NOT e.negated AND NOT e.future AND cardinality(e.source_names) > 0
 GROUP BY 1, 2, 3, 4
 ORDER BY reports DESC, e.event_date
 LIMIT 20;
