-- Writes a checked zone and its first version. $1 GeoJSON geometry, $2 owner org, $3 name,
-- $4 kind, $5 valid from (NULL = today), $6 valid to, $7 user id.
WITH z AS (
  INSERT INTO zone (org_id, name, kind, valid_from, valid_to, geom, updated_by)
  VALUES ($2, $3, $4, coalesce($5::date, current_date), $6::date,
          ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)), $7)
  RETURNING *
), v AS (
  INSERT INTO zone_version (zone_id, version, name, kind, geom, changed_by)
  SELECT id, version, name, kind, geom, updated_by FROM z
)
SELECT id, version FROM z
