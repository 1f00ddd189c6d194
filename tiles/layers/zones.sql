-- Responsibility zones of organisations in scope. $1 scope root, $2 own member id, $3 z, $4 x, $5 y.
SELECT z.id AS fid, z.id, z.name, z.kind, z.org_id AS "orgId", o.name AS "orgName",
       ST_SimplifyPreserveTopology(ST_Transform(z.geom, 3857), tile_pixel_m($3)) AS geom
  FROM zone z
  JOIN org o ON o.id = z.org_id
 WHERE z.geom && tile_bbox_4326($3, $4, $5)
   AND org_in_scope(o.path, $1::ltree, $2::bigint)
