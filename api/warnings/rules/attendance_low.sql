-- Attendance below 80 % (DESIGN §5): over the org_life events of an organisation that ended in the
-- 90 days before asOf, present / recorded (every attendance row: present, absent, leave) < 0.8;
-- critical below 0.6. Events without attendance rows say nothing and are left out. $1 asOf.
WITH t AS (
  -- 90 local days back: Shanghai has no DST, and local arithmetic ignores the session's TimeZone.
  SELECT $1::timestamptz AS as_of,
         (($1::timestamptz AT TIME ZONE 'Asia/Shanghai') - interval '90 days') AT TIME ZONE 'Asia/Shanghai' AS since
), counts AS (
  SELECT l.org_id, count(DISTINCT l.id) AS events,
         count(*) FILTER (WHERE a.status = 'present') AS present, count(*) AS recorded
    FROM t
    JOIN org_life l ON l.ends_at > t.since AND l.ends_at <= t.as_of
    JOIN attendance a ON a.org_life_id = l.id
   GROUP BY l.org_id
)
SELECT 'attendance_low'::text AS rule, 'org'::text AS subject_kind, c.org_id::bigint AS subject_id,
       ''::text AS topic, c.org_id::bigint AS org_id,
       jsonb_build_object('rate', round(c.present::numeric / c.recorded, 3), 'events', c.events,
                          'present', c.present, 'recorded', c.recorded,
                          'fromDate', (t.since AT TIME ZONE 'Asia/Shanghai')::date) AS figure,
       -- Integer comparisons, so that exactly 0.8 (or 0.6) never falls on the wrong side by rounding.
       CASE WHEN c.present * 5 < c.recorded * 3 THEN 'critical' ELSE 'warning' END::text AS severity,
       (life_period('month', t.as_of) + interval '1 month' - interval '1 day')::date AS due
  FROM counts c
 CROSS JOIN t
 WHERE c.present * 5 < c.recorded * 4
