-- One site, scoped like the collection. $1 scope root, $2 own member id, $3 site id.
SELECT s.id, s.name, s.kind, s.county_code AS "countyCode", a.name AS "countyName",
       s.org_id AS "orgId", o.name AS "orgName", ST_AsGeoJSON(s.geom, 6)::json AS geometry
  FROM site s
  JOIN admin_area a ON a.code = s.county_code
  LEFT JOIN org o ON o.id = s.org_id
 WHERE s.id = $3 AND (s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint))
