-- Sites as GeoJSON. Sites run by an organisation (tobacco stations, purchase points) are scoped
-- through it; places without an owner (villages, border posts, retail terminals) are public.
-- $1 scope root, $2 own member id, $3..$6 bbox, $7 limit.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(x.f ORDER BY x.id), '[]'::json)
)::text AS fc
FROM (
  SELECT s.id, json_build_object(
    'type', 'Feature', 'id', s.id,
    'geometry', ST_AsGeoJSON(s.geom, 6)::json,
    'properties', json_build_object('id', s.id, 'name', s.name, 'kind', s.kind,
                                    'countyCode', s.county_code, 'orgId', s.org_id)
  ) AS f
  FROM site s
  LEFT JOIN org o ON o.id = s.org_id
  WHERE (s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint))
    AND ($3::float8 IS NULL OR s.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
  ORDER BY s.id
  LIMIT $7
) x
