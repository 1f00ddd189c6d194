-- Hours a member spent in each zone between $4 and $5 (duty hours for the member portrait), from
-- the geofence's enter/leave events: each enter runs to the next leave of the same zone, or to
-- now while still inside, clipped to the range. $1 scope root, $2 own member id, $3 member id.
WITH visible AS (
  SELECT m.id FROM member m JOIN org o ON o.id = m.org_id
   WHERE m.id = $3 AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
),
spells AS (
  SELECT e.zone_id, e.kind, e.at,
         lead(e.at) OVER (PARTITION BY e.zone_id ORDER BY e.at, e.kind) AS until
    FROM zone_event e
   WHERE e.member_id = (SELECT id FROM visible) AND e.at < $5
)
-- The geofence watches every active zone, so a member's spells may lie in zones of organisations
-- outside the caller's scope: those count in one row without id, name or kind.
SELECT CASE WHEN s.seen THEN s.zone_id END AS "zoneId",
       CASE WHEN s.seen THEN z.name END AS name,
       CASE WHEN s.seen THEN z.kind END AS kind,
       round((sum(extract(epoch FROM least(coalesce(s.until, now()), $5) - greatest(s.at, $4))) / 3600)::numeric, 2)::float8 AS hours,
       count(*)::int AS visits
  FROM (SELECT sp.*, org_in_scope(zo.path, $1::ltree, $2::bigint) AS seen
          FROM spells sp JOIN zone zz ON zz.id = sp.zone_id JOIN org zo ON zo.id = zz.org_id) s
  JOIN zone z ON z.id = s.zone_id
 WHERE s.kind = 'enter' AND coalesce(s.until, now()) > $4
 GROUP BY 1, 2, 3
 ORDER BY hours DESC
