-- A member's recent track for the portrait's mini-map: the fixes of the 24 hours up to their
-- latest one, thinned to at most about 2,000 points. $1 member id.
WITH latest AS (SELECT max(last_fix_at) AS t FROM device WHERE member_id = $1),
fixes AS (
  SELECT p.geom, p.time, row_number() OVER (ORDER BY p.time) AS n, count(*) OVER () AS total
    FROM position p, latest l
   WHERE p.member_id = $1 AND p.time > l.t - interval '24 hours' AND p.time <= l.t
)
SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, time
  FROM fixes
 WHERE (n - 1) % greatest(1, ceil(total / 2000.0)::int) = 0 OR n = total
 ORDER BY time
