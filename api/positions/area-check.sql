-- Whether a drawn area is valid geometry, before area.sql intersects it with positions (GEOS
-- would raise on a self-intersecting polygon). $1 GeoJSON geometry.
SELECT valid, reason FROM ST_IsValidDetail(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))
