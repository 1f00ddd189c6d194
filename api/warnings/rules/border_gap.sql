-- Border stretch uncovered (DESIGN §5, coverage): consecutive 1 km segments of one county, none
-- within 10 km (the default border radius, api/coverage/params.ts) of a joint point established by
-- asOf's date nor inside an active 强边固防 zone, longer than 5 km in all. The subject is the
-- stretch's first segment; the warning goes to the organisation nearest to it, critical from
-- 10 km. A month to act. $1 asOf.
WITH t AS (
  SELECT ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today, 10000::float8 AS rb, 5::float8 AS longer_than
), segments AS (
  SELECT b.seq, b.from_km, b.to_km, b.county_code, b.geom,
         NOT (EXISTS (SELECT 1 FROM joint_point j
                       WHERE ST_DWithin(j.geom::geography, b.geom::geography, t.rb, false) AND j.established <= t.today)
              OR EXISTS (SELECT 1 FROM zone z
                          WHERE z.kind = 'border_defence' AND ST_Intersects(z.geom, b.geom) AND z.valid_from <= t.today
                            AND (z.valid_to IS NULL OR z.valid_to >= t.today))) AS open
    FROM border b CROSS JOIN t
), runs AS (
  -- Gaps and islands: consecutive open segments of one county share seq − row_number.
  SELECT county_code, seq - row_number() OVER (PARTITION BY county_code ORDER BY seq) AS run, seq, from_km, to_km, geom
    FROM segments WHERE open
), stretches AS (
  SELECT county_code, min(seq) AS first_seq, min(from_km) AS from_km, max(to_km) AS to_km,
         sum(to_km - from_km) AS km
    FROM runs GROUP BY county_code, run
)
SELECT 'border_gap'::text AS rule, 'border'::text AS subject_kind, s.first_seq::bigint AS subject_id,
       ''::text AS topic, n.id::bigint AS org_id,
       jsonb_build_object('countyCode', s.county_code, 'fromKm', s.from_km, 'toKm', s.to_km, 'km', round(s.km::numeric, 1)) AS figure,
       CASE WHEN s.km >= 2 * t.longer_than THEN 'critical' ELSE 'warning' END::text AS severity,
       t.today + 30 AS due
  FROM stretches s
 CROSS JOIN t
  JOIN border b ON b.seq = s.first_seq
 CROSS JOIN LATERAL (
    SELECT o.id FROM org o WHERE o.geom IS NOT NULL
     ORDER BY o.geom::geography <-> b.geom::geography LIMIT 1) n
 WHERE s.km > t.longer_than
