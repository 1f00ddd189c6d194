-- Scoped organisations as a GeoJSON FeatureCollection. $1 scope root, $2 own member id,
-- $3..$6 optional bbox, $7 limit.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(x.f ORDER BY x.id), '[]'::json)
)::text AS fc
FROM (
  SELECT o.id, json_build_object(
    'type', 'Feature', 'id', o.id,
    'geometry', ST_AsGeoJSON(o.geom, 6)::json,
    'properties', json_build_object(
      'id', o.id, 'name', o.name, 'kind', o.kind, 'category', o.category,
      'parentId', o.parent_id, 'countyCode', o.county_code, 'star', o.star,
      'standardised', o.standardised)
  ) AS f
  FROM org o
  WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
    AND o.geom IS NOT NULL
    AND ($3::float8 IS NULL OR o.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
  ORDER BY o.id
  LIMIT $7
) x
