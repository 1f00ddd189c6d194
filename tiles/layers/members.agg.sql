-- Visible members counted per grid cell (z < 12), like sites.agg.sql; a member with several
-- terminals counts once, at their newest fix. $1 root, $2 own member id, $3 z, $4 x, $5 y.
WITH t AS (
  SELECT ST_TileEnvelope($3, $4, $5) AS env, tile_bbox_4326($3, $4, $5, 4096, 0) AS bbox
), pts AS (
  SELECT DISTINCT ON (m.id) ST_Transform(d.last_geom, 3857) AS g
    FROM device d
    JOIN member m ON m.id = d.member_id
    JOIN org o ON o.id = m.org_id, t
   WHERE d.last_geom && t.bbox
     AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
   ORDER BY m.id, d.last_fix_at DESC
)
SELECT count(*)::int AS count, true AS cluster,
       ST_SetSRID(ST_MakePoint(avg(ST_X(p.g)), avg(ST_Y(p.g))), 3857) AS geom
  FROM pts p, t
 WHERE ST_X(p.g) >= ST_XMin(t.env) AND ST_X(p.g) < ST_XMax(t.env)
   AND ST_Y(p.g) > ST_YMin(t.env) AND ST_Y(p.g) <= ST_YMax(t.env)
 GROUP BY floor((ST_X(p.g) - ST_XMin(t.env)) * 16 / (ST_XMax(t.env) - ST_XMin(t.env))),
          floor((ST_YMax(t.env) - ST_Y(p.g)) * 16 / (ST_XMax(t.env) - ST_XMin(t.env)))
