-- Sanctions and tariffs timeline: CAMEO 16 (reduce relations) and threats of them (13), by day.
SELECT d.event_day, d.code, d.reported, d.announced, d.denied
  FROM analytics.event_daily d
 WHERE d.code IN ('13', '16')
 ORDER BY d.event_day, d.code;
