-- 预备党员 overdue for 转正: a probationary member whose year of probation (joined_date + 1 year)
-- ended before asOf's date; critical more than 90 days over. On the member's organisation, so the
-- scoped lists find it. $1 asOf.
WITH t AS (
  SELECT ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today
)
SELECT 'probation_overdue'::text AS rule, 'member'::text AS subject_kind, m.id::bigint AS subject_id,
       ''::text AS topic, m.org_id::bigint AS org_id,
       jsonb_build_object('joinedDate', m.joined_date, 'dueDate', d.due, 'daysOverdue', t.today - d.due) AS figure,
       CASE WHEN t.today - d.due > 90 THEN 'critical' ELSE 'warning' END::text AS severity,
       d.due
  FROM member m
 CROSS JOIN t
 CROSS JOIN LATERAL (SELECT (m.joined_date + interval '1 year')::date AS due) d
 WHERE m.status = 'probationary'
   AND d.due < t.today
