-- Latest fixes for the live map, scoped: $1 scope root, $2 own member id; $3 device ids that
-- moved (NULL: every device online at $4 by terminal_online(), the snapshot a new client starts
-- from, so the live layer starts with exactly the terminals the big screen counts online).
SELECT d.id AS "deviceId", m.id AS "memberId", m.name, m.org_id AS "orgId",
       ST_X(d.last_geom) AS lon, ST_Y(d.last_geom) AS lat, d.last_fix_at AS time,
       d.last_speed_kmh AS "speedKmh", d.last_heading AS heading
  FROM device d
  JOIN member m ON m.id = d.member_id
  JOIN org o ON o.id = m.org_id
 WHERE d.last_geom IS NOT NULL
   AND CASE WHEN $3::bigint[] IS NULL THEN terminal_online(d.last_fix_at, $4::timestamptz) ELSE d.id = ANY ($3::bigint[]) END
   AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
 ORDER BY d.last_fix_at DESC
 LIMIT 5000
