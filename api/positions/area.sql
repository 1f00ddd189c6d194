-- Who was inside an area between two times ("who was here on the 3rd between 9 and 11"), scoped:
-- $1 scope root, $2 own member id, $3 the area (GeoJSON, WGS84), $4 from, $5 to.
-- The GiST index on position.geom finds the fixes; partition pruning keeps to the months asked.
WITH area AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($3), 4326) AS g)
SELECT m.id AS "memberId", m.name, o.id AS "orgId", o.name AS "orgName",
       min(p.time) AS "firstAt", max(p.time) AS "lastAt", count(*)::int AS fixes
  FROM position p
  JOIN area a ON ST_Intersects(p.geom, a.g)
  JOIN member m ON m.id = p.member_id
  JOIN org o ON o.id = m.org_id
 WHERE p.time >= $4 AND p.time < $5
   AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
 GROUP BY m.id, m.name, o.id, o.name
 ORDER BY min(p.time)
 LIMIT 1000
