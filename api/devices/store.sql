-- One ingest batch in one statement: store the fixes, move each device's latest fix, record
-- BeiDou attendance, and return what the geofence must decide (api/devices/geofence.ts).
-- $1..$9 are parallel arrays, one element per fix; $10 the geofence leave margin in metres.
-- All sub-statements see the snapshot from before the statement, so `device.last_fix_at` read in
-- `fresh` is the watermark before this batch: fixes older than it (a blind-area backfill) are
-- stored but do not drive the geofence, whose state must advance in time order. Fixes more than
-- five minutes ahead of the clock (a terminal clock running fast) are stored as history but
-- become no device's latest fix and drive nothing: one of them would freeze the device's live
-- position and geofence until its time came.
WITH input AS (
  SELECT *
    FROM unnest($1::bigint[], $2::timestamptz[], $3::float8[], $4::float8[], $5::real[], $6::smallint[],
                $7::real[], $8::real[], $9::text[])
      AS t(device_id, time, lon, lat, speed_kmh, heading, altitude_m, accuracy_m, source)
),
-- Same device and time twice (a retransmission) is stored once: the first copy wins.
stored AS (
  INSERT INTO position (device_id, member_id, time, geom, speed_kmh, heading, altitude_m, accuracy_m, source)
  SELECT i.device_id, d.member_id, i.time, ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326),
         i.speed_kmh, i.heading, i.altitude_m, i.accuracy_m, i.source
    FROM input i
    JOIN device d ON d.id = i.device_id
   WHERE d.member_id IS NOT NULL
  ON CONFLICT (device_id, time) DO NOTHING
  RETURNING device_id, member_id, time, geom, speed_kmh, heading, accuracy_m, source
),
latest AS (
  UPDATE device d
     SET last_fix_at = l.time, last_geom = l.geom, last_speed_kmh = l.speed_kmh,
         last_heading = l.heading, last_accuracy_m = l.accuracy_m, last_source = l.source
    FROM (SELECT DISTINCT ON (device_id) * FROM stored
           WHERE time <= now() + interval '5 minutes' ORDER BY device_id, time DESC) l
   WHERE d.id = l.device_id AND (d.last_fix_at IS NULL OR l.time > d.last_fix_at)
  RETURNING d.id
),
-- 无感考勤: a fix within the event's radius of its place, inside its time window, by a member of
-- the organisation holding it. A record already there (say, a manual leave) is kept. Events are
-- narrowed to those open during the batch first (index on ends_at), then matched to its fixes.
open_events AS (
  SELECT e.id, e.org_id, e.starts_at, e.ends_at, e.geom, e.radius_m
    FROM org_life e
   WHERE e.geom IS NOT NULL
     AND e.ends_at >= (SELECT min(time) FROM stored) AND e.starts_at <= (SELECT max(time) FROM stored)
),
attended AS (
  INSERT INTO attendance (org_life_id, member_id, status, source)
  SELECT DISTINCT e.id, s.member_id, 'present', 'beidou'
    FROM open_events e
    JOIN member m ON m.org_id = e.org_id
    JOIN stored s ON s.member_id = m.id AND s.time BETWEEN e.starts_at AND e.ends_at
                 AND s.time <= now() + interval '5 minutes'
   WHERE ST_DWithin(e.geom::geography, s.geom::geography, e.radius_m)
  ON CONFLICT (org_life_id, member_id) DO NOTHING
  RETURNING org_life_id
),
fresh AS (
  SELECT s.*
    FROM stored s
    JOIN device d ON d.id = s.device_id
   WHERE (d.last_fix_at IS NULL OR s.time > d.last_fix_at) AND s.time <= now() + interval '5 minutes'
),
-- Zones a fresh fix lies in (zones in force on the fix's local date, UTC+8).
hits AS (
  SELECT DISTINCT f.member_id, z.id AS zone_id
    FROM fresh f
    JOIN zone z ON ST_Covers(z.geom, f.geom)
   WHERE z.valid_from <= (f.time AT TIME ZONE 'Asia/Shanghai')::date
     AND (z.valid_to IS NULL OR z.valid_to >= (f.time AT TIME ZONE 'Asia/Shanghai')::date)
),
-- Every zone the geofence must look at for a member: those hit now and those it is inside.
watched AS (
  SELECT member_id, zone_id FROM hits
  UNION
  SELECT p.member_id, p.zone_id FROM zone_presence p WHERE p.member_id IN (SELECT member_id FROM fresh)
),
candidates AS (
  SELECT f.member_id, f.device_id, f.time, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, w.zone_id,
         (p.member_id IS NOT NULL) AS present,
         i.inside,
         -- Leave only when clearly out: farther than the fix's own accuracy plus the margin. The
         -- geodesic distance to a polygon is the costly part, so only fixes outside pay for it.
         NOT i.inside AND NOT ST_DWithin(z.geom::geography, f.geom::geography, coalesce(f.accuracy_m, 0) + $10) AS clear
    FROM fresh f
    JOIN watched w ON w.member_id = f.member_id
    JOIN zone z ON z.id = w.zone_id
    CROSS JOIN LATERAL (SELECT ST_Covers(z.geom, f.geom) AS inside) i
    LEFT JOIN zone_presence p ON p.member_id = f.member_id AND p.zone_id = w.zone_id
)
SELECT n.stored, n.moved, n.attended, c.*
  FROM (SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM latest)::int AS moved,
               (SELECT count(*) FROM attended)::int AS attended) n
  LEFT JOIN candidates c ON true
 ORDER BY c.member_id, c.time, c.zone_id;
