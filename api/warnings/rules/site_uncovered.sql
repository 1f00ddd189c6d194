-- Site uncovered (DESIGN §5, coverage): a site neither inside an active zone nor within the
-- default radius (5 km, api/coverage/params.ts) of an organisation founded by asOf's date, on
-- the sphere as the coverage analysis measures. The warning goes to the site's own organisation,
-- or for a public site to the nearest organisation; critical beyond twice the radius. A month to
-- act (a new zone, a joint point, an organisation). $1 asOf.
WITH t AS (
  SELECT ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today, 5000::float8 AS r
)
SELECT 'site_uncovered'::text AS rule, 'site'::text AS subject_kind, s.id::bigint AS subject_id,
       ''::text AS topic, coalesce(s.org_id, n.id)::bigint AS org_id,
       jsonb_build_object('siteName', s.name, 'kind', s.kind, 'nearestOrgM', round(n.d::numeric), 'radiusM', t.r) AS figure,
       CASE WHEN n.d IS NULL OR n.d > 2 * t.r THEN 'critical' ELSE 'warning' END::text AS severity,
       t.today + 30 AS due
  FROM site s
 CROSS JOIN t
  LEFT JOIN LATERAL (
    SELECT o.id, ST_Distance(o.geom::geography, s.geom::geography, false) AS d
      FROM org o
     WHERE o.geom IS NOT NULL AND (o.established IS NULL OR o.established <= t.today)
     ORDER BY o.geom::geography <-> s.geom::geography
     LIMIT 1) n ON true
 WHERE coalesce(s.org_id, n.id) IS NOT NULL
   AND NOT coalesce(n.d <= t.r, false)
   AND NOT EXISTS (SELECT 1 FROM zone z
                    WHERE ST_Intersects(z.geom, s.geom) AND z.valid_from <= t.today
                      AND (z.valid_to IS NULL OR z.valid_to >= t.today))
