-- Headline counts for the big screen, each over the scope its label names (scope.sql):
-- organisations, Party members, terminals, zones and joint points of the caller's organisations;
-- sites, border and counties of the scope's counties ($3, from scope.sql).
-- Party members (党员) are 正式 + 预备 (the tallies' `party`); candidates and activists are on the
-- roll but not counted. A member may know their own organisation's count (its direct members, as
-- the tree shows it) but sees only their own row; everyone else gets their subtree's tally.
-- Terminals are those of members in scope (a member: their own), online by terminal_online().
-- Sites are the public ones and those run by the scope's organisations, in the scope's counties;
-- border kilometres are the segments' km markers, as the border list and coverage give them.
-- $1 scope root, $2 own member id, $3 the scope's county codes.
WITH orgs AS (
  SELECT o.id, o.kind FROM org o WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
), terminals AS (
  SELECT d.last_fix_at FROM device d
    JOIN member m ON m.id = d.member_id
    JOIN org o ON o.id = m.org_id
   WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
)
SELECT
  (SELECT count(*) FROM orgs)::int AS "orgTotal",
  (SELECT coalesce(json_object_agg(kind, n), '{}'::json)
     FROM (SELECT kind, count(*)::int AS n FROM orgs GROUP BY kind) k) AS "orgsByKind",
  CASE WHEN $2::bigint IS NULL
       THEN (SELECT coalesce(sum(t.party), 0) FROM subtree_tally t JOIN org r ON r.id = t.org_id
              WHERE r.path = $1::ltree AND t.facet = 'status')
       ELSE (SELECT count(*) FROM member m JOIN org r ON r.id = m.org_id
              WHERE r.path = $1::ltree AND m.status IN ('full', 'probationary'))
  END::int AS members,
  (SELECT count(*) FROM terminals)::int AS terminals,
  (SELECT count(*) FILTER (WHERE terminal_online(last_fix_at, now())) FROM terminals)::int AS "onlineTerminals",
  (SELECT extract(epoch FROM terminal_online_window())::int / 60) AS "onlineWindowMinutes",
  (SELECT count(*) FROM joint_point j
    WHERE EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                   WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint)))::int AS "jointPoints",
  (SELECT count(*) FROM zone z JOIN orgs o ON o.id = z.org_id)::int AS zones,
  (SELECT count(*) FROM site s LEFT JOIN org o ON o.id = s.org_id
    WHERE s.county_code = ANY ($3::text[])
      AND (s.org_id IS NULL OR org_in_scope(o.path, $1::ltree, $2::bigint)))::int AS sites,
  (SELECT round(coalesce(sum(b.to_km - b.from_km), 0)::numeric, 1)::float8
     FROM border b WHERE b.county_code = ANY ($3::text[])) AS "borderKm",
  cardinality($3::text[]) AS counties,
  now() AS "asOf"
