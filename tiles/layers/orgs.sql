-- Organisations in the caller's subtree with their member counts. $1 scope root, $2 own member
-- id, $3 z, $4 x, $5 y.
SELECT o.id AS fid, o.id, o.name, o.kind, o.star, o.county_code::text AS "countyCode",
       (SELECT count(*) FROM member m
         WHERE m.org_id = o.id AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint))::int AS "memberCount",
       ST_Transform(o.geom, 3857) AS geom
  FROM org o
 WHERE o.geom && tile_bbox_4326($3, $4, $5)
   AND org_in_scope(o.path, $1::ltree, $2::bigint)
