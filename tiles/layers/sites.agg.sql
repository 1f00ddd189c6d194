-- Sites counted per grid cell (z < 12): a raw low-zoom tile over a million sites would be
-- megabytes. Cells are 1/16 of the tile (32 screen pixels at 512 px tiles), floored from the
-- tile's own corner so each site falls in exactly one tile and cell; the point is the cell's
-- mean position. No buffer: a cell belongs to one tile. $1 root, $2 own member id, $3 z, $4 x, $5 y.
WITH t AS (
  SELECT ST_TileEnvelope($3, $4, $5) AS env, tile_bbox_4326($3, $4, $5, 4096, 0) AS bbox
), pts AS (
  SELECT ST_Transform(s.geom, 3857) AS g
    FROM site s
    LEFT JOIN org o ON o.id = s.org_id, t
   WHERE s.geom && t.bbox
     AND (s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint))
)
SELECT count(*)::int AS count, true AS cluster,
       ST_SetSRID(ST_MakePoint(avg(ST_X(p.g)), avg(ST_Y(p.g))), 3857) AS geom
  FROM pts p, t
 WHERE ST_X(p.g) >= ST_XMin(t.env) AND ST_X(p.g) < ST_XMax(t.env)
   AND ST_Y(p.g) > ST_YMin(t.env) AND ST_Y(p.g) <= ST_YMax(t.env)
 GROUP BY floor((ST_X(p.g) - ST_XMin(t.env)) * 16 / (ST_XMax(t.env) - ST_XMin(t.env))),
          floor((ST_YMax(t.env) - ST_Y(p.g)) * 16 / (ST_XMax(t.env) - ST_XMin(t.env)))
