-- Records an org-life event for an organisation in the caller's scope; returns nothing outside it.
-- $1 scope root, $2 own member id, $3 org id, $4 kind, $5 title, $6 starts, $7 ends, $8 place
-- name, $9 lon, $10 lat (both NULL: no place, so no BeiDou attendance), $11 radius (m), $12 user.
INSERT INTO org_life (org_id, kind, title, starts_at, ends_at, place_name, geom, radius_m, created_by)
SELECT o.id, $4, $5, $6, $7, $8,
       CASE WHEN $9::float8 IS NOT NULL THEN ST_SetSRID(ST_MakePoint($9::float8, $10::float8), 4326) END, $11, $12
  FROM org o
 WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
RETURNING id
