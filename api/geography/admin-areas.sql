-- Administrative areas (public geography). $1..$4 optional bbox, $5 limit.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(x.f ORDER BY x.code), '[]'::json)
)::text AS fc
FROM (
  SELECT a.code, json_build_object(
    'type', 'Feature', 'id', a.code,
    'geometry', ST_AsGeoJSON(a.geom, 6)::json,
    'properties', json_build_object('code', a.code, 'name', a.name, 'level', a.level,
                                    'parentCode', a.parent_code,
                                    'areaKm2', round((ST_Area(a.geom::geography) / 1e6)::numeric, 1)::float8)
  ) AS f
  FROM admin_area a
  WHERE ($1::float8 IS NULL OR a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
  ORDER BY a.code
  LIMIT $5
) x
