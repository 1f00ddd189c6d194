-- The border's 1 km analysis segments (public geography). $1..$4 optional bbox, $5 limit.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(x.f ORDER BY x.seq), '[]'::json)
)::text AS fc
FROM (
  SELECT b.seq, json_build_object(
    'type', 'Feature', 'id', b.seq,
    'geometry', ST_AsGeoJSON(b.geom, 6)::json,
    'properties', json_build_object('seq', b.seq, 'fromKm', b.from_km, 'toKm', b.to_km,
                                    'countyCode', b.county_code)
  ) AS f
  FROM border b
  WHERE ($1::float8 IS NULL OR b.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
  ORDER BY b.seq
  LIMIT $5
) x
