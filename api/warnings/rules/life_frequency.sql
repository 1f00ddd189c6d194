-- 三会一课 below the required frequency (DESIGN §5), one warning per organisation and kind of org
-- life (topic): the months or quarters (org_life_frequency) of asOf's year that have ended by asOf,
-- and that the organisation existed for in full (started on or after `established`), without an
-- event of that kind. Periods are Asia/Shanghai calendar periods (life_period). $1 asOf.
WITH t AS (
  SELECT $1::timestamptz AS as_of,
         date_trunc('year', $1::timestamptz AT TIME ZONE 'Asia/Shanghai') AS year_start
), freq AS (
  SELECT f.kind, f.period,
         CASE f.period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END AS step
    FROM org_life_frequency f
), periods AS (
  -- Month offsets 0..11 of the year (an integer series, whose size the planner knows), each the
  -- start of a month or, every third one, of a quarter; timestamps without time zone throughout.
  SELECT f.kind, f.period, f.step, p.start::date AS start,
         CASE f.period WHEN 'month' THEN to_char(p.start, 'YYYY-MM') ELSE to_char(p.start, 'YYYY-"Q"Q') END AS label
    FROM freq f
   CROSS JOIN t
   CROSS JOIN generate_series(0, 11) AS i
   CROSS JOIN LATERAL (SELECT t.year_start + make_interval(months => i) AS start) p
   WHERE (f.period = 'month' OR i % 3 = 0)
     AND (p.start + f.step) AT TIME ZONE 'Asia/Shanghai' <= t.as_of
), held AS (
  -- One pass over the year's events, each put in its period.
  SELECT DISTINCT l.org_id, l.kind, life_period(f.period, l.starts_at) AS start
    FROM t
    JOIN org_life l ON l.starts_at >= t.year_start AT TIME ZONE 'Asia/Shanghai' AND l.starts_at < t.as_of
    JOIN freq f ON f.kind = l.kind
)
SELECT 'life_frequency'::text AS rule, 'org'::text AS subject_kind, o.id::bigint AS subject_id,
       p.kind::text AS topic, o.id::bigint AS org_id,
       jsonb_build_object('kind', p.kind, 'period', p.period, 'required', count(*), 'held', count(h.start),
                          'missed', jsonb_agg(p.label ORDER BY p.start) FILTER (WHERE h.start IS NULL)) AS figure,
       CASE WHEN count(*) - count(h.start) >= 2 THEN 'critical' ELSE 'warning' END::text AS severity,
       (life_period(p.period, t.as_of) + p.step - interval '1 day')::date AS due
  FROM org o
 CROSS JOIN periods p
 CROSS JOIN t
  LEFT JOIN held h ON h.org_id = o.id AND h.kind = p.kind AND h.start = p.start
 WHERE o.kind <> 'committee'
   AND (o.established IS NULL OR p.start >= o.established)
 GROUP BY o.id, p.kind, p.period, p.step, t.as_of
HAVING count(h.start) < count(*)
