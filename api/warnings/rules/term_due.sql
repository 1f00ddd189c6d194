-- 换届 due within 90 days (warning) or overdue (critical), by the organisation's term_end against
-- asOf's date in Asia/Shanghai. $1 asOf.
WITH t AS (
  SELECT ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today
)
SELECT 'term_due'::text AS rule, 'org'::text AS subject_kind, o.id::bigint AS subject_id,
       ''::text AS topic, o.id::bigint AS org_id,
       jsonb_build_object('termEnd', o.term_end, 'daysLeft', o.term_end - t.today) AS figure,
       CASE WHEN o.term_end < t.today THEN 'critical' ELSE 'warning' END::text AS severity,
       o.term_end AS due
  FROM org o
 CROSS JOIN t
 WHERE o.term_end <= t.today + 90
