-- Prefecture and county outlines, simplified to a tile pixel. Public. $1 z, $2 x, $3 y.
SELECT a.code::int AS fid, a.code::text AS code, a.name, a.level,
       ST_SimplifyPreserveTopology(ST_Transform(a.geom, 3857), tile_pixel_m($1)) AS geom
  FROM admin_area a
 WHERE a.geom && tile_bbox_4326($1, $2, $3)
