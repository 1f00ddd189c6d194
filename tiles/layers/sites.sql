-- Sites (counted per grid cell below z 12, see tiles/catalogue.ts). Owned sites are scoped
-- through their organisation; places without an owner are public. $1 scope root, $2 own member id, $3 z, $4 x, $5 y.
SELECT s.id AS fid, s.id, s.name, s.kind, s.county_code::text AS "countyCode",
       ST_Transform(s.geom, 3857) AS geom
  FROM site s
  LEFT JOIN org o ON o.id = s.org_id
 WHERE s.geom && tile_bbox_4326($3, $4, $5)
   AND (s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint))
