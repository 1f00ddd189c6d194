-- Org-life attendance in an organisation's subtree this year (Asia/Shanghai), by month. The rate
-- is present / recorded, where recorded counts every attendance row (present, absent and leave:
-- 应到 includes those on leave); `beidou` counts the presences filled in by the geofence (无感考勤).
-- Whole days before the as-of day come from life_tally (migrations/0011); the as-of day itself,
-- up to the as-of moment, from the events and their attendance counts.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of time.
WITH target AS (
  SELECT o.id, o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
     AND $2::bigint IS NULL -- tallies are whole subtrees: not for a member, who sees only themself
), clock AS (
  SELECT d AS today, date_trunc('year', d)::date AS year_start,
         d::timestamp AT TIME ZONE 'Asia/Shanghai' AS today_from
    FROM (SELECT (($4::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS d) x
), day_events AS MATERIALIZED (
  -- The as-of day's events so far, found by time (a day's worth), then kept if in the subtree:
  -- the other way round, the planner would walk every event of the subtree.
  SELECT e.* FROM clock c JOIN org_life e ON e.starts_at >= c.today_from AND e.starts_at < $4::timestamptz
), today_events AS (
  SELECT e.recorded, e.present, e.leave, e.absent, e.beidou
    FROM day_events e
    JOIN org o ON o.id = e.org_id
    JOIN target t ON o.path <@ t.path
), days AS (
  SELECT l.day, l.events, l.recorded, l.present, l.leave, l.absent, l.beidou
    FROM life_tally l JOIN target t ON l.org_id = t.id CROSS JOIN clock c
   WHERE l.day >= c.year_start AND l.day < c.today
  UNION ALL
  SELECT c.today, 1, e.recorded, e.present, e.leave, e.absent, e.beidou
    FROM today_events e CROSS JOIN clock c
)
SELECT to_char(day, 'YYYY-MM') AS month,
       sum(events)::int AS events, sum(recorded)::int AS recorded, sum(present)::int AS present,
       sum(leave)::int AS leave, sum(absent)::int AS absent, sum(beidou)::int AS beidou
  FROM days
 GROUP BY 1
HAVING sum(events) > 0
 ORDER BY 1
