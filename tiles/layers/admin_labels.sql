-- One label point per admin area, on its surface (a centroid can fall outside a concave county).
-- Public. $1 z, $2 x, $3 y.
SELECT a.code::int AS fid, a.code::text AS code, a.name, a.level,
       ST_Transform(ST_PointOnSurface(a.geom), 3857) AS geom
  FROM admin_area a
 WHERE ST_PointOnSurface(a.geom) && tile_bbox_4326($1, $2, $3)
