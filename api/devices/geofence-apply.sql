-- Writes a batch's geofence decisions (api/devices/geofence.ts): the events, then the presence
-- rows. $1..$7 the events as parallel arrays; $8/$9 the pairs inside with a new entry (member,
-- zone), $10 their entry times; $11/$12 the pairs left.
WITH events AS (
  INSERT INTO zone_event (member_id, zone_id, device_id, kind, at, geom)
  SELECT e.member_id, e.zone_id, e.device_id, e.kind, e.at, ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326)
    FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::timestamptz[], $6::float8[], $7::float8[])
      AS e(member_id, zone_id, device_id, kind, at, lon, lat)
  ON CONFLICT DO NOTHING
),
gone AS (
  DELETE FROM zone_presence p
   USING unnest($11::bigint[], $12::bigint[]) AS g(member_id, zone_id)
   WHERE p.member_id = g.member_id AND p.zone_id = g.zone_id
)
INSERT INTO zone_presence (member_id, zone_id, entered_at)
SELECT * FROM unnest($8::bigint[], $9::bigint[], $10::timestamptz[])
ON CONFLICT (member_id, zone_id) DO UPDATE SET entered_at = EXCLUDED.entered_at;
