-- What an organisation's subtree has on the ground, for the portrait and its mini-map: active
-- zones (simplified for a small map: 0.0005° is a drawing tolerance, not a distance), linked joint
-- points, vanguard teams and terminals (online by terminal_online(), migrations/0013).
-- Lists stop at $5 entries; the counts are complete.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of time, $5 list limit.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), orgs AS (
  SELECT o.id FROM org o JOIN target t ON o.path <@ t.path WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
), zones AS (
  SELECT z.id, z.name, z.kind, z.org_id, z.geom
    FROM zone z JOIN orgs o ON o.id = z.org_id
   WHERE z.valid_from <= ($4::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
     AND (z.valid_to IS NULL OR z.valid_to >= ($4::timestamptz AT TIME ZONE 'Asia/Shanghai')::date)
), points AS (
  SELECT DISTINCT j.id, j.name, j.geom, j.established
    FROM joint_point j JOIN joint_point_org jo ON jo.joint_point_id = j.id JOIN orgs o ON o.id = jo.org_id
), teams AS (
  SELECT v.id, v.name, v.focus, v.org_id, (SELECT count(*) FROM vanguard_team_member tm WHERE tm.team_id = v.id)::int AS members
    FROM vanguard_team v JOIN orgs o ON o.id = v.org_id
)
SELECT (SELECT count(*) FROM zones)::int AS "zoneCount",
       (SELECT coalesce(json_agg(json_build_object(
                 'id', z.id, 'name', z.name, 'kind', z.kind, 'orgId', z.org_id,
                 'members', (SELECT count(*) FROM zone_member zm WHERE zm.zone_id = z.id),
                 'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(z.geom, 0.0005), 5)::json) ORDER BY z.id), '[]')
          FROM (SELECT * FROM zones ORDER BY id LIMIT $5) z) AS zones,
       (SELECT count(*) FROM points)::int AS "jointPointCount",
       (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'established', p.established,
                 'geometry', ST_AsGeoJSON(p.geom, 6)::json) ORDER BY p.id), '[]')
          FROM (SELECT * FROM points ORDER BY id LIMIT $5) p) AS "jointPoints",
       (SELECT count(*) FROM teams)::int AS "teamCount",
       (SELECT coalesce(json_agg(json_build_object('id', v.id, 'name', v.name, 'focus', v.focus, 'orgId', v.org_id,
                 'members', v.members) ORDER BY v.id), '[]')
          FROM (SELECT * FROM teams ORDER BY id LIMIT $5) v) AS teams,
       (SELECT json_build_object('total', count(*)::int,
                                 'online', (count(*) FILTER (WHERE terminal_online(d.last_fix_at, $4::timestamptz)))::int)
          FROM device d JOIN orgs o ON o.id = d.org_id) AS devices
