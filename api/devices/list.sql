-- Terminals the caller may see: those bound to members in scope, with their organisation's seat
-- and a few work places near it (sites and zone centres within 10 km) — what a device manager
-- looks at, and what the simulator drives members between — and, for administrators, terminals
-- not bound to anyone yet (auto-registered or unbound). $1 scope root, $2 own member id,
-- $3 protocol or NULL, $4 limit, $5 include unbound terminals, $6 one device id or NULL,
-- $7 may see phone numbers (a JT/T 808 terminal number is the SIM's phone number: masked alike).
SELECT d.id, CASE WHEN $7 THEN d.terminal_id ELSE mask_phone(d.terminal_id) END AS "terminalId", d.protocol, m.id AS "memberId", m.name AS "memberName",
       o.id AS "orgId", o.name AS "orgName", d.last_fix_at AS "lastFixAt",
       terminal_online(d.last_fix_at, now()) AS online,
       extract(epoch FROM d.offline_after)::float8 / 3600 AS "offlineHours",
       CASE WHEN d.last_geom IS NOT NULL
            THEN json_build_object('lon', ST_X(d.last_geom), 'lat', ST_Y(d.last_geom), 'time', d.last_fix_at) END
         AS "lastFix",
       CASE WHEN o.geom IS NOT NULL THEN ARRAY[ST_X(o.geom), ST_Y(o.geom)] END AS seat,
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
          WHERE o.geom IS NOT NULL
       ), '[]'::json) AS places
  FROM device d
  LEFT JOIN member m ON m.id = d.member_id
  LEFT JOIN org o ON o.id = m.org_id
 WHERE ($3::text IS NULL OR d.protocol = $3)
   AND ($6::bigint IS NULL OR d.id = $6)
   AND CASE WHEN d.member_id IS NULL THEN $5::boolean
            ELSE member_in_scope(o.path, m.id, $1::ltree, $2::bigint) END
 ORDER BY d.id
 LIMIT $4
