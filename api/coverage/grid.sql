-- The area analysis: a hexagonal grid (ST_HexagonGrid in UTM zone 48N, EPSG:32648, which spans
-- Wenshan's 103.5–106.2°E, so cells are true metres across) over the counties of the subtree;
-- per cell the distance from its centre to the nearest organisation of the subtree (or
-- hypothetical one; sphere metres as in sites.sql) and the uncovered sites inside it. A cell
-- whose centre is farther than the radius is a blind spot.
-- $1 scope root, $2 own member id, $3 org id, $4 cell size (metres, centre to corner), $5 date,
-- $6 hypothetical organisations (jsonb [[lon, lat], …]), $7 uncovered site ids, $8 radius (metres).
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), area AS (
  SELECT ST_Transform(ST_Union(a.geom), 32648) AS geom
    FROM admin_area a
   WHERE a.code IN (SELECT o.county_code FROM org o JOIN target t ON o.path <@ t.path)
), hypo AS (
  SELECT ST_SetSRID(ST_MakePoint((h ->> 0)::float8, (h ->> 1)::float8), 4326)::geography AS g
    FROM jsonb_array_elements($6::jsonb) h
), cells AS (
  SELECT h.i, h.j, ST_Transform(h.geom, 4326) AS geom, ST_Transform(ST_Centroid(h.geom), 4326) AS centre
    FROM area a CROSS JOIN LATERAL ST_HexagonGrid($4::float8, a.geom) h
   WHERE ST_Intersects(h.geom, a.geom)
), judged AS (
  SELECT c.*, least(n.d, (SELECT min(ST_Distance(h.g, c.centre::geography, false)) FROM hypo h)) AS d
    FROM cells c
   CROSS JOIN target t
    LEFT JOIN LATERAL (
      SELECT ST_Distance(o.geom::geography, c.centre::geography, false) AS d
        FROM org o
       WHERE o.path <@ t.path AND o.geom IS NOT NULL AND (o.established IS NULL OR o.established <= $5::date)
       ORDER BY o.geom::geography <-> c.centre::geography
       LIMIT 1) n ON true
)
SELECT j.i, j.j, round(ST_X(j.centre)::numeric, 6)::float8 AS lon, round(ST_Y(j.centre)::numeric, 6)::float8 AS lat,
       (SELECT a.code FROM admin_area a WHERE a.level = 'county' AND ST_Intersects(a.geom, j.centre) ORDER BY a.code LIMIT 1) AS county,
       round(j.d::numeric, 1)::float8 AS "nearestOrgM", coalesce(j.d > $8::float8, true) AS blind,
       (SELECT count(*) FROM site s WHERE s.id = ANY($7::bigint[]) AND ST_Intersects(s.geom, j.geom))::int AS "uncoveredSites",
       ST_AsGeoJSON(j.geom, 6)::json AS geometry
  FROM judged j
 ORDER BY j.i, j.j
