-- One member's fixes between $4 and $5 in time order, if the caller may see the member:
-- $1 scope root, $2 own member id, $3 member id. Partition pruning keeps this to the months asked.
SELECT ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.time, p.speed_kmh AS "speedKmh", p.device_id AS "deviceId"
  FROM position p
 WHERE p.member_id = $3 AND p.time >= $4 AND p.time < $5
   AND EXISTS (SELECT 1 FROM member m JOIN org o ON o.id = m.org_id
                WHERE m.id = $3 AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint))
 ORDER BY p.time
 LIMIT 200000
