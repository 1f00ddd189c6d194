-- Each visible member's latest position, the newest fix among their terminals (counted per
-- grid cell below z 12). Members see only themselves. $1 scope root, $2 own member id, $3 z, $4 x, $5 y.
SELECT DISTINCT ON (m.id)
       m.id AS fid, m.id, m.name, m.org_id AS "orgId",
       to_char(d.last_fix_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS time,
       ST_Transform(d.last_geom, 3857) AS geom
  FROM device d
  JOIN member m ON m.id = d.member_id
  JOIN org o ON o.id = m.org_id
 WHERE d.last_geom && tile_bbox_4326($3, $4, $5)
   AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
 ORDER BY m.id, d.last_fix_at DESC
