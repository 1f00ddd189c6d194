-- Org-life attendance in an organisation's subtree this year (Asia/Shanghai), by month. The rate
-- is present / recorded, where recorded counts every attendance row (present, absent and leave:
-- 应到 includes those on leave); `beidou` counts the presences filled in by the geofence (无感考勤).
-- $1 scope root, $2 own member id, $3 org id, $4 as-of time.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), clock AS (
  SELECT $4::timestamptz AS as_of,
         make_timestamptz(extract(year FROM d)::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AS year_from
    FROM (SELECT (($4::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS d) x
), events AS (
  SELECT e.id, life_period('month', e.starts_at) AS month
    FROM org_life e
    JOIN org o ON o.id = e.org_id
    JOIN target t ON o.path <@ t.path
   CROSS JOIN clock c
   WHERE org_in_scope(o.path, $1::ltree, $2::bigint) AND e.starts_at >= c.year_from AND e.starts_at < c.as_of
)
SELECT to_char(e.month, 'YYYY-MM') AS month,
       count(DISTINCT e.id)::int AS events,
       count(a.member_id)::int AS recorded,
       count(*) FILTER (WHERE a.status = 'present')::int AS present,
       count(*) FILTER (WHERE a.status = 'leave')::int AS leave,
       count(*) FILTER (WHERE a.status = 'absent')::int AS absent,
       count(*) FILTER (WHERE a.status = 'present' AND a.source = 'beidou')::int AS beidou
  FROM events e
  LEFT JOIN attendance a ON a.org_life_id = e.id
 GROUP BY e.month
 ORDER BY e.month
