-- Joint-building points linked to at least one organisation in scope.
-- $1 scope root, $2 own member id, $3 z, $4 x, $5 y.
SELECT j.id AS fid, j.id, j.name, j.county_code::text AS "countyCode",
       (SELECT count(*) FROM joint_point_partner p WHERE p.joint_point_id = j.id)::int AS "partnerCount",
       ST_Transform(j.geom, 3857) AS geom
  FROM joint_point j
 WHERE j.geom && tile_bbox_4326($3, $4, $5)
   AND EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint))
