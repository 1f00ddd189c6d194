-- Coverage of the sites (demand points) of a subtree: a site is covered when it lies inside an
-- active zone of a counted kind (on its edge counts) or within the radius of its kind of an
-- organisation, distances on the sphere in metres (geography, use_spheroid false: the GiST index
-- and the TypeScript reference measure on the same sphere; WGS 84 differs by < 0.3 %). Each site
-- names what covers it (zone, or nearest organisation and its distance). Sites are those of the
-- subtree's counties that are public or run by its organisations; organisations are those of the
-- subtree founded by the date, plus hypothetical ones (what-if, not stored). The nearest
-- organisation is reported for the sites listed ($9: all, else only the uncovered).
-- $1 scope root, $2 own member id, $3 org id, $4 radius per site kind (jsonb, metres),
-- $5 zone kinds, $6 site kinds (NULL: all), $7 date, $8 hypothetical organisations (jsonb
-- [[lon, lat], …]), $9 list covered sites too (false: only the uncovered), $10 only these of the
-- subtree's counties (NULL: all; the analysis runs a county per connection, two at a time).
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), counties AS (
  SELECT DISTINCT o.county_code FROM org o JOIN target t ON o.path <@ t.path
   WHERE o.county_code IS NOT NULL AND ($10::text[] IS NULL OR o.county_code = ANY($10::text[]))
), hypo AS MATERIALIZED (
  SELECT ST_SetSRID(ST_MakePoint((h ->> 0)::float8, (h ->> 1)::float8), 4326)::geography AS g
    FROM jsonb_array_elements($8::jsonb) h
), sites AS (
  SELECT s.id, s.name, s.kind, s.county_code, s.geom, (($4::jsonb) ->> s.kind)::float8 AS r
    FROM site s
    JOIN counties c ON c.county_code = s.county_code
    LEFT JOIN org so ON so.id = s.org_id
   CROSS JOIN target t
   WHERE (s.org_id IS NULL OR so.path <@ t.path)
     AND ($6::text[] IS NULL OR s.kind = ANY($6::text[]))
), rows AS (
  -- Inside a zone, else an organisation within the radius (one index probe; finding the nearest
  -- one, a KNN walk six times dearer, is left to the sites listed below), else a hypothetical one.
  -- Subtree tests use ltree_risparent(), the operator's function: as `<@` the planner would
  -- intersect every probe with the index entries of the whole subtree.
  SELECT s.id, s.name, s.kind, s.county_code, s.geom, s.r, z.id AS zone_id, h.m AS hypo_m,
         (z.id IS NOT NULL
          OR EXISTS (SELECT 1 FROM org o
                      WHERE ST_DWithin(o.geom::geography, s.geom::geography, s.r, false)
                        AND ltree_risparent(o.path, t.path) AND (o.established IS NULL OR o.established <= $7::date))
          OR coalesce(h.m <= s.r, false)) AS covered
    FROM sites s
   CROSS JOIN target t
    LEFT JOIN LATERAL (
      SELECT z.id FROM zone z
       WHERE ST_Intersects(z.geom, s.geom) AND z.kind = ANY($5::text[])
         AND z.valid_from <= $7::date AND (z.valid_to IS NULL OR z.valid_to >= $7::date)
         AND ltree_risparent((SELECT zo.path FROM org zo WHERE zo.id = z.org_id), t.path)
       ORDER BY z.id LIMIT 1) z ON true
   CROSS JOIN LATERAL (SELECT min(ST_Distance(h.g, s.geom::geography, false)) AS m FROM hypo h) h
), listed AS (
  SELECT r.*, n.id AS org_id, n.d AS org_m
    FROM rows r
   CROSS JOIN target t
    LEFT JOIN LATERAL (
      SELECT o.id, ST_Distance(o.geom::geography, r.geom::geography, false) AS d
        FROM org o
       WHERE ltree_risparent(o.path, t.path) AND o.geom IS NOT NULL
         AND (o.established IS NULL OR o.established <= $7::date)
       ORDER BY o.geom::geography <-> r.geom::geography
       LIMIT 1) n ON true
   WHERE $9::boolean OR NOT r.covered
)
SELECT (SELECT coalesce(json_agg(x ORDER BY x."countyCode", x.kind), '[]') FROM (
          SELECT county_code AS "countyCode", kind, count(*)::int AS total,
                 (count(*) FILTER (WHERE covered))::int AS covered
            FROM rows GROUP BY 1, 2) x) AS summary,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', r.id, 'name', r.name, 'kind', r.kind, 'countyCode', r.county_code,
                 'lon', round(ST_X(r.geom)::numeric, 6), 'lat', round(ST_Y(r.geom)::numeric, 6),
                 'covered', r.covered, 'zoneId', r.zone_id,
                 'nearestOrgId', r.org_id, 'nearestOrgM', round(r.org_m::numeric, 1),
                 'hypotheticalM', round(r.hypo_m::numeric, 1), 'radiusM', r.r) ORDER BY r.id), '[]')
          FROM listed r) AS sites
