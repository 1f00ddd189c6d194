-- No org life this month (DESIGN §5): an organisation below the committees with no org_life event
-- starting in asOf's calendar month (Asia/Shanghai) before asOf. Critical when the previous month,
-- which the organisation existed for in full, had none either. $1 asOf.
WITH t AS (
  SELECT $1::timestamptz AS as_of,
         ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today,
         life_period('month', $1::timestamptz) AS month_start
), b AS (
  -- Month bounds as instants: a local midnight in Shanghai, whatever the session's TimeZone.
  SELECT t.*,
         (t.month_start + interval '1 month' - interval '1 day')::date AS month_end,
         (t.month_start - interval '1 month')::date AS prev_start,
         t.month_start::timestamp AT TIME ZONE 'Asia/Shanghai' AS month_from,
         (t.month_start - interval '1 month') AT TIME ZONE 'Asia/Shanghai' AS prev_from
    FROM t
)
SELECT 'no_org_life_month'::text AS rule, 'org'::text AS subject_kind, o.id::bigint AS subject_id,
       ''::text AS topic, o.id::bigint AS org_id,
       jsonb_build_object('month', to_char(b.month_start, 'YYYY-MM'), 'daysLeft', b.month_end - b.today) AS figure,
       CASE WHEN (o.established IS NULL OR o.established <= b.prev_start)
                 AND NOT EXISTS (SELECT 1 FROM org_life l
                                  WHERE l.org_id = o.id AND l.starts_at >= b.prev_from AND l.starts_at < b.month_from)
            THEN 'critical'
            WHEN b.month_end - b.today > 7 THEN 'info'
            ELSE 'warning' END::text AS severity,
       b.month_end AS due
  FROM org o
 CROSS JOIN b
 WHERE o.kind <> 'committee'
   AND (o.established IS NULL OR o.established <= b.today)
   AND NOT EXISTS (SELECT 1 FROM org_life l
                    WHERE l.org_id = o.id AND l.starts_at >= b.month_from AND l.starts_at < b.as_of)
