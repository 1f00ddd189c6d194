-- Scoped responsibility zones as GeoJSON. $1 scope root, $2 own member id, $3..$6 bbox, $7 limit.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(x.f ORDER BY x.id), '[]'::json)
)::text AS fc
FROM (
  SELECT z.id, json_build_object(
    'type', 'Feature', 'id', z.id,
    'geometry', ST_AsGeoJSON(z.geom, 6)::json,
    'properties', json_build_object(
      'id', z.id, 'name', z.name, 'kind', z.kind, 'orgId', z.org_id, 'orgName', o.name,
      'validFrom', z.valid_from, 'validTo', z.valid_to, 'version', z.version,
      'active', z.valid_from <= current_date AND (z.valid_to IS NULL OR z.valid_to >= current_date),
      'memberCount', (SELECT count(*) FROM zone_member zm WHERE zm.zone_id = z.id))
  ) AS f
  FROM zone z
  JOIN org o ON o.id = z.org_id
  WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
    AND ($3::float8 IS NULL OR z.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
  ORDER BY z.id
  LIMIT $7
) x
