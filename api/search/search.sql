-- Name search across everything the caller may see, best matches first: exact name, then prefix,
-- then substring, shorter names before longer. $1 scope root, $2 own member id, $3 ILIKE pattern
-- (already escaped, with its % wildcards), $4 the raw text for ranking, $5 limit.
-- A plain ILIKE scan is fine at prefecture scale; a national deployment adds pg_trgm GIN indexes.
WITH hits AS (
  SELECT 'org' AS kind, o.id, o.name, o.kind AS detail, o.geom AS geom
    FROM org o
   WHERE org_in_scope(o.path, $1::ltree, $2::bigint) AND o.name ILIKE $3
  UNION ALL
  SELECT 'zone', z.id, z.name, o.name, z.geom
    FROM zone z JOIN org o ON o.id = z.org_id
   WHERE org_in_scope(o.path, $1::ltree, $2::bigint) AND z.name ILIKE $3
  UNION ALL
  SELECT 'joint_point', j.id, j.name, a.name, j.geom
    FROM joint_point j JOIN admin_area a ON a.code = j.county_code
   WHERE j.name ILIKE $3
     AND EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                  WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint))
  UNION ALL
  SELECT 'site', s.id, s.name, a.name, s.geom
    FROM site s JOIN admin_area a ON a.code = s.county_code LEFT JOIN org o ON o.id = s.org_id
   WHERE s.name ILIKE $3 AND (s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint))
  UNION ALL
  -- A member is found by name; their place on the map is their latest fix, if any.
  SELECT 'member', m.id, m.name, o.name,
         (SELECT d.last_geom FROM device d WHERE d.member_id = m.id AND d.last_geom IS NOT NULL
           ORDER BY d.last_fix_at DESC LIMIT 1)
    FROM member m JOIN org o ON o.id = m.org_id
   WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint) AND m.name ILIKE $3
  UNION ALL
  SELECT 'county', a.code::int, a.name, a.level, a.geom
    FROM admin_area a
   WHERE a.name ILIKE $3
)
SELECT kind, id, name, detail,
       CASE WHEN geom IS NULL THEN NULL
            ELSE json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 6),
                                  round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)) END AS center,
       CASE WHEN geom IS NULL OR GeometryType(geom) = 'POINT' THEN NULL
            ELSE json_build_array(round(ST_XMin(geom)::numeric, 6), round(ST_YMin(geom)::numeric, 6),
                                  round(ST_XMax(geom)::numeric, 6), round(ST_YMax(geom)::numeric, 6)) END AS bbox
  FROM hits
 ORDER BY (name = $4) DESC, (name ILIKE $4 || '%') DESC, length(name), kind, id
 LIMIT $5
