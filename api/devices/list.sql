-- Terminals bound to members the caller may see, with their organisation's seat and a few work
-- places near it (sites and zone centres within 10 km): what a device manager looks at, and what
-- the simulator drives members between. $1 scope root, $2 own member id, $3 protocol or NULL,
-- $4 limit.
SELECT d.id, d.terminal_id AS "terminalId", d.protocol, m.id AS "memberId", m.name AS "memberName",
       o.id AS "orgId", o.name AS "orgName", d.last_fix_at AS "lastFixAt",
       (d.last_fix_at IS NOT NULL AND d.last_fix_at > now() - d.offline_after) AS online,
       ARRAY[ST_X(o.geom), ST_Y(o.geom)] AS seat,
       coalesce((
         SELECT json_agg(ARRAY[ST_X(p.g), ST_Y(p.g)])
           FROM (
             -- The index orders candidates (planar KNN); the geodesic test decides.
             (SELECT c.geom AS g
                FROM (SELECT s.geom FROM site s ORDER BY s.geom <-> o.geom LIMIT 10) c
               WHERE ST_DWithin(c.geom::geography, o.geom::geography, 10000)
               LIMIT 3)
             UNION ALL
             (SELECT ST_PointOnSurface(z.geom) FROM zone z
               WHERE z.org_id = o.id AND ST_DWithin(z.geom::geography, o.geom::geography, 10000)
               LIMIT 2)
           ) p
       ), '[]'::json) AS places
  FROM device d
  JOIN member m ON m.id = d.member_id
  JOIN org o ON o.id = m.org_id
 WHERE ($3::text IS NULL OR d.protocol = $3)
   AND o.geom IS NOT NULL
   AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
 ORDER BY d.id
 LIMIT $4
