-- Headline counts for the big screen, all within the caller's scope. A member counts as online
-- when one of their terminals reported within its offline_after window.
-- $1 scope root, $2 own member id.
WITH orgs AS (
  SELECT o.kind FROM org o WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
), members AS (
  SELECT m.id FROM member m JOIN org o ON o.id = m.org_id
   WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint) AND m.status IN ('full', 'probationary')
)
SELECT
  (SELECT count(*) FROM orgs)::int AS "orgTotal",
  (SELECT coalesce(json_object_agg(kind, n), '{}'::json)
     FROM (SELECT kind, count(*)::int AS n FROM orgs GROUP BY kind) k) AS "orgsByKind",
  (SELECT count(*) FROM members)::int AS members,
  (SELECT count(DISTINCT d.member_id) FROM device d JOIN members m ON m.id = d.member_id
    WHERE d.last_fix_at > now() - d.offline_after)::int AS "onlineMembers",
  (SELECT count(*) FROM joint_point j
    WHERE EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                   WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint)))::int AS "jointPoints",
  (SELECT count(*) FROM zone z JOIN org o ON o.id = z.org_id
    WHERE org_in_scope(o.path, $1::ltree, $2::bigint))::int AS zones,
  (SELECT count(*) FROM site s LEFT JOIN org o ON o.id = s.org_id
    WHERE s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint))::int AS sites,
  (SELECT round(coalesce(sum(ST_Length(b.geom::geography)), 0)::numeric / 1000, 1)::float8 FROM border b) AS "borderKm",
  (SELECT count(*) FROM admin_area WHERE level = 'county')::int AS counties,
  now() AS "asOf"
