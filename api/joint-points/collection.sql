-- Joint-building points linked to at least one organisation in scope.
-- $1 scope root, $2 own member id, $3..$6 bbox, $7 limit.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(x.f ORDER BY x.id), '[]'::json)
)::text AS fc
FROM (
  SELECT j.id, json_build_object(
    'type', 'Feature', 'id', j.id,
    'geometry', ST_AsGeoJSON(j.geom, 6)::json,
    'properties', json_build_object(
      'id', j.id, 'name', j.name, 'countyCode', j.county_code, 'established', j.established,
      'partners', (SELECT json_agg(json_build_object('kind', p.partner_kind, 'name', p.partner_name) ORDER BY p.partner_name)
                     FROM joint_point_partner p WHERE p.joint_point_id = j.id))
  ) AS f
  FROM joint_point j
  WHERE EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                 WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint))
    AND ($3::float8 IS NULL OR j.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
  ORDER BY j.id
  LIMIT $7
) x
