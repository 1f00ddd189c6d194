-- Validates a zone before it is written. $1 root, $2 own member id, $3 GeoJSON geometry text,
-- $4 owner org id, $5 kind, $6 county tolerance (m), $7 largest shared area with another active
-- zone of the same owner and kind (m²). One row: whether the owner is in scope; PostGIS validity
-- with reason, location and ST_MakeValid's result as a suggestion (never applied); the geodesic
-- area; how far the zone reaches out of the owner's county (or the prefecture for county-less
-- owners), 0 when inside; and the first active same-owner, same-kind zone it overlaps by more
-- than $7.
WITH g AS (
  SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)) AS geom
), owner AS (
  SELECT o.id, o.county_code FROM org o WHERE o.id = $4 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), v AS (
  SELECT (ST_IsValidDetail(g.geom)).* FROM g
), county AS (
  SELECT a.geom FROM admin_area a, owner
   WHERE a.code = coalesce(owner.county_code, (SELECT code FROM admin_area WHERE level = 'prefecture' LIMIT 1))
)
SELECT (SELECT count(*) FROM owner) = 1 AS "ownerInScope",
       v.valid, v.reason,
       CASE WHEN v.location IS NULL THEN NULL ELSE ST_AsGeoJSON(v.location)::json END AS location,
       CASE WHEN v.valid THEN NULL ELSE
         ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(g.geom), 3), 7)::json
       END AS suggestion,
       CASE WHEN NOT v.valid THEN NULL ELSE ST_Area(g.geom::geography) END AS "areaM2",
       CASE WHEN NOT v.valid THEN NULL ELSE
         (SELECT CASE
                   WHEN ST_CoveredBy(g.geom, county.geom) THEN 0
                   -- Outside by less than the tolerance: inside the county grown by it.
                   WHEN ST_CoveredBy(g.geom, ST_Buffer(county.geom::geography, $6::float8)::geometry) THEN 0
                   ELSE ST_Area(ST_Difference(g.geom, county.geom)::geography)
                 END
            FROM county)
       END AS "outsideM2",
       CASE WHEN NOT v.valid THEN NULL ELSE
         (SELECT z.id FROM zone z
           WHERE z.org_id = $4 AND z.kind = $5 AND z.geom && g.geom
             AND (z.valid_to IS NULL OR z.valid_to >= current_date)
             AND ST_Relate(z.geom, g.geom, 'T********')
             AND ST_Area(ST_Intersection(z.geom, g.geom)::geography) > $7::float8
           ORDER BY z.id LIMIT 1)
       END AS "overlapsZone"
  FROM g, v
