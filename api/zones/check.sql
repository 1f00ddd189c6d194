-- Validates a zone before it is written. $1 root, $2 own member id, $3 GeoJSON geometry text,
-- $4 owner org id. One row: whether the owner is in scope, PostGIS validity with reason and
-- location, whether it lies inside the owner's county (or the prefecture for county-less owners),
-- and the first same-owner zone whose interior it overlaps.
WITH g AS (
  SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)) AS geom
), owner AS (
  SELECT o.id, o.county_code FROM org o WHERE o.id = $4 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), v AS (
  SELECT (ST_IsValidDetail(g.geom)).* FROM g
)
SELECT (SELECT count(*) FROM owner) = 1 AS "ownerInScope",
       v.valid, v.reason,
       CASE WHEN v.location IS NULL THEN NULL ELSE ST_AsGeoJSON(v.location)::json END AS location,
       CASE WHEN NOT v.valid THEN NULL ELSE
         (SELECT ST_CoveredBy(g.geom, a.geom) FROM admin_area a, owner
           WHERE a.code = coalesce(owner.county_code, (SELECT code FROM admin_area WHERE level = 'prefecture' LIMIT 1)))
       END AS "insideCounty",
       CASE WHEN NOT v.valid THEN NULL ELSE
         (SELECT z.id FROM zone z WHERE z.org_id = $4 AND z.geom && g.geom
             AND ST_Relate(z.geom, g.geom, 'T********') LIMIT 1)
       END AS "overlapsZone"
  FROM g, v
